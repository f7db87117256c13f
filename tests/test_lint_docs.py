"""docs/lint-rules.md and tests/lint_examples/: generated from the rules table, complete, and every example
lints as it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from casustafel.engine.lint import lint_text
from casustafel.engine.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "lint-rules.md"
BLOCK = re.compile(r"```yaml (CT\d{3}) (bad|good)\n(.*?)```", re.S)
EXPECT = re.compile(r"# expect: ([A-Z0-9 ]+)")


def blocks() -> list[tuple[str, str, str]]:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


SOURCES = [*(ROOT / "engine").glob("*.py"), *(ROOT / "game").rglob("*.py")]
RAISED = re.compile(r'"(CT\d{3})"')


def test_page_and_examples_are_generated_from_the_table():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "lint_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_code_that_can_be_raised_has_an_entry():
    raised = {(code, path.name) for path in SOURCES if path.name not in ("rules.py", "rule_examples.py")
              for code in RAISED.findall(path.read_text(encoding="utf-8"))}
    assert raised, "the scan finds the raise sites"
    assert {(code, name) for code, name in raised if code not in RULES} == set()


def test_every_entry_has_why_messages_and_examples():
    for rule in RULES.values():
        assert rule.what and rule.why and rule.messages, rule.code
        assert all(nl and en for nl, en in rule.messages.values()), rule.code
        assert (rule.bad is not None and rule.good is not None) or rule.example_note, rule.code


def test_page_documents_every_rule_with_both_examples():
    documented = {(code, kind) for code, kind, _ in blocks()}
    for code, rule in RULES.items():
        if rule.bad is not None:
            assert (code, "bad") in documented and (code, "good") in documented


def test_unreadable_file_is_ct000_in_one_line(tmp_path, capsys):
    from casustafel.game.cli.main import main

    (tmp_path / "oud.yaml").mkdir()  # the example the table gives for CT000
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "oud.yaml:1:1: CT000 error: Dit is een map, geen scenariobestand." in out[0]


@pytest.mark.parametrize("code, kind, text", blocks(), ids=lambda v: v if isinstance(v, str) and len(v) < 6 else "")
def test_example_on_the_page(code, kind, text, tmp_path):
    path = tmp_path / "voorbeeld.yaml"  # relative catalogue lookups need a real file
    path.write_text(text, encoding="utf-8")
    found = {(d.code, d.line) for d in lint_text(text, str(path))}
    want = {(c, n) for n, line in enumerate(text.splitlines(), start=1) for m in EXPECT.finditer(line)
            for c in m.group(1).split()}
    if kind == "good":
        assert found == set()
    else:
        assert found == want and any(c == code for c, _ in want)


def _raise_sites():
    """Every call that raises a code through the table: (file:line, code, variant, given fields)."""
    import ast

    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if name not in ("add", "diag", "diagnostic") or not isinstance(first, ast.Constant) \
                    or not RAISED.fullmatch(f'"{first.value}"'):
                continue
            at = 3 if name == "diagnostic" else 2
            variant = node.args[at] if len(node.args) > at else ast.Constant("")
            yield (f"{path.name}:{node.lineno}", first.value, variant,
                   {k.arg for k in node.keywords if k.arg} | ({"*"} if any(k.arg is None for k in node.keywords)
                                                            else set()))


def test_every_raise_site_names_a_variant_and_fills_its_fields():
    import ast
    import string

    sites = list(_raise_sites())
    assert len(sites) > 60, "the scan finds the raise sites"
    problems = []
    for where, code, variant, given in sites:
        rule = RULES[code]
        variants = [variant.value] if isinstance(variant, ast.Constant) else list(rule.messages)  # chosen at run time
        for v in variants:
            if v not in rule.messages:
                problems.append(f"{where}: {code} has no message {v!r}")
                continue
            wanted = {f for template in rule.messages[v] for _t, f, _s, _c in string.Formatter().parse(template) if f}
            missing = wanted - given - {"state"}  # `state` is made from `example`
            if missing and "*" not in given:
                problems.append(f"{where}: {code}/{v or 'default'} needs {sorted(missing)}")
    assert problems == []

"""docs/lint-rules.md: up to date with the examples, and every example in it lints as it says."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from casustafel.engine.lint import lint_text
from casustafel.engine.lint_rules import RULES

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "lint-rules.md"
BLOCK = re.compile(r"```yaml (CT\d{3}) (bad|good)\n(.*?)```", re.S)
EXPECT = re.compile(r"# expect: ([A-Z0-9 ]+)")


def blocks() -> list[tuple[str, str, str]]:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_page_is_generated_from_the_examples():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "tests" / "lint_examples" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert PAGE.read_text(encoding="utf-8") == module.build(), "run: python tests/lint_examples/make_docs.py"


def test_page_documents_every_rule_with_both_examples():
    documented = {(code, kind) for code, kind, _ in blocks()}
    for code in RULES:
        assert (code, "bad") in documented and (code, "good") in documented


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

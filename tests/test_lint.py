"""The linter: every rule's bad example gives exactly the expected codes at the expected lines, every good
example is clean under --strict, and the command behaves as documented (sorting, JSON, exit codes)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from casustafel.engine.lint import lint_file
from casustafel.engine.rules import RULES
from casustafel.game.cli.lint import main as lint_main
from casustafel.game.cli.main import main

EXAMPLES = Path(__file__).parent / "lint_examples"
EXPECT = re.compile(r"# expect: ([A-Z0-9 ]+)")
BAD = sorted(EXAMPLES.glob("CT*.bad.yaml"))
GOOD = sorted(EXAMPLES.glob("CT*.good.yaml"))


def expected(path: Path) -> set[tuple[str, int]]:
    return {(code, number) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            for match in EXPECT.finditer(line) for code in match.group(1).split()}


def test_every_rule_has_a_bad_and_a_good_example():
    codes = {p.name.split(".")[0] for p in BAD}
    assert {code for code, rule in RULES.items() if rule.bad is not None} == codes
    assert codes == {p.name.split(".")[0] for p in GOOD}


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_example_gives_exactly_the_expected_findings(path):
    code = path.name.split(".")[0]
    want = expected(path)
    assert (code, min(line for c, line in want if c == code)) in want
    assert {(d.code, d.line) for d in lint_file(path)} == want


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_example_is_clean_under_strict(path, capsys):
    assert lint_main(["--strict", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_output_is_sorted_one_line_per_finding_with_position(capsys):
    assert main(["lint", str(EXAMPLES / "CT103.bad.yaml"), str(EXAMPLES / "CT102.bad.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1]), int(s.split(":")[2])))
    assert re.match(r"^.+CT102\.bad\.yaml:\d+:\d+: CT102 error: ", lines[0])


def test_json_format(capsys):
    assert main(["lint", "--format", "json", str(EXAMPLES / "CT100.bad.yaml")]) == 0  # a warning only
    data = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["severity"], d["line"]) for d in data] == [("CT100", "warning", 28)]


def test_strict_makes_warnings_fail_and_info_never_does(capsys):
    assert main(["lint", str(EXAMPLES / "CT100.bad.yaml")]) == 0
    assert main(["lint", "--strict", str(EXAMPLES / "CT100.bad.yaml")]) == 1
    assert main(["lint", "--strict", str(EXAMPLES / "CT106.bad.yaml")]) == 0  # info: the analysis stopped
    assert "CT106 info" in capsys.readouterr().out


def test_summary_counts_in_dutch_plurals(capsys):
    assert main(["lint", str(EXAMPLES / "CT103.bad.yaml")]) == 1
    assert capsys.readouterr().err.strip() == "1 bestand: 3 fouten, 0 waarschuwingen"
    assert main(["lint", str(EXAMPLES / "CT100.bad.yaml"), str(EXAMPLES / "CT100.good.yaml")]) == 0
    assert capsys.readouterr().err.strip() == "2 bestanden: 0 fouten, 1 waarschuwing"


def test_missing_next_is_reported_once():
    findings = lint_file(EXAMPLES / "CT011.bad.yaml")
    assert [(d.code, d.message) for d in findings] == [("CT011", 'option 2 van sw mist de verplichte sleutel "next".')]


def test_messages_exist_in_english_from_the_same_entry():
    from casustafel.engine.rules import message_in

    (finding,) = lint_file(EXAMPLES / "CT024.bad.yaml")
    assert message_in(finding, "nl") == finding.message
    assert message_in(finding, "en") == 'option km_vraag: unknown heuristic "perspektief". Did you mean "perspectief"?'


def test_lint_speaks_english_on_request(capsys):
    assert main(["lint", "--lang", "en", str(EXAMPLES / "CT020.bad.yaml")]) == 1
    out = capsys.readouterr().out
    assert 'CT020 error: option sw_eigen: next refers to node "plna", which does not exist. Did you mean "plan"?' in out


def test_usage_errors_exit_2(capsys):
    assert lint_main(["geen/bestand.yaml"]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        lint_main([])
    assert exc.value.code == 2


def test_folder_lints_every_yaml_and_skips_catalogue(tmp_path, capsys):
    (tmp_path / "catalogue").mkdir()
    (tmp_path / "catalogue" / "frames.yaml").write_text("niet: [een scenario", encoding="utf-8")
    (tmp_path / "a.yaml").write_text((EXAMPLES / "CT100.good.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["lint", "--strict", str(tmp_path)]) == 0


def test_script_runs_standalone():
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "tools" / "scenario_lint.py"
    proc = subprocess.run([sys.executable, str(script), str(EXAMPLES / "CT101.bad.yaml")],
                          capture_output=True, text=True, cwd="/")
    assert proc.returncode == 1 and "CT101 error" in proc.stdout


SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
TELL_CODES = ("CT410", "CT411", "CT412")


def test_library_is_clean_apart_from_tells():
    findings = [d.format() for p in sorted(SCENARIOS.glob("*.yaml")) for d in lint_file(p) if d.code not in TELL_CODES]
    assert findings == []


def test_library_passes_strict(capsys):
    code = main(["lint", "--strict", str(SCENARIOS)])
    assert code == 0, capsys.readouterr().out


# -- casustafel new ------------------------------------------------------------------------------------
def test_new_scaffold_is_lint_clean_and_plays(tmp_path, capsys):
    from casustafel.engine.loader import load_scenario
    from casustafel.engine.simulate import simulate

    target = tmp_path / "mijn-casus.yaml"
    assert main(["new", str(target), "--title", "Ruud en de schulden"]) == 0
    text = target.read_text(encoding="utf-8")
    assert "id: mijn-casus" in text and 'title: "Ruud en de schulden"' in text and "# Een keuze" in text
    assert main(["lint", "--strict", str(target)]) == 0
    scenario = load_scenario(target).scenario
    report = simulate(scenario, runs=20)
    assert report.pair("coach").share("gedeeld_plan") == 1.0
    assert not [s for s in report.smells if s.id in ("no_ending", "coach_no_plan")]


def test_new_never_overwrites_without_force(tmp_path, capsys):
    target = tmp_path / "casus.yaml"
    target.write_text("mijn werk", encoding="utf-8")
    assert main(["new", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "mijn werk"
    assert "bestaat al" in capsys.readouterr().err
    assert main(["new", str(target), "--force"]) == 0
    assert main(["new", str(tmp_path / "casus.txt")]) == 2
    assert main(["new", str(tmp_path / "geen" / "map.yaml")]) == 1


# -- one finding per mistake ---------------------------------------------------------------------------
def _without_top_key(text: str, key: str) -> str:
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if re.match(r"^[a-z_]+:", line):
            skipping = line.startswith(f"{key}:")
        if not skipping:
            out.append(line)
    return "".join(out)


TOP_KEYS = ["casustafel", "id", "language", "title", "summary", "duration", "learning_goals", "client", "roles",
            "start", "nodes"]


@pytest.mark.parametrize("key", TOP_KEYS)
def test_a_missing_top_level_key_is_one_finding(key):
    from casustafel.engine.lint import lint_text
    from casustafel.engine.rule_examples import BASE

    found = [(d.code, d.message) for d in lint_text(_without_top_key(BASE, key))]
    assert found == [("CT011", f'het scenario mist de verplichte sleutel "{key}".')]


@pytest.mark.parametrize("key", ["id", "text", "next"])
def test_a_missing_option_key_is_one_finding(key):
    from casustafel.engine.lint import lint_text
    from casustafel.engine.rule_examples import BASE

    option = '{id: sw_eigen, text: "Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}'
    shorter = re.sub(rf"(\{{| ){key}: [^,}}]+,? ?", r"\1", option).replace(", }", "}")
    found = [(d.code, d.message) for d in lint_text(BASE.replace(option, shorter))]
    assert found == [("CT011", f'option 2 van sw mist de verplichte sleutel "{key}".')]


@pytest.mark.parametrize("key", ["prompt", "options"])
def test_a_missing_choice_key_is_one_finding(key):
    from casustafel.engine.lint import lint_text
    from casustafel.engine.rule_examples import BASE

    head, sw = BASE.split("  sw:\n")
    sw_lines = sw.splitlines(keepends=True)
    kept = [line for line in sw_lines if not line.startswith(f"    {key}:")
            and not (key == "options" and line.startswith("      - "))]
    found = [(d.code, d.message) for d in lint_text(head + "  sw:\n" + "".join(kept))]
    assert found == [("CT011", f'node sw mist de verplichte sleutel "{key}".')]

"""The loader reports broken files with a stable code at the right line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from casustafel.engine.loader import load_scenario, load_scenario_text
from conftest import MINI


def findings(text: str) -> list[tuple[str, int, int]]:
    result = load_scenario_text(text, "t.yaml")
    assert result.scenario is None or all(d.severity != "error" for d in result.diagnostics)
    return [(d.code, d.line, d.col) for d in result.diagnostics]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_scenario_loads_clean(mini_path: Path) -> None:
    result = load_scenario(mini_path)
    assert result.diagnostics == []
    scenario = result.scenario
    assert scenario is not None and scenario.id == "mini"
    assert set(scenario.nodes) == {"opening", "km", "sw", "pauze", "route", "plan", "impasse"}
    assert scenario.options["vraag"].heuristics[1].points == 2


def test_yaml_syntax_error_is_positioned() -> None:
    text = MINI.replace('prompt: "Hoe open je?"', 'prompt: "Hoe open je?')
    codes = findings(text)
    assert codes and codes[0][0] == "CT001"
    assert codes[0][1] >= line_of(text, 'prompt: "Hoe open je?')


def test_duplicate_key() -> None:
    text = MINI.replace("duration: 5\n", "duration: 5\nduration: 6\n")
    assert ("CT002", line_of(text, "duration: 6"), 1) in findings(text)


def test_unknown_key_has_a_suggestion() -> None:
    text = MINI.replace("    prompt: \"Hoe open je?\"", "    promt: \"Hoe open je?\"")
    result = load_scenario_text(text, "t.yaml")
    unknown = [d for d in result.diagnostics if d.code == "CT010"]
    assert [(d.line, d.col) for d in unknown] == [(line_of(text, "promt"), 5)]
    assert 'Bedoelde je "prompt"?' in unknown[0].message
    assert result.scenario is None


def test_unknown_node_target() -> None:
    text = MINI.replace("next: pauze\n      - id: samen", "next: pauz\n      - id: samen")
    result = load_scenario_text(text, "t.yaml")
    line = text.splitlines().index("        next: pauz") + 1
    assert [(d.code, d.line, d.col) for d in result.diagnostics] == [("CT020", line, 15)]
    assert 'Bedoelde je "pauze"?' in result.diagnostics[0].message


def test_unknown_heuristic() -> None:
    text = MINI.replace("heuristics: [casusvraag, perspectief]", "heuristics: [casusvraag, perspectief, brugg]")
    line = line_of(text, "brugg")
    col = text.splitlines()[line - 1].index("brugg") + 1
    result = load_scenario_text(text, "t.yaml")
    assert [(d.code, d.line, d.col) for d in result.diagnostics] == [("CT024", line, col)]
    assert "brug" in result.diagnostics[0].message


@pytest.mark.parametrize("expression, offset, code", [
    ("vertrouwen >= ", 14, "CT040"),
    ("vertrouwn >= 2", 0, "CT040"),
    ("vertrouwen and maatregel", 11, "CT040"),
    ("vertrouwen + 1", None, "CT041"),
])
def test_bad_expression(expression: str, offset: int | None, code: str) -> None:
    text = MINI.replace('when: "vertrouwen >= 2"', f'when: "{expression}"')
    line = line_of(text, f'when: "{expression}"')
    quote = text.splitlines()[line - 1].index('"') + 1
    col = quote if offset is None else quote + 1 + offset
    assert findings(text) == [(code, line, col)]


def test_every_file_in_the_library_loads() -> None:
    from conftest import library_files

    for path in library_files():
        result = load_scenario(path)
        errors = [d.format() for d in result.diagnostics if d.severity == "error"]
        assert not errors, errors


def test_files_that_are_not_scenarios(tmp_path: Path) -> None:
    for name, content, code in [
        ("leeg.yaml", "", "CT001"),
        ("lijst.yaml", "- a\n- b\n", "CT012"),
        ("binair.yaml", b"\xff\xfe\x00", "CT001"),
    ]:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        result = load_scenario(path)
        assert result.scenario is None and result.diagnostics[0].code == code
    missing = load_scenario(tmp_path / "bestaat-niet.yaml")
    assert missing.diagnostics[0].code == "CT000"


def test_unsafe_yaml_is_refused() -> None:
    text = MINI.replace('title: "Mini"', "title: !!python/object/apply:os.system ['echo hi']")
    codes = findings(text)
    assert codes and codes[0][0] in ("CT001", "CT003")


def test_the_full_example_in_the_format_reference_loads_clean() -> None:
    from conftest import REPO

    page = (REPO / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = page.split("## A full example")[1].split("```yaml\n")[1].split("```")[0]
    result = load_scenario_text(example, "docs/scenario-format.md")
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    assert result.diagnostics == []

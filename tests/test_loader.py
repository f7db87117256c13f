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


# -- hostile input: every budget gives a positioned finding ---------------------------------------------------


def only(text: str) -> list[tuple[str, int, int, str]]:
    result = load_scenario_text(text, "h.yaml")
    return [(d.code, d.line, d.col, d.message) for d in result.diagnostics]


def test_unclosed_list_and_quote_are_reported_where_they_began() -> None:
    text = MINI.replace('learning_goals: ["Oefenen"]', 'learning_goals: ["Oefenen"')
    (code, line, col, message), = only(text)
    assert (code, line, col) == ("CT001", line_of(text, "learning_goals"), len("learning_goals: ") + 1)
    assert "niet gesloten" in message and f"regel {line + 1}" in message
    text = MINI.replace('title: "Mini"', 'title: "Mini')
    (code, line, col, message), = only(text)
    assert code == "CT001" and f"regel {line_of(text, 'title:')} een tekst met \"" in message


def test_control_character_is_reported_at_its_line_and_column() -> None:
    text = MINI.replace('prompt: "Hoe open je?"', 'prompt: "Hoe \x1b open je?"')
    (code, line, col, message), = only(text)
    assert (code, line) == ("CT008", line_of(text, "Hoe \x1b"))
    assert text.splitlines()[line - 1][col - 1] == "\x1b" and "U+001B" in message


@pytest.mark.parametrize("value", ["true", "1.0", '"1"', "2", "~"])
def test_the_version_must_be_the_integer_1(value: str) -> None:
    text = MINI.replace("casustafel: 1", f"casustafel: {value}")
    assert ("CT013", 1, 13) in [d[:3] for d in only(text)]


def test_yaml11_surprises_are_flagged() -> None:
    text = MINI.replace("duration: 5", "duration: 010").replace('title: "Mini"', "title: 1:20")
    found = {d[:3] for d in only(text)}
    assert ("CT004", line_of(text, "duration"), 11) in found and ("CT004", line_of(text, "title"), 8) in found


def test_budgets_for_integers_nesting_and_aliases() -> None:
    text = MINI.replace("duration: 5", "duration: " + "9" * 5000)
    assert ("CT007", line_of(text, "duration"), 11) in {d[:3] for d in only(text)}
    deep = "a: " + "[" * 200 + "]" * 200 + "\n"
    assert [d[0] for d in only(deep)] == ["CT005"]
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcdefg", "bcdefgh", strict=True))
    assert [d[0] for d in only(bomb)] == ["CT006"]


@pytest.mark.parametrize("text", ["~\n", "", "# niets\n"])
def test_a_file_without_a_scenario_says_so(text: str) -> None:
    (code, line, col, _message), = only(text)
    assert code in ("CT001", "CT012") and (line, col) == (1, 1)


def test_wrong_types_for_language_and_speaker() -> None:
    text = MINI.replace("language: nl", "language: [nl]").replace("{by: voorzitter,", "{by: [voorzitter],")
    codes = {d[0] for d in only(text)}
    assert codes >= {"CT013", "CT022"}


@pytest.mark.parametrize(("expression", "needle"), [
    ("(" * 60 + "true" + ")" * 60, "lagen diep"),
    ("not " * 50 + "true", "lagen diep"),
    (" + ".join(["1"] * 150) + " > 0", "onderdelen"),
    ("vertrouwen < " + "9" * 400, "cijfers"),
    ("true and" + " " * 2000 + "true", "langer dan"),
])
def test_expression_budgets_are_positioned_findings(expression: str, needle: str) -> None:
    text = MINI.replace('when: "vertrouwen >= 2"', f'when: "{expression}"')
    found = [d for d in only(text) if d[0] == "CT040"]
    assert found and needle in found[0][3] and found[0][1] == line_of(text, expression[:20])


def test_arithmetic_that_outgrows_the_limit_stops_with_its_position() -> None:
    from types import SimpleNamespace

    from casustafel.engine.expressions import INT_LIMIT, ExpressionLimitError, parse_expression

    square = parse_expression("x * x", {"x": "int"}, (7, 9))
    context = SimpleNamespace(variables={"x": 10**7}, visits={}, chosen_ids=set(), turn=0)
    assert square.evaluate(context) == 10**14 < INT_LIMIT
    context.variables["x"] = 10**8
    with pytest.raises(ExpressionLimitError) as caught:
        square.evaluate(context)
    assert caught.value.pos == (7, 9) and "x * x" in caught.value.message


def test_a_file_that_is_not_a_regular_file_or_too_big(tmp_path: Path) -> None:
    from casustafel.engine.yamlsource import MAX_FILE_BYTES

    assert load_scenario(tmp_path).diagnostics[0].code == "CT000"
    big = tmp_path / "groot.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert "mag hoogstens" in load_scenario(big).diagnostics[0].message
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(MINI.replace('title: "Mini"', 'title: "Cli\u00ebnt"').encode("latin-1"))
    (d,) = load_scenario(latin).diagnostics
    assert (d.code, d.line, d.col) == ("CT001", line_of(MINI, "title:"), len('title: "Cli') + 1)


# -- the compiled cache ---------------------------------------------------------------------------------------


def _walk(scenario, seed: int) -> tuple[list[str], str]:
    """Where a seeded random walk goes, and its scores."""
    import random

    from conftest import random_walk

    session = random_walk(scenario, random.Random(seed))
    return [t.option_id for t in session.history], repr(session.score())


def test_cached_model_plays_like_a_fresh_load(tmp_path: Path) -> None:
    from casustafel.engine.library import SCENARIO_ROOT

    path = SCENARIO_ROOT / "sandra-schulden-en-werk.yaml"
    fresh = load_scenario(path)
    first = load_scenario(path, cache_dir=tmp_path)
    cached = load_scenario(path, cache_dir=tmp_path)
    assert first.raw is not None and cached.raw is None  # the second came from the cache
    assert cached.scenario is not None and cached.diagnostics == fresh.diagnostics
    assert cached.scenario == fresh.scenario  # every node, option, text and expression source
    for seed in range(5):
        assert _walk(cached.scenario, seed) == _walk(fresh.scenario, seed)
    folder = tmp_path / "modellen"
    (entry,) = folder.glob("*.model")
    assert folder.stat().st_mode & 0o777 == 0o700 and entry.stat().st_mode & 0o777 == 0o600


def test_any_change_to_the_file_invalidates_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    data = tmp_path / "data"
    assert load_scenario(path, cache_dir=data).raw is not None
    assert load_scenario(path, cache_dir=data).raw is None
    path.write_text(MINI.replace('title: "Mini"', 'title: "Mini 2"'), encoding="utf-8")
    changed = load_scenario(path, cache_dir=data)
    assert changed.raw is not None and changed.scenario.title.get("nl") == "Mini 2"
    path.write_text(MINI.replace("next: km", "next: nergens", 1), encoding="utf-8")
    broken = load_scenario(path, cache_dir=data)  # an error is never hidden by an older cached model
    assert broken.scenario is None and any(d.code == "CT020" for d in broken.diagnostics)


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign-mode", "garbage", "other-key"])
def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    data = tmp_path / "data"
    load_scenario(path, cache_dir=data)
    (entry,) = (data / "modellen").glob("*.model")
    blob = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        entry.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "foreign-mode":
        entry.chmod(0o644)
    elif damage == "garbage":
        entry.write_bytes(b"\x80\x05not a model at all")
    else:  # a valid entry of another file copied under this key
        other = tmp_path / "other.yaml"
        other.write_text(MINI.replace("id: mini", "id: ander"), encoding="utf-8")
        load_scenario(other, cache_dir=data)
        (copy,) = [p for p in (data / "modellen").glob("*.model") if p != entry]
        entry.write_bytes(copy.read_bytes())
    result = load_scenario(path, cache_dir=data)
    assert result.raw is not None and result.scenario is not None and result.scenario.id == "mini"
    assert load_scenario(path, cache_dir=data).raw is None  # rebuilt, and good again
    assert entry.stat().st_mode & 0o777 == 0o600


def test_a_changed_catalogue_invalidates_the_cache(tmp_path: Path) -> None:
    import shutil

    from casustafel.engine.catalogue import CATALOGUE_ROOT

    shutil.copytree(CATALOGUE_ROOT / "default", tmp_path / "cat")
    path = tmp_path / "mini.yaml"
    path.write_text(MINI.replace('learning_goals: ["Oefenen"]', 'learning_goals: ["Oefenen"]\ncatalogue: ./cat'),
                    encoding="utf-8")
    data = tmp_path / "data"
    assert load_scenario(path, cache_dir=data).scenario is not None
    assert load_scenario(path, cache_dir=data).raw is None
    heuristics = tmp_path / "cat" / "heuristics.yaml"
    heuristics.write_text(heuristics.read_text(encoding="utf-8") + "\n# bewerkt\n", encoding="utf-8")
    assert load_scenario(path, cache_dir=data).raw is not None


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    blocked = tmp_path / "bestand"
    blocked.write_text("geen map", encoding="utf-8")
    assert load_scenario(path, cache_dir=blocked).scenario is not None
    assert load_scenario(path, cache_dir=blocked).scenario is not None

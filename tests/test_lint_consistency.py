"""CT130 and CT131 on the library's own mistakes of issue 12: a line that answers an option not taken, and a
vague agreement that still leads to the shared-plan ending. Each test puts the old mistake back into a
library scenario and lints it as an author would."""

from __future__ import annotations

from pathlib import Path

from casustafel.engine.lint import lint_text
from casustafel.engine.loader import load_scenario_text
from casustafel.engine.rules import message_in

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
EXAMPLES = Path(__file__).parent / "lint_examples"
SANDRA = (SCENARIOS / "sandra-schulden-en-werk.yaml").read_text(encoding="utf-8")
TAAL = (SCENARIOS / "taal-en-inburgering.yaml").read_text(encoding="utf-8")
ZZP = (SCENARIOS / "zzp-na-faillissement.yaml").read_text(encoding="utf-8")
BRUG = "responds_to: [km_open_vraag, km_open_eigen_bril]\n        next: km_gemiste_afspraak"


def codes(source: str, max_states: int | None = None) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in lint_text(source, "s.yaml", max_states)]


def line_of(source: str, text: str) -> int:
    return source[:source.index(text)].count("\n") + 1


def test_library_annotations_are_loaded():
    scenario = load_scenario_text(SANDRA, "s.yaml").scenario
    assert scenario.options["sw_vertelt_brug"].responds_to == ("km_open_vraag", "km_open_eigen_bril")
    assert scenario.nodes["sw_vertelt"].lines[0].responds_to == ("km_open_vraag", "km_open_eigen_bril")
    assert scenario.options["sw_afspraak_vaag"].vague
    for source in (TAAL, ZZP):
        assert load_scenario_text(source, "s.yaml").scenario.options["km_afs_vaag"].vague
    assert not [c for c, _line in codes(SANDRA) + codes(TAAL) + codes(ZZP) if c in ("CT130", "CT131")]


def test_the_sandra_bug_is_caught():
    """The old brug answer ("Jouw vraag is of ze over een maand kan starten") answered opener 1 only, yet opener 3
    ("wat mis ik?") leads to the same choice: said with responds_to, CT130 finds it."""
    old = SANDRA.replace(BRUG, "responds_to: km_open_vraag\n        next: km_gemiste_afspraak")
    found = [d for d in lint_text(old, "s.yaml") if d.code == "CT130"]
    at = old.index("responds_to: km_open_vraag\n")
    assert [(d.line, d.col, d.variant) for d in found] == [(line_of(old, old[at:]), 9, "option")]
    assert 'Optie "sw_vertelt_brug" antwoordt op km_open_vraag' in found[0].message
    assert message_in(found[0], "en").startswith('Option "sw_vertelt_brug" answers km_open_vraag')


def test_a_line_on_a_path_without_its_option_is_caught_and_a_chosen_guard_clears_it():
    old = SANDRA.replace("responds_to: [km_open_vraag, km_open_eigen_bril]}", "responds_to: km_open_vraag}")
    assert ("CT130", line_of(old, 'Ayla, jij komt bij haar thuis. Wat zie jij?') ) in codes(old)
    guarded = SANDRA.replace(BRUG, 'responds_to: km_open_vraag\n        when: "chosen(km_open_vraag)"\n'
                                   "        next: km_gemiste_afspraak")
    assert "CT130" not in [c for c, _line in codes(guarded)]


def test_the_vague_agreement_that_set_km_afspraak_is_caught():
    """taal-en-inburgering: `km_afs_vaag` used to set km_afspraak and so reached the shared-plan ending."""
    start = TAAL.index("- id: km_afs_vaag")
    at = TAAL.index("vague: true", start)
    old = TAAL[:at] + "set: {km_afspraak: true}\n        " + TAAL[at:]
    found = [d for d in lint_text(old, "s.yaml") if d.code == "CT131"]
    assert [d.line for d in found] == [line_of(old, "vague: true")]
    assert '"km_afs_vaag" is vaag' in found[0].message and "gedeeld plan" in found[0].message


def test_unknown_option_in_responds_to_is_ct020_with_a_suggestion():
    typo = SANDRA.replace(BRUG, "responds_to: [km_open_vrag]\n        next: km_gemiste_afspraak")
    found = [d for d in lint_text(typo, "s.yaml") if d.code == "CT020"]
    assert len(found) == 1 and found[0].line == line_of(typo, "responds_to: [km_open_vrag]")
    assert '"km_open_vrag"' in found[0].message and "km_open_vraag" in found[0].message


def test_wrong_types_are_one_line_messages():
    bad = SANDRA.replace(BRUG, "responds_to: 3\n        vague: ja\n        next: km_gemiste_afspraak")
    found = {d.code for d in lint_text(bad, "s.yaml")}
    assert {"CT012"} <= found and all("\n" not in d.message for d in lint_text(bad, "s.yaml"))


def test_structural_paths_when_the_analysis_is_cut_short():
    for code in ("CT130", "CT131"):
        bad = (EXAMPLES / f"{code}.bad.yaml").read_text(encoding="utf-8")
        good = (EXAMPLES / f"{code}.good.yaml").read_text(encoding="utf-8")
        assert code in [c for c, _line in codes(bad, max_states=1)]
        assert code not in [c for c, _line in codes(good, max_states=1)]

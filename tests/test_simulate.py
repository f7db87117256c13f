"""The simulator, driven through `casustafel simulate` as an author would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casustafel.engine.form_players import FORM_POLICIES
from casustafel.engine.library import FLAGSHIP, resolve
from casustafel.engine.loader import load_scenario
from casustafel.engine.simulate import SIM_POLICIES, STUCK, play_once, simulate
from casustafel.game.cli.main import main

EXAMPLES = Path(__file__).parent / "lint_examples"
TINY = EXAMPLES / "tiny.yaml"


def run_json(capsys, *argv: str) -> dict:
    assert main(["simulate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_every_policy_with_scores_endings_and_coverage(capsys):
    data = run_json(capsys, str(TINY), "-n", "40")
    assert [p["label"] for p in data["pairs"]] == ["random", "own-frame", "coach", *FORM_POLICIES]
    coach = data["pairs"][2]
    assert coach["endings"] == {"plan": 40}
    assert coach["scores"]["klantmanager"]["mean"] == 3.0  # perspectief 2 + dialogisch 1
    assert coach["heuristic_coverage"] == 0.667  # eigen_frame is never the best option
    assert coach["heuristics"]["eigen_frame"] == 0
    own = data["pairs"][1]
    assert own["endings"] == {"impasse": 40}


def test_progress_bar_goes_to_stderr_and_text_report_to_stdout(capsys):
    assert main(["simulate", str(TINY), "-n", "10"]) == 0
    out, err = capsys.readouterr()
    assert f"{10 * len(SIM_POLICIES)}/{10 * len(SIM_POLICIES)}" in err and "[" in err
    assert "== coach ==" in out and "einden:" in out and "heuristieken:" in out


def test_same_seed_same_numbers(capsys):
    a = run_json(capsys, str(TINY), "-n", "30", "--seed", "7", "--quiet")
    b = run_json(capsys, str(TINY), "-n", "30", "--seed", "7", "--quiet")
    assert a == b


def test_flagship_coach_reaches_plan_more_and_scores_double():
    scenario = load_scenario(resolve(FLAGSHIP)).scenario
    report = simulate(scenario, runs=30)
    coach, own = report.pair("coach"), report.pair("own-frame")
    assert coach.share("gedeeld_plan") > own.share("gedeeld_plan")
    for role in scenario.choosing_roles():
        assert coach.role_scores()[role].mean >= 2 * max(own.role_scores()[role].mean, 0.1)


def test_mixed_pairs_give_nine_combinations(capsys):
    data = run_json(capsys, str(TINY), "-n", "3", "--mixed", "--quiet", "--policies", "random,own-frame,coach")
    assert len(data["pairs"]) == 9
    assert "klantmanager=coach × sociaal_werker=random" in [p["label"] for p in data["pairs"]]


def test_stuck_state_is_counted_and_smelled(tmp_path, capsys):
    text = TINY.read_text(encoding="utf-8").replace(
        "        next: sw_reageer\n      - id: km_vraag", "        when: \"vertrouwen > 5\"\n"
        "        next: sw_reageer\n      - id: km_vraag").replace(
        "        level: dialogisch\n", "        level: dialogisch\n        when: \"vertrouwen > 5\"\n")
    path = tmp_path / "stuck.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path).scenario
    assert scenario is not None
    import random
    assert play_once(scenario, {"klantmanager": "coach"}, random.Random(1)).ending == STUCK
    data = run_json(capsys, str(path), "-n", "5", "--quiet")
    assert any(s["id"] == "no_ending" for s in data["smells"])


def test_no_ratio_smell_when_coach_doubles_own_frame():
    scenario = load_scenario(TINY).scenario
    report = simulate(scenario, runs=5)
    ids = {s.id for s in report.smells}
    assert "coach_low_ratio" not in ids  # coach 3 vs own-frame -1 for klantmanager


@pytest.mark.parametrize("argv, message", [
    (["geen-scenario"], "niet gevonden"),
    ([str(TINY), "-n", "0"], "minstens 1"),
    ([str(TINY), "--policies", "coach,slim"], "onbekend beleid slim"),
])
def test_usage_errors_exit_2_with_a_clear_message(capsys, argv, message):
    assert main(["simulate", *argv]) == 2
    assert message in capsys.readouterr().err


def test_scenario_with_errors_exits_1_and_shows_findings(tmp_path, capsys):
    path = tmp_path / "kapot.yaml"
    path.write_text(TINY.read_text(encoding="utf-8").replace("next: route", "next: routee", 1), encoding="utf-8")
    assert main(["simulate", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "CT020" in err and "casustafel lint" in err

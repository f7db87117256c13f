"""Form-only players: they pick by length, question marks or by avoiding the partner's option, and `simulate`
shows them beside coach, own-frame and random, with a smell when one of them wins."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from casustafel.engine.form_players import AVOID_PARTNER, FORM_POLICIES, LONGEST, MOST_QUESTIONS, length
from casustafel.engine.library import scenario_files
from casustafel.engine.loader import load_scenario, load_scenario_text
from casustafel.engine.model import CHOICE
from casustafel.engine.scoring import cosine
from casustafel.engine.simulate import GOOD_ENDING, pick_option, play_once, policy_pairs, simulate
from casustafel.game.cli.main import main

EXAMPLES = Path(__file__).parent / "lint_examples"
TINY = EXAMPLES / "tiny.yaml"
# the author makes the good opening the longest: "pick the longest" now wins
TINY_LONG_GOOD = TINY.read_text(encoding="utf-8").replace(
    'text: "Wat zie jij bij Sandra?"', 'text: "Wat zie jij bij Sandra, en wat zou zij zelf het liefst willen?"')


def choices(scenario):
    return [n for n in scenario.nodes.values() if n.kind == CHOICE and len(n.options) > 1]


def test_each_form_player_picks_by_form_only():
    scenario = load_scenario(EXAMPLES / "CT410.bad.yaml").scenario
    rng = random.Random(3)
    for node in choices(scenario):
        options = list(node.options)
        longest = pick_option(LONGEST, scenario, node.turn, options, rng)
        assert length(longest) == max(length(o) for o in options)
        asks = pick_option(MOST_QUESTIONS, scenario, node.turn, options, rng)
        assert asks.text.get("nl").count("?") == max(o.text.get("nl").count("?") for o in options)


def test_avoid_partner_never_says_what_the_partner_would_say():
    scenario = load_scenario(TINY).scenario
    rng = random.Random(1)
    for node in choices(scenario):
        other = next(spec.home for role, spec in scenario.roles.items() if role != node.turn)
        nearest = max(cosine(o.frames, other) for o in node.options)
        picked = pick_option(AVOID_PARTNER, scenario, node.turn, list(node.options), rng)
        rest = [o for o in node.options if cosine(o.frames, other) < nearest] or list(node.options)  # all alike
        assert picked in rest and length(picked) == max(length(o) for o in rest)
    # the long good answer now speaks partly from the klantmanager's rules: avoid-partner takes the other one
    text = TINY.read_text(encoding="utf-8").replace("frames: {regie: 1, samen: 1}", "frames: {recht: 1, samen: 1}")
    scenario = load_scenario_text(text, str(TINY)).scenario
    sw = scenario.nodes["sw_reageer"]
    assert pick_option(LONGEST, scenario, "sociaal_werker", list(sw.options), rng).id == "sw_samen"
    assert pick_option(AVOID_PARTNER, scenario, "sociaal_werker", list(sw.options), rng).id == "sw_zorg"


def test_form_players_are_known_by_name_and_unknown_names_say_so():
    scenario = load_scenario(TINY).scenario
    node = scenario.nodes[scenario.start]
    for policy in FORM_POLICIES:
        assert pick_option(policy, scenario, node.turn, list(node.options), random.Random(1)) in node.options
    with pytest.raises(ValueError, match="Onbekend"):
        pick_option("slimst", scenario, node.turn, list(node.options), random.Random(1))


def test_simulate_shows_form_players_beside_the_others(capsys):
    assert main(["simulate", str(TINY), "-n", "5", "--quiet"]) == 0
    out = capsys.readouterr().out
    table = out.split("\n\n")[1].splitlines()
    assert table[0].startswith("Vergelijking")
    labels = [row[2:].split()[0] for row in table[2:]]
    assert labels == ["random", "own-frame", "coach", *FORM_POLICIES]
    assert [row[0] for row in table[2:]] == [" ", " ", " ", "*", "*", "*"]


def test_smell_when_the_longest_option_wins(tmp_path, capsys):
    path = tmp_path / "lang.yaml"
    path.write_text(TINY_LONG_GOOD, encoding="utf-8")
    assert main(["simulate", str(path), "-n", "10", "--quiet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pairs = {p["label"]: p for p in data["pairs"]}
    assert pairs[LONGEST]["ending_kinds"] == {GOOD_ENDING: 10}
    assert any(s["id"] == "form_player_plan" and s["where"] == LONGEST for s in data["smells"])


def test_no_plan_smell_when_form_does_not_win():
    scenario = load_scenario(TINY).scenario
    report = simulate(scenario, runs=10, pairs=policy_pairs(scenario, ("coach", LONGEST)))
    longest = report.pair(LONGEST)
    assert longest.share(GOOD_ENDING) == 0  # the longest opening is the label "Ze houdt zich niet aan de regels."
    assert not [s for s in report.smells if s.id == "form_player_plan" and s.where == LONGEST]
    # the social worker's longest option is also the coach's: that half of the score is given away by form
    assert [s.where for s in report.smells if s.id == "form_player_scores"] == ["sociaal_werker"]


def test_tells_rule_and_form_player_agree_on_the_examples():
    bad = load_scenario(EXAMPLES / "CT410.bad.yaml").scenario
    good = load_scenario(EXAMPLES / "CT410.good.yaml").scenario
    rng = random.Random(1)
    for scenario, wins in ((bad, True), (good, False)):
        coach = play_once(scenario, {r: "coach" for r in scenario.roles}, rng)
        longest = play_once(scenario, {r: LONGEST for r in scenario.roles}, rng)
        assert (sum(longest.points.values()) > sum(coach.points.values()) / 2) is wins


LIBRARY = [load_scenario(p).scenario for p in scenario_files()]


@pytest.mark.parametrize("scenario", LIBRARY, ids=lambda s: s.id)
def test_no_form_player_reaches_a_shared_plan_in_the_library(scenario):
    for persona in scenario.personas or [None]:  # under every client persona
        report = simulate(scenario, runs=20, seed=20261201, pairs=policy_pairs(scenario, FORM_POLICIES),
                          persona=persona)
        shares = {pair.label: pair.share(GOOD_ENDING) for pair in report.pairs}
        assert shares == {policy: 0.0 for policy in FORM_POLICIES}, persona


def test_form_players_finish_every_library_scenario():
    for scenario in LIBRARY:
        report = simulate(scenario, runs=5, pairs=policy_pairs(scenario, FORM_POLICIES))
        assert not [s for s in report.smells if s.id == "no_ending"], scenario.id


def test_a_form_player_on_a_text_only_scenario():
    scenario = load_scenario_text((EXAMPLES / "CT412.bad.yaml").read_text(encoding="utf-8"),
                                  str(EXAMPLES / "CT412.bad.yaml")).scenario
    run = play_once(scenario, {r: MOST_QUESTIONS for r in scenario.roles}, random.Random(2))
    asked = [scenario.options[o] for o in run.options]
    assert all("?" in o.text.get("nl") for o in asked)

"""Example tests that pin each scoring rule of docs/scoring.md, on a small scenario built for it.

Ayla (sociaal werker, home welzijn + bestaan) and Mark (klantmanager, home recht + werk) take turns at
sixteen choice nodes; every node offers the same kinds of utterance, so a test writes a conversation as a
list of kinds. The worked examples in docs/scoring.md are these conversations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from casustafel.engine.analysis import analyse
from casustafel.engine.loader import load_scenario_text
from casustafel.engine.scoring import (
    ALIGNMENT_WEIGHT,
    ANCHOR_MIN,
    FIGURES,
    HEURISTIC_CAP,
    option_value,
)
from casustafel.engine.session import Session

DOC = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
TURNS = 16
ROLES = ("sociaal_werker", "klantmanager")
OWN = {"sociaal_werker": "welzijn", "klantmanager": "recht"}

# kind -> (frames, heuristics) with {own} / {other} filled in per role
KINDS = {
    "eigen": ("{{{own}: 2}}", "[]"),
    "brug": ("{{{own}: 1, {other}: 1}}", "[]"),
    "brugtag": ("{{samen: 1}}", "[brug]"),
    "rood": ("{{{own}: 1, {other}: 1}}", "[etiket]"),
    "roodbrug": ("{{{own}: 1, {other}: 1}}", "[etiket, brug]"),
    "client": ("{{{own}: 1, regie: 1}}", "[client_centraal]"),
    "clientbrug": ("{{{own}: 1, {other}: 1, regie: 1}}", "[]"),
    "samen": ("{{samen: 2}}", "[]"),
    "samenclient": ("{{samen: 2, regie: 1}}", "[]"),
    "ander": ("{{{other}: 2}}", "[]"),
    "betekenis": ("{{{own}: 1}}", "[betekenis]"),
    "dialogisch": ("{{{own}: 1}}", "[]", "dialogisch"),
}


def _scenario_text() -> str:
    lines = ['casustafel: 1', 'id: regels', 'language: nl', 'title: "Regels"', 'summary: "Voorbeelden."',
             'duration: 5', 'learning_goals: ["Rekenen"]', 'client: {name: "Sandra (34)", facts: ["Bijstand"]}',
             'roles:', '  sociaal_werker: {name: "Ayla", organisation: "Wijkteam", brief: "Ayla."}',
             '  klantmanager: {name: "Mark", organisation: "W&I", brief: "Mark."}', 'start: n0', 'nodes:']
    for i in range(TURNS):
        role = ROLES[i % 2]
        own, other = OWN[role], OWN[ROLES[(i + 1) % 2]]
        nxt = f"n{i + 1}" if i + 1 < TURNS else "einde"
        lines += [f"  n{i}:", f"    turn: {role}", '    prompt: "Wat zeg je?"', "    options:"]
        for kind, spec in KINDS.items():
            frames, heuristics = spec[0].format(own=own, other=other), spec[1]
            lines.append(f'      - {{id: {kind}_{i}, text: "{kind}", next: {nxt}, frames: {frames}, '
                         f'heuristics: {heuristics}' + (f", level: {spec[2]}" if len(spec) > 2 else "") + "}")
    lines += ["  einde:", '    ending: {kind: open, title: "Einde", text: "Klaar."}']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def scenario():
    result = load_scenario_text(_scenario_text())
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    return result.scenario


def play(scenario, kinds: list[str], learner: str | None = None):
    """Play the conversation (one kind per turn, Ayla first) through a real session; return its report."""
    session = Session(scenario, answering_roles=(), learner=learner)
    session.start()
    for i, kind in enumerate(kinds):
        session.choose(f"{kind}_{i}")
    return session.score()


def reasons(report, role: str, kind: str) -> list:
    return [r for r in report.players[role].reasons if r.kind == kind]


# -- bridges ----------------------------------------------------------------------------------------------
def test_a_bridge_joins_the_own_frame_with_a_frame_the_other_brought_in(scenario):
    report = play(scenario, ["eigen", "brug"])  # Ayla speaks from welzijn; Mark joins recht and welzijn
    assert [(r.role, r.points) for r in report.bridges] == [("klantmanager", 1.0)]


def test_the_right_tags_are_no_bridge_when_the_other_never_brought_that_frame_in(scenario):
    report = play(scenario, ["brug"])  # Ayla names recht, but Mark has not said anything yet
    assert report.bridges == []
    report = play(scenario, ["samen", "brug"])  # Ayla spoke only of the collaboration, never of welzijn
    assert report.bridges == []


def test_a_red_flag_is_never_a_bridge_not_even_with_a_brug_tag(scenario):
    report = play(scenario, ["eigen", "rood", "eigen", "roodbrug"])
    assert report.bridges == []
    assert [r.id for r in reasons(report, "klantmanager", "red_flag")] == ["etiket", "etiket"]
    assert report.players["klantmanager"].points == -2


def test_a_brug_tag_still_counts_with_its_own_points(scenario):
    report = play(scenario, ["brugtag"])
    assert [(r.kind, r.points) for r in report.bridges] == [("heuristic", 1.0)]


def test_option_value_is_the_context_free_value_from_the_same_rule(scenario):
    values = {kind: option_value(scenario, scenario.options[f"{kind}_1"]) for kind in KINDS}
    assert values["brug"] == 1  # the other is assumed to have brought their home frame in
    assert values["rood"] == -1 and values["roodbrug"] == -1  # no bridge, no brug points on a red flag
    assert values["betekenis"] == 2 and values["dialogisch"] == 1 and values["eigen"] == 0


# -- heuristic cap ----------------------------------------------------------------------------------------
def test_a_heuristic_counts_at_most_three_times_per_player(scenario):
    report = play(scenario, ["betekenis", "eigen"] * 5)
    ayla = report.players["sociaal_werker"]
    assert len(reasons(report, "sociaal_werker", "heuristic")) == HEURISTIC_CAP
    assert len(reasons(report, "sociaal_werker", "capped")) == 5 - HEURISTIC_CAP
    assert ayla.points == 2 * HEURISTIC_CAP


# -- client anchor ------------------------------------------------------------------------------------------
def test_one_client_remark_each_is_no_anchor(scenario):
    report = play(scenario, ["client", "client"] + ["eigen", "eigen"] * 2)
    assert report.client_anchor == 0


def test_the_anchor_needs_the_client_from_both_players_at_the_end(scenario):
    one_sided = play(scenario, ["client", "eigen"] * 4)
    assert one_sided.client_anchor == 0
    both = play(scenario, ["eigen", "eigen", "client", "client", "clientbrug", "eigen", "client", "client"])
    # Ayla: 3 of her 4 utterances bring Sandra in, Mark 2 of 4: the anchor is the smaller share
    assert both.regie_shares == {"sociaal_werker": 0.75, "klantmanager": 0.5}
    assert both.client_anchor == 0.5
    assert ANCHOR_MIN == 2


# -- alignment ----------------------------------------------------------------------------------------------
def test_drifting_into_shared_talk_without_the_client_earns_nothing(scenario):
    report = play(scenario, ["eigen", "eigen"] + ["samen", "samen"] * 7)
    assert report.alignment_change > 0.9
    assert report.client_anchor == 0
    assert not [r for r in report.session_reasons if r.kind == "alignment"]


def test_abandoning_the_own_frame_earns_no_alignment_even_with_the_client_in(scenario):
    report = play(scenario, ["eigen", "eigen"] + ["samenclient", "samenclient"] * 7)
    assert report.alignment_change > 0.5 and report.client_anchor == 1.0
    assert report.own_frame_weight == 0
    assert not [r for r in report.session_reasons if r.kind == "alignment"]


def test_bridging_from_the_own_frame_with_the_client_earns_the_alignment_weight(scenario):
    report = play(scenario, ["eigen", "eigen"] + ["clientbrug", "clientbrug"] * 7)
    change = report.alignment_change
    assert report.alignment_start == 0.0 and report.alignment_end == 1.0
    assert report.client_anchor == 1.0 and report.own_frame_weight == 1.0
    bonus = [r for r in report.session_reasons if r.kind == "alignment"]
    assert [r.points for r in bonus] == [round(ALIGNMENT_WEIGHT * change * 1.0, 2)] == [5.0]


def test_the_alignment_points_scale_with_the_own_frame_weight(scenario):
    # Ayla bridges throughout; Mark leaves recht for Ayla's welzijn in four of his last six utterances
    mark = ["eigen", "eigen", "clientbrug", "ander", "ander", "clientbrug", "ander", "ander"]
    kinds = [k for pair in zip(["eigen"] + ["clientbrug"] * 7, mark, strict=True) for k in pair]
    report = play(scenario, kinds)
    assert report.own_frame_weight == pytest.approx(2 / 6, abs=1e-4)
    bonus = next(r for r in report.session_reasons if r.kind == "alignment")
    assert bonus.points == round(ALIGNMENT_WEIGHT * report.alignment_change * report.own_frame_weight, 2)


# -- solo -------------------------------------------------------------------------------------------------
def test_solo_the_learners_score_is_their_own(scenario):
    kinds = ["betekenis", "betekenis"] * 3
    pair = play(scenario, kinds)
    solo = play(scenario, kinds, learner="klantmanager")
    assert pair.session_score == 12
    assert solo.learner == "klantmanager" and solo.learner_score.points == 6
    assert solo.session_score == 6  # the computer colleague's 6 points are shown apart, never added in
    assert {r: p.points for r, p in solo.partner_scores.items()} == {"sociaal_werker": 6}
    assert all(r.role in ("klantmanager", "") for r in solo.session_reasons)


def test_solo_survives_snapshot_and_replay(scenario):
    session = Session(scenario, answering_roles=(), learner="sociaal_werker")
    session.start()
    session.choose("betekenis_0")
    restored = Session.restore(scenario, session.snapshot())
    replayed, _ = Session.replay(scenario, session.snapshot())
    assert restored.score().learner == replayed.score().learner == "sociaal_werker"


def test_the_maximum_counts_a_bridge_and_the_minimum_does_not(scenario):
    bounds = analyse(scenario).scores
    low, high = bounds["sociaal_werker"]
    assert low == -TURNS // 2  # a red flag at each of her eight turns
    assert high > 0


# -- the doc ----------------------------------------------------------------------------------------------
def test_docs_state_each_figure_in_the_words_the_debrief_uses():
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for key, (title, words) in FIGURES.items():
        assert f"## {title}" in text, key
        assert " ".join(words.split()) in text, key


def test_the_worked_examples_in_the_doc_are_these_tests():
    text = DOC.read_text(encoding="utf-8")
    for name in re.findall(r"tests/test_scoring_rules.py::(\w+)", text):
        assert name in globals(), name

"""Client personas: one utterance valued differently per persona, the persona in conditions, saves and the
client's view (issue 12, parts 2 and 3)."""

from __future__ import annotations

import pytest
from casustafel.engine.client_view import client_view, client_view_question
from casustafel.engine.loader import load_scenario_text
from casustafel.engine.scoring import option_value, score_history
from casustafel.engine.session import Session, SessionError

SCENARIO = '''casustafel: 1
id: persona-proef
language: nl
title: "Persona-proef"
summary: "Twee klanten, één zin."
duration: 5
learning_goals: ["Aansluiten bij deze klant"]
kind: spreekkamer
catalogue: igm
client: {name: "Noor", facts: ["Bijstand"]}
personas:
  regie: {name: "Houdt de regie", description: "Wil zelf bepalen wat de volgende stap is."}
  hand: {name: "Bij de hand", description: "Wil dat iemand de weg wijst."}
roles:
  klantmanager: {name: "Mark", brief: "Speel Mark."}
  sociaal_werker: {name: "Ayla", brief: "Speel Ayla.", home: {welzijn: 2}}
start: km
nodes:
  km:
    turn: klantmanager
    prompt: "Wat zeg je?"
    options:
      - id: km_voorstel
        text: "Zal ik de eerste stap voor je regelen?"
        frames: {werk: 1}
        heuristics: [advies_te_vroeg]
        persona:
          hand: {heuristics: [aansluiten], client_view: "Eindelijk iemand die me op weg helpt."}
        next: reactie
      - {id: km_vraag, text: "Wat wil je zelf als eerste doen?", frames: {regie: 2}, heuristics: [aansluiten],
         client_view: "Ik mag het zelf zeggen.", next: reactie}
  reactie:
    branch:
      - {when: 'persona == "hand"', next: opgelucht}
      - {next: sw}
  opgelucht:
    lines: [{by: sociaal_werker, text: "Noor knikt opgelucht."}]
    next: sw
  sw:
    turn: sociaal_werker
    prompt: "Wat zeg je?"
    options:
      - {id: sw_etiket, text: "Ze is gewoon passief.", frames: {welzijn: 1}, heuristics: [etiket], next: eind}
      - {id: sw_samen, text: "Wat helpt jou?", frames: {regie: 1}, heuristics: [aansluiten], next: eind}
  eind:
    ending: {kind: gedeeld_plan, title: "Plan", text: "Een plan."}
'''


@pytest.fixture(scope="module")
def scenario():
    result = load_scenario_text(SCENARIO)
    assert result.ok, [d.message for d in result.diagnostics]
    return result.scenario


def test_one_utterance_is_valued_differently_under_two_personas(scenario) -> None:
    option = scenario.options["km_voorstel"]
    assert option_value(scenario, option, "regie") < 0 < option_value(scenario, option, "hand")
    assert option_value(scenario, option) == option_value(scenario, option, "regie")  # the first is the default


def test_a_session_under_each_persona_reaches_different_valuations(scenario) -> None:
    totals = {}
    for persona in scenario.personas:
        session = Session(scenario, answering_roles=(), persona=persona)
        session.start()
        session.choose("km_voorstel")
        lines = [e for e in session.choose("sw_samen")]
        totals[persona] = session.score().session_score
        assert session.ended and lines
        assert score_history(scenario, [(t.index, t.role, t.option_id) for t in session.history],
                             persona=persona).session_score == totals[persona]
    assert totals["hand"] > totals["regie"]


def test_conditions_read_the_persona_and_saves_keep_it(scenario) -> None:
    session = Session(scenario, answering_roles=(), persona="hand")
    session.start()
    events = session.choose("km_vraag")
    assert any(getattr(e, "node", None) == "opgelucht" for e in events)
    snapshot = session.snapshot()
    assert snapshot["persona"] == "hand"
    assert Session.restore(scenario, snapshot).persona == "hand"
    replayed, report = Session.replay(scenario, snapshot)
    assert replayed.persona == "hand" and not report.problems
    default = Session(scenario, answering_roles=())
    default.start()
    assert all(getattr(e, "node", None) != "opgelucht" for e in default.choose("km_vraag"))


def test_an_unknown_persona_is_one_dutch_line(scenario) -> None:
    with pytest.raises(SessionError, match='Persona "boos" bestaat niet'):
        Session(scenario, persona="boos")


def test_a_persona_block_for_an_undeclared_persona_or_a_set_of_persona_is_reported() -> None:
    bad = SCENARIO.replace("          hand: {heuristics", "          hnad: {heuristics")
    result = load_scenario_text(bad)
    assert not result.ok
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "hnad:" in text)
    assert [(d.code, d.line) for d in result.diagnostics] == [("CT029", line)]
    assert "hand" in result.diagnostics[0].message
    set_bad = SCENARIO.replace("client_view: \"Ik mag", "set: {persona: hand}, client_view: \"Ik mag")
    assert [d.code for d in load_scenario_text(set_bad).diagnostics] == ["CT029"]


def test_the_client_view_is_authored_persona_aware_or_derived(scenario) -> None:
    voorstel, etiket = scenario.options["km_voorstel"], scenario.options["sw_etiket"]
    assert client_view(scenario, voorstel, "hand") == "Eindelijk iemand die me op weg helpt."
    assert "besloten" in client_view(scenario, voorstel, "regie")  # derived from advies_te_vroeg
    assert "hokje" in client_view(scenario, etiket, "hand")
    assert client_view(scenario, scenario.options["km_vraag"], "hand") == "Ik mag het zelf zeggen."
    assert client_view_question(scenario) == "Hoe hoorde Noor dit?"


def test_the_analysis_reaches_over_every_persona_and_scores_per_persona(scenario) -> None:
    from casustafel.engine.analysis import analyse, score_bounds

    assert "opgelucht" in analyse(scenario).reachable  # only the `hand` persona goes there
    assert "opgelucht" not in analyse(scenario, persona="regie").reachable
    regie, hand = score_bounds(scenario, persona="regie"), score_bounds(scenario, persona="hand")
    assert hand["klantmanager"][0] > regie["klantmanager"][0]  # the worst line is better for `hand`
    assert score_bounds(scenario) == regie

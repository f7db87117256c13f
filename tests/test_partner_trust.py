"""The own-frame colleague can be won over by good play, and only by good play (issue 10, part 5).

For every casuïstiek scenario of the library and for each of its two roles: a search over the human's choices
(by option id, never by text) finds a path on which the own-frame computer colleague is won over and the
session reaches a shared-plan ending; random play reaches it rarely, form-only play (always the longest option;
the most questions) never.
"""

from __future__ import annotations

import random

import pytest
from casustafel.engine.library import scenario_files
from casustafel.engine.loader import load_scenario, load_scenario_text
from casustafel.engine.partner import TrustKeeper, pick
from casustafel.engine.session import Session

PLAN = "gedeeld_plan"
SEEDS = 200


def casuistiek():
    found = []
    for path in scenario_files():
        scenario = load_scenario(path).scenario
        if scenario is not None and scenario.kind == "casuistiek":
            found.append(scenario)
    return found


SCENARIOS = casuistiek()


def colleague_moves(session: Session, colleague: str) -> None:
    """Let the own-frame colleague play (and nobody answer reflection) until the human is to choose."""
    while not session.ended:
        if session.node.kind == "reflect":
            session.answer(session.awaiting_role, "")
            continue
        if session.awaiting_role != colleague:
            return
        option = pick("own-frame", session.scenario, colleague, session.offered(), random.Random(0), session.trust)
        session.choose(option.id)


def begin(scenario, human: str) -> tuple[Session, str]:
    colleague = next(r for r in scenario.roles if r != human)
    session = Session(scenario, answering_roles=(), learner=human)
    session.start()
    colleague_moves(session, colleague)
    return session, colleague


def winning_path(scenario, human: str) -> list[str] | None:
    """Depth-first over the human's offered options (ids only); the first path that ends in a shared plan."""
    session, colleague = begin(scenario, human)
    stack = [session.snapshot()]
    while stack:
        snapshot = stack.pop()
        here = Session.restore(scenario, snapshot)
        if here.ended:
            if here.node.ending.kind == PLAN:
                return [t.option_id for t in here.history if t.role == human]
            continue
        for option in here.offered():
            nxt = Session.restore(scenario, snapshot)
            nxt.choose(option.id)
            colleague_moves(nxt, colleague)
            stack.append(nxt.snapshot())
    return None


def plan_share(scenario, human: str, choose) -> float:
    """Share of SEEDS sessions that reach a shared plan when the human picks with `choose(offered, rng)`."""
    reached = 0
    for seed in range(SEEDS):
        rng = random.Random(seed)
        session, colleague = begin(scenario, human)
        while not session.ended:
            session.choose(choose(session.offered(), rng).id)
            colleague_moves(session, colleague)
        reached += session.node.ending.kind == PLAN
    return reached / SEEDS


def at_random(offered, rng):
    return offered[rng.randrange(len(offered))]


def by_form(measure):
    """A form-only player: the option that scores highest on `measure` of its text; ties at random."""
    def choose(offered, rng):
        values = [measure(o.text.get()) for o in offered]
        tied = [o for o, v in zip(offered, values, strict=True) if v == max(values)]
        return tied[rng.randrange(len(tied))]
    return choose


LONGEST = by_form(len)
MOST_QUESTIONS = by_form(lambda text: (text.count("?"), len(text)))


CASES = [(scenario, role) for scenario in SCENARIOS for role in scenario.roles]
RARELY = 0.25  # the largest share of random sessions that may reach a shared plan, in either role


def test_the_library_has_casuistiek_scenarios_for_two_roles():
    assert len(SCENARIOS) >= 8
    assert all(len(s.roles) == 2 for s in SCENARIOS)


@pytest.mark.parametrize(("scenario", "human"), CASES, ids=[f"{s.id}:{role}" for s, role in CASES])
def test_a_skilled_human_in_either_role_wins_the_colleague_over_and_chance_does_not(scenario, human):
    path = winning_path(scenario, human)
    assert path, f"{scenario.id}: no path as {human} reaches a shared plan against the own-frame colleague"
    session, colleague = begin(scenario, human)
    for option_id in path:
        session.choose(option_id)
        colleague_moves(session, colleague)
    assert session.ended and session.node.ending.kind == PLAN
    assert session.trust.levels[colleague] >= scenario.trust.won_over, "the colleague was won over on the way"
    assert plan_share(scenario, human, at_random) <= RARELY, f"{scenario.id}: random play as {human}"


@pytest.mark.parametrize(("scenario", "human"), CASES, ids=[f"{s.id}:{role}" for s, role in CASES])
def test_form_only_play_does_not_reach_a_shared_plan(scenario, human):
    """Always the longest option, or the most questions, against the own-frame colleague: no shared plan."""
    shares = {name: plan_share(scenario, human, player) for name, player in (("langste", LONGEST),
                                                                             ("vragen", MOST_QUESTIONS))}
    assert shares == {"langste": 0.0, "vragen": 0.0}


# -- trust is session state ---------------------------------------------------------------------------------
def test_trust_rises_when_asked_and_falls_when_labelled_and_survives_undo_restore_replay():
    scenario = next(s for s in SCENARIOS if s.id == "sandra-schulden-en-werk")
    keeper = TrustKeeper(scenario)
    meaning = next(o for o in scenario.options.values()
                   if any(t.id == "betekenis" for t in o.heuristics) and scenario.nodes[o.node_id].turn)
    label = next(o for o in scenario.options.values() if any(t.id == "etiket" for t in o.heuristics))
    speaker = scenario.nodes[meaning.node_id].turn
    assert keeper.change(speaker, meaning.id) >= 1
    assert keeper.change(scenario.nodes[label.node_id].turn, label.id) == -scenario.trust.fall

    session = Session(scenario, answering_roles=())
    session.start()
    rng = random.Random(3)
    while not session.ended and session.turn < 4:
        session.choose(pick("random", scenario, session.awaiting_role, session.offered(), rng).id)
    levels = dict(session.trust.levels)
    assert any(levels.values())
    assert Session.restore(scenario, session.snapshot()).trust.levels == levels
    assert Session.replay(scenario, session.snapshot())[0].trust.levels == levels
    session.choose(session.offered()[0].id)
    session.undo()
    assert session.trust.levels == levels


def test_a_scenario_can_override_the_trust_defaults(tmp_path):
    from tests.conftest import MINI

    text = MINI + "trust: {start: 2, won_over: 4, fall: 1, rises: [betekenis], falls: [etiket]}\n"
    result = load_scenario_text(text)
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    settings = result.scenario.trust
    assert (settings.start, settings.won_over, settings.fall, settings.rises, settings.falls) == \
        (2, 4, 1, ("betekenis",), ("etiket",))
    assert TrustKeeper(result.scenario).levels == dict.fromkeys(result.scenario.roles, 2)
    bad = load_scenario_text(MINI + "trust: {won_over: -1, rises: [vriendelijk], tempo: 3}\n")
    messages = [d.format() for d in bad.diagnostics]
    assert any("won_over" in m for m in messages)
    assert any("vriendelijk" in m for m in messages)
    assert any("tempo" in m for m in messages)

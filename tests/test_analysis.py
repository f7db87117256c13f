"""State-space analysis against brute force: every path of small random (acyclic) scenarios played by the
engine; loops, the heuristic cap and the state limit separately."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from casustafel.engine.analysis import analyse, score_bounds
from casustafel.engine.expressions import ExpressionLimitError
from casustafel.engine.lint import lint_text
from casustafel.engine.loader import load_scenario, load_scenario_text
from casustafel.engine.session import Session

EXAMPLES = Path(__file__).parent / "lint_examples"
HEURISTICS = ["perspectief", "aanname", "betekenis", "client_centraal", "etiket", "afkappen", "casusvraag"]
FRAMES = ["recht", "werk", "bestaan", "welzijn", "regie", "samen"]
LEVELS = ["", "", "dialogisch", "kritisch", "beschrijvend"]
WHENS = ["v >= 1", "not f", "f and v >= 1", "v < 1", "v >= 2 or f", "chosen(o0_0)", "visited(n2)"]
SETS = ['{v: "v + 1"}', '{v: "v - 1"}', "{f: true}", '{f: true, v: "v + 2"}']

HEAD = """casustafel: 1
id: random
language: nl
title: "R"
summary: "R"
duration: 5
learning_goals: ["R"]
client: {name: "S"}
roles:
  klantmanager: {name: "M", brief: "M"}
  sociaal_werker: {name: "A", brief: "A"}
variables: {v: 0, f: false}
start: n0
nodes:
"""


def random_scenario(seed: int) -> str:
    rng = random.Random(seed)
    n = rng.randint(4, 7)
    out = [HEAD]
    for i in range(n):
        if i and rng.random() < 0.2:
            out.append(f"  n{i}:\n    branch:\n      - {{when: \"{rng.choice(WHENS[:5])}\", next: e1}}\n"
                       f"      - {{next: {f'n{i + 1}' if i + 1 < n else 'e0'}}}\n")
            continue
        role = ("klantmanager", "sociaal_werker")[i % 2]
        out.append(f"  n{i}:\n    turn: {role}\n    prompt: \"P\"\n    options:\n")
        for k in range(rng.randint(2, 3)):
            target = rng.choice([f"n{j}" for j in range(i + 1, n)] + ["e0", "e1"]) if i + 1 < n else "e0"
            tags = rng.sample(HEURISTICS, rng.randint(0, 2))
            parts = [f"id: o{i}_{k}", 'text: "T"', f"frames: {{{rng.choice(FRAMES)}: {rng.randint(1, 3)}}}",
                     f"heuristics: [{', '.join(tags)}]"]
            level = rng.choice(LEVELS)
            if level:
                parts.append(f"level: {level}")
            if k and rng.random() < 0.4:
                parts.append(f'when: "{rng.choice(WHENS)}"')
            if rng.random() < 0.4:
                parts.append(f"set: {rng.choice(SETS)}")
            parts.append(f"next: {target}")
            out.append(f"      - {{{', '.join(parts)}}}\n")
    out.append('  e0:\n    ending: {kind: gedeeld_plan, title: "E", text: "E"}\n')
    out.append('  e1:\n    ending: {kind: impasse, title: "E", text: "E"}\n')
    return "".join(out)


def brute_force(scenario, max_turns: int = 14):
    """Every play up to `max_turns` choices: reached nodes, offered options, score range per role."""
    reached, offered, scores = set(), set(), {}
    ended_any = [False]

    def walk(session: Session) -> None:
        reached.update(session.visits)
        if session.ended:
            ended_any[0] = True
            for role, player in session.score().players.items():
                lo, hi = scores.get(role, (math.inf, -math.inf))
                scores[role] = (min(lo, player.points), max(hi, player.points))
            return
        if session.turn >= max_turns:
            return
        for option in session.offered():
            offered.add(option.id)
            session.choose(option.id)
            walk(session)
            session.undo()

    session = Session(scenario, answering_roles=())
    session.start()
    walk(session)
    return reached, offered, scores


@pytest.mark.parametrize("seed", range(40))
def test_analysis_matches_brute_force(seed):
    result = load_scenario_text(random_scenario(seed))
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    scenario = result.scenario
    analysis = analyse(scenario)
    assert analysis.complete
    reached, offered, scores = brute_force(scenario)
    assert analysis.reachable == reached
    assert analysis.offered == offered
    assert analysis.scores_exact
    for role, bounds in scores.items():
        assert analysis.scores[role] == bounds


def test_cap_of_three_per_heuristic_bounds_a_loop():
    text = HEAD.replace("variables: {v: 0, f: false}\n", "") + """  n0:
    turn: klantmanager
    prompt: "P"
    options:
      - {id: nog, text: "Nog een vraag", frames: {samen: 1}, heuristics: [perspectief], next: n1}
      - {id: klaar, text: "Klaar", frames: {werk: 1}, next: e0}
  n1:
    turn: sociaal_werker
    prompt: "P"
    options:
      - {id: terug, text: "Ga door", frames: {welzijn: 1}, next: n0}
      - {id: stop, text: "Stop", frames: {welzijn: 1}, heuristics: [etiket], next: e0}
  e0:
    ending: {kind: open, title: "E", text: "E"}
"""
    scenario = load_scenario_text(text).scenario
    bounds = score_bounds(scenario)
    assert bounds["klantmanager"] == (0.0, 6.0)  # perspectief 2 points, counted three times at most
    assert bounds["sociaal_werker"] == (-1.0, 0.0)


def test_a_loop_that_keeps_paying_is_unbounded_and_said_so():
    text = HEAD.replace("variables: {v: 0, f: false}\n", "") + """  n0:
    turn: klantmanager
    prompt: "P"
    options:
      - {id: nog, text: "Nog een vraag", frames: {samen: 1}, level: kritisch, next: n0}
      - {id: klaar, text: "Klaar", frames: {werk: 1}, next: e0}
  e0:
    ending: {kind: open, title: "E", text: "E"}
"""
    analysis = analyse(load_scenario_text(text).scenario)
    assert analysis.scores["klantmanager"] == (0.0, math.inf)
    assert not analysis.scores_exact and "onbegrensd" in analysis.score_note


def test_limit_gives_a_clear_message_and_sound_bounds():
    scenario = load_scenario(EXAMPLES / "CT106.bad.yaml").scenario
    analysis = analyse(scenario)
    assert not analysis.complete and "20000 toestanden" in analysis.limit_message
    assert not analysis.scores_exact
    exact = analyse(scenario, max_states=10)
    assert "gestopt na 10 toestanden" in exact.limit_message


def test_liveness_keeps_the_state_space_small_for_the_flagship():
    from casustafel.engine.library import FLAGSHIP, resolve

    scenario = load_scenario(resolve(FLAGSHIP)).scenario
    analysis = analyse(scenario, scores=False)
    assert analysis.complete and analysis.states < 10_000
    assert not analysis.never_offered and not analysis.stuck and not analysis.traps


# -- budgets (issue 13, part 2) ---------------------------------------------------------------------------
def _loop_scenario(sets: str, when: str = "x > 100", extra_options: str = "") -> str:
    return f"""\
casustafel: 1
id: lus
language: nl
kind: spreekkamer
title: "Lus"
summary: "Een keuze die zichzelf herhaalt."
duration: 5
learning_goals: ["Grenzen"]
client: {{name: "Anna", facts: ["feit"]}}
roles:
  klantmanager: {{name: "Kim", organisation: "W&I", brief: "Kim."}}
characters:
  anna: {{name: "Anna"}}
variables: {{x: 2, y: 0}}
start: keuze
nodes:
  keuze:
    turn: klantmanager
    prompt: "Wat nu?"
    options:
      - {{id: nog, text: "Nog een keer", frames: {{werk: 1}}, set: {sets}, next: keuze}}
{extra_options}      - {{id: klaar, text: "Klaar", frames: {{werk: 1}}, when: "{when}", next: einde}}
  einde:
    ending: {{kind: open, title: "Einde", text: "Klaar."}}
"""


def test_a_squaring_loop_stops_the_analysis_with_a_finding_not_a_hang():
    text = _loop_scenario('{x: "x * x"}')
    scenario = load_scenario_text(text).scenario
    with pytest.raises(ExpressionLimitError) as info:  # the number limit lives in the expressions: one place
        analyse(scenario)
    assert info.value.pos is not None and "x * x" in info.value.message
    assert [(d.code, d.line) for d in lint_text(text)] == [("CT042", info.value.pos[0])]


def test_the_time_budget_stops_a_large_state_space():
    extra = '      - {id: op, text: "Verder", frames: {recht: 1}, set: {y: "y + 1"}, next: keuze}\n'
    scenario = load_scenario_text(_loop_scenario('{x: "x + 1"}', "x > y * 3 + 1000", extra)).scenario
    result = analyse(scenario, budget_seconds=0.0)
    assert not result.complete
    assert "tijd" in result.limit_message
    assert set(result.scores) == {"klantmanager"}


def test_maxima_survive_a_cache_that_is_not_a_mapping(data_dir):
    from casustafel.game.records.maxima import CACHE_NAME, maxima_for

    (data_dir / CACHE_NAME).write_text("[]", encoding="utf-8")
    scenario = load_scenario_text(_loop_scenario('{x: "x * x"}')).scenario
    assert maxima_for(scenario, data_dir) == {}


def test_the_score_search_over_a_long_cycle_stops_at_the_time_budget():
    """3,000 states in one cycle: exploring is quick, the exact score search is not; it stops in time."""
    options = ('      - {id: terug, text: "Terug", frames: {recht: 1}, when: "x == 3000", set: {x: "0"}, '
               'next: keuze}\n')
    text = _loop_scenario('{x: "x + 1"}', "x == 3", options).replace(
        "set: {x: \"x + 1\"}", "heuristics: [etiket], when: \"x < 3000\", set: {x: \"x + 1\"}").replace(
        "variables: {x: 2, y: 0}", "variables: {x: 0, y: 0}")
    scenario = load_scenario_text(text).scenario
    result = analyse(scenario, budget_seconds=0.3)
    assert result.complete and result.states > 3000
    assert not result.scores_exact and "tijd" in result.score_note
    assert result.scores["klantmanager"] == (-math.inf, math.inf)

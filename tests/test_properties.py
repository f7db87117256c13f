"""Property-based tests (hypothesis): the expression language, the loader, the engine and the scorer."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest
from casustafel.engine.expressions import ExpressionError, parse_expression
from casustafel.engine.loader import load_scenario, load_scenario_text
from casustafel.engine.partner import POLICIES, pick
from casustafel.engine.scoring import score_history
from casustafel.engine.session import Session
from conftest import MINI, library_files, random_walk, step_randomly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LIBRARY = {p.stem: load_scenario(p).scenario for p in library_files()}
PLAYABLE = {k: v for k, v in LIBRARY.items() if v is not None}
VARIABLE_TYPES = {"a": "int", "b": "int", "p": "bool", "q": "bool"}

# -- expressions --------------------------------------------------------------------------------------


def int_expr() -> st.SearchStrategy:
    leaves = st.one_of(st.integers(0, 50).map(lambda n: (str(n), lambda env, n=n: n)),
                       st.sampled_from(["a", "b"]).map(lambda v: (v, lambda env, v=v: env[v])))

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        def combine(t):
            (ls, lf), op, (rs, rf) = t
            fn = {"+": lambda e: lf(e) + rf(e), "-": lambda e: lf(e) - rf(e), "*": lambda e: lf(e) * rf(e)}[op]
            return (f"({ls} {op} {rs})", fn)
        return st.tuples(children, st.sampled_from("+-*"), children).map(combine)

    return st.recursive(leaves, extend, max_leaves=6)


def bool_expr() -> st.SearchStrategy:
    def comparison(t):
        (ls, lf), op, (rs, rf) = t
        ops = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__, "==": int.__eq__,
               "!=": int.__ne__}
        return (f"{ls} {op} {rs}", lambda e: ops[op](lf(e), rf(e)))

    leaves = st.one_of(
        st.sampled_from(["p", "q"]).map(lambda v: (v, lambda env, v=v: env[v])),
        st.booleans().map(lambda b: (str(b).lower(), lambda env, b=b: b)),
        st.tuples(int_expr(), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), int_expr()).map(comparison),
    )

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        def combine(t):
            (ls, lf), op, (rs, rf) = t
            if op == "and":
                return (f"({ls} and {rs})", lambda e: lf(e) and rf(e))
            return (f"({ls} or {rs})", lambda e: lf(e) or rf(e))
        negate = children.map(lambda c: (f"not ({c[0]})", lambda e, f=c[1]: not f(e)))
        return st.one_of(st.tuples(children, st.sampled_from(["and", "or"]), children).map(combine), negate)

    return st.recursive(leaves, extend, max_leaves=6)


ENVS = st.fixed_dictionaries({"a": st.integers(-5, 5), "b": st.integers(-5, 5), "p": st.booleans(),
                              "q": st.booleans()})


@given(bool_expr(), ENVS)
def test_expressions_evaluate_like_python(expr, env) -> None:
    source, reference = expr
    parsed = parse_expression(source, VARIABLE_TYPES)
    context = SimpleNamespace(variables=env, visits={}, chosen_ids=set(), turn=0)
    assert parsed.type == "bool"
    assert parsed.evaluate(context) == reference(env)


@given(st.text(alphabet="ab pq01()<>=!+-*andotr'\"", max_size=30))
def test_any_text_parses_or_fails_with_a_positioned_error(source: str) -> None:
    try:
        parse_expression(source, VARIABLE_TYPES)
    except ExpressionError as exc:
        assert 0 <= exc.offset <= len(source)
        assert exc.message


# -- loader -------------------------------------------------------------------------------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_scenarios_give_diagnostics_never_exceptions(data) -> None:
    lines = MINI.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "indent"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "garble":
            j = data.draw(st.integers(0, max(0, len(lines[i]) - 1)))
            lines[i] = lines[i][:j] + data.draw(st.text(max_size=3)) + lines[i][j + 1:]
        else:
            lines[i] = "  " + lines[i]
        if not lines:
            break
    result = load_scenario_text("\n".join(lines), "m.yaml")
    assert result.scenario is not None or result.diagnostics
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.code.startswith("CT") and d.message


# -- engine and scorer --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLAYABLE))
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_walks_through_library_scenarios_reach_an_ending(name: str, seed: int) -> None:
    session = random_walk(PLAYABLE[name], random.Random(seed))
    assert session.ended, f"{name}: no ending after 500 steps (stuck at {session.node.id})"


@pytest.mark.parametrize("name", sorted(PLAYABLE))
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), policy=st.sampled_from(POLICIES))
def test_score_totals_equal_the_sum_of_their_reasons(name: str, seed: int, policy: str) -> None:
    scenario = PLAYABLE[name]
    rng = random.Random(seed)
    session = Session(scenario)
    session.start()
    while not session.ended:
        if session.node.kind == "reflect":
            session.answer(session.awaiting_role, "")
            continue
        session.choose(pick(policy, scenario, session.awaiting_role, session.offered(), rng).id)
    live = session.score()
    fresh = score_history(scenario, [(t.index, t.role, t.option_id) for t in session.history])
    for role, player in live.players.items():
        assert player.points == sum(r.points for r in player.reasons)
        assert player.points == fresh.players[role].points
        kinds = {"heuristic", "red_flag", "level", "bridge", "capped"}
        assert player.points == sum(player.part(k) for k in kinds)
    assert live.session_score == pytest.approx(sum(r.points for r in live.session_reasons))
    assert live.session_score == fresh.session_score
    every_turn = {t.index for t in session.history}
    assert all(r.turn in every_turn for r in live.session_reasons)


@pytest.mark.parametrize("name", sorted(PLAYABLE))
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), cut=st.integers(0, 30))
def test_snapshot_restore_continue_equals_continuing(name: str, seed: int, cut: int) -> None:
    scenario = PLAYABLE[name]
    rng_a, rng_b = random.Random(seed), random.Random(seed)
    direct = Session(scenario)
    direct.start()
    resumed = None
    step = 0
    while not direct.ended:
        if step == cut and resumed is None:
            snap = json.loads(json.dumps(direct.snapshot()))  # through JSON, as a save is stored
            resumed = Session.restore(scenario, snap)
            rng_b.setstate(rng_a.getstate())
        for session, rng in ((direct, rng_a), (resumed, rng_b)):
            if session is not None:
                step_randomly(session, rng)
        step += 1
    if resumed is not None:
        assert resumed.snapshot() == direct.snapshot()
        assert resumed.score().session_score == direct.score().session_score


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_undo_returns_to_the_exact_state_before(seed: int) -> None:
    scenario = PLAYABLE.get("sandra-schulden-en-werk") or next(iter(PLAYABLE.values()))
    rng = random.Random(seed)
    session = Session(scenario)
    session.start()
    while not session.ended:
        before = session.snapshot()
        step_randomly(session, rng)
        after = session.snapshot()
        assert session.undo()
        assert session.snapshot() == before
        session._restore(after)


# -- the compiled cache -------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_cached_model_equals_a_fresh_load(tmp_path_factory, data) -> None:
    """Whatever a (mangled) file holds, a model read back from the cache is the model the loader built."""
    lines = MINI.splitlines()
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, max(0, len(lines[i]) - 1)))
        lines[i] = lines[i][:j] + data.draw(st.text(alphabet="abz019 :-\"'{}[],", max_size=3)) + lines[i][j + 1:]
    folder = tmp_path_factory.mktemp("cache")
    path = folder / "m.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = load_scenario(path, cache_dir=folder)
    again = load_scenario(path, cache_dir=folder)
    assert again.diagnostics == fresh.diagnostics and again.scenario == fresh.scenario
    if fresh.scenario is not None:
        assert again.raw is None  # it did come from the cache

"""State-space analysis of a scenario: what can happen, what never can, and what each role can score.

Two layers:

* the **structural graph** (nodes and their targets, conditions ignored) gives cheap, always-available
  facts: nodes no path reaches, nodes from which no path reaches an ending, loops without a choice;
* the **state space** explores (node, variables, the visited/chosen facts expressions ask about, and the
  turn count when an expression reads `turn`) from the start, with memoisation and a limit. When it
  completes it is exact: reachable nodes and endings, options whose condition is false in every reachable
  state, choice states that offer nothing, states from which no ending can be reached, branch arms never
  taken, and the minimum and maximum reflexivity score per role (`scoring.value_utterance` semantics through
  `scoring.option_parts`: heuristic cap 3 per player, level bonus, red flags; a bridge depends on what the
  other player brought in, so the maximum counts every bridge an option can make and the minimum none).

Everything runs within a budget: a number of states and `budget_seconds` of search; when one is hit,
`complete` is False and `limit_message` says which, in Dutch (lint shows it as CT106). Numbers are bounded
where they are computed (`expressions.INT_LIMIT`): a variable that outgrows it (`set: {x: "x * x"}` in a loop)
raises ExpressionLimitError out of `analyse`, which lint reports as CT042 at that expression.

When the limit is reached, the analysis says so (`complete = False`, `limit_message`) and falls back to
the structural graph, which over-approximates the paths: score bounds are then bounds, not exact values
(`scores_exact = False`).
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .expressions import Expression
from .machine import StepError, advance
from .model import BRANCH, CHOICE, ENDING, LINES, PERSONA_VARIABLE, REFLECT, Option, Scenario
from .scoring import HEURISTIC_CAP, option_parts

T = TypeVar("T")

DEFAULT_STATE_LIMIT = 20_000  # at least; `state_limit` grows it with the scenario
DEFAULT_SCORE_STATE_LIMIT = 200_000
EXACT_SCORE_STATES = 5_000  # above this many states, scores are bounds (the cap-aware search would be slow)
DEFAULT_BUDGET_SECONDS = 5.0  # the state-space search and the exact scores stop after this long
_CHECK_EVERY = 256  # states between two looks at the clock
_TURN = re.compile(r"""("[^"]*"|'[^']*')|\bturn\b""")

# State: (node id, variable values in declaration order, visited facts, chosen facts, turn)
State = tuple[str, tuple, frozenset, frozenset, int]


@dataclass
class _Context:
    """What an expression reads, for one state."""

    variables: dict[str, object]
    visits: dict[str, int]
    chosen_ids: set[str]
    turn: int


@dataclass
class Analysis:
    """Everything the analysis found; see the module docstring."""

    scenario: Scenario
    complete: bool = True
    limit_message: str = ""
    states: int = 0
    structural_reachable: set[str] = field(default_factory=set)
    structural_traps: set[str] = field(default_factory=set)  # reachable, yet no path to any ending
    auto_loops: list[list[str]] = field(default_factory=list)  # cycles of lines/branch nodes only
    reachable: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    offered: set[str] = field(default_factory=set)  # option ids offered in some reachable state
    taken_arms: set[tuple[str, int]] = field(default_factory=set)
    stuck: dict[str, dict[str, object]] = field(default_factory=dict)  # choice node -> example variables
    traps: dict[str, dict[str, object]] = field(default_factory=dict)  # node -> example variables
    state_loops: dict[str, dict[str, object]] = field(default_factory=dict)  # node -> example variables
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)
    scores_exact: bool = True
    score_note: str = ""

    @property
    def never_offered(self) -> list[str]:
        """Options at reachable nodes that no reachable state offers (only meaningful when complete)."""
        if not self.complete:
            return []
        return [oid for oid, o in self.scenario.options.items()
                if o.node_id in self.reachable and oid not in self.offered]

    @property
    def unreachable(self) -> list[str]:
        """Nodes no play reaches: exact when complete, else those the structural graph cannot reach."""
        reached = self.reachable if self.complete else self.structural_reachable
        return [nid for nid in self.scenario.nodes if nid not in reached]


# -- expressions --------------------------------------------------------------------------------------
def state_limit(scenario: Scenario) -> int:
    """The default limit: 20,000 states, or five per node for large scenarios."""
    return max(DEFAULT_STATE_LIMIT, 5 * len(scenario.nodes))


def expressions(scenario: Scenario) -> Iterable[Expression]:
    for node in scenario.nodes.values():
        for arm in node.branch:
            if arm.when is not None:
                yield arm.when
        for option in node.options:
            if option.when is not None:
                yield option.when
            for _name, value in option.sets:
                yield value


def uses_turn(expression: Expression, scenario: Scenario) -> bool:
    if "turn" in scenario.variable_types:
        return False
    return any(m.group(1) is None for m in _TURN.finditer(expression.source))


def _reads(expression: Expression | None, scenario: Scenario) -> set[str]:
    """The facts an expression reads: variable names, `v:node`, `c:option` and `turn`."""
    if expression is None:
        return set()
    facts = set(expression.variables) | {f"v:{n}" for n in expression.nodes} | {f"c:{o}" for o in expression.options}
    if uses_turn(expression, scenario):
        facts.add("turn")
    return facts


def live_facts(scenario: Scenario) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Per choice node: the facts some later expression may still read (classic liveness, to a fixpoint).

    Two states at a choice node that agree on these facts have the same future, so the explorer keeps
    only these; a variable that is only counted up and never compared again drops out. Returns (facts
    live at each choice node once visited, facts live on entry to each node).
    """
    nodes = scenario.nodes
    live_in: dict[str, set[str]] = {nid: set() for nid in nodes}
    after: dict[str, set[str]] = {nid: set() for nid in nodes}  # at a choice node, once it is visited
    preds: dict[str, set[str]] = defaultdict(set)
    for nid, node in nodes.items():
        for t in node.targets():
            preds[t].add(nid)
    work = deque(nodes)
    queued = set(nodes)
    while work:
        nid = work.popleft()
        queued.discard(nid)
        node = nodes[nid]
        facts: set[str] = set()
        if node.kind in (LINES, REFLECT):
            facts = set(live_in.get(node.next, ())) if node.next else set()
        elif node.kind == BRANCH:
            for arm in node.branch:
                facts |= _reads(arm.when, scenario) | live_in.get(arm.next, set())
        elif node.kind == CHOICE:
            for option in node.options:
                later = live_in.get(option.next, set())
                assigned = {name for name, _e in option.sets}
                part = (later - assigned - {f"c:{option.id}"}) | _reads(option.when, scenario)
                for name, value in option.sets:
                    if name in later:
                        part |= _reads(value, scenario)
                facts |= part
            after[nid] = facts
        facts = facts - {f"v:{nid}"}
        if facts != live_in[nid]:
            live_in[nid] = facts
            for p in preds[nid]:
                if p not in queued:
                    queued.add(p)
                    work.append(p)
    return ({nid: frozenset(f) for nid, f in after.items()}, {nid: frozenset(f) for nid, f in live_in.items()})


# -- structural graph ---------------------------------------------------------------------------------
def _structural(scenario: Scenario, result: Analysis) -> None:
    nodes = scenario.nodes
    forward = {nid: [t for t in n.targets() if t in nodes] for nid, n in nodes.items()}
    seen = closure(forward, [scenario.start] if scenario.start in nodes else [])
    result.structural_reachable = seen
    reverse: dict[str, list[str]] = defaultdict(list)
    for nid, node in nodes.items():
        for target in node.targets():
            reverse[target].append(nid)
    alive = closure(reverse, [nid for nid, n in nodes.items() if n.kind == ENDING])
    result.structural_traps = {nid for nid in seen if nid not in alive}
    # loops through lines and branch nodes only: the session would walk them forever without asking anyone
    auto = {nid: [t for t in n.targets() if t in nodes and nodes[t].kind in (LINES, BRANCH)]
            for nid, n in nodes.items() if n.kind in (LINES, BRANCH)}
    for component in _sccs(auto):
        if len(component) > 1 or component[0] in auto.get(component[0], ()):
            result.auto_loops.append(sorted(component, key=list(nodes).index))


def _sccs(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.append(item)
                    if item == node:
                        break
                result.append(component)
    return result


# -- state space --------------------------------------------------------------------------------------
class _Explorer:
    """Breadth-first search over states; a state keeps only the facts that are live at its node."""

    def __init__(self, scenario: Scenario, result: Analysis, limit: int, deadline: float = math.inf,
                 persona: str | None = None) -> None:
        self.scenario = scenario
        self.persona = scenario.persona_or_default(persona)
        self.initial = dict(scenario.variables)
        if persona is not None:  # the persona variable exists when the scenario declares personas
            self.initial[PERSONA_VARIABLE] = persona
        self.result = result
        self.limit = limit
        self.deadline = deadline
        self.names = tuple(scenario.variables)
        exprs = list(expressions(scenario))
        self.watch_nodes = frozenset(n for e in exprs for n in e.nodes)
        self.watch_options = frozenset(o for e in exprs for o in e.options)
        self.track_turn = any(uses_turn(e, scenario) for e in exprs)
        self.live, live_in = live_facts(scenario)
        # only the assignments whose variable is read later matter (and only they are sure to be evaluable)
        self.sets = {o.id: tuple((n, e) for n, e in o.sets if n in live_in.get(o.next, ()))
                     for o in scenario.options.values()}
        self.live_names = {nid: tuple(n for n in self.names if n in live) for nid, live in self.live.items()}
        self.live_visited = {nid: frozenset(f[2:] for f in live if f[:2] == "v:") for nid, live in self.live.items()}
        self.live_chosen = {nid: frozenset(f[2:] for f in live if f[:2] == "c:") for nid, live in self.live.items()}
        self.edges: dict[State, list[tuple[Option, State]]] = {}
        self.terminal: set[State] = set()  # states at an ending

    def variables(self, state: State) -> dict[str, object]:
        return dict(zip(self.live_names.get(state[0], ()), state[1], strict=True))

    def context(self, state: State) -> _Context:
        return _Context(self.variables(state), dict.fromkeys(state[2], 1), set(state[3]), state[4])

    def example(self, state: State) -> dict[str, object]:
        """The variables of a state that matter there (the others are not tracked)."""
        return self.variables(state)

    def _settle(self, node_id: str, variables: dict, visited: frozenset, chosen: frozenset, turn: int) -> State:
        """The state at a choice node: only what a later expression may read."""
        if visited:
            visited = visited & self.live_visited[node_id]
        if chosen:
            chosen = chosen & self.live_chosen[node_id]
        return (node_id, tuple([variables.get(n) for n in self.live_names[node_id]]), visited, chosen,
                turn if self.track_turn and "turn" in self.live[node_id] else 0)

    def walk(self, node_id: str, variables: dict, visited: frozenset, chosen: frozenset, turn: int) -> State | None:
        """Follow lines, reflection and branches from `node_id` to the next choice or ending (`advance`)."""
        result = self.result
        watch = self.watch_nodes
        seen: set[tuple[str, frozenset]] = set()

        def holds(expression: Expression) -> bool:
            return bool(expression.evaluate(_Context(variables, dict.fromkeys(visited, 1), set(chosen), turn)))

        def arm(nid: str, index: int) -> None:
            result.taken_arms.add((nid, index))

        try:
            for node in advance(self.scenario, node_id, holds, arm):
                nid = node.id
                result.reachable.add(nid)
                if nid in watch and nid not in visited:
                    visited = visited | {nid}
                kind = node.kind
                if kind == CHOICE:
                    return self._settle(nid, variables, visited, chosen, turn)
                if kind == ENDING:
                    result.endings.add(nid)
                    return (nid, (), frozenset(), frozenset(), 0)
                if (nid, visited) in seen:
                    result.state_loops.setdefault(nid, {k: v for k, v in variables.items() if v is not None})
                    return None
                seen.add((nid, visited))
        except StepError:
            return None
        return None

    def explore(self) -> None:
        scenario, result = self.scenario, self.result
        start = self.walk(scenario.start, dict(self.initial), frozenset(), frozenset(), 0)
        if start is None:
            return
        self.start = start
        queue = deque([start])
        edges = self.edges
        edges[start] = []
        nodes = scenario.nodes
        watch_options = self.watch_options
        track_turn = self.track_turn
        offered = result.offered
        limit = self.limit
        while queue:
            state = queue.popleft()
            node_id, _values, visited, chosen, turn = state
            node = nodes[node_id]
            if node.kind == ENDING:
                self.terminal.add(state)
                continue
            ctx = self.context(state)
            out = edges[state]
            offered_any = False
            for option in node.options:
                if option.when is not None and not option.when.evaluate(ctx):
                    continue
                offered_any = True
                offered.add(option.id)
                variables = ctx.variables
                sets = self.sets[option.id]
                if sets:
                    variables = dict(variables)
                    variables.update([(name, value.evaluate(ctx)) for name, value in sets])
                target = self.walk(option.next, variables, visited,
                                   chosen | {option.id} if option.id in watch_options else chosen,
                                   turn + 1 if track_turn else 0)
                if target is None:
                    continue
                out.append((option, target))
                if target not in edges:
                    if len(edges) % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
                        return self._stop(
                            f"De toestandsanalyse is gestopt na {len(edges)} toestanden omdat de tijd op was: "
                            "controles die van voorwaarden afhangen zijn overgeslagen en scores zijn grenzen. "
                            "Minder variabelen, of kleinere getallenbereiken, maken de analyse volledig.")
                    if len(edges) >= limit:
                        result.complete = False
                        result.limit_message = (
                            f"De toestandsanalyse is gestopt na {limit} toestanden (node plus de waarden van de "
                            "variabelen die daar nog tellen): controles die van voorwaarden afhangen zijn "
                            "overgeslagen en scores zijn grenzen. Minder variabelen, of kleinere "
                            "getallenbereiken, maken de analyse volledig.")
                        return
                    edges[target] = []
                    queue.append(target)
            if not offered_any:
                result.stuck.setdefault(node_id, self.example(state))
        result.states = len(edges)

    def _stop(self, message: str) -> None:
        self.result.complete = False
        self.result.limit_message = message
        self.result.states = len(self.edges)

    def traps(self) -> None:
        """Reachable states from which no ending state can be reached."""
        reverse: dict[State, list[State]] = defaultdict(list)
        for source, out in self.edges.items():
            for _option, target in out:
                reverse[target].append(source)
        alive = closure(reverse, self.terminal)
        for state in self.edges:
            if state not in alive and state[0] not in self.result.stuck:
                self.result.traps.setdefault(state[0], self.example(state))


def closure(edges: Mapping[T, Iterable[T]], start: Iterable[T]) -> set[T]:
    """Everything reachable from `start` along `edges` (start included), breadth first."""
    found = set(start)
    queue = deque(found)
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in found:
                found.add(target)
                queue.append(target)
    return found


# -- scores -------------------------------------------------------------------------------------------
class _OutOfTime(Exception):
    """The score search ran past the analysis's time budget."""


class _Paths:
    """Shortest and longest paths to a terminal node over one graph, for many weightings.

    `graph[n]` lists (edge, target). The strongly connected components are computed once; Tarjan yields
    them successors first, so one pass per component settles an acyclic graph, and a loop that still
    improves a value after |C| + 1 rounds pumps it to ±inf.
    """

    def __init__(self, graph: dict, terminal: set, deadline: float = math.inf) -> None:
        self.graph = graph
        self.terminal = terminal
        self.deadline = deadline
        self.order = _sccs({n: [t for _e, t in out] for n, out in graph.items()})

    def _in_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime

    def solve(self, weight) -> tuple[dict, dict]:
        """(lo, hi) per node: min and max total `weight(node, edge)` to a terminal; ±inf = none/unbounded."""
        graph, terminal = self.graph, self.terminal
        inf = math.inf
        lo: dict = {}
        hi: dict = {}
        for component in self.order:
            if len(component) == 1:
                n = component[0]
                out = graph.get(n, ())
                if all(t != n for _e, t in out):
                    if n in terminal:
                        lo[n] = hi[n] = 0.0
                        continue
                    low, high = inf, -inf
                    for e, t in out:
                        lt = lo.get(t, inf)
                        if lt == inf:
                            continue
                        w = weight(n, e)
                        low = min(low, lt + w)
                        high = max(high, hi[t] + w)
                    lo[n], hi[n] = low, high
                    continue
            for n in component:
                lo[n], hi[n] = (0.0, 0.0) if n in terminal else (inf, -inf)
            low_moved = high_moved = False
            for _ in range(len(component) + 1):
                self._in_time()
                low_moved = high_moved = False
                for n in component:
                    for e, t in graph.get(n, ()):
                        lt = lo.get(t, inf)
                        if lt == inf:
                            continue
                        w = weight(n, e)
                        if lt + w < lo[n]:
                            lo[n] = lt + w
                            low_moved = True
                        if hi[t] + w > hi[n]:
                            hi[n] = hi[t] + w
                            high_moved = True
                if not low_moved and not high_moved:
                    break
            for n in component:  # still improving after |C| + 1 rounds: a loop pumps the score
                if low_moved and lo[n] != inf:
                    lo[n] = -inf
                if high_moved and hi[n] != -inf:
                    hi[n] = inf
        return lo, hi

    def longest_counts(self, counts, k: int) -> dict:
        """Per node, for each of `k` counters, the most it can grow on a path to a terminal (inf in a loop).

        `counts(node, edge)` gives a tuple of k non-negative increments.
        """
        graph, terminal = self.graph, self.terminal
        zero = (0,) * k
        none = (-math.inf,) * k
        best: dict = {}
        for component in self.order:
            members = set(component)
            cyclic = len(component) > 1 or any(t in members for _e, t in graph.get(component[0], ()))
            for n in component:
                best[n] = zero if n in terminal else none
            for _ in range(len(component) + 1 if cyclic else 1):
                self._in_time()
                moved = False
                for n in component:
                    current = best[n]
                    for e, t in graph.get(n, ()):
                        bt = best.get(t)
                        if bt is None or bt[0] == -math.inf:
                            continue
                        inc = counts(n, e)
                        candidate = tuple(a + b for a, b in zip(bt, inc, strict=True))
                        if any(c > x for c, x in zip(candidate, current, strict=True)):
                            current = tuple(max(c, x) for c, x in zip(candidate, current, strict=True))
                            moved = True
                    best[n] = current
                if not moved:
                    break
            else:
                if cyclic:
                    for n in component:
                        if best[n][0] != -math.inf:
                            best[n] = tuple(math.inf for _ in range(k))
        return best

    def bounds(self, start, weight) -> tuple[float, float] | None:
        lo, hi = self.solve(weight)
        if lo.get(start, math.inf) == math.inf:
            return None
        return lo[start], hi[start]


def _parts(scenario: Scenario, role: str, with_bridge: bool, persona: str | None = None
           ) -> dict[str, tuple[list[tuple[str, float]], float]]:
    """Per option: (capped heuristic points, fixed points), from `scoring.option_parts`. A bridge depends on
    what the other player brought in, so it counts toward the maximum (`with_bridge`) and not the minimum."""
    parts = {}
    for oid, option in scenario.options.items():
        capped, fixed, bridge = option_parts(scenario, option, role, persona)
        parts[oid] = (capped, fixed + (bridge if with_bridge else 0.0))
    return parts


def _exact_scores(scenario: Scenario, explorer: _Explorer, paths: _Paths, role: str, limit: int,
                  with_bridge: bool = True) -> tuple[float, float] | None:
    """Exact bounds for `role` over the state graph.

    The cap of 3 per heuristic makes a score depend on the whole path. Only heuristics some path lets the
    role earn more than three times can hit the cap, so only their counts join the search state, and a
    count is forgotten where the rest of every path cannot reach the cap any more; with no such
    heuristic the plain shortest and longest paths are exact.
    """
    parts = _parts(scenario, role, with_bridge, explorer.persona)
    nodes = scenario.nodes
    terminal, start = explorer.terminal, explorer.start
    mine = {st: nodes[st[0]].turn == role for st in explorer.edges}
    heuristic_ids = sorted({hid for o in scenario.options.values() if nodes[o.node_id].turn == role
                            for hid, _p in parts[o.id][0]})
    if not heuristic_ids:
        return paths.bounds(start, lambda st, o: parts[o.id][1] if mine[st] else 0.0)
    position = {hid: i for i, hid in enumerate(heuristic_ids)}
    zero = (0,) * len(heuristic_ids)
    increments = {}
    for oid, (capped, _fixed) in parts.items():
        inc = [0] * len(heuristic_ids)
        for hid, _p in capped:
            if hid in position:
                inc[position[hid]] += 1
        increments[oid] = tuple(inc)
    most = paths.longest_counts(lambda st, o: increments[o.id] if mine[st] else zero, len(heuristic_ids))
    at_start = most.get(start, zero)
    future: dict[str, dict] = {
        hid: {st: m[i] for st, m in most.items()} for hid, i in position.items() if at_start[i] > HEURISTIC_CAP}
    if not future:
        return paths.bounds(start, lambda st, o: (parts[o.id][1] + sum(p for _h, p in parts[o.id][0]))
                            if mine[st] else 0.0)
    graph: dict = {}
    score_terminal: set = set()
    first = (start, ())
    queue = deque([first])
    graph[first] = []
    while queue:
        item = queue.popleft()
        state, counts = item
        if state in terminal:
            score_terminal.add(item)
            continue
        own = mine[state]
        for option, target in explorer.edges.get(state, ()):
            gain = 0.0
            c = dict(counts)
            if own:
                capped, fixed = parts[option.id]
                gain = fixed
                for hid, points in capped:
                    if hid not in future:
                        gain += points
                        continue
                    n = c.get(hid, 0) + 1
                    if n <= HEURISTIC_CAP:
                        gain += points
                    c[hid] = min(n, HEURISTIC_CAP)
            # a count that can no longer reach the cap on any path from here behaves like zero
            key = tuple(sorted((h, n) for h, n in c.items() if n + future[h].get(target, 0) > HEURISTIC_CAP))
            nxt = (target, key)
            graph[item].append((gain, nxt))
            if nxt not in graph:
                if len(graph) >= limit or (len(graph) % _CHECK_EVERY == 0 and time.monotonic() > explorer.deadline):
                    return None
                graph[nxt] = []
                queue.append(nxt)
    return _Paths(graph, score_terminal, explorer.deadline).bounds(first, lambda _n, gain: gain)


def _approx_scores(scenario: Scenario, role: str, paths: _Paths, start, persona: str | None = None
                   ) -> tuple[float, float] | None:
    """Sound bounds without caps: max counts every heuristic and bridge, min none of the positive ones."""
    parts = _parts(scenario, role, True, persona)
    no_bridge = _parts(scenario, role, False, persona)
    turn_of = {nid: n.turn for nid, n in scenario.nodes.items()}

    def gains(option: Option | None, source) -> tuple[float, float]:
        key = source if isinstance(source, str) else source[0]
        if option is None or turn_of.get(key) != role:
            return 0.0, 0.0
        capped, fixed = parts[option.id]
        negative = sum(p for _h, p in capped if p < 0)
        return no_bridge[option.id][1] + negative, fixed + negative + sum(p for _h, p in capped if p > 0)

    lo, _ = paths.solve(lambda n, o: gains(o, n)[0])
    _, hi = paths.solve(lambda n, o: gains(o, n)[1])
    if lo.get(start, math.inf) == math.inf:
        return None
    return lo[start], hi[start]


def _structural_choice_graph(scenario: Scenario) -> tuple[dict, set, str]:
    """The graph of choice and ending nodes, conditions ignored, lines and branches collapsed."""
    nodes = scenario.nodes

    def landing(node_id: str) -> set[str]:
        out, seen, stack = set(), set(), [node_id]
        while stack:
            nid = stack.pop()
            if nid in seen or nid not in nodes:
                continue
            seen.add(nid)
            node = nodes[nid]
            if node.kind in (CHOICE, ENDING):
                out.add(nid)
            else:
                stack.extend(node.targets())
        return out

    cache: dict[str, set[str]] = {}
    graph: dict = {}
    for nid, node in nodes.items():
        if node.kind == CHOICE:
            graph[nid] = [(o, t) for o in node.options
                          for t in cache.setdefault(o.next, landing(o.next))]
        elif node.kind == ENDING:
            graph[nid] = []
    starts = landing(scenario.start)
    start = "<start>"
    graph[start] = [(None, s) for s in starts]
    terminal = {nid for nid, n in nodes.items() if n.kind == ENDING}
    return graph, terminal, start


def _structural_scores(scenario: Scenario, deadline: float = math.inf, persona: str | None = None
                       ) -> dict[str, tuple[float, float]]:
    graph, terminal, start = _structural_choice_graph(scenario)
    paths = _Paths(graph, terminal, deadline)
    return {role: _approx_scores(scenario, role, paths, start, persona) or (0.0, 0.0) for role in scenario.roles}


# -- entry points -------------------------------------------------------------------------------------
def analyse(scenario: Scenario, max_states: int | None = None,
            score_state_limit: int = DEFAULT_SCORE_STATE_LIMIT, scores: bool = True,
            budget_seconds: float = DEFAULT_BUDGET_SECONDS, persona: str | None = None) -> Analysis:
    """Analyse `scenario` played with the client `persona`; see `Analysis`. With `persona` None the scores
    are those of the default persona, and what play can reach (nodes, options, arms, endings, stuck
    nodes and traps) is taken over every persona the scenario declares."""
    result = _analyse_one(scenario, max_states, score_state_limit, scores, budget_seconds, persona)
    if persona is None:
        for other in list(scenario.personas)[1:]:
            _merge(result, _analyse_one(scenario, max_states, score_state_limit, False, budget_seconds, other))
    return result


def _merge(result: Analysis, more: Analysis) -> None:
    """Add what another persona's play reaches to `result` (its scores stay those of the default)."""
    result.complete = result.complete and more.complete
    result.limit_message = result.limit_message or more.limit_message
    result.states += more.states
    for name in ("structural_reachable", "reachable", "endings", "offered", "taken_arms"):
        getattr(result, name).update(getattr(more, name))
    for name in ("stuck", "traps", "state_loops"):
        mine = getattr(result, name)
        for key, value in getattr(more, name).items():
            mine.setdefault(key, value)


def _analyse_one(scenario: Scenario, max_states: int | None, score_state_limit: int, scores: bool,
                 budget_seconds: float, persona: str | None) -> Analysis:
    """The analysis under one persona (the default when None). Never raises for a loaded scenario, and
    stops within its budget:
    `max_states` states and `budget_seconds` of search (numbers are bounded by the expressions); when a budget
    is hit, `complete` is False and `limit_message` says which."""
    result = Analysis(scenario)
    _structural(scenario, result)
    explorer = _Explorer(scenario, result, max_states or state_limit(scenario), time.monotonic() + budget_seconds,
                         persona)
    explorer.explore()
    if result.complete:
        explorer.traps()
    else:
        result.states = len(explorer.edges)
    if not scores:
        return result
    try:
        if result.complete and hasattr(explorer, "start"):
            paths = _Paths(explorer.edges, explorer.terminal, explorer.deadline)
            small = len(explorer.edges) <= EXACT_SCORE_STATES
            for role in scenario.roles:
                bounds = _exact_scores(scenario, explorer, paths, role, score_state_limit) if small else None
                low = _exact_scores(scenario, explorer, paths, role, score_state_limit, False) if bounds else None
                bounds = (low[0], bounds[1]) if bounds is not None and low is not None else None
                if bounds is None:
                    result.scores_exact = False
                    result.score_note = (f"Meer dan {EXACT_SCORE_STATES} toestanden of {score_state_limit} "
                                         "scoretoestanden: de scores zijn grenzen, zonder het maximum van 3 per "
                                         "heuristiek.")
                    bounds = _approx_scores(scenario, role, paths, explorer.start, explorer.persona)
                result.scores[role] = bounds or (0.0, 0.0)
        elif result.complete:
            result.scores = dict.fromkeys(scenario.roles, (0.0, 0.0))
        else:
            result.scores_exact = False
            result.score_note = "De toestandsanalyse is niet volledig: de scores zijn grenzen over alle paden."
            result.scores = _structural_scores(scenario, time.monotonic() + max(1.0, budget_seconds / 2),
                                               explorer.persona)
    except _OutOfTime:
        result.scores_exact = False
        result.score_note = ("De scoreberekening is gestopt omdat de tijd op was: de scores zijn onbekend "
                             "(zonder maximum wordt geen aandeel getoond).")
        result.scores = dict.fromkeys(scenario.roles, (-math.inf, math.inf))
        return result
    if any(math.isinf(v) for lo_hi in result.scores.values() for v in lo_hi):
        result.scores_exact = False
        result.score_note = (result.score_note + " " if result.score_note else "") + \
            "Een lus kan punten blijven opleveren: de score is daar onbegrensd."
    return result


def score_bounds(scenario: Scenario, max_states: int | None = None, persona: str | None = None
                 ) -> dict[str, tuple[float, float]]:
    """{role: (min, max)} reflexivity score each role can reach; exact when the analysis completes.

    Otherwise the values are bounds (min is a lower bound, max an upper bound). The maxima feed
    `Session(maxima=...)`, which turns points into a share; an unbounded maximum is returned as inf.
    """
    return analyse(scenario, max_states, persona=persona).scores

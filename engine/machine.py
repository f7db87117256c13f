"""Stepping through a scenario graph: the one rule for what a node does, and the graph as a state machine.

`advance` is the one place that says how a scenario moves on from a node without anyone choosing: lines and
reflection go to `next`, a branch takes its first true arm, a choice or an ending stops. The session and the
state-space analysis both walk with it; it only reads the scenario and asks the caller to evaluate
conditions, so it is pure. The step sets the target directly: no `transitions` trigger is fired per
choice (that cost 1.6× a step, issue 13).

`build_machine` gives the scenario graph as a `transitions` state machine (states are node ids; every edge
is a transition: an option's id for a choice, `VERDER` after lines and reflection, `branch_trigger(i)` for
the i-th arm of a branch). That is where `transitions` earns its place: a declarative view of the graph
for tools (diagrams, checks), built only when asked for (`machine_for`), not on the play path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from transitions import Machine

from .expressions import Expression
from .model import BRANCH, CHOICE, ENDING, LINES, REFLECT, Node, Scenario

VERDER = "->verder"
MAX_AUTO_STEPS = 10_000  # a lines/branch loop without a choice would otherwise never stop


class StepError(Exception):
    """The walk cannot go on: a missing node, a branch without a true arm, or a loop without a choice."""

    def __init__(self, reason: str, node_id: str) -> None:
        super().__init__(reason, node_id)
        self.reason = reason  # missing | no_arm | dead_end | loop
        self.node_id = node_id


def branch_trigger(index: int) -> str:
    return f"->tak{index}"


def advance(scenario: Scenario, node_id: str, holds: Callable[[Expression], bool],
            on_arm: Callable[[str, int], None] | None = None, limit: int = MAX_AUTO_STEPS) -> Iterator[Node]:
    """Walk from `node_id`, yielding every node entered (`on_arm(node id, index)` hears each arm taken).

    The walk stops after yielding a choice or an ending node. A reflection node is yielded and then left
    along `next`; a caller that pauses there simply stops iterating. `holds(expression)` evaluates a branch
    condition in the caller's state, after the caller has seen the node (so visits count). Raises
    `StepError` when the walk cannot go on.
    """
    nodes = scenario.nodes
    for _ in range(limit):
        node = nodes.get(node_id)
        if node is None:
            raise StepError("missing", node_id)
        kind = node.kind
        yield node
        if kind == CHOICE or kind == ENDING:
            return
        if kind == BRANCH:
            arm = taken_arm(node, holds)
            if arm is None:
                raise StepError("no_arm", node.id)
            if on_arm is not None:
                on_arm(node.id, arm)
            node_id = node.branch[arm].next
            continue
        if not node.next:
            raise StepError("dead_end", node.id)
        node_id = node.next
    raise StepError("loop", node_id)


def taken_arm(node: Node, holds: Callable[[Expression], bool]) -> int | None:
    """The index of the branch arm `advance` takes at `node` (the first true one), or None."""
    return next((i for i, arm in enumerate(node.branch) if arm.when is None or holds(arm.when)), None)


class ScenarioMachine(Machine):
    """A Machine whose models are cursors: only their `state` attribute is managed."""

    def _add_trigger_to_model(self, trigger, model):  # noqa: D401 - transitions hook
        pass

    def _add_model_to_state(self, state, model):
        pass

    def _add_may_transition_func_for_trigger(self, trigger, model):
        pass


class Cursor:
    """A position in the graph, for moving along the machine by trigger name."""

    __slots__ = ("state",)

    def __init__(self, node_id: str) -> None:
        self.state = node_id


def build_machine(scenario: Scenario) -> ScenarioMachine:
    machine = ScenarioMachine(model=None, states=list(scenario.nodes), initial=scenario.start,
                              auto_transitions=False, ignore_invalid_triggers=False)
    for node in scenario.nodes.values():
        if node.kind == CHOICE:
            for option in node.options:
                machine.add_transition(option.id, node.id, option.next)
        elif node.kind == BRANCH:
            for i, arm in enumerate(node.branch):
                machine.add_transition(branch_trigger(i), node.id, arm.next)
        elif node.kind in (LINES, REFLECT) and node.next:
            machine.add_transition(VERDER, node.id, node.next)
    return machine


def machine_for(scenario: Scenario) -> ScenarioMachine:
    """The scenario's graph machine, built on first use and kept on the scenario."""
    if scenario.machine is None:
        object.__setattr__(scenario, "machine", build_machine(scenario))
    return scenario.machine  # type: ignore[return-value]


def fire(machine: ScenarioMachine, cursor: Cursor, trigger: str) -> str:
    """Move `cursor` along the transition named `trigger`; returns the new node id."""
    machine.events[trigger].trigger(cursor)
    return cursor.state

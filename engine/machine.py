"""The scenario graph as a `transitions` state machine, built once per scenario.

States are node ids; every edge is a transition: an option's id for a choice, `VERDER` after lines and
reflection, `branch_trigger(i)` for the i-th arm of a branch. Conditions are evaluated by the engine's
expression language before a trigger is fired, so the machine only moves the session along the graph.
Sessions are lightweight models: the machine does not bind convenience methods (`is_<state>`, one method
per trigger) to them, which would cost O(size of the scenario) per session.
"""

from __future__ import annotations

from transitions import Machine

from .model import BRANCH, CHOICE, LINES, REFLECT, Scenario

VERDER = "->verder"


def branch_trigger(index: int) -> str:
    return f"->tak{index}"


class ScenarioMachine(Machine):
    """A Machine whose models are cursors: only their `state` attribute is managed."""

    def _add_trigger_to_model(self, trigger, model):  # noqa: D401 - transitions hook
        pass

    def _add_model_to_state(self, state, model):
        pass

    def _add_may_transition_func_for_trigger(self, trigger, model):
        pass


class Cursor:
    """Where one session stands in the graph; the machine moves it."""

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


def fire(machine: ScenarioMachine, cursor: Cursor, trigger: str) -> str:
    """Move `cursor` along the transition named `trigger`; returns the new node id."""
    machine.events[trigger].trigger(cursor)
    return cursor.state

"""The scenario graph as a `transitions` machine, held to the one stepping rule (`engine.machine.advance`).

The machine is the declarative view of the graph; the session does not fire its triggers per step (it sets
the target directly), so this test holds the two to each other: every move a played session makes follows
transitions of the machine.
"""

from __future__ import annotations

import random

import pytest
from casustafel.engine.library import scenario_files
from casustafel.engine.loader import load_scenario
from casustafel.engine.machine import VERDER, Cursor, branch_trigger, fire, machine_for
from casustafel.engine.model import BRANCH, CHOICE, ENDING
from casustafel.engine.session import Session

SCENARIOS = [s for s in (load_scenario(p).scenario for p in scenario_files()) if s is not None]


def without_choosing(machine, scenario, node_id: str) -> set[str]:
    """Every node the machine reaches from `node_id` along `VERDER` and branch transitions only."""
    found, stack = {node_id}, [node_id]
    while stack:
        here = stack.pop()
        node = scenario.nodes[here]
        if node.kind in (CHOICE, ENDING):
            continue
        triggers = [branch_trigger(i) for i in range(len(node.branch))] if node.kind == BRANCH else [VERDER]
        for trigger in triggers:
            for transition in machine.get_transitions(trigger=trigger, source=here):
                if transition.dest not in found:
                    found.add(transition.dest)
                    stack.append(transition.dest)
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_move_of_a_session_follows_the_graph_machine(scenario):
    machine = machine_for(scenario)
    assert machine_for(scenario) is machine  # built once, on demand
    rng = random.Random(5)
    for _ in range(20):
        session = Session(scenario, answering_roles=())
        session.start()
        while not session.ended:
            before, option = session.node.id, rng.choice(session.offered())
            session.choose(option.id)
            landed = fire(machine, Cursor(before), option.id)
            assert landed == option.next
            assert session.node.id in without_choosing(machine, scenario, landed)

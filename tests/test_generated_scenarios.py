"""Any scenario that lints clean plays to an ending without an exception (hypothesis-generated scenarios)."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from casustafel.engine.diagnostics import ERROR
from casustafel.engine.lint import lint_file
from casustafel.engine.loader import load_scenario
from conftest import random_walk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CONDITIONS = ["vertrouwen >= 1", "not gemeld", "vertrouwen < 2 or gemeld", "turn > 2", "visited(n0)"]
SETS = [{"vertrouwen": "vertrouwen + 1"}, {"vertrouwen": "vertrouwen - 1"}, {"gemeld": True}, {}]


@st.composite
def scenarios(draw) -> dict:
    count = draw(st.integers(2, 9))
    ids = [f"n{i}" for i in range(count)]
    endings = ["einde_a", "einde_b"]
    targets = st.sampled_from(ids + endings)
    nodes: dict = {}
    option_number = 0
    for i, node_id in enumerate(ids):
        kind = draw(st.sampled_from(["choice", "choice", "lines", "branch", "reflect"]))
        forward = st.sampled_from(ids[i + 1:] + endings)
        if kind == "lines":
            nodes[node_id] = {"lines": [{"by": "voorzitter", "text": "Verder."}], "next": draw(targets)}
        elif kind == "reflect":
            nodes[node_id] = {"reflect": "Wat zie je?", "next": draw(forward)}
        elif kind == "branch":
            nodes[node_id] = {"branch": [{"when": draw(st.sampled_from(CONDITIONS)), "next": draw(targets)},
                                         {"next": draw(forward)}]}
        else:
            options = []
            for k in range(draw(st.integers(1, 3))):
                option_number += 1
                option = {"id": f"o{option_number}", "text": f"Optie {option_number}",
                          "frames": {draw(st.sampled_from(["recht", "welzijn", "regie"])): draw(st.integers(1, 3))},
                          "heuristics": [draw(st.sampled_from(["perspectief", "etiket", "casusvraag"]))],
                          "next": draw(targets if k else forward)}
                if k and draw(st.booleans()):
                    option["when"] = draw(st.sampled_from(CONDITIONS))
                if sets := draw(st.sampled_from(SETS)):
                    option["set"] = sets
                options.append(option)
            nodes[node_id] = {"turn": draw(st.sampled_from(["klantmanager", "sociaal_werker"])),
                              "prompt": "Wat zeg je?", "options": options}
    nodes["einde_a"] = {"ending": {"kind": "gedeeld_plan", "title": "Plan", "text": "Samen."}}
    nodes["einde_b"] = {"ending": {"kind": "impasse", "title": "Vast", "text": "Niet samen."}}
    return {
        "casustafel": 1, "id": "gegenereerd", "language": "nl", "title": "Gegenereerd", "summary": "Test.",
        "duration": 5, "learning_goals": ["Geen"], "client": {"name": "X", "facts": ["Y"]},
        "roles": {"klantmanager": {"name": "Mark", "organisation": "W&I", "brief": "Mark."},
                  "sociaal_werker": {"name": "Ayla", "organisation": "Wijkteam", "brief": "Ayla."}},
        "characters": {"voorzitter": {"name": "Voorzitter"}},
        "variables": {"vertrouwen": 0, "gemeld": False}, "start": "n0", "nodes": nodes,
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_lint_clean_scenarios_play_to_an_ending(tmp_path: Path, data: dict, seed: int) -> None:
    path = tmp_path / "gegenereerd.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    findings = lint_file(path)
    if any(d.severity == ERROR or d.code == "CT106" for d in findings):
        return  # the linter refuses it, or could not explore every state: nothing to promise
    scenario = load_scenario(path).scenario
    assert scenario is not None
    assert random_walk(scenario, random.Random(seed), max_steps=5000).ended

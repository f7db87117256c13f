"""Report generation for a long session: load it from the recorder, build the debrief, render the HTML.

The session is 60 turns on a synthetic looping scenario (two choice nodes that alternate until a counter
ends it, a reflection pause every ten rounds), recorded exactly as a front end records it. The goal is
≤ 1 s for the whole report (DESIGN issue 6).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

OPTIONS = {
    "klantmanager": [
        ("recht: 2, werk: 2", "[advies_te_vroeg]", "beschrijvend"),
        ("werk: 2, samen: 1", "[casusvraag, perspectief]", "dialogisch"),
        ("recht: 1, welzijn: 1, regie: 1", "[aanname, betekenis]", "dialogisch"),
        ("werk: 1, regie: 2", "[client_centraal, afspraak]", "kritisch"),
    ],
    "sociaal_werker": [
        ("welzijn: 2, bestaan: 2", "[afkappen]", "beschrijvend"),
        ("bestaan: 1, werk: 1", "[{brug: 2}, perspectief]", "dialogisch"),
        ("welzijn: 1, samen: 2", "[metacommunicatie, eigen_frame]", "dialogisch"),
        ("regie: 2, bestaan: 1", "[client_centraal, igm]", "beschrijvend_reflectief"),
    ],
}


def synthetic_scenario(rounds: int) -> str:
    """A scenario whose two choice nodes alternate for `rounds` rounds (2 × rounds turns)."""
    def node(role: str, prefix: str, nxt: str) -> str:
        options = "".join(
            f"      - id: {prefix}_{i}\n        text: \"{role} zegt iets, variant {i}.\"\n"
            f"        frames: {{{frames}}}\n        heuristics: {heur}\n        level: {level}\n"
            f"        feedback: \"Feedback bij variant {i}.\"\n"
            + ("        set: {ronde: \"ronde + 1\"}\n" if role == "sociaal_werker" else "")
            + f"        next: {nxt}\n"
            for i, (frames, heur, level) in enumerate(OPTIONS[role]))
        return (f"  {prefix}:\n    turn: {role}\n    lines:\n      - {{by: voorzitter, text: \"Verder.\"}}\n"
                f"    prompt: \"Wat zeg je?\"\n    options:\n{options}")

    pauses = " or ".join(f"ronde == {r}" for r in range(10, rounds, 10)) or "false"
    return f"""casustafel: 1
id: bench-lus
language: nl
languages: [nl]
title: "Benchmark: een lange bespreking"
summary: "Twee rollen die om de beurt spreken, zo lang als nodig."
duration: 60
learning_goals: ["Meten."]
catalogue: default
client:
  name: "Sandra (34)"
  facts: ["Een cliënt."]
roles:
  klantmanager: {{name: "Mark", organisation: "Werk & Inkomen", brief: "Jij bent de klantmanager."}}
  sociaal_werker: {{name: "Ayla", organisation: "Wijkteam", brief: "Jij bent de sociaal werker."}}
characters:
  voorzitter: {{name: "Voorzitter"}}
variables:
  ronde: 0
start: km
nodes:
{node("klantmanager", "km", "sw")}{node("sociaal_werker", "sw", "route")}  route:
    branch:
      - {{when: "ronde >= {rounds}", next: einde}}
      - {{when: "{pauses}", next: pauze}}
      - {{next: km}}
  pauze:
    reflect: "Wat valt je op?"
    next: km
  einde:
    ending:
      kind: open
      title: "Einde"
      text: "De tijd is om."
"""


def run(quick: bool) -> Iterator[tuple[str, float, str]]:
    from casustafel.engine.loader import load_scenario
    from casustafel.game.records.files import write_file
    from casustafel.game.records.recorder import Recorder
    from casustafel.game.report.debrief_data import load_session, play_recorded
    from casustafel.game.report.html import render_report

    turns = 20 if quick else 60
    with tempfile.TemporaryDirectory(prefix="casustafel-bench-") as folder:
        path = Path(folder) / "bench-lus.yaml"
        path.write_text(synthetic_scenario(turns // 2), encoding="utf-8")
        result = load_scenario(path)
        if result.scenario is None:
            raise RuntimeError("; ".join(d.format() for d in result.diagnostics))
        scenario = result.scenario
        recorder = Recorder.open(folder)
        session_id, session = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "random"},
                                            seed=7)
        assert len(session.history) == turns and session.ended, (len(session.history), session.node.id)
        for turn in range(1, turns + 1, 3):
            recorder.set_mark(session_id, "klantmanager", turn, ("goed", "mis", "twijfel")[turn % 3], "notitie")
            recorder.set_mark(session_id, "sociaal_werker", turn, ("mis", "goed", "twijfel")[turn % 5 % 3], "")
        render_report(load_session(recorder, session_id), lessons=recorder.lessons())  # warm: imports, fonts
        timings: dict[str, list[float]] = {"load": [], "render": [], "total": [], "cpu": []}
        size = 0
        for _ in range(3 if quick else 7):
            start, cpu = time.perf_counter(), time.process_time()
            loaded = load_session(recorder, session_id)
            middle = time.perf_counter()
            html = render_report(loaded, lessons=recorder.lessons())
            write_file(Path(folder) / "report.html", html, force=True)
            end = time.perf_counter()
            timings["load"].append(middle - start)
            timings["render"].append(end - middle)
            timings["total"].append(end - start)
            timings["cpu"].append(time.process_time() - cpu)
            size = len(html.encode("utf-8"))
        recorder.close()
    yield f"report_{turns}_turns_load_and_debrief_median", sorted(timings["load"])[len(timings["load"]) // 2], "s"
    yield f"report_{turns}_turns_render_and_write_median", sorted(timings["render"])[len(timings["render"]) // 2], "s"
    yield f"report_{turns}_turns_total_median", sorted(timings["total"])[len(timings["total"]) // 2], "s"
    yield f"report_{turns}_turns_total_max", max(timings["total"]), "s"
    yield f"report_{turns}_turns_cpu_median", sorted(timings["cpu"])[len(timings["cpu"]) // 2], "s"
    yield f"report_{turns}_turns_goal", 1.0, "s"
    yield f"report_{turns}_turns_html_size", size / 1024, "KiB"

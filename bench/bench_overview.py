"""The workshop overview over many recorded sessions: goal ≤ 5 s for 10,000 sessions (issue 7).

The database is filled with sessions really played by the engine (random choices for both roles, on every
scenario in the library that loads, a reflection answer at each pause, a "ging mis" mark on a third of
the sessions), each event stored as the recorder stores it (`game.recorder._event_row`), but inserted in
one transaction so the fill takes seconds, not the hours of a fsync per step. Then `build_overview`
aggregates them all (the figure that counts), and the plot, the text and the JSON are timed apart.
`--quick` uses 500 sessions.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from casustafel.engine.library import scenario_files
from casustafel.engine.loader import load_scenario
from casustafel.engine.partner import pick
from casustafel.engine.session import Session
from casustafel.game.records.recorder import Recorder, _event_row

FULL, QUICK = 10_000, 500


def fill(recorder: Recorder, count: int, seed: int = 7) -> int:
    """Record `count` played sessions; returns how many distinct paths they took."""
    scenarios = [s for s in (load_scenario(p).scenario for p in scenario_files()) if s is not None]
    rng = random.Random(seed)
    base = time.time() - count * 90
    sessions, players, events, marks = [], [], [], []
    paths = set()
    for i in range(count):
        scenario = scenarios[i % len(scenarios)]
        sid = f"bench{i:07d}"
        at = base + i * 90
        session = Session(scenario)
        steps = [session.start()]
        while not session.ended:
            if session.node.kind == "reflect":
                steps.append(session.answer(session.awaiting_role, "Motivatie betekent voor ons iets anders."))
            else:
                option = pick("random", scenario, session.awaiting_role, session.offered(), rng)
                steps.append(session.choose(option.id, seconds=round(rng.uniform(3, 40), 1)))
        paths.add((scenario.id, tuple(t.option_id for t in session.history)))
        ending = session.node
        report = session.score()
        sessions.append((sid, scenario.id, scenario.path, scenario.content_hash, "pair", None, "nl",
                         f"workshop-{i // 12}", 1, "ended", at, at + 1500, at + 1500, ending.id, ending.ending.kind,
                         report.session_score, None))
        players += [(sid, role, f"speler{i % 97}-{role[:2]}", 1) for role in scenario.roles]
        events.append((sid, at, "start", None, None, None, None, None, json.dumps({"consent": True, "mode": "pair"})))
        for n, batch in enumerate(steps):
            events += [(sid, at + 20 * n, *_event_row(e, "nl")) for e in batch]
        if i % 3 == 0 and session.history:
            turn = rng.choice(session.history).index
            marks.append((sid, scenario.choosing_roles()[0], turn, "mis", "", at + 1600))
    with recorder.transaction() as db:
        db.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions)
        db.executemany("INSERT INTO players VALUES (?, ?, ?, ?)", players)
        db.executemany("INSERT INTO events (session_id, at, kind, node, role, option_id, turn, seconds, payload) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        db.executemany("INSERT INTO marks VALUES (?, ?, ?, ?, ?, ?)", marks)
    return len(paths)


def run(quick: bool) -> Iterator[tuple[str, float, str]]:
    from casustafel.game.cli.sessions import render
    from casustafel.game.report.overview import build_overview, plot_curves

    count = QUICK if quick else FULL
    with tempfile.TemporaryDirectory() as tmp:
        recorder = Recorder.open(tmp)
        began = time.perf_counter()
        distinct = fill(recorder, count)
        yield "overview_fill_s", time.perf_counter() - began, "s"
        yield "overview_sessions", count, "sessions"
        yield "overview_distinct_paths", distinct, "paths"
        yield "overview_events", recorder.db.execute("SELECT COUNT(*) FROM events").fetchone()[0], "rows"
        recorder.close()

        recorder = Recorder.open(tmp)  # a fresh connection, as `casustafel sessions` has
        began = time.perf_counter()
        overview = build_overview(recorder)
        yield "overview_aggregate_s", time.perf_counter() - began, "s (goal <= 5)"
        assert len(overview.pairs) == count
        began = time.perf_counter()
        build_overview(recorder)
        yield "overview_aggregate_again_s", time.perf_counter() - began, "s"
        began = time.perf_counter()
        render(overview, "nl", 50)
        json.dumps(overview.as_json())
        yield "overview_text_and_json_s", time.perf_counter() - began, "s"
        began = time.perf_counter()
        plot_curves(overview, Path(tmp) / "curves.png")
        yield "overview_plot_png_s", time.perf_counter() - began, "s"
        recorder.close()

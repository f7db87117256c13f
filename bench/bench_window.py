"""The window at 1280x720 on the dummy video driver: start-up, frame times, choice-to-frame latency.

- `window.cold_start`: from launching a fresh Python process to the first drawn frame of the title screen.
- `window.frame_p50/p99.turn10` and `.turn200`: one `App.step()` while the play screen waits for a choice
  (a frame with nothing new skips drawing, but draws at least twice a second);
  `window.drawn_frame_*`: the same with a full draw forced on every frame (fill, all widgets, flip);
  `window.scrolling_frame_p99.turn200`: frames while scrolling through the long transcript.
  Scenarios end well before turn 200, so for "turn 200" the transcript is grown to what 200 turns
  leave behind (the played entries repeated up to about 2.4 per turn, ~480 entries)
  before the measured frames; the widgets and the session are real.
- `window.choice_to_frame`: from posting a number key to the end of the frame that shows what followed
  (engine step, commit to SQLite, widgets for the next turn, draw), in solo play with recording on; the
  choice is undone between samples. Measured at turn ~10 and again with the 200-turn transcript.
Targets (issue 4): frame p99 <= 8 ms, choice-to-frame <= 30 ms, start <= 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_SCRIPT = """
import os
os.environ["SDL_VIDEODRIVER"] = "dummy"; os.environ["SDL_AUDIODRIVER"] = "dummy"
from casustafel.game.play.settings import Settings
from casustafel.game.window.app import App
app = App((1280, 720), data=os.environ["BENCH_DATA"], settings=Settings(), save_settings=False)
app.show("title")
app.step(1 / 60)
print("first-frame", flush=True)
"""


def cold_start(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, BENCH_DATA=data, PYGAME_HIDE_SUPPORT_PROMPT="1")
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", START_SCRIPT], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            line = proc.stdout.readline()
            times.append(time.perf_counter() - t0)
            proc.wait()
            if "first-frame" not in line:
                raise RuntimeError("the window did not start")
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def frame_times(app, frames: int, force_draw: bool = False) -> list[float]:
    times = []
    for _ in range(frames):
        t0 = time.perf_counter()
        app.step(1 / 60, force_draw=force_draw)
        times.append(time.perf_counter() - t0)
    return times


def choice_latency(app, samples: int) -> list[float]:
    import pygame

    game = app.game
    times = []
    for _ in range(samples):
        assert app.screen.name == "play" and game.awaiting == game.solo_role
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0))
        t0 = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - t0)
        game.undo()
        if app.screen.name != "play":
            app.show("play")
        app.step(1 / 60)
    return times


def run(quick: bool):
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    starts = cold_start(2 if quick else 5)
    yield "window.cold_start", statistics.median(starts), "s"
    from casustafel.engine.library import scenario_files
    from casustafel.engine.loader import load_scenario
    from casustafel.game.play.settings import Settings
    from casustafel.game.window.app import App

    scenario = next(r.scenario for r in map(load_scenario, scenario_files()) if r.scenario is not None)
    frames = 120 if quick else 600
    with tempfile.TemporaryDirectory() as data:
        app = App((1280, 720), data=data, settings=Settings(), save_settings=False, partner_delay=0.0)
        game = app.game
        game.choose_scenario(type("R", (), {"scenario": scenario})())
        game.mode, game.consent = "solo", True
        game.open_recorder()
        game.begin()
        app.show("play")
        # play to about turn 10 (answers for reflection pauses, the partner moves at once)
        for _ in range(200):
            if game.session.turn >= 10 or game.session.ended:
                break
            if app.screen.name == "reflect":
                game.answer(game.awaiting, "ok")
                app.show("play" if not game.session.ended else "ending")
            elif game.awaiting == game.solo_role:
                game.choose(game.session.offered()[-1].id)
            app.step(1 / 60)
        while app.screen.name != "play" or game.awaiting != game.solo_role:
            if game.session.ended:
                raise RuntimeError("the scenario ended before turn 10; cannot measure")
            app.step(1 / 60)
        turn = game.session.turn
        app.step(1 / 60)
        times = frame_times(app, frames)
        yield f"window.frame_p50.turn{turn}", percentile(times, 50) * 1000, "ms"
        yield f"window.frame_p99.turn{turn}", percentile(times, 99) * 1000, "ms"
        times = frame_times(app, frames, force_draw=True)
        yield f"window.drawn_frame_p50.turn{turn}", percentile(times, 50) * 1000, "ms"
        yield f"window.drawn_frame_p99.turn{turn}", percentile(times, 99) * 1000, "ms"
        latency = choice_latency(app, 10 if quick else 30)
        yield f"window.choice_to_frame.turn{turn}", statistics.median(latency) * 1000, "ms"
        yield f"window.choice_to_frame_max.turn{turn}", max(latency) * 1000, "ms"
        # grow the transcript to what 200 turns leave behind
        base = list(game.log)
        per_turn = min(2.4, len(base) / max(1, game.session.turn))
        while len(game.log) < int(200 * per_turn):
            game.log.extend(base[: int(200 * per_turn) - len(game.log)])
        t0 = time.perf_counter()
        app.step(1 / 60)
        yield "window.transcript_append_entries", len(game.log) - len(base), "entries"
        yield "window.transcript_append_frame", (time.perf_counter() - t0) * 1000, "ms"
        times = frame_times(app, frames)
        yield "window.frame_p50.turn200", percentile(times, 50) * 1000, "ms"
        yield "window.frame_p99.turn200", percentile(times, 99) * 1000, "ms"
        times = frame_times(app, frames, force_draw=True)
        yield "window.drawn_frame_p50.turn200", percentile(times, 50) * 1000, "ms"
        yield "window.drawn_frame_p99.turn200", percentile(times, 99) * 1000, "ms"
        for _ in range(3):  # scroll up and down through the long transcript: every frame composes
            app.screen.view.scroll(-400)
        times = []
        for i in range(frames // 2):
            app.screen.view.scroll(-60 if i % 40 < 20 else 60)
            t0 = time.perf_counter()
            app.step(1 / 60)
            times.append(time.perf_counter() - t0)
        yield "window.scrolling_frame_p99.turn200", percentile(times, 99) * 1000, "ms"
        latency = choice_latency(app, 10 if quick else 30)
        yield "window.choice_to_frame.turn200", statistics.median(latency) * 1000, "ms"
        yield "window.choice_to_frame_max.turn200", max(latency) * 1000, "ms"
        import pygame

        pygame.quit()

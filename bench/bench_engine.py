"""Engine figures against the peers, in one run: microseconds per step (choose + reading options, texts and tags
+ score update) vs bink playing the same story. The load figures (load + validate vs a GC-off parse, the compiled
cache vs bink's load, peak RSS playing in its own process) are bench_load.py's. Also: how fast lint stops a
hostile loop (`set: {x: "x * x"}`) with its finding.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator

from casustafel.engine.lint import lint_text
from casustafel.engine.loader import load_scenario
from casustafel.engine.session import Session

from bench.peer import PLAY_SEED, PLAYTHROUGHS, bink_module, compiled_ink, median_time, story_dir


def play_read(scenario, playthroughs: int, seed: int) -> int:
    """The shared benchmark's walk: random offered option in file order; reads what a front end shows."""
    rng = random.Random(seed)
    choices = 0
    for _ in range(playthroughs):
        session = Session(scenario)
        session.start()
        while not session.ended:
            offered = session.offered()
            for option in offered:
                option.text.get("nl")
                option.heuristics  # noqa: B018 - reading the tags, as a front end and scorer do
                option.frames  # noqa: B018
            session.choose(offered[rng.randrange(len(offered))].id)
            choices += 1
        session.score()
    return choices


SQUARING_LOOP = """\
casustafel: 1
id: kwadraat
language: nl
kind: spreekkamer
title: "Kwadraat"
summary: "Een keuze die een getal steeds kwadrateert."
duration: 5
learning_goals: ["Grenzen"]
client: {name: "Anna", facts: ["feit"]}
roles:
  klantmanager: {name: "Kim", organisation: "W&I", brief: "Kim."}
variables: {x: 2}
start: keuze
nodes:
  keuze:
    turn: klantmanager
    prompt: "Wat nu?"
    options:
      - {id: nog, text: "Nog een keer", frames: {werk: 1}, set: {x: "x * x"}, next: keuze}
      - {id: klaar, text: "Klaar", frames: {werk: 1}, when: "x > 100", next: einde}
  einde:
    ending: {kind: open, title: "Einde", text: "Klaar."}
"""


def run(quick: bool) -> Iterator[tuple[str, float, str]]:
    seconds, findings = median_time(lambda: lint_text(SQUARING_LOOP), 3)
    codes = ",".join(sorted({d.code for d in findings})) or "none"
    yield "engine.lint_squaring_loop", seconds * 1e3, f"ms (findings: {codes})"
    sizes = (200, 1000) if quick else (2000, 10000)
    repeats = 1 if quick else 3
    bink = bink_module()
    for n in sizes:
        directory = story_dir(n)
        if directory is None:
            return
        path = directory / "story.yaml"
        gc.collect()
        result = load_scenario(path)
        assert result.scenario is not None, [d.format() for d in result.diagnostics[:3]]
        playthroughs = 100 if quick else PLAYTHROUGHS
        seconds, choices = median_time(lambda: play_read(result.scenario, playthroughs, PLAY_SEED), repeats)  # noqa: B023
        yield f"engine.n{n}.choices", choices, "choices"
        yield f"engine.n{n}.step_read", seconds / choices * 1e6, "us/choice"
        ink = compiled_ink(directory) if bink is not None else None
        if bink is not None and ink is not None:
            text = ink.read_text(encoding="utf-8").lstrip("\ufeff")
            load, story = median_time(lambda: bink.load_story(text), repeats)  # noqa: B023
            yield f"bink.n{n}.load", load * 1e3, "ms"
            (bink_seconds, (bink_choices, _)) = median_time(
                lambda: bink.play_read(story, playthroughs, PLAY_SEED), repeats)  # noqa: B023
            yield f"bink.n{n}.choices", bink_choices, "choices"
            yield f"bink.n{n}.step_read", bink_seconds / bink_choices * 1e6, "us/choice"
            yield f"engine.n{n}.step_vs_bink_read", (seconds / choices) / (bink_seconds / bink_choices), "x"

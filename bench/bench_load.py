"""The cold path, against its baselines in one run: load + validate vs a GC-off bare CSafeLoader parse of the same
file, the compiled cache's load vs the parse and vs bink's load of the same story, and the peak RSS of playing the
10,000-node story, each measured in a process of its own.

Targets (issue 13): load_vs_parse <= 2 at 10k and 50k nodes; cached_vs_bink <= 1; rss <= 150 MB.
Sizes: 10,000 and 50,000 nodes (--quick: 200 and 1,000). Each figure is the median of 3 runs (--quick: 1).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml
from casustafel.engine.loader import load_scenario

from bench.peer import PLAY_SEED, PLAYTHROUGHS, bink_module, compiled_ink, median_time, story_dir


def bare_parse(path: Path) -> object:
    """The baseline: read and parse with libyaml, the cyclic GC off (as our load runs)."""
    gc.disable()
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def timed(action, repeats: int) -> float:
    """Median seconds of `action`, each result dropped and collected before the next run."""
    def once() -> None:
        action()

    seconds, _ = median_time(once, repeats)
    gc.collect()
    return seconds


#: Run in a fresh interpreter: load the story (fresh or from the cache, as the game does), play it, report the
#: peak RSS. Linux keeps ru_maxrss across exec (it would report the forking harness), so VmHWM it is.
_RSS_SCRIPT = """
import json, resource, sys
from casustafel.engine.loader import load_scenario
from bench.bench_engine import play_read

def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

path, cache, playthroughs, seed = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4])
start = peak()
result = load_scenario(path, cache_dir=cache, freeze=True)
after_load = peak()
choices = play_read(result.scenario, playthroughs, seed)
print(json.dumps({"start": start, "load": after_load, "play": peak(), "choices": choices}))
"""


def peak_rss(path: Path, cache: str, playthroughs: int) -> dict[str, float]:
    """Peak RSS (MB) after loading and after playing `path` in a process of its own."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(path), cache, str(playthroughs), str(PLAY_SEED)],
                          capture_output=True, text=True, check=True, cwd=root)
    return json.loads(proc.stdout)


def run(quick: bool) -> Iterator[tuple[str, float, str]]:
    sizes = (200, 1000) if quick else (10000, 50000)
    repeats = 1 if quick else 3
    bink = bink_module()
    for n in sizes:
        directory = story_dir(n)
        if directory is None:
            return
        path = directory / "story.yaml"
        bare = timed(lambda: bare_parse(path), repeats)  # noqa: B023
        fresh = timed(lambda: load_scenario(path), repeats)  # noqa: B023
        yield f"load.n{n}.parse_gc_off", bare * 1e3, "ms"
        yield f"load.n{n}.load_validate", fresh * 1e3, "ms"
        yield f"load.n{n}.load_vs_parse", fresh / bare, "x"
        with tempfile.TemporaryDirectory() as cache:
            assert load_scenario(path, cache_dir=cache).scenario is not None  # fills the cache
            cached = timed(lambda: load_scenario(path, cache_dir=cache), repeats)  # noqa: B023
            yield f"load.n{n}.cached", cached * 1e3, "ms"
            yield f"load.n{n}.cached_vs_parse", cached / bare, "x"
            ink = compiled_ink(directory) if bink is not None else None
            if bink is not None and ink is not None:
                text = ink.read_text(encoding="utf-8").lstrip("\ufeff")
                bink_load = timed(lambda: bink.load_story(text), repeats)  # noqa: B023
                yield f"bink.n{n}.load", bink_load * 1e3, "ms"
                yield f"load.n{n}.cached_vs_bink", cached / bink_load, "x"
            if n == sizes[0]:
                playthroughs = 100 if quick else PLAYTHROUGHS
                fresh_rss = peak_rss(path, "", playthroughs)
                cached_rss = peak_rss(path, cache, playthroughs)
                yield f"load.n{n}.rss_interpreter", fresh_rss["start"], "MB"
                yield f"load.n{n}.rss_after_load", fresh_rss["load"], "MB"
                yield f"load.n{n}.rss_playing", fresh_rss["play"], "MB"
                yield f"load.n{n}.rss_after_cached_load", cached_rss["load"], "MB"
                yield f"load.n{n}.rss_playing_cached", cached_rss["play"], "MB"

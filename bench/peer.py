"""The peer benchmark's stories (../shared/bench): generate them, and time bink on them when it is installed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _shared_bench() -> Path:
    """`shared/bench` beside the repository or beside its worktrees folder, or $CASUSTAFEL_SHARED_BENCH."""
    if os.environ.get("CASUSTAFEL_SHARED_BENCH"):
        return Path(os.environ["CASUSTAFEL_SHARED_BENCH"])
    here = Path(__file__).resolve()
    candidates = [parent / "shared" / "bench" for parent in here.parents[1:4]]
    return next((c for c in candidates if (c / "gen_story.py").exists()), candidates[1])


SHARED_BENCH = _shared_bench()
CACHE = Path(tempfile.gettempdir()) / "casustafel-bench-stories"
SEED, PLAYTHROUGHS, PLAY_SEED = 1, 500, 12345


def story_dir(nodes: int) -> Path | None:
    """DIR with story.yaml (and story.ink) for N nodes, generated once; None without ../shared/bench."""
    generator = SHARED_BENCH / "gen_story.py"
    if not generator.exists():
        print(f"# {generator} not found: peer stories skipped", file=sys.stderr)
        return None
    out = CACHE / f"n{nodes}-s{SEED}"
    if not (out / "story.yaml").exists():
        subprocess.run([sys.executable, str(generator), "--nodes", str(nodes), "--seed", str(SEED), "--out", str(out)],
                       check=True, capture_output=True)
    return out


def median_time(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bink_module():
    """The shared bench_bink module when bink is importable, else None."""
    if importlib.util.find_spec("bink") is None:
        return None
    spec = importlib.util.spec_from_file_location("bench_bink", SHARED_BENCH / "bench_bink.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def compiled_ink(directory: Path) -> Path | None:
    """story.ink.json, compiled with inkjs when node and INKJS_PREFIX (default /tmp/casus-inkc) are there."""
    target = directory / "story.ink.json"
    if target.exists():
        return target
    prefix = os.environ.get("INKJS_PREFIX", "/tmp/casus-inkc")
    if not shutil.which("node") or not (Path(prefix) / "node_modules" / "inkjs").exists():
        print("# node or inkjs missing: bink figures skipped (see ../shared/bench/README.md)", file=sys.stderr)
        return None
    subprocess.run(["node", str(SHARED_BENCH / "compile_ink.mjs"), str(directory / "story.ink")], check=True,
                   capture_output=True, env={**os.environ, "INKJS_PREFIX": prefix})
    return target if target.exists() else None

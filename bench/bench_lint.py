"""Lint time of generated scenarios against a bare CSafeLoader parse of the same file, in the same run.

Scenarios come from ../shared/bench/gen_story.py (beside the repository, as in CI): 1,000 and 10,000
choice nodes (--quick: 100 and 400). Figures per size: the bare `yaml.load(..., Loader=CSafeLoader)`, the
full lint (loader checks, rules and state-space analysis, as `casustafel lint` runs it), their ratio,
and the growth of the lint time against the growth in size. Target: ratio <= 3 at 10,000 nodes.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

from bench.peer import SHARED_BENCH

GENERATOR = SHARED_BENCH / "gen_story.py"


def _median_time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool) -> Iterator[tuple[str, float, str]]:
    if not GENERATOR.exists():
        print(f"# bench_lint: {GENERATOR} ontbreekt; overgeslagen (de map shared hoort naast de repository).",
              file=sys.stderr)
        return
    from casustafel.engine.lint import lint_file

    sizes = (100, 400) if quick else (1000, 10000)
    lint_times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            out = Path(tmp) / f"n{n}"
            subprocess.run([sys.executable, str(GENERATOR), "--nodes", str(n), "--seed", "1", "--out", str(out)],
                           check=True, capture_output=True)
            path = out / "story.yaml"
            repeats = 3 if n <= 2000 else 2

            def bare(path=path):
                with open(path, encoding="utf-8") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)

            findings: list = []

            def lint(path=path, findings=findings):
                findings[:] = lint_file(path)

            t_yaml = _median_time(bare, repeats)
            t_lint = _median_time(lint, repeats)
            lint_times[n] = t_lint
            errors = sum(d.severity == "error" for d in findings)
            yield f"lint.yaml_parse_n{n}", t_yaml, "s"
            yield f"lint.lint_n{n}", t_lint, "s"
            yield f"lint.ratio_n{n}", t_lint / t_yaml, "x (lint / bare parse; target <= 3 at 10000)"
            yield f"lint.findings_n{n}", float(len(findings)), f"findings ({errors} errors)"
    small, large = sizes
    yield "lint.growth", (lint_times[large] / lint_times[small]) / (large / small), \
        "x of linear (time growth / size growth; 1 = linear)"

"""Each role's reachable score range, from the state-space analysis, cached by scenario content hash.

The analysis of a full scenario takes seconds; the result depends only on the file's content, so it is
computed once per version of a scenario and kept in the data directory (`maxima.json`, 0600, written
atomically). A cache that is unreadable, not a JSON object, or holds entries of the wrong shape is ignored
and rewritten: it only ever costs time. The analysis runs within a budget (BUDGET_SECONDS, and the analysis's
own state and number-size limits), so a hostile scenario cannot make `play` hang before its first prompt; past
the budget the maxima are bounds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from casustafel.engine.analysis import analyse
from casustafel.engine.expressions import ExpressionLimitError
from casustafel.engine.model import Scenario
from casustafel.game.records.files import FileWriteError, write_file

CACHE_NAME = "maxima.json"
BUDGET_SECONDS = 3.0  # the analysis behind the maxima stops after this long (then the maxima are bounds)


def _read(path: Path) -> dict:
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _number(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value))


def _valid(entry: object) -> bool:
    """{role: [low, high]}, each a finite number or null (unbounded)."""
    return isinstance(entry, dict) and all(
        isinstance(role, str) and isinstance(pair, list) and len(pair) == 2 and all(_number(v) for v in pair)
        for role, pair in entry.items())


def bounds_for(scenario: Scenario, directory: Path | None, persona: str | None = None
               ) -> dict[str, tuple[float, float]]:
    """{role: (lowest, highest)} reachable score of `scenario` under the client `persona` (the default when
    None); an unbounded side is -inf or inf."""
    path = directory / CACHE_NAME if directory is not None else None
    cache = _read(path) if path is not None else {}
    persona = scenario.persona_or_default(persona)
    key = f"{scenario.id}:{scenario.content_hash}" + (f":{persona}" if persona else "")
    if not _valid(cache.get(key)):
        try:
            scores = analyse(scenario, budget_seconds=BUDGET_SECONDS, persona=persona).scores
        except ExpressionLimitError:  # a number that outgrows the limit: no maxima (lint says where, CT042)
            scores = {}
        cache[key] = {role: [v if math.isfinite(v) else None for v in pair] for role, pair in scores.items()}
        if path is not None:
            try:
                write_file(path, json.dumps(cache), force=True)
            except FileWriteError:
                pass  # a cache that cannot be written only costs time next round
    return {role: (-math.inf if low is None else float(low), math.inf if high is None else float(high))
            for role, (low, high) in cache[key].items()}


def maxima_for(scenario: Scenario, directory: Path | None, persona: str | None = None) -> dict[str, float]:
    """{role: maximum} for `scenario` under `persona`; infinite or unknown maxima are left out (no share then)."""
    return {role: high for role, (_low, high) in bounds_for(scenario, directory, persona).items()
            if math.isfinite(high) and high > 0}

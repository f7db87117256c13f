"""Each role's maximum reachable score, from the state-space analysis, cached by scenario content hash.

The analysis of a full scenario takes seconds; the result depends only on the file's content, so it is
computed once per version of a scenario and kept in the data directory (`maxima.json`, written atomically).
The analysis runs within a budget (BUDGET_SECONDS, and the analysis's own state and number-size limits), so a
hostile scenario cannot make `play` hang before its first prompt; past the budget the maxima are bounds.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

from casustafel.engine.analysis import analyse
from casustafel.engine.model import Scenario

CACHE_NAME = "maxima.json"


BUDGET_SECONDS = 3.0  # the analysis behind the maxima stops after this long (then the maxima are bounds)


def _read(path: Path) -> dict:
    """The cache, or {} when it is missing, unreadable or not a mapping of role maxima."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v.values())}


def maxima_for(scenario: Scenario, directory: Path | None) -> dict[str, float]:
    """{role: maximum} for `scenario`; infinite or unknown maxima are left out (no share is shown then)."""
    path = directory / CACHE_NAME if directory is not None else None
    cache = _read(path) if path is not None else {}
    key = f"{scenario.id}:{scenario.content_hash}"
    if key not in cache:
        bounds = analyse(scenario, budget_seconds=BUDGET_SECONDS).scores
        cache[key] = {role: high for role, (_low, high) in bounds.items() if math.isfinite(high) and high > 0}
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp",
                                                 encoding="utf-8") as tmp:
                    json.dump(cache, tmp)
                os.replace(tmp.name, path)
            except OSError:
                pass  # a cache that cannot be written only costs time next round
    return {role: float(v) for role, v in cache[key].items()}

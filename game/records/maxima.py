"""Each role's maximum reachable score, from the state-space analysis, cached by scenario content hash.

The analysis of a full scenario takes seconds; the result depends only on the file's content, so it is
computed once per version of a scenario and kept in the data directory (`maxima.json`, written atomically).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

from casustafel.engine.analysis import score_bounds
from casustafel.engine.model import Scenario

CACHE_NAME = "maxima.json"


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def maxima_for(scenario: Scenario, directory: Path | None) -> dict[str, float]:
    """{role: maximum} for `scenario`; infinite or unknown maxima are left out (no share is shown then)."""
    path = directory / CACHE_NAME if directory is not None else None
    cache = _read(path) if path is not None else {}
    key = f"{scenario.id}:{scenario.content_hash}"
    if key not in cache:
        bounds = score_bounds(scenario)
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

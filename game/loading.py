"""Loading a scenario for a command: the result, or its findings explained on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.loader import LoadResult, load_scenario


def load_or_explain(path: str | Path, command: str) -> LoadResult | None:
    """The load result when the scenario is usable; otherwise print every finding and what to do, and None."""
    result = load_scenario(path)
    if result.scenario is not None:
        return result
    for d in result.diagnostics:
        print(d.format(), file=sys.stderr)
    print(f"{command}: {path} heeft fouten; los die eerst op (casustafel lint {path}).", file=sys.stderr)
    return None

"""Loading a scenario for a command: the result, or its findings explained on stderr; and for play, the fast
way: compiled once into the data folder and read back from there while the file is unchanged."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casustafel.engine.library import resolve
from casustafel.engine.loader import LoadResult, load_scenario
from casustafel.game.records.recorder import data_dir


def load_for_game(path: str | Path, data: str | os.PathLike | None = None) -> LoadResult:
    """Load `path` to play it: the compiled cache lives in `<data folder>/modellen` (`--data`, CASUSTAFEL_DATA or
    the user's data folder), and the model is frozen out of the GC's sight for the rest of the process."""
    return load_scenario(path, cache_dir=data_dir(data), freeze=True)


def resolve_or_explain(name: str, command: str) -> Path | None:
    """The file for a scenario id or path; otherwise say on stderr what to give instead, and None."""
    path = resolve(name)
    if path is None:
        print(f"{command}: scenario {name!r} niet gevonden. Geef een scenario-id of een pad naar een .yaml-bestand.",
              file=sys.stderr)
    return path


def load_or_explain(path: str | Path, command: str) -> LoadResult | None:
    """The load result when the scenario is usable; otherwise print every finding and what to do, and None."""
    result = load_scenario(path)
    if result.scenario is not None:
        return result
    for d in result.diagnostics:
        print(d.format(), file=sys.stderr)
    print(f"{command}: {path} heeft fouten; los die eerst op (casustafel lint {path}).", file=sys.stderr)
    return None

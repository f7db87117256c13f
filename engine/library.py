"""Find the scenarios on disk: the library in `scenarios/`, or a file or id the user names."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .loader import LoadResult, load_scenario

SCENARIO_ROOT = Path(str(files("casustafel.scenarios")))
FLAGSHIP = "sandra-schulden-en-werk"


def scenario_files(root: Path = SCENARIO_ROOT) -> list[Path]:
    """Every scenario file in the library (catalogues excluded), flagship first, then by name."""
    files = sorted(p for p in root.glob("*.yaml") if p.is_file())
    return sorted(files, key=lambda p: (p.stem != FLAGSHIP, p.name))


def resolve(name: str, root: Path = SCENARIO_ROOT) -> Path | None:
    """A path to a YAML file, or a scenario id (the file name without .yaml, or its `id:`)."""
    candidate = Path(name).expanduser()
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate if candidate.exists() else None
    direct = root / f"{name}.yaml"
    if direct.exists():
        return direct
    for path in scenario_files(root):
        result = load_scenario(path)
        if result.scenario is not None and result.scenario.id == name:
            return path
    return None


def load_library(root: Path = SCENARIO_ROOT) -> list[LoadResult]:
    return [load_scenario(p) for p in scenario_files(root)]

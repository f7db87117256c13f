"""The lint driver: every finding for scenario files, from the loader's checks and the lint rules."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, sort_key
from .lint_rules import lint_result
from .loader import load_scenario, load_scenario_text


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Scenario files under the given paths (catalogue folders skipped), and the names that do not exist."""
    files, missing = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.yaml") if "catalogue" not in p.parts)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def lint_file(path: Path, max_states: int | None = None) -> list[Diagnostic]:
    """Every finding for one file: the loader's checks and the lint rules."""
    result = load_scenario(path)
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return result.diagnostics  # the loader words these problems
    return lint_result(result, str(path), source, max_states)


def lint_text(source: str, file: str = "<tekst>", max_states: int | None = None) -> list[Diagnostic]:
    return sorted(lint_result(load_scenario_text(source, file), file, source, max_states), key=sort_key)

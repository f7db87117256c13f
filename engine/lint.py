"""The lint driver: every finding for scenario files, from the loader's checks and the lint rules."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, sort_key
from .expressions import MAX_INT_DIGITS, ExpressionLimitError
from .lint_rules import lint_result
from .loader import LoadResult, load_scenario, load_scenario_text
from .rules import diagnostic


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Scenario files under the given paths (catalogue folders skipped), and the names that do not exist."""
    files, missing = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.yaml") if "catalogue" not in p.parts)
        elif path.exists():  # a file, or a pipe or device: the loader reads those with a cap
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def lint_file(path: Path, max_states: int | None = None) -> list[Diagnostic]:
    """Every finding for one file: the loader's checks and the lint rules."""
    result = load_scenario(path)
    if result.source is None:
        return result.diagnostics  # the loader words why the file could not be read
    return _bounded_lint(result, str(path), result.source, max_states)


def lint_text(source: str, file: str = "<tekst>", max_states: int | None = None) -> list[Diagnostic]:
    return sorted(_bounded_lint(load_scenario_text(source, file), file, source, max_states), key=sort_key)


def _bounded_lint(result: LoadResult, file: str, source: str, max_states: int | None) -> list[Diagnostic]:
    """The rules' findings; an expression that outgrows the integer limit while they explore stops them with a
    finding at that expression."""
    try:
        return lint_result(result, file, source, max_states)
    except ExpressionLimitError as exc:
        line, col = exc.pos or (1, 1)
        return [*result.diagnostics, diagnostic("CT042", file, (line, col), source=exc.source[:60],
                                                 digits=MAX_INT_DIGITS)]

#!/usr/bin/env python3
"""scenario_lint: check Casustafel scenario files.

    python tools/scenario_lint.py [--strict] [--format text|json] [--max-states N] FILE_OR_DIR...

Prints `file:line:col: CODE severity: message`, sorted, then a one-line summary on stderr.
Exit 0 clean, 1 errors (with --strict: also warnings), 2 usage. Rules: docs/lint-rules.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.diagnostics import ERROR, WARNING, Diagnostic, sort_key  # noqa: E402
from engine.lint_rules import lint_result  # noqa: E402
from engine.loader import load_scenario, load_scenario_text  # noqa: E402


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


def run_lint(paths: list[str], strict: bool = False, fmt: str = "text", max_states: int | None = None) -> int:
    files, missing = collect(paths)
    for name in missing:
        print(f"scenario_lint: {name}: bestand of map bestaat niet", file=sys.stderr)
    if missing:
        return 2
    if not files:
        print("scenario_lint: geen .yaml-bestanden gevonden", file=sys.stderr)
        return 2
    findings = sorted((d for f in files for d in lint_file(f, max_states)), key=sort_key)
    if fmt == "json":
        print(json.dumps([d.as_dict() for d in findings], ensure_ascii=False, indent=2))
    else:
        for d in findings:
            print(d.format())
    errors = sum(d.severity == ERROR for d in findings)
    warnings = sum(d.severity == WARNING for d in findings)
    if fmt != "json":
        print(f"{len(files)} bestand(en): {errors} fout(en), {warnings} waarschuwing(en)"
              + (" (--strict: waarschuwingen tellen als fouten)" if strict and warnings else ""), file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", help="scenariobestanden of mappen")
    parser.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--max-states", type=int, default=None,
                        help="grens van de toestandsanalyse (standaard 20000, of 5 per node)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scenario_lint", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_lint(args.paths, args.strict, args.format, args.max_states)


if __name__ == "__main__":
    sys.exit(main())

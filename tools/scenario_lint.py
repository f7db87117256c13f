#!/usr/bin/env python3
"""scenario_lint: check Casustafel scenario files.

    python tools/scenario_lint.py [--strict] [--format text|json] FILE_OR_DIR...

Prints `file:line:col: CODE severity: message`, sorted. Exit 0 clean, 1 errors, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.diagnostics import ERROR, Diagnostic, sort_key  # noqa: E402
from engine.loader import load_scenario  # noqa: E402


def collect(paths: list[str]) -> tuple[list[Path], list[str]]:
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


def lint_file(path: Path) -> list[Diagnostic]:
    return load_scenario(path).diagnostics


def run_lint(paths: list[str], strict: bool = False, fmt: str = "text") -> int:
    files, missing = collect(paths)
    for name in missing:
        print(f"scenario_lint: {name}: bestand of map bestaat niet", file=sys.stderr)
    if missing:
        return 2
    findings = sorted((d for f in files for d in lint_file(f)), key=sort_key)
    if fmt == "json":
        print(json.dumps([d.as_dict() for d in findings], ensure_ascii=False, indent=2))
    else:
        for d in findings:
            print(d.format())
    failing = [d for d in findings if d.severity == ERROR or strict]
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scenario_lint", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    return run_lint(args.paths, args.strict, args.format)


if __name__ == "__main__":
    sys.exit(main())

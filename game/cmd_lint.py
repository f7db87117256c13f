"""`casustafel lint FILE...`: check scenario files and print one line per finding."""

from __future__ import annotations

import argparse

from tools.scenario_lint import run_lint


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lint", help="controleer scenariobestanden")
    p.add_argument("paths", nargs="+", help="bestanden of mappen")
    p.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=lambda a: run_lint(a.paths, strict=a.strict, fmt=a.format))

"""`casustafel lint FILE...`: check scenario files and print one line per finding."""

from __future__ import annotations

import argparse

from tools.scenario_lint import add_arguments, run_lint


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lint", help="controleer scenariobestanden",
                              description="Controleer scenariobestanden; regels: docs/lint-rules.md.")
    add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_lint(args.paths, strict=args.strict, fmt=args.format, max_states=args.max_states)

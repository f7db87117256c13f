"""`casustafel lint FILE...`: check scenario files and print one line per finding.

Also the body of `tools/scenario_lint.py`. Exit 0 clean, 1 errors (with --strict: also warnings), 2 usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from casustafel.engine.diagnostics import ERROR, WARNING, sort_key
from casustafel.engine.lint import collect, lint_file
from casustafel.engine.rules import LANGS, message_in
from casustafel.game.i18n import count


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lint", help="controleer scenariobestanden",
                              description="Controleer scenariobestanden; regels: docs/lint-rules.md.")
    add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_lint(args.paths, strict=args.strict, fmt=args.format, max_states=args.max_states, lang=args.lang)


def run_lint(paths: list[str], strict: bool = False, fmt: str = "text", max_states: int | None = None,
             lang: str = "nl") -> int:
    files, missing = collect(paths)
    for name in missing:
        print(f"scenario_lint: {name}: bestand of map bestaat niet", file=sys.stderr)
    if missing:
        return 2
    if not files:
        print("scenario_lint: geen .yaml-bestanden gevonden", file=sys.stderr)
        return 2
    findings = sorted((d for f in files for d in lint_file(f, max_states)), key=sort_key)
    if lang != "nl":
        findings = [dataclasses.replace(d, message=message_in(d, lang)) for d in findings]
    if fmt == "json":
        print(json.dumps([d.as_dict() for d in findings], ensure_ascii=False, indent=2))
    else:
        for d in findings:
            print(d.format())
    errors = sum(d.severity == ERROR for d in findings)
    warnings = sum(d.severity == WARNING for d in findings)
    if fmt != "json":
        strict_note = {"nl": " (--strict: waarschuwingen tellen als fouten)",
                       "en": " (--strict: warnings count as errors)"}
        print(f"{count('file', len(files), lang)}: {count('error', errors, lang)}, {count('warning', warnings, lang)}"
              + (strict_note[lang] if strict and warnings else ""), file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", help="scenariobestanden of mappen")
    parser.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=LANGS, default="nl",
                        help="taal van de meldingen (standaard nl; en uit dezelfde regeltabel)")
    parser.add_argument("--max-states", type=int, default=None,
                        help="grens van de toestandsanalyse (standaard 20000, of 5 per node)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scenario_lint", description="Controleer Casustafel-scenariobestanden.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_lint(args.paths, args.strict, args.format, args.max_states, args.lang)

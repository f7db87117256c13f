"""`casustafel export --format csv|jsonl|xapi -o FILE [SESSION...]`: research data, pseudonymised by default."""

from __future__ import annotations

import argparse
import sys

from casustafel.game.cli.sessions import add_filter_arguments, filter_from
from casustafel.game.i18n import count
from casustafel.game.records.exports import FORMATS, ExportError, export, select_sessions
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import RecorderError
from casustafel.game.report.overview import OverviewError, filtered_sessions


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="exporteer sessies per beurt (csv, jsonl) of als xAPI-statements")
    p.add_argument("sessions", nargs="*", metavar="SESSIE", help="sessie-ids (of latest); zonder: alle sessies")
    p.add_argument("--format", choices=FORMATS, default="csv", help="csv, jsonl of xapi (standaard csv)")
    p.add_argument("-o", "--output", required=True, metavar="BESTAND", help="het bestand om te schrijven")
    p.add_argument("--keep-names", action="store_true",
                   help="bijnamen laten staan in plaats van pseudoniemen (alleen als iedereen dat goed vindt)")
    p.add_argument("--keep-text", action="store_true",
                   help="vrije tekst meenemen (notities bij markeringen, antwoorden op reflectievragen)")
    p.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    add_filter_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        flt = filter_from(args)
        recorder = open_records(args.data)
    except (OverviewError, RecorderError) as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        rows = select_sessions(recorder, args.sessions)
        if any(v is not None for v in (flt.scenario, flt.since, flt.until, flt.workshop)):
            allowed = {r.id for r in filtered_sessions(recorder, flt)}
            rows = [r for r in rows if r.id in allowed]
        if not rows:
            print("Er zijn (met dit filter) geen sessies om te exporteren. Bekijk ze met: casustafel sessions",
                  file=sys.stderr)
            return 1
        result = export(recorder, rows, args.format, args.output, keep_names=args.keep_names,
                        keep_text=args.keep_text, force=args.force)
    except (ExportError, RecorderError) as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        recorder.close()
    for warning in result.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    what = "statements" if args.format == "xapi" else "beurten"
    names = "met bijnamen" if args.keep_names else "met pseudoniemen"
    names += ", met vrije tekst" if args.keep_text else ", zonder vrije tekst"
    print(f"{count('session', result.sessions)}, {result.records} {what} geschreven naar {result.path} ({names}).")
    return 0

"""`casustafel lessons [--workshop LABEL]`: the lessons learned, newest first, as the players wrote them."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from casustafel.engine.diagnostics import did_you_mean
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import RecorderError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lessons", help="toon de lessen die spelers na hun sessies opschreven")
    p.add_argument("--workshop", metavar="LABEL", help="alleen de lessen van deze workshop")
    p.add_argument("--limit", type=int, default=50, help="hoeveel lessen ten hoogste (standaard 50)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        recorder = open_records(args.data)
    except RecorderError as exc:
        print(f"casustafel lessons: {exc}", file=sys.stderr)
        return 2
    workshops = recorder.workshops(with_lessons=True)
    if args.workshop and args.workshop not in workshops:
        known = ", ".join(workshops) or "geen"
        print(f"casustafel lessons: workshop {args.workshop!r} is onbekend. Bekende workshops: {known}."
              + did_you_mean(args.workshop, workshops), file=sys.stderr)
        return 2
    lessons = recorder.lessons(max(args.limit, 1), args.workshop)
    if not lessons:
        print("Er zijn nog geen lessen opgeschreven. Dat gebeurt aan het eind van het terugkijken.")
        return 0
    for lesson in lessons:
        when = datetime.fromtimestamp(lesson["at"]).strftime("%d-%m-%Y")
        label = f" ({lesson['workshop']})" if lesson["workshop"] and not args.workshop else ""
        print(f"- {lesson['text']}  [{when}{label}]")
    return 0

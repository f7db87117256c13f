"""`casustafel report SESSION -o FILE.html`: the debrief of a recorded session as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.report.debrief_data import DebriefDataError, load_session


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="schrijf het verslag van een sessie als HTML (met grafieken)")
    p.add_argument("session", metavar="SESSIE", help="id van een sessie (zie: casustafel sessions) of latest")
    p.add_argument("-o", "--output", metavar="BESTAND.html", help="waar het verslag komt (standaard: "
                   "casustafel-SESSIE.html in de huidige map)")
    p.add_argument("--pdf", metavar="BESTAND.pdf", help="maak ook een PDF (als chromium of wkhtmltopdf er is)")
    p.add_argument("--lang", choices=("nl", "en"), help="taal van het verslag (standaard: die van de sessie)")
    p.set_defaults(func=run)


def fail(message: str) -> int:
    print(f"casustafel report: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        recorder = Recorder.open(args.data)
    except RecorderError as exc:
        return fail(str(exc))
    try:
        try:
            loaded = load_session(recorder, args.session, args.lang)
        except DebriefDataError as exc:
            return fail(str(exc))
        output = Path(args.output or f"casustafel-{loaded.row.id}.html").expanduser()
        if output.is_dir():
            output = output / f"casustafel-{loaded.row.id}.html"
        if not output.parent.is_dir():
            return fail(f"de map {output.parent} bestaat niet; maak hem eerst of kies een andere plek met -o.")
        from casustafel.game.report.html import render_report, write_atomic, write_pdf

        html = render_report(loaded, args.lang, recorder.lessons(limit=1000))
        try:
            write_atomic(output, html)
        except OSError as exc:
            return fail(f"kan {output} niet schrijven ({exc.strerror or exc}); kies een andere plek met -o.")
        for problem in loaded.problems:
            print(problem)
        print(f"Verslag geschreven: {output}")
        if args.pdf:
            try:
                write_pdf(output, Path(args.pdf).expanduser())
            except (RuntimeError, OSError) as exc:
                return fail(str(exc))
            print(f"PDF geschreven: {args.pdf}")
        return 0
    finally:
        recorder.close()

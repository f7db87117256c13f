"""`casustafel report SESSION -o FILE.html`: the debrief of a recorded session as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casustafel.game.records.files import FileWriteError, check_target
from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.report.debrief_data import DebriefDataError, load_session


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="schrijf het verslag van een sessie als HTML (met grafieken)")
    p.add_argument("session", metavar="SESSIE", help="id van een sessie (zie: casustafel sessions) of latest")
    p.add_argument("-o", "--output", metavar="BESTAND.html", help="waar het verslag komt (standaard: "
                   "casustafel-SESSIE.html in de huidige map)")
    p.add_argument("--pdf", metavar="BESTAND.pdf", help="maak ook een PDF (als chromium of wkhtmltopdf er is)")
    p.add_argument("--lang", choices=("nl", "en"), help="taal van het verslag (standaard: die van de sessie)")
    p.add_argument("--force", action="store_true", help="bestaande bestanden overschrijven")
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
        pdf = Path(args.pdf).expanduser() if args.pdf else None
        try:
            for target in (output, pdf):
                if target is not None:
                    check_target(target, args.force)
        except FileWriteError as exc:
            return fail(str(exc))
        from casustafel.game.records.files import write_file
        from casustafel.game.report.html import render_report, write_pdf

        html = render_report(loaded, args.lang, recorder.lessons(limit=1000))
        try:
            write_file(output, html, force=args.force)
            recorder.note_written([loaded.row.id], output)
        except (FileWriteError, RecorderError) as exc:
            return fail(str(exc))
        for problem in loaded.problems:
            print(problem)
        print(f"Verslag geschreven: {output}")
        if pdf is not None:
            try:
                write_pdf(output, pdf, force=args.force)
                recorder.note_written([loaded.row.id], pdf)
            except (RuntimeError, FileWriteError, RecorderError) as exc:
                return fail(str(exc))
            print(f"PDF geschreven: {pdf}")
        return 0
    finally:
        recorder.close()

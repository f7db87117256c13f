"""`casustafel delete SESSION`: withdraw a session; it goes with its players, events, marks, answers and lessons.

Deleted rows are overwritten in the database file (`PRAGMA secure_delete`) and the write-ahead log is
emptied and checked, so the words of a withdrawn session do not linger on disk either; when the log cannot
be emptied (another Casustafel has the records open) the command says so. Statements pushed to a Learning
Record Store are voided there (xAPI `voided` statements, with the credentials `push` uses); when that LRS
cannot be reached, the command names it and says it still holds them, and the next `push` to that LRS
voids them (only the statement ids are kept for that). Reports and exports written earlier
are separate files: the ones Casustafel knows of are named, and the command says they are not removed.
"""

from __future__ import annotations

import argparse
import sys
import time

from casustafel.game.cli.push import Client, PushError, credentials
from casustafel.game.i18n import count
from casustafel.game.records.recorder import SESSION_TABLES as TABLES
from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.records.xapi import registration, void_statements

DESCRIBED = ("events", "marks", "lessons")
TABLE_NOUNS = dict(zip(TABLES, ("session", "player", "event", "mark", "lesson"), strict=True))


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("delete", help="trek een sessie in: verwijder haar met markeringen, antwoorden en lessen")
    p.add_argument("session", metavar="SESSIE", help="id van een sessie (zie: casustafel sessions) of latest")
    p.add_argument("--yes", action="store_true", help="niet om bevestiging vragen")
    p.set_defaults(func=run)


def void_pushed(recorder: Recorder, session_id: str, pushed: dict[str, list[str]], retries: int = 1,
                timeout: float = 10.0) -> list[str]:
    """Void the statements each LRS accepted (`Recorder.pushed_to`); one Dutch line per LRS on what happened.

    What an LRS could not void now is remembered (statement ids only) and voided by the next `push` to it.
    """
    salt = recorder.meta("installation_salt") or ""
    lines = []
    for lrs, ids in pushed.items():
        try:
            Client(lrs, credentials(), retries=retries, timeout=timeout).post(void_statements(salt, session_id, ids))
            lines.append(f"{count('statement', len(ids)).capitalize()} in de LRS op {lrs} ingetrokken (voided).")
        except PushError as exc:
            recorder.owe_voids(lrs, session_id, ids)
            lines.append(f"Let op: de LRS op {lrs} heeft nog {count('statement', len(ids))} van deze sessie "
                         f"(registration {registration(session_id)}); intrekken lukte niet: {exc} Casustafel "
                         f"probeert het opnieuw bij de volgende casustafel push --lrs {lrs}; lukt dat niet, vraag "
                         "dan de beheerder van die LRS ze te verwijderen.")
    return lines


def describe(recorder: Recorder, session_id: str) -> str:
    row = recorder.session(session_id)
    counts = recorder.remaining_rows(session_id)
    players = ", ".join(nick for nick, _human in recorder.players(session_id).values())
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.started_at))
    return (f"Sessie {row.id}: {row.scenario_id}, gespeeld op {when} door {players or '-'}; "
            + ", ".join(count(noun, counts[table]) for table, noun in TABLE_NOUNS.items() if table in DESCRIBED) + ".")


def run(args: argparse.Namespace) -> int:
    try:
        recorder = Recorder.open(args.data)
    except RecorderError as exc:
        print(f"casustafel delete: {exc}", file=sys.stderr)
        return 2
    try:
        row = recorder.session(args.session)
        if row is None:
            print(f"casustafel delete: sessie {args.session} bestaat niet (meer). Bekijk de sessies met: "
                  "casustafel sessions", file=sys.stderr)
            return 2
        print(describe(recorder, row.id))
        if not args.yes:
            try:
                answer = input("Deze sessie en alles wat erbij hoort verwijderen? Typ ja om te verwijderen: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("ja", "j", "yes", "y"):
                print("Niets verwijderd.")
                return 1
        pushed, files = recorder.pushed_to(row.id), recorder.written(row.id)
        left = recorder.withdraw(row.id)
        problem = recorder.scrub_problem
    except RecorderError as exc:
        recorder.close()
        print(f"casustafel delete: {exc} Er is niets verwijderd.", file=sys.stderr)
        return 2
    try:
        lrs_lines = void_pushed(recorder, row.id, pushed)
    except RecorderError as exc:  # the LRS part failed to be remembered: say so, the local delete stands
        lrs_lines = [f"Let op: {exc}"]
    finally:
        recorder.close()
    for line in lrs_lines:
        print(line, file=sys.stderr if line.startswith("Let op") else sys.stdout)
    if any(left.values()):
        left_text = ", ".join(count(noun, left[table]) for table, noun in TABLE_NOUNS.items() if left[table])
        print(f"casustafel delete: er is nog iets over van sessie {row.id}: {left_text}", file=sys.stderr)
        return 2
    if problem:
        print(f"Sessie {row.id} is uit de opnamen verwijderd, maar niet alles is gewist: {problem}", file=sys.stderr)
    else:
        print(f"Sessie {row.id} is ingetrokken: er staat niets meer van in de opnamen op deze computer "
              f"({', '.join(count(noun, 0) for noun in TABLE_NOUNS.values())}; het logbestand is geleegd).")
    if files:
        print("Let op: deze eerder geschreven bestanden bevatten de sessie nog en zijn niet verwijderd: "
              + ", ".join(str(f) for f in files), file=sys.stderr)
    else:
        print("Eerder geschreven verslagen en exports (als die er zijn) worden niet verwijderd; verwijder ze zelf.")
    return 0 if not problem and not any(line.startswith("Let op") for line in lrs_lines) else 1

"""`casustafel delete SESSION`: withdraw a session; it goes with its players, events, marks, answers and lessons.

Deleted rows are overwritten in the database file (`PRAGMA secure_delete`) and the write-ahead log is
emptied, so the words of a withdrawn session do not linger on disk either.
"""

from __future__ import annotations

import argparse
import sys
import time

from casustafel.game.i18n import count
from casustafel.game.records.recorder import SESSION_TABLES as TABLES
from casustafel.game.records.recorder import Recorder, RecorderError

DESCRIBED = ("events", "marks", "lessons")
TABLE_NOUNS = dict(zip(TABLES, ("session", "player", "event", "mark", "lesson"), strict=True))


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("delete", help="trek een sessie in: verwijder haar met markeringen, antwoorden en lessen")
    p.add_argument("session", metavar="SESSIE", help="id van een sessie (zie: casustafel sessions) of latest")
    p.add_argument("--yes", action="store_true", help="niet om bevestiging vragen")
    p.set_defaults(func=run)


def remaining_rows(recorder: Recorder, session_id: str) -> dict[str, int]:
    """How many rows of each table still belong to the session (all zero after a withdrawal)."""
    return recorder.remaining_rows(session_id)


def withdraw(recorder: Recorder, session_id: str) -> dict[str, int]:
    """Delete the session and scrub the file; returns the rows that remain (all zero)."""
    return recorder.withdraw(session_id)


def describe(recorder: Recorder, session_id: str) -> str:
    row = recorder.session(session_id)
    counts = remaining_rows(recorder, session_id)
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
        left = withdraw(recorder, row.id)
        if any(left.values()):
            left_text = ", ".join(count(noun, left[table]) for table, noun in TABLE_NOUNS.items() if left[table])
            print(f"casustafel delete: er is nog iets over van sessie {row.id}: {left_text}", file=sys.stderr)
            return 2
        print(f"Sessie {row.id} is ingetrokken: er staat niets meer van op deze computer "
              f"({', '.join(count(noun, 0) for noun in TABLE_NOUNS.values())}).")
        return 0
    finally:
        recorder.close()

"""Privacy by design (DESIGN.md §6): retention, deleting old sessions, and what never leaves this computer.

- Retention: a setting kept with the records (`retention_days` in the recorder's meta table). When it is
  set, `apply_retention` deletes every session that started more than that many days ago, with everything
  that belongs to it (players, events, marks, lessons, push records). Front ends call it at start-up;
  `casustafel sessions`, `export` and `push` call it before they read anything, so an export never holds a
  session the retention should have removed.
- `casustafel sessions --delete-older-than DAYS` does the same once, by hand.
- Both overwrite what they delete (`secure_delete`) and empty the write-ahead log; when the log cannot be
  emptied (another Casustafel has the records open), `Recorder.scrub_problem` says so in one Dutch sentence.
- Withdrawal and `delete` go through `Recorder.delete_session`; exports read the records afresh every run, so
  a withdrawn session is in no later export.
- Network: nothing in play or export opens a connection; only `casustafel push` does (a test proves this).
"""

from __future__ import annotations

import math

from casustafel.game.records.recorder import Recorder

RETENTION_KEY = "retention_days"
OFF_WORDS = ("uit", "off", "geen", "none", "0")


class PrivacyError(Exception):
    """A retention value that cannot be used; the message says what to write instead."""


def parse_days(text: str | float | int) -> float:
    """A positive number of days ("30", "7,5"); a clear message otherwise."""
    try:
        days = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise PrivacyError(f"{text!r} is geen aantal dagen; schrijf bijvoorbeeld 30.") from None
    if not math.isfinite(days) or days <= 0:
        raise PrivacyError(f"Het aantal dagen moet groter dan 0 zijn (niet {text}).")
    return days


def retention_days(recorder: Recorder) -> float | None:
    """The retention setting in days, or None when sessions are kept until someone deletes them."""
    value = recorder.meta(RETENTION_KEY)
    if value is None:
        return None
    try:
        days = float(value)
    except ValueError:
        return None
    return days if math.isfinite(days) and days > 0 else None


def set_retention(recorder: Recorder, value: str | float | None) -> float | None:
    """Set the retention ("uit"/None switches it off); returns the days now in force."""
    if value is None or str(value).strip().lower() in OFF_WORDS:
        recorder.set_meta(RETENTION_KEY, None)
        return None
    days = parse_days(value)
    recorder.set_meta(RETENTION_KEY, repr(days))
    return days


def apply_retention(recorder: Recorder) -> int:
    """Delete the sessions older than the retention setting; returns how many went (0 when it is off)."""
    days = retention_days(recorder)
    return recorder.delete_older_than(days) if days is not None else 0


def open_records(directory: str | None) -> Recorder:
    """The records database, with the retention setting applied before anything is read or added."""
    recorder = Recorder.open(directory)
    apply_retention(recorder)
    return recorder


def delete_older_than(recorder: Recorder, days: str | float) -> int:
    """Delete every session that started more than `days` days ago; returns how many went."""
    return recorder.delete_older_than(parse_days(days))

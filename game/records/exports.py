"""Research exports (DESIGN.md §8): one row per turn, as CSV or JSONL, pseudonymised by default.

A row holds the session, scenario, turn, speaker role, option id and text, the option's frames and
heuristics, the points the turn earned, each player's mark and note on that turn and the reflection
answers given after it. Texts come from the recorder as they were shown; frames, heuristics and points
come from the scenario the session was played on (when it no longer loads, those columns stay empty and
a warning says so).

Pseudonyms: a nickname becomes `p-` + the first 10 hex digits of HMAC-SHA256(installation salt,
nickname), so the same nickname gets the same pseudonym in every export from this computer and a
different one on another computer. Nicknames that occur in free text (marks' notes, reflection answers)
are replaced by the pseudonym too. `keep_names=True` keeps nicknames; it must be asked for explicitly.
Free text (marks' notes, reflection answers) is left out unless `keep_text=True`: a pseudonym does not
hide a person who writes about themselves. Sessions recorded without consent are never exported.

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
return) get a leading `'` (OWASP, CSV injection); numbers stay numbers.

Files go through `records.files`: 0600, atomic (a temporary file in the same directory, then `os.replace`,
so a failed export leaves any earlier file untouched and nothing half-written), never over an existing
file without `force`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from casustafel.game.i18n import count
from casustafel.game.records.files import FileWriteError, atomic_file
from casustafel.game.records.recorded import (  # noqa: F401  (re-exported: the export API)
    COMPUTER,
    ExportError,
    Names,
    Scenarios,
    learner_of,
    pseudonym,
    score_of,
    session_learner,
)
from casustafel.game.records.recorder import Recorder, SessionRow
from casustafel.game.records.xapi import session_statements

FORMATS = ("csv", "jsonl", "xapi")
BASE_COLUMNS = ("session", "scenario", "workshop", "started", "status", "mode", "turn", "node", "speaker_role",
                "speaker", "human", "option_id", "option_text", "frames", "heuristics", "level", "points",
                "alignment", "seconds")


# -- rows -------------------------------------------------------------------------------------------------
@dataclass
class SessionRows:
    """The turn rows of one session and the roles that appear in them."""

    row: SessionRow
    roles: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)


def iso(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def recorded_answers(recorder: Recorder, row: SessionRow) -> list[tuple[str, str, str, int]]:
    """(node, role, answer, after_turn) of the reflection answers that stand."""
    from casustafel.game.report.debrief_data import recorded_snapshot

    snapshot = recorded_snapshot(recorder, row.id, row)
    return [(a[0], a[1], a[2], int(a[3])) for a in snapshot.get("answers", [])]


def session_rows(recorder: Recorder, session_id: str, names: Names, scenarios: Scenarios,
                 keep_text: bool = False) -> SessionRows:
    """One dict per standing turn of a session, with structured values (lists and dicts).

    Without `keep_text` marks carry no note and reflections no answer (only that one was given).
    """
    row = recorder.session(session_id)
    if row is None:
        raise ExportError(f"Sessie {session_id} bestaat niet (meer). Bekijk de sessies met: casustafel sessions")
    players = recorder.players(row.id)
    nicknames = [nick for nick, _human in players.values()]
    scenario = scenarios.get(row)
    choices = recorder.choices(row.id)
    report = score_of(scenario, choices, learner=session_learner(recorder, row, scenario), persona=row.persona)
    if scenario is not None and report is None:
        scenarios.warnings.append(f"Sessie {row.id}: het scenario {row.scenario_id} is sindsdien gewijzigd; "
                                  "punten en frames ontbreken in de export.")
    points: dict[tuple[int, str], float] = {}
    if report is not None:
        for score in report.players.values():
            for reason in score.reasons:
                points[(reason.turn, reason.role)] = points.get((reason.turn, reason.role), 0.0) + reason.points
    alignment = dict(report.alignment_curve) if report is not None else {}
    marks = recorder.marks(row.id)
    answers = recorded_answers(recorder, row)
    first_turn = choices[0]["turn"] if choices else 0
    roles = tuple(scenario.roles) if scenario is not None else tuple(sorted(players))
    out = SessionRows(row, roles)
    for choice in choices:
        turn, role = choice["turn"], choice["role"]
        option = scenario.options.get(choice["option_id"]) if scenario is not None and report is not None else None
        nickname, human = players.get(role, ("", False))
        given = [a for a in answers if a[3] == turn or (turn == first_turn and a[3] < first_turn)]
        out.rows.append({
            "session": row.id,
            "scenario": row.scenario_id,
            "workshop": row.workshop,
            "started": iso(row.started_at),
            "status": row.status,
            "mode": row.mode,
            "turn": turn,
            "node": choice["node"],
            "speaker_role": role,
            "speaker": names.player(nickname, human),
            "human": human,
            "option_id": choice["option_id"],
            "option_text": (choice["payload"] or {}).get("text", ""),
            "frames": dict(option.frames) if option else {},
            "heuristics": [t.id for t in option.heuristics] if option else [],
            "level": (option.level or "") if option else "",
            "points": points.get((turn, role), 0.0) if report is not None else None,
            "alignment": alignment.get(turn),
            "seconds": choice["seconds"],
            "marks": {by: {"mark": marks[by][turn][0]}
                      | ({"note": names.scrub(marks[by][turn][1], nicknames)} if keep_text else {})
                      for by in sorted(marks) if turn in marks[by]},
            "reflections": [{"node": a[0], "role": a[1]}
                            | ({"answer": names.scrub(a[2], nicknames)} if keep_text else {}) for a in given],
        })
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a string starting like a formula gets a leading `'` (OWASP)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def flat(row: dict, roles: Iterable[str], keep_text: bool = False) -> dict[str, object]:
    """A structured row as CSV cells: `welzijn=2;recht=1`, `casusvraag;perspectief`, one mark column per role."""
    cells: dict[str, object] = {k: row[k] for k in BASE_COLUMNS}
    cells["frames"] = ";".join(f"{k}={v}" for k, v in row["frames"].items())
    cells["heuristics"] = ";".join(row["heuristics"])
    cells["human"] = int(row["human"])
    for key in ("points", "alignment", "seconds"):
        cells[key] = "" if row[key] is None else row[key]
    for role in roles:
        mark = row["marks"].get(role, {})
        cells[f"mark_{role}"] = mark.get("mark", "")
        if keep_text:
            cells[f"note_{role}"] = mark.get("note", "")
            cells[f"reflection_{role}"] = "\n".join(r["answer"] for r in row["reflections"] if r["role"] == role)
    return {key: neutral(value) for key, value in cells.items()}


def csv_columns(roles: Iterable[str], keep_text: bool = False) -> list[str]:
    columns = list(BASE_COLUMNS)
    for role in roles:
        columns += [f"mark_{role}", f"note_{role}", f"reflection_{role}"] if keep_text else [f"mark_{role}"]
    return columns


# -- writing ----------------------------------------------------------------------------------------------
@contextmanager
def atomic_writer(path: str | os.PathLike, newline: str | None = None, force: bool = False) -> Iterator[IO[str]]:
    """A private text file that appears at `path` only when everything was written (ExportError otherwise)."""
    try:
        with atomic_file(path, newline=newline, force=force) as handle:
            yield handle
    except FileWriteError as exc:
        raise ExportError(str(exc)) from None


class Progress:
    """A calm progress bar on stderr for long exports (drawn only on a terminal, or when forced)."""

    WIDTH = 30

    def __init__(self, total: int, label: str, stream: IO[str] | None = None, force: bool = False) -> None:
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and (force or (self.stream.isatty() and total >= 20))
        self.done = 0
        self.last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.1 or self.done >= self.total):
            self.last = now
            filled = self.WIDTH * self.done // self.total
            share = 100 * self.done // self.total
            self.stream.write(f"\r{self.label}: [{'#' * filled}{' ' * (self.WIDTH - filled)}] {share:3d}% "
                              f"({self.done}/{self.total})")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class ExportResult:
    path: Path
    sessions: int
    records: int
    warnings: list[str]


def select_sessions(recorder: Recorder, refs: Iterable[str]) -> list[SessionRow]:
    """The sessions named by id (or "latest"), else all, oldest first."""
    refs = list(refs)
    if refs:
        rows = []
        for ref in refs:
            row = recorder.session(ref)
            if row is None:
                raise ExportError(f"Sessie {ref} bestaat niet (meer). Bekijk de sessies met: casustafel sessions")
            rows.append(row)
    else:
        rows = sorted(recorder.sessions(), key=lambda r: r.started_at)
    return rows


def export(recorder: Recorder, rows: list[SessionRow], fmt: str, path: str | os.PathLike, *, keep_names: bool = False,
           keep_text: bool = False, force: bool = False, progress: Progress | None = None,
           lang: str = "nl") -> ExportResult:
    """Write the sessions in `rows` to `path` as csv, jsonl or xapi (a JSON array of statements)."""
    if fmt not in FORMATS:
        raise ExportError(f"Onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}.")
    names = Names(recorder, keep_names)
    scenarios = Scenarios()
    warnings: list[str] = []
    consented = [r for r in rows if r.consent]
    if len(consented) < len(rows):
        warnings.append(f"{count('session', len(rows) - len(consented))} zonder toestemming niet geëxporteerd.")
    progress = progress or Progress(len(consented), "Exporteren")
    records = 0
    if fmt == "xapi":
        statements: list[dict] = []
        for row in consented:
            statements += session_statements(recorder, row.id, names, scenarios, lang=lang)
            progress.step()
        with atomic_writer(path, force=force) as out:
            json.dump(statements, out, ensure_ascii=False, indent=1)
            out.write("\n")
        records = len(statements)
    elif fmt == "jsonl":
        with atomic_writer(path, force=force) as out:
            for row in consented:
                for item in session_rows(recorder, row.id, names, scenarios, keep_text).rows:
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
                    records += 1
                progress.step()
    else:
        collected = []
        for row in consented:
            collected.append(session_rows(recorder, row.id, names, scenarios, keep_text))
            progress.step()
        roles = sorted({role for s in collected for role in s.roles})
        with atomic_writer(path, newline="", force=force) as out:
            writer = csv.DictWriter(out, fieldnames=csv_columns(roles, keep_text))
            writer.writeheader()
            for s in collected:
                for item in s.rows:
                    writer.writerow(flat(item, roles, keep_text))
                    records += 1
    progress.close()
    recorder.note_written([r.id for r in consented], Path(path))
    return ExportResult(Path(path), len(consented), records, warnings + scenarios.warnings)


def read_csv(path: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of an exported CSV file (for tests and scripts)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(io.StringIO(handle.read())))


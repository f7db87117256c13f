"""The recorder: every session event committed to SQLite before the interface moves on.

The database lives in the user's data directory (platformdirs), or where `--data` / `CASUSTAFEL_DATA`
says. WAL journal, `synchronous=FULL` so a committed event survives a crash, schema versioned with
`PRAGMA user_version` and migrated in order. Deleting a session removes every row that belongs to it.

Private and honest on disk: the data folder is 0700 and the database (with its WAL) 0600 whatever the umask;
`secure_delete` is on for every connection, so deleted rows are overwritten, and `scrub` empties the WAL and
says when it could not. A read-only, corrupt, full or busy data folder is one Dutch sentence (RecorderError),
never a traceback.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from casustafel.engine.session import (
    ChoiceOffered,
    EndingReached,
    Event,
    LineSpoken,
    OptionChosen,
    ReflectionAnswered,
    ReflectionAsked,
)
from casustafel.game.records.files import PRIVATE_FILE, os_reason, private_dir, tighten

DB_NAME = "casustafel.sqlite3"

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions, players, events, marks, lessons
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY, scenario_id TEXT NOT NULL, scenario_path TEXT NOT NULL,
        content_hash TEXT NOT NULL, mode TEXT NOT NULL, partner_policy TEXT, language TEXT NOT NULL,
        workshop TEXT NOT NULL DEFAULT '', consent INTEGER NOT NULL, status TEXT NOT NULL,
        started_at REAL NOT NULL, updated_at REAL NOT NULL, ended_at REAL,
        ending_node TEXT, ending_kind TEXT, session_score REAL, snapshot TEXT
    );
    CREATE TABLE players (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, role TEXT NOT NULL,
        nickname TEXT NOT NULL, human INTEGER NOT NULL, PRIMARY KEY (session_id, role)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        at REAL NOT NULL, kind TEXT NOT NULL, node TEXT, role TEXT, option_id TEXT, turn INTEGER,
        seconds REAL, payload TEXT
    );
    CREATE INDEX events_by_session ON events(session_id, id);
    CREATE TABLE marks (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, by_role TEXT NOT NULL,
        turn INTEGER NOT NULL, mark TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', at REAL NOT NULL,
        PRIMARY KEY (session_id, by_role, turn)
    );
    CREATE TABLE lessons (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
        workshop TEXT NOT NULL DEFAULT '', at REAL NOT NULL, text TEXT NOT NULL
    );
    """,
    # 2: xAPI statements a Learning Record Store has accepted (`casustafel push`), one row per statement and LRS
    """
    CREATE TABLE pushed (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, lrs TEXT NOT NULL,
        statement_id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (lrs, statement_id)
    );
    CREATE INDEX pushed_by_session ON pushed(session_id);
    """,
    # 3: a mark can name the heuristic (or red flag) of the kijkwijzer the player saw, or missed, at that turn;
    #    a session keeps the client persona it was played with
    """
    ALTER TABLE marks ADD COLUMN heuristic TEXT NOT NULL DEFAULT '';
    ALTER TABLE marks ADD COLUMN heuristic_seen INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE sessions ADD COLUMN persona TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Where records live: `--data`, else `CASUSTAFEL_DATA`, else the platform's user data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("CASUSTAFEL_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("casustafel", appauthor=False))


SESSION_TABLES = ("sessions", "players", "events", "marks", "lessons")


class RecorderError(Exception):
    """The database cannot be opened or written; the message says what to do."""


def explain(exc: sqlite3.Error | OSError, path: Path) -> str:
    """A database or file-system failure on the records at `path` as one Dutch sentence with what to do."""
    text = str(exc).lower()
    folder = path.parent
    elsewhere = "Kies een andere map met --data MAP of CASUSTAFEL_DATA."
    if isinstance(exc, OSError):
        return f"Kan de opnamen in {folder} niet gebruiken: {os_reason(exc)}. {elsewhere}"
    if "locked" in text or "busy" in text:
        return (f"De opnamen in {path} zijn bezet door een ander Casustafel-proces (loopt er nog een spel?). "
                "Sluit dat en probeer het opnieuw.")
    if "full" in text:
        return f"De schijf van {folder} is vol; er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (f"Het bestand {path} is beschadigd (geen geldige database). Zet het opzij (hernoem het) om met "
                f"lege opnamen te beginnen. {elsewhere}")
    if "readonly" in text or "read-only" in text or "unable to open" in text or not os.access(folder, os.W_OK):
        return f"Casustafel kan niet schrijven in {folder} (alleen-lezen of geen rechten). {elsewhere}"
    if "i/o" in text:
        return f"Schrijffout in {path} (schijf vol of beschadigd?); er is niets opgeslagen. {elsewhere}"
    return f"De opnamen in {path} geven een fout: {exc}. {elsewhere}"


def truncated(path: Path) -> bool:
    """Whether the database file is shorter than its own header says (cut off by a copy or a full disk).

    Reads 100 bytes, so it costs nothing at start-up; other damage shows when a page is read (RecorderError).
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False  # empty (a new database) or not SQLite at all: SQLite itself says so
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, changes, valid_for = (int.from_bytes(header[i:i + 4], "big") for i in (28, 24, 92))
    return changes == valid_for and size < pages * page_size


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    scenario_id: str
    scenario_path: str
    content_hash: str
    mode: str
    partner_policy: str | None
    language: str
    workshop: str
    consent: bool
    status: str
    started_at: float
    updated_at: float
    ended_at: float | None
    ending_node: str | None
    ending_kind: str | None
    session_score: float | None
    snapshot: str | None
    persona: str | None = None  # the client persona played (schema 3)


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions the overview (or an export) looks at; None means no restriction."""

    scenario: str | None = None
    since: float | None = None
    until: float | None = None
    workshop: str | None = None

    def where(self, alias: str = "s") -> tuple[str, list]:
        clauses, args = ["1"], []
        if self.scenario:
            clauses.append(f"{alias}.scenario_id = ?")
            args.append(self.scenario)
        if self.since is not None:
            clauses.append(f"{alias}.started_at >= ?")
            args.append(self.since)
        if self.until is not None:
            clauses.append(f"{alias}.started_at < ?")
            args.append(self.until)
        if self.workshop is not None:
            clauses.append(f"{alias}.workshop = ?")
            args.append(self.workshop)
        return " AND ".join(clauses), args


class Recorder:
    """One connection to the records database."""

    BUSY_TIMEOUT = 10.0  # seconds to wait for another process's write before saying the records are busy
    scrub_problem: str | None = None  # what the last delete could not scrub (see `scrub`), in one Dutch sentence

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            private_dir(path.parent)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
            self.db = sqlite3.connect(path, isolation_level=None, timeout=self.BUSY_TIMEOUT)
        except (OSError, sqlite3.Error) as exc:
            raise RecorderError(explain(exc, path)) from None
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA secure_delete=ON")
            for file in (path, *self.side_files()):
                tighten(file, PRIVATE_FILE)
            if truncated(path):
                raise sqlite3.DatabaseError("database disk image is malformed")
            self._migrate()
        except sqlite3.Error as exc:
            self.db.close()
            raise RecorderError(explain(exc, path)) from None
        except RecorderError:
            self.db.close()
            raise

    def side_files(self) -> list[Path]:
        """The write-ahead log and shared-memory file next to the database (when they exist)."""
        return [p for p in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm")) if p.exists()]

    @classmethod
    def open(cls, directory: str | os.PathLike | None = None) -> Recorder:
        return cls(data_dir(directory) / DB_NAME)

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RecorderError(f"De opnamen in {self.path} komen van een nieuwere Casustafel (schema {version}); "
                                "werk Casustafel bij.")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
        if self.meta("installation_salt") is None:
            with self.transaction():
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('installation_salt', ?)", (secrets.token_hex(16),))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; a database failure inside it becomes a RecorderError and nothing is kept."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise RecorderError(explain(exc, self.path)) from None
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after a full disk)
            if isinstance(exc, sqlite3.IntegrityError) and "foreign key" in str(exc).lower():
                raise RecorderError("Deze sessie is intussen verwijderd (casustafel delete); er wordt niets meer "
                                    "van opgenomen.") from None
            if isinstance(exc, sqlite3.Error):
                raise RecorderError(explain(exc, self.path)) from None
            raise

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- sessions -----------------------------------------------------------------------------------
    def start_session(self, *, scenario_id: str, scenario_path: str, content_hash: str, mode: str,
                      players: dict[str, tuple[str, bool]], language: str, partner_policy: str | None = None,
                      workshop: str = "", consent: bool = True, persona: str | None = None) -> str:
        """Create a session with its players (role -> (nickname, human)); returns its id."""
        session_id = uuid.uuid4().hex[:12]
        now = time.time()
        with self.transaction() as db:
            db.execute("INSERT INTO sessions (id, scenario_id, scenario_path, content_hash, mode, partner_policy, "
                       "language, workshop, consent, status, started_at, updated_at, persona) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'playing', ?, ?, ?)",
                       (session_id, scenario_id, scenario_path, content_hash, mode, partner_policy, language,
                        workshop, int(consent), now, now, persona))
            db.executemany("INSERT INTO players VALUES (?, ?, ?, ?)",
                           [(session_id, role, nick, int(human)) for role, (nick, human) in players.items()])
            db.execute("INSERT INTO events (session_id, at, kind, payload) VALUES (?, ?, 'start', ?)",
                       (session_id, now, json.dumps({"consent": consent, "mode": mode})))
        return session_id

    def record(self, session_id: str, events: Iterable[Event], snapshot: dict | None = None,
               language: str = "nl") -> None:
        """Store events (and the snapshot to resume from) in one committed transaction."""
        now = time.time()
        rows = [(session_id, now, *_event_row(e, language)) for e in events]
        with self.transaction() as db:
            db.executemany("INSERT INTO events (session_id, at, kind, node, role, option_id, turn, seconds, payload) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            if snapshot is not None:
                db.execute("UPDATE sessions SET snapshot = ?, updated_at = ? WHERE id = ?",
                           (json.dumps(snapshot), now, session_id))
            for e in events:
                if isinstance(e, EndingReached):
                    db.execute("UPDATE sessions SET status = 'ended', ended_at = ?, ending_node = ?, "
                               "ending_kind = ? WHERE id = ?", (now, e.node, e.ending.kind, session_id))

    def record_undo(self, session_id: str, snapshot: dict) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO events (session_id, at, kind, turn) VALUES (?, ?, 'undo', ?)",
                       (session_id, time.time(), snapshot.get("turn")))
            db.execute("UPDATE sessions SET snapshot = ?, updated_at = ? WHERE id = ?",
                       (json.dumps(snapshot), time.time(), session_id))

    def set_score(self, session_id: str, score: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET session_score = ? WHERE id = ?", (score, session_id))

    def session(self, session_id: str) -> SessionRow | None:
        if session_id == "latest":
            row = self.db.execute("SELECT * FROM sessions ORDER BY started_at DESC LIMIT 1").fetchone()
        else:
            row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return SessionRow(**dict(row)) if row else None

    def sessions(self, status: str | None = None) -> list[SessionRow]:
        query, args = "SELECT * FROM sessions", ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        return [SessionRow(**dict(r)) for r in self.db.execute(query + " ORDER BY started_at DESC", args)]

    def unfinished(self) -> list[SessionRow]:
        return self.sessions("playing")

    def players(self, session_id: str) -> dict[str, tuple[str, bool]]:
        rows = self.db.execute("SELECT role, nickname, human FROM players WHERE session_id = ?", (session_id,))
        return {r["role"]: (r["nickname"], bool(r["human"])) for r in rows}

    def events(self, session_id: str) -> list[dict]:
        rows = self.db.execute("SELECT * FROM events WHERE session_id = ? ORDER BY id", (session_id,))
        result = []
        for r in rows:
            item = dict(r)
            item["payload"] = json.loads(item["payload"]) if item["payload"] else None
            result.append(item)
        return result

    def choices(self, session_id: str) -> list[dict]:
        """The choices that stand (undone ones removed), in order."""
        stack: list[dict] = []
        for e in self.events(session_id):
            if e["kind"] == "choice":
                stack.append(e)
            elif e["kind"] == "undo":
                keep = e["turn"] or 0
                stack = [c for c in stack if c["turn"] <= keep]
        return stack

    def abandon(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET status = 'abandoned' WHERE id = ? AND status = 'playing'", (session_id,))

    # -- look back, lessons, withdrawal ---------------------------------------------------------------
    def set_mark(self, session_id: str, by_role: str, turn: int, mark: str, note: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO marks (session_id, by_role, turn, mark, note, at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (session_id, by_role, turn, mark, note, time.time()))
            db.execute("INSERT INTO events (session_id, at, kind, role, turn, payload) VALUES (?, ?, 'mark', ?, ?, ?)",
                       (session_id, time.time(), by_role, turn, json.dumps({"mark": mark, "note": note})))

    def set_heuristic(self, session_id: str, by_role: str, turn: int, heuristic: str, seen: bool = True) -> bool:
        """Name the kijkwijzer heuristic `by_role` saw (or, `seen=False`, missed) at their mark of `turn`;
        False when that turn has no mark yet ('' clears it)."""
        with self.transaction() as db:
            changed = db.execute("UPDATE marks SET heuristic = ?, heuristic_seen = ? "
                                 "WHERE session_id = ? AND by_role = ? AND turn = ?",
                                 (heuristic, int(seen), session_id, by_role, turn)).rowcount
            if changed:
                db.execute("INSERT INTO events (session_id, at, kind, role, turn, payload) "
                           "VALUES (?, ?, 'mark_heuristic', ?, ?, ?)",
                           (session_id, time.time(), by_role, turn, json.dumps({"heuristic": heuristic, "seen": seen})))
        return bool(changed)

    def heuristics_marked(self, session_id: str) -> dict[str, dict[int, tuple[str, bool]]]:
        """role -> turn -> (heuristic id, seen) for the marks that name one."""
        result: dict[str, dict[int, tuple[str, bool]]] = {}
        for r in self.db.execute("SELECT by_role, turn, heuristic, heuristic_seen FROM marks "
                                 "WHERE session_id = ? AND heuristic != '' ORDER BY turn", (session_id,)):
            result.setdefault(r["by_role"], {})[r["turn"]] = (r["heuristic"], bool(r["heuristic_seen"]))
        return result

    def clear_mark(self, session_id: str, by_role: str, turn: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM marks WHERE session_id = ? AND by_role = ? AND turn = ?",
                       (session_id, by_role, turn))

    def marks(self, session_id: str) -> dict[str, dict[int, tuple[str, str]]]:
        result: dict[str, dict[int, tuple[str, str]]] = {}
        for r in self.db.execute("SELECT * FROM marks WHERE session_id = ? ORDER BY turn", (session_id,)):
            result.setdefault(r["by_role"], {})[r["turn"]] = (r["mark"], r["note"])
        return result

    def add_lesson(self, text: str, session_id: str | None = None, workshop: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO lessons (session_id, workshop, at, text) VALUES (?, ?, ?, ?)",
                       (session_id, workshop, time.time(), text))

    def lessons(self, limit: int = 50, workshop: str | None = None) -> list[dict]:
        """The latest lessons learned, newest first; with `workshop`, only that workshop's."""
        if workshop is None:
            rows = self.db.execute("SELECT * FROM lessons ORDER BY at DESC LIMIT ?", (limit,))
        else:
            rows = self.db.execute("SELECT * FROM lessons WHERE workshop = ? ORDER BY at DESC LIMIT ?",
                                   (workshop, limit))
        return [dict(r) for r in rows]

    def workshops(self, with_lessons: bool = False) -> list[str]:
        """Every workshop label that has sessions (or, `with_lessons`, lessons too)."""
        query = "SELECT workshop FROM sessions" + (" UNION SELECT workshop FROM lessons" if with_lessons else "")
        rows = self.db.execute(f"SELECT DISTINCT workshop FROM ({query}) ORDER BY 1")
        return [r[0] for r in rows if r[0]]

    def remaining_rows(self, session_id: str) -> dict[str, int]:
        """How many rows of each table still belong to the session (all zero after a withdrawal)."""
        counts = {}
        for table in SESSION_TABLES:
            column = "id" if table == "sessions" else "session_id"
            counts[table] = self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                                            (session_id,)).fetchone()[0]
        return counts

    def withdraw(self, session_id: str) -> dict[str, int]:
        """Delete the session and scrub the file; returns the rows that remain (all zero).

        What could not be scrubbed (the WAL held open by another process) is left in `scrub_problem`.
        """
        self.delete_session(session_id)
        self.scrub_problem = self.scrub()
        return self.remaining_rows(session_id)

    def delete_session(self, session_id: str) -> bool:
        """Withdraw a session: it goes with its players, events, marks and lessons (overwritten: secure_delete)."""
        with self.transaction() as db:
            gone = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
            db.execute("DELETE FROM meta WHERE key = ?", (f"written/{session_id}",))
        return bool(gone)

    def delete_older_than(self, days: float) -> int:
        """Delete the sessions that started more than `days` ago, then scrub (see `scrub_problem`)."""
        cutoff = time.time() - days * 86400
        with self.transaction() as db:
            gone = db.execute("DELETE FROM sessions WHERE started_at < ?", (cutoff,)).rowcount
            db.execute("DELETE FROM meta WHERE key LIKE 'written/%' "
                       "AND substr(key, 9) NOT IN (SELECT id FROM sessions)")
        self.scrub_problem = self.scrub() if gone else None
        return gone

    def scrub(self) -> str | None:
        """Empty the write-ahead log into the (secure_delete) database file and truncate it.

        Returns None when the WAL is empty, else one Dutch sentence saying what may still be on disk and why.
        """
        wal = Path(f"{self.path}-wal")
        try:
            busy, log, done = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            return f"Het logbestand {wal} kon niet geleegd worden ({explain(exc, self.path)})"
        size = wal.stat().st_size if wal.exists() else 0
        if busy or log != done or size:
            return (f"Het logbestand {wal} kon niet geleegd worden: een ander Casustafel-proces heeft de opnamen "
                    f"open. Tot dat sluit kunnen verwijderde gegevens daarin nog op schijf staan ({size} bytes).")
        return None

    # -- set-wise reads for the workshop overview (game/report/overview.py) ------------------------------
    def filtered_sessions(self, flt: SessionFilter) -> list[SessionRow]:
        """The sessions that pass `flt`, oldest first."""
        where, args = flt.where()
        rows = self.db.execute(f"SELECT * FROM sessions s WHERE {where} ORDER BY s.started_at, s.id", args)
        return [SessionRow(**dict(r)) for r in rows]

    def _tuples(self) -> sqlite3.Cursor:
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: several times faster than sqlite3.Row over 100,000 rows
        return cursor

    def players_of(self, flt: SessionFilter) -> dict[str, dict[str, tuple[str, bool]]]:
        """session -> role -> (nickname, human), for the sessions that pass `flt`."""
        where, args = flt.where()
        players: dict[str, dict[str, tuple[str, bool]]] = {}
        for sid, role, nick, human in self._tuples().execute(
                f"SELECT p.session_id, p.role, p.nickname, p.human FROM players p JOIN sessions s "
                f"ON s.id = p.session_id WHERE {where}", args):
            players.setdefault(sid, {})[role] = (nick, bool(human))
        return players

    def marked_turns(self, flt: SessionFilter, mark: str) -> dict[str, list[tuple[str, int]]]:
        """session -> [(marking role, turn)] of every look-back mark `mark`."""
        where, args = flt.where()
        found: dict[str, list[tuple[str, int]]] = {}
        for sid, by_role, turn in self._tuples().execute(
                f"SELECT m.session_id, m.by_role, m.turn FROM marks m JOIN sessions s ON s.id = m.session_id "
                f"WHERE {where} AND m.mark = ?", [*args, mark]):
            found.setdefault(sid, []).append((by_role, turn))
        return found

    def standing_choices(self, flt: SessionFilter) -> dict[str, list[tuple[int, str, str, str, int]]]:
        """session -> its standing choices (turn, node, role, option id, event id), an undo dropping later turns."""
        where, args = flt.where()
        standing: dict[str, list[tuple[int, str, str, str, int]]] = {}
        for sid, kind, node, role, option_id, turn, event_id in self._tuples().execute(
                f"SELECT e.session_id, e.kind, e.node, e.role, e.option_id, e.turn, e.id FROM events e "
                f"JOIN sessions s ON s.id = e.session_id WHERE {where} AND e.kind IN ('choice', 'undo') "
                f"ORDER BY e.session_id, e.id", args):
            if kind == "choice":
                standing.setdefault(sid, []).append((turn, node, role, option_id, event_id))
            else:
                keep = turn or 0
                standing[sid] = [c for c in standing.get(sid, []) if c[0] <= keep]
        return standing

    def offers_and_titles(self, flt: SessionFilter) -> tuple[dict[str, set[str]], dict[str, str]]:
        """Every option on offer in each session (a set; option ids match engine.schema.ID_PATTERN, so never
        hold a comma), and each session's ending title. Opens its own read-only connection, so it may run in
        another thread while this one reads."""
        where, args = flt.where()
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            offered_by = {sid: set(ids.split(",")) for sid, ids in db.execute(
                f"SELECT e.session_id, group_concat(DISTINCT j.value) FROM events e JOIN sessions s "
                f"ON s.id = e.session_id, json_each(e.payload, '$.options') j WHERE {where} AND e.kind = 'offered' "
                f"GROUP BY e.session_id", args)}
            titles = dict(db.execute(
                f"SELECT e.session_id, json_extract(e.payload, '$.title') FROM events e JOIN sessions s "
                f"ON s.id = e.session_id WHERE {where} AND e.kind = 'ending'", args))
        finally:
            db.close()
        return offered_by, titles

    def event_payloads(self, event_ids: list[int]) -> dict[int, str | None]:
        """The stored payload of a few events, by event id."""
        payloads: dict[int, str | None] = {}
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            payloads.update(self.db.execute(f"SELECT id, payload FROM events WHERE id IN ({marks})", chunk))
        return payloads

    # -- settings kept with the records, and what an LRS has accepted (issue 7) -----------------------
    def set_meta(self, key: str, value: str | None) -> None:
        """Store (or with None remove) a setting kept with the records, e.g. `retention_days`."""
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def pushed_ids(self, lrs: str, session_id: str | None = None) -> set[str]:
        """The statement ids this LRS has accepted (of one session, or of all)."""
        query, args = "SELECT statement_id FROM pushed WHERE lrs = ?", [lrs]
        if session_id is not None:
            query, args = query + " AND session_id = ?", [lrs, session_id]
        return {r[0] for r in self.db.execute(query, args)}

    def note_written(self, session_ids: Iterable[str], path: Path) -> None:
        """Remember that a file (report, export) holding these sessions was written, for `delete` to name."""
        target = str(Path(path).expanduser().resolve())
        with self.transaction() as db:
            for sid in session_ids:
                row = db.execute("SELECT value FROM meta WHERE key = ?", (f"written/{sid}",)).fetchone()
                known = json.loads(row[0]) if row else []
                if target not in known:
                    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               (f"written/{sid}", json.dumps([*known, target])))

    def written(self, session_id: str) -> list[Path]:
        """Files written earlier that held this session and still exist."""
        value = self.meta(f"written/{session_id}")
        return [Path(p) for p in (json.loads(value) if value else []) if Path(p).exists()]

    def owe_voids(self, lrs: str, session_id: str, statement_ids: list[str]) -> None:
        """Remember statements of a withdrawn session that this LRS still holds (ids only), to void later."""
        self.set_meta(f"unvoided/{lrs}/{session_id}", json.dumps(statement_ids))

    def owed_voids(self, lrs: str) -> dict[str, list[str]]:
        """{withdrawn session id: statement ids} that this LRS still holds and `push` should void."""
        prefix = f"unvoided/{lrs}/"
        rows = self.db.execute("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
        return {r[0][len(prefix):]: json.loads(r[1]) for r in rows}

    def settle_voids(self, lrs: str, session_id: str) -> None:
        self.set_meta(f"unvoided/{lrs}/{session_id}", None)

    def pushed_to(self, session_id: str) -> dict[str, list[str]]:
        """Where this session's statements went: {LRS statements URL: [statement ids it accepted]}."""
        found: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT lrs, statement_id FROM pushed WHERE session_id = ? ORDER BY at, rowid",
                                 (session_id,)):
            found.setdefault(r[0], []).append(r[1])
        return found

    def mark_pushed(self, session_id: str, lrs: str, statement_ids: Iterable[str]) -> None:
        """Remember statements the LRS accepted; call only after it said so."""
        now = time.time()
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO pushed VALUES (?, ?, ?, ?)",
                           [(session_id, lrs, sid, now) for sid in statement_ids])


def _event_row(event: Event, lang: str) -> tuple:
    """(kind, node, role, option_id, turn, seconds, payload json) for one engine event."""
    if isinstance(event, LineSpoken):
        return ("line", event.node, event.by, None, None, None, json.dumps({"text": event.text.get(lang)}))
    if isinstance(event, ChoiceOffered):
        return ("offered", event.node, event.role, None, None, None,
                json.dumps({"options": [o.id for o in event.options]}))
    if isinstance(event, OptionChosen):
        return ("choice", event.node, event.role, event.option.id, event.turn, event.seconds,
                json.dumps({"text": event.option.text.get(lang)}))
    if isinstance(event, ReflectionAsked):
        return ("reflect", event.node, None, None, None, None, json.dumps({"question": event.question.get(lang)}))
    if isinstance(event, ReflectionAnswered):
        return ("answer", event.node, event.role, None, None, None, json.dumps({"text": event.answer}))
    if isinstance(event, EndingReached):
        return ("ending", event.node, None, None, None, None,
                json.dumps({"kind": event.ending.kind, "title": event.ending.title.get(lang)}))
    raise TypeError(event)

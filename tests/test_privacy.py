"""Privacy: no network during play and export, retention, deleting old sessions, withdrawal goes everywhere."""

from __future__ import annotations

import json
import random
import socket
import time
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.engine.partner import pick
from casustafel.engine.session import Session
from casustafel.game.cli.main import main
from casustafel.game.records.exports import Names, Scenarios, export, select_sessions
from casustafel.game.records.privacy import apply_retention, retention_days, set_retention
from casustafel.game.records.recorder import Recorder
from casustafel.game.records.xapi import session_statements
from casustafel.game.report.overview import build_overview, plot_curves


def play_whole_session(recorder: Recorder, seed: int = 3) -> str:
    """A pair plays the flagship to its end; every event is recorded before the next step, as a front end does."""
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    rng = random.Random(seed)
    sid = recorder.start_session(scenario_id=scenario.id, scenario_path=scenario.path,
                                 content_hash=scenario.content_hash, mode="pair", language="nl", workshop="Deventer",
                                 players={"klantmanager": ("Joris", True), "sociaal_werker": ("Fatima", True)})
    session = Session(scenario)
    recorder.record(sid, session.start(), session.snapshot(), "nl")
    while not session.ended:
        if session.node.kind == "reflect":
            events = session.answer(session.awaiting_role, "Ik hoorde iets anders dan jij.")
        else:
            option = pick("random", scenario, session.awaiting_role, session.offered(), rng)
            events = session.choose(option.id, seconds=12.5)
        recorder.record(sid, events, session.snapshot(), "nl")
    recorder.set_score(sid, session.score().session_score)
    recorder.set_mark(sid, "klantmanager", 1, "mis", "te snel")
    return sid


def backdate(recorder: Recorder, sid: str, days: float) -> None:
    with recorder.transaction() as db:
        db.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (time.time() - days * 86400, sid))


def test_no_network_connection_during_play_overview_and_export(data_dir, tmp_path, monkeypatch):
    attempts: list[tuple] = []

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append(("socket", args))
            raise AssertionError("netwerkverbinding geprobeerd")

    def no_connection(*args, **kwargs):
        attempts.append(("create_connection", args))
        raise AssertionError("netwerkverbinding geprobeerd")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    monkeypatch.setattr(socket, "getaddrinfo", no_connection)

    recorder = Recorder.open(data_dir)
    sid = play_whole_session(recorder)
    assert recorder.session(sid).status == "ended"
    rows = select_sessions(recorder, [])
    for fmt in ("csv", "jsonl", "xapi"):
        export(recorder, rows, fmt, tmp_path / f"export.{fmt}")
    assert session_statements(recorder, sid, Names(recorder), Scenarios())
    plot_curves(build_overview(recorder), tmp_path / "curves.svg")
    recorder.close()
    assert main(["--data", str(data_dir), "sessions", "--json"]) == 0
    assert attempts == []

    import urllib.request  # the trap works: the one command that does use the network is caught by it

    with pytest.raises(AssertionError, match="netwerkverbinding"):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert attempts


def test_retention_setting_deletes_old_sessions_at_start_up(data_dir, capsys):
    recorder = Recorder.open(data_dir)
    old, recent = play_whole_session(recorder, 1), play_whole_session(recorder, 2)
    backdate(recorder, old, 45)
    backdate(recorder, recent, 5)
    assert apply_retention(recorder) == 0, "off by default: nothing is deleted"
    recorder.close()

    assert main(["--data", str(data_dir), "sessions", "--retention", "30"]) == 0
    out = capsys.readouterr().out
    assert "ouder dan 30 dagen" in out and "1 oude sessie verwijderd" in out
    recorder = Recorder.open(data_dir)
    assert recorder.session(old) is None and recorder.session(recent) is not None
    assert retention_days(recorder) == 30
    for table in ("events", "players", "marks"):
        assert recorder.db.execute(f"SELECT COUNT(*) FROM {table} WHERE session_id = ?", (old,)).fetchone()[0] == 0
    assert set_retention(recorder, "uit") is None and retention_days(recorder) is None
    recorder.close()


def test_delete_older_than(data_dir, capsys):
    recorder = Recorder.open(data_dir)
    ids = [play_whole_session(recorder, seed) for seed in (4, 5, 6)]
    backdate(recorder, ids[0], 100)
    backdate(recorder, ids[1], 20)
    recorder.close()
    assert main(["--data", str(data_dir), "sessions", "--delete-older-than", "14"]) == 0
    assert "2 sessies van meer dan 14 dagen oud verwijderd" in capsys.readouterr().out
    recorder = Recorder.open(data_dir)
    assert [r.id for r in recorder.sessions()] == [ids[2]]
    recorder.close()


@pytest.mark.parametrize("argv, message", [
    (["sessions", "--delete-older-than", "veertien"], "geen aantal dagen"),
    (["sessions", "--delete-older-than", "-3"], "groter dan 0"),
    (["sessions", "--retention", "nooit"], "geen aantal dagen"),
])
def test_bad_days_give_a_clear_message(data_dir, capsys, argv, message):
    assert main(["--data", str(data_dir), *argv]) in (1, 2)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_withdrawn_session_is_gone_from_overview_exports_and_push_records(data_dir, tmp_path):
    recorder = Recorder.open(data_dir)
    keep, withdraw = play_whole_session(recorder, 7), play_whole_session(recorder, 8)
    recorder.mark_pushed(withdraw, "http://lrs.invalid/xAPI/statements", ["x"])
    assert recorder.delete_session(withdraw)
    assert [p.session_id for p in build_overview(recorder).pairs] == [keep]
    export(recorder, select_sessions(recorder, []), "jsonl", tmp_path / "later.jsonl")
    exported = {json.loads(line)["session"] for line in (tmp_path / "later.jsonl").read_text().splitlines()}
    assert exported == {keep}
    assert recorder.db.execute("SELECT COUNT(*) FROM pushed").fetchone()[0] == 0
    recorder.close()


def test_migration_adds_the_pushed_table_to_an_existing_database(tmp_path: Path):
    """A database made before issue 7 (schema 1) gains the table without losing a session."""
    import sqlite3

    from casustafel.game.records.recorder import MIGRATIONS

    path = tmp_path / "oud" / "casustafel.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("INSERT INTO sessions (id, scenario_id, scenario_path, content_hash, mode, language, consent, "
                   "status, started_at, updated_at) VALUES ('s1', 'x', '', '', 'pair', 'nl', 1, 'ended', 1, 1)")
        db.execute("PRAGMA user_version = 1")
    recorder = Recorder.open(path.parent)
    assert recorder.session("s1") is not None
    assert recorder.pushed_ids("http://lrs") == set()
    recorder.close()

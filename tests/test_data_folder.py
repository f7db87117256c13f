"""The records on disk: private permissions, safe CSV, no silent overwrites, and every data-folder fault a user can
cause answered with one Dutch line: read-only, corrupt (truncated), full, busy, a garbage cache.

Faults are real where the system allows: a read-only bind mount (as root, through `unshare`) or chmod (as a user),
a full disk through RLIMIT_FSIZE in a child process, a lock held by a second connection.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.main import main
from casustafel.game.records.exports import read_csv
from casustafel.game.records.maxima import CACHE_NAME, bounds_for, maxima_for
from casustafel.game.records.recorder import DB_NAME, Recorder, RecorderError
from casustafel.game.report.debrief_data import play_recorded


def flagship():
    return load_scenario(resolve("sandra-schulden-en-werk")).scenario


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def record(recorder: Recorder, nicks: dict[str, str] | None = None, seed: int = 2, scenario=None) -> str:
    nicks = nicks or {"klantmanager": "Joris", "sociaal_werker": "Fatima"}
    sid, _ = play_recorded(recorder, scenario or flagship(), {"klantmanager": "random", "sociaal_werker": "random"},
                           seed=seed, nicknames=nicks, answer=lambda role, q: "=HYPERLINK(\"http://x\")")
    return sid


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "casustafel.game.cli.main", *argv]


def one_dutch_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- permissions --------------------------------------------------------------------------------------------
@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def test_data_folder_is_0700_and_every_file_0600_whatever_the_umask(tmp_path, open_umask, capsys):
    data = tmp_path / "nieuw" / "data"
    recorder = Recorder.open(data)
    sid = record(recorder)
    maxima_for(flagship(), data)
    recorder.close()
    assert mode(data) == 0o700
    files = [p for p in data.iterdir()]
    assert {p.name for p in files} >= {DB_NAME, CACHE_NAME}
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    outputs = [tmp_path / "export.csv", tmp_path / "export.jsonl", tmp_path / "verslag.html"]
    assert main(["--data", str(data), "export", "-o", str(outputs[0])]) == 0
    assert main(["--data", str(data), "export", "--format", "jsonl", "-o", str(outputs[1])]) == 0
    assert main(["--data", str(data), "report", sid, "-o", str(outputs[2])]) == 0
    assert all(mode(p) == 0o600 for p in outputs), {p.name: oct(mode(p)) for p in outputs}


def test_an_older_open_folder_and_database_are_made_private(tmp_path, open_umask):
    data = tmp_path / "data"
    Recorder.open(data).close()
    os.chmod(data, 0o755)
    os.chmod(data / DB_NAME, 0o644)
    Recorder.open(data).close()
    assert mode(data) == 0o700 and mode(data / DB_NAME) == 0o600


# -- CSV and free text --------------------------------------------------------------------------------------
FORMULAS = {"klantmanager": "=1+1", "sociaal_werker": "@SUM(A1)"}


def test_csv_cells_that_look_like_formulas_are_neutralised(data_dir, tmp_path):
    recorder = Recorder.open(data_dir)
    sid = record(recorder, FORMULAS)
    for start, note in zip("+-\t\r", ("+31 6", "-2 punten", "\tverborgen", "\rterug"), strict=True):
        recorder.set_mark(sid, "klantmanager", {"+": 1, "-": 2, "\t": 3, "\r": 4}[start], "goed", note)
    out = tmp_path / "namen.csv"
    assert main(["--data", str(data_dir), "export", "-o", str(out), "--keep-names", "--keep-text"]) == 0
    rows = read_csv(out)
    assert {r["speaker"] for r in rows} == {"'=1+1", "'@SUM(A1)"}
    notes = [r["note_klantmanager"] for r in rows if r["note_klantmanager"]]
    assert sorted(notes) == sorted(["'+31 6", "'-2 punten", "'\tverborgen", "'\rterug"])
    assert all(r["reflection_klantmanager"] in ("", "'=HYPERLINK(\"http://x\")") for r in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or float(value) < 0, "only numbers may start with a minus"
    recorder.close()


def test_pseudonymised_exports_leave_free_text_out_unless_asked(data_dir, tmp_path, capsys):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    recorder.set_mark(sid, "sociaal_werker", 1, "mis", "Joris woont bij zijn moeder in de Dapperbuurt")
    recorder.close()
    plain, text = tmp_path / "zonder.jsonl", tmp_path / "met.jsonl"
    assert main(["--data", str(data_dir), "export", "--format", "jsonl", "-o", str(plain)]) == 0
    assert "zonder vrije tekst" in capsys.readouterr().out
    content = plain.read_text(encoding="utf-8")
    assert "Dapperbuurt" not in content and "HYPERLINK" not in content
    rows = [json.loads(line) for line in content.splitlines()]
    assert any(r["marks"] for r in rows) and any(r["reflections"] for r in rows), "that they exist still shows"
    assert main(["--data", str(data_dir), "export", "--format", "jsonl", "--keep-text", "-o", str(text)]) == 0
    kept = text.read_text(encoding="utf-8")
    assert "Dapperbuurt" in kept and "Joris" not in kept, "free text on request, nicknames still pseudonymised"
    csv_out = tmp_path / "zonder.csv"
    assert main(["--data", str(data_dir), "export", "-o", str(csv_out)]) == 0
    header = csv_out.read_text(encoding="utf-8").splitlines()[0]
    assert "note_" not in header and "reflection_" not in header and "mark_sociaal_werker" in header


# -- no silent overwrite ------------------------------------------------------------------------------------
def test_report_export_and_graph_refuse_to_overwrite_without_force(data_dir, tmp_path, capsys):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    recorder.close()
    cases = [(tmp_path / "x.csv", ["export", "-o", "{}"]), (tmp_path / "x.html", ["report", sid, "-o", "{}"]),
             (tmp_path / "x.dot", ["graph", "sandra-schulden-en-werk", "-o", "{}"])]
    for target, argv in cases:
        target.write_text("van mij\n", encoding="utf-8")
        argv = ["--data", str(data_dir), *[a.replace("{}", str(target)) for a in argv]]
        assert main(argv) in (1, 2)
        line = one_dutch_line(capsys.readouterr().err)
        assert "bestaat al" in line and "--force" in line
        assert target.read_text(encoding="utf-8") == "van mij\n"
        assert main([*argv, "--force"]) == 0
        capsys.readouterr()
        assert target.read_text(encoding="utf-8") != "van mij\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_to_a_folder_says_so(data_dir, tmp_path, capsys):
    recorder = Recorder.open(data_dir)
    record(recorder)
    recorder.close()
    assert main(["--data", str(data_dir), "export", "-o", str(tmp_path)]) == 1
    assert "is een map" in one_dutch_line(capsys.readouterr().err)


def test_delete_names_the_reports_and_exports_written_earlier(data_dir, tmp_path, capsys):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    recorder.close()
    report, export = tmp_path / "verslag.html", tmp_path / "alles.csv"
    assert main(["--data", str(data_dir), "report", sid, "-o", str(report)]) == 0
    assert main(["--data", str(data_dir), "export", "-o", str(export)]) == 0
    capsys.readouterr()
    assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 0
    err = capsys.readouterr().err
    assert str(report) in err and str(export) in err and "niet verwijderd" in err


# -- literal names in the report -----------------------------------------------------------------------------
def test_a_dollar_in_a_role_name_renders_literally(data_dir, tmp_path, capsys):
    source = Path(resolve("sandra-schulden-en-werk")).read_text(encoding="utf-8")
    path = tmp_path / "dollar.yaml"
    path.write_text(source.replace('name: "Mark"', 'name: "Mark $\\\\kapot$"', 1), encoding="utf-8")
    scenario = load_scenario(path).scenario
    assert scenario.roles["klantmanager"].name.get("nl") == "Mark $\\kapot$"  # mathtext would fail on this
    recorder = Recorder.open(data_dir)
    sid = record(recorder, {"klantmanager": "$Joris$", "sociaal_werker": "Fatima"}, seed=4, scenario=scenario)
    recorder.close()
    out = tmp_path / "dollar.html"
    assert main(["--data", str(data_dir), "report", sid, "-o", str(out)]) == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "$Joris$" in html
    assert any("Mark $\\kapot$" in svg for svg in re.findall(r"<svg.*?</svg>", html, re.S)), "literal in the plot"


# -- data-folder faults ----------------------------------------------------------------------------------
def read_only(data: Path) -> list[str] | None:
    """A command prefix that runs with `data` read-only, or None when this system cannot make one."""
    if os.geteuid() != 0:
        return []  # chmod is enough for an ordinary user (see the caller)
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && exec "$@"'
    probe = subprocess.run([unshare, "-m", "sh", "-c", script, str(data), "x", "true"], capture_output=True)
    return [unshare, "-m", "sh", "-c", script, str(data), "x"] if probe.returncode == 0 else None


def test_a_read_only_data_folder_is_one_dutch_line(data_dir, tmp_path):
    recorder = Recorder.open(data_dir)
    record(recorder)
    recorder.close()
    prefix = read_only(data_dir)
    if prefix is None:
        pytest.skip("geen manier om hier een map alleen-lezen te maken (unshare ontbreekt of mag niet)")
    if not prefix:
        os.chmod(data_dir, 0o500)
    try:
        for argv in (["export", "-o", str(tmp_path / "x.csv")], ["delete", "latest", "--yes"],
                     ["play", "--text", "--solo", "klantmanager", "--record", "ja", "--names", "Joris",
                     "--scenario", "sandra-schulden-en-werk"]):
            done = subprocess.run([*prefix, *cli("--data", str(data_dir), *argv)], capture_output=True, text=True,
                                  timeout=120, input="")
            assert done.returncode != 0
            line = one_dutch_line(done.stderr)
            assert "alleen-lezen" in line and "--data" in line, line
    finally:
        os.chmod(data_dir, 0o700)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("keep", [0, 50, 4096, 12288])
def test_a_truncated_database_is_one_dutch_line(data_dir, tmp_path, capsys, keep):
    recorder = Recorder.open(data_dir)
    for seed in range(3):
        record(recorder, seed=seed)
    recorder.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    recorder.close()
    db = data_dir / DB_NAME
    assert db.stat().st_size > keep
    with open(db, "r+b") as handle:
        handle.truncate(keep)
    for argv in (["export", "-o", str(tmp_path / "x.csv")], ["delete", "latest", "--yes"], ["report", "latest"],
                 ["push", "--lrs", "http://127.0.0.1:9/xAPI/"], ["sessions"]):
        os.environ.setdefault("CASUSTAFEL_LRS_USER", "u")
        os.environ.setdefault("CASUSTAFEL_LRS_PASSWORD", "p")
        code = main(["--data", str(data_dir), *argv])
        captured = capsys.readouterr()
        if keep == 0:  # an empty file is an empty database: SQLite starts it afresh
            continue
        assert code != 0, argv
        assert "beschadigd" in one_dutch_line(captured.err), argv
    assert not (tmp_path / "x.csv").exists()


LIMIT = 36 * 1024  # room for SQLite's 32 KiB shared-memory file, not for an export or a delete's log


def full_disk(limit: int):
    """For a child process: files cannot grow beyond `limit` bytes (writes fail with EFBIG, not a signal)."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_is_one_dutch_line_and_nothing_is_half_written(data_dir, tmp_path):
    recorder = Recorder.open(data_dir)
    for seed in range(4):
        record(recorder, seed=seed)
    recorder.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    recorder.close()
    old = tmp_path / "oud.csv"
    old.write_text("eerdere export\n", encoding="utf-8")
    before = (data_dir / DB_NAME).read_bytes()
    for argv, words in ((["export", "--format", "xapi", "--force", "-o", str(old)], "schijf is vol"),
                        (["delete", "latest", "--yes"], "vol")):
        done = subprocess.run(cli("--data", str(data_dir), *argv), capture_output=True, text=True, timeout=120,
                              preexec_fn=full_disk(LIMIT))
        assert done.returncode != 0, done.stdout
        assert words in one_dutch_line(done.stderr)
    assert old.read_text(encoding="utf-8") == "eerdere export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    recorder = Recorder.open(data_dir)
    assert len(recorder.sessions()) == 4, "the failed delete changed nothing"
    recorder.close()
    assert (data_dir / DB_NAME).read_bytes() == before


def test_delete_while_another_process_writes_says_the_records_are_busy(data_dir, capsys, monkeypatch):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    monkeypatch.setattr(Recorder, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(data_dir / DB_NAME)
    other.execute("BEGIN IMMEDIATE")  # a play in another window, in the middle of recording a move
    try:
        assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 2
        line = one_dutch_line(capsys.readouterr().err)
        assert "bezet" in line and "niets verwijderd" in line
    finally:
        other.rollback()
        other.close()
    assert recorder.session(sid) is not None
    recorder.close()


def test_delete_while_another_process_reads_says_the_log_could_not_be_emptied(data_dir, capsys):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    reader = sqlite3.connect(data_dir / DB_NAME)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM events").fetchone()  # e.g. a look-back window reading the records
    try:
        assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 1
        captured = capsys.readouterr()
        assert "niet alles is gewist" in captured.err and "kon niet geleegd worden" in captured.err
        assert "is ingetrokken" not in captured.out
    finally:
        reader.close()
    assert recorder.session(sid) is None
    assert recorder.scrub() is None, "once the other process is gone, the log empties"
    recorder.close()


def test_recording_into_a_session_deleted_meanwhile_is_a_clear_error(data_dir):
    recorder = Recorder.open(data_dir)
    sid = record(recorder)
    other = Recorder.open(data_dir)
    other.delete_session(sid)
    other.close()
    with pytest.raises(RecorderError, match="intussen verwijderd"):
        recorder.set_mark(sid, "klantmanager", 1, "goed")
    recorder.close()


def test_retention_scrubs_and_says_when_it_could_not(data_dir, tmp_path):
    recorder = Recorder.open(data_dir)
    old = record(recorder)
    (tmp_path / "verslag.html").write_text("x", encoding="utf-8")
    recorder.note_written([old], tmp_path / "verslag.html")
    assert recorder.written(old) == [tmp_path / "verslag.html"]
    recorder.db.execute("UPDATE sessions SET started_at = started_at - 40 * 86400")
    reader = sqlite3.connect(data_dir / DB_NAME)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM events").fetchone()
    assert recorder.delete_older_than(30) == 1
    assert recorder.scrub_problem and "kon niet geleegd worden" in recorder.scrub_problem
    assert recorder.meta(f"written/{old}") is None, "no trace of the session, not even where its report went"
    reader.close()
    record(recorder, seed=5)
    recorder.db.execute("UPDATE sessions SET started_at = started_at - 40 * 86400")
    assert recorder.delete_older_than(30) == 1 and recorder.scrub_problem is None
    assert Path(f"{recorder.path}-wal").stat().st_size == 0
    recorder.close()


@pytest.mark.parametrize("content", ["[]", "kapot{", '{"x": 1}', "null", '{"sandra-schulden-en-werk:abc": []}'])
def test_a_garbage_maxima_cache_is_ignored_and_rewritten(data_dir, content):
    scenario = flagship()
    (data_dir / CACHE_NAME).write_text(content, encoding="utf-8")
    key = f"{scenario.id}:{scenario.content_hash}"
    (data_dir / CACHE_NAME).write_text(content.replace("sandra-schulden-en-werk:abc", key), encoding="utf-8")
    bounds = bounds_for(scenario, data_dir)
    assert bounds and all(low <= high for low, high in bounds.values())
    assert maxima_for(scenario, data_dir) == {r: h for r, (_low, h) in bounds.items() if h > 0}
    cache = json.loads((data_dir / CACHE_NAME).read_text(encoding="utf-8"))
    assert isinstance(cache, dict) and key in cache


def test_a_damaged_page_found_mid_command_is_one_dutch_line(data_dir, tmp_path, capsys):
    recorder = Recorder.open(data_dir)
    for seed in range(6):
        record(recorder, seed=seed)
    recorder.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    recorder.close()
    db = data_dir / DB_NAME
    size = db.stat().st_size
    with open(db, "r+b") as handle:  # the header is fine, pages in the middle are noise
        handle.seek(size // 2)
        handle.write(bytes(range(256)) * 64)
    for argv in (["export", "-o", str(tmp_path / "x.csv")], ["delete", "latest", "--yes"], ["sessions"],
                 ["report", "latest", "-o", str(tmp_path / "r.html")]):
        assert main(["--data", str(data_dir), *argv]) == 2, argv
        assert "beschadigd" in one_dutch_line(capsys.readouterr().err), argv
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "r.html").exists()

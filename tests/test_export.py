"""Research exports: CSV and JSONL rows equal what the recorder holds; pseudonyms; atomic files; bad input."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.engine.scoring import score_history
from casustafel.game.cli.main import main
from casustafel.game.records.exports import Progress, pseudonym, read_csv
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import play_recorded, recorded_snapshot

NICKS = {"klantmanager": "Joris", "sociaal_werker": "Fatima"}


def flagship():
    return load_scenario(resolve("sandra-schulden-en-werk")).scenario


def record_pair(recorder: Recorder, seed: int, *, nicks=NICKS, workshop_marks: bool = True) -> str:
    """A whole pair session played and recorded like a front end, with marks and reflection answers."""
    scenario = flagship()
    sid, session = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "random"},
                                 seed=seed, nicknames=nicks,
                                 answer=lambda role, q: f"{nicks[role]} dacht: motivatie betekent iets anders.")
    if workshop_marks:
        recorder.set_mark(sid, "klantmanager", 1, "goed", "Goed begin")
        recorder.set_mark(sid, "sociaal_werker", 2, "mis", f"Hier ging {nicks['klantmanager']} te snel")
        recorder.set_mark(sid, "klantmanager", 2, "twijfel", "")
    return sid


def expected_rows(recorder: Recorder, sid: str) -> list[dict]:
    """What the recorder holds for one session, turn by turn (names kept)."""
    row = recorder.session(sid)
    scenario = flagship()
    choices = recorder.choices(sid)
    report = score_history(scenario, [(c["turn"], c["role"], c["option_id"]) for c in choices])
    points: dict = {}
    for score in report.players.values():
        for r in score.reasons:
            points[(r.turn, r.role)] = points.get((r.turn, r.role), 0) + r.points
    marks = recorder.marks(sid)
    answers = recorded_snapshot(recorder, sid, row)["answers"]
    first = choices[0]["turn"]
    rows = []
    for c in choices:
        option = scenario.options[c["option_id"]]
        rows.append({
            "session": sid, "scenario": row.scenario_id, "turn": c["turn"], "node": c["node"],
            "speaker_role": c["role"], "speaker": recorder.players(sid)[c["role"]][0],
            "option_id": c["option_id"], "option_text": c["payload"]["text"], "frames": dict(option.frames),
            "heuristics": [t.id for t in option.heuristics], "level": option.level or "",
            "points": points.get((c["turn"], c["role"]), 0.0), "seconds": c["seconds"],
            "marks": {by: {"mark": m[c["turn"]][0], "note": m[c["turn"]][1]} for by, m in sorted(marks.items())
                      if c["turn"] in m},
            "reflections": [{"node": a[0], "role": a[1], "answer": a[2]} for a in answers
                            if a[3] == c["turn"] or (c["turn"] == first and a[3] < first)],
        })
    return rows


@pytest.fixture
def recorded(data_dir: Path) -> tuple[Recorder, list[str]]:
    recorder = Recorder.open(data_dir)
    ids = [record_pair(recorder, seed) for seed in (1, 2, 3)]
    yield recorder, ids
    recorder.close()


def test_jsonl_rows_equal_what_the_recorder_holds(recorded, data_dir, tmp_path, capsys):
    recorder, ids = recorded
    out = tmp_path / "beurten.jsonl"
    assert main(["--data", str(data_dir), "export", "--format", "jsonl", "--keep-names", "--keep-text",
                 "-o", str(out)]) == 0
    assert "3 sessies" in capsys.readouterr().out
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    in_order = sorted(ids, key=lambda i: recorder.session(i).started_at)
    expected = [r for sid in in_order for r in expected_rows(recorder, sid)]
    assert len(rows) == len(expected) > 0
    for got, want in zip(rows, expected, strict=True):
        assert {k: got[k] for k in want} == want
    assert any(r["reflections"] for r in rows), "reflection answers are exported"
    assert any(r["marks"] for r in rows), "marks are exported"


def test_csv_rows_equal_what_the_recorder_holds(recorded, data_dir, tmp_path):
    recorder, ids = recorded
    out = tmp_path / "beurten.csv"
    assert main(["--data", str(data_dir), "export", "-o", str(out), "--keep-names", "--keep-text", ids[1]]) == 0
    rows = read_csv(out)
    expected = expected_rows(recorder, ids[1])
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert got["session"] == want["session"] and int(got["turn"]) == want["turn"]
        assert got["option_id"] == want["option_id"] and got["option_text"] == want["option_text"]
        assert got["speaker"] == want["speaker"] and got["speaker_role"] == want["speaker_role"]
        assert got["frames"] == ";".join(f"{k}={v}" for k, v in want["frames"].items())
        assert got["heuristics"] == ";".join(want["heuristics"])
        assert float(got["points"]) == want["points"]
        for role in NICKS:
            mark = want["marks"].get(role, {})
            assert got[f"mark_{role}"] == mark.get("mark", "") and got[f"note_{role}"] == mark.get("note", "")
            assert got[f"reflection_{role}"] == "\n".join(r["answer"] for r in want["reflections"] if r["role"] == role)


def test_pseudonyms_are_stable_and_differ_between_installations(recorded, data_dir, tmp_path):
    recorder, _ids = recorded
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["--data", str(data_dir), "export", "-o", str(first)]) == 0
    assert main(["--data", str(data_dir), "export", "-o", str(second)]) == 0
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    assert "Joris" not in text and "Fatima" not in text, "nicknames never appear, not even in notes and answers"
    salt = recorder.meta("installation_salt")
    speakers = {r["speaker"] for r in read_csv(first)}
    assert speakers == {pseudonym(salt, "Joris"), pseudonym(salt, "Fatima")}
    assert pseudonym(salt, " joris ") == pseudonym(salt, "Joris")

    other_dir = tmp_path / "andere-computer"
    other = Recorder.open(other_dir)
    record_pair(other, 1)
    other.close()
    third = tmp_path / "c.csv"
    assert main(["--data", str(other_dir), "export", "-o", str(third)]) == 0
    other_speakers = {r["speaker"] for r in read_csv(third)}
    assert len(other_speakers) == 2 and not other_speakers & speakers


def test_withdrawn_and_unconsented_sessions_are_not_exported(recorded, data_dir, tmp_path, capsys):
    recorder, ids = recorded
    recorder.delete_session(ids[0])
    with sqlite3.connect(data_dir / "casustafel.sqlite3") as db:  # a session recorded without research consent
        db.execute("UPDATE sessions SET consent = 0 WHERE id = ?", (ids[1],))
    out = tmp_path / "na.jsonl"
    assert main(["--data", str(data_dir), "export", "--format", "jsonl", "-o", str(out)]) == 0
    sessions = {json.loads(line)["session"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert sessions == {ids[2]}
    assert "zonder toestemming" in capsys.readouterr().err


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(recorded, data_dir, tmp_path, monkeypatch):
    out = tmp_path / "oud.csv"
    out.write_text("eerdere export\n", encoding="utf-8")
    calls = {"n": 0}
    import casustafel.game.records.exports as exports

    real = exports.session_rows

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise exports.ExportError("schijf vol")
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "session_rows", flaky)
    assert main(["--data", str(data_dir), "export", "--format", "jsonl", "--force", "-o", str(out)]) == 1
    assert calls["n"] == 2, "the export ran and failed halfway"
    assert out.read_text(encoding="utf-8") == "eerdere export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("argv, message", [
    (["export", "-o", "/geen/map/hier/x.csv"], "bestaat niet"),
    (["export", "-o", "{tmp}/x.csv", "abc123"], "Sessie abc123 bestaat niet"),
    (["export", "-o", "{tmp}/x.csv", "--since", "14-03-2025"], "JJJJ-MM-DD"),
    (["export", "-o", "{tmp}/x.csv", "--workshop", "bestaat-niet"], "geen sessies"),
])
def test_bad_input_gives_a_clear_message(recorded, data_dir, tmp_path, capsys, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["--data", str(data_dir), *argv]) in (1, 2)
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err


def test_progress_bar_on_large_exports():
    stream = io.StringIO()
    bar = Progress(40, "Exporteren", stream=stream, force=True)
    for _ in range(40):
        bar.step()
    bar.close()
    assert "100%" in stream.getvalue() and "(40/40)" in stream.getvalue()
    quiet = io.StringIO()
    Progress(5, "Exporteren", stream=quiet).step()
    assert quiet.getvalue() == "", "no bar when stderr is not a terminal"

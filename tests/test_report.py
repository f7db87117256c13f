"""`casustafel report` and `casustafel delete`, driven as a user would, on sessions recorded like a front end does."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser

import pytest
from casustafel.engine import library
from casustafel.engine.loader import load_scenario
from casustafel.engine.scoring import score_history
from casustafel.game.cli.delete import TABLES
from casustafel.game.cli.main import main
from casustafel.game.records.recorder import DB_NAME, Recorder
from casustafel.game.report.debrief_data import load_session, number, play_recorded


@pytest.fixture
def scenario():
    """Loaded afresh for each test: the library may be edited while the suite runs."""
    return load_scenario(library.resolve(library.FLAGSHIP)).scenario


@pytest.fixture
def recorded(tmp_path, scenario):
    """A pair session with marks, answers and a lesson, in a fresh data folder."""
    recorder = Recorder.open(tmp_path)
    session_id, session = play_recorded(
        recorder, scenario, {"klantmanager": "random", "sociaal_werker": "coach"}, seed=3,
        nicknames={"klantmanager": "Joost", "sociaal_werker": "Fatima"},
        answer=lambda role, q: f"geheim-antwoord-{role}")
    recorder.set_mark(session_id, "klantmanager", 1, "goed", "")
    recorder.set_mark(session_id, "sociaal_werker", 1, "mis", "geheime-notitie")
    recorder.set_mark(session_id, "sociaal_werker", 3, "twijfel", "")
    recorder.add_lesson("geheime-les: eerst de betekenis van afspraak", session_id)
    yield recorder, session_id, session
    recorder.close()


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_report_is_one_self_contained_file_with_plots_and_transcript(tmp_path, recorded, capsys):
    recorder, session_id, session = recorded
    out = tmp_path / "verslag.html"
    assert main(["--data", str(tmp_path), "report", "latest", "-o", str(out)]) == 0
    assert f"Verslag geschreven: {out}" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    parser = Collect()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not [a for _, a in parser.tags if any(k in a for k in ("src", "href")) and
                not str(a.get("href", "#")).startswith("#")]
    assert "@import" not in html
    assert set(re.findall(r"url\((.)", html)) <= {"#"}, "only references inside the file"
    # only namespace URIs mention the web
    assert set(re.findall(r"https?://[^\s\"']+", html)) <= {"http://www.w3.org/2000/svg",
                                                           "http://www.w3.org/1999/xlink"}
    assert html.count("<svg") == 2 and 'id="plot-alignment"' in html
    turn_rows = re.findall(r'<tr class="turn" id="turn-(\d+)"', html)
    assert [int(t) for t in turn_rows] == [t.index for t in session.history]
    assert "geheime-notitie" in html and "geheim-antwoord-klantmanager" in html and "geheime-les" in html
    assert "Joost (Mark)" in html and "Fatima (Ayla)" in html


def test_report_figures_equal_the_scorers_and_every_point_has_a_row(tmp_path, recorded, scenario):
    recorder, session_id, session = recorded
    out = tmp_path / "r.html"
    assert main(["--data", str(tmp_path), "report", session_id, "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    fresh = score_history(scenario, [(t.index, t.role, t.option_id) for t in session.history])
    for role, player in fresh.players.items():
        card = re.search(rf'id="score-{role}">.*?<div class="big">([^<]+)</div>', html, re.S).group(1)
        assert card == number(player.points, "nl")
    session_card = re.search(r'id="score-session">.*?<div class="big">([^<]+)</div>', html, re.S).group(1)
    assert session_card == number(fresh.session_score, "nl")
    reasons = re.search(r'<table class="reasons">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<tr class="reason"><td>(\d+)</td>.*?<td class="num"><span[^>]*>([^<]+)</span>', reasons, re.S)
    expected = sorted((r.turn, r.points) for p in fresh.players.values() for r in p.reasons)
    expected += [(r.turn, r.points) for r in fresh.session_reasons if r.kind == "alignment"]
    assert sorted((int(t), float(p.replace("−", "-").replace(",", "."))) for t, p in rows) == sorted(expected)


def test_report_in_english_and_of_an_unfinished_session(tmp_path, scenario):
    recorder = Recorder.open(tmp_path)
    session_id, _ = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"},
                                  max_turns=3)
    recorder.close()
    out = tmp_path / "en.html"
    assert main(["--data", str(tmp_path), "report", session_id, "-o", str(out), "--lang", "en"]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'lang="en"' in html and "not finished" in html and "Looking back" in html


@pytest.mark.parametrize("argv,message", [
    (["report", "nope"], "Sessie nope bestaat niet"),
    (["report", "latest"], "Er zijn nog geen sessies opgenomen"),
    (["delete", "nope", "--yes"], "sessie nope bestaat niet"),
])
def test_clear_errors_without_traceback(tmp_path, capsys, argv, message):
    assert main(["--data", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_report_to_a_missing_folder_says_what_to_do(tmp_path, recorded, capsys):
    assert main(["--data", str(tmp_path), "report", "latest", "-o", str(tmp_path / "nee" / "r.html")]) == 2
    assert "bestaat niet. Maak hem eerst" in capsys.readouterr().err
    assert not list(tmp_path.glob("**/*.tmp"))


def test_loaded_session_equals_the_live_one(tmp_path, recorded):
    recorder, session_id, session = recorded
    loaded = load_session(recorder, session_id)
    live, again = session.score(), loaded.report
    assert again.session_score == live.session_score
    assert again.alignment_curve == live.alignment_curve
    assert {r: p.points for r, p in again.players.items()} == {r: p.points for r, p in live.players.items()}
    assert loaded.debrief.comparison[0].turn == 1 and loaded.debrief.comparison[0].agreement == "opposed"
    assert not loaded.problems


def _rows(path, session_id):
    db = sqlite3.connect(path)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t} WHERE {'id' if t == 'sessions' else 'session_id'} = ?",
                              (session_id,)).fetchone()[0] for t in TABLES}
    finally:
        db.close()


def test_delete_removes_every_row_and_scrubs_the_file(tmp_path, recorded, scenario, capsys):
    recorder, session_id, _ = recorded
    other, _ = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"}, seed=9)
    recorder.close()
    db_path = tmp_path / DB_NAME
    before = _rows(db_path, session_id)
    assert before["events"] > 0 and before["marks"] == 3 and before["lessons"] == 1 and before["players"] == 2
    assert main(["--data", str(tmp_path), "delete", session_id, "--yes"]) == 0
    assert "is ingetrokken" in capsys.readouterr().out
    assert _rows(db_path, session_id) == dict.fromkeys(TABLES, 0)
    assert _rows(db_path, other)["events"] > 0, "the other session stays"
    blob = b"".join(p.read_bytes() for p in tmp_path.glob(DB_NAME + "*"))
    for secret in (b"geheime-notitie", b"geheim-antwoord", b"geheime-les", b"Joost", b"Fatima"):
        assert secret not in blob, secret


def test_delete_asks_first_and_keeps_on_no(tmp_path, recorded, monkeypatch, capsys):
    recorder, session_id, _ = recorded
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    assert main(["--data", str(tmp_path), "delete", session_id]) == 1
    assert "Niets verwijderd" in capsys.readouterr().out
    assert recorder.session(session_id) is not None
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    assert main(["--data", str(tmp_path), "delete", "latest"]) == 0
    assert recorder.session(session_id) is None

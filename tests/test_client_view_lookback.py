"""The client's view and the kijkwijzer in the terminal look-back: the view stays hidden until both players
have marked, then each turn says how the client would hear it; a mark can name the heuristic seen or missed,
stored with the mark (schema migration 3)."""

from __future__ import annotations

import sqlite3

import pytest
from casustafel.engine import library
from casustafel.engine.client_view import client_view
from casustafel.engine.loader import load_scenario
from casustafel.game.play.review import Review
from casustafel.game.records.recorder import DB_NAME, MIGRATIONS, SCHEMA_VERSION, Recorder
from casustafel.game.report.debrief_data import play_recorded
from casustafel.game.terminal.lookback import run_lookback

HUMANS = {"klantmanager": "Joost", "sociaal_werker": "Fatima"}
QUESTION = "Wat zou Sandra ervan vinden, als die erbij zat?"


@pytest.fixture
def scenario():
    return load_scenario(library.resolve(library.FLAGSHIP)).scenario


def recorded_pair(tmp_path, scenario):
    recorder = Recorder.open(tmp_path)
    session_id, session = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "coach"},
                                        seed=3, nicknames=HUMANS, answer=lambda role, q: "-")
    return recorder, session_id, session


class Players:
    """Two players at one keyboard: each marks turn 1 as good and names a heuristic through the kijkwijzer,
    Joost after his mark (back to turn 1: heuristic 1 seen), Fatima before hers (heuristic 2 missed); then
    they stop marking; afterwards Enter everywhere."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.marker = ""
        self.step: dict[str, list[str]] = {"Joost": ["g", "", "b", "h", "1+", "k"],
                                          "Fatima": ["h", "2-", "g", "", "k"]}

    def say(self, text: str) -> None:
        self.out.append(text)

    def ask(self, prompt: str) -> str:
        self.out.append(prompt)
        for nick in HUMANS.values():
            if prompt.startswith(f"Geef het toetsenbord aan {nick}"):
                self.marker = nick
                return ""
        if self.marker and self.step[self.marker]:
            return self.step[self.marker].pop(0)
        return ""


def test_client_view_hidden_until_both_marked_then_shown(tmp_path, scenario):
    recorder, session_id, session = recorded_pair(tmp_path, scenario)
    players = Players()
    run_lookback(players.ask, players.say, recorder, session_id, scenario, session, HUMANS, "nl")
    text = "\n".join(players.out)
    second_done = max(i for i, line in enumerate(players.out) if line.startswith("Klaar met markeren")
                      or "Fatima" in line and "klaar" in line.lower())
    before, after = "\n".join(players.out[:second_done]), "\n".join(players.out[second_done:])
    assert QUESTION not in before
    first = scenario.options[session.history[0].option_id]
    assert f"{QUESTION} “{client_view(scenario, first, session.persona)}”" in after
    assert text.count(QUESTION) == len(session.history)
    # the kijkwijzer while marking: cues listed, the heuristic stored with each player's mark
    assert "Kijkwijzer: welke heuristiek zag je, of miste je hier?" in before
    seen = recorder.heuristics_marked(session_id)
    review = Review(scenario, session, HUMANS)
    (first_cue, _n), (second_cue, _m) = review.cues()[:2]
    assert seen == {"klantmanager": {1: (first_cue.id, True)}, "sociaal_werker": {1: (second_cue.id, False)}}
    # side by side, once both are done: what each saw or missed
    assert f"heuristiek gezien: {_n}" in after and f"heuristiek gemist: {_m}" in after


def test_review_opens_the_client_view_only_when_every_player_is_done(scenario):
    from casustafel.engine.session import Session

    session = Session(scenario, answering_roles=())
    session.start()
    while not session.ended and session.offered():
        session.choose(session.offered()[0].id)
    review = Review(scenario, session, HUMANS)
    assert review.client_views("nl") == {}
    review.finish_marking("klantmanager")
    assert review.client_views("nl") == {}
    review.finish_marking("sociaal_werker")
    views = review.client_views("nl")
    assert sorted(views) == [t.index for t in session.history] and all(views.values())
    assert not review.set_heuristic("klantmanager", 1, "etiket")  # no mark yet: nothing to name it with
    review.set_mark("klantmanager", 1, "mis")
    assert review.set_heuristic("klantmanager", 1, "etiket", seen=False)
    assert review.heuristics_marked() == {"klantmanager": {1: ("etiket", False)}}


def test_migration_3_keeps_old_marks(tmp_path):
    db = sqlite3.connect(tmp_path / DB_NAME)
    for number, script in enumerate(MIGRATIONS[:2]):
        db.executescript(script)
        db.execute(f"PRAGMA user_version = {number + 1}")
    db.execute("INSERT INTO sessions (id, scenario_id, scenario_path, content_hash, mode, language, consent, status, "
               "started_at, updated_at) VALUES ('s1', 'x', 'x', 'h', 'pair', 'nl', 1, 'ended', 0, 0)")
    db.execute("INSERT INTO marks VALUES ('s1', 'klantmanager', 1, 'goed', 'oud', 0)")
    db.commit()
    db.close()
    recorder = Recorder.open(tmp_path)
    assert recorder.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert recorder.marks("s1") == {"klantmanager": {1: ("goed", "oud")}}
    assert recorder.heuristics_marked("s1") == {}
    assert recorder.set_heuristic("s1", "klantmanager", 1, "perspectief")
    assert recorder.heuristics_marked("s1") == {"klantmanager": {1: ("perspectief", True)}}

"""Terminal look-back: a pair marks alone, sees the marks side by side only when both are done, gets the
debrief with the scorer's figures, writes lessons and can withdraw the session."""

from __future__ import annotations

import re

import pytest
from casustafel.engine import library
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.delete import TABLES
from casustafel.game.cli.main import main
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import number, play_recorded, reason_text
from casustafel.game.terminal.lookback import run_lookback

HUMANS = {"klantmanager": "Joost", "sociaal_werker": "Fatima"}
ENGINE_WORDS = ("Het spel zag", "rode vlag", "Feedback:", "reflexiviteit", "Had ook gekund")


@pytest.fixture
def scenario():
    return load_scenario(library.resolve(library.FLAGSHIP)).scenario


class Script:
    """Answers prompts like two players would; remembers everything that was shown, in order."""

    def __init__(self, marks: dict[str, dict[int, tuple[str, str]]], lessons=("Eerst samen 'afspraak' uitleggen.",),
                 withdraw: str = "", stop_after: int | None = None) -> None:
        self.marks, self.lessons, self.withdraw = marks, list(lessons), withdraw
        self.out: list[str] = []
        self.marker: str | None = None
        self.turn: int | None = None
        self.asked = 0
        self.stop_after = stop_after

    def say(self, text: str) -> None:
        self.out.append(text)
        found = re.match(r"Beurt (\d+) — ", text)
        if found:
            self.turn = int(found.group(1))

    def ask(self, prompt: str) -> str | None:
        self.out.append(prompt)
        self.asked += 1
        if self.stop_after is not None and self.asked > self.stop_after:
            return None
        handover = re.match(r"Geef het toetsenbord aan (\w+) \(.*De ander kijkt", prompt)
        if handover:
            self.marker = {v: k for k, v in HUMANS.items()}[handover.group(1)]
            return ""
        if prompt.startswith("g / m / t"):
            mark = self.marks.get(self.marker, {}).get(self.turn)
            return {"goed": "g", "mis": "m", "twijfel": "t"}[mark[0]] if mark else ""
        if prompt.startswith("Notitie"):
            return self.marks[self.marker][self.turn][1]
        if prompt.startswith("Les: "):
            return self.lessons.pop(0) if self.lessons else ""
        if prompt.startswith("Wil een van jullie deze sessie intrekken"):
            return self.withdraw
        if prompt.startswith("Antwoord van "):
            return f"reflectie-{prompt.split()[2].rstrip(':')}"
        return "1"

    def index(self, fragment: str, start: int = 0) -> int:
        return next(i for i in range(start, len(self.out)) if fragment in self.out[i])

    def text(self, start: int = 0, end: int | None = None) -> str:
        return "\n".join(self.out[start:end])


MARKS = {
    "klantmanager": {1: ("goed", "notitie-joost-1"), 3: ("twijfel", "notitie-joost-3")},
    "sociaal_werker": {1: ("mis", "notitie-fatima-1"), 2: ("goed", ""), 3: ("twijfel", "")},
}


def recorded_pair(tmp_path, scenario):
    recorder = Recorder.open(tmp_path)
    session_id, session = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "coach"},
                                        seed=3, nicknames=HUMANS, answer=lambda role, q: f"reflectie-{role}")
    return recorder, session_id, session


def test_pair_marks_alone_then_together_then_debrief(tmp_path, scenario):
    recorder, session_id, session = recorded_pair(tmp_path, scenario)
    script = Script(MARKS)
    run_lookback(script.ask, script.say, recorder, session_id, scenario, session, HUMANS, "nl")

    assert recorder.marks(session_id) == MARKS
    joost_start = script.index("Geef het toetsenbord aan Joost")
    fatima_start = script.index("Geef het toetsenbord aan Fatima")
    together = script.index("Samen terugkijken")
    alone_joost, alone_fatima = script.text(joost_start, fatima_start), script.text(fatima_start, together)
    # nobody sees the other's marks, notes or reflection answers, nor the engine, while marking alone
    assert "notitie-joost" not in alone_fatima and "notitie-fatima" not in alone_joost
    assert "reflectie-sociaal_werker" not in alone_joost and "reflectie-klantmanager" not in alone_fatima
    assert "reflectie-klantmanager" in alone_joost and "reflectie-sociaal_werker" in alone_fatima
    for word in ENGINE_WORDS:
        assert word not in script.text(0, together), word
    # the hand-over pushes the previous screen away
    assert any(line.count("\n") >= 30 for line in script.out[joost_start:fatima_start + 1])

    after = script.text(together)
    first = script.index("Beurt", together)
    assert script.out[first].startswith("Beurt 1 (Mark) — tegengesteld"), "disagreements first"
    assert after.index("Beurt 3 (Mark) — eens") > after.index("Beurt 2 (Ayla) — één van beiden")
    assert "notitie-joost-1" in after and "notitie-fatima-1" in after
    assert "Joost (Mark): ging goed: notitie-joost-1" in after and "Fatima (Ayla): ging mis: notitie-fatima-1" in after
    assert "reflectie-klantmanager" in after and "reflectie-sociaal_werker" in after

    # the debrief: the scorer's figures, every reason listed
    report = session.score()
    for role, player in report.players.items():
        assert f"{HUMANS[role]} ({scenario.speaker_name(role)}): reflexiviteit {number(player.points)}" in after
    assert f"Sessiescore: {number(report.session_score)} " in after
    from casustafel.engine.debrief import reason_line

    for player in report.players.values():
        for reason in player.reasons:
            assert reason_text(reason_line(scenario, reason, "nl"), "nl") in after
    questions = after[after.index("Om samen over te praten:"):].splitlines()[1:]
    assert 3 <= len([q for q in questions if re.match(r"  \d\. ", q)]) <= 5

    assert [le["text"] for le in recorder.lessons()] == ["Eerst samen 'afspraak' uitleggen."]
    assert recorder.session(session_id) is not None and "Bewaard als sessie" in after


def test_withdraw_at_the_end_leaves_no_row(tmp_path, scenario):
    recorder, session_id, session = recorded_pair(tmp_path, scenario)
    script = Script(MARKS, withdraw="intrekken")
    run_lookback(script.ask, script.say, recorder, session_id, scenario, session, HUMANS, "nl")
    assert "is ingetrokken" in script.out[-1]
    assert recorder.remaining_rows(session_id) == dict.fromkeys(TABLES, 0)


def test_end_of_input_keeps_the_marks_made(tmp_path, scenario):
    recorder, session_id, session = recorded_pair(tmp_path, scenario)
    script = Script(MARKS, stop_after=4)
    run_lookback(script.ask, script.say, recorder, session_id, scenario, session, HUMANS, "nl")
    assert "Terugkijken gestopt" in script.out[-1]
    assert recorder.marks(session_id) == {"klantmanager": {1: MARKS["klantmanager"][1]}}


def test_unknown_key_gets_a_hint_and_back_changes_a_mark(tmp_path, scenario):
    recorder, session_id, session = recorded_pair(tmp_path, scenario)
    answers = iter(["x", "g", "eerst", "b", "m", "toch niet", "k"])
    out: list[str] = []

    def ask(prompt):
        out.append(prompt)
        return next(answers, "")

    run_lookback(ask, out.append, recorder, session_id, scenario, session, {"klantmanager": "Joost"}, "nl")
    assert any("Typ g (ging goed)" in line for line in out)
    assert recorder.marks(session_id) == {"klantmanager": {1: ("mis", "toch niet")}}
    assert not any("Geef het toetsenbord" in line for line in out), "solo play has no hand-over"


def test_pair_through_the_terminal_front_end(tmp_path, scenario, monkeypatch, capsys):
    """`casustafel play --text --pair`, then the look-back, as two players at one keyboard."""
    script = Script(MARKS)
    monkeypatch.setattr("builtins.input", script.ask)
    real_print = print

    def tracking_print(*args, **kwargs):  # the front end prints; the script follows which turn is shown
        script.say(" ".join(str(a) for a in args))
        real_print(*args, **kwargs)

    monkeypatch.setattr("builtins.print", tracking_print)
    code = main(["--data", str(tmp_path), "play", "--text", "--pair", "--scenario", library.FLAGSHIP,
                 "--names", "Joost,Fatima", "--record", "ja", "--seed", "1"])
    assert code == 0
    printed = capsys.readouterr().out
    recorder = Recorder.open(tmp_path)
    row = recorder.session("latest")
    assert row.status == "ended"
    assert recorder.marks(row.id) == MARKS
    intro = printed.index("Terugkijken. Eerst kijkt ieder alleen terug")
    fatima = printed.index("— Fatima kijkt terug —")
    together = printed.index("Samen terugkijken")
    assert "notitie-joost" not in printed[fatima:together]
    assert "Het spel zag" not in printed[intro:together]
    assert printed.index("notitie-fatima-1", together) > together
    assert [le["text"] for le in recorder.lessons()] == ["Eerst samen 'afspraak' uitleggen."]

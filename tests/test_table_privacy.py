"""Privacy at one table and messages that are true, in the terminal, played as a pair would.

Each test runs `casustafel play --text` in this process; a scripted pair reads every prompt and answers it
as a player would. The transcript (what was on screen before each prompt) shows what each player could see.
"""

from __future__ import annotations

import builtins
import shlex
import sqlite3
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.main import main

PRIVATE = "samenwoning-gezin-in-crisis"
NICKS = {"klantmanager": "Kim", "sociaal_werker": "Sam"}


class Table:
    """Two players at one keyboard: answers every prompt, keeps what the screen showed in order."""

    def __init__(self, capsys: pytest.CaptureFixture, consent: dict[str, str] | None = None,
                 stop_at: str | None = None) -> None:
        self.capsys, self.consent, self.stop_at = capsys, consent or {}, stop_at
        self.log: list[tuple[str, str]] = []  # ("out", text) or ("ask", prompt)
        self.holder: str | None = None

    def input(self, prompt: str = "") -> str:
        self.log.append(("out", self.capsys.readouterr().out))
        self.log.append(("ask", prompt))
        if self.stop_at and self.stop_at in prompt:
            raise EOFError
        for nick in NICKS.values():
            if prompt.startswith(f"{nick}, mag deze sessie"):
                return self.consent.get(nick, "ja")
            if prompt.startswith("Geef het toetsenbord aan " + nick):
                self.holder = nick
                return ""
            if prompt.startswith(f"{nick}, jouw antwoord"):
                return f"geheim antwoord van {nick}"
        if "Jouw keuze" in prompt:
            return "1"
        if prompt.startswith("g / m / t"):
            return "k"
        return ""

    @property
    def screen(self) -> str:
        return "".join(text for kind, text in self.log if kind == "out")


def play(capsys, monkeypatch, args: list[str], table: Table) -> int:
    monkeypatch.setattr(builtins, "input", table.input)
    code = main(args)
    table.log.append(("out", capsys.readouterr().out))
    return code


def turn_prompts(role: str) -> list[str]:
    """The private prompt of every turn of `role` in the scenario with private knowledge."""
    scenario = load_scenario(resolve(PRIVATE)).scenario
    return [n.prompt.get("nl") for n in scenario.nodes.values() if n.kind == "choice" and n.turn == role and n.prompt]


def pair_args(data: Path, *extra: str) -> list[str]:
    return ["--data", str(data), "play", "--text", "--scenario", PRIVATE, "--pair", "--names", "Kim,Sam", *extra]


def test_no_private_prompt_before_the_hand_over_to_its_player(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys)
    assert play(capsys, monkeypatch, pair_args(data_dir, "--seed", "1"), table) == 0
    holder = None
    shown_private = 0
    for kind, text in table.log:
        if kind == "ask" and text.startswith("Geef het toetsenbord aan "):
            holder = text.removeprefix("Geef het toetsenbord aan ").split(" ")[0]
        elif kind == "out":
            for role, nick in NICKS.items():
                for prompt in turn_prompts(role):
                    if prompt in text:
                        assert holder == nick, f"{role}'s prompt shown while {holder} had the keyboard: {prompt}"
                        shown_private += 1
    assert shown_private >= 4
    screen = table.screen
    assert "Einde:" in screen
    # recorded: first each marks alone, then the scores with their reasons in the debrief
    assert screen.index("Terugkijken") < screen.index("Sessiescore:")


def test_reflection_answers_stay_private_until_both_answered(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys)
    assert play(capsys, monkeypatch, pair_args(data_dir, "--record", "nee"), table) == 0
    asks = [(i, text) for i, (kind, text) in enumerate(table.log) if kind == "ask"]
    first = next(i for i, text in asks if text.startswith("Kim, jouw antwoord"))
    second = next(i for i, text in asks if text.startswith("Sam, jouw antwoord") and i > first)
    between = "".join(text for kind, text in table.log[first:second] if kind == "out")
    assert "geheim antwoord van Kim" not in between  # Sam types without seeing Kim's answer
    handover = [text for _i, text in asks if first < _i < second]
    assert any(text.startswith("Geef het toetsenbord aan Sam") for text in handover)
    after = "".join(text for kind, text in table.log[second:] if kind == "out")
    side_by_side = after.index("Jullie antwoorden, naast elkaar:")
    assert after.index("geheim antwoord van Kim", side_by_side) and after.index("geheim antwoord van Sam", side_by_side)


def test_each_player_consents_by_name_and_one_no_records_nothing(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys, consent={"Sam": "nee"})
    assert play(capsys, monkeypatch, pair_args(data_dir), table) == 0
    asks = [text for kind, text in table.log if kind == "ask"]
    assert any(a.startswith("Kim, mag deze sessie worden opgenomen") for a in asks)
    assert any(a.startswith("Sam, mag deze sessie worden opgenomen") for a in asks)
    assert "zonder opname" in table.screen
    assert not (data_dir / "casustafel.sqlite3").exists()
    assert "bewaard" not in table.screen.lower()


def test_stopping_unrecorded_claims_nothing(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys, stop_at="Jouw keuze")
    assert play(capsys, monkeypatch, pair_args(data_dir, "--record", "nee"), table) == 0
    assert "Er is niets opgenomen." in table.screen
    assert "bewaard" not in table.screen and "--resume" not in table.screen


def test_the_resume_hint_works_with_data_as_printed(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys, stop_at="Jouw keuze")
    assert play(capsys, monkeypatch, pair_args(data_dir, "--record", "ja"), table) == 0
    line = next(line for line in table.screen.splitlines() if "ga verder met:" in line)
    printed = shlex.split(line.split("ga verder met: ", 1)[1])
    assert printed[:3] == ["casustafel", "--data", str(data_dir)]
    rest = Table(capsys)
    assert play(capsys, monkeypatch, printed[1:], rest) == 0
    assert "Einde:" in rest.screen
    db = sqlite3.connect(data_dir / "casustafel.sqlite3")
    assert db.execute("SELECT status FROM sessions").fetchone()[0] == "ended"


def test_lessons_come_back_at_the_next_start_and_by_command(capsys, monkeypatch, data_dir: Path) -> None:
    def lesson_table() -> Table:
        table = Table(capsys)
        lessons = iter(["Eerst vragen wat Natasja zelf wil.", ""])
        plain = table.input

        def answer(prompt: str = "") -> str:
            if prompt.startswith("Les:"):
                table.log.append(("out", capsys.readouterr().out))
                table.log.append(("ask", prompt))
                return next(lessons, "")
            return plain(prompt)
        table.input = answer  # type: ignore[method-assign]
        return table

    first = lesson_table()
    assert play(capsys, monkeypatch, pair_args(data_dir, "--record", "ja", "--workshop", "W1"), first) == 0
    assert "1 les bewaard" in first.screen
    hint = next(line for line in first.screen.splitlines() if "1 les bewaard" in line).split("met: ", 1)[1]
    assert shlex.split(hint) == ["casustafel", "--data", str(data_dir), "lessons", "--workshop", "W1"]
    assert main(shlex.split(hint)[1:]) == 0
    assert "Eerst vragen wat Natasja zelf wil." in capsys.readouterr().out
    assert main(["--data", str(data_dir), "lessons", "--workshop", "W9"]) == 2
    assert "workshop 'W9' is onbekend. Bekende workshops: W1." in capsys.readouterr().err
    # the report and withdrawal hints, run as printed
    monkeypatch.chdir(data_dir.parent)
    report = next(line for line in first.screen.splitlines() if "verslag met grafieken:" in line)
    assert main(shlex.split(report.split(": ", 1)[1])[1:]) == 0
    assert (data_dir.parent / "verslag.html").exists()
    kept = next(line for line in first.screen.splitlines() if "Intrekken kan later met:" in line)
    assert shlex.split(kept.split("met: ", 1)[1])[1:3] == ["--data", str(data_dir)]
    second = Table(capsys, stop_at="mag deze sessie")
    assert play(capsys, monkeypatch, pair_args(data_dir, "--workshop", "W1"), second) == 0
    assert "Lessen van vorige keer:" in second.screen
    assert "Eerst vragen wat Natasja zelf wil." in second.screen


def test_a_solo_score_is_the_learners_own(capsys, monkeypatch, data_dir: Path) -> None:
    table = Table(capsys)
    args = ["--data", str(data_dir), "play", "--text", "--scenario", PRIVATE, "--solo", "sociaal werker",
            "--partner", "coach", "--names", "Sam", "--record", "ja", "--seed", "2"]
    assert play(capsys, monkeypatch, args, table) == 0
    screen = table.screen
    debrief = screen[screen.index("Terugkijken"):]
    assert "Jouw score als Sam" in debrief
    assert "apart en niet bij jouw score opgeteld" in debrief
    assert "Sessiescore" not in debrief
    assert "Jouw markeringen naast wat het spel zag" in debrief and "jullie markeringen" not in debrief.lower()
    assert "Wat neem je mee?" in debrief


def test_an_open_table_skips_the_turn_hand_overs_but_not_the_private_ones(capsys, monkeypatch, tmp_path: Path,
                                                                        data_dir: Path) -> None:
    from conftest import MINI

    def hand_overs(text: str) -> dict[str, int]:
        path = tmp_path / "mini.yaml"
        path.write_text(text, encoding="utf-8")
        table = Table(capsys)
        args = ["--data", str(data_dir), "play", "--text", "--scenario", str(path), "--pair", "--names", "Kim,Sam",
                "--record", "nee"]
        assert play(capsys, monkeypatch, args, table) == 0
        assert "Einde:" in table.screen
        asks = [t for kind, t in table.log if kind == "ask" and t.startswith("Geef het toetsenbord aan")]
        return {purpose: sum(purpose in a for a in asks) for purpose in ("briefing", "jouw beurt", "reflectievraag")}

    private = hand_overs(MINI)
    assert private == {"briefing": 2, "jouw beurt": 2, "reflectievraag": 2}
    open_table = hand_overs(MINI.replace("start: opening", "table: open\nstart: opening"))
    assert open_table == {"briefing": 2, "jouw beurt": 0, "reflectievraag": 2}
    path = tmp_path / "mini.yaml"
    path.write_text(MINI.replace("start: opening", "table: opn\nstart: opening"), encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    assert 'Bedoelde je "open"?' in capsys.readouterr().out

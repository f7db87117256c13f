"""Look-back, together and debrief in the window, headless, driven by keyboard and mouse events.

A pair plays the flagship to the end through the game state, presses Terugkijken on the ending screen,
marks alone one after the other, and the test checks through the widgets' texts that the other's marks and
the engine's annotations are hidden until both are done.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine import library  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.engine.partner import pick  # noqa: E402
from casustafel.game.cli.delete import TABLES  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

SIZE = (1280, 720)
HUMANS = {"klantmanager": "Joost", "sociaal_werker": "Fatima"}
ENGINE_WORDS = ("Het spel zag", "rode vlag", "Feedback:", "reflexiviteit")


@pytest.fixture
def driver(tmp_path):
    yield Driver.open(tmp_path / "data", size=SIZE, partner_delay=0.6)
    pygame.quit()


def play_pair(d: Driver) -> None:
    """Set up a recorded pair game on the flagship and play it to its ending, then show the ending."""
    import random

    game = d.app.game
    result = load_scenario(library.resolve(library.FLAGSHIP))
    game.choose_scenario(result)
    game.mode = "pair"
    game.nicknames = dict(HUMANS)
    game.consent = True
    assert game.open_recorder() is None
    game.begin()
    rng = random.Random(3)
    policies = {"klantmanager": "random", "sociaal_werker": "coach"}
    while not game.session.ended:
        role = game.awaiting
        if game.session.node.kind == "reflect":
            game.answer(role, f"reflectie-{HUMANS[role]}")
        else:
            game.choose(pick(policies[role], game.scenario, role, game.session.offered(), rng).id)
    d.app.show("ending")
    d.step()


def shown(d: Driver) -> str:
    return "\n".join(d.app.texts())


def shot(d: Driver, folder: Path, name: str) -> None:
    path = d.shot(folder / f"{name}.png")
    image = pygame.image.load(str(path))
    colours = {image.get_at((x, y))[:3] for x in range(0, SIZE[0], 16) for y in range(0, SIZE[1], 16)}
    assert len(colours) > 8, f"{name} looks blank"


def mark_alone(d: Driver, marks: dict[int, tuple[str, str]], folder: Path, who: str) -> str:
    """Mark the given turns with number keys and notes, Enter through the rest; returns all text seen."""
    seen = []
    keys = {"goed": 1, "mis": 2, "twijfel": 3}
    total = len(d.app.game.session.history)
    for turn in range(1, total + 1):
        text = shown(d)
        seen.append(text)
        assert f"beurt {turn} (" in text, text[:200]
        if turn == 1:
            shot(d, folder, f"lookback-{who}")
        if turn in marks:
            mark, note = marks[turn]
            if note:
                d.click(d.app.active.note)
                d.type(note)
                d.click_text(f"{keys[mark]}. ")
            else:
                d.number(keys[mark])
        elif turn < total:
            d.key(pygame.K_RIGHT)
    seen.append(shown(d))
    d.click_text("Klaar met terugkijken")
    return "\n".join(seen)


def test_pair_marks_alone_hidden_until_both_done_then_together_and_debrief(driver, tmp_path):
    d = driver
    play_pair(d)
    game = d.app.game
    session_id, recorder = game.session_id, game.recorder
    d.click_text("Terugkijken")
    assert d.screen == "lookback"
    assert "Geef de laptop aan Joost" in shown(d)
    shot(d, tmp_path, "handover-joost")
    d.enter()  # the hand-over button has the focus
    joost = {1: ("goed", "sterk begin joost"), 3: ("twijfel", "")}
    fatima = {1: ("mis", "hier sloot ik af fatima"), 2: ("goed", "")}
    seen_joost = mark_alone(d, joost, tmp_path, "joost")
    assert "Geef de laptop aan Fatima" in shown(d)
    assert "sterk begin joost" not in shown(d)
    d.enter()
    seen_fatima = mark_alone(d, fatima, tmp_path, "fatima")

    assert recorder.marks(session_id) == {"klantmanager": joost, "sociaal_werker": fatima}
    # hidden while marking alone: the other's notes and answers, and everything the engine says
    assert "sterk begin joost" not in seen_fatima and "hier sloot ik af fatima" not in seen_joost
    assert "reflectie-Fatima" not in seen_joost and "reflectie-Joost" not in seen_fatima
    for word in ENGINE_WORDS:
        assert word not in seen_joost + seen_fatima, word

    assert d.screen == "lookback_together"
    together = shown(d)
    shot(d, tmp_path, "together")
    assert together.index("Beurt 1 (Mark) — tegengesteld") < together.index("Beurt 3 (Mark) — één van beiden")
    assert "Joost: ging goed: sterk begin joost" in together and "Fatima: ging mis: hier sloot ik af fatima" in together
    assert "Het spel zag" in together and "reflectie-Joost" in together and "reflectie-Fatima" in together

    d.click_text("Naar de nabespreking")
    assert d.screen == "debrief"
    debrief = shown(d)
    shot(d, tmp_path, "debrief")
    if os.environ.get("CASUSTAFEL_SHOTS"):
        for name in ("handover-joost", "lookback-fatima", "together", "debrief"):
            (Path(os.environ["CASUSTAFEL_SHOTS"]) / f"{name}.png").write_bytes((tmp_path / f"{name}.png").read_bytes())
    report = game.session.score()
    from casustafel.engine.debrief import reason_line
    from casustafel.game.report.debrief_data import number, reason_text

    for role, player in report.players.items():
        assert f"{game.player(role, 'nl')}: reflexiviteit {number(player.points)}" in debrief
        for reason in player.reasons:  # every point shown with its reason
            assert reason_text(reason_line(game.scenario, reason, "nl"), "nl") in debrief
    assert f"Sessiescore: {number(report.session_score)} " in debrief
    assert "Om samen over te praten:" in debrief and "Wat niet voorkwam:" in debrief

    d.click(d.app.active.lesson)
    d.type("Eerst vragen wat afspraak betekent")
    d.click_text("Les bewaren")
    assert [le["text"] for le in recorder.lessons()] == ["Eerst vragen wat afspraak betekent"]
    assert "Les bewaard" in shown(d)

    d.click_text("Verslag opslaan")
    report_path = Path(d.app.active.params["report"])
    assert report_path.exists() and "<svg" in report_path.read_text(encoding="utf-8")

    d.click_text("Sessie intrekken")
    d.click_text("Zeker?")
    assert d.screen == "ending"
    assert recorder.remaining_rows(session_id) == dict.fromkeys(TABLES, 0)


def test_keyboard_only_solo_lookback(driver, tmp_path):
    d = driver
    play_pair(d)
    game = d.app.game
    game.mode, game.solo_role = "solo", "klantmanager"  # look back as the one human player
    d.app.show("lookback")
    d.step()
    assert "Geef de laptop" not in shown(d), "solo play has no hand-over"
    d.number(2)  # turn 1: ging mis
    d.key(pygame.K_LEFT)
    assert "Jouw markering: ging mis" in shown(d)
    d.tab_press("Klaar met terugkijken")
    assert d.screen == "lookback_together"
    d.tab_press("Naar de nabespreking")
    assert d.screen == "debrief"
    assert game.recorder.marks(game.session_id) == {"klantmanager": {1: ("mis", "")}}


def test_a_note_typed_while_a_button_has_the_focus_is_kept(driver):
    d = driver
    play_pair(d)
    game = d.app.game
    game.mode, game.solo_role = "solo", "klantmanager"
    d.app.show("lookback")
    d.step()
    assert not d.app.active.note.is_focused  # the first mark button has the focus
    d.type("te snel")  # typed without clicking the note field first
    assert d.app.active.note.get_text() == "te snel"
    d.type(" gekozen")
    d.key(pygame.K_RIGHT)  # on to turn 2 without marking: the note stays with turn 1
    d.key(pygame.K_LEFT)
    assert d.app.active.note.get_text() == "te snel gekozen"
    d.tab_to("2. ")
    d.enter()
    assert game.recorder.marks(game.session_id) == {"klantmanager": {1: ("mis", "te snel gekozen")}}


def test_the_debrief_draws_the_alignment_curve(driver, tmp_path):
    d = driver
    play_pair(d)
    game = d.app.game
    game.mode, game.solo_role = "solo", "klantmanager"
    d.app.show("lookback")
    d.step()
    d.tab_press("Klaar met terugkijken")
    d.tab_press("Naar de nabespreking")
    assert d.screen == "debrief"
    from casustafel.game.window.text import ScrollView

    view = next(e for e in d.app.active.elements if isinstance(e, ScrollView))
    chart = next(entry for entry in view.entries if entry.text.startswith("Afstemming per beurt: "))
    accent = d.app.palette.accent
    line_pixels = sum(chart.surface.get_at((x, y))[:3] == accent for x in range(0, chart.surface.get_width(), 2)
                      for y in range(0, chart.surface.get_height(), 2))
    assert line_pixels > 50, "the curve is drawn as a line, not written as numbers"
    assert chart.surface.get_height() >= 200

"""The game window, headless: whole games played by posting real keyboard and mouse events.

Each flow checks what every screen shows through its widgets, saves a screenshot of every screen and
checks it (size, not blank) and checks the records the game left behind.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine.library import FLAGSHIP, scenario_files  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.game.records.recorder import Recorder  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

SIZE = (1280, 720)


def playable_scenario():
    """The flagship when it loads, else the first scenario in the library that does."""
    files = scenario_files()
    for path in files:
        result = load_scenario(path)
        if result.scenario is not None and (path.stem == FLAGSHIP or path == files[-1]):
            return result.scenario
    for path in files:
        result = load_scenario(path)
        if result.scenario is not None:
            return result.scenario
    pytest.skip("no scenario in scenarios/ loads")


@pytest.fixture(scope="module")
def scenario():
    return playable_scenario()


@pytest.fixture
def driver(tmp_path):
    yield Driver.open(tmp_path / "data", size=SIZE, partner_delay=0.6)
    pygame.quit()


def check_shot(d: Driver, folder: Path, name: str, must_show: list[str]) -> None:
    """Screenshot the screen; it is 1280x720, not blank, and its widgets show `must_show`."""
    path = d.shot(folder / f"{name}.png")
    image = pygame.image.load(str(path))
    assert image.get_size() == SIZE
    colours = {image.get_at((x, y))[:3] for x in range(0, SIZE[0], 16) for y in range(0, SIZE[1], 16)}
    assert len(colours) > 8, f"{name} looks blank"
    shown = "\n".join(d.app.texts())
    for text in must_show:
        assert text in shown, f"{name}: {text!r} not in {shown[:400]!r}"


def choose_scenario(d: Driver, scenario, keys_only: bool) -> None:
    title = scenario.title.get("nl")
    if keys_only:
        d.tab_press(title)
        d.tab_press("Deze casus kiezen")
    else:
        d.click_text(title)
        d.click_text("Deze casus kiezen")


def answer_reflection(d: Driver, text: str, keys_only: bool) -> None:
    assert d.app.focus.typing(), "the answer box has the keyboard at once"
    d.type(text)
    if keys_only:
        d.tab_press("Antwoord geven")
    else:
        d.click_text("Antwoord geven")


def play_to_end(d: Driver, keys_only: bool, folder: Path | None = None, pick=lambda turn, n: turn % n) -> dict:
    """Play until the ending; returns what was seen along the way."""
    seen = {"reflect": 0, "turns": 0, "partner_waits": 0}
    game = d.app.game
    for _ in range(400):
        screen = d.screen
        if screen == "ending":
            return seen
        if screen == "handover":
            seen["handovers"] = seen.get("handovers", 0) + 1
            if keys_only:
                d.enter()
            else:
                d.click_text("Ik ben ")
            continue
        if screen == "answers":
            seen["answers_shown"] = seen.get("answers_shown", 0) + 1
            d.enter() if keys_only else d.click_text("Verder met het gesprek")
            continue
        if screen == "reflect":
            if folder is not None and seen["reflect"] == 0:
                question = game.session.node.reflect.get("nl")
                check_shot(d, folder, "reflect", ["Reflectiepauze", question, "Nu antwoordt", "Alleen jij kijkt"])
            seen["reflect"] += 1
            answer_reflection(d, f"Antwoord {seen['reflect']} met een ë en ü", keys_only)
            continue
        assert screen == "play", screen
        role = game.awaiting
        if role is not None and not game.human(role):
            seen["partner_waits"] += 1
            assert any("denkt na" in t for t in d.app.texts())
            d.step(dt=0.3)
            continue
        offered = game.session.offered()
        shown = d.app.texts()
        assert any(t.startswith("Aan de beurt: ") for t in shown)
        for option in offered:
            assert option.text.get("nl") in shown
        if folder is not None and seen["turns"] == 2:
            check_shot(d, folder, "play", ["Aan de beurt:", "Dossier:"])
        index = pick(seen["turns"], len(offered))
        before = len(game.session.history)
        if keys_only:
            d.number(index + 1)
        else:
            d.click(d.button(f"{index + 1}. "))
        assert len(game.session.history) == before + 1 or game.session.ended
        seen["turns"] += 1
    raise AssertionError("no ending after 400 steps")


def test_pair_game_from_title_to_ending(driver, scenario, tmp_path):
    d, shots = driver, tmp_path / "shots"
    check_shot(d, shots, "title", ["Casustafel", "Nieuw spel", "Instellingen"])
    d.click_text("Nieuw spel")
    assert d.screen == "picker"
    check_shot(d, shots, "picker", [scenario.title.get("nl"), "Wat je oefent", "Deze casus kiezen"])
    choose_scenario(d, scenario, keys_only=False)
    assert d.screen == "setup"
    check_shot(d, shots, "setup", ["Spelvorm: met z'n tweeën aan één laptop"])
    roles = list(scenario.roles)
    nicks = ["Jan", "Fatima"]
    for role, nick in zip(roles, nicks, strict=False):
        d.click(d.app.screen.entries[role])
        d.type(nick)
    d.click(d.app.screen.workshop)
    d.type("Werkplaats Noord")
    d.click_text("Verder")
    assert d.screen == "consent"
    check_shot(d, shots, "consent", ["nooit om iemand te beoordelen", "op deze computer", "intrekken",
                                     "Liever niet vastleggen"])
    for nick in nicks:  # each player consents by name
        assert d.screen == "consent"
        assert f"{nick}: doe je mee met vastleggen?" in d.app.texts()
        d.click_text(f"Ik ({nick}) doe mee")
    for role, nick in zip(roles, nicks, strict=False):
        assert d.screen == "handover"
        check_shot(d, shots, f"handover-{role}", [f"Geef de laptop aan {nick}"])
        d.click_text(f"Ik ben {nick}")
        assert d.screen == "briefing"
        check_shot(d, shots, f"briefing-{role}", [scenario.roles[role].brief.get("nl")])
        d.click_text("Gelezen")
    check_shot(d, shots, "together", ["Samen aan tafel"])
    d.click_text("Begin het gesprek")
    seen = play_to_end(d, keys_only=False, folder=shots)
    game = d.app.game
    ending = game.session.node.ending
    # recorded, so the look-back comes before any score: nobody marks by the game's judgement
    check_shot(d, shots, "ending", [f"Einde: {ending.title.get('nl')}", "Terugkijken", "ieder voor zich terug"])
    assert "Sessiescore" not in "\n".join(d.app.texts())
    d.click_text("Terugkijken")
    assert d.screen == d.app.registry.get("lookback", d.app.registry["scores"]).name
    if d.screen == "scores":
        check_shot(d, shots, "scores", ["Scores en waar ze vandaan komen", "Beurt 1"])
    # the record: every choice and answer committed, the ending and the score set
    recorder = Recorder.open(tmp_path / "data")
    row = recorder.session(game.session_id)
    assert row.status == "ended" and row.workshop == "Werkplaats Noord" and row.session_score is not None
    assert [c["option_id"] for c in recorder.choices(row.id)] == [t.option_id for t in game.session.history]
    assert recorder.players(row.id) == {roles[0]: ("Jan", True), roles[1]: ("Fatima", True)}
    answers = [e for e in recorder.events(row.id) if e["kind"] == "answer"]
    assert len(answers) == seen["reflect"] == len(game.session.answers)
    assert "ë en ü" in answers[0]["payload"]["text"] if answers else True


def test_keyboard_only_whole_game(driver, scenario):
    d = driver
    d.enter()  # "Nieuw spel" has the focus ring at start
    assert d.screen == "picker"
    choose_scenario(d, scenario, keys_only=True)
    assert d.screen == "setup"
    d.tab()  # the focus ring moves to the first nickname field; typing goes there
    assert d.app.focus.typing()
    d.type("Kim")
    d.tab_press("Verder")
    for _ in scenario.roles:  # one "no" is enough: nothing is recorded
        assert d.screen == "consent"
        d.tab_press("Liever niet vastleggen")
    for _ in scenario.roles:
        assert d.screen == "handover"
        d.enter()
        assert d.screen == "briefing"
        d.enter()
    assert d.screen == "together"
    d.enter()
    seen = play_to_end(d, keys_only=True, pick=lambda turn, n: (turn * 7) % n)
    assert seen["turns"] >= 3
    assert d.app.game.session_id is None  # played without recording
    d.tab_press("Terugkijken")
    assert d.screen in ("scores", "lookback")
    d.key(pygame.K_ESCAPE)
    assert d.screen == "ending"


def test_focus_ring_reaches_every_control_and_is_drawn(driver):
    d = driver
    screen = d.app.screen
    visited = []
    for _ in range(len(screen.focusables)):
        visited.append(d.app.focus.current)
        d.tab()
    usable = [e for e in screen.focusables if e.is_enabled]
    assert set(usable) <= set(visited)
    d.tab(back=True)
    assert d.app.focus.current is visited[-1]
    ring = d.app.focus.current.rect.inflate(10, 10)
    d.step()
    colour = d.app.window.get_at((ring.left + 1, ring.centery))[:3]
    assert colour == d.app.palette.focus


def test_solo_with_partner_feedback_undo_save_and_resume(driver, scenario, tmp_path):
    d = driver
    game = d.app.game
    d.click_text("Nieuw spel")
    choose_scenario(d, scenario, keys_only=False)
    d.click_text("Spelvorm")
    assert "alleen, met de computer als partner" in " ".join(d.app.texts())
    d.click(d.app.screen.entries[game.solo_role])
    d.type("Sam")
    d.click_text("Verder")
    d.click_text("Wij doen mee")
    assert d.screen == "briefing"  # solo: no hand-over
    d.click_text("Gelezen")
    d.click_text("Begin het gesprek")
    me = game.solo_role
    # play until I have made two choices, letting the partner move
    mine = 0
    for _ in range(200):
        if d.screen == "reflect":
            answer_reflection(d, "Even nadenken", keys_only=False)
            continue
        assert d.screen == "play"
        if game.awaiting == me:
            if mine == 2:
                break
            option = game.session.offered()[0]
            d.number(1)
            mine += 1
            if option.feedback:  # no verdicts during play: "had ook gekund" waits for the debrief
                assert not any(option.feedback.get("nl") in t for t in d.app.texts())
        else:
            d.step(dt=0.3)
    assert mine == 2
    history = [t.option_id for t in game.session.history]
    mine_ids = [t.option_id for t in game.session.history if t.role == me]
    d.click_text("Laatste keuze terugnemen")
    after = [t.option_id for t in game.session.history]
    assert after == history[:history.index(mine_ids[-1])]
    assert game.awaiting == me
    # save and quit from the pause menu, then resume from the title screen
    saved = game.session_id
    assert saved is not None
    d.key(pygame.K_ESCAPE)
    assert d.app.overlay is not None and d.screen == "pause"
    d.click_text("Bewaren en stoppen")
    assert d.screen == "title"
    d.click_text("Verder met een bewaard spel")
    assert d.screen == "resume"
    d.click_text(scenario.id)
    assert d.screen in ("play", "reflect")
    assert [t.option_id for t in game.session.history] == after
    assert game.session_id == saved
    recorder = Recorder.open(tmp_path / "data")
    assert [c["option_id"] for c in recorder.choices(saved)] == after
    seen = play_to_end(d, keys_only=True)
    assert seen["partner_waits"] >= 1
    assert recorder.session(saved).status == "ended"


def test_english_play_screen_has_no_dutch_interface_text(driver, scenario, tmp_path):
    d = driver
    d.click_text("Instellingen")
    d.click_text("Taal")
    assert d.app.settings.language == "en"
    assert json.loads((tmp_path / "data" / "settings.json").read_text())["language"] == "en"
    d.click_text("Done")
    d.click_text("New game")
    d.click_text(scenario.title.get("en"))
    d.click_text("Choose this case")
    d.click_text("Next")
    d.click_text("Rather not record")
    d.click_text("Rather not record")
    while d.screen in ("handover", "briefing", "together"):
        d.enter()
    for _ in range(3):
        if d.screen in ("handover", "answers"):
            d.enter()
        elif d.screen == "play":
            d.number(1)
        elif d.screen == "reflect":
            answer = d.app.screen.box
            d.type("fine")
            d.click_text("Give answer")
            assert not answer.alive()
    while d.screen != "play" or d.app.game.awaiting is None or not d.app.game.human(d.app.game.awaiting):
        if d.screen in ("handover", "answers"):
            d.enter()
        d.step()
    shown = d.app.texts()
    nl = json.loads(Path("assets/i18n/window.nl.json").read_text(encoding="utf-8"))
    en = json.loads(Path("assets/i18n/window.en.json").read_text(encoding="utf-8"))
    dutch_bits = set()
    for key, text in nl.items():
        if en.get(key) != text:
            for piece in text.replace("{", "}").split("}")[::2]:
                if len(piece.strip()) >= 6:
                    dutch_bits.add(piece.strip())
    for text in shown:
        for bit in dutch_bits:
            assert bit not in text, f"Dutch interface text {bit!r} on the English play screen: {text!r}"
    assert any(t.startswith("Case file:") for t in shown)
    assert any(t.startswith("Your turn:") for t in shown)
    for option in d.app.game.session.offered():
        assert option.text.get("en") in shown
    lines = [item for item in d.app.game.log if item.kind == "line"]
    assert lines and lines[0].text.get("en") in shown


def test_resize_reflows_and_text_size_scales(driver):
    d = driver
    before = d.button("Nieuw spel").rect.copy()
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1000, h=640, size=(1000, 640)))
    d.step()
    after = d.button("Nieuw spel").rect
    assert d.app.size == (1000, 640) and after.centerx < before.centerx
    d.click_text("Instellingen")
    d.click_text("Tekstgrootte")
    assert d.app.settings.text_size == "groot"
    assert d.button("Tekstgrootte").rect.height > before.height
    d.click_text("Hoog contrast")
    d.step()
    assert d.app.window.get_at((2, 2))[:3] == (0, 0, 0)

"""Privacy at one table in the window, headless: a pair plays a scenario whose turns carry private knowledge.

The test looks at every frame's widgets: a player's private prompt never shows before that player confirmed
the hand-over, reflection answers stay hidden until both answered, and each player consents by name.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import argparse  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine.library import resolve  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.game.records.recorder import Recorder  # noqa: E402
from casustafel.game.window import start  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

PRIVATE = "samenwoning-gezin-in-crisis"


@pytest.fixture
def driver(tmp_path):
    yield Driver.open(tmp_path / "data", partner_delay=0.2)
    pygame.quit()


def private_prompts() -> dict[str, list[str]]:
    scenario = load_scenario(resolve(PRIVATE)).scenario
    found: dict[str, list[str]] = {}
    for node in scenario.nodes.values():
        if node.kind == "choice" and node.prompt:
            found.setdefault(node.turn, []).append(node.prompt.get("nl"))
    return found


def test_pair_in_the_window_keeps_each_players_knowledge_private(driver) -> None:
    d = driver
    start(d.app, argparse.Namespace(scenario=PRIVATE, solo=None, pair=True, workshop="W"))
    game = d.app.game
    prompts = private_prompts()
    consent_asked: list[str] = []
    holder: str | None = None
    shown_private, answered = 0, {}
    for _ in range(600):
        texts = "\n".join(d.app.texts())
        for role, role_prompts in prompts.items():
            for prompt in role_prompts:
                if prompt in texts:
                    assert holder == role, f"{role}'s prompt on screen while {holder} had it: {prompt}"
                    shown_private += 1
        screen = d.screen
        if screen == "ending":
            break
        request = game.request
        if screen == "consent":
            consent_asked.append(request.role)
            assert f"{request.nick}: doe je mee met vastleggen?" in texts
            d.click_text("doe mee")
        elif screen == "handover":
            d.click_text("Ik ben ")
            holder = request.role
        elif screen == "reflect":
            for other, text in answered.items():
                assert text not in texts, f"{other}'s answer visible while {request.role} answers"
            answered[request.role] = f"alleen van {request.role} {len(answered)}"
            d.type(answered[request.role])
            d.click_text("Antwoord geven")
            holder = None
        elif screen == "answers":
            for text in answered.values():
                assert text in texts  # side by side once both answered
            answered = {}
            d.click_text("Verder met het gesprek")
            holder = None
        elif screen in ("briefing", "together"):
            d.enter()
            if screen == "together":
                holder = None
        elif screen == "play" and type(request).__name__ == "AskChoice":
            d.number(1)
        else:
            d.step(dt=0.3)
    assert d.screen == "ending"
    assert consent_asked == list(game.ctl.humans)  # each player, by name
    assert shown_private >= 2
    row = Recorder.open(d.app.data).session(game.session_id)
    assert row is not None and row.status == "ended"


def test_one_no_records_nothing_and_lessons_come_back(driver, tmp_path) -> None:
    d = driver
    recorder = Recorder.open(d.app.data)
    recorder.add_lesson("Eerst vragen wat Natasja zelf wil.", None, "W")
    recorder.close()
    start(d.app, argparse.Namespace(scenario=PRIVATE, solo=None, pair=True, workshop="W"))
    assert d.screen == "lessons"
    assert any("Eerst vragen wat Natasja zelf wil." in t for t in d.app.texts())
    d.click_text("Verder")
    d.click_text("doe mee")
    d.click_text("Liever niet vastleggen")
    while d.screen in ("handover", "briefing", "together"):
        d.enter()
    assert d.screen == "play" and d.app.game.session_id is None
    before = {row.id for row in Recorder.open(d.app.data).sessions()}
    assert before == set()

"""The window look-back: the kijkwijzer panel while marking stores the heuristic seen or missed with the mark,
and the client's view appears only on the together screen, after both players have marked."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import random  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine import library  # noqa: E402
from casustafel.engine.client_view import client_view  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.engine.partner import pick  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

HUMANS = {"klantmanager": "Joost", "sociaal_werker": "Fatima"}
QUESTION = "Wat zou Sandra ervan vinden, als die erbij zat?"


@pytest.fixture
def driver(tmp_path):
    yield Driver.open(tmp_path / "data", size=(1280, 720), partner_delay=0.6)
    pygame.quit()


def shown(d: Driver) -> str:
    return "\n".join(d.app.texts())


def test_kijkwijzer_panel_and_client_view_after_both_marked(driver):
    d = driver
    game = d.app.game
    game.choose_scenario(load_scenario(library.resolve(library.FLAGSHIP)))
    game.mode, game.nicknames, game.consent = "pair", dict(HUMANS), True
    assert game.open_recorder() is None
    game.begin()
    rng = random.Random(3)
    while not game.session.ended:
        role = game.awaiting
        if game.session.node.kind == "reflect":
            game.answer(role, "-")
        else:
            game.choose(pick("coach", game.scenario, role, game.session.offered(), rng).id)
    d.app.show("ending")
    d.step()
    d.click_text("Terugkijken")
    d.enter()  # Joost takes the laptop
    seen = [shown(d)]
    d.number(1)  # turn 1: ging goed; the screen moves to turn 2
    d.key(pygame.K_LEFT)
    d.key(pygame.K_k)
    assert d.screen == "lookback_kijkwijzer"
    panel = shown(d)
    seen.append(panel)
    cues = game.review.cues()
    assert "Kijkwijzer: welke heuristiek zag je, of miste je hier?" in panel and cues[0][1] in panel
    d.click(d.app.active.number_entry)
    d.type("2")
    d.click_text("Gemist")
    assert d.screen == "lookback"
    assert f"{cues[1][1]} gemist" in shown(d)
    seen.append(shown(d))
    d.click_text("Klaar met terugkijken")
    d.enter()  # Fatima takes the laptop: she names a heuristic first, then marks
    seen.append(shown(d))
    d.key(pygame.K_k)
    d.click(d.app.active.number_entry)
    d.type("1")
    d.click_text("Gezien")
    d.number(2)  # turn 1: ging mis, the heuristic is kept with it
    seen.append(shown(d))
    d.click_text("Klaar met terugkijken")

    assert game.recorder.heuristics_marked(game.session_id) == {
        "klantmanager": {1: (cues[1][0].id, False)}, "sociaal_werker": {1: (cues[0][0].id, True)}}
    assert QUESTION not in "\n".join(seen), "the client's view waits until both have marked"
    assert d.screen == "lookback_together"
    together = shown(d)
    first = game.scenario.options[game.session.history[0].option_id]
    assert QUESTION in together and client_view(game.scenario, first, game.session.persona) in together
    assert f"heuristiek gemist: {cues[1][1]}" in together and f"heuristiek gezien: {cues[0][1]}" in together


def test_setup_picks_the_persona_or_a_surprise(driver):
    d = driver
    game = d.app.game
    game.choose_scenario(load_scenario(library.resolve("spreekkamer-werkfit")))
    d.app.show("setup")
    d.step()
    assert "Cliënt Mirjam de Graaf: Houdt zelf de regie" in shown(d)  # the default persona
    d.click_text("Cliënt Mirjam de Graaf")
    assert game.persona == "hand" and "Wil bij de hand genomen worden" in shown(d)
    game.nicknames = {"klantmanager": "Thijs"}
    game.consent = False
    game.prepare()
    game.begin()
    assert game.session.persona == "hand"
    d.app.show("setup")
    d.step()
    d.click_text("Cliënt Mirjam de Graaf")  # formeel
    d.click_text("Cliënt Mirjam de Graaf")  # verras me
    assert "verras me" in shown(d)
    game.prepare()
    assert game.ctl.persona in game.scenario.personas and game.ctl.persona_hidden

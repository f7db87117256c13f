"""Window parts: settings on disk, the picker with a broken file, the F5 play-test loop, start-up arguments."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import argparse  # noqa: E402
import shutil  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine.library import SCENARIO_ROOT, scenario_files  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.game.play import settings as settings_mod  # noqa: E402
from casustafel.game.play.settings import Settings  # noqa: E402
from casustafel.game.window import start  # noqa: E402
from casustafel.game.window.app import App  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402


def first_loading():
    for path in scenario_files():
        if load_scenario(path).scenario is not None:
            return path
    pytest.skip("no scenario loads")


@pytest.fixture
def make(tmp_path):
    apps = []

    def make_app(**kw) -> Driver:
        kw.setdefault("settings", Settings())
        app = App((1280, 720), data=str(tmp_path / "data"), partner_delay=0.0, **kw)
        apps.append(app)
        return Driver(app)

    yield make_app
    pygame.quit()


def test_settings_round_trip_atomic_and_tolerant(tmp_path):
    assert settings_mod.load(tmp_path) == Settings()
    path = settings_mod.save(Settings("en", "groot", True, False), tmp_path)
    assert settings_mod.load(tmp_path) == Settings("en", "groot", True, False)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind
    path.write_text("{half a file", encoding="utf-8")
    assert settings_mod.load(tmp_path) == Settings()
    path.write_text('{"language": "fr", "text_size": "reuze", "high_contrast": "ja", "extra": 1}', encoding="utf-8")
    assert settings_mod.load(tmp_path) == Settings()


def test_settings_are_remembered_between_runs(make):
    d = make(settings=None)
    d.app.show("settings", back_to="title")
    d.click_text("Tekstgrootte")
    d.click_text("Hoog contrast")
    pygame.quit()
    again = make(settings=None)
    assert again.app.settings.text_size == "groot" and again.app.settings.high_contrast


def test_picker_lists_a_broken_file_with_its_first_problem(make, tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIO_ROOT / "catalogue", root / "catalogue")
    good = first_loading()
    shutil.copy(good, root / good.name)
    (root / "kapot.yaml").write_text("casustafel: 1\nid: kapot\ntitle: [unclosed\n", encoding="utf-8")
    d = make(library_root=root)
    d.app.show("picker")
    d.step()
    shown = "\n".join(d.app.texts())
    assert "Kan niet worden geladen" in shown and "kapot.yaml" in shown
    assert load_scenario(good).scenario.title.get("nl") in shown


def test_arguments_skip_ahead(make):
    path = first_loading()
    scenario = load_scenario(path).scenario
    role = scenario.choosing_roles()[0]
    d = make()
    start(d.app, argparse.Namespace(scenario=str(path), solo=role, partner="coach", pair=False))
    assert d.screen == "consent" and d.app.game.mode == "solo" and d.app.game.policy == "coach"
    d = make()
    start(d.app, argparse.Namespace(scenario="bestaat-niet", solo=None, pair=False))
    assert d.screen == "picker"
    assert any("bestaat-niet" in t for t in d.app.texts())
    d = make()
    start(d.app, argparse.Namespace(scenario=None))
    assert d.screen == "title"


def test_f5_reloads_replays_and_reports(make, tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIO_ROOT / "catalogue", root / "catalogue")
    source = first_loading()
    path = root / source.name
    shutil.copy(source, path)
    d = make()
    start(d.app, argparse.Namespace(scenario=str(path), solo=None, pair=True))
    d.click_text("Liever niet vastleggen")
    d.click_text("Liever niet vastleggen")
    game = d.app.game

    def to_a_turn() -> None:
        while d.screen != "play" or game.request is None or type(game.request).__name__ != "AskChoice":
            if d.screen == "reflect":
                d.type("ok")
                d.click_text("Antwoord geven")
            elif d.screen in ("handover", "briefing", "together", "answers"):
                d.enter()
            else:
                d.step(dt=0.3)

    for _ in range(2):
        to_a_turn()
        d.number(1)
    to_a_turn()
    chosen = [t.option_id for t in game.session.history]
    assert len(chosen) == 2 and d.screen == "play"
    # unchanged file: everything replays
    d.key(pygame.K_F5)
    assert [t.option_id for t in game.session.history] == chosen
    assert any("opnieuw geladen" in t for t in d.app.texts())
    # rename the second chosen option: the replay stops there and says so
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"id: {chosen[1]}\n", f"id: {chosen[1]}_nieuw\n"), encoding="utf-8")
    d.key(pygame.K_F5)
    assert [t.option_id for t in game.session.history] == chosen[:1]
    if d.screen == "handover":  # the turn went back to the other player: they take the screen first
        d.enter()
    assert any(chosen[1] in t and "bestaat niet meer" in t for t in d.app.texts())
    # a broken file: the game goes on with the version it had, and shows the diagnostic
    path.write_text(text.replace("nodes:", "nodes: [", 1), encoding="utf-8")
    d.key(pygame.K_F5)
    shown = "\n".join(d.app.texts())
    assert "Opnieuw laden lukt niet" in shown and path.name in shown
    assert [t.option_id for t in game.session.history] == chosen[:1]
    d.click_text("Melding sluiten")
    assert not any("Opnieuw laden" in t for t in d.app.texts())

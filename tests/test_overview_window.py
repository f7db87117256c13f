"""The overview screen in the window, headless: what a trainer sees after an afternoon, by keyboard only."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402
from casustafel.engine.library import resolve  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.game.records.recorder import Recorder  # noqa: E402
from casustafel.game.report.debrief_data import play_recorded  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

SIZE = (1280, 720)


@pytest.fixture
def afternoon(tmp_path):
    data = tmp_path / "data"
    recorder = Recorder.open(data)
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    for seed, workshop in ((1, "Utrecht"), (2, "Utrecht"), (3, "Zwolle")):
        sid, _ = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "random"}, seed=seed,
                               nicknames={"klantmanager": f"Joris{seed}", "sociaal_werker": f"Fatima{seed}"})
        with recorder.transaction() as db:
            db.execute("UPDATE sessions SET workshop = ? WHERE id = ?", (workshop, sid))
        recorder.set_mark(sid, "klantmanager", 1, "mis", "")
    recorder.close()
    yield Driver.open(data, "overview", size=SIZE, partner_delay=0.6), data
    pygame.quit()


def test_overview_screen_shows_pairs_marks_and_saves_the_plot(afternoon, tmp_path):
    d, data = afternoon
    assert d.screen == "overview"
    text = "\n".join(d.app.texts())
    assert "Sessies op deze computer: 3" in text and "Workshop: alle sessies" in text
    assert "Joris1 & Fatima1" in text and "'ging mis'" in text and "Eindes:" in text
    title = load_scenario(resolve("sandra-schulden-en-werk")).scenario.title.get("nl")
    assert title in text and "sandra-schulden-en-werk" not in text  # titles, not ids
    assert "node " not in text and "keuze " not in text
    shot = d.shot(tmp_path / "overview.png")
    image = pygame.image.load(str(shot))
    colours = {tuple(image.get_at((x, y))) for x in range(0, SIZE[0], 16) for y in (150, 300)}
    assert image.get_size() == SIZE and len(colours) > 2, "the screenshot is not blank"

    d.tab_press("Grafiek opslaan")  # keyboard only
    d.step(3)
    assert (data / "afstemming.png").read_bytes()[:4] == b"\x89PNG"
    assert any("afstemming.png" in t for t in d.app.texts())

    d.tab_press("Volgende workshop")
    d.step(3)
    text = "\n".join(d.app.texts())
    assert "Workshop: Utrecht" in text and "Sessies op deze computer: 2" in text and "Joris3" not in text

    d.key(pygame.K_ESCAPE)
    d.step(2)
    assert d.screen == "title"

"""The HTML report really renders: headless Chromium loads it, the DOM holds the plots and the turn rows,
and a screenshot is not blank. With CASUSTAFEL_UPDATE_DOCS=1 the screenshot and the HTML are kept as
docs/report-example.png and docs/report-example.html.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from casustafel.engine import library
from casustafel.engine.loader import load_scenario
from casustafel.game.records.files import write_file
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import load_session, play_recorded
from casustafel.game.report.html import CHROMIUM_FLAGS, render_report
from matplotlib import image

DOCS = Path(__file__).resolve().parent.parent / "docs"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed; install the Debian "
                                "package with: apt-get install chromium")

ANSWERS = {
    "klantmanager": ["'Motivatie'. Voor mij is dat: komt ze op afspraken. Voor Ayla lijkt het iets heel anders.",
                     "Ik heb de datum van 1 maart losgelaten. Ayla liet 'eerst rust' los. Sandra zat er weinig in."],
    "sociaal_werker": ["'Stabiel'. Ik bedoel: de post is open en de deurwaarder staat stil.",
                       "Ik liet los dat werk pas later kan. Voelt gelijk verdeeld, maar we moeten Sandra zelf vragen."],
}
MARKS = {
    "klantmanager": {1: ("twijfel", "Te snel met de kringloop?"), 3: ("goed", "Hier ging ik echt vragen."),
                     6: ("goed", "")},
    "sociaal_werker": {1: ("mis", "Hier sloot ik me af."), 3: ("goed", ""), 4: ("twijfel", "Te veel gedeeld?"),
                       6: ("mis", "Dit voelde als toegeven.")},
}


def chromium(*args: str, profile: Path, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    scenario = load_scenario(library.resolve(library.FLAGSHIP)).scenario
    recorder = Recorder.open(folder)
    asked: dict[str, int] = {}

    def answer(role: str, _question: str) -> str:
        asked[role] = asked.get(role, 0) + 1
        texts = ANSWERS.get(role, ["-"])
        return texts[min(asked[role], len(texts)) - 1]

    session_id, _ = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "coach"},
                                  seed=3, nicknames={"klantmanager": "Joost", "sociaal_werker": "Fatima"},
                                  answer=answer)
    for role, marks in MARKS.items():
        for turn, (mark, note) in marks.items():
            recorder.set_mark(session_id, role, turn, mark, note)
    recorder.add_lesson("Eerst samen uitzoeken wat 'stabiel' betekent voordat we een datum noemen.", session_id)
    html = render_report(load_session(recorder, session_id), lessons=recorder.lessons())
    recorder.close()
    path = folder / "report-example.html"
    write_file(path, html, force=True)
    return path


def test_chromium_renders_the_plots_and_the_transcript(report_file, tmp_path):
    done = chromium("--dump-dom", report_file.as_uri(), profile=tmp_path / "profile-dom")
    assert done.returncode == 0, done.stderr[-500:]
    dom = done.stdout
    assert dom.count("<svg") == 2
    assert 'id="plot-alignment"' in dom and "<path" in dom
    assert dom.count('<tr class="turn"') >= 10
    assert "Terugblik: Sandra" in dom and "Om over te praten" in dom


def test_screenshot_is_not_blank(report_file, tmp_path):
    shot = tmp_path / "report.png"
    done = chromium("--hide-scrollbars", "--window-size=1200,1900", f"--screenshot={shot}", report_file.as_uri(),
                    profile=tmp_path / "profile-shot")
    assert done.returncode == 0 and shot.exists(), done.stderr[-500:]
    pixels = image.imread(shot)[..., :3]
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert ink > 0.03, f"only {ink:.1%} of the screenshot is not white"
    blue = ((pixels[..., 2] > 0.55) & (pixels[..., 0] < 0.2)).sum()  # the curve's blue (#0b5cab)
    assert blue > 200, "the alignment curve is not visible in the first screen"
    assert np.unique(pixels.reshape(-1, 3), axis=0).shape[0] > 50
    if os.environ.get("CASUSTAFEL_UPDATE_DOCS"):
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / "report-example.png")
        shutil.copyfile(report_file, DOCS / "report-example.html")

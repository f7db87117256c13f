"""What the terminal, the window and the report say about the scorer's figures matches `engine.scoring.FIGURES`
(the one source of their Dutch wording, docs/scoring.md): the labels carry the figure's title and no rule of
their own, and where an explanation is shown it is the figure's text itself."""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

import pytest
from casustafel.engine import library
from casustafel.engine.debrief import reason_line
from casustafel.engine.loader import load_scenario
from casustafel.engine.scoring import ALIGNMENT_WEIGHT, FIGURES
from casustafel.engine.session import Session
from casustafel.engine.simulate import play_once
from casustafel.game.cli.main import main
from casustafel.game.i18n import tr
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import number, play_recorded, reason_label
from casustafel.game.terminal.lookback import run_lookback
from test_lookback_text import HUMANS, MARKS, Script

I18N = Path(__file__).resolve().parents[1] / "assets" / "i18n"
ANCHOR_KEYS = ("report.alignment_figures", "lookback.anchor", "text.anchor", "window.scores.anchor")
OLD_WORDS = ("regie", "Cliënt in beeld", "kleinste aandeel", "herkend aan de frames", "recognised from the frames",
             "Client in view", "share of regie", "in jullie woorden")


@pytest.fixture
def scenario():
    return load_scenario(library.resolve(library.FLAGSHIP)).scenario


def strings(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in I18N.glob(f"*.{lang}.json"):
        found.update(json.loads(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_anchor_labels_name_the_figure_and_state_no_rule_of_their_own(lang):
    title = FIGURES["anchor"][0] if lang == "nl" else "Client anchor"
    for key in ANCHOR_KEYS:
        shown = tr(key, lang, start="0,1", end="0,4", change="+0,3", anchor="0,5", client="Sandra")
        assert f"{title}: 0,5" in shown, key
        assert not [w for w in OLD_WORDS if w in shown], key
    assert not [w for w in OLD_WORDS if w in tr("debrief.kind.bridge", lang, name="Brug")]
    assert all(key in strings(lang) for key in (*ANCHOR_KEYS, "debrief.kind.bridge"))


@pytest.mark.parametrize("key", ["debrief.kind.bridge", "window.scores.bridge"])
def test_the_bridge_label_says_what_the_bridge_figure_says(key):
    label = tr(key, "nl", name="Brug", what="brug")
    said = label[label.index("(") + 1:label.rindex(")")]
    assert said.removeprefix("naar ") in FIGURES["bridge"][1]


def test_the_alignment_labels_name_the_weight_the_scorer_uses():
    for key in ("debrief.kind.alignment", "report.session_score_how"):
        for lang in ("nl", "en"):
            assert f"{ALIGNMENT_WEIGHT} × " in tr(key, lang, weight=ALIGNMENT_WEIGHT, name="")
    assert "eigen-frame-gewicht" in FIGURES["alignment"][1]
    assert "eigen-frame-gewicht" in tr("debrief.kind.alignment", "nl", weight=ALIGNMENT_WEIGHT, name="")


def test_terminal_lookback_shows_the_figure_and_its_own_explanation(tmp_path, scenario):
    recorder = Recorder.open(tmp_path)
    session_id, session = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "coach"},
                                        seed=3, nicknames=HUMANS, answer=lambda role, q: f"reflectie-{role}")
    script = Script(MARKS)
    run_lookback(script.ask, script.say, recorder, session_id, scenario, session, HUMANS, "nl")
    at = script.index(f"{FIGURES['anchor'][0]}: {number(session.score().client_anchor)}")
    assert script.out[at + 1] == "    " + FIGURES["anchor"][1]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_shows_the_figure_and_in_dutch_its_explanation(tmp_path, scenario, lang):
    recorder = Recorder.open(tmp_path)
    _sid, session = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"}, seed=2,
                                  language=lang)
    recorder.close()
    out = tmp_path / "verslag.html"
    assert main(["--data", str(tmp_path), "report", "latest", "-o", str(out), "--lang", lang]) == 0
    page = html.unescape(out.read_text(encoding="utf-8"))
    title = FIGURES["anchor"][0] if lang == "nl" else "Client anchor"
    assert f"{title}: {number(session.score().client_anchor, lang)}." in page
    assert (FIGURES["anchor"][1] in page) == (lang == "nl")


def test_a_bridge_in_play_is_labelled_with_the_figures_words(scenario):
    for seed in range(200):
        played = play_once(scenario, {r: "random" for r in scenario.roles}, random.Random(seed))
        session = Session(scenario, answering_roles=())
        session.start()
        for option_id in played.options:
            session.choose(option_id)
        bridges = [r for r in session.score().bridges if r.kind == "bridge"]
        if bridges:
            label = reason_label(reason_line(scenario, bridges[0], "nl"), "nl")
            assert "een frame dat de ander in dit gesprek echt heeft ingebracht" in label
            assert "een frame dat de ander in dit gesprek echt heeft ingebracht" in FIGURES["bridge"][1]
            return
    pytest.fail("no unmarked bridge in 200 random plays of the flagship")

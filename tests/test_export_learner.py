"""Solo exports count the learner's own points: the xAPI session score of a solo session is what the debrief
shows (the computer colleague's points are not added), for new recordings and for older ones whose snapshot
does not name the learner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.engine.scoring import score_history
from casustafel.game.records.exports import Names, session_learner
from casustafel.game.records.recorder import Recorder
from casustafel.game.records.xapi import VERBS, session_statements
from casustafel.game.report.debrief_data import load_session, play_recorded

SESSION_SCORE = "https://casustafel.invalid/extensions/session-score"


@pytest.fixture
def recorder(data_dir: Path, maxima_cache: Path):
    shutil.copy(maxima_cache, data_dir / maxima_cache.name)
    rec = Recorder.open(data_dir)
    yield rec
    rec.close()


def exported_session_score(recorder: Recorder, sid: str) -> float:
    statements = session_statements(recorder, sid, Names(recorder))
    completed = [s for s in statements if s["verb"]["id"] == VERBS["completed"]]
    assert len(completed) == 1  # only the human player completes
    return completed[0]["result"]["extensions"][SESSION_SCORE]


def test_solo_export_counts_the_learners_points_only(recorder):
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    for seed in (3, 5, 8):
        sid, _session = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"},
                                      seed=seed, humans=("klantmanager",))
        row = recorder.session(sid)
        assert session_learner(recorder, row, scenario) == "klantmanager"
        choices = [(c["turn"], c["role"], c["option_id"]) for c in recorder.choices(sid)]
        own = score_history(scenario, choices, learner="klantmanager").session_score
        both = score_history(scenario, choices).session_score
        assert own != both  # the colleague earned points too: the test can tell them apart
        assert exported_session_score(recorder, sid) == own
        assert load_session(recorder, sid).report.session_score == own


def test_an_older_solo_recording_without_a_learner_gets_its_one_human(recorder):
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    sid, _session = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"},
                                  seed=3, humans=("klantmanager",))
    snapshot = json.loads(recorder.session(sid).snapshot)
    del snapshot["learner"]
    recorder.db.execute("UPDATE sessions SET snapshot = ? WHERE id = ?", (json.dumps(snapshot), sid))
    choices = [(c["turn"], c["role"], c["option_id"]) for c in recorder.choices(sid)]
    own = score_history(scenario, choices, learner="klantmanager").session_score
    assert exported_session_score(recorder, sid) == own


def test_pair_sessions_have_no_learner(recorder):
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    sid, _session = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"}, seed=3)
    assert session_learner(recorder, recorder.session(sid), scenario) is None

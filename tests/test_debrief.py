"""The debrief: its figures are the scorer's, every point has its reason, questions follow what happened."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from casustafel.engine import library
from casustafel.engine.debrief import (
    AGREE,
    DIFFER,
    GOED,
    MIS,
    OPPOSED,
    SINGLE,
    TWIJFEL,
    build_debrief,
    compare_marks,
)
from casustafel.engine.loader import load_scenario
from casustafel.engine.partner import pick
from casustafel.engine.scoring import score_history
from casustafel.engine.session import Session
from casustafel.game.report.debrief_data import question_text, reason_text

I18N = Path(__file__).resolve().parent.parent / "assets" / "i18n"
POLICIES = ("coach", "own-frame", "random", "scripted")


def _scenario(name: str = library.FLAGSHIP):
    path = library.resolve(name)
    result = load_scenario(path) if path else None
    if result is None or result.scenario is None:
        path = next(p for p in library.scenario_files() if load_scenario(p).scenario is not None)
        result = load_scenario(path)
    return result.scenario


@pytest.fixture(scope="module")
def scenario():
    return _scenario()


def play(scenario, policy_km: str, policy_sw: str, seed: int = 1) -> Session:
    """A whole session, choices by policy, answers typed as a player would."""
    rng = random.Random(seed)
    roles = list(scenario.roles)
    policies = {roles[0]: policy_km, roles[-1]: policy_sw}
    session = Session(scenario)
    session.start()
    while not session.ended:
        role = session.awaiting_role
        if session.node.kind == "reflect":
            session.answer(role, f"antwoord van {role} bij {session.node.id}")
        else:
            session.choose(pick(policies[role], scenario, role, session.offered(), rng).id, seconds=4.0)
    return session


def debrief_of(scenario, session, marks=None):
    return build_debrief(scenario, session.history, session.score(), lang="nl", answers=session.answers,
                         marks=marks or {}, ending_node=session.node.id)


@pytest.mark.parametrize("policy_km,policy_sw,seed", [
    ("coach", "coach", 1), ("own-frame", "own-frame", 2), ("random", "random", 3), ("random", "coach", 4),
    ("scripted", "own-frame", 5), ("random", "random", 6), ("coach", "random", 7),
])
def test_figures_equal_the_scorers(scenario, policy_km, policy_sw, seed):
    session = play(scenario, policy_km, policy_sw, seed)
    d = debrief_of(scenario, session)
    fresh = score_history(scenario, [(t.index, t.role, t.option_id) for t in session.history])
    assert d.session_score == fresh.session_score
    assert d.alignment_curve == fresh.alignment_curve
    assert d.alignment_start == fresh.alignment_start and d.alignment_end == fresh.alignment_end
    assert d.alignment_change == pytest.approx(fresh.alignment_change)
    assert d.client_anchor == fresh.client_anchor
    assert [(b.turn, b.role, b.points) for b in d.bridges] == [(b.turn, b.role, b.points) for b in fresh.bridges]
    for role, player in d.players.items():
        theirs = fresh.players[role]
        assert player.points == theirs.points
        assert player.movement == fresh.movement[role]
        for kind, value in player.parts.items():
            assert value == theirs.part(kind)
        # every point shown has its reason: the total is the sum of the listed reasons
        assert sum(r.points for r in player.reasons) == pytest.approx(player.points)
        assert [(r.turn, r.kind, r.id, r.points) for r in player.reasons] == \
            [(r.turn, r.kind, r.id, r.points) for r in theirs.reasons]
    assert round(sum(r.points for r in d.session_reasons), 2) == pytest.approx(d.session_score)
    # the per-turn annotations carry exactly the players' reasons, each on the turn that earned it
    assert sum(n.points for n in d.turns) == pytest.approx(sum(p.points for p in d.players.values()))
    turns = {n.turn: n for n in d.turns}
    for player in d.players.values():
        for r in player.reasons:
            assert r.turn in turns and turns[r.turn].role == r.role
            assert r.speaker and r.name, r
            assert reason_text(r, "nl").startswith(f"beurt {r.turn}, {r.speaker}: ")


def test_turn_notes_name_frames_feedback_and_a_better_option(scenario):
    session = play(scenario, "own-frame", "own-frame", 2)
    d = debrief_of(scenario, session)
    first = d.turns[0]
    option = scenario.options[first.option_id]
    assert first.text == option.text.get("nl")
    assert [f for f, _name, _w in first.frames] == sorted(option.frames, key=lambda f: -option.frames[f])
    assert all(name for _f, name, _w in first.frames)
    assert first.feedback == option.feedback.get("nl")
    assert first.frame_side in ("own", "other", "both", "neutral")
    flagged = [n for n in d.turns if n.red_flags]
    assert flagged, "the own-frame pair raises red flags in the flagship"
    assert all(n.engine_view == MIS for n in flagged)
    assert flagged[0].alternative is not None and flagged[0].alternative[2] > 0


def test_heuristics_met_and_missed_cover_the_catalogue_with_definitions(scenario):
    session = play(scenario, "random", "random", 3)
    d = debrief_of(scenario, session)
    plain = {h for h, spec in scenario.catalogue.heuristics.items() if not spec.is_red_flag}
    assert {e.id for e in d.met} | {e.id for e in d.missed} == plain
    assert not {e.id for e in d.met} & {e.id for e in d.missed}
    for entry in d.met + d.missed + d.red_flags:
        assert entry.definition and entry.markers and entry.source and entry.name
    for entry in d.met:
        assert entry.turns
    used = {r.id for p in d.players.values() for r in p.reasons if r.kind == "red_flag"}
    assert {e.id for e in d.red_flags} == used


def test_reflection_answers_side_by_side(scenario):
    session = play(scenario, "coach", "coach", 1)
    d = debrief_of(scenario, session)
    assert d.answers, "the flagship has reflection pauses"
    for pair in d.answers:
        assert pair.question
        assert set(pair.answers) == set(scenario.roles)


def test_compare_marks_puts_disagreements_first():
    marks = {
        "a": {1: (GOED, ""), 2: (GOED, "x"), 3: (TWIJFEL, ""), 5: (MIS, "")},
        "b": {1: (GOED, ""), 2: (MIS, "nee"), 3: (GOED, ""), 4: (MIS, "")},
    }
    rows = compare_marks(marks, ["a", "b"])
    assert [(r.turn, r.agreement) for r in rows] == [(2, OPPOSED), (3, DIFFER), (4, SINGLE), (5, SINGLE), (1, AGREE)]
    assert rows[0].marks == {"a": (GOED, "x"), "b": (MIS, "nee")}
    assert rows[2].marks["a"] is None


@pytest.mark.parametrize("seed", range(12))
def test_three_to_five_questions_every_one_translated(scenario, seed):
    session = play(scenario, "random", "random", seed)
    d = debrief_of(scenario, session, {"klantmanager": {1: (GOED, "")}, "sociaal_werker": {1: (MIS, "")}})
    assert 3 <= len(d.questions) <= 5
    assert len({q.key for q in d.questions}) == len(d.questions)
    for q in d.questions:
        for lang in ("nl", "en"):
            text = question_text(q, lang)
            assert "{" not in text and not text.startswith("debrief."), text
        if q.turn is not None:
            assert d.turn(q.turn) is not None
    assert any(q.key == "marks_opposed" for q in d.questions) or len(d.questions) == 5


def test_questions_follow_what_happened(scenario):
    rough = debrief_of(scenario, play(scenario, "own-frame", "own-frame", 2))
    keys = [q.key for q in rough.questions]
    assert keys[0] == "red_flag" or "red_flag" in keys
    flag_q = next(q for q in rough.questions if q.key == "red_flag")
    assert flag_q.turn == next(n.turn for n in rough.turns if n.red_flags)
    assert "Sandra" in question_text(next(q for q in rough.questions if q.key == "no_client_anchor"), "nl")

    smooth = debrief_of(scenario, play(scenario, "coach", "coach", 1))
    assert "red_flag" not in [q.key for q in smooth.questions]
    assert smooth.ending[0] == "gedeeld_plan"


def test_agreement_never_checked_is_asked(scenario):
    """Choose an agreement without a meaning check after it: the debrief asks about it."""
    for seed in range(60):
        session = play(scenario, "random", "random", seed)
        d = debrief_of(scenario, session)
        afspraak = [n for n in d.turns if "afspraak" in n.heuristics]
        if afspraak and not any("betekenis" in n.heuristics for n in d.turns if n.turn >= afspraak[0].turn):
            q = next(q for q in d.questions if q.key == "agreement_unchecked")
            assert q.turn == afspraak[0].turn
            return
    pytest.skip("no random path in 60 seeds made an unchecked agreement")


def test_translation_files_have_the_same_keys():
    nl = json.loads((I18N / "debrief.nl.json").read_text(encoding="utf-8"))
    en = json.loads((I18N / "debrief.en.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en)


def test_a_solo_debrief_scores_the_learner_alone_and_explains_each_figure(scenario, data_dir):
    """Solo: the learner's score and share are their own; the computer colleague's part is apart."""
    from casustafel.engine.scoring import FIGURES
    from casustafel.game.records.recorder import Recorder
    from casustafel.game.report.debrief_data import load_session, play_recorded

    recorder = Recorder.open(data_dir)
    try:
        sid, session = play_recorded(recorder, scenario, {"klantmanager": "coach", "sociaal_werker": "coach"},
                                     humans=("klantmanager",))
        loaded = load_session(recorder, sid)
    finally:
        recorder.close()
    d = loaded.debrief
    assert d.solo and d.learner == "klantmanager"
    kim, colleague = d.players["klantmanager"], d.players["sociaal_werker"]
    assert kim.learner and colleague.computer and colleague.points > 0
    alignment = sum(r.points for r in d.session_reasons if r.kind == "alignment")
    assert d.session_score == round(kim.points + alignment, 2)
    assert all(r.role in ("klantmanager", "") for r in d.session_reasons)
    pair = score_history(scenario, [(t.index, t.role, t.option_id) for t in session.history])
    assert pair.session_score > d.session_score  # in pair play the colleague's points would count
    from casustafel.game.report.debrief_data import figure_texts

    assert figure_texts(d) == [FIGURES[f.id] for f in d.figures]
    assert "solo" in {f.id for f in d.figures} and "bridge" in {f.id for f in d.figures}


def test_the_igm_is_the_lens_of_a_spreekkamer_debrief_not_of_a_casuistiek_one():
    import random as _random

    from casustafel.engine.debrief import IGM_SIDES, build_debrief, choose_questions
    from casustafel.engine.library import resolve
    from casustafel.engine.loader import load_scenario
    from casustafel.engine.partner import pick
    from casustafel.engine.session import Session

    def debrief_of(name: str, policy: str):
        scenario = load_scenario(resolve(name)).scenario
        session, rng = Session(scenario), _random.Random(5)
        session.start()
        while not session.ended:
            if session.node.kind == "reflect":
                session.answer(session.pending_answers[0], "-")
                continue
            session.choose(pick(policy, scenario, session.awaiting_role, session.offered(), rng).id)
        return build_debrief(scenario, session.history, session.score())

    d = debrief_of("spreekkamer-werkfit", "random")
    lens = choose_questions(d)[0]
    assert lens.key == "igm_lens"
    met = {e.id for e in d.met}
    for side, ids in IGM_SIDES.items():
        named_met = lens.params[f"{side}_met"]
        for h in ids:
            name = next(e.name for e in (*d.met, *d.missed) if e.id == h)
            assert (name in named_met) == (h in met)
    assert all(q.key != "igm_lens" for q in choose_questions(debrief_of("sandra-schulden-en-werk", "coach")))

"""Rebuild a recorded session for look-back, debrief and report, and word the debrief's figures.

`load_session(recorder, "latest")` finds the session, loads its scenario (at `scenario_path`, else by id
from the library), replays the recorded choices and answers with `Session.replay`, and builds the
`engine.debrief.Debrief` with the players' marks and the options that were really on offer. The `*_text`
helpers give the front ends one wording for reasons, marks and questions (`assets/i18n/debrief.*.json`).

`play_recorded` plays a session by partner policies and records it exactly as a front end does; the tests,
the benchmark and the example report use it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.engine import library
from casustafel.engine.debrief import Debrief, Question, ReasonLine, build_debrief
from casustafel.engine.loader import load_scenario
from casustafel.engine.model import Scenario
from casustafel.engine.partner import pick
from casustafel.engine.scoring import ALIGNMENT_WEIGHT, ScoreReport
from casustafel.engine.session import Session, SessionError
from casustafel.game.i18n import tr
from casustafel.game.records.exports import learner_of
from casustafel.game.records.recorder import Recorder, SessionRow


class DebriefDataError(Exception):
    """The session or its scenario cannot be found or replayed; the message says what to do."""


@dataclass
class LoadedSession:
    row: SessionRow
    scenario: Scenario
    session: Session
    report: ScoreReport
    players: dict[str, tuple[str, bool]]
    marks: dict[str, dict[int, tuple[str, str]]]
    offered: dict[int, list[str]]
    debrief: Debrief
    problems: list[str] = field(default_factory=list)

    @property
    def humans(self) -> dict[str, str]:
        """role -> nickname of the human players, in the scenario's role order."""
        return {r: self.players[r][0] for r in self.scenario.roles if r in self.players and self.players[r][1]}


def find_scenario(row: SessionRow) -> Scenario:
    """The scenario a session was played on: its recorded path, else the library entry with its id."""
    tried: list[Path] = []
    candidates = (lambda: Path(row.scenario_path) if row.scenario_path else None,
                  lambda: library.resolve(row.scenario_id))  # the library only when the recorded path fails
    for find in candidates:
        candidate = find()
        if candidate is None or candidate in tried or not candidate.exists():
            continue
        tried.append(candidate)
        result = load_scenario(candidate)
        if result.scenario is not None and result.scenario.id == row.scenario_id:
            return result.scenario
    raise DebriefDataError(f"Het scenario {row.scenario_id} van deze sessie is niet meer te laden "
                           f"(gezocht: {row.scenario_path or '-'} en de bibliotheek). Zet het scenariobestand terug "
                           "of controleer het met: casustafel lint BESTAND")


def recorded_snapshot(recorder: Recorder, session_id: str, row: SessionRow) -> dict:
    """The session's last snapshot, or one rebuilt from its events when none was stored."""
    if row.snapshot:
        return json.loads(row.snapshot)
    history, answers = [], []
    for e in recorder.choices(session_id):
        history.append([e["turn"], e["node"], e["role"], e["option_id"], e["seconds"]])
    last_turn = 0
    for e in recorder.events(session_id):
        if e["kind"] == "choice":
            last_turn = e["turn"]
        elif e["kind"] == "answer":
            answers.append([e["node"], e["role"], (e["payload"] or {}).get("text", ""), last_turn])
    return {"scenario": row.scenario_id, "history": history, "answers": answers}


def offered_per_turn(recorder: Recorder, session_id: str) -> dict[int, list[str]]:
    """turn -> the option ids on offer when that turn's choice was made (the last offer before it)."""
    offered: dict[int, list[str]] = {}
    last: list[str] = []
    for e in recorder.events(session_id):
        if e["kind"] == "offered":
            last = list((e["payload"] or {}).get("options", []))
        elif e["kind"] == "choice" and e["turn"] is not None:
            offered[e["turn"]] = last
    return offered


def load_session(recorder: Recorder, session_ref: str, lang: str | None = None) -> LoadedSession:
    """Everything look-back, debrief and report need for one recorded session (an id or "latest")."""
    row = recorder.session(session_ref)
    if row is None:
        which = "Er zijn nog geen sessies opgenomen" if session_ref == "latest" else \
            f"Sessie {session_ref} bestaat niet (meer)"
        raise DebriefDataError(f"{which}. Bekijk de sessies met: casustafel sessions")
    scenario = find_scenario(row)
    snapshot = recorded_snapshot(recorder, row.id, row)
    players = recorder.players(row.id)
    humans = [r for r in scenario.roles if players.get(r, ("", False))[1]]
    snapshot = {**snapshot, "learner": learner_of(snapshot, row.mode, humans)}  # solo: the score is their own
    try:
        session, replayed = Session.replay(scenario, snapshot)
    except SessionError as exc:
        raise DebriefDataError(f"Sessie {row.id} is niet opnieuw af te spelen: {exc}") from exc
    problems = list(replayed.problems)
    if row.content_hash and row.content_hash != scenario.content_hash:
        problems.insert(0, tr("debrief.scenario_changed", lang or row.language))
    marks = recorder.marks(row.id)
    offered = offered_per_turn(recorder, row.id)
    report = session.score()
    ending = row.ending_node or (session.node.id if session.ended else None)
    debrief = build_debrief(scenario, session.history, report, lang=lang or row.language, answers=session.answers,
                            marks=marks, offered=offered, ending_node=ending,
                            marking_roles=[r for r in scenario.roles if players.get(r, ("", False))[1]])
    return LoadedSession(row, scenario, session, report, players, marks, offered, debrief, problems)


# -- wording --------------------------------------------------------------------------------------------
def number(value: float, lang: str = "nl", signed: bool = False, digits: int = 2) -> str:
    """2 -> "2", 1.25 -> "1,25" (nl) / "1.25" (en); signed adds + (and a real minus sign)."""
    text = f"{abs(value):.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(abs(int(value)))
    if lang == "nl":
        text = text.replace(".", ",")
    sign = "−" if value < 0 else ("+" if signed else "")
    return sign + text


def reason_label(line: ReasonLine, lang: str) -> str:
    """What earned the points, e.g. "Aanname toetsen", "niveau: Dialogisch", "frame-afstemming (5 × ΔA)"."""
    key = f"debrief.kind.{line.kind}"
    return tr(key, lang, name=line.name or line.id, weight=ALIGNMENT_WEIGHT)


def reason_text(line: ReasonLine, lang: str) -> str:
    """ "beurt 7, Mark: Aanname toetsen +2" """
    where = tr("debrief.turn_speaker", lang, turn=line.turn, speaker=line.speaker) if line.speaker else \
        tr("debrief.turn_only", lang, turn=line.turn)
    return f"{where}: {reason_label(line, lang)} {number(line.points, lang, signed=True)}"


def figure_texts(d: Debrief) -> list[tuple[str, str]]:
    """(title, explanation) of every figure the debrief shows, in the words of docs/scoring.md (Dutch: the
    one source is `engine.scoring.FIGURES`, which a test holds the doc to)."""
    return [(f.title, f.text) for f in d.figures]


def figure_note(d: Debrief, key: str, lang: str) -> str:
    """The explanation of one figure under its value (`engine.scoring.FIGURES`, Dutch only: "" in English)."""
    return next((f.text for f in d.figures if f.id == key), "") if lang == "nl" else ""


def question_text(question: Question, lang: str, solo: bool = False) -> str:
    """A question to discuss; `solo`: worded for one learner."""
    params = {k: number(v, lang) if isinstance(v, float) else v for k, v in question.params.items()}
    return tr(f"debrief.q.{question.key}", lang, solo, **params)


def mark_label(mark: str | None, lang: str) -> str:
    return tr(f"debrief.mark.{mark}", lang) if mark else tr("debrief.mark.none", lang)


def agreement_label(agreement: str, lang: str) -> str:
    return tr(f"debrief.agreement.{agreement}", lang)


def side_label(side: str, lang: str) -> str:
    return tr(f"debrief.side.{side}", lang)


# -- a session played by policies, recorded like a front end -------------------------------------------
def play_recorded(recorder: Recorder, scenario: Scenario, policies: Mapping[str, str], *, seed: int = 1,
                  nicknames: Mapping[str, str] | None = None, humans: tuple[str, ...] | None = None,
                  answer: Callable[[str, str], str] | None = None, language: str = "nl",
                  max_turns: int = 10_000) -> tuple[str, Session]:
    """Play `scenario` with a partner policy per role, recording every event as a front end would.

    `humans` are the roles recorded as human players (default: all); `answer(role, question)` gives the
    reflection answers. Returns the session id and the finished session.
    """
    rng = random.Random(seed)
    humans = tuple(scenario.roles) if humans is None else humans
    nicknames = nicknames or {}
    players = {r: (nicknames.get(r, scenario.speaker_name(r, language)), r in humans) for r in scenario.roles}
    session = Session(scenario, answering_roles=humans, learner=humans[0] if len(humans) == 1 else None)
    session_id = recorder.start_session(
        scenario_id=scenario.id, scenario_path=scenario.path, content_hash=scenario.content_hash,
        mode="pair" if len(humans) > 1 else "solo", players=players, language=language,
        partner_policy=next((policies[r] for r in scenario.roles if r not in humans and r in policies), None))
    recorder.record(session_id, session.start(), session.snapshot(), language)
    for _ in range(max_turns):
        if session.ended:
            break
        role = session.awaiting_role
        if session.node.kind == "reflect":
            text = answer(role, session.node.reflect.get(language)) if answer else f"Antwoord van {role}."
            events = session.answer(role, text)
        else:
            option = pick(policies.get(role, "random"), scenario, role, session.offered(), rng, session.trust)
            events = session.choose(option.id, seconds=round(rng.uniform(3, 40), 1))
        recorder.record(session_id, events, session.snapshot(), language)
    recorder.set_score(session_id, session.score().session_score)
    return session_id, session


# -- the transcript ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TranscriptItem:
    """One row of the transcript: a line, a turn (see `Debrief.turn`), a reflection pause or the ending."""

    kind: str  # line | turn | reflect | ending
    speaker: str = ""
    text: str = ""
    turn: int | None = None
    node: str = ""
    answers: dict[str, str] = field(default_factory=dict)


def transcript(scenario: Scenario, session: Session, lang: str) -> list[TranscriptItem]:
    """The conversation as it was shown, rebuilt by playing the session's choices and answers again."""
    replay = Session(scenario, session.answering_roles, persona=session.persona)
    answers = list(session.answers)
    events = []
    try:
        events += replay.start()
        for turn in session.history:
            while replay.node.kind == "reflect" and replay.pending_answers and answers:
                a = answers.pop(0)
                events += replay.answer(replay.pending_answers[0], a.text)
            events += replay.choose(turn.option_id, turn.seconds)
        while replay.node.kind == "reflect" and replay.pending_answers and answers:
            a = answers.pop(0)
            events += replay.answer(replay.pending_answers[0], a.text)
    except SessionError:  # a session begun mid-scenario (--from) or an edited scenario: turns only
        return [TranscriptItem("turn", scenario.speaker_name(t.role, lang),
                               scenario.options[t.option_id].text.get(lang), t.index, t.node)
                for t in session.history]
    items: list[TranscriptItem] = []
    for e in events:
        name = type(e).__name__
        if name == "LineSpoken":
            items.append(TranscriptItem("line", scenario.speaker_name(e.by, lang), e.text.get(lang), node=e.node))
        elif name == "OptionChosen":
            items.append(TranscriptItem("turn", scenario.speaker_name(e.role, lang), e.option.text.get(lang),
                                        e.turn, e.node))
        elif name == "ReflectionAsked":
            items.append(TranscriptItem("reflect", text=e.question.get(lang), node=e.node))
        elif name == "ReflectionAnswered":
            pause = next((i for i in reversed(items) if i.kind == "reflect"), None)
            if pause is not None:
                pause.answers[e.role] = e.answer
        elif name == "EndingReached":
            items.append(TranscriptItem("ending", speaker=e.ending.title.get(lang), text=e.ending.text.get(lang),
                                        node=e.node))
    return items

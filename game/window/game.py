"""The state of one game in the window, without widgets: scenario, players, session, recording, partner.

Screens read and drive this object; it talks to the engine and the recorder. Every engine call is
recorded (when the players consented) before the caller returns, so before the screen moves on. The
transcript is kept as a language-independent log (`LogItem`s with `Text`s) that screens render.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.engine import partner
from casustafel.engine.loader import LoadResult, load_scenario
from casustafel.engine.model import Scenario, Text
from casustafel.engine.partner import SOLO_PARTNERS
from casustafel.engine.session import (
    ChoiceOffered,
    EndingReached,
    Event,
    LineSpoken,
    OptionChosen,
    ReflectionAnswered,
    ReflectionAsked,
    Session,
    SessionError,
)
from casustafel.game.i18n import strings, tr
from casustafel.game.play.playtest import parse_sets
from casustafel.game.records.maxima import maxima_for as cached_maxima
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import Recorder, RecorderError, SessionRow, data_dir

PAIR, SOLO = "pair", "solo"


@dataclass(frozen=True, slots=True)
class LogItem:
    """One transcript entry: kind line|choice|feedback|question|answer|ending|notice."""

    kind: str
    who: str | None
    text: Text | str
    turn: int = 0

    def get(self, lang: str) -> str:
        return self.text.get(lang) if isinstance(self.text, Text) else self.text


def plain(text: str) -> Text:
    return Text({"nl": text}, "nl")


def role_label(role: str, lang: str) -> str:
    """"klantmanager" / "client manager": the function of a role id, from the window's strings."""
    for key in (f"window.role.{role}", f"role.{role}"):
        found = strings(lang).get(key) or strings("nl").get(key)
        if found:
            return found
    return role.replace("_", " ")


@dataclass
class Game:
    """Everything about the game in progress."""

    data: str | None = None
    now: Callable[[], float] = time.monotonic
    scenario: Scenario | None = None
    path: Path | None = None
    mode: str = PAIR
    solo_role: str | None = None
    policy: str = SOLO_PARTNERS[0]
    coach: bool = True
    workshop: str = ""
    nicknames: dict[str, str] = field(default_factory=dict)
    consent: bool | None = None
    from_node: str | None = None
    sets: list[str] = field(default_factory=list)
    seed: int | None = None
    recorder: Recorder | None = None
    session_id: str | None = None
    session: Session | None = None
    log: list[LogItem] = field(default_factory=list)
    log_version: int = 0  # bumped when the log is replaced; screens render it again
    log_cut: int = 0  # after an undo: the log was cut back to this length
    cut_serial: int = 0
    checkpoints: list[int] = field(default_factory=list)
    partner_due: float | None = None
    offered_at: float = 0.0
    last_feedback: Text | None = None
    notices: list[str] = field(default_factory=list)
    language: str = "nl"
    maxima: dict[str, float] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    # -- set-up -------------------------------------------------------------------------------------
    def choose_scenario(self, result: LoadResult) -> None:
        self.scenario = result.scenario
        self.path = Path(self.scenario.path) if self.scenario else None
        roles = list(self.scenario.roles) if self.scenario else []
        if self.solo_role not in roles:
            choosing = self.scenario.choosing_roles() if self.scenario else ()
            self.solo_role = choosing[0] if choosing else (roles[0] if roles else None)
        self.nicknames = {r: self.nicknames.get(r, "") for r in roles}

    @property
    def roles(self) -> list[str]:
        return list(self.scenario.roles) if self.scenario else []

    def human(self, role: str) -> bool:
        return self.mode == PAIR or role == self.solo_role

    @property
    def human_roles(self) -> list[str]:
        return [r for r in self.roles if self.human(r)]

    def nickname(self, role: str, lang: str) -> str:
        if not self.human(role):
            return tr("window.computer", lang)
        return self.nicknames.get(role, "").strip() or self.scenario.speaker_name(role, lang)

    def who(self, role: str, lang: str) -> str:
        """"Mark, klantmanager (Werk & Inkomen)"."""
        sc = self.scenario
        r = sc.roles[role]
        return f"{r.name.get(lang)}, {role_label(role, lang)} ({r.organisation.get(lang)})"

    def player(self, role: str, lang: str) -> str:
        """"Jan, als Mark, klantmanager (Werk & Inkomen)", or without a nickname just the role."""
        if not self.human(role):
            return tr("window.player_as", lang, nick=tr("window.computer", lang), who=self.who(role, lang))
        nick = self.nicknames.get(role, "").strip()
        return tr("window.player_as", lang, nick=nick, who=self.who(role, lang)) if nick else self.who(role, lang)

    def open_recorder(self) -> str | None:
        """Open the records database; returns an error message (and plays unrecorded) when it cannot."""
        if self.recorder is not None:
            return None
        try:
            self.recorder = open_records(self.data)
        except RecorderError as exc:
            return str(exc)
        return None

    # -- playing ------------------------------------------------------------------------------------
    def begin(self) -> None:
        """Start the session (and its record when the players consented)."""
        sc = self.scenario
        assert sc is not None
        self.rng = random.Random(self.seed)
        self.maxima = cached_maxima(sc, data_dir(self.data))
        self.session = Session(sc, answering_roles=self.human_roles, maxima=self.maxima)
        self.log, self.checkpoints, self.notices = [], [], []
        self.log_version += 1
        self.session_id = None
        if self.consent and self.recorder is not None:
            players = {r: (self.nickname(r, "nl"), self.human(r)) for r in self.roles}
            self.session_id = self.recorder.start_session(
                scenario_id=sc.id, scenario_path=str(sc.path), content_hash=sc.content_hash, mode=self.mode,
                players=players, language=self.language, partner_policy=self.policy if self.mode == SOLO else None,
                workshop=self.workshop, consent=True)
        # authors' shortcut (--from NODE, --set name=value): start somewhere else, with other values
        try:
            variables = parse_sets(self.sets, sc.variable_types)
        except ValueError as exc:
            self.notices.append(str(exc))
            variables = {}
        start_at = self.from_node
        if start_at and start_at not in sc.nodes:
            self.notices.append(tr("window.notice.unknown_node", self.language, node=start_at))
            start_at = None
        self._after(self.session.start(start_at, variables))

    def _record(self, events: list[Event]) -> None:
        if self.session_id and self.recorder is not None:
            self.recorder.record(self.session_id, events, self.session.snapshot(), self.language)
            if self.session.ended:
                self.recorder.set_score(self.session_id, self.session.score().session_score)

    def _after(self, events: list[Event]) -> None:
        """Record, then log, then schedule the partner."""
        self._record(events)
        for event in events:
            self._log_event(event)
        self._schedule()

    def _log_event(self, event: Event) -> None:
        if isinstance(event, LineSpoken):
            self.log.append(LogItem("line", event.by, event.text, self.session.turn))
        elif isinstance(event, OptionChosen):
            self.log.append(LogItem("choice", event.role, event.option.text, event.turn))
            self.last_feedback = None
            if self.coach and self.mode == SOLO and self.human(event.role) and event.option.feedback:
                self.last_feedback = event.option.feedback
                self.log.append(LogItem("feedback", event.role, event.option.feedback, event.turn))
        elif isinstance(event, ReflectionAsked):
            self.log.append(LogItem("question", None, event.question, self.session.turn))
        elif isinstance(event, ReflectionAnswered):
            self.log.append(LogItem("answer", event.role, event.answer, self.session.turn))
        elif isinstance(event, EndingReached):
            self.log.append(LogItem("ending", None, event.ending.title, self.session.turn))
        elif isinstance(event, ChoiceOffered):
            self.offered_at = self.now()

    def _schedule(self) -> None:
        role = self.session.awaiting_role if self.session else None
        waiting_partner = role is not None and not self.human(role) and bool(self.session.offered())
        self.partner_due = 0.0 if waiting_partner else None

    @property
    def awaiting(self) -> str | None:
        return self.session.awaiting_role if self.session else None

    @property
    def partner_thinking(self) -> bool:
        return self.partner_due is not None

    def tick(self, dt: float, delay: float) -> bool:
        """Advance the partner's readable pause; True when the partner moved."""
        if self.partner_due is None:
            return False
        self.partner_due += dt
        if self.partner_due < delay:
            return False
        role = self.session.awaiting_role
        option = partner.pick(self.policy, self.scenario, role, self.session.offered(), self.rng)
        self.partner_due = None
        self._act(lambda: self.session.choose(option.id, None))
        return True

    def choose(self, option_id: str) -> None:
        """The human whose turn it is picks an option."""
        seconds = round(self.now() - self.offered_at, 2)
        self._act(lambda: self.session.choose(option_id, seconds))

    def answer(self, role: str, text: str) -> None:
        self._act(lambda: self.session.answer(role, text))

    def _act(self, call: Callable[[], list[Event]]) -> None:
        self.checkpoints.append(len(self.log))
        try:
            events = call()
        except SessionError:
            self.checkpoints.pop()
            raise
        self._after(events)

    # -- undo, save, resume, reload ------------------------------------------------------------------
    def can_undo(self) -> bool:
        return self.mode == SOLO and self.session is not None and any(
            t.role == self.solo_role for t in self.session.history)

    def undo(self) -> bool:
        """Take back the player's last choice (and the partner's moves and answers after it)."""
        if not self.can_undo():
            return False
        session = self.session
        target = max(i for i, t in enumerate(session.history) if t.role == self.solo_role)
        while len(session.history) > target and self.checkpoints:
            if not session.undo():
                break
            cut = self.checkpoints.pop()
        else:
            cut = len(self.log)
        del self.log[cut:]
        self.log_cut = cut
        self.cut_serial += 1
        self.last_feedback = None
        if self.session_id and self.recorder is not None:
            self.recorder.record_undo(self.session_id, session.snapshot())
        self.offered_at = self.now()
        self._schedule()
        return True

    def stop(self) -> None:
        """Leave the game; a recorded unfinished session stays resumable."""
        self.session = None
        self.partner_due = None

    def unfinished(self) -> list[SessionRow]:
        if self.open_recorder() is not None or self.recorder is None:
            return []
        return [row for row in self.recorder.unfinished() if row.snapshot]

    def resume(self, row: SessionRow) -> str | None:
        """Continue a saved session: reload its scenario and replay its choices. Returns an error or None."""
        path = Path(row.scenario_path)
        if not path.exists():
            from casustafel.engine.library import resolve

            path = resolve(row.scenario_id) or path
        result = load_scenario(path)
        if result.scenario is None:
            first = result.diagnostics[0].format() if result.diagnostics else str(path)
            return tr("window.resume.cannot_load", self.language, problem=first)
        snapshot = json.loads(row.snapshot or "{}")
        players = self.recorder.players(row.id)
        self.scenario, self.path = result.scenario, path
        self.mode = row.mode
        self.policy = row.partner_policy or SOLO_PARTNERS[0]
        self.workshop = row.workshop
        self.consent = row.consent
        humans = [r for r, (_, human) in players.items() if human]
        self.solo_role = humans[0] if self.mode == SOLO and humans else self.solo_role
        self.nicknames = {r: nick for r, (nick, _) in players.items()}
        self.session_id = row.id
        self.rng = random.Random(self.seed)
        self.notices = []
        if row.content_hash != result.scenario.content_hash:
            self.notices.append(tr("window.resume.changed", self.language))
        self._replay(snapshot)
        return None

    def _replay(self, snapshot: dict) -> list[str]:
        """Rebuild the session and the transcript from a snapshot by replaying its choices."""
        session, report = Session.replay(self.scenario, snapshot)
        problems = list(report.problems)
        self.notices.extend(problems)
        # The transcript: replay once more, step by step, keeping the events and checkpoints.
        self.maxima = cached_maxima(self.scenario, data_dir(self.data))
        fresh = Session(self.scenario, answering_roles=session.answering_roles, maxima=self.maxima)
        self.session = fresh
        self.log, self.checkpoints = [], []
        self.log_version += 1
        for event in fresh.start():
            self._log_event(event)
        answers = [row[2] for row in snapshot.get("answers", [])]
        for turn in [*session.history, None]:
            while fresh.node.kind == "reflect" and fresh.pending_answers and answers:
                self.checkpoints.append(len(self.log))
                for event in fresh.answer(fresh.pending_answers[0], answers.pop(0)):
                    self._log_event(event)
            if turn is None:
                break
            self.checkpoints.append(len(self.log))
            for event in fresh.choose(turn.option_id, turn.seconds):
                self._log_event(event)
        self.last_feedback = None
        self.offered_at = self.now()
        if self.session_id and self.recorder is not None and problems:
            self.recorder.record_undo(self.session_id, fresh.snapshot())
        self._schedule()
        return problems

    def reload(self) -> tuple[bool, list[str]]:
        """F5: load the scenario from disk again, replay the choices so far; (loaded?, messages)."""
        if self.path is None or self.session is None:
            return False, []
        result = load_scenario(self.path)
        findings = [d.format() for d in result.diagnostics]
        if result.scenario is None:
            return False, findings
        snapshot = self.session.snapshot()
        self.scenario = result.scenario
        self.notices = []
        problems = self._replay(snapshot)
        return True, problems + findings

"""The window's side of a game: the set-up the screens fill in, and the transcript they render.

The session itself (consent per player, briefings, hand-overs, recording, partner moves, undo, reflection,
resume) belongs to the play controller (`game/play/controller.py`); `Game.request` is what it asks now and
`Game.reply` hands back what the players did. The transcript is kept as a language-independent log
(`LogItem`s with `Text`s) built from the events the controller reports.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
)
from casustafel.game.i18n import strings, tr
from casustafel.game.play.controller import (
    PAIR,
    SOLO,
    SURPRISE,
    LookupProblem,
    PartnerMove,
    PlayController,
    Request,
    ShowAnswers,
    StartTogether,
    earlier_lessons,
    recorded_setup,
    resolve_persona,
)
from casustafel.game.play.playtest import parse_sets
from casustafel.game.play.review import Review
from casustafel.game.records.maxima import maxima_for as cached_maxima
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import Recorder, RecorderError, SessionRow, data_dir

__all__ = ["PAIR", "SOLO", "Game", "LogItem", "plain", "role_label"]


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
    consent: bool | None = None  # given in advance for everyone (tests, benchmarks); None: asked per player
    from_node: str | None = None
    sets: list[str] = field(default_factory=list)
    seed: int | None = None
    recorder: Recorder | None = None  # for listing saved games; the controller's once it records
    ctl: PlayController | None = None
    log: list[LogItem] = field(default_factory=list)
    log_version: int = 0  # bumped when the log is replaced; screens render it again
    log_cut: int = 0  # after an undo: the log was cut back to this length
    cut_serial: int = 0
    checkpoints: list[int] = field(default_factory=list)
    partner_due: float | None = None
    notices: list[str] = field(default_factory=list)
    language: str = "nl"
    persona: str | None = None  # the client persona picked in the setup: an id, "verras", or None (default)

    # -- set-up -------------------------------------------------------------------------------------
    def choose_scenario(self, chosen: Scenario | LoadResult) -> None:
        """The scenario to play (a loaded scenario, or the load result the picker holds)."""
        self.scenario = chosen if isinstance(chosen, Scenario) else chosen.scenario
        self.path = Path(self.scenario.path) if self.scenario else None
        roles = list(self.scenario.roles) if self.scenario else []
        if self.solo_role not in roles:
            choosing = self.scenario.choosing_roles() if self.scenario else ()
            self.solo_role = choosing[0] if choosing else (roles[0] if roles else None)
        self.nicknames = {r: self.nicknames.get(r, "") for r in roles}
        if self.scenario is None or (self.persona not in self.scenario.personas and self.persona != SURPRISE[0]):
            self.persona = None

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

    # -- the controller --------------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.ctl.session if self.ctl else None

    @property
    def session_id(self) -> str | None:
        return self.ctl.session_id if self.ctl else None

    @property
    def request(self) -> Request | None:
        """What the controller asks of the players now (None before set-up is done or after the ending)."""
        return self.ctl.next_request() if self.ctl else None

    def reply(self, answer: object = None) -> None:
        """Hand the players' answer to the current request back to the controller."""
        request = self.request
        if request is None:
            return
        if isinstance(request, ShowAnswers):
            self.log.extend(LogItem("answer", role, text, self.session.turn) for role, text in request.answers.items())
        self.ctl.reply(request, answer)
        self.recorder = self.ctl.recorder or self.recorder
        if self.ctl.record_error:
            self.notices.append(tr("window.consent.cannot_record", self.language, problem=self.ctl.record_error))
            self.ctl.record_error = None
        self._schedule()

    def prepare(self, lessons: bool = True) -> None:
        """Set-up is done: hand the game to a new controller (consent, briefings and play follow)."""
        sc = self.scenario
        assert sc is not None
        self.notices = []
        try:
            variables = parse_sets(self.sets, sc.variable_types)
        except ValueError as exc:
            self.notices.append(str(exc))
            variables = {}
        start_at = self.from_node
        if start_at and start_at not in sc.nodes:
            self.notices.append(tr("window.notice.unknown_node", self.language, node=start_at))
            start_at = None
        humans = {r: self.nickname(r, "nl") for r in self.human_roles}
        consent = {r: self.consent for r in humans} if self.consent is not None else {}
        persona, hidden = resolve_persona(sc, self.persona if self.persona in (*sc.personas, SURPRISE[0]) else None,
                                          random.Random(self.seed))
        self.ctl = PlayController(
            sc, humans, self.policy if self.mode == SOLO else None, language=self.language, workshop=self.workshop,
            start_at=start_at, variables=variables, maxima=cached_maxima(sc, data_dir(self.data), persona),
            open_recorder=lambda: self.recorder or open_records(self.data), consent=consent, seed=self.seed,
            on_events=self._log_events, on_act=self._checkpoint, now=self.now,
            lessons=earlier_lessons(self.data, self.workshop) if lessons else (), persona=persona,
            persona_hidden=hidden)
        self.log, self.checkpoints = [], []
        self.log_version += 1
        self.partner_due = None

    def open_recorder(self) -> str | None:
        """Open the records database; returns an error message (and plays unrecorded) when it cannot."""
        if self.recorder is not None:
            return None
        try:
            self.recorder = open_records(self.data)
        except RecorderError as exc:
            return str(exc)
        return None

    def begin(self) -> None:
        """Start at once with the consent given in advance, briefings skipped (tests and benchmarks)."""
        self.prepare(lessons=False)
        self.ctl.briefings = False
        self.ctl.consent = {r: bool(self.consent) for r in self.ctl.humans}
        self.reply()  # StartTogether
        assert not isinstance(self.request, StartTogether)

    # -- the transcript ---------------------------------------------------------------------------------
    def _checkpoint(self) -> None:
        self.checkpoints.append(len(self.log))

    def _log_events(self, events: list[Event]) -> None:
        for event in events:
            self._log_event(event)

    def _log_event(self, event: Event) -> None:
        turn = self.session.turn if self.session else 0
        if isinstance(event, LineSpoken):
            self.log.append(LogItem("line", event.by, event.text, turn))
        elif isinstance(event, OptionChosen):
            self.log.append(LogItem("choice", event.role, event.option.text, event.turn))
        elif isinstance(event, ReflectionAsked):
            self.log.append(LogItem("question", None, event.question, turn))
        elif isinstance(event, ReflectionAnswered):
            self.log.append(LogItem("answer", event.role, event.answer, turn))
        elif isinstance(event, EndingReached):
            self.log.append(LogItem("ending", None, event.ending.title, turn))
        elif isinstance(event, ChoiceOffered) and self.ctl is not None:
            self.ctl.offered_at = self.now()

    # -- playing ------------------------------------------------------------------------------------------
    def _schedule(self) -> None:
        self.partner_due = 0.0 if isinstance(self.request, PartnerMove) else None

    @property
    def awaiting(self) -> str | None:
        return self.session.awaiting_role if self.session else None

    @property
    def partner_thinking(self) -> bool:
        return self.partner_due is not None

    def tick(self, dt: float, delay: float) -> bool:
        """Advance the partner's readable pause; True when the partner moved."""
        if self.partner_due is None:
            self._schedule()
            if self.partner_due is None:
                return False
        self.partner_due += dt
        if self.partner_due < delay:
            return False
        self.partner_due = None
        self.reply()
        return True

    def choose(self, option_id: str) -> None:
        """The human whose turn it is picks an option."""
        self.reply(option_id)

    def answer(self, role: str, text: str) -> None:
        """The reflection answer of `role` (whose answer is asked now)."""
        self.reply(text)

    def can_undo(self) -> bool:
        return self.ctl is not None and self.ctl.can_undo()

    def undo(self) -> bool:
        """Take back the player's last choice (the controller's one undo), and cut the transcript back."""
        if not self.can_undo():
            return False
        steps = self.ctl.undo()
        cut = len(self.log)
        for _ in range(min(steps, len(self.checkpoints))):
            cut = self.checkpoints.pop()
        del self.log[cut:]
        self.log_cut = cut
        self.cut_serial += 1
        self._schedule()
        return steps > 0

    def stop(self) -> None:
        """Leave the game; a recorded unfinished session stays resumable."""
        self.ctl = None
        self.partner_due = None

    @property
    def review(self) -> Review:
        """The look-back of the session just played (marks, debrief, lessons, withdrawal)."""
        return self.ctl.review()

    def withdraw(self) -> bool:
        """Withdraw the recorded session (the controller asks the recorder); True when nothing is left."""
        return self.ctl is not None and self.ctl.withdraw()

    # -- resume and reload --------------------------------------------------------------------------------
    def unfinished(self) -> list[SessionRow]:
        if self.open_recorder() is not None or self.recorder is None:
            return []
        return [row for row in self.recorder.unfinished() if row.snapshot]

    def resume(self, row: SessionRow) -> str | None:
        """Continue a saved session: reload its scenario and replay its choices. Returns an error or None."""
        try:
            setup = recorded_setup(self.recorder, row.id)
        except LookupProblem as exc:
            return tr("window.resume.cannot_load", self.language, problem=str(exc))
        self.scenario, self.path = setup.scenario, Path(setup.scenario.path)
        self.mode = setup.mode
        self.policy = setup.partner_policy or SOLO_PARTNERS[0]
        self.workshop = setup.workshop
        humans = list(setup.humans)
        self.solo_role = humans[0] if self.mode == SOLO and humans else self.solo_role
        self.nicknames = dict(setup.nicknames)
        self.notices = [tr("window.resume.changed", self.language)] if setup.notices else []
        self._replay(setup.snapshot, setup.session_id)
        return None

    def _replay(self, snapshot: dict, session_id: str | None) -> list[str]:
        """A controller for the session in `snapshot`: its choices replayed, the transcript rebuilt."""
        recorder = self.recorder if session_id else None
        notices = list(self.notices)
        self.prepare(lessons=False)
        problems = self.ctl.resume(recorder, session_id, snapshot)
        self.notices = notices + problems
        self.log, self.checkpoints = [], []
        self._rebuild_log()
        self._schedule()
        return problems

    def _rebuild_log(self) -> None:
        """The transcript of the session so far, from its start, with a checkpoint before each step."""
        session = self.session
        fresh = Session(self.scenario, answering_roles=session.answering_roles, maxima=session.maxima)
        self._log_events(fresh.start())
        answers = [(a.role, a.text) for a in session.answers]
        for turn in [*session.history, None]:
            while fresh.node.kind == "reflect" and fresh.pending_answers and answers:
                self._checkpoint()
                role, text = answers.pop(0)
                self._log_events(fresh.answer(role, text))
            if turn is None:
                break
            self._checkpoint()
            self._log_events(fresh.choose(turn.option_id, turn.seconds))

    def reload(self) -> tuple[bool, list[str]]:
        """F5: load the scenario from disk again, replay the choices so far; (loaded?, messages)."""
        if self.path is None or self.session is None:
            return False, []
        result = load_scenario(self.path)
        findings = [d.format() for d in result.diagnostics]
        if result.scenario is None:
            return False, findings
        snapshot, holder = self.session.snapshot(), self.ctl.holder
        self.scenario = result.scenario
        self.notices = []
        problems = self._replay(snapshot, self.session_id)
        self.ctl.holder = holder  # the same player still has the screen
        self._schedule()
        return True, problems + findings

"""One play controller for both front ends: a played session from consent to the ending.

The controller asks; the front end shows and answers. `next_request()` returns what the players must see or
do now (a typed request below), `reply(request, answer)` hands back what they did. The window maps each
request to a screen, the terminal to a prompt; neither keeps session logic of its own.

Privacy at one table (pair play): whatever is meant for one player (their briefing, their turn's prompt and
options, their reflection answer) is asked for only after a `HandOver` to that player, confirmed by name.
Reflection answers stay hidden until everyone has answered, then `ShowAnswers` puts them side by side. Each
player consents by name; without everyone's consent nothing is recorded. A scenario with `table: open`
skips the per-turn hand-overs (briefings and reflection answers stay private).

Events that everyone may see (lines, chosen options, the ending) go to `on_events` as they happen; the
events of a reflection answer are held back until `ShowAnswers`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.engine.debrief import client_name
from casustafel.engine.diagnostics import did_you_mean
from casustafel.engine.model import Ending, Option, Scenario, Text
from casustafel.engine.partner import SOLO_PARTNERS, pick
from casustafel.engine.session import Event, ReflectionAnswered, Session
from casustafel.game.play.review import Review
from casustafel.game.records.recorder import Recorder

PAIR, SOLO = "pair", "solo"
UNDO = "undo"  # the answer to AskChoice that takes back the player's last choice (solo only)


# -- the requests -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ShowLessons:
    """Lessons learned in earlier sessions (of this workshop), shown before a new one starts. Answer: None."""

    lessons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AskConsent:
    """Ask this player, by name, whether the session may be recorded. Answer: bool."""

    role: str
    nick: str


@dataclass(frozen=True, slots=True)
class HandOver:
    """Give the screen to this player; they confirm by name. `purpose`: briefing, turn or reflection."""

    role: str
    nick: str
    purpose: str


@dataclass(frozen=True, slots=True)
class ShowBriefing:
    """This player's private briefing. Answer: None when read."""

    role: str
    nick: str
    brief: Text


@dataclass(frozen=True, slots=True)
class StartTogether:
    """Everyone looks again: the case file, then the conversation starts. Answer: None."""


@dataclass(frozen=True, slots=True)
class AskChoice:
    """This player's turn: the prompt and options. Answer: an option id, or UNDO when `can_undo`."""

    role: str
    nick: str
    prompt: Text | None
    options: tuple[Option, ...]
    can_undo: bool


@dataclass(frozen=True, slots=True)
class PartnerMove:
    """The computer colleague is about to choose. Answer: None (the window waits a readable pause first)."""

    role: str


@dataclass(frozen=True, slots=True)
class AskReflection:
    """A reflection question, answered by this player alone. Answer: the text."""

    role: str
    nick: str
    question: Text
    others_answered: int


@dataclass(frozen=True, slots=True)
class ShowAnswers:
    """Everyone answered: the answers side by side ({role: text}). Answer: None."""

    question: Text
    answers: dict[str, str]


@dataclass(frozen=True, slots=True)
class ShowEnding:
    """The ending was reached. Answer: None."""

    ending: Ending


Request = (ShowLessons | AskConsent | HandOver | ShowBriefing | StartTogether | AskChoice | PartnerMove
           | AskReflection | ShowAnswers | ShowEnding)


# -- the controller ---------------------------------------------------------------------------------------
@dataclass
class PlayController:
    """A played session: who plays, consent, briefings, recording, partner moves, undo, reflection."""

    scenario: Scenario
    humans: dict[str, str]  # role -> nickname, in the scenario's role order
    partner_policy: str | None = None
    language: str = "nl"
    workshop: str = ""
    start_at: str | None = None
    variables: dict[str, object] = field(default_factory=dict)
    maxima: dict[str, float] = field(default_factory=dict)
    open_recorder: Callable[[], Recorder] | None = None  # called once everyone consented
    consent: dict[str, bool] = field(default_factory=dict)  # given in advance (--record ja|nee), or asked
    seed: int | None = None
    on_events: Callable[[list[Event]], None] = lambda events: None
    on_act: Callable[[], None] = lambda: None  # before each engine step (the window keeps undo checkpoints)
    now: Callable[[], float] = time.monotonic
    briefings: bool = True  # False on resume: the briefings were read before
    lessons: tuple[str, ...] = ()  # lessons of earlier sessions, shown first
    persona: str | None = None  # the client persona played (`resolve_persona`); None: the scenario's default
    persona_hidden: bool = False  # "verras me": the persona is said only after the ending

    def __post_init__(self) -> None:
        self.humans = {r: self.humans[r] for r in self.scenario.roles if r in self.humans}
        self.rng = random.Random(self.seed)
        self.recorder: Recorder | None = None
        self.session_id: str | None = None
        self.session: Session | None = None
        self.briefed: list[str] = []
        self.holder: str | None = None  # who has the screen now; None: everyone looks
        self.held: tuple[Text, dict[str, str], list[Event]] | None = None  # answers to show, events after them
        self.ending_shown = False
        self.offered_at = 0.0
        self.record_error: str | None = None
        self.lessons_shown = not self.lessons
        self._review: Review | None = None

    # -- reading ----------------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return PAIR if len(self.humans) > 1 else SOLO

    @property
    def table_open(self) -> bool:
        return self.scenario.table_open

    @property
    def recorded(self) -> bool:
        """True once something of this session is on disk (only then may a front end say it was kept)."""
        return self.session_id is not None

    @property
    def consented(self) -> bool:
        return bool(self.humans) and all(self.consent.get(r) for r in self.humans)

    def human(self, role: str) -> bool:
        return role in self.humans

    def can_undo(self) -> bool:
        return self.mode == SOLO and self.session is not None and not self.session.ended and any(
            t.role in self.humans for t in self.session.history)

    def next_request(self) -> Request | None:
        """What the players must see or do now; None when the session is over."""
        if not self.lessons_shown:
            return ShowLessons(self.lessons)
        for role, nick in self.humans.items():
            if role not in self.consent:
                return AskConsent(role, nick)
        if self.session is None:
            for role, nick in self.humans.items():
                if self.briefings and role not in self.briefed:
                    if self.mode == PAIR and self.holder != role:
                        return HandOver(role, nick, "briefing")
                    return ShowBriefing(role, nick, self.scenario.roles[role].brief)
            return StartTogether()
        if self.held is not None:
            return ShowAnswers(self.held[0], dict(self.held[1]))
        session = self.session
        if session.ended:
            return None if self.ending_shown else ShowEnding(session.node.ending)
        role = session.awaiting_role
        if role is None:  # pragma: no cover - the engine always waits for someone until the end
            return None
        nick = self.humans.get(role, "")
        if session.node.kind == "reflect":
            if self.mode == PAIR and self.holder != role:
                return HandOver(role, nick, "reflection")
            done = len(self._answers_here())
            return AskReflection(role, nick, session.node.reflect, done)
        if role not in self.humans:
            return PartnerMove(role)
        if self.mode == PAIR and not self.table_open and self.holder != role:
            return HandOver(role, nick, "turn")
        return AskChoice(role, nick, session.node.prompt, tuple(session.offered()), self.can_undo())

    # -- answering --------------------------------------------------------------------------------------
    def reply(self, request: Request, answer: object = None) -> None:
        """What the players did with `request`."""
        if isinstance(request, ShowLessons):
            self.lessons_shown = True
        elif isinstance(request, AskConsent):
            self.consent[request.role] = bool(answer)
        elif isinstance(request, HandOver):
            self.holder = request.role
        elif isinstance(request, ShowBriefing):
            self.briefed.append(request.role)
        elif isinstance(request, StartTogether):
            self.holder = None
            self.begin()
        elif isinstance(request, ShowAnswers):
            _question, _answers, after = self.held
            self.held = None
            self.holder = None
            self.on_events(after)
        elif isinstance(request, ShowEnding):
            self.ending_shown = True
        elif isinstance(request, PartnerMove):
            option = pick(self.partner_policy or SOLO_PARTNERS[0], self.scenario, request.role,
                          self.session.offered(), self.rng, self.session.trust, self.session.persona)
            self._act(lambda: self.session.choose(option.id, None))
        elif isinstance(request, AskChoice):
            if answer == UNDO:
                self.undo()
            else:
                seconds = round(self.now() - self.offered_at, 2)
                self._act(lambda: self.session.choose(str(answer), seconds))
        elif isinstance(request, AskReflection):
            self._answer(request.role, str(answer).strip() or "-")

    def begin(self) -> None:
        """Start the session, recorded when everyone consented."""
        learner = next(iter(self.humans)) if self.mode == SOLO else None  # solo: the score is the learner's own
        self.session = Session(self.scenario, answering_roles=list(self.humans), maxima=self.maxima, learner=learner,
                               persona=self.persona)
        if self.consented and self.open_recorder is not None:
            from casustafel.game.records.recorder import RecorderError

            try:
                self.recorder = self.open_recorder()
            except RecorderError as exc:
                self.record_error = str(exc)
                self.recorder = None
        if self.recorder is not None and self.consented:
            players = {r: (self.humans.get(r) or "computer", r in self.humans) for r in self.scenario.roles}
            self.session_id = self.recorder.start_session(
                scenario_id=self.scenario.id, scenario_path=str(Path(self.scenario.path).resolve()),
                content_hash=self.scenario.content_hash, mode=self.mode, players=players, language=self.language,
                partner_policy=self.partner_policy if self.mode == SOLO else None, workshop=self.workshop,
                consent=True, persona=self.session.persona)
        self._act(lambda: self.session.start(self.start_at, self.variables), checkpoint=False)

    def resume(self, recorder: Recorder | None, session_id: str | None, snapshot: dict) -> list[str]:
        """Continue a session from its snapshot (recorded when `recorder` is given): replay its choices;
        returns what no longer fits."""
        self.recorder, self.session_id = recorder, session_id if recorder is not None else None
        self.consent = {r: recorder is not None for r in self.humans}
        self.briefings, self.lessons_shown = False, True
        session, report = Session.replay(self.scenario, snapshot, self.maxima)
        self.session = session
        self.offered_at = self.now()
        if report.problems and self.recorder is not None and self.session_id is not None:
            self.recorder.record_undo(self.session_id, session.snapshot())
        self.on_events(session.resume_events())
        return list(report.problems)

    def _answer(self, role: str, text: str) -> None:
        node = self.session.node
        self.on_act()
        events = self.session.answer(role, text)
        self._record(events)
        if self.mode == SOLO:
            self.on_events(events)
            return
        self.holder = None  # the answer is in; nobody's private screen stays up
        if self.session.node is node and self.session.pending_answers:
            return
        answers = {a.role: a.text for a in self._answers_here(node.id)}
        after = [e for e in events if not isinstance(e, ReflectionAnswered)]
        self.held = (node.reflect, answers, after)

    def _answers_here(self, node_id: str | None = None) -> list:
        """The answers given at this visit of the reflection node (the turn count does not move while answering)."""
        node_id = node_id or self.session.node.id
        return [a for a in self.session.answers if a.node == node_id and a.after_turn == self.session.turn]

    def _act(self, call: Callable[[], list[Event]], checkpoint: bool = True) -> None:
        if checkpoint:
            self.on_act()
        events = call()
        self._record(events)
        self.offered_at = self.now()
        self.on_events(events)

    def _record(self, events: list[Event]) -> None:
        if self.recorder is None or self.session_id is None:
            return
        self.recorder.record(self.session_id, events, self.session.snapshot(), self.language)
        if self.session.ended:
            self.recorder.set_score(self.session_id, self.session.score().session_score)

    def undo(self) -> int:
        """Take back the player's last choice and everything after it; returns the engine steps undone."""
        if not self.can_undo():
            return 0
        session = self.session
        target = max(i for i, t in enumerate(session.history) if t.role in self.humans)
        steps = 0
        while len(session.history) > target and session.undo():
            steps += 1
        if self.recorder is not None and self.session_id is not None:
            self.recorder.record_undo(self.session_id, session.snapshot())
        self.offered_at = self.now()
        return steps

    # -- after the ending -------------------------------------------------------------------------------
    def review(self) -> Review:
        """The look-back of this session (marks, debrief, lessons, withdrawal), the same one every time."""
        if self._review is None:
            self._review = Review(self.scenario, self.session, dict(self.humans), self.recorder, self.session_id,
                                  self.workshop)
        return self._review

    def withdraw(self) -> bool:
        """Withdraw the recorded session: nothing of it stays on this computer. True when it is gone."""
        gone = self.review().withdraw()
        if gone:
            self.session_id = None
        return gone


# -- helpers both front ends use -----------------------------------------------------------------------------
SURPRISE = ("verras", "verras-me", "verras_me", "surprise")  # --persona verras: a random persona, said afterwards


def resolve_persona(scenario: Scenario, wanted: str | None, rng: random.Random) -> tuple[str | None, bool]:
    """(persona id, hidden until the ending) for a player's choice: an id, "verras" (random) or None (the
    scenario's default). Raises ValueError with one Dutch line for an unknown id."""
    if wanted is None or not wanted.strip():
        return scenario.default_persona, False
    wanted = wanted.strip().lower()
    if wanted in SURPRISE:
        return (rng.choice(list(scenario.personas)) if scenario.personas else None), bool(scenario.personas)
    if wanted not in scenario.personas:
        if not scenario.personas:
            raise ValueError(f"Scenario {scenario.id} kent geen persona's; laat --persona weg.")
        known = ", ".join(scenario.personas)
        raise ValueError(f'Persona "{wanted}" bestaat niet in {scenario.id}. Kies uit: {known} of verras.'
                         + did_you_mean(wanted, scenario.personas))
    return wanted, False


def persona_intro(scenario: Scenario, persona: str | None, lang: str) -> str:
    """The line that says which client persona is played, before play ('' without personas)."""
    found = scenario.personas.get(persona or "")
    if found is None:
        return ""
    name = client_name(scenario, lang)
    if lang == "en":
        return f"This time {name} is: {found.name.get(lang)}. {found.description.get(lang)}"
    return f"{name} is deze keer: {found.name.get(lang)}. {found.description.get(lang)}"


def coach_hints(scenario: Scenario, options: tuple[Option, ...], lang: str, persona: str | None = None
                ) -> list[str]:
    """The heuristics at stake in this turn under the client `persona` (over all options, so no option is
    singled out): what the coach may point at during play. Verdicts and values wait for the debrief, after
    the learner's own marks."""
    names: list[str] = []
    for option in options:
        for tag in option.tags(persona):
            heuristic = scenario.catalogue.heuristics.get(tag.id)
            if heuristic is not None and heuristic.kind == "heuristic":
                name = heuristic.name.get(lang)
                if name not in names:
                    names.append(name)
    return names


def earlier_lessons(data: str | None, workshop: str = "", limit: int = 5) -> tuple[str, ...]:
    """The latest lessons on this computer (of `workshop` when given); none when nothing was ever recorded."""
    from casustafel.game.records.recorder import DB_NAME, RecorderError, data_dir

    path = data_dir(data) / DB_NAME
    if not path.exists():
        return ()
    try:
        recorder = Recorder(path)
    except RecorderError:
        return ()
    try:
        return tuple(row["text"] for row in recorder.lessons(limit, workshop or None))
    finally:
        recorder.close()


def find_role(scenario: Scenario, given: str, lang: str = "nl") -> str | None:
    """The role id for `given`: the id itself, or a role as shown ("sociaal werker", "Sociaal Werker",
    or the character's name); None when nothing fits."""
    from casustafel.game.i18n import tr

    wanted = " ".join(given.replace("_", " ").split()).casefold()
    for role_id, role in scenario.roles.items():
        shown = {role_id.replace("_", " "), tr(f"role.{role_id}", "nl"), tr(f"role.{role_id}", "en"),
                 role.name.get(lang), role.name.get("nl")}
        if wanted in {s.casefold() for s in shown}:
            return role_id
    return None


# -- finding what to play ------------------------------------------------------------------------------------
class LookupProblem(Exception):
    """A scenario that cannot be played; `details` are the loader's findings (file:line:col), if any."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


def lookup(name: str, data: str | None = None) -> Scenario:
    """The scenario for an id or a path, loaded (through the compiled cache in the data folder `data`);
    LookupProblem says what is wrong and what to type instead."""
    from casustafel.engine.diagnostics import did_you_mean
    from casustafel.engine.library import resolve, scenario_files
    from casustafel.game.play.loading import load_for_game

    path = resolve(name)
    if path is None:
        known = [p.stem for p in scenario_files()]
        raise LookupProblem(f'scenario "{name}" niet gevonden: geef een scenario-id of een pad naar een '
                            f".yaml-bestand (casustafel lint toont alle scenario's)." + did_you_mean(name, known))
    result = load_for_game(path, data)
    if result.scenario is None:
        raise LookupProblem(f"{path} heeft fouten en kan niet gespeeld worden; los ze eerst op "
                            f"(casustafel lint {path}).", [d.format() for d in result.diagnostics])
    return result.scenario


@dataclass
class RecordedSetup:
    """Who played a recorded session, and how: what a resume needs before the choices are replayed."""

    session_id: str
    scenario: Scenario
    mode: str
    humans: dict[str, str]  # role -> nickname of the human players
    nicknames: dict[str, str]  # every role -> its recorded name
    partner_policy: str | None
    workshop: str
    language: str
    snapshot: dict
    notices: list[str]


def recorded_setup(recorder: Recorder, session_ref: str) -> RecordedSetup:
    """The set-up of an interrupted recorded session (an id or latest); LookupProblem when there is none
    to continue or its scenario no longer loads."""
    import json

    from casustafel.game.report.debrief_data import DebriefDataError, find_scenario

    row = recorder.session(session_ref)
    if row is None or row.status != "playing" or not row.snapshot:
        waiting = ", ".join(r.id for r in recorder.unfinished()) or "geen"
        raise LookupProblem(f"Geen onderbroken sessie {session_ref}. Onderbroken sessies: {waiting}.")
    try:
        scenario = find_scenario(row)
    except DebriefDataError as exc:
        raise LookupProblem(str(exc)) from None
    players = recorder.players(row.id)
    notices = []
    if scenario.content_hash != row.content_hash:
        from casustafel.game.i18n import tr

        notices.append(tr("text.scenario_changed", row.language))
    return RecordedSetup(row.id, scenario, row.mode, {r: nick for r, (nick, human) in players.items() if human},
                         {r: nick for r, (nick, _human) in players.items()}, row.partner_policy, row.workshop,
                         row.language, json.loads(row.snapshot), notices)

"""The session runtime, sans-IO: it takes choices and answers and returns events.

A `Session` walks one scenario: it shows lines, offers the options of a choice node to the role whose
turn it is, pauses for reflection, and stops at an ending. Front ends render the events; the recorder
stores them. `snapshot()` / `restore()` use ids only, so a save survives cosmetic edits, and `replay()`
says where a save no longer fits an edited scenario.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .expressions import ExpressionLimitError
from .machine import MAX_AUTO_STEPS, StepError, advance
from .model import CHOICE, ENDING, PERSONA_VARIABLE, REFLECT, Ending, Node, Option, Scenario, Text
from .partner import TrustKeeper
from .scoring import ScoreKeeper, ScoreReport

SNAPSHOT_VERSION = 1


class SessionError(Exception):
    """A request the session cannot honour (an option not offered, an answer not awaited)."""


def _bounded(step):
    """A session step whose arithmetic outgrew the integer limit (`x * x` in a loop) ends in a SessionError with
    the expression's place, instead of an ArithmeticError the front ends do not expect."""

    @functools.wraps(step)
    def wrapped(self, *args, **kwargs):
        try:
            return step(self, *args, **kwargs)
        except ExpressionLimitError as exc:
            where = "regel {}, kolom {}: ".format(*exc.pos) if exc.pos else ""
            raise SessionError(where + exc.message) from None

    return wrapped


# -- events -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LineSpoken:
    node: str
    by: str
    text: Text


@dataclass(frozen=True, slots=True)
class ChoiceOffered:
    node: str
    role: str
    prompt: Text
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class OptionChosen:
    turn: int
    node: str
    role: str
    option: Option
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class ReflectionAsked:
    node: str
    question: Text
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReflectionAnswered:
    node: str
    role: str
    answer: str


@dataclass(frozen=True, slots=True)
class EndingReached:
    node: str
    ending: Ending


Event = LineSpoken | ChoiceOffered | OptionChosen | ReflectionAsked | ReflectionAnswered | EndingReached


@dataclass(frozen=True, slots=True)
class Turn:
    """One choice in the history."""

    index: int
    node: str
    role: str
    option_id: str
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    node: str
    role: str
    text: str
    after_turn: int


@dataclass
class ReplayReport:
    """What happened when a save's choices were replayed on a (possibly edited) scenario."""

    applied: int
    problems: list[str] = field(default_factory=list)


_STEP_ERRORS = {
    "missing": "Node {node} bestaat niet in dit scenario.",
    "no_arm": "Branch {node}: geen enkele tak is waar.",
    "dead_end": "Node {node} heeft geen vervolg.",
    "loop": f"Na {MAX_AUTO_STEPS} stappen zonder keuze gestopt bij {{node}}: een lus?",
}


class Session:
    """One playthrough of a scenario."""

    def __init__(self, scenario: Scenario, answering_roles: Iterable[str] | None = None,
                 maxima: Mapping[str, float] | None = None, learner: str | None = None,
                 persona: str | None = None) -> None:
        """`learner` names the role a solo player plays: then the score report is that player's own.
        `persona` is the client persona played (the scenario's default when None); it decides how options
        are valued and can be read as `persona` in conditions."""
        self.scenario = scenario
        self.answering_roles = tuple(answering_roles) if answering_roles is not None else tuple(scenario.roles)
        self.maxima = dict(maxima or {})
        if learner is not None and learner not in scenario.roles:
            raise SessionError(f'Rol "{learner}" bestaat niet in dit scenario.')
        self.learner = learner
        if persona is not None and persona not in scenario.personas:
            known = ", ".join(scenario.personas) or "geen"
            raise SessionError(f'Persona "{persona}" bestaat niet in dit scenario (bekend: {known}).')
        self.persona = scenario.persona_or_default(persona)
        self.node_id = scenario.start
        self.variables: dict[str, object] = dict(scenario.variables)
        if self.persona is not None:
            self.variables[PERSONA_VARIABLE] = self.persona
        self.visits: dict[str, int] = {}
        self.chosen_ids: set[str] = set()
        self.turn = 0
        self.history: list[Turn] = []
        self.answers: list[Answer] = []
        self.pending_answers: list[str] = []
        self.started = False
        self.scores = ScoreKeeper(scenario, self.maxima, learner, self.persona)
        self.trust = TrustKeeper(scenario)
        self._undo: list[tuple] = []
        self._entered: list[str] = []  # the nodes the current step entered (for undo)

    # -- reading ------------------------------------------------------------------------------------
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def ended(self) -> bool:
        return self.started and self.node.kind == ENDING

    @property
    def awaiting_role(self) -> str | None:
        """The role whose choice or answer the session waits for, or None."""
        if not self.started or self.ended:
            return None
        node = self.node
        if node.kind == CHOICE:
            return node.turn
        if node.kind == REFLECT and self.pending_answers:
            return self.pending_answers[0]
        return None

    def options_for(self, role: str) -> list[Option]:
        """The options offered to `role` now: none unless it is that role's turn."""
        node = self.node
        if not self.started or node.kind != CHOICE or node.turn != role:
            return []
        return [o for o in node.options if o.when is None or o.when.evaluate(self)]

    def offered(self) -> list[Option]:
        node = self.node
        return self.options_for(node.turn) if node.kind == CHOICE and node.turn else []

    def score(self) -> ScoreReport:
        return self.scores.report()

    # -- acting -------------------------------------------------------------------------------------
    @_bounded
    def start(self, at: str | None = None, variables: Mapping[str, object] | None = None) -> list[Event]:
        """Begin at the start node, or (for play-testing) at node `at` with some variables set."""
        if self.started:
            raise SessionError("De sessie is al begonnen.")
        node_id = at or self.scenario.start
        if node_id not in self.scenario.nodes:
            raise SessionError(f'Node "{node_id}" bestaat niet in dit scenario.')
        for name, value in (variables or {}).items():
            if name not in self.variables:
                raise SessionError(f'Variabele "{name}" is niet gedeclareerd in dit scenario.')
            if type(value) is not type(self.scenario.variables[name]):
                raise SessionError(f'Variabele "{name}" is {self.scenario.variable_types[name]}, '
                                   f"niet {type(value).__name__}.")
            self.variables[name] = value
        self.started = True
        self.node_id = node_id
        return self._enter(node_id)

    @_bounded
    def choose(self, option_id: str, seconds: float | None = None) -> list[Event]:
        """The role whose turn it is picks `option_id`; returns what follows up to the next wait."""
        node = self.node
        option = self.scenario.options.get(option_id)
        if option is None or node.kind != CHOICE or option.node_id != node.id:
            raise SessionError(f'Option "{option_id}" hoort niet bij de huidige node "{node.id}".')
        if option.when is not None and not option.when.evaluate(self):
            raise SessionError(f'Option "{option_id}" wordt nu niet aangeboden.')
        self._push_undo(option.sets)
        values = [(name, expression.evaluate(self)) for name, expression in option.sets]
        for name, value in values:
            self.variables[name] = value
        self.turn += 1
        self.chosen_ids.add(option_id)
        turn = Turn(self.turn, node.id, node.turn or "", option_id, seconds)
        self.history.append(turn)
        self.trust.add(turn.role, option_id, self.scores.add(self.turn, turn.role, option))
        chosen = OptionChosen(self.turn, node.id, turn.role, option, seconds)
        return [chosen, *self._enter(option.next)]

    @_bounded
    def answer(self, role: str, text: str) -> list[Event]:
        """A player's answer at a reflection pause; when all have answered the story goes on."""
        node = self.node
        if node.kind != REFLECT or not self.pending_answers or self.pending_answers[0] != role:
            raise SessionError(f"Er wordt nu geen reflectie gevraagd van {role}.")
        self._push_undo()
        self.pending_answers.pop(0)
        self.answers.append(Answer(node.id, role, text, self.turn))
        events: list[Event] = [ReflectionAnswered(node.id, role, text)]
        if not self.pending_answers:
            events += self._enter(node.next or "")
        return events

    def _push_undo(self, sets: tuple = ()) -> None:
        """Remember what the next step changes, compactly: the old values of the variables it sets, and
        (filled in by `_enter`) the nodes it enters; not copies of every variable and visit count."""
        self._entered = []
        self._undo.append((self.node_id, tuple((name, self.variables[name]) for name, _e in sets), self._entered,
                           self.turn, tuple(self.pending_answers), len(self.history), len(self.answers)))

    def undo(self) -> bool:
        """Take back the last choice or answer; False when there is nothing to undo."""
        if not self._undo:
            return False
        node, old_values, entered, turn, pending, n_history, n_answers = self._undo.pop()
        self.node_id = node
        self.variables.update(old_values)
        visits = self.visits
        for nid in entered:
            if visits[nid] > 1:
                visits[nid] -= 1
            else:
                del visits[nid]
        self.turn, self.pending_answers = turn, list(pending)
        del self.history[n_history:]
        del self.answers[n_answers:]
        self.chosen_ids = {t.option_id for t in self.history}
        self._rescore()
        return True

    def _rescore(self) -> None:
        """Scores and trust are folds of the history: undo, restore and replay recompute them from it."""
        self.scores = ScoreKeeper(self.scenario, self.maxima, self.learner, self.persona)
        self.trust = TrustKeeper(self.scenario)
        for t in self.history:
            self.trust.add(t.role, t.option_id, self.scores.add(t.index, t.role, self.scenario.options[t.option_id]))

    def _enter(self, node_id: str) -> list[Event]:
        """Walk on from `node_id` (`machine.advance`) up to the next wait, as events."""
        events: list[Event] = []
        visits, entered = self.visits, self._entered
        walk = advance(self.scenario, node_id, self._holds)
        try:
            for node in walk:
                nid = node.id
                self.node_id = nid
                visits[nid] = visits.get(nid, 0) + 1
                entered.append(nid)
                for line in node.lines:
                    events.append(LineSpoken(nid, line.by, line.text))
                kind = node.kind
                if kind == CHOICE:
                    options = tuple(self.offered())
                    if not options:
                        raise SessionError(f"Node {nid}: in deze toestand is er geen enkele keuze.")
                    events.append(ChoiceOffered(nid, node.turn or "", node.prompt or Text({}, "nl"), options))
                elif kind == REFLECT:
                    self.pending_answers = list(self.answering_roles)
                    events.append(ReflectionAsked(nid, node.reflect or Text({}, "nl"), tuple(self.pending_answers)))
                    if self.pending_answers:
                        break
                elif kind == ENDING:
                    events.append(EndingReached(nid, node.ending))  # type: ignore[arg-type]
        except StepError as exc:
            raise SessionError(_STEP_ERRORS[exc.reason].format(node=exc.node_id)) from None
        return events

    def _holds(self, expression) -> bool:
        return bool(expression.evaluate(self))

    def resume_events(self) -> list[Event]:
        """The events that describe the current wait again (for a front end after restore or undo)."""
        node = self.node
        if node.kind == CHOICE:
            return [ChoiceOffered(node.id, node.turn or "", node.prompt or Text({}, "nl"), tuple(self.offered()))]
        if node.kind == REFLECT:
            return [ReflectionAsked(node.id, node.reflect or Text({}, "nl"), tuple(self.pending_answers))]
        if node.kind == ENDING:
            return [EndingReached(node.id, node.ending)]  # type: ignore[arg-type]
        return []

    # -- saving -------------------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """Everything needed to continue, keyed by ids; JSON-serialisable."""
        return {
            "version": SNAPSHOT_VERSION,
            "scenario": self.scenario.id,
            "content_hash": self.scenario.content_hash,
            "node": self.node_id,
            "variables": dict(self.variables),
            "visits": dict(self.visits),
            "turn": self.turn,
            "started": self.started,
            "pending_answers": list(self.pending_answers),
            "history": [[t.index, t.node, t.role, t.option_id, t.seconds] for t in self.history],
            "answers": [[a.node, a.role, a.text, a.after_turn] for a in self.answers],
            "answering_roles": list(self.answering_roles),
            "learner": self.learner,
            "persona": self.persona,
            "trust": dict(self.trust.levels),  # informative: restore recomputes it from the history
        }

    @classmethod
    def restore(cls, scenario: Scenario, snapshot: Mapping) -> Session:
        """Continue from a snapshot of the same scenario version (see `replay` for edited ones)."""
        if snapshot.get("scenario") != scenario.id:
            raise SessionError(f"Deze save hoort bij scenario {snapshot.get('scenario')}, niet bij {scenario.id}.")
        session = cls(scenario, snapshot.get("answering_roles"), learner=snapshot.get("learner"),
                      persona=_known_persona(scenario, snapshot))
        session._restore(snapshot)
        return session

    def _restore(self, snap: Mapping) -> None:
        if snap["node"] not in self.scenario.nodes:
            raise SessionError(f"Node {snap['node']} bestaat niet meer in dit scenario.")
        self.node_id = snap["node"]
        self.variables = dict(snap["variables"])
        self.visits = dict(snap["visits"])
        self.turn = snap["turn"]
        self.started = snap["started"]
        self.pending_answers = list(snap["pending_answers"])
        self.history = [Turn(*row) for row in snap["history"]]
        self.answers = [Answer(*row) for row in snap["answers"]]
        self.chosen_ids = {t.option_id for t in self.history}
        self._rescore()
        self._undo = []

    @classmethod
    def replay(cls, scenario: Scenario, snapshot: Mapping, maxima: Mapping[str, float] | None = None
               ) -> tuple[Session, ReplayReport]:
        """Start afresh and replay a save's choices and answers; stop where they no longer fit."""
        session = cls(scenario, snapshot.get("answering_roles"), maxima, snapshot.get("learner"),
                      _known_persona(scenario, snapshot))
        session.start()
        answers = list(snapshot.get("answers", []))
        report = ReplayReport(0)
        for index, _node, _role, option_id, seconds in snapshot.get("history", []):
            while session.node.kind == REFLECT and session.pending_answers and answers:
                _a_node, _a_role, text, _ = answers.pop(0)
                session.answer(session.pending_answers[0], text)
            if session.ended:
                report.problems.append(f"Keuze {index} ({option_id}): het scenario is hier al afgelopen.")
                break
            offered = {o.id for o in session.offered()}
            if option_id not in offered:
                where = session.node.id
                why = "bestaat niet meer" if option_id not in scenario.options else \
                    f"wordt bij node {where} niet (meer) aangeboden"
                report.problems.append(f"Keuze {index} ({option_id}) {why}; de save gaat verder vanaf {where}.")
                break
            session.choose(option_id, seconds)
            report.applied += 1
        return session, report


def _known_persona(scenario: Scenario, snapshot: Mapping) -> str | None:
    """The persona a save was played with, when the scenario still has it (else its default)."""
    persona = snapshot.get("persona")
    return persona if persona in scenario.personas else None

"""The immutable scenario model the loader builds and the session, scorer and analysis read."""

from __future__ import annotations

from dataclasses import dataclass, field

from .expressions import Expression

Pos = tuple[int, int]

LINES, CHOICE, BRANCH, REFLECT, ENDING = "lines", "choice", "branch", "reflect", "ending"
ENDING_KINDS = ("gedeeld_plan", "schijnakkoord", "impasse", "escalatie", "open")
LEVELS = ("beschrijvend", "beschrijvend_reflectief", "dialogisch", "kritisch")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one or more languages; `get` falls back to the scenario's own language."""

    by_lang: dict[str, str]
    default: str

    def get(self, lang: str | None = None) -> str:
        if lang and lang in self.by_lang:
            return self.by_lang[lang]
        if self.default in self.by_lang:
            return self.by_lang[self.default]
        return next(iter(self.by_lang.values()), "")

    def __str__(self) -> str:
        return self.get()


EMPTY_TEXT = Text({}, "nl")


@dataclass(frozen=True, slots=True)
class Line:
    by: str
    text: Text
    pos: Pos = (0, 0)
    responds_to: tuple[str, ...] = ()  # the option(s) this line answers; lint CT130 checks one was chosen


@dataclass(frozen=True, slots=True)
class HeuristicTag:
    """A heuristic on an option, with the points it earns there (the catalogue's or an override)."""

    id: str
    points: int


@dataclass(frozen=True, slots=True)
class PersonaOverride:
    """What an option becomes under one client persona; a field left None keeps the option's own."""

    heuristics: tuple[HeuristicTag, ...] | None = None
    level: str | None = None
    feedback: Text | None = None
    client_view: Text | None = None


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    node_id: str
    text: Text
    next: str
    frames: dict[str, int]
    heuristics: tuple[HeuristicTag, ...]
    level: str | None
    feedback: Text | None
    partner: bool
    when: Expression | None
    sets: tuple[tuple[str, Expression], ...]
    pos: Pos = (0, 0)
    responds_to: tuple[str, ...] = ()  # the earlier option(s) this utterance answers (lint CT130)
    vague: bool = False  # a vague agreement: no shared plan may follow it (lint CT131)
    client_view: Text | None = None  # how the client would hear it (None: the default from its tags)
    persona: dict[str, PersonaOverride] = field(default_factory=dict)  # per persona id

    def _override(self, persona: str | None) -> PersonaOverride | None:
        return self.persona.get(persona) if persona else None

    def tags(self, persona: str | None = None) -> tuple[HeuristicTag, ...]:
        """The heuristics this option carries under `persona` (its own when the persona overrides none)."""
        o = self._override(persona)
        return o.heuristics if o is not None and o.heuristics is not None else self.heuristics

    def level_for(self, persona: str | None = None) -> str | None:
        o = self._override(persona)
        return o.level if o is not None and o.level is not None else self.level

    def feedback_for(self, persona: str | None = None) -> Text | None:
        o = self._override(persona)
        return o.feedback if o is not None and o.feedback is not None else self.feedback

    def client_view_for(self, persona: str | None = None) -> Text | None:
        """The authored client's view under `persona`, or None (then `engine.client_view` derives one)."""
        o = self._override(persona)
        return o.client_view if o is not None and o.client_view is not None else self.client_view


@dataclass(frozen=True, slots=True)
class BranchArm:
    when: Expression | None
    next: str
    pos: Pos = (0, 0)


@dataclass(frozen=True, slots=True)
class Ending:
    kind: str
    title: Text
    text: Text


@dataclass(frozen=True, slots=True)
class Node:
    """One node; `kind` says which of the optional fields are used."""

    id: str
    kind: str
    lines: tuple[Line, ...] = ()
    next: str | None = None
    turn: str | None = None
    prompt: Text | None = None
    options: tuple[Option, ...] = ()
    branch: tuple[BranchArm, ...] = ()
    reflect: Text | None = None
    ending: Ending | None = None
    pos: Pos = (0, 0)

    def targets(self) -> tuple[str, ...]:
        """Every node this one can lead to, in file order."""
        if self.kind == CHOICE:
            return tuple(o.next for o in self.options)
        if self.kind == BRANCH:
            return tuple(a.next for a in self.branch)
        return (self.next,) if self.next else ()


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: Text
    organisation: Text
    brief: Text
    home: dict[str, int]


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: Text


@dataclass(frozen=True, slots=True)
class Frame:
    id: str
    name: Text
    definition: Text
    markers: tuple[Text, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Heuristic:
    id: str
    kind: str  # "heuristic" or "red_flag"
    points: int
    name: Text
    definition: Text
    markers: tuple[Text, ...]
    source: str

    @property
    def is_red_flag(self) -> bool:
        return self.kind == "red_flag"


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    bonus: int
    name: Text
    definition: Text
    source: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    id: str
    path: str
    frames: dict[str, Frame]
    heuristics: dict[str, Heuristic]
    levels: dict[str, Level]
    homes: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class Client:
    name: Text
    facts: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Persona:
    """One way the client can be: wants to keep the lead (`regie`), be taken by the hand (`hand`), ..."""

    id: str
    name: Text
    description: Text


PERSONA_VARIABLE = "persona"  # expressions read the chosen persona's id under this name


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """How the own-frame computer colleague responds to how it is treated (docs/scoring.md, "Collega").

    Trust starts at `start`; an utterance of the other player with a heuristic in `rises`, or one the scorer
    counts as a bridge, raises it by one each; one with a heuristic in `falls`
    lowers it by `fall`. From `won_over` on, the colleague seeks the shared frame; below zero it digs in.
    `None` in `rises`/`falls` means the defaults (see `engine.partner`).
    """

    start: int = 0
    won_over: int = 3
    fall: int = 2
    rises: tuple[str, ...] | None = None
    falls: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    path: str
    content_hash: str
    language: str
    languages: tuple[str, ...]
    kind: str
    title: Text
    summary: Text
    duration: int
    learning_goals: tuple[Text, ...]
    catalogue: Catalogue
    client: Client
    roles: dict[str, Role]
    characters: dict[str, Character]
    variables: dict[str, object]
    variable_types: dict[str, str]
    start: str
    nodes: dict[str, Node]
    options: dict[str, Option] = field(default_factory=dict)
    table: str = "private"  # "open": no turn carries private knowledge, so pair play needs no per-turn hand-over
    trust: TrustSettings = field(default_factory=TrustSettings)
    personas: dict[str, Persona] = field(default_factory=dict)  # the first is the default
    machine: object = field(default=None, compare=False, repr=False)  # the transitions Machine

    @property
    def table_open(self) -> bool:
        return self.table == "open"

    @property
    def default_persona(self) -> str | None:
        """The persona played when none is chosen: the first declared (None without personas)."""
        return next(iter(self.personas), None)

    def persona_or_default(self, persona: str | None) -> str | None:
        """`persona` when the scenario declares it, else the default (None without personas)."""
        return persona if persona in self.personas else self.default_persona

    def speaker_name(self, speaker_id: str, lang: str | None = None) -> str:
        if speaker_id in self.roles:
            return self.roles[speaker_id].name.get(lang)
        if speaker_id in self.characters:
            return self.characters[speaker_id].name.get(lang)
        return speaker_id

    def choosing_roles(self) -> tuple[str, ...]:
        """Roles that have at least one choice node, in declaration order."""
        turns = {n.turn for n in self.nodes.values() if n.kind == CHOICE}
        return tuple(r for r in self.roles if r in turns)

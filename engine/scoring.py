"""Scoring (DESIGN.md §5, docs/scoring.md): pure, explainable functions of the history and the catalogue.

Every point is a `Reason` tied to the turn that earned it; every total is the sum of its reasons.

One rule, one place:

* `value_utterance` values one utterance *in its context* (what each player said before) and adds it to a
  `ScoreState`. Everything that scores an utterance calls it: `ScoreKeeper` (the session keeps one up to
  date), `score_history` (the same fold from scratch), the workshop overview, the analysis (through
  `option_parts`) and `option_value` (the context-free value the partner policies, lint and the debrief use).
* `Rules.of(scenario)` is the table the function reads: what each option carries, worked out once per
  scenario. It holds facts about options, not rules.
* `ScoreState.report()` turns a state into the figures: alignment, client anchor, movement, session score.

The figures mean what `docs/scoring.md` says; `FIGURES` holds the Dutch wording the doc and the debrief share.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import Option, Scenario

HEURISTIC_CAP = 3  # each heuristic counts at most three times per player
PROFILE_WINDOW = 6  # a frame profile sums a player's last six utterances
HOME_WINDOW = 3  # the measured home frame is the profile of a player's first three
ALIGNMENT_WEIGHT = 5  # points per unit of alignment gained (times the own-frame weight)
ANCHOR_MIN = 2  # utterances that bring the client in, per player, within the last PROFILE_WINDOW
BRIDGE_POINTS = 1.0  # a bridging move that carries no `brug` tag
CLIENT_FRAME = "regie"  # the frame of the client's own perspective
CLIENT_HEURISTIC = "client_centraal"  # ... and the heuristic that puts the client central
BRUG = "brug"

#: The Dutch wording of each figure, for trainers: docs/scoring.md is checked against it (tests) and the
#: debrief shows it. Keys are the figure ids the front ends use.
FIGURES: dict[str, tuple[str, str]] = {
    "heuristic": (
        "Heuristieken",
        f"Elke heuristiek levert de punten uit de catalogus op, maar telt per speler hoogstens {HEURISTIC_CAP} "
        "keer: wie hetzelfde trucje blijft herhalen, krijgt er niets meer voor."),
    "level": (
        "Reflectieniveau",
        "Een uitspraak op dialogisch niveau levert +1 op, op kritisch niveau +2; beschrijvend levert niets op."),
    "red_flag": (
        "Rode vlaggen",
        "Een etiket plakken, afkappen of te vroeg adviseren kost punten, elke keer opnieuw en zonder maximum."),
    "bridge": (
        "Brug",
        "Een brug verbindt in één uitspraak je eigen frame met een frame dat de ander in dit gesprek echt heeft "
        "ingebracht. Alleen de juiste frame-labels zijn niet genoeg: heeft de ander dat frame nog niet "
        "laten horen, dan is er niets om naar toe te bruggen. Een uitspraak met een rode vlag is nooit een "
        "brug. Een uitspraak die de auteur als brug heeft gemarkeerd, telt als brug met de punten van die "
        "markering; anders levert een brug +1 op."),
    "alignment": (
        "Frame-afstemming",
        f"Van elke speler tellen we de frames van de laatste {PROFILE_WINDOW} uitspraken op; de afstemming A "
        "is de cosinus van die twee profielen (0 = niets gemeen, 1 = dezelfde kijk). Een toename van A levert "
        f"{ALIGNMENT_WEIGHT} × de toename op, maal het eigen-frame-gewicht: het kleinste aandeel van de laatste "
        "uitspraken waarin een speler nog vanuit het eigen frame spreekt. Wie zijn eigen kijk opgeeft om "
        "het eens te worden, levert dus geen afstemmingspunten op; wie vanuit het eigen frame een brug slaat "
        "wel. Zonder cliëntanker telt afstemming helemaal niet."),
    "anchor": (
        "Cliëntanker",
        f"Het cliëntanker vraagt dat allebei de spelers in hun laatste {PROFILE_WINDOW} uitspraken minstens "
        f"{ANCHOR_MIN} keer het perspectief van de cliënt zelf inbrengen (het frame ‘eigen regie’ of de "
        "heuristiek ‘cliënt centraal’). Het anker is het kleinste aandeel van zulke uitspraken bij de twee. "
        "Eén enkele opmerking over de cliënt is niet genoeg, en toenadering zonder cliënt levert niets op."),
    "movement": (
        "Beweging",
        "Hoe ver een speler aan het eind van het eigen begin-profiel (de eerste drie uitspraken) is "
        "opgeschoven. Beweging wordt getoond, niet gescoord: eenzijdig bewegen is toegeven, geen begrip."),
    "solo": (
        "Alleen spelen",
        "Speel je alleen tegen een computercollega, dan is je score alleen van jou: de punten van de "
        "computercollega worden apart getoond en nooit bij jouw score of de sessiescore opgeteld."),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One scored fact: who earned what, where."""

    turn: int
    role: str
    kind: str  # heuristic | red_flag | level | bridge | capped | alignment
    id: str
    points: float
    option_id: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"turn": self.turn, "role": self.role, "kind": self.kind, "id": self.id,
                "points": self.points, "option_id": self.option_id}


@dataclass
class PlayerScore:
    role: str
    reasons: list[Reason] = field(default_factory=list)
    maximum: float = 0.0

    @property
    def points(self) -> float:
        return sum(r.points for r in self.reasons)

    def part(self, kind: str) -> float:
        return sum(r.points for r in self.reasons if r.kind == kind)

    @property
    def share(self) -> float:
        return max(0.0, min(1.0, self.points / self.maximum)) if self.maximum > 0 else 0.0


@dataclass
class ScoreReport:
    """The figures of one session. With a `learner` (solo play) the session score is the learner's own."""

    players: dict[str, PlayerScore]
    alignment_curve: list[tuple[int, float]]
    alignment_start: float | None
    alignment_end: float | None
    bridges: list[Reason]
    client_anchor: float
    regie_shares: dict[str, float]  # per player: share of the last utterances that bring the client in
    movement: dict[str, float]
    home_measured: dict[str, dict[str, int]]
    session_reasons: list[Reason]
    end_profiles: dict[str, dict[str, int]] = field(default_factory=dict)  # the last PROFILE_WINDOW, per player
    own_frame_weight: float = 0.0
    learner: str | None = None

    @property
    def alignment_change(self) -> float:
        if self.alignment_start is None or self.alignment_end is None:
            return 0.0
        return self.alignment_end - self.alignment_start

    @property
    def session_score(self) -> float:
        return round(sum(r.points for r in self.session_reasons), 2)

    @property
    def learner_score(self) -> PlayerScore | None:
        """The learner's own score in solo play (None in pair play)."""
        return self.players.get(self.learner) if self.learner else None

    @property
    def partner_scores(self) -> dict[str, PlayerScore]:
        """The computer colleague's part in solo play, reported apart (empty in pair play)."""
        if not self.learner:
            return {}
        return {r: p for r, p in self.players.items() if r != self.learner}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(w * b.get(k, 0) for k, w in a.items())
    if not dot:
        return 0.0
    return dot / (math.hypot(*a.values()) * math.hypot(*b.values()))


# -- the table: what each option carries --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OptionFacts:
    """What one option carries, as the scorer reads it (facts, no rules)."""

    id: str
    tags: tuple[tuple[str, float, bool], ...]  # (heuristic id, points, is a red flag)
    level: str | None
    level_bonus: float
    frames: tuple[tuple[str, int], ...]
    red_flag: bool
    brug: bool  # carries the `brug` heuristic (and no red flag makes it moot)
    client: bool  # brings the client's own perspective in
    spoken: frozenset[str] = frozenset()  # the frames it speaks from (weight above 0)
    ids: frozenset[str] = frozenset()  # the heuristic and red-flag ids it carries


class Rules:
    """Per scenario: the roles, their declared homes and the facts of every option (built once)."""

    _cache: dict[int, tuple[Scenario, Rules]] = {}

    def __init__(self, scenario: Scenario) -> None:
        self.roles = tuple(scenario.roles)
        self.homes = {r: dict(scenario.roles[r].home) for r in self.roles}
        self.home_frames = {r: frozenset(self.homes[r]) for r in self.roles}
        self.other = {r: next((o for o in self.roles if o != r), None) for r in self.roles} \
            if len(self.roles) == 2 else dict.fromkeys(self.roles)
        self.catalogue = scenario.catalogue
        self.options: dict[str, OptionFacts] = {oid: self._facts(o, None) for oid, o in scenario.options.items()}
        #: per persona, the facts of the options that persona changes (the rest are `options`)
        self.by_persona: dict[str, dict[str, OptionFacts]] = {
            p: {oid: self._facts(o, p) for oid, o in scenario.options.items() if p in o.persona}
            for p in scenario.personas}
        self.turn_of = {oid: scenario.nodes[o.node_id].turn if o.node_id in scenario.nodes else None
                        for oid, o in scenario.options.items()}
        self._static: dict[tuple[str, str, str | None], list[Reason]] = {}

    def _facts(self, option: Option, persona: str | None) -> OptionFacts:
        heuristics, levels = self.catalogue.heuristics, self.catalogue.levels
        tags = tuple((t.id, float(t.points), t.id in heuristics and heuristics[t.id].is_red_flag)
                     for t in option.tags(persona))
        level_id = option.level_for(persona)
        level = levels.get(level_id) if level_id else None
        red = any(red for _i, _p, red in tags)
        return OptionFacts(
            option.id, tags, level_id, float(level.bonus) if level is not None else 0.0,
            tuple(option.frames.items()), red, any(i == BRUG for i, _p, _r in tags),
            option.frames.get(CLIENT_FRAME, 0) > 0 or any(i == CLIENT_HEURISTIC for i, _p, _r in tags),
            frozenset(f for f, w in option.frames.items() if w > 0), frozenset(i for i, _p, _r in tags))

    def facts(self, option_id: str, persona: str | None = None) -> OptionFacts:
        """What `option_id` carries under `persona` (the option's own facts where the persona changes none)."""
        if persona:
            changed = self.by_persona.get(persona)
            if changed and option_id in changed:
                return changed[option_id]
        return self.options[option_id]

    @classmethod
    def of(cls, scenario: Scenario) -> Rules:
        """The table of `scenario`, built on first use (a few recent scenarios are kept)."""
        hit = cls._cache.get(id(scenario))
        if hit is not None and hit[0] is scenario:
            return hit[1]
        rules = cls(scenario)
        if len(cls._cache) > 64:
            cls._cache.clear()
        cls._cache[id(scenario)] = (scenario, rules)
        return rules

    def static_reasons(self, option_id: str, role: str | None = None, persona: str | None = None) -> list[Reason]:
        """What `value_utterance` gives an option out of context (under `persona`): a fresh player, and the
        other player having brought in their whole declared home frame (so a move that can bridge, does)."""
        role = role or self.turn_of.get(option_id) or (self.roles[0] if self.roles else "")
        persona = persona if persona in self.by_persona else None
        key = (option_id, role, persona)
        if key not in self._static:
            state = ScoreState(self)
            other = self.other.get(role)
            if other is not None:
                state.recent[other].append(tuple(self.homes[other].items()))
                state.sums[other] = dict(self.homes[other])
            self._static[key] = value_utterance(self, state, 0, role, option_id, record=False, persona=persona)
        return self._static[key]


# -- the one fold ---------------------------------------------------------------------------------------
class ScoreState:
    """The running state of a session's scores: each player's reasons, counts, windows and the curve."""

    def __init__(self, rules: Rules, maxima: Mapping[str, float] | None = None) -> None:
        self.rules = rules
        roles = rules.roles
        self.players = {r: PlayerScore(r, maximum=(maxima or {}).get(r, 0.0)) for r in roles}
        self.counts: dict[str, Counter] = {r: Counter() for r in roles}
        self.recent: dict[str, deque[tuple[tuple[str, int], ...]]] = {r: deque(maxlen=PROFILE_WINDOW) for r in roles}
        self.recent_client: dict[str, deque[bool]] = {r: deque(maxlen=PROFILE_WINDOW) for r in roles}
        self.recent_own: dict[str, deque[bool]] = {r: deque(maxlen=PROFILE_WINDOW) for r in roles}
        self.first: dict[str, list[tuple[tuple[str, int], ...]]] = {r: [] for r in roles}
        self.sums: dict[str, dict[str, int]] = {r: {} for r in roles}  # frame profile of `recent`
        self.curve: list[tuple[int, float]] = []
        self.bridges: list[Reason] = []
        self.last_turn = 0

    def brought(self, role: str) -> frozenset[str]:
        """The home frames `role` brought in lately: those with weight in their last PROFILE_WINDOW utterances."""
        sums = self.sums[role]
        return frozenset(f for f in self.rules.home_frames[role] if sums.get(f, 0) > 0)

    def report(self, learner: str | None = None) -> ScoreReport:
        rules = self.rules
        roles = rules.roles
        end_profiles = {r: {f: w for f, w in self.sums[r].items() if w} for r in roles}
        client = {r: sum(self.recent_client[r]) for r in roles}
        shares = {r: client[r] / len(self.recent_client[r]) if self.recent_client[r] else 0.0 for r in roles}
        anchored = bool(roles) and all(client[r] >= ANCHOR_MIN for r in roles)
        anchor = min(shares[r] for r in roles) if anchored else 0.0
        own = min((sum(self.recent_own[r]) / len(self.recent_own[r]) if self.recent_own[r] else 0.0
                   for r in roles), default=0.0)
        home_measured = {r: _profile(self.first[r]) for r in roles}
        movement = {r: round(1 - cosine(end_profiles[r], home_measured[r]), 4) if self.recent[r] else 0.0
                    for r in roles}
        start = self.curve[0][1] if self.curve else None
        end = self.curve[-1][1] if self.curve else None
        counted = [r for r in roles if learner is None or r == learner]
        session = [reason for role in counted for reason in self.players[role].reasons if reason.kind != "capped"]
        session.sort(key=lambda r: r.turn)
        delta = (end - start) if start is not None and end is not None else 0.0
        bonus = round(ALIGNMENT_WEIGHT * delta * own, 2) if delta > 0 and anchor > 0 else 0.0
        if bonus > 0:
            session.append(Reason(self.last_turn, "", "alignment", "frame_alignment", bonus))
        return ScoreReport(
            players=self.players, alignment_curve=list(self.curve), alignment_start=start, alignment_end=end,
            bridges=list(self.bridges), client_anchor=round(anchor, 4), regie_shares=shares, movement=movement,
            home_measured=home_measured, session_reasons=session, end_profiles=end_profiles,
            own_frame_weight=round(own, 4), learner=learner,
        )


def _profile(utterances: Iterable[tuple[tuple[str, int], ...]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for frames in utterances:
        for frame, weight in frames:
            total[frame] += weight
    return dict(total)


def value_utterance(rules: Rules, state: ScoreState, turn: int, role: str, option_id: str,
                    record: bool = True, persona: str | None = None) -> list[Reason]:
    """Value one utterance in its context and add it to `state`; returns the reasons it earned.

    The rules (docs/scoring.md): heuristic points, each heuristic at most HEURISTIC_CAP times per player;
    red flags always; the level bonus; a bridge when the utterance joins the speaker's home frame with a home
    frame the other player actually brought in lately (or carries `brug`), never with a red flag. The client
    `persona` decides what the utterance carries where the option says so per persona (`Rules.facts`). With
    `record=False` the state is left as it was (a look at the value only).
    """
    facts = rules.facts(option_id, persona)
    counts = state.counts[role]
    earned: list[Reason] = []
    seen: dict[str, int] = {}
    for tag_id, points, red in facts.tags:
        if red:
            earned.append(Reason(turn, role, "red_flag", tag_id, points, option_id))
            continue
        if tag_id == BRUG and facts.red_flag:
            continue  # a red flag is never a bridge, not even a marked one
        seen[tag_id] = seen.get(tag_id, 0) + 1
        if counts[tag_id] + seen[tag_id] > HEURISTIC_CAP:
            earned.append(Reason(turn, role, "capped", tag_id, 0.0, option_id))
        else:
            earned.append(Reason(turn, role, "heuristic", tag_id, points, option_id))
    if facts.level_bonus:
        earned.append(Reason(turn, role, "level", facts.level or "", facts.level_bonus, option_id))
    home = rules.home_frames.get(role, frozenset())
    own = not home.isdisjoint(facts.spoken)
    bridge: Reason | None = None
    if facts.brug and not facts.red_flag:
        bridge = next(r for r in earned if r.id == BRUG)
    elif own and not facts.red_flag:
        other = rules.other.get(role)
        if other is not None and not (state.brought(other) - home).isdisjoint(facts.spoken):
            bridge = Reason(turn, role, "bridge", BRUG, BRIDGE_POINTS, option_id)
            earned.append(bridge)
    if not record:
        return earned
    counts.update(seen)
    if bridge is not None:
        state.bridges.append(bridge)
    state.players[role].reasons.extend(earned)
    recent = state.recent[role]
    sums = state.sums[role]
    if len(recent) == PROFILE_WINDOW:
        for frame, weight in recent[0]:
            sums[frame] -= weight
    recent.append(facts.frames)
    for frame, weight in facts.frames:
        sums[frame] = sums.get(frame, 0) + weight
    state.recent_client[role].append(facts.client)
    state.recent_own[role].append(own)
    if len(state.first[role]) < HOME_WINDOW:
        state.first[role].append(facts.frames)
    roles = rules.roles
    if len(roles) == 2 and state.recent[roles[0]] and state.recent[roles[1]]:
        state.curve.append((turn, round(cosine(state.sums[roles[0]], state.sums[roles[1]]), 4)))
    state.last_turn = turn
    return earned


class ScoreKeeper:
    """Folds utterances into scores, one at a time (a `ScoreState` with `value_utterance`)."""

    def __init__(self, scenario: Scenario, maxima: Mapping[str, float] | None = None,
                 learner: str | None = None, persona: str | None = None) -> None:
        self.scenario = scenario
        self.rules = Rules.of(scenario)
        self.state = ScoreState(self.rules, maxima)
        self.learner = learner
        self.persona = persona

    @property
    def players(self) -> dict[str, PlayerScore]:
        return self.state.players

    def add(self, turn: int, role: str, option: Option) -> list[Reason]:
        """Score one utterance; returns the reasons it earned."""
        return value_utterance(self.rules, self.state, turn, role, option.id, persona=self.persona)

    def report(self) -> ScoreReport:
        return self.state.report(self.learner)


def score_history(scenario: Scenario, utterances: Iterable[tuple[int, str, str]],
                  maxima: Mapping[str, float] | None = None, learner: str | None = None,
                  persona: str | None = None) -> ScoreReport:
    """Score (turn, role, option_id) utterances from scratch, under the client `persona`."""
    keeper = ScoreKeeper(scenario, maxima, learner, persona)
    for turn, role, option_id in utterances:
        value_utterance(keeper.rules, keeper.state, turn, role, option_id, persona=persona)
    return keeper.report()


def option_value(scenario: Scenario, option: Option, persona: str | None = None) -> int:
    """What an utterance is worth on its own, as `value_utterance` counts it out of context (caps aside),
    under the client `persona`: heuristic points (red flags negative), its level bonus, and a bridge when
    the move can bridge."""
    return int(sum(r.points for r in Rules.of(scenario).static_reasons(option.id, persona=persona)))


def option_parts(scenario: Scenario, option: Option, role: str, persona: str | None = None
                 ) -> tuple[list[tuple[str, float]], float, float]:
    """The static value of `option` for `role` under `persona`, split for the analysis: (capped heuristic
    (id, points), fixed points (red flags, level), a bridge bonus it can earn in the right context)."""
    capped: list[tuple[str, float]] = []
    fixed = bridge = 0.0
    rules = Rules.of(scenario)
    for r in rules.static_reasons(option.id, role, persona):
        if r.kind in ("heuristic", "capped"):
            facts = rules.facts(option.id, persona)
            capped.append((r.id, next(p for i, p, _red in facts.tags if i == r.id)))
        elif r.kind == "bridge":
            bridge += r.points
        else:
            fixed += r.points
    return capped, fixed, bridge

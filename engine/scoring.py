"""Scoring (DESIGN.md §5): pure, explainable functions of the history and the catalogue.

Every point is a `Reason` tied to the turn that earned it; every total is the sum of its reasons.
`ScoreKeeper` folds a history one utterance at a time (the session keeps one up to date), and
`score_history` is the same fold from scratch.
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
ALIGNMENT_WEIGHT = 5


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
    players: dict[str, PlayerScore]
    alignment_curve: list[tuple[int, float]]
    alignment_start: float | None
    alignment_end: float | None
    bridges: list[Reason]
    client_anchor: float
    regie_shares: dict[str, float]
    movement: dict[str, float]
    home_measured: dict[str, dict[str, int]]
    session_reasons: list[Reason]

    @property
    def alignment_change(self) -> float:
        if self.alignment_start is None or self.alignment_end is None:
            return 0.0
        return self.alignment_end - self.alignment_start

    @property
    def session_score(self) -> float:
        return round(sum(r.points for r in self.session_reasons), 2)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(w * b.get(k, 0) for k, w in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb)


def is_bridge(option: Option, own_home: Mapping[str, int], other_home: Mapping[str, int]) -> bool:
    """Speaks from the speaker's declared home and the other role's in one utterance."""
    frames = option.frames
    own = any(f in frames for f in own_home)
    other = any(f in frames for f in other_home if f not in own_home)
    return own and other


class ScoreKeeper:
    """Folds utterances into scores, one at a time."""

    def __init__(self, scenario: Scenario, maxima: Mapping[str, float] | None = None) -> None:
        self.scenario = scenario
        self.roles = tuple(scenario.roles)
        self.levels = {lid: lv.bonus for lid, lv in scenario.catalogue.levels.items()}
        self.heuristics = scenario.catalogue.heuristics
        self.players = {r: PlayerScore(r, maximum=(maxima or {}).get(r, 0.0)) for r in self.roles}
        self.counts = {r: Counter() for r in self.roles}
        self.recent: dict[str, deque[Option]] = {r: deque(maxlen=PROFILE_WINDOW) for r in self.roles}
        self.first: dict[str, list[Option]] = {r: [] for r in self.roles}
        self.sums: dict[str, dict[str, int]] = {r: {} for r in self.roles}  # frame profile of `recent`
        self.curve: list[tuple[int, float]] = []
        self.bridges: list[Reason] = []
        self.last_turn = 0
        self.homes = {r: scenario.roles[r].home for r in self.roles}
        self.other_homes = {r: {f: w for o in self.roles if o != r for f, w in scenario.roles[o].home.items()}
                            for r in self.roles}

    def add(self, turn: int, role: str, option: Option) -> list[Reason]:
        """Score one utterance; returns the reasons it earned."""
        player = self.players[role]
        counts = self.counts[role]
        earned: list[Reason] = []
        carries_brug = False
        for tag in option.heuristics:
            heuristic = self.heuristics.get(tag.id)
            if heuristic is not None and heuristic.is_red_flag:
                earned.append(Reason(turn, role, "red_flag", tag.id, float(tag.points), option.id))
                continue
            carries_brug = carries_brug or tag.id == "brug"
            counts[tag.id] += 1
            if counts[tag.id] > HEURISTIC_CAP:
                earned.append(Reason(turn, role, "capped", tag.id, 0.0, option.id))
            else:
                earned.append(Reason(turn, role, "heuristic", tag.id, float(tag.points), option.id))
        if option.level and self.levels.get(option.level):
            earned.append(Reason(turn, role, "level", option.level, float(self.levels[option.level]), option.id))
        if carries_brug:
            self.bridges.append(next(r for r in earned if r.id == "brug"))
        elif is_bridge(option, self.homes[role], self.other_homes[role]):
            bridge = Reason(turn, role, "bridge", "brug", 1.0, option.id)
            earned.append(bridge)
            self.bridges.append(bridge)
        player.reasons.extend(earned)
        recent, sums = self.recent[role], self.sums[role]
        if len(recent) == PROFILE_WINDOW:
            for frame, weight in recent[0].frames.items():
                sums[frame] -= weight
        recent.append(option)
        for frame, weight in option.frames.items():
            sums[frame] = sums.get(frame, 0) + weight
        if len(self.first[role]) < HOME_WINDOW:
            self.first[role].append(option)
        if len(self.roles) == 2 and all(self.recent[r] for r in self.roles):
            a, b = (self.sums[r] for r in self.roles)
            self.curve.append((turn, round(cosine(a, b), 4)))
        self.last_turn = turn
        return earned

    @staticmethod
    def profile(options: Iterable[Option]) -> dict[str, int]:
        total: Counter[str] = Counter()
        for option in options:
            total.update(option.frames)
        return dict(total)

    def report(self) -> ScoreReport:
        regie = {}
        for role in self.roles:
            profile = self.profile(self.recent[role])
            total = sum(profile.values())
            regie[role] = profile.get("regie", 0) / total if total else 0.0
        spoken = [r for r in self.roles if self.recent[r]]
        anchor = min((regie[r] for r in spoken), default=0.0) if len(spoken) == len(self.roles) else 0.0
        home_measured = {r: self.profile(self.first[r]) for r in self.roles}
        movement = {r: round(1 - cosine(self.profile(self.recent[r]), home_measured[r]), 4)
                    if self.recent[r] else 0.0 for r in self.roles}
        start = self.curve[0][1] if self.curve else None
        end = self.curve[-1][1] if self.curve else None
        session = [reason for role in self.roles for reason in self.players[role].reasons if reason.kind != "capped"]
        session.sort(key=lambda r: r.turn)
        delta = (end - start) if start is not None and end is not None else 0.0
        if delta > 0 and anchor > 0:
            session.append(Reason(self.last_turn, "", "alignment", "frame_alignment",
                                  round(ALIGNMENT_WEIGHT * delta, 2)))
        return ScoreReport(
            players=self.players, alignment_curve=list(self.curve), alignment_start=start, alignment_end=end,
            bridges=list(self.bridges), client_anchor=round(anchor, 4), regie_shares=regie, movement=movement,
            home_measured=home_measured, session_reasons=session,
        )


def score_history(scenario: Scenario, utterances: Iterable[tuple[int, str, str]],
                  maxima: Mapping[str, float] | None = None) -> ScoreReport:
    """Score (turn, role, option_id) utterances from scratch."""
    keeper = ScoreKeeper(scenario, maxima)
    for turn, role, option_id in utterances:
        keeper.add(turn, role, scenario.options[option_id])
    return keeper.report()


def option_value(scenario: Scenario, option: Option) -> int:
    """What an utterance is worth on its own, as the scorer counts it (caps aside): heuristic points
    (red flags negative), its level bonus, and +1 for a bridging move that carries no `brug` tag."""
    levels = scenario.catalogue.levels
    value = sum(t.points for t in option.heuristics) + (levels[option.level].bonus if option.level in levels else 0)
    node = scenario.nodes.get(option.node_id)
    role = node.turn if node is not None else None
    if role in scenario.roles and not any(t.id == "brug" for t in option.heuristics):
        others = {f: w for r, spec in scenario.roles.items() if r != role for f, w in spec.home.items()}
        if is_bridge(option, scenario.roles[role].home, others):
            value += 1
    return value

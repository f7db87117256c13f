"""The simulator: many automatic playthroughs of one scenario, per pair of partner policies.

Each role is played by a computer partner (`engine.partner.pick`) or a form-only player
(`engine.form_players.pick_by_form`: the longest option, the most questions, avoid the partner's option) with
a policy; a *pair* gives every choosing role its policy. For each pair the simulator plays N sessions and
gathers the score distributions, the endings reached, which heuristics were earned and which options were
picked; then it looks for *scoring smells*: patterns that make a scenario teach less than its author meant (the best
option always listed first, coach play that never reaches a shared plan, coach play that scores no better
than staying in one's own frame, a form-only player that reaches a shared plan or scores more than half of
the coach, ...).
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .form_players import FORM_POLICIES, pick_by_form
from .model import CHOICE, ENDING, Option, Scenario
from .partner import TrustKeeper, pick
from .scoring import option_value
from .session import Session, SessionError

SIM_POLICIES = ("random", "own-frame", "coach", *FORM_POLICIES)
FORM_SHARE_OF_COACH = 0.5  # a form-only player scoring more than this share of the coach is a smell
GOOD_ENDING = "gedeeld_plan"
MAX_TURNS = 500  # a playthrough longer than this is counted as "no ending" (a loop)
STUCK = "(vast)"  # pseudo-ending: a choice node offered nothing
LOOPED = "(lus)"  # pseudo-ending: MAX_TURNS choices without an ending


@dataclass(frozen=True, slots=True)
class Playthrough:
    """One simulated session: its ending, scores and the options picked."""

    ending: str  # node id of the ending, or STUCK / LOOPED
    ending_kind: str
    points: dict[str, float]
    session_score: float
    heuristics: tuple[str, ...]  # heuristic and red-flag ids earned (not capped), with repeats
    options: tuple[str, ...]
    turns: int


@dataclass(frozen=True, slots=True)
class Distribution:
    """Summary statistics of a list of numbers."""

    n: int
    mean: float
    stdev: float
    minimum: float
    median: float
    maximum: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Distribution:
        if not values:
            return cls(0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return cls(len(values), round(statistics.fmean(values), 3),
                   round(statistics.pstdev(values), 3) if len(values) > 1 else 0.0,
                   min(values), round(statistics.median(values), 3), max(values))

    def as_dict(self) -> dict[str, float]:
        return {"n": self.n, "mean": self.mean, "stdev": self.stdev, "min": self.minimum,
                "median": self.median, "max": self.maximum}


@dataclass
class PairResult:
    """What N playthroughs with one policy per role gave."""

    policies: dict[str, str]  # role -> policy
    runs: list[Playthrough] = field(default_factory=list)

    @property
    def label(self) -> str:
        values = list(self.policies.values())
        return values[0] if len(set(values)) == 1 else " × ".join(f"{r}={p}" for r, p in self.policies.items())

    def role_scores(self) -> dict[str, Distribution]:
        return {role: Distribution.of([r.points.get(role, 0.0) for r in self.runs]) for role in self.policies}

    def session_scores(self) -> Distribution:
        return Distribution.of([r.session_score for r in self.runs])

    def endings(self) -> Counter[str]:
        return Counter(r.ending for r in self.runs)

    def ending_kinds(self) -> Counter[str]:
        return Counter(r.ending_kind for r in self.runs)

    def heuristic_counts(self) -> Counter[str]:
        return Counter(h for r in self.runs for h in r.heuristics)

    def option_counts(self) -> Counter[str]:
        return Counter(o for r in self.runs for o in r.options)

    def share(self, kind: str) -> float:
        return self.ending_kinds()[kind] / len(self.runs) if self.runs else 0.0


@dataclass
class Smell:
    """A scoring smell: a short id, a plain-language message and, where it helps, the place."""

    id: str
    message: str
    where: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message, "where": self.where}


@dataclass
class SimulationReport:
    scenario: Scenario
    runs_per_pair: int
    seed: int
    pairs: list[PairResult]
    smells: list[Smell]

    def pair(self, policy: str) -> PairResult | None:
        """The pair in which every role plays `policy`, if it was simulated."""
        return next((p for p in self.pairs if set(p.policies.values()) == {policy}), None)

    def as_dict(self) -> dict[str, object]:
        scenario = self.scenario
        used = scenario_heuristics(scenario)
        pairs = []
        for pair in self.pairs:
            counts = pair.heuristic_counts()
            pairs.append({
                "label": pair.label,
                "policies": pair.policies,
                "runs": len(pair.runs),
                "scores": {role: d.as_dict() for role, d in pair.role_scores().items()},
                "session_score": pair.session_scores().as_dict(),
                "endings": dict(pair.endings().most_common()),
                "ending_kinds": dict(pair.ending_kinds().most_common()),
                "heuristics": {h: counts.get(h, 0) for h in sorted(used)},
                "heuristic_coverage": round(sum(1 for h in used if counts.get(h)) / len(used), 3) if used else 1.0,
                "mean_turns": round(statistics.fmean(r.turns for r in pair.runs), 2) if pair.runs else 0.0,
            })
        return {"scenario": scenario.id, "file": scenario.path, "runs_per_pair": self.runs_per_pair,
                "seed": self.seed, "pairs": pairs, "smells": [s.as_dict() for s in self.smells]}


def scenario_heuristics(scenario: Scenario) -> set[str]:
    """Every heuristic (not red-flag) id some option of the scenario carries."""
    catalogue = scenario.catalogue.heuristics
    return {t.id for o in scenario.options.values() for t in o.heuristics
            if not (t.id in catalogue and catalogue[t.id].is_red_flag)}


def play_once(scenario: Scenario, policies: dict[str, str], rng: random.Random,
              maxima: dict[str, float] | None = None, persona: str | None = None) -> Playthrough:
    """Play one session to its end with the given policy per role (the client played as `persona`, the
    default when None); never raises for scenario faults."""
    session = Session(scenario, answering_roles=(), maxima=maxima, persona=persona)
    ending, kind = LOOPED, LOOPED
    try:
        session.start()
        while not session.ended and session.turn < MAX_TURNS:
            role = session.awaiting_role
            offered = session.offered()
            if role is None or not offered:
                ending = kind = STUCK
                break
            option = pick_option(policies.get(role, "random"), scenario, role, offered, rng, session.trust,
                                 session.persona)
            session.choose(option.id)
    except SessionError:
        ending = kind = STUCK
    if session.ended:
        ending = session.node.id
        kind = session.node.ending.kind if session.node.ending else "open"
    report = session.score()
    points = {role: p.points for role, p in report.players.items()}
    earned = tuple(r.id for p in report.players.values() for r in p.reasons if r.kind in ("heuristic", "red_flag"))
    return Playthrough(ending, kind, points, report.session_score, earned,
                       tuple(t.option_id for t in session.history), session.turn)


def pick_option(policy: str, scenario: Scenario, role: str, offered: Sequence[Option], rng: random.Random,
                trust: TrustKeeper | None = None, persona: str | None = None) -> Option:
    """The option a simulated player with `policy` (a partner policy or a form-only one) picks."""
    if policy in FORM_POLICIES:
        return pick_by_form(policy, scenario, role, offered, rng)
    return pick(policy, scenario, role, offered, rng, trust, persona)


def policy_pairs(scenario: Scenario, policies: Iterable[str] = SIM_POLICIES, mixed: bool = False
                 ) -> list[dict[str, str]]:
    """One dict role -> policy per pair; the same policy for every role, or (mixed) every combination."""
    roles = scenario.choosing_roles() or tuple(scenario.roles)
    policies = tuple(policies)
    if not mixed or len(roles) != 2:
        return [{role: p for role in roles} for p in policies]
    return [{roles[0]: a, roles[1]: b} for a in policies for b in policies]


def simulate(scenario: Scenario, runs: int = 200, seed: int = 1, pairs: list[dict[str, str]] | None = None,
             progress: Callable[[int, int, str], None] | None = None,
             maxima: dict[str, float] | None = None, persona: str | None = None) -> SimulationReport:
    """Play `runs` sessions per pair with the client as `persona`; `progress(done, total, label)` is called
    as it goes."""
    pairs = pairs if pairs is not None else policy_pairs(scenario)
    total = runs * len(pairs)
    results = []
    done = 0
    for index, policies in enumerate(pairs):
        result = PairResult(dict(policies))
        rng = random.Random(seed * 1_000_003 + index)
        for _ in range(runs):
            result.runs.append(play_once(scenario, policies, rng, maxima, persona))
            done += 1
            if progress:
                progress(done, total, result.label)
        results.append(result)
    report = SimulationReport(scenario, runs, seed, results, [])
    report.smells = find_smells(report)
    return report


# -- smells --------------------------------------------------------------------------------------------
def order_smells(scenario: Scenario) -> list[Smell]:
    """The best (or worst) option sits at the same place in (nearly) every choice."""
    firsts = lasts = worst_firsts = decided = 0
    for node in scenario.nodes.values():
        if node.kind != CHOICE or len(node.options) < 2:
            continue
        values = [option_value(scenario, o) for o in node.options]
        if len(set(values)) == 1:
            continue
        decided += 1
        best, worst = max(values), min(values)
        firsts += values[0] == best
        lasts += values[-1] == best
        worst_firsts += values[0] == worst
    smells = []
    if decided >= 3:
        for count, place in ((firsts, "eerst"), (lasts, "laatst")):
            if count / decided >= 0.8:
                smells.append(Smell("best_option_position",
                                    f"De best scorende optie staat in {count} van de {decided} keuzes {place}: "
                                    "spelers leren de volgorde in plaats van het gesprek. Wissel de volgorde af."))
        if worst_firsts / decided >= 0.8:
            smells.append(Smell("worst_option_position",
                                f"De laagst scorende optie staat in {worst_firsts} van de {decided} keuzes "
                                "eerst. Wissel de volgorde af."))
    return smells


def flat_choices(scenario: Scenario) -> list[Smell]:
    smells = []
    for node in scenario.nodes.values():
        if node.kind == CHOICE and len(node.options) > 1:
            if len({option_value(scenario, o) for o in node.options}) == 1:
                smells.append(Smell("flat_choice", f"Alle opties van {node.id} scoren even veel: de keuze "
                                                   "maakt voor de score niets uit.", node.id))
    return smells


def find_smells(report: SimulationReport) -> list[Smell]:
    scenario = report.scenario
    smells = order_smells(scenario) + flat_choices(scenario)
    coach, own, rand = report.pair("coach"), report.pair("own-frame"), report.pair("random")
    endings = {nid: n.ending.kind for nid, n in scenario.nodes.items() if n.kind == ENDING and n.ending}
    plans = [nid for nid, kind in endings.items() if kind == "gedeeld_plan"]
    for pair in report.pairs:
        stuck = pair.endings()[STUCK] + pair.endings()[LOOPED]
        if stuck:
            smells.append(Smell("no_ending", f"{pair.label}: {stuck} van de {len(pair.runs)} sessies bereikten geen "
                                             "einde (vast zonder opties, of een lus). Draai casustafel lint."))
    if coach is not None:
        if plans and coach.share("gedeeld_plan") == 0:
            smells.append(Smell("coach_no_plan", "Coach-spel bereikt nooit een gedeeld plan: wie de heuristieken "
                                                 "toepast, hoort daar ook te kunnen komen.", ", ".join(plans)))
        reached_any = set().union(*(p.endings() for p in report.pairs))
        for nid in sorted(set(endings) - set(coach.endings())):
            if nid in reached_any and endings[nid] == "gedeeld_plan":
                smells.append(Smell("ending_not_for_coach",
                                    f"Einde {nid} ({endings[nid]}) wordt wel bereikt, maar nooit door coach-spel.",
                                    nid))
        if own is not None:
            if own.share("gedeeld_plan") >= coach.share("gedeeld_plan") and plans:
                smells.append(Smell("plan_not_rewarded",
                                    f"Eigen-frame-spel bereikt even vaak of vaker een gedeeld plan "
                                    f"({own.share('gedeeld_plan'):.0%}) dan coach-spel "
                                    f"({coach.share('gedeeld_plan'):.0%})."))
            for role in coach.policies:
                c = coach.role_scores()[role].mean
                o = own.role_scores()[role].mean
                if c < 2 * o or c <= 0:
                    ratio = f"{c / o:.2f}×" if o > 0 else "n.v.t."
                    smells.append(Smell("coach_low_ratio",
                                        f"{role}: coach-spel scoort gemiddeld {c:.1f}, eigen-frame-spel {o:.1f} "
                                        f"({ratio}); streef naar minstens 2×.", role))
        if rand is not None:
            for role in coach.policies:
                if rand.role_scores()[role].maximum > coach.role_scores()[role].maximum:
                    smells.append(Smell("random_beats_coach",
                                        f"{role}: willekeurig spel haalt een hogere topscore "
                                        f"({rand.role_scores()[role].maximum:.0f}) dan coach-spel "
                                        f"({coach.role_scores()[role].maximum:.0f}): de coach kiest per beurt "
                                        "het hoogste, maar later lonen andere wegen meer.", role))
    if coach is not None:
        smells += form_smells(report, coach)
    picked = Counter()
    for pair in report.pairs:
        picked.update(pair.option_counts())
    never = [oid for oid in scenario.options if not picked[oid]]
    if never:
        smells.append(Smell("never_picked", f"{len(never)} opties werden in geen enkele sessie gekozen: "
                                            + ", ".join(never[:12]) + (" ..." if len(never) > 12 else "")))
    return smells


def form_smells(report: SimulationReport, coach: PairResult) -> list[Smell]:
    """Form-only players must never win: no shared plan, and no more than half of the coach's score."""
    smells = []
    for pair in report.pairs:
        if set(pair.policies.values()) - set(FORM_POLICIES):
            continue  # only pairs in which every role plays by form
        if pair.share(GOOD_ENDING):
            smells.append(Smell("form_player_plan",
                                f"{pair.label}: wie alleen op vorm kiest, bereikt in {pair.share(GOOD_ENDING):.0%} "
                                "van de sessies een gedeeld plan. Draai casustafel lint (CT410-CT412) en maak de "
                                "opties gelijk van vorm.", pair.label))
        for role, dist in pair.role_scores().items():
            c = coach.role_scores().get(role)
            if c is not None and c.mean > 0 and dist.mean > FORM_SHARE_OF_COACH * c.mean:
                smells.append(Smell("form_player_scores",
                                    f"{role}: {pair.label} scoort gemiddeld {dist.mean:.1f}, meer dan de helft van "
                                    f"coach-spel ({c.mean:.1f}): de vorm verraadt de waarde.", role))
    return smells

"""The debrief (DESIGN.md §7), pure: what the engine has to say about a finished session.

`build_debrief` turns a scenario, its history, the reflection answers, the players' marks and the scorer's
`ScoreReport` into a `Debrief`: per-turn annotations (heuristics met, red flags, bridging moves, the frame of
the utterance, the option's feedback and a better alternative when there was one), each player's score with
every reason behind it, the alignment curve, the heuristics met and missed with their catalogue entries, the
players' marks side by side (disagreements first) and three to five questions to discuss, chosen from what
happened.

Every figure comes from the `ScoreReport` unchanged; the debrief only groups and names it. Questions are
returned as translation keys with parameters (`Question.key`, `Question.params`), so the engine stays free of
interface text; the front ends translate them with `assets/i18n/debrief.*.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Option, Scenario
from .scoring import FIGURES, Reason, ScoreReport, option_value

GOED, MIS, TWIJFEL = "goed", "mis", "twijfel"
MARKS = (GOED, MIS, TWIJFEL)

# how two players' marks on one turn relate, in the order the comparison shows them
OPPOSED, DIFFER, SINGLE, AGREE = "opposed", "differ", "single", "agree"
AGREEMENT_ORDER = (OPPOSED, DIFFER, SINGLE, AGREE)

MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
#: The integraal gedragsmodel as a lens for the debrief (seed 002: "niet een doel op zich"): which side of the
#: client's behaviour came up, willen or kunnen, and which determinants did not. Applies when the catalogue has
#: these heuristics (the `igm` catalogue of the spreekkamer).
IGM_SIDES = {"willen": ("attitude", "sociale_invloed", "eigen_effectiviteit"),
             "kunnen": ("vaardigheden", "omgevingsbelemmeringen", "kennis")}
ONE_SIDED_MIN = 0.25  # movement from the home frame that counts as "moved"
ONE_SIDED_GAP = 0.2  # ... and by this much more than the other player
EXCERPT = 90


@dataclass(frozen=True, slots=True)
class ReasonLine:
    """One `Reason` with the names a reader needs: "turn 7, Mark: aanname toetsen +2"."""

    turn: int
    role: str
    speaker: str  # '' for session-wide reasons (frame alignment)
    kind: str  # heuristic | red_flag | level | bridge | capped | alignment
    id: str
    name: str  # catalogue name of the heuristic or level ('' when the catalogue has none)
    points: float
    option_id: str | None


@dataclass(frozen=True, slots=True)
class TurnNote:
    """The engine's annotation of one turn."""

    turn: int
    node: str
    role: str
    speaker: str
    option_id: str
    text: str
    frames: tuple[tuple[str, str, int], ...]  # (frame id, name, weight), heaviest first
    frame_side: str  # own | other | both | neutral: whose declared home the utterance speaks from
    reasons: tuple[ReasonLine, ...]
    heuristics: tuple[str, ...]  # heuristic ids met (capped ones included)
    red_flags: tuple[str, ...]
    bridge: ReasonLine | None
    level: str | None
    level_name: str
    feedback: str
    alignment: float | None  # A(t) after this turn, when both have spoken
    alternative: tuple[str, str, int] | None  # (option id, text, value) of a better option that was offered
    seconds: float | None = None

    @property
    def points(self) -> float:
        return sum(r.points for r in self.reasons)

    @property
    def engine_view(self) -> str | None:
        """How the scorer sees this turn, on the players' scale: mis with a red flag, goed with points."""
        if self.red_flags:
            return MIS
        if self.points > 0:
            return GOED
        return None


@dataclass(frozen=True, slots=True)
class HeuristicEntry:
    """A catalogue heuristic (or red flag) with where it occurred in this session."""

    id: str
    kind: str
    name: str
    definition: str
    markers: tuple[str, ...]
    source: str
    points: int
    turns: tuple[tuple[int, str], ...]  # (turn, role) where it was met
    earned: float
    on_offer: tuple[int, ...]  # turns where an option carrying it was offered (for missed ones)


@dataclass
class PlayerSummary:
    role: str
    name: str
    points: float
    maximum: float
    share: float
    parts: dict[str, float]  # kind -> points (heuristic, level, bridge, red_flag)
    reasons: list[ReasonLine]
    movement: float
    home_declared: dict[str, int]
    home_measured: dict[str, int]
    regie_share: float
    learner: bool = False  # solo play: this is the learner's own score
    computer: bool = False  # solo play: the computer colleague's part, shown apart and never added in


@dataclass(frozen=True, slots=True)
class Figure:
    """What one figure means, in the words of docs/scoring.md (`engine.scoring.FIGURES`, Dutch)."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Question:
    """A question to discuss: a translation key (`debrief.q.<key>`) and its parameters."""

    key: str
    params: dict[str, object] = field(default_factory=dict)
    turn: int | None = None


@dataclass(frozen=True, slots=True)
class MarkRow:
    """The players' marks on one turn, side by side."""

    turn: int
    marks: dict[str, tuple[str, str] | None]  # role -> (mark, note) or None
    agreement: str  # opposed | differ | single | agree
    engine_view: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerPair:
    """The answers of all players at one reflection pause."""

    node: str
    question: str
    after_turn: int
    answers: dict[str, str]


@dataclass
class Debrief:
    scenario_id: str
    title: str
    lang: str
    client: str
    roles: tuple[str, ...]
    names: dict[str, str]
    ending: tuple[str, str, str] | None  # (kind, title, text)
    turns: list[TurnNote]
    players: dict[str, PlayerSummary]
    session_score: float
    session_reasons: list[ReasonLine]
    alignment_curve: list[tuple[int, float]]
    alignment_start: float | None
    alignment_end: float | None
    alignment_change: float
    client_anchor: float
    bridges: list[ReasonLine]
    met: list[HeuristicEntry]
    missed: list[HeuristicEntry]
    red_flags: list[HeuristicEntry]
    answers: list[AnswerPair]
    comparison: list[MarkRow]
    questions: list[Question]
    report: ScoreReport
    learner: str | None = None  # solo play: the role of the learner; None in pair play
    figures: list[Figure] = field(default_factory=list)

    @property
    def solo(self) -> bool:
        return self.learner is not None

    def turn(self, number: int) -> TurnNote | None:
        return next((t for t in self.turns if t.turn == number), None)


def client_name(scenario: Scenario, lang: str) -> str:
    """The client's name without a trailing remark such as the age: "Sandra (34)" -> "Sandra"."""
    full = scenario.client.name.get(lang)
    return re.sub(r"\s*\([^)]*\)\s*$", "", full) or full


# -- helpers ------------------------------------------------------------------------------------------
def _excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reason_line(scenario: Scenario, reason: Reason, lang: str) -> ReasonLine:
    catalogue = scenario.catalogue
    if reason.kind == "level":
        level = catalogue.levels.get(reason.id)
        name = level.name.get(lang) if level else ""
    else:
        heuristic = catalogue.heuristics.get(reason.id)
        name = heuristic.name.get(lang) if heuristic else ""
    speaker = scenario.speaker_name(reason.role, lang) if reason.role else ""
    return ReasonLine(reason.turn, reason.role, speaker, reason.kind, reason.id, name, reason.points,
                      reason.option_id)


def frame_side(scenario: Scenario, role: str, option: Option) -> str:
    """Whose declared home frame the utterance speaks from: own, other, both or neutral."""
    own_home = scenario.roles[role].home if role in scenario.roles else {}
    other_home = {f for r, spec in scenario.roles.items() if r != role for f in spec.home if f not in own_home}
    own = any(f in option.frames for f in own_home)
    other = any(f in option.frames for f in other_home)
    return "both" if own and other else "own" if own else "other" if other else "neutral"


def compare_marks(marks: Mapping[str, Mapping[int, tuple[str, str]]], roles: Sequence[str],
                  engine_views: Mapping[int, str | None] | None = None) -> list[MarkRow]:
    """Every turn someone marked, with each role's mark; disagreements first, then by turn."""
    turns = sorted({t for role in roles for t in marks.get(role, {})})
    rows = []
    for turn in turns:
        per_role = {role: marks.get(role, {}).get(turn) for role in roles}
        given = [m[0] for m in per_role.values() if m is not None]
        if len(given) < 2:
            agreement = SINGLE
        elif len(set(given)) == 1:
            agreement = AGREE
        elif GOED in given and MIS in given:
            agreement = OPPOSED
        else:
            agreement = DIFFER
        rows.append(MarkRow(turn, per_role, agreement, (engine_views or {}).get(turn)))
    rows.sort(key=lambda r: (AGREEMENT_ORDER.index(r.agreement), r.turn))
    return rows


# -- the debrief --------------------------------------------------------------------------------------
def build_debrief(scenario: Scenario, history: Iterable, report: ScoreReport, *, lang: str = "nl",
                  answers: Iterable = (), marks: Mapping[str, Mapping[int, tuple[str, str]]] | None = None,
                  offered: Mapping[int, Sequence[str]] | None = None, ending_node: str | None = None,
                  marking_roles: Sequence[str] | None = None) -> Debrief:
    """Everything the debrief shows, from the recorded history and the scorer's report.

    `history` holds `engine.session.Turn`s (or (turn, role, option_id[, node, seconds]) tuples); `answers`
    holds `engine.session.Answer`s; `marks` is the recorder's role -> {turn: (mark, note)}; `offered` maps a
    turn to the option ids that were on offer there (default: all options of its node); `marking_roles` are
    the roles whose marks are compared (default: every role that marked).
    """
    lang = lang or scenario.language
    turns_in = [_as_turn(scenario, t) for t in history]
    marks = marks or {}
    names = {r: scenario.speaker_name(r, lang) for r in scenario.roles}
    curve = dict(report.alignment_curve)
    by_turn: dict[int, list[Reason]] = {}
    for role_score in report.players.values():
        for reason in role_score.reasons:
            by_turn.setdefault(reason.turn, []).append(reason)

    notes: list[TurnNote] = []
    for index, role, option_id, node_id, seconds in turns_in:
        option = scenario.options[option_id]
        reasons = tuple(reason_line(scenario, r, lang) for r in by_turn.get(index, []))
        frames = tuple(sorted(((f, _frame_name(scenario, f, lang), w) for f, w in option.frames.items()),
                              key=lambda x: -x[2]))
        level = scenario.catalogue.levels.get(option.level or "")
        notes.append(TurnNote(
            turn=index, node=node_id, role=role, speaker=names.get(role, role), option_id=option_id,
            text=option.text.get(lang), frames=frames, frame_side=frame_side(scenario, role, option),
            reasons=reasons,
            heuristics=tuple(r.id for r in reasons if r.kind in ("heuristic", "capped")),
            red_flags=tuple(r.id for r in reasons if r.kind == "red_flag"),
            bridge=next((r for r in reasons if r.id == "brug" and r.kind in ("heuristic", "bridge")), None),
            level=option.level, level_name=level.name.get(lang) if level else "",
            feedback=option.feedback.get(lang) if option.feedback else "",
            alignment=curve.get(index),
            alternative=_better_option(scenario, option, (offered or {}).get(index), lang),
            seconds=seconds,
        ))

    players = {}
    for role, score in report.players.items():
        players[role] = PlayerSummary(
            role=role, name=names.get(role, role), points=score.points, maximum=score.maximum, share=score.share,
            parts={k: score.part(k) for k in ("heuristic", "level", "bridge", "red_flag")},
            reasons=[reason_line(scenario, r, lang) for r in score.reasons],
            movement=report.movement.get(role, 0.0), home_declared=dict(scenario.roles[role].home),
            home_measured=dict(report.home_measured.get(role, {})), regie_share=report.regie_shares.get(role, 0.0),
            learner=report.learner == role, computer=report.learner is not None and report.learner != role,
        )

    met, missed, flags = _heuristic_entries(scenario, report, turns_in, offered, lang)
    pairs = _answer_pairs(scenario, answers, lang)
    marking = tuple(marking_roles) if marking_roles is not None else tuple(r for r in scenario.roles if r in marks)
    comparison = compare_marks(marks, marking, {n.turn: n.engine_view for n in notes})
    ending = None
    if ending_node and ending_node in scenario.nodes and scenario.nodes[ending_node].ending is not None:
        e = scenario.nodes[ending_node].ending
        ending = (e.kind, e.title.get(lang), e.text.get(lang))

    debrief = Debrief(
        scenario_id=scenario.id, title=scenario.title.get(lang), lang=lang, client=client_name(scenario, lang),
        roles=tuple(scenario.roles), names=names, ending=ending, turns=notes, players=players,
        session_score=report.session_score,
        session_reasons=[reason_line(scenario, r, lang) for r in report.session_reasons],
        alignment_curve=list(report.alignment_curve), alignment_start=report.alignment_start,
        alignment_end=report.alignment_end, alignment_change=report.alignment_change,
        client_anchor=report.client_anchor, bridges=[reason_line(scenario, r, lang) for r in report.bridges],
        met=met, missed=missed, red_flags=flags, answers=pairs, comparison=comparison, questions=[], report=report,
        learner=report.learner, figures=figures_for(report),
    )
    debrief.questions = choose_questions(debrief)
    return debrief


def figures_for(report: ScoreReport) -> list[Figure]:
    """The explanation of every figure this session's report shows, in the words of docs/scoring.md."""
    shown = ["heuristic", "level", "red_flag", "bridge", "alignment", "anchor", "movement"]
    if report.learner is not None:
        shown.append("solo")
    return [Figure(key, *FIGURES[key]) for key in shown]


def _as_turn(scenario: Scenario, item) -> tuple[int, str, str, str, float | None]:
    if hasattr(item, "option_id"):
        return item.index, item.role, item.option_id, item.node, item.seconds
    index, role, option_id, *rest = item
    node = rest[0] if rest else scenario.options[option_id].node_id
    return index, role, option_id, node, rest[1] if len(rest) > 1 else None


def _frame_name(scenario: Scenario, frame_id: str, lang: str) -> str:
    frame = scenario.catalogue.frames.get(frame_id)
    return frame.name.get(lang) if frame else frame_id


def _better_option(scenario: Scenario, chosen: Option, offered_ids: Sequence[str] | None,
                   lang: str) -> tuple[str, str, int] | None:
    """The highest-valued other option that was on offer, when it is worth more than the chosen one."""
    node = scenario.nodes[chosen.node_id]
    pool = [o for o in node.options if o.id != chosen.id and (offered_ids is None or o.id in offered_ids)]
    if not pool:
        return None
    best = max(pool, key=lambda o: option_value(scenario, o))
    value = option_value(scenario, best)
    return (best.id, best.text.get(lang), value) if value > option_value(scenario, chosen) else None


def _heuristic_entries(scenario: Scenario, report: ScoreReport, turns: list, offered, lang: str):
    hits: dict[str, list[tuple[int, str]]] = {}
    earned: dict[str, float] = {}
    for score in report.players.values():
        for r in score.reasons:
            if r.kind in ("heuristic", "capped", "red_flag"):
                hits.setdefault(r.id, []).append((r.turn, r.role))
                earned[r.id] = earned.get(r.id, 0.0) + r.points
    on_offer: dict[str, list[int]] = {}
    for index, _role, _option_id, node_id, _seconds in turns:
        ids = (offered or {}).get(index)
        for option in scenario.nodes[node_id].options:
            if ids is not None and option.id not in ids:
                continue
            for tag in option.heuristics:
                bucket = on_offer.setdefault(tag.id, [])
                if not bucket or bucket[-1] != index:
                    bucket.append(index)
    met, missed, flags = [], [], []
    for hid, h in scenario.catalogue.heuristics.items():
        entry = HeuristicEntry(
            id=hid, kind=h.kind, name=h.name.get(lang), definition=h.definition.get(lang),
            markers=tuple(m.get(lang) for m in h.markers), source=h.source, points=h.points,
            turns=tuple(sorted(hits.get(hid, []))), earned=earned.get(hid, 0.0), on_offer=tuple(on_offer.get(hid, [])),
        )
        if h.is_red_flag:
            if entry.turns:
                flags.append(entry)
        elif entry.turns:
            met.append(entry)
        else:
            missed.append(entry)
    missed.sort(key=lambda e: (not e.on_offer, e.on_offer[0] if e.on_offer else 0))
    return met, missed, flags


def _answer_pairs(scenario: Scenario, answers: Iterable, lang: str) -> list[AnswerPair]:
    pairs: dict[tuple[str, int], AnswerPair] = {}
    for a in answers:
        node, role, text, after = (a.node, a.role, a.text, a.after_turn) if hasattr(a, "node") else a
        key = (node, after)
        if key not in pairs:
            question = scenario.nodes[node].reflect if node in scenario.nodes else None
            pairs[key] = AnswerPair(node, question.get(lang) if question else "", after, {})
        pairs[key].answers[role] = text
    return list(pairs.values())


# -- questions to discuss -------------------------------------------------------------------------------
def choose_questions(d: Debrief) -> list[Question]:
    """Three to five questions, the most telling first, each tied to something that happened."""
    found: list[Question] = []
    notes = d.turns

    afspraak = [n for n in notes if "afspraak" in n.heuristics]
    if afspraak and not any("betekenis" in n.heuristics for n in notes if n.turn >= afspraak[0].turn):
        n = afspraak[0]
        found.append(Question("agreement_unchecked", {"turn": n.turn, "speaker": n.speaker}, n.turn))
    if d.ending and d.ending[0] == "schijnakkoord":
        found.append(Question("sham_agreement", {"client": d.client}))

    flagged = [n for n in notes if n.red_flags]
    if flagged:
        n = flagged[0]
        names = {e.id: e.name for e in d.red_flags}
        found.append(Question("red_flag", {"turn": n.turn, "speaker": n.speaker, "flag": names.get(n.red_flags[0], ""),
                                           "quote": _excerpt(n.text)}, n.turn))

    spoken = [r for r in d.roles if any(n.role == r for n in notes)]
    if len(spoken) == 2:
        a, b = sorted(spoken, key=lambda r: -d.players[r].movement)
        ma, mb = d.players[a].movement, d.players[b].movement
        if ma >= ONE_SIDED_MIN and ma - mb >= ONE_SIDED_GAP:
            found.append(Question("one_sided_movement", {"mover": d.names[a], "stayer": d.names[b],
                                                         "movement": round(ma, 2), "other": round(mb, 2)}))
        if d.client_anchor <= 0:
            found.append(Question("no_client_anchor", {"client": d.client}))

    met_ids = {e.id for e in d.met}
    if "betekenis" not in met_ids:
        entry = next((e for e in d.missed if e.id == "betekenis" and e.on_offer), None)
        if entry is not None:
            n = d.turn(entry.on_offer[0])
            found.append(Question("meaning_not_checked", {"turn": n.turn, "speaker": n.speaker} if n else {},
                                  entry.on_offer[0]))

    opposed = [row for row in d.comparison if row.agreement == OPPOSED]
    if opposed:
        found.append(Question("marks_opposed", {"turn": opposed[0].turn}, opposed[0].turn))
    if d.alignment_start is not None and d.alignment_change < 0:
        found.append(Question("alignment_down", {"start": round(d.alignment_start, 2),
                                                 "end": round(d.alignment_end or 0.0, 2)}))
    doubts = [row for row in d.comparison if any(m and m[0] == TWIJFEL for m in row.marks.values())]
    if doubts:
        found.append(Question("doubt", {"turn": doubts[0].turn}, doubts[0].turn))
    on_offer = [e for e in d.missed if e.on_offer and e.id != "betekenis"]
    if on_offer:
        e = on_offer[0]
        found.append(Question("missed_heuristic", {"name": e.name, "turn": e.on_offer[0]}, e.on_offer[0]))

    lens = igm_lens(d)
    if lens is not None:
        found.insert(0, lens)
    questions = found[:MAX_QUESTIONS]
    for filler in (Question("other_view"), Question("carry_over", {"client": d.client}),
                   Question("next_time")):
        if len(questions) >= MIN_QUESTIONS:
            break
        questions.append(filler)
    return questions


def igm_lens(d: Debrief) -> Question | None:
    """The IGM as the lens of a spreekkamer debrief: per side (willen, kunnen) the determinants that came up and
    those that did not, as a question; None when the catalogue has no IGM determinants."""
    entries = {e.id: e for e in (*d.met, *d.missed)}
    if not all(h in entries for side in IGM_SIDES.values() for h in side):
        return None
    met_ids = {e.id for e in d.met}

    def names(ids) -> str:
        return ", ".join(entries[h].name for h in ids) or "–"

    params = {"client": d.client}
    for side, ids in IGM_SIDES.items():
        params[f"{side}_met"] = names([h for h in ids if h in met_ids])
        params[f"{side}_missed"] = names([h for h in ids if h not in met_ids])
    return Question("igm_lens", params)

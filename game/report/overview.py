"""The workshop overview (DESIGN.md §8): every recorded session on this computer, and what they share.

`build_overview(recorder, Filter(...))` reads the records with a few set-wise queries (no per-session
round trips) and gives, for the sessions that pass the filter (scenario, date range, workshop label):

- per pair: players, ending, session score, each player's points, alignment at start and end;
- across pairs: the moments most often marked "ging mis" (by scenario, node and option), the heuristics
  most often missed (on offer in a session but chosen by nobody), how often each ending was reached, and
  every session's alignment curve, which `plot_curves` lays over each other in one figure.

Per-player points and the alignment curve are recomputed from the standing choices by `_Scorer`, a fold
over `engine.scoring.value_utterance` (the one rule), once per distinct path.
The stored session score is used as recorded. A session whose scenario no longer loads
keeps its session score and shows no per-player points. Reading what was on offer runs in a second thread
on its own read-only connection. 10,000 sessions take about 3 s (bench/bench_overview.py).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from casustafel.engine.model import Scenario
from casustafel.engine.scoring import Rules, ScoreState, score_history, value_utterance
from casustafel.game.records.recorder import Recorder, SessionRow
from casustafel.game.records.recorder import SessionFilter as Filter

MIS = "mis"  # the look-back mark "ging mis" (engine.debrief.MIS)


class OverviewError(Exception):
    """A filter or output the overview cannot use; the message says what to do."""


# -- filter -----------------------------------------------------------------------------------------------
def parse_date(text: str, end: bool = False) -> float:
    """`2025-03-14` as a local timestamp: the start of that day, or with `end` the start of the next."""
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise OverviewError(f"Datum {text!r} niet begrepen; schrijf hem als JJJJ-MM-DD, bijvoorbeeld 2025-03-14.") \
            from None
    stamp = day.timestamp()
    return stamp + 86400 if end else stamp


def filtered_sessions(recorder: Recorder, flt: Filter) -> list[SessionRow]:
    """The sessions that pass `flt`, oldest first (the recorder's query)."""
    return recorder.filtered_sessions(flt)


# -- results ----------------------------------------------------------------------------------------------
@dataclass
class PairSummary:
    """One session as the trainer sees it in the list."""

    session_id: str
    scenario_id: str
    workshop: str
    started_at: float
    status: str
    mode: str
    players: dict[str, tuple[str, bool]]
    turns: int
    ending_node: str | None
    ending_kind: str | None
    ending_title: str
    session_score: float | None
    points: dict[str, float] | None
    alignment_start: float | None
    alignment_end: float | None
    marked_wrong: int

    @property
    def alignment_change(self) -> float | None:
        if self.alignment_start is None or self.alignment_end is None:
            return None
        return round(self.alignment_end - self.alignment_start, 4)


@dataclass
class Moment:
    """A turn marked "ging mis": where (scenario, node, option) and how often."""

    scenario_id: str
    node: str
    option_id: str
    text: str
    sessions: int
    marks: int


@dataclass
class Missed:
    heuristic_id: str
    name: str
    missed_in: int
    on_offer_in: int


@dataclass
class EndingCount:
    scenario_id: str
    ending_node: str
    kind: str
    title: str
    count: int


@dataclass
class Overview:
    filter: Filter
    pairs: list[PairSummary] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    endings: list[EndingCount] = field(default_factory=list)
    curves: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # scenario id -> its title, in the overview's language
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict:
        """Plain JSON-able data for `casustafel sessions --json`."""
        pairs = []
        for p in self.pairs:
            item = asdict(p)
            item["players"] = [{"role": r, "nickname": n, "human": h} for r, (n, h) in p.players.items()]
            item["alignment_change"] = p.alignment_change
            item["alignment_curve"] = [list(pt) for pt in self.curves.get(p.session_id, [])]
            pairs.append(item)
        return {
            "filter": asdict(self.filter),
            "sessions": len(self.pairs),
            "pairs": pairs,
            "marked_wrong": [asdict(m) for m in self.moments],
            "missed_heuristics": [asdict(m) for m in self.missed],
            "endings": [asdict(e) for e in self.endings],
            "warnings": self.warnings,
        }


# -- aggregation ------------------------------------------------------------------------------------------
class _Scorer:
    """The per-player points and the alignment curve, for thousands of sessions.

    A thin fold over `engine.scoring.value_utterance` (the one rule) with the scenario's `Rules` table built
    once; `_ScenarioInfo` keeps one fold per distinct path.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.rules = Rules.of(scenario)
        self.roles = self.rules.roles
        self.options = self.rules.options

    def fold(self, path: Iterable[tuple[int, str, str]], persona: str | None = None
             ) -> tuple[dict[str, float], list[tuple[int, float]]]:
        state = ScoreState(self.rules)
        for turn, role, option_id in path:
            value_utterance(self.rules, state, turn, role, option_id, persona=persona)
        return {r: p.points for r, p in state.players.items()}, state.curve


class _ScenarioInfo:
    """What the overview needs from one scenario, computed once."""

    def __init__(self, scenario: Scenario | None, lang: str) -> None:
        self.scenario = scenario
        self.scorer = _Scorer(scenario) if scenario is not None else None
        self.folds: dict[tuple, tuple[dict[str, float], list[tuple[int, float]]]] = {}
        self.offers: dict[str, frozenset[str]] = {}
        self.names: dict[str, str] = {}
        if scenario is not None:
            heuristics = scenario.catalogue.heuristics
            for oid, option in scenario.options.items():
                self.offers[oid] = frozenset(t.id for t in option.heuristics
                                             if t.id in heuristics and not heuristics[t.id].is_red_flag)
            self.names = {hid: h.name.get(lang) for hid, h in heuristics.items()}

    def fold(self, path: tuple[tuple[int, str, str], ...], persona: str | None = None):
        """(points per role, alignment curve) of a path of (turn, role, option id) under the client `persona`,
        or None when unscorable."""
        if self.scorer is None:
            return None
        key = (path, persona) if persona else path
        if key not in self.folds:
            if any(oid not in self.scorer.options or role not in self.scorer.roles for _t, role, oid in path):
                return None
            self.folds[key] = self.scorer.fold(path, persona)
        return self.folds[key]


def build_overview(recorder: Recorder, flt: Filter | None = None, lang: str = "nl") -> Overview:
    """Aggregate every session that passes `flt` (all sessions when None)."""
    began = time.perf_counter()
    flt = flt or Filter()
    overview = Overview(flt)
    sessions = filtered_sessions(recorder, flt)
    players = recorder.players_of(flt)
    wrong = recorder.marked_turns(flt, MIS)

    # what was on offer and how each session ended: read in a second thread on its own connection (SQLite
    # works without the GIL, so this overlaps the choices pass below on a second core)
    pool = ThreadPoolExecutor(max_workers=1)
    side = pool.submit(recorder.offers_and_titles, flt)
    try:
        standing = recorder.standing_choices(flt)
        overview.pairs, paths, infos, moments = _per_pair(sessions, standing, players, wrong, overview, lang)
        offered_by, titles = side.result()
    finally:
        pool.shutdown(wait=True)
    missed_in: Counter[str] = Counter()
    on_offer_in: Counter[str] = Counter()
    endings: Counter[tuple[str, str, str, str]] = Counter()
    names: dict[str, str] = {}
    for pair, path in zip(overview.pairs, paths, strict=True):
        info = infos[pair.session_id]
        for hid, name in info.names.items():
            names.setdefault(hid, name)
        if info.scenario is not None:
            chosen = frozenset().union(*(info.offers.get(o, ()) for _t, _r, o in path))
            available = frozenset().union(*(info.offers.get(o, ()) for o in offered_by.get(pair.session_id, ())))
            for hid in available:
                on_offer_in[hid] += 1
                if hid not in chosen:
                    missed_in[hid] += 1
        pair.ending_title = titles.get(pair.session_id) or ""
        if pair.ending_node:
            endings[(pair.scenario_id, pair.ending_node, pair.ending_kind or "", pair.ending_title)] += 1
    texts = {i: _text(p) for i, p in recorder.event_payloads([entry[2] for entry in moments.values()]).items()}
    overview.moments = sorted(
        (Moment(s, n, o, texts.get(e, ""), sessions, marks) for (s, n, o), (sessions, marks, e) in moments.items()),
        key=lambda m: (-m.sessions, -m.marks, m.scenario_id, m.node))
    overview.missed = sorted(
        (Missed(hid, names.get(hid, hid), missed_in[hid], on_offer_in[hid]) for hid in on_offer_in if missed_in[hid]),
        key=lambda m: (-m.missed_in, -m.missed_in / m.on_offer_in, m.heuristic_id))
    overview.endings = sorted((EndingCount(s, n, k, t, c) for (s, n, k, t), c in endings.items()),
                              key=lambda e: (e.scenario_id, -e.count, e.ending_node))
    overview.seconds = time.perf_counter() - began
    return overview


def _per_pair(sessions: list[SessionRow], standing: dict, players: dict, wrong: dict,
              overview: Overview, lang: str) -> tuple[list[PairSummary], list[tuple], dict, dict]:
    """Each session's scores, curve and marked moments (the part that needs only the standing choices)."""
    from casustafel.game.records.exports import Scenarios

    scenarios = Scenarios()
    by_scenario: dict[tuple[str, str], _ScenarioInfo] = {}
    infos: dict[str, _ScenarioInfo] = {}
    moments: dict[tuple[str, str, str], list] = {}
    pairs, paths = [], []
    for row in sessions:
        key = (row.scenario_id, row.scenario_path)
        if key not in by_scenario:
            by_scenario[key] = _ScenarioInfo(scenarios.get(row), lang)
            if by_scenario[key].scenario is not None:
                overview.titles.setdefault(row.scenario_id, by_scenario[key].scenario.title.get(lang))
        info = infos[row.id] = by_scenario[key]
        stack = standing.get(row.id, [])
        path = tuple((t, r, o) for t, _n, r, o, _e in stack)
        folded = info.fold(path, row.persona)
        points, curve = folded if folded is not None else (None, [])
        if folded is not None:
            overview.curves[row.id] = curve
        at_turn = {c[0]: c for c in stack}
        marked_here: set[tuple[str, str, str]] = set()
        for _by, turn in wrong.get(row.id, ()):
            if turn not in at_turn:
                continue
            _t, node, _r, option_id, event_id = at_turn[turn]
            where_key = (row.scenario_id, node, option_id)
            entry = moments.setdefault(where_key, [0, 0, event_id])
            entry[1] += 1
            if where_key not in marked_here:
                marked_here.add(where_key)
                entry[0] += 1
        score = row.session_score
        if score is None and folded is not None and info.scenario is not None:
            score = score_history(info.scenario, path, persona=row.persona).session_score
        paths.append(path)
        pairs.append(PairSummary(
            session_id=row.id, scenario_id=row.scenario_id, workshop=row.workshop, started_at=row.started_at,
            status=row.status, mode=row.mode, players=players.get(row.id, {}), turns=len(stack),
            ending_node=row.ending_node, ending_kind=row.ending_kind, ending_title="",
            session_score=score,
            points={r: round(v, 2) for r, v in points.items()} if points is not None else None,
            alignment_start=curve[0][1] if curve else None,
            alignment_end=curve[-1][1] if curve else None,
            marked_wrong=len(wrong.get(row.id, ())),
        ))
    overview.warnings = scenarios.warnings
    return pairs, paths, infos, moments


def _text(payload: str | None) -> str:
    if not payload:
        return ""
    try:
        return json.loads(payload).get("text", "")
    except ValueError:
        return ""


# -- presentation (shared by `casustafel sessions` and the window's overview) -------------------------------
def short(text: str, width: int) -> str:
    """`text` on one line, at most `width` characters, cut at a word boundary with "…" when too long."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and text[width - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def scenario_title(overview: Overview, scenario_id: str) -> str:
    """The scenario's title as a person reads it (its id only when the scenario file is gone)."""
    return overview.titles.get(scenario_id) or scenario_id


def moment_line(overview: Overview, moment: Moment, lang: str, width: int = 90) -> str:
    """One "ging mis" moment: how often, in which scenario, and the choice's own words (no node or option ids)."""
    from casustafel.game.i18n import tr

    return tr("overview.moment", lang, sessions=moment.sessions, scenario=scenario_title(overview, moment.scenario_id),
              text=short(moment.text, width) or moment.option_id)


def ending_line(overview: Overview, ending: EndingCount, lang: str) -> str:
    from casustafel.game.i18n import tr

    return tr("overview.ending_line", lang, scenario=scenario_title(overview, ending.scenario_id),
              title=ending.title or ending.kind or ending.ending_node, count=ending.count, kind=ending.kind)


def check_filter(recorder: Recorder, overview: Overview, lang: str = "nl") -> None:
    """Raise OverviewError (one Dutch line with "Bedoelde je …?") for a scenario or workshop nobody knows.

    Only asked when nothing matched, so a normal overview costs no extra query.
    """
    from casustafel.engine.diagnostics import closest
    from casustafel.engine.library import scenario_files
    from casustafel.game.i18n import tr

    flt = overview.filter
    if overview.pairs:
        return
    if flt.scenario:
        known = {p.stem for p in scenario_files()} | {r.scenario_id for r in recorder.sessions()}
        if flt.scenario not in known:
            near = closest(flt.scenario, known)
            raise OverviewError(tr("overview.unknown_scenario", lang, value=flt.scenario) +
                                (tr("overview.did_you_mean", lang, near=near) if near else ""))
    if flt.workshop is not None:
        known = set(recorder.workshops())
        if flt.workshop not in known:
            near = closest(flt.workshop, known)
            hint = (tr("overview.did_you_mean", lang, near=near) if near else
                    tr("overview.known_workshops", lang, labels=", ".join(sorted(known)) or "–"))
            raise OverviewError(tr("overview.unknown_workshop", lang, value=flt.workshop) + hint)


# -- the plot ---------------------------------------------------------------------------------------------
PLOT_SUFFIXES = (".svg", ".png", ".pdf")
PLOT_COLOURS = ("#1f5f8b", "#b5472c", "#2e7042", "#8a3e6e", "#7a5c00", "#4b4b9b", "#00707a", "#5b6670")


def curves_by_scenario(overview: Overview) -> dict[str, list[list[tuple[int, float]]]]:
    """Each scenario's session curves (scenario id -> curves), in the order the scenarios were first played."""
    grouped: dict[str, list[list[tuple[int, float]]]] = {}
    for pair in overview.pairs:
        curve = overview.curves.get(pair.session_id)
        if curve:
            grouped.setdefault(pair.scenario_id, []).append(curve)
    return grouped


def plot_curves(overview: Overview, path: str | os.PathLike, lang: str = "nl") -> Path:
    """Every session's alignment curve A(t), one colour per scenario with that scenario's mean, saved as svg/png/pdf.

    Scenarios are never averaged together: turn 3 of one case is not turn 3 of another.
    """
    from casustafel.game.i18n import tr

    target = Path(path).expanduser()
    if target.suffix.lower() not in PLOT_SUFFIXES:
        raise OverviewError(tr("overview.plot_suffix", lang, suffixes=", ".join(PLOT_SUFFIXES), name=target.name))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OverviewError(tr("overview.plot_no_dir", lang, directory=directory))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    grouped = curves_by_scenario(overview)
    total = sum(len(c) for c in grouped.values())
    fig = Figure(figsize=(10, 5.6), dpi=100)
    ax = fig.add_subplot()
    if grouped:
        longest = 0
        for i, (scenario_id, curves) in enumerate(grouped.items()):
            colour = PLOT_COLOURS[i % len(PLOT_COLOURS)]
            alpha = max(0.06, min(0.5, 4 / len(curves)))
            ax.add_collection(LineCollection([list(c) for c in curves], colors=colour, linewidths=1.2, alpha=alpha))
            mean = _mean_curve(curves)
            label = tr("overview.plot_legend", lang, title=short(scenario_title(overview, scenario_id), 48),
                       count=len(curves))
            ax.plot([t for t, _ in mean], [a for _, a in mean], color=colour, linewidth=3, label=label)
            longest = max(longest, max(t for c in curves for t, _a in c))
        ax.set_xlim(0, max(2, longest + 1))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=1 if len(grouped) > 2 else len(grouped),
                  fontsize=11, frameon=False, title=tr("overview.plot_legend_title", lang))
    else:
        ax.text(0.5, 0.5, tr("overview.plot_empty", lang), ha="center", va="center", transform=ax.transAxes,
                fontsize=14)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(tr("overview.plot_x", lang), fontsize=12)
    ax.set_ylabel(tr("overview.plot_y", lang), fontsize=12)
    ax.set_title(tr("overview.plot_title", lang, count=total, scenarios=len(grouped)), fontsize=14)
    ax.grid(True, alpha=0.3)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.stem}.", suffix=target.suffix)
    os.close(fd)
    try:
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text: searchable, small
            fig.savefig(tmp, format=target.suffix.lower().lstrip("."), bbox_inches="tight")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _mean_curve(curves: Iterable[list[tuple[int, float]]]) -> list[tuple[int, float]]:
    """The mean A(t) per turn of curves of ONE scenario."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
    for curve in curves:
        for t, a in curve:
            sums[t][0] += a
            sums[t][1] += 1
    return [(t, s / n) for t, (s, n) in sorted(sums.items()) if n]

"""`casustafel simulate`: many automatic playthroughs per partner-policy pair, with statistics and smells."""

from __future__ import annotations

import argparse
import json
import sys
import time

from casustafel.engine.form_players import FORM_POLICIES
from casustafel.engine.library import FLAGSHIP
from casustafel.engine.simulate import (
    GOOD_ENDING,
    LOOPED,
    SIM_POLICIES,
    STUCK,
    SimulationReport,
    policy_pairs,
    scenario_heuristics,
    simulate,
)
from casustafel.game.play.loading import load_or_explain, resolve_or_explain

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("simulate", help="speel een scenario vaak automatisch en toon statistieken",
                              description="Speel een scenario N keer per beleidspaar (random, own-frame, coach, "
                                          "en spelers die alleen op vorm kiezen: longest, most-questions, "
                                          "avoid-partner) en toon scores, einden, heuristieken en scoringsgeuren.")
    p.add_argument("scenario", nargs="?", default=FLAGSHIP, help="scenario-id of YAML-bestand")
    p.add_argument("-n", "--runs", type=int, default=200, help="sessies per beleidspaar (standaard 200)")
    p.add_argument("--seed", type=int, default=1, help="startwaarde van het toeval (standaard 1)")
    p.add_argument("--policies", default=",".join(SIM_POLICIES),
                   help=f"komma-gescheiden beleid (standaard {','.join(SIM_POLICIES)})")
    p.add_argument("--mixed", action="store_true", help="ook gemengde paren (bv. coach tegen own-frame)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    p.add_argument("--persona", metavar="ID", help="speel de cliënt als deze persona (standaard: de eerste)")
    p.set_defaults(func=run)


class ProgressBar:
    """A one-line progress bar on stderr; redraws at most ~20 times a second."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.05:
            return
        self.last = now
        filled = BAR_WIDTH * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {label:<30.30}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    path = resolve_or_explain(args.scenario, "simulate")
    if path is None:
        return 2
    if args.runs < 1:
        print("simulate: --runs moet minstens 1 zijn.", file=sys.stderr)
        return 2
    policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    unknown = [p for p in policies if p not in SIM_POLICIES]
    if unknown or not policies:
        print(f"simulate: onbekend beleid {', '.join(unknown) or '(leeg)'}; kies uit {', '.join(SIM_POLICIES)}.",
              file=sys.stderr)
        return 2
    result = load_or_explain(path, "simulate")
    if result is None:
        return 1
    scenario = result.scenario
    persona = getattr(args, "persona", None)
    if persona is not None and persona not in scenario.personas:
        known = ", ".join(scenario.personas) or "geen"
        print(f'simulate: persona "{persona}" bestaat niet in {scenario.id} (bekend: {known}).', file=sys.stderr)
        return 2
    maxima = _maxima(scenario, persona)
    bar = None if args.quiet else ProgressBar()
    try:
        report = simulate(scenario, args.runs, args.seed, policy_pairs(scenario, policies, args.mixed),
                          progress=bar, maxima=maxima, persona=persona)
    finally:
        if bar:
            bar.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


def _maxima(scenario, persona: str | None = None) -> dict[str, float] | None:
    try:
        from casustafel.engine.analysis import score_bounds
    except ImportError:
        return None
    try:
        return {role: hi for role, (_lo, hi) in score_bounds(scenario, persona=persona).items()}
    except Exception:  # noqa: BLE001 - the maxima only add a share column; never stop a simulation for them
        return None


def format_report(report: SimulationReport) -> str:
    scenario = report.scenario
    used = sorted(scenario_heuristics(scenario))
    out = [f"Scenario {scenario.id}: {report.runs_per_pair} sessies per beleidspaar, seed {report.seed}", "",
           *format_comparison(report), ""]
    for pair in report.pairs:
        out.append(f"== {pair.label} ==")
        for role, d in pair.role_scores().items():
            out.append(f"  score {role:<16} gem {d.mean:6.2f}  sd {d.stdev:5.2f}  min {d.minimum:5.1f}  "
                       f"mediaan {d.median:5.1f}  max {d.maximum:5.1f}")
        d = pair.session_scores()
        out.append(f"  sessiescore{'':<8} gem {d.mean:6.2f}  sd {d.stdev:5.2f}  min {d.minimum:5.1f}  "
                   f"mediaan {d.median:5.1f}  max {d.maximum:5.1f}")
        out.append("  einden:")
        kinds = {nid: (n.ending.kind if n.ending else "") for nid, n in scenario.nodes.items()}
        for nid, count in pair.endings().most_common():
            kind = kinds.get(nid, "") if nid not in (STUCK, LOOPED) else "geen einde"
            out.append(f"    {count / len(pair.runs):6.1%}  {nid} ({kind})")
        counts = pair.heuristic_counts()
        seen = [h for h in used if counts.get(h)]
        missing = [h for h in used if not counts.get(h)]
        out.append(f"  heuristieken: {len(seen)}/{len(used)} gehaald"
                   + (f"; nooit: {', '.join(missing)}" if missing else ""))
        out.append("")
    if report.smells:
        out.append("Scoringsgeuren:")
        out += [f"  - [{s.id}] {s.message}" for s in report.smells]
    else:
        out.append("Geen scoringsgeuren gevonden.")
    return "\n".join(out)


def format_comparison(report: SimulationReport) -> list[str]:
    """One row per pair: mean score per role and the share of shared-plan endings; form-only players marked."""
    roles = list(report.pairs[0].policies) if report.pairs else []
    head = f"  {'beleid':<24}" + "".join(f"{role:>16}" for role in roles) + f"{'gedeeld plan':>14}"
    rows = ["Vergelijking (gemiddelde score per rol; * = kiest alleen op vorm):", head]
    for pair in report.pairs:
        form = "*" if not set(pair.policies.values()) - set(FORM_POLICIES) else " "
        scores = pair.role_scores()
        rows.append(f"{form} {pair.label:<24.24}" + "".join(f"{scores[r].mean:16.2f}" for r in roles)
                    + f"{pair.share(GOOD_ENDING):14.0%}")
    return rows

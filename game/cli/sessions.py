"""`casustafel sessions`: the workshop overview in the terminal (`--json` for scripts, `--plot` for the curves).

Also the privacy switches: `--delete-older-than DAYS` deletes old sessions once, `--retention DAYS|uit`
sets (or switches off) the retention that is applied every time Casustafel starts.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from casustafel.game.i18n import tr
from casustafel.game.play.hints import command
from casustafel.game.records.privacy import (
    PrivacyError,
    apply_retention,
    delete_older_than,
    parse_days,
    retention_days,
    set_retention,
)
from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.report.debrief_data import number
from casustafel.game.report.overview import (
    Filter,
    Overview,
    OverviewError,
    build_overview,
    check_filter,
    ending_line,
    moment_line,
    parse_date,
    plot_curves,
    scenario_title,
    short,
)

DEFAULT_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sessions", help="overzicht van alle sessies op deze computer (voor trainers)")
    add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="het overzicht als JSON, voor scripts")
    p.add_argument("--plot", metavar="BESTAND", help="sla de afstemmingscurves op als .svg, .png of .pdf")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"toon de laatste N sessies in de lijst (standaard {DEFAULT_LIMIT}; 0 = alle)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal van het overzicht")
    p.add_argument("--delete-older-than", metavar="DAGEN", help="verwijder sessies ouder dan zoveel dagen")
    p.add_argument("--retention", metavar="DAGEN|uit",
                   help="bewaartermijn: verwijder bij elke start sessies ouder dan zoveel dagen ('uit' = nooit)")
    p.set_defaults(func=run)


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", metavar="ID", help="alleen sessies van dit scenario")
    p.add_argument("--since", metavar="DATUM", help="alleen sessies vanaf deze dag (JJJJ-MM-DD)")
    p.add_argument("--until", metavar="DATUM", help="alleen sessies tot en met deze dag (JJJJ-MM-DD)")
    p.add_argument("--workshop", metavar="LABEL", help="alleen sessies met dit workshoplabel")


def filter_from(args: argparse.Namespace) -> Filter:
    return Filter(scenario=args.scenario or None,
                  since=parse_date(args.since) if args.since else None,
                  until=parse_date(args.until, end=True) if args.until else None,
                  workshop=args.workshop)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        flt = filter_from(args)
        if args.delete_older_than is not None:
            parse_days(args.delete_older_than)
        recorder = Recorder.open(args.data)
    except (OverviewError, PrivacyError, RecorderError) as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        say = (lambda text: print(text, file=sys.stderr)) if args.json else print
        if args.retention is not None:
            days = set_retention(recorder, args.retention)
            say(tr("overview.retention_set", lang, days=number(days, lang)) if days else
                tr("overview.retention_off", lang))
        gone = apply_retention(recorder)
        if gone:
            say(tr("overview.retention_applied", lang, days=number(retention_days(recorder) or 0, lang), count=gone))
        if gone and recorder.scrub_problem:
            print(recorder.scrub_problem, file=sys.stderr)  # deleted, but the WAL still holds it: say so
        if args.delete_older_than is not None:
            count = delete_older_than(recorder, args.delete_older_than)
            say(tr("overview.deleted", lang, count=count, days=args.delete_older_than))
            if count and recorder.scrub_problem:
                print(recorder.scrub_problem, file=sys.stderr)
            if not args.json and not args.plot:
                return 0
        overview = build_overview(recorder, flt, lang)
        check_filter(recorder, overview, lang)
        if args.plot:
            path = plot_curves(overview, args.plot, lang)
            say(tr("overview.plot_saved", lang, path=path))
        if args.json:
            json.dump(overview.as_json(), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            print(render(overview, lang, args.limit, args.data))
        return 0
    except BrokenPipeError:
        raise
    except (OverviewError, PrivacyError, RecorderError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        recorder.close()


# -- text ---------------------------------------------------------------------------------------------------
def _day(stamp: float) -> str:
    return datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")


def _cut(text: str, width: int) -> str:
    return short(text, width)


def _who(pair, role: str, lang: str) -> str:
    nick, human = pair.players.get(role, (role, True))
    return _cut(nick, 10) if human else tr("overview.computer", lang)


def describe_filter(flt: Filter, lang: str) -> str:
    parts = []
    if flt.scenario:
        parts.append(tr("overview.filter.scenario", lang, value=flt.scenario))
    if flt.since is not None:
        parts.append(tr("overview.filter.since", lang, value=datetime.fromtimestamp(flt.since).strftime("%Y-%m-%d")))
    if flt.until is not None:
        last_day = datetime.fromtimestamp(flt.until - 1).strftime("%Y-%m-%d")
        parts.append(tr("overview.filter.until", lang, value=last_day))
    if flt.workshop is not None:
        parts.append(tr("overview.filter.workshop", lang, value=flt.workshop))
    return ", ".join(parts)


def _row(p, lang: str, widths: tuple[int, ...]) -> str:
    """One session as a table row (its scenario is the block's heading)."""
    players = " & ".join(nick if human else tr("overview.computer", lang) for nick, human in p.players.values())
    if p.ending_node:
        ending = p.ending_title or p.ending_kind or p.ending_node
    else:
        ending = tr("overview.playing" if p.status == "playing" else "overview.abandoned", lang)
    score = number(p.session_score, lang) if p.session_score is not None else "–"
    points = " · ".join(f"{_who(p, role, lang)} {number(v, lang)}" for role, v in (p.points or {}).items()) or "–"
    change = number(p.alignment_change, lang, signed=True) if p.alignment_change is not None else "–"
    cells = (_day(p.started_at), p.workshop, players, ending, score, points, change)
    return "  ".join(f"{_cut(str(c), w):<{w}}" for c, w in zip(cells, widths, strict=True)).rstrip()


def render(overview: Overview, lang: str = "nl", limit: int = DEFAULT_LIMIT, data: str | None = None) -> str:
    """The overview as calm plain text: the pairs, then what the pairs share (hints name `--data` when given)."""
    out = [tr("overview.title", lang, count=len(overview.pairs))]
    described = describe_filter(overview.filter, lang)
    if described:
        out.append(tr("overview.filter", lang, filter=described))
    for warning in overview.warnings:
        out.append(tr("overview.warning", lang, text=warning))
    if not overview.pairs:
        out += ["", tr("overview.none", lang, command=command(data, "play"))]
        return "\n".join(out)
    widths = (16, 12, 22, 24, 7, 26, 6)
    head = ("date", "workshop", "players", "ending", "score", "points", "alignment")
    header = "  ".join(f"{tr('overview.col.' + h, lang):<{w}}" for h, w in zip(head, widths, strict=True)).rstrip()
    shown = overview.pairs if limit <= 0 else overview.pairs[-limit:]
    groups: dict[str, list] = {}
    for p in shown:  # one block per scenario, headed by its title (ids are for scripts: --json)
        groups.setdefault(p.scenario_id, []).append(p)
    for scenario_id, pairs in groups.items():
        out += ["", tr("overview.group", lang, title=scenario_title(overview, scenario_id), count=len(pairs)),
                "  " + header]
        for p in pairs:
            out.append("  " + _row(p, lang, widths))
    if len(shown) < len(overview.pairs):
        out.append(tr("overview.more", lang, count=len(overview.pairs) - len(shown)))
    out += ["", tr("overview.moments", lang)]
    for m in overview.moments[:10]:
        out.append(moment_line(overview, m, lang))
    if not overview.moments:
        out.append(tr("overview.no_moments", lang))
    out += ["", tr("overview.missed", lang)]
    for h in overview.missed[:10]:
        out.append(tr("overview.missed_line", lang, missed=h.missed_in, offered=h.on_offer_in, name=h.name,
                      id=h.heuristic_id))
    if not overview.missed:
        out.append(tr("overview.no_missed", lang))
    out += ["", tr("overview.endings", lang)]
    for e in overview.endings:
        out.append(ending_line(overview, e, lang))
    if not overview.endings:
        out.append(tr("overview.no_endings", lang))
    return "\n".join(out)

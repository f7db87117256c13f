"""`casustafel play`: play a scenario in the window, or in the terminal with `--text` (or without a display)."""

from __future__ import annotations

import argparse
import json
import sys

from casustafel.engine.expressions import ExpressionLimitError
from casustafel.engine.session import Session, SessionError
from casustafel.game.cli.main import has_display
from casustafel.game.play.playtest import parse_sets
from casustafel.game.records.maxima import maxima_for
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import Recorder, RecorderError, data_dir
from casustafel.game.terminal.lookback import run_lookback
from casustafel.game.terminal.play import (
    PLAYER_POLICIES,
    PlaySetup,
    Quit,
    SetupError,
    TextFrontEnd,
    load_for_play,
    stdout_say,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("play", help="speel een scenario (venster, of --text in de terminal)")
    p.add_argument("--text", action="store_true", help="speel in de terminal")
    p.add_argument("--scenario", help="id van een scenario of pad naar een YAML-bestand")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--solo", metavar="ROL", help="speel alleen, als deze rol (bijv. klantmanager)")
    mode.add_argument("--pair", action="store_true", help="speel met z'n tweeën aan een toetsenbord")
    p.add_argument("--partner", choices=PLAYER_POLICIES,
                   help="computerpartner bij solo: scripted (standaard), coach of own-frame")
    p.add_argument("--names", help="bijnamen, komma-gescheiden, in de volgorde van de rollen")
    p.add_argument("--record", choices=("ja", "nee"), help="opnemen (ja) of niet (nee); anders vraagt het spel")
    p.add_argument("--workshop", default="", help="label om sessies van één workshop te groeperen")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal van de interface en het scenario")
    p.add_argument("--from", dest="from_node", metavar="NODE", help="voor auteurs: begin bij deze node")
    p.add_argument("--set", action="append", metavar="NAAM=WAARDE", help="voor auteurs: zet een variabele")
    p.add_argument("--resume", metavar="SESSIE", help="ga verder met een onderbroken sessie (id of latest)")
    p.add_argument("--seed", type=int, help="vaste toevalsreeks voor de computerpartner")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.text and has_display():
        from casustafel.game import window

        try:
            return window.run(args)
        except window.WindowUnavailable as exc:
            print(f"casustafel: het venster kan hier niet openen ({exc}); we spelen in de terminal.", file=sys.stderr)
    return run_text(args)


def run_text(args: argparse.Namespace) -> int:
    ui = TextFrontEnd(lang=args.lang, seed=args.seed)
    try:
        if args.resume:
            return resume_text(ui, args)
        scenario = load_for_play(args.scenario, stdout_say, args.data) if args.scenario else ui.choose_scenario()
        if scenario is None:
            return 1
        roles, partner = ui.choose_mode(scenario, args.solo, args.pair, args.partner)
        if args.names:
            names = [n.strip() for n in args.names.split(",")]
            if len(names) < len(roles) or not all(names[: len(roles)]):
                raise SetupError(f"--names: geef {len(roles)} bijnamen, komma-gescheiden.")
            humans = dict(zip(roles, names, strict=False))
        else:
            humans = ui.ask_nicknames(scenario, roles)
        record = args.record == "ja" if args.record else ui.ask_consent()
        try:
            variables = parse_sets(args.set, scenario.variable_types)
        except ValueError as exc:
            raise SetupError(str(exc)) from None
        setup = PlaySetup(scenario, humans, partner, record, args.lang, args.workshop, args.from_node, variables)
        recorder = open_records(args.data) if record else None
        setup.maxima = maxima_for(scenario, data_dir(args.data))
        if not record:
            ui.say(ui.t("text.unrecorded"))
        ui.brief(setup)
        session = ui.play(setup, recorder)
        return finish(ui, setup, session, recorder)
    except Quit:
        ui.say(ui.t("text.quit_kept"))
        return 0
    except (SetupError, SessionError, RecorderError) as exc:
        print(f"casustafel: {exc}", file=sys.stderr)
        return 2
    except ExpressionLimitError as exc:  # `x * x` in a loop: the scenario's own arithmetic outgrew the limit
        where = "{}:{}:{}: ".format(args.scenario, *exc.pos) if exc.pos and args.scenario else ""
        print(f"casustafel: {where}{exc.message}", file=sys.stderr)
        return 2


def finish(ui: TextFrontEnd, setup: PlaySetup, session: Session, recorder: Recorder | None) -> int:
    """After the ending: a recorded session goes to the look-back (marks first, scores after);
    an unrecorded one shows its scores with their reasons at once."""
    session_id = getattr(ui, "session_id", None)
    if recorder is not None and session_id:
        ui.say(ui.t("text.recorded_as", id=session_id))
        run_lookback(ui.ask_raw, ui.say, recorder, session_id, setup.scenario, session, setup.humans, setup.language)
        return 0
    ui.show_scores(setup, session.score(), session)
    return 0


def resume_text(ui: TextFrontEnd, args: argparse.Namespace) -> int:
    recorder = open_records(args.data)
    row = recorder.session(args.resume)
    if row is None or row.status != "playing" or not row.snapshot:
        waiting = ", ".join(r.id for r in recorder.unfinished()) or "geen"
        raise SetupError(f"Geen onderbroken sessie {args.resume}. Onderbroken sessies: {waiting}.")
    scenario = load_for_play(row.scenario_path, stdout_say, args.data)
    if scenario is None:
        return 1
    players = recorder.players(row.id)
    humans = {role: nick for role, (nick, human) in players.items() if human}
    setup = PlaySetup(scenario, humans, row.partner_policy, True, row.language, row.workshop,
                      maxima=maxima_for(scenario, data_dir(args.data)))
    snapshot = json.loads(row.snapshot)
    session, report = Session.replay(scenario, snapshot, setup.maxima)
    if scenario.content_hash != row.content_hash:
        ui.say(ui.t("text.scenario_changed"))
    for problem in report.problems:
        ui.say(problem)
    ui.session_id = row.id
    session = ui.run(setup, session, recorder, row.id, session.resume_events())
    return finish(ui, setup, session, recorder)

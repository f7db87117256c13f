"""`casustafel play`: play a scenario in the window, or in the terminal with `--text` (or without a display).

Everything a player can get wrong on the command line (`--scenario`, `--from`, `--solo`, `--set`, `--names`,
`--resume`) is checked before anything is shown, with a suggestion where one fits.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field

from casustafel.engine.diagnostics import did_you_mean
from casustafel.engine.model import Scenario
from casustafel.engine.session import SessionError
from casustafel.game.cli.main import has_display
from casustafel.game.play.controller import (
    LookupProblem,
    PlayController,
    earlier_lessons,
    find_role,
    lookup,
    persona_intro,
    recorded_setup,
    resolve_persona,
)
from casustafel.game.play.hints import command
from casustafel.game.play.playtest import parse_sets
from casustafel.game.records.maxima import maxima_for
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import RecorderError, data_dir
from casustafel.game.terminal.lookback import run_lookback
from casustafel.game.terminal.play import (
    PLAYER_POLICIES,
    Quit,
    SetupError,
    TextFrontEnd,
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
    p.add_argument("--persona", metavar="ID", help="hoe de cliënt deze keer is (bijv. regie, hand, formeel), "
                   "of verras: willekeurig, pas na het einde genoemd")
    p.set_defaults(func=run)


@dataclass
class Checked:
    """The command line, checked: the scenario (when one was named), the solo role id, typed variables."""

    scenario: Scenario | None = None
    solo: str | None = None
    variables: dict[str, object] = field(default_factory=dict)
    persona: str | None = None
    persona_hidden: bool = False


def check(args: argparse.Namespace) -> Checked:
    """Check every argument before anything is shown; SetupError says what is wrong and what to type."""
    checked = Checked()
    if not args.scenario:
        for flag, value in (("--from", args.from_node), ("--set", args.set)):
            if value:
                raise SetupError(f"{flag} werkt alleen met --scenario: geef het scenario erbij.")
        checked.solo = args.solo
        return checked
    if args.resume:
        return checked
    try:
        checked.scenario = scenario = lookup(args.scenario, args.data)
    except LookupProblem as exc:
        for line in exc.details:
            print(line, file=sys.stderr)
        raise SetupError(str(exc)) from None
    if args.from_node and args.from_node not in scenario.nodes:
        raise SetupError(f'--from: node "{args.from_node}" bestaat niet in {scenario.id}.'
                         + did_you_mean(args.from_node, scenario.nodes))
    if args.solo is not None:
        role = find_role(scenario, args.solo, args.lang)
        if role is None:
            shown = ", ".join(f'"{r.replace("_", " ")}"' for r in scenario.roles)
            raise SetupError(f'--solo: rol "{args.solo}" bestaat niet in {scenario.id}. Rollen: {shown}.'
                             + did_you_mean(args.solo.replace(" ", "_"), scenario.roles))
        checked.solo = role
    try:
        checked.variables = parse_sets(args.set, scenario.variable_types)
        checked.persona, checked.persona_hidden = resolve_persona(scenario, getattr(args, "persona", None),
                                                                  random.Random(args.seed))
    except ValueError as exc:
        raise SetupError(f"--persona: {exc}" if "ersona" in str(exc) else str(exc)) from None
    return checked


def run(args: argparse.Namespace) -> int:
    try:
        checked = check(args)
    except SetupError as exc:
        print(f"casustafel play: {exc}", file=sys.stderr)
        return 2
    if not args.text and has_display():
        from casustafel.game import window

        args.solo = checked.solo
        try:
            return window.run(args)
        except window.WindowUnavailable as exc:
            print(f"casustafel: het venster kan hier niet openen ({exc}); we spelen in de terminal.", file=sys.stderr)
    return run_text(args, checked)


def run_text(args: argparse.Namespace, checked: Checked | None = None) -> int:
    checked = checked or check(args)
    ui = TextFrontEnd(lang=args.lang, seed=args.seed)
    try:
        if args.resume:
            return resume_text(ui, args)
        scenario = checked.scenario or ui.choose_scenario()
        roles, partner = ui.choose_mode(scenario, checked.solo, args.pair, args.partner)
        if args.names:
            names = [n.strip() for n in args.names.split(",")]
            if len(names) < len(roles) or not all(names[: len(roles)]):
                raise SetupError(f"--names: geef {len(roles)} bijnamen, komma-gescheiden.")
            humans = dict(zip(roles, names, strict=False))
        else:
            humans = ui.ask_nicknames(scenario, roles)
        if args.record == "ja":  # asked to record: a data folder that cannot take it is said before play starts
            open_records(args.data).close()
        if checked.scenario is None:  # picked in the terminal: its default persona, or the one asked for
            try:
                checked.persona, checked.persona_hidden = resolve_persona(scenario, getattr(args, "persona", None),
                                                                          random.Random(args.seed))
            except ValueError as exc:
                raise SetupError(f"--persona: {exc}") from None
        if not checked.persona_hidden and persona_intro(scenario, checked.persona, args.lang):
            ui.say(persona_intro(scenario, checked.persona, args.lang))
        ctl = PlayController(
            scenario, humans, partner, language=args.lang, workshop=args.workshop, start_at=args.from_node,
            variables=checked.variables, maxima=maxima_for(scenario, data_dir(args.data), checked.persona),
            persona=checked.persona, persona_hidden=checked.persona_hidden,
            open_recorder=lambda: open_records(args.data),
            consent={role: args.record == "ja" for role in humans} if args.record else {},
            seed=args.seed, lessons=earlier_lessons(args.data, args.workshop))
        ui.drive(ctl)
        return finish(ui, ctl, args)
    except Quit:
        ctl = ui.ctl
        if ctl is not None and ctl.recorded and not (ctl.session and ctl.session.ended):
            ui.say(ui.t("text.quit_kept", command=command(args.data, "play", "--text", "--resume", ctl.session_id)))
        else:
            ui.say(ui.t("text.quit_nothing" if ctl is None or not ctl.recorded else "text.quit_ended"))
        return 0
    except (SetupError, SessionError, RecorderError) as exc:
        print(f"casustafel: {exc}", file=sys.stderr)
        return 2


def finish(ui: TextFrontEnd, ctl: PlayController, args: argparse.Namespace) -> int:
    """After the ending: a recorded session goes to the look-back (marks first, scores after);
    an unrecorded one shows its scores with their reasons at once."""
    if ctl.record_error:
        ui.say(ui.t("text.not_recorded", problem=ctl.record_error))
    if ctl.recorded:
        ui.say(ui.t("text.recorded_as", id=ctl.session_id))
        run_lookback(ui.ask_raw, ui.say, ctl.recorder, ctl.session_id, ctl.scenario, ctl.session, ctl.humans,
                     ctl.language, data=args.data, workshop=ctl.workshop, review=ctl.review())
        return 0
    persona = ctl.review().persona_line(ctl.language)
    if persona:
        ui.say(persona)
    ui.show_scores(ctl, ctl.session.score())
    return 0


def resume_text(ui: TextFrontEnd, args: argparse.Namespace) -> int:
    recorder = open_records(args.data)
    try:
        setup = recorded_setup(recorder, args.resume)
    except LookupProblem as exc:
        raise SetupError(str(exc)) from None
    scenario = setup.scenario
    ctl = PlayController(scenario, setup.humans, setup.partner_policy, language=setup.language,
                         workshop=setup.workshop, seed=args.seed,
                         maxima=maxima_for(scenario, data_dir(args.data), setup.snapshot.get("persona")))
    for notice in setup.notices:
        ui.say(notice)
    ui.ctl = ctl
    ctl.on_events = ui.show
    for problem in ctl.resume(recorder, setup.session_id, setup.snapshot):
        ui.say(problem)
    ui.drive(ctl)
    return finish(ui, ctl, args)


__all__ = ["check", "register", "run", "run_text"]

"""The terminal front end: the same sessions as the window, in plain text.

Works when piped (tests, screen readers): no curses, one prompt per line, `q` quits and keeps the
session, unusable answers get a short hint and the question again. Every engine event is recorded
before the next prompt appears.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from casustafel.engine.library import load_library
from casustafel.engine.model import Scenario
from casustafel.engine.partner import SOLO_PARTNERS
from casustafel.engine.scoring import ScoreReport
from casustafel.engine.session import EndingReached, Event, LineSpoken, OptionChosen, ReflectionAsked
from casustafel.game.i18n import tr
from casustafel.game.play.controller import (
    PAIR,
    SOLO,
    UNDO,
    AskChoice,
    AskConsent,
    AskReflection,
    HandOver,
    PlayController,
    Request,
    ShowAnswers,
    ShowBriefing,
    ShowLessons,
    StartTogether,
    coach_hints,
)

from .wrap import fit

Ask = Callable[[str], "str | None"]
Say = Callable[[str], None]
PLAYER_POLICIES = SOLO_PARTNERS


class Quit(Exception):
    """The player typed q (or input ended): stop, keeping what was recorded."""


def stdin_ask(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def stdout_say(text: str) -> None:
    print(fit(text), flush=True)


class TextFrontEnd:
    """Runs setup, play, ending and scores in the terminal."""

    def __init__(self, ask: Ask = stdin_ask, say: Say = stdout_say, lang: str = "nl", seed: int | None = None) -> None:
        self._ask, self.say, self.lang = ask, say, lang
        self.seed = seed
        self.ctl: PlayController | None = None
        self._consent_explained = False

    @property
    def ask_raw(self) -> Ask:
        """The bare line reader (None at the end of input), for screens that handle quitting themselves."""
        return self._ask

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    # -- input helpers ------------------------------------------------------------------------------
    def ask(self, prompt: str) -> str:
        answer = self._ask(prompt)
        if answer is None:
            raise Quit
        answer = answer.strip()
        if answer.lower() in ("q", "quit", "stop"):
            raise Quit
        return answer

    def ask_number(self, prompt: str, count: int, extra: tuple[str, ...] = ()) -> int | str:
        """A number 1..count, or one of the `extra` letters."""
        while True:
            answer = self.ask(prompt)
            if answer.lower() in extra:
                return answer.lower()
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer)
            self.say(self.t("text.hint_number", count=count))

    def ask_yes_no(self, prompt: str) -> bool:
        while True:
            answer = self.ask(prompt).lower()
            if answer in ("j", "ja", "y", "yes"):
                return True
            if answer in ("n", "nee", "no"):
                return False
            self.say(self.t("text.hint_yes_no"))

    # -- setup --------------------------------------------------------------------------------------
    def choose_scenario(self) -> Scenario:
        results = load_library()
        playable = [r.scenario for r in results if r.scenario is not None]
        for r in results:
            if r.scenario is None and r.diagnostics:
                self.say(self.t("text.scenario_broken", problem=r.diagnostics[0].format()))
        if not playable:
            raise SetupError(self.t("text.no_scenarios"))
        self.say(self.t("text.pick_scenario"))
        for i, s in enumerate(playable, 1):
            self.say(f"  {i}. {s.title.get(self.lang)} ({s.duration} min)")
            self.say(f"     {s.summary.get(self.lang)}")
        choice = self.ask_number(self.t("text.prompt_number"), len(playable))
        return playable[int(choice) - 1]

    def choose_mode(self, scenario: Scenario, solo: str | None, pair: bool, partner: str | None
                    ) -> tuple[list[str], str | None]:
        roles = list(scenario.choosing_roles()) or list(scenario.roles)
        if pair and len(roles) < 2:
            raise SetupError(self.t("text.pair_impossible"))
        if solo is not None:
            if solo not in scenario.roles:
                raise SetupError(self.t("text.unknown_role", role=solo, roles=", ".join(scenario.roles)))
            return [solo], partner or PLAYER_POLICIES[0]
        if pair:
            return roles, None
        if len(roles) > 1:
            self.say(self.t("text.pick_mode"))
            mode = self.ask_number(self.t("text.prompt_number"), 2)
            if mode == 2:
                return roles, None
        if len(roles) == 1:
            human = roles[0]
        else:
            self.say(self.t("text.pick_role"))
            for i, role in enumerate(roles, 1):
                r = scenario.roles[role]
                self.say(f"  {i}. {self.role_label(scenario, role)} ({r.organisation.get(self.lang)})")
            human = roles[int(self.ask_number(self.t("text.prompt_number"), len(roles))) - 1]
        if partner is None and len(scenario.roles) > 1:
            self.say(self.t("text.pick_partner"))
            for i, policy in enumerate(PLAYER_POLICIES, 1):
                self.say(f"  {i}. {self.t('policy.' + policy)}")
            partner = PLAYER_POLICIES[int(self.ask_number(self.t("text.prompt_number"), len(PLAYER_POLICIES))) - 1]
        return [human], partner or PLAYER_POLICIES[0]

    def role_label(self, scenario: Scenario, role: str) -> str:
        return f"{scenario.roles[role].name.get(self.lang)}, {self.t('role.' + role) if role in ROLE_KEYS else role}"

    def ask_nicknames(self, scenario: Scenario, roles: list[str]) -> dict[str, str]:
        names = {}
        for role in roles:
            while True:
                nick = self.ask(self.t("text.prompt_nickname", role=self.role_label(scenario, role)))
                if nick and len(nick) <= 40:
                    names[role] = nick
                    break
                self.say(self.t("text.hint_nickname"))
        return names

    # -- the session: answer the controller's requests -------------------------------------------------
    def drive(self, ctl: PlayController) -> None:
        """Show what the controller asks and hand back what the players do, until the session is over."""
        self.ctl = ctl
        ctl.on_events = self.show
        while (request := ctl.next_request()) is not None:
            ctl.reply(request, self.handle(ctl, request))

    def handle(self, ctl: PlayController, request: Request) -> object:
        scenario = ctl.scenario
        if isinstance(request, ShowLessons):
            self.say(self.t("text.lessons_title"))
            for lesson in request.lessons:
                self.say(f"  - {lesson}")
            return None
        if isinstance(request, AskConsent):
            if not self._consent_explained:
                self.say(self.t("text.consent"))
                self._consent_explained = True
            key = "text.prompt_consent_nick" if ctl.mode == PAIR else "text.prompt_consent"
            return self.ask_yes_no(self.t(key, nick=request.nick))
        if isinstance(request, HandOver):
            self.clear()
            self.ask(self.t("text.handover_" + request.purpose, nick=request.nick,
                            role=self.role_label(scenario, request.role)))
            return None
        if isinstance(request, ShowBriefing):
            self.say(self.t("text.brief_title", role=self.role_label(scenario, request.role)))
            self.say(request.brief.get(self.lang))
            self.ask(self.t("text.brief_done"))
            return None
        if isinstance(request, StartTogether):
            if ctl.mode == PAIR:
                self.clear()
                self.say(self.t("text.together"))
            if not ctl.consented:
                self.say(self.t("text.unrecorded"))
            self.say(self.t("text.casefile", name=scenario.client.name.get(self.lang)))
            for fact in scenario.client.facts:
                self.say(f"  - {fact.get(self.lang)}")
            return None
        if isinstance(request, AskChoice):
            return self.ask_choice(ctl, request)
        if isinstance(request, AskReflection):
            key = "text.prompt_reflect" if ctl.mode == PAIR else "text.prompt_reflect_solo"
            answer = self.ask(self.t(key, nick=request.nick))
            if ctl.mode == PAIR:
                self.clear()
            return answer
        if isinstance(request, ShowAnswers):
            self.say(self.t("text.answers_title"))
            for role, text in request.answers.items():
                self.say(f"  {ctl.humans.get(role, role)} ({self.role_label(scenario, role)}): {text}")
            return None
        return None  # PartnerMove, ShowEnding: nothing to ask

    def ask_choice(self, ctl: PlayController, request: AskChoice) -> str:
        scenario = ctl.scenario
        self.say("")
        self.say(self.t("text.turn", nick=request.nick, role=self.role_label(scenario, request.role)))
        if request.prompt is not None:
            self.say(request.prompt.get(self.lang))
        for i, option in enumerate(request.options, 1):
            self.say(f"  {i}. {option.text.get(self.lang)}")
        if ctl.mode == SOLO and ctl.partner_policy == "coach":
            hints = coach_hints(scenario, request.options, self.lang, ctl.session.persona)
            if hints:
                self.say(self.t("text.coach_hint", names=", ".join(hints)))
        solo = ctl.mode == SOLO
        while True:
            choice = self.ask_number(self.t("text.prompt_choice_solo" if solo else "text.prompt_choice"),
                                     len(request.options), ("u",) if solo else ())
            if choice != "u":
                return request.options[int(choice) - 1].id
            if request.can_undo:
                self.say(self.t("text.undone"))
                return UNDO
            self.say(self.t("text.nothing_to_undo"))

    def clear(self) -> None:
        """Push what the previous player saw off the screen (only on a real terminal)."""
        if self.ctl is not None and self.ctl.mode == PAIR and sys.stdout.isatty():
            self.say("\n" * 60)

    def show(self, events: list[Event]) -> None:
        """The events everyone may see; a turn's prompt and options wait for `AskChoice`."""
        scenario = self.ctl.scenario
        for event in events:
            if isinstance(event, LineSpoken):
                self.say(f"{self.speaker(scenario, event.by)}: {event.text.get(self.lang)}")
            elif isinstance(event, OptionChosen):
                self.say(f"{self.speaker(scenario, event.role)}: {event.option.text.get(self.lang)}")
            elif isinstance(event, ReflectionAsked):
                self.say("")
                self.say(tr("text.reflect_title", self.lang, self.ctl.mode == SOLO))
                self.say(event.question.get(self.lang))
            elif isinstance(event, EndingReached):
                self.say("")
                self.say(self.t("text.ending", kind=self.t("ending." + event.ending.kind)
                                if event.ending.kind in ENDING_KEYS else event.ending.kind,
                                title=event.ending.title.get(self.lang)))
                self.say(event.ending.text.get(self.lang))

    def speaker(self, scenario: Scenario, speaker_id: str) -> str:
        if speaker_id in scenario.roles:
            return self.role_label(scenario, speaker_id)
        return scenario.speaker_name(speaker_id, self.lang)

    # -- scores -------------------------------------------------------------------------------------
    def show_scores(self, ctl: PlayController, report: ScoreReport) -> None:
        """The scores of an unrecorded session, with their reasons (a recorded one goes to the look-back)."""
        scenario = ctl.scenario
        self.say("")
        self.say(self.t("text.scores_title"))
        solo = ctl.mode == SOLO
        for role, player in report.players.items():
            if solo and role not in ctl.humans:  # the computer colleague: apart, never added to the learner's
                self.say(self.t("text.partner_apart", role=self.role_label(scenario, role),
                                points=_fmt(player.points)))
                continue
            who = ctl.humans.get(role) or self.t("text.computer")
            share = f" ({player.share:.0%} {self.t('text.of_max')})" if player.maximum else ""
            self.say(self.t("text.player_score", nick=who, role=self.role_label(scenario, role),
                            points=_fmt(player.points)) + share)
            for reason in player.reasons:
                self.say("    " + self.reason_line(scenario, reason))
        if report.alignment_start is not None:
            self.say(self.t("text.alignment", start=f"{report.alignment_start:.2f}", end=f"{report.alignment_end:.2f}",
                            change=f"{report.alignment_change:+.2f}"))
        self.say(self.t("text.anchor", anchor=f"{report.client_anchor:.2f}"))
        for role, moved in report.movement.items():
            self.say(self.t("text.movement", role=self.role_label(scenario, role), movement=f"{moved:.2f}"))
        if solo:  # the session score adds both players' points: a pair's figure, not the learner's
            return
        self.say(self.t("text.session_score", score=_fmt(report.session_score)))
        for reason in report.session_reasons:
            if reason.kind == "alignment":
                self.say("    " + self.t("text.reason_alignment", points=_fmt(reason.points)))

    def reason_line(self, scenario: Scenario, reason) -> str:
        heuristic = scenario.catalogue.heuristics.get(reason.id)
        level = scenario.catalogue.levels.get(reason.id)
        name = heuristic.name.get(self.lang) if heuristic else level.name.get(self.lang) if level else reason.id
        who = scenario.roles[reason.role].name.get(self.lang) if reason.role in scenario.roles else ""
        label = self.t("reason." + reason.kind, name=name)
        return self.t("text.reason", turn=reason.turn, who=who, label=label, points=_signed(reason.points))


class SetupError(Exception):
    """The requested setup cannot be played; the message says why."""


ROLE_KEYS = ("klantmanager", "sociaal_werker", "client")
ENDING_KEYS = ("gedeeld_plan", "schijnakkoord", "impasse", "escalatie", "open")


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _fmt(value)

"""The terminal front end: the same sessions as the window, in plain text.

Works when piped (tests, screen readers): no curses, one prompt per line, `q` quits and keeps the
session, unusable answers get a short hint and the question again. Every engine event is recorded
before the next prompt appears.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.engine.library import load_library, resolve
from casustafel.engine.model import Scenario
from casustafel.engine.partner import SOLO_PARTNERS, pick
from casustafel.engine.scoring import ScoreReport
from casustafel.engine.session import (
    ChoiceOffered,
    EndingReached,
    Event,
    LineSpoken,
    OptionChosen,
    ReflectionAnswered,
    ReflectionAsked,
    Session,
)
from casustafel.game.i18n import tr
from casustafel.game.play.loading import load_for_game
from casustafel.game.records.recorder import Recorder

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
    print(text, flush=True)


@dataclass
class PlaySetup:
    """What the player chose before play begins."""

    scenario: Scenario
    humans: dict[str, str]  # role -> nickname
    partner_policy: str | None
    record: bool
    language: str
    workshop: str = ""
    start_at: str | None = None
    variables: dict[str, object] = field(default_factory=dict)
    maxima: dict[str, float] = field(default_factory=dict)  # each role's reachable maximum, for the share

    @property
    def mode(self) -> str:
        return "pair" if len(self.humans) > 1 else "solo"


class TextFrontEnd:
    """Runs setup, play, ending and scores in the terminal."""

    def __init__(self, ask: Ask = stdin_ask, say: Say = stdout_say, lang: str = "nl", seed: int | None = None) -> None:
        self._ask, self.say, self.lang = ask, say, lang
        self.rng = random.Random(seed)

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

    def ask_consent(self) -> bool:
        self.say(self.t("text.consent"))
        return self.ask_yes_no(self.t("text.prompt_consent"))

    def brief(self, setup: PlaySetup) -> None:
        scenario = setup.scenario
        for role, nick in setup.humans.items():
            if setup.mode == "pair":
                self.ask(self.t("text.handover", nick=nick, role=self.role_label(scenario, role)))
            self.say(self.t("text.brief_title", role=self.role_label(scenario, role)))
            self.say(scenario.roles[role].brief.get(self.lang))
            self.ask(self.t("text.brief_done"))
            if setup.mode == "pair" and sys.stdout.isatty():
                self.say("\n" * 60)  # push the private brief off screen before the hand-over
        self.say(self.t("text.casefile", name=scenario.client.name.get(self.lang)))
        for fact in scenario.client.facts:
            self.say(f"  - {fact.get(self.lang)}")

    # -- play ---------------------------------------------------------------------------------------
    def play(self, setup: PlaySetup, recorder: Recorder | None) -> Session:
        scenario = setup.scenario
        session = Session(scenario, answering_roles=list(setup.humans), maxima=setup.maxima)
        session_id = None
        if recorder is not None:
            players = {r: (setup.humans.get(r) or self.t("text.computer"), r in setup.humans) for r in scenario.roles}
            session_id = recorder.start_session(
                scenario_id=scenario.id, scenario_path=str(Path(scenario.path).resolve()),
                content_hash=scenario.content_hash, mode=setup.mode, players=players, language=setup.language,
                partner_policy=setup.partner_policy, workshop=setup.workshop, consent=True)
            self.session_id = session_id
        events = session.start(setup.start_at, setup.variables)
        return self.run(setup, session, recorder, session_id, events)

    def run(self, setup: PlaySetup, session: Session, recorder: Recorder | None, session_id: str | None,
            events: list[Event]) -> Session:
        def commit(evts: list[Event]) -> None:
            if recorder is not None and session_id is not None:
                recorder.record(session_id, evts, session.snapshot(), setup.language)

        commit(events)
        while True:
            self.show(setup, events)
            if session.ended:
                break
            role = session.awaiting_role
            if role is None:  # pragma: no cover - the engine always waits for someone until the end
                break
            if session.node.kind == "reflect":
                answer = self.ask(self.t("text.prompt_reflect", nick=setup.humans[role]))
                events = session.answer(role, answer)
            elif role in setup.humans:
                events = self.human_turn(setup, session, role, recorder, session_id)
                if events is None:
                    events = session.resume_events()
                    continue
            else:
                policy = setup.partner_policy or PLAYER_POLICIES[0]
                option = pick(policy, setup.scenario, role, session.offered(), self.rng)
                events = session.choose(option.id)
            commit(events)
        if recorder is not None and session_id is not None:
            recorder.set_score(session_id, session.score().session_score)
        return session

    def human_turn(self, setup: PlaySetup, session: Session, role: str, recorder: Recorder | None,
                   session_id: str | None) -> list[Event] | None:
        offered = session.offered()
        solo = setup.mode == "solo"
        started = time.monotonic()
        extra = ("u",) if solo else ()
        choice = self.ask_number(self.t("text.prompt_choice_solo" if solo else "text.prompt_choice"),
                                 len(offered), extra)
        if choice == "u":
            if not self.undo_own_turn(session, role):
                self.say(self.t("text.nothing_to_undo"))
            else:
                self.say(self.t("text.undone"))
                if recorder is not None and session_id is not None:
                    recorder.record_undo(session_id, session.snapshot())
            return None
        option = offered[int(choice) - 1]
        events = session.choose(option.id, round(time.monotonic() - started, 2))
        if solo and setup.partner_policy == "coach" and option.feedback is not None:
            self.say(self.t("text.coach_feedback", text=option.feedback.get(self.lang)))
        return events

    @staticmethod
    def undo_own_turn(session: Session, role: str) -> bool:
        """Undo until it is `role`'s choice again, taking back the partner's replies too."""
        if not any(t.role == role for t in session.history):
            return False
        while session.undo():
            if session.awaiting_role == role and session.node.kind == "choice":
                return True
        return True

    def show(self, setup: PlaySetup, events: list[Event]) -> None:
        scenario = setup.scenario
        for event in events:
            if isinstance(event, LineSpoken):
                self.say(f"{self.speaker(scenario, event.by)}: {event.text.get(self.lang)}")
            elif isinstance(event, OptionChosen):
                self.say(f"{self.speaker(scenario, event.role)}: {event.option.text.get(self.lang)}")
            elif isinstance(event, ChoiceOffered):
                who = setup.humans.get(event.role)
                if who is None:
                    continue
                self.say("")
                self.say(self.t("text.turn", nick=who, role=self.role_label(scenario, event.role)))
                self.say(event.prompt.get(self.lang))
                for i, option in enumerate(event.options, 1):
                    self.say(f"  {i}. {option.text.get(self.lang)}")
            elif isinstance(event, ReflectionAsked):
                self.say("")
                self.say(self.t("text.reflect_title"))
                self.say(event.question.get(self.lang))
            elif isinstance(event, ReflectionAnswered):
                continue
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
    def show_scores(self, setup: PlaySetup, report: ScoreReport, session: Session) -> None:
        scenario = setup.scenario
        catalogue = scenario.catalogue
        self.say("")
        self.say(self.t("text.scores_title"))
        for role, player in report.players.items():
            who = setup.humans.get(role) or self.t("text.computer")
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
        self.say(self.t("text.session_score", score=_fmt(report.session_score)))
        for reason in report.session_reasons:
            if reason.kind == "alignment":
                self.say("    " + self.t("text.reason_alignment", points=_fmt(reason.points)))
        del catalogue, session

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


def load_for_play(name: str, say: Say, data: str | None = None) -> Scenario | None:
    path = resolve(name)
    if path is None:
        say(tr("text.scenario_not_found", "nl", name=name))
        return None
    result = load_for_game(path, data)
    if result.scenario is None:
        for d in result.diagnostics:
            say(d.format())
        say(tr("text.scenario_has_errors", "nl", path=path))
        return None
    return result.scenario

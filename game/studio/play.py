"""The studio's play pane: a playthrough replayed from a request, through the engine's Session and partner.

The page keeps only the start node, the variable values, the policy, the human role and the author's choices;
each request replays them from the start, so an edited file keeps the part of the play that still fits.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from casustafel.engine.model import CHOICE, REFLECT, Option, Scenario
from casustafel.engine.partner import POLICIES, pick
from casustafel.engine.scoring import option_value
from casustafel.engine.session import (
    ChoiceOffered,
    EndingReached,
    Event,
    LineSpoken,
    OptionChosen,
    ReflectionAnswered,
    ReflectionAsked,
    Session,
    SessionError,
)

MAX_TURNS = 500


class PlayError(ValueError):
    """A request the play pane cannot honour; the message is a Dutch sentence for the page."""


def _value(name: str, raw: object, declared: object) -> object:
    """A variable value from the page, in the declared type."""
    if isinstance(declared, bool):
        if isinstance(raw, bool):
            return raw
    elif isinstance(declared, int):
        if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
            return int(raw)
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            return int(raw)
    elif isinstance(declared, float):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
    elif isinstance(raw, str):
        return raw
    raise PlayError(f'Variabele "{name}" moet {type(declared).__name__} zijn, niet {raw!r}.')


def _event(scenario: Scenario, event: Event, partner_role: str | None) -> dict | None:
    if isinstance(event, LineSpoken):
        return {"kind": "line", "node": event.node, "by": scenario.speaker_name(event.by), "text": event.text.get()}
    if isinstance(event, OptionChosen):
        return {"kind": "chosen", "node": event.node, "by": scenario.speaker_name(event.role),
                "option": event.option.id, "text": event.option.text.get(),
                "value": option_value(scenario, event.option), "partner": event.role == partner_role}
    if isinstance(event, ReflectionAsked):
        return {"kind": "reflect", "node": event.node, "text": event.question.get()}
    if isinstance(event, EndingReached):
        return {"kind": "ending", "node": event.node, "ending": event.ending.kind, "title": event.ending.title.get(),
                "text": event.ending.text.get()}
    if isinstance(event, ChoiceOffered | ReflectionAnswered):
        return None
    return None


def _option(scenario: Scenario, option: Option) -> dict:
    return {"id": option.id, "text": option.text.get(), "value": option_value(scenario, option)}


def play(scenario: Scenario, request: Mapping) -> dict:
    """Replay `request` (node, variables, policy, role, choices, seed) and say where the play stands now."""
    node = str(request.get("node") or scenario.start)
    policy = str(request.get("policy") or "scripted")
    if policy not in POLICIES:
        raise PlayError(f"Onbekend partnerbeleid {policy!r}; kies uit {', '.join(POLICIES)}.")
    human = request.get("role") or None
    if human is not None and human not in scenario.roles:
        raise PlayError(f'Rol "{human}" bestaat niet in dit scenario; kies uit {", ".join(scenario.roles)}.')
    raw_vars = request.get("variables") or {}
    if not isinstance(raw_vars, Mapping):
        raise PlayError("Variabelen moeten een object {naam: waarde} zijn.")
    variables = {}
    for name, raw in raw_vars.items():
        if name not in scenario.variables:
            raise PlayError(f'Variabele "{name}" is niet gedeclareerd in dit scenario.')
        variables[name] = _value(name, raw, scenario.variables[name])
    choices = [str(c) for c in request.get("choices") or []]
    rng = random.Random(int(request.get("seed") or 0))
    session = Session(scenario)
    try:
        events = session.start(node, variables)
    except SessionError as exc:
        raise PlayError(str(exc)) from exc
    applied, problem = 0, ""
    for _ in range(MAX_TURNS):
        if session.ended:
            break
        waiting = session.awaiting_role
        try:
            if session.node.kind == REFLECT and waiting:
                events += session.answer(waiting, "")
            elif waiting is None:
                break
            elif human is not None and waiting != human:
                events += session.choose(pick(policy, scenario, waiting, session.offered(), rng).id)
            elif applied < len(choices):
                option_id = choices[applied]
                if option_id not in {o.id for o in session.offered()}:
                    problem = (f'Keuze {applied + 1} ({option_id}) wordt bij node "{session.node.id}" niet (meer) '
                               "aangeboden; het spel gaat hier verder.")
                    break
                events += session.choose(option_id)
                applied += 1
            else:
                break
        except SessionError as exc:
            problem = str(exc)
            break
    partner_role = None if human is None else next((r for r in scenario.roles if r != human), None)
    transcript = [e for e in (_event(scenario, ev, partner_role) for ev in events) if e is not None]
    awaiting = session.awaiting_role
    offered = [_option(scenario, o) for o in session.offered()] if awaiting and session.node.kind == CHOICE else []
    report = session.score()
    return {
        "transcript": transcript, "applied": applied, "problem": problem, "ended": session.ended,
        "node": session.node.id, "awaiting": awaiting or "",
        "prompt": session.node.prompt.get() if session.node.prompt and offered else "",
        "offered": offered, "variables": dict(session.variables),
        "scores": {role: round(score.points, 2) for role, score in report.players.items()},
    }

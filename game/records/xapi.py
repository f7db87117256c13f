"""A recorded session as xAPI statements, after the serious-games profile (w3id.org/xapi/seriousgames).

Per session:
- `initialized` the scenario (activity type serious-game), once per human player, at the session's start;
- `selected` for every choice that stands (undone ones left out): the node is the activity (type
  dialog-tree), the option id is `result.response`, the option's text, frames, heuristics and points are
  result extensions;
- `completed` the scenario, once per human player, at the ending: `result.score.raw` is the player's points,
  with `min` and `max` the range the analysis found reachable for that role and `scaled` the share of the
  maximum the game shows (`PlayerScore.share`); `result.duration` the time from start to ending, the session
  score and the ending are extensions;
- `voided` (`void_statements`): when a session is withdrawn, one voiding statement per statement an LRS holds.

The computer partner is no actor. An LRS counts every actor as a learner (dashboards, completions, scores),
and the computer learns nothing: its moves come from a policy. So in a solo session only the human has
statements; the partner is named in `context.extensions` (`partner`: its role and policy), and its moves
stay in the research exports (csv/jsonl), where `human` = 0 marks them.

Every statement carries `context.registration` (a UUID derived from the session id), the pair as
`context.team`, the scenario as parent activity and the serious-games profile as category. Activity ids
live under `https://casustafel.invalid/` (a reserved domain: they name things, nobody fetches them).
Actors are accounts on this installation named by the export's pseudonym (see `records.recorded.Names`).

Statement ids are UUID 5 of the session id and the recorded event, so the same session always gives the
same statements: an LRS stores each once however often it is pushed. This module makes no network
connection; `casustafel push` (game/cli/push.py) and `casustafel delete` (voiding) do.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from datetime import UTC, datetime

from casustafel.engine.model import Scenario
from casustafel.game.records.maxima import bounds_for
from casustafel.game.records.recorded import Names, Scenarios, score_of, session_learner
from casustafel.game.records.recorder import Recorder

BASE = "https://casustafel.invalid"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE + "/")
PROFILE = "https://w3id.org/xapi/seriousgames"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "selected": "https://w3id.org/xapi/adb/verbs/selected",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "voided": "http://adlnet.gov/expapi/verbs/voided",
}
SERIOUS_GAME = "https://w3id.org/xapi/seriousgames/activity-types/serious-game"
DIALOG_TREE = "https://w3id.org/xapi/seriousgames/activity-types/dialog-tree"
EXT = BASE + "/extensions/"
XAPI_VERSION = "1.0.3"


class XapiError(Exception):
    """Statements that cannot be made or do not hold up; the message says what is wrong."""


def registration(session_id: str) -> str:
    """The session as an xAPI registration: a UUID derived from its id, the same every time."""
    return str(uuid.uuid5(NAMESPACE, f"session/{session_id}"))


def statement_id(session_id: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"session/{session_id}/{key}"))


def scenario_iri(scenario_id: str) -> str:
    return f"{BASE}/scenarios/{scenario_id}"


def node_iri(scenario_id: str, node: str) -> str:
    return f"{BASE}/scenarios/{scenario_id}/nodes/{node}"


def timestamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """ISO 8601 duration, e.g. PT1H2M3.5S."""
    seconds = max(0.0, round(seconds, 2))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    return text + f"{secs:g}S"


def _texts(text, languages: tuple[str, ...], fallback: str) -> dict[str, str]:
    """A language map from a scenario `Text` (every language it has), or the fallback in Dutch."""
    if text is None:
        return {"nl": fallback}
    found = {lang: text.get(lang) for lang in languages if text.get(lang)}
    return found or {"nl": fallback}


def installation_home(salt: str) -> str:
    """The account home page of this installation (from its salt, so it names nothing personal)."""
    return f"{BASE}/installations/{hashlib.sha256(salt.encode('utf-8')).hexdigest()[:12]}"


class _Actors:
    """The human players as xAPI agents (the computer partner is no actor: see the module note)."""

    def __init__(self, recorder: Recorder, session_id: str, names: Names) -> None:
        self.home = installation_home(names.salt)
        self.players = recorder.players(session_id)
        self.humans = [role for role, (_nick, human) in self.players.items() if human]
        self.names = names

    def agent(self, role: str) -> dict:
        nickname, _human = self.players[role]
        agent: dict = {"objectType": "Agent",
                       "account": {"homePage": self.home, "name": self.names.player(nickname, True)}}
        if self.names.keep_names:
            agent["name"] = nickname
        return agent

    def team(self) -> dict:
        return {"objectType": "Group", "member": [self.agent(role) for role in self.humans]}


def session_statements(recorder: Recorder, session_id: str, names: Names, scenarios: Scenarios | None = None,
                       lang: str = "nl") -> list[dict]:
    """The xAPI statements of one recorded session, in the order things happened."""
    scenarios = scenarios or Scenarios()
    row = recorder.session(session_id)
    if row is None:
        raise XapiError(f"Sessie {session_id} bestaat niet (meer). Bekijk de sessies met: casustafel sessions")
    scenario: Scenario | None = scenarios.get(row)
    languages = scenario.languages if scenario is not None else (row.language,)
    actors = _Actors(recorder, row.id, names)
    choices = recorder.choices(row.id)
    bounds = bounds_for(scenario, recorder.path.parent) if scenario is not None else {}
    report = score_of(scenario, choices, {role: high for role, (_low, high) in bounds.items()},
                      session_learner(recorder, row, scenario))
    points: dict[tuple[int, str], float] = {}
    if report is not None:
        for score in report.players.values():
            for reason in score.reasons:
                points[(reason.turn, reason.role)] = points.get((reason.turn, reason.role), 0.0) + reason.points
    game_activity = {
        "objectType": "Activity", "id": scenario_iri(row.scenario_id),
        "definition": {"type": SERIOUS_GAME,
                       "name": _texts(scenario.title if scenario else None, languages, row.scenario_id)},
    }
    context_base: dict = {
        "registration": registration(row.id),
        "team": actors.team(),
        "platform": "Casustafel",
        "language": row.language,
        "contextActivities": {"category": [{"objectType": "Activity", "id": PROFILE}]},
    }

    def context(role: str, parent: bool) -> dict:
        made = dict(context_base)
        if parent:
            made["contextActivities"] = {**context_base["contextActivities"], "parent": [game_activity]}
        ext = {EXT + "role": role, EXT + "mode": row.mode}
        partners = [r for r in actors.players if r not in actors.humans]
        if partners:
            ext[EXT + "partner"] = {r: f"computer ({row.partner_policy or '-'})" for r in partners}
        if row.workshop:
            ext[EXT + "workshop"] = row.workshop
        made["extensions"] = ext
        return made

    humans = actors.humans
    statements = []
    for role in humans:
        statements.append({
            "id": statement_id(row.id, f"initialized/{role}"), "actor": actors.agent(role),
            "verb": {"id": VERBS["initialized"], "display": {"en-US": "initialized", "nl": "begon"}},
            "object": game_activity, "context": context(role, parent=False), "timestamp": timestamp(row.started_at),
        })
    for choice in choices:
        role, node = choice["role"], choice["node"]
        if role not in humans:
            continue
        option = scenario.options.get(choice["option_id"]) if scenario is not None and report is not None else None
        node_def = scenario.nodes.get(node) if scenario is not None else None
        result: dict = {"response": choice["option_id"]}
        ext = {EXT + "turn": choice["turn"], EXT + "option-text": (choice["payload"] or {}).get("text", "")}
        if choice["seconds"] is not None:
            result["duration"] = duration(choice["seconds"])
        if option is not None:
            ext[EXT + "frames"] = dict(option.frames)
            ext[EXT + "heuristics"] = [t.id for t in option.heuristics]
            ext[EXT + "points"] = points.get((choice["turn"], role), 0.0)
            if option.level:
                ext[EXT + "level"] = option.level
        result["extensions"] = ext
        statements.append({
            "id": statement_id(row.id, f"selected/{choice['id']}"), "actor": actors.agent(role),
            "verb": {"id": VERBS["selected"], "display": {"en-US": "selected", "nl": "koos"}},
            "object": {"objectType": "Activity", "id": node_iri(row.scenario_id, node),
                       "definition": {"type": DIALOG_TREE,
                                      "name": _texts(node_def.prompt if node_def else None, languages, node)}},
            "result": result, "context": context(role, parent=True), "timestamp": timestamp(choice["at"]),
        })
    ending = next((e for e in reversed(recorder.events(row.id)) if e["kind"] == "ending"), None)
    if ending is not None and row.status == "ended":
        for role in humans:
            score: dict = {}
            if report is not None:
                player = report.players[role]
                score = {"raw": round(player.points, 2)}
                low, high = bounds.get(role, (-math.inf, math.inf))
                if math.isfinite(low) and math.isfinite(high) and high > 0:
                    score.update({"min": round(min(low, player.points), 2), "max": round(high, 2),
                                  "scaled": round(player.share, 4)})
            completed_ext = {EXT + "ending": ending["node"], EXT + "ending-kind": (ending["payload"] or {}).get("kind")}
            if report is not None:
                completed_ext[EXT + "session-score"] = report.session_score
                completed_ext[EXT + "alignment-change"] = round(report.alignment_change, 4)
            result = {"completion": True, "duration": duration(ending["at"] - row.started_at),
                      "response": ending["node"], "extensions": completed_ext}
            if score:
                result["score"] = score
            statements.append({
                "id": statement_id(row.id, f"completed/{ending['id']}/{role}"), "actor": actors.agent(role),
                "verb": {"id": VERBS["completed"], "display": {"en-US": "completed", "nl": "rondde af"}},
                "object": game_activity, "result": result, "context": context(role, parent=False),
                "timestamp": timestamp(ending["at"]),
            })
    for statement in statements:
        problems = check_statement(statement)
        if problems:
            raise XapiError(f"Sessie {row.id}: statement {statement['id']} klopt niet: {'; '.join(problems)}")
    return statements


def void_statements(salt: str, session_id: str, statement_ids: list[str]) -> list[dict]:
    """One `voided` statement per statement id (xAPI 1.0.3 §2.5); their ids are deterministic too."""
    actor = {"objectType": "Agent", "account": {"homePage": installation_home(salt), "name": "casustafel"}}
    now = timestamp(datetime.now(UTC).timestamp())
    return [{"id": statement_id(session_id, f"voided/{target}"), "actor": actor,
             "verb": {"id": VERBS["voided"], "display": {"en-US": "voided", "nl": "trok in"}},
             "object": {"objectType": "StatementRef", "id": target}, "timestamp": now}
            for target in statement_ids]


# -- a light check at run time (the tests validate against Ralph's maintained pydantic models) ------------
_DURATION = re.compile(r"^P(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
                       r"(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$")


def check_statement(statement: dict) -> list[str]:
    """What makes a statement invalid xAPI 1.0.3 (the structural rules this module could break)."""
    problems = []
    try:
        uuid.UUID(statement["id"])
    except (KeyError, ValueError, TypeError):
        problems.append("id is geen UUID")
    actor = statement.get("actor", {})
    if "account" not in actor or not actor["account"].get("name") or not actor["account"].get("homePage"):
        problems.append("actor heeft geen account")
    if not str(statement.get("verb", {}).get("id", "")).startswith(("http://", "https://")):
        problems.append("verb.id is geen IRI")
    if not str(statement.get("object", {}).get("id", "")).startswith(("http://", "https://")):
        problems.append("object.id is geen IRI")
    result = statement.get("result", {})
    if "duration" in result and not _DURATION.match(result["duration"]):
        problems.append(f"duur {result['duration']} is geen ISO 8601-duur")
    score = result.get("score", {})
    raw = score.get("raw")
    if raw is not None and not isinstance(raw, int | float):
        problems.append("score.raw is geen getal")
    if not -1 <= score.get("scaled", 0) <= 1:
        problems.append("score.scaled ligt niet tussen -1 en 1")
    if raw is not None and not score.get("min", raw) <= raw <= score.get("max", raw):
        problems.append("score.raw ligt niet tussen min en max")
    try:
        datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        problems.append("timestamp is geen ISO 8601-tijd")
    try:
        uuid.UUID(statement.get("context", {}).get("registration", ""))
    except ValueError:
        problems.append("registration is geen UUID")
    return problems

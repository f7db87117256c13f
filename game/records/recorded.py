"""What a recorded session says, shared by every export (CSV, JSONL, xAPI) and by push: who played (as
pseudonyms or nicknames), the scenario it was played on, who the learner was, and its score.

Pseudonyms: a nickname becomes `p-` + the first 10 hex digits of HMAC-SHA256(installation salt, nickname),
so the same nickname gets the same pseudonym in every export from this computer.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from casustafel.engine.model import Scenario
from casustafel.engine.scoring import ScoreReport, score_history
from casustafel.game.records.recorder import Recorder, SessionRow

COMPUTER = "computer"


class ExportError(Exception):
    """An export that cannot be made; the message says what to do."""


# -- pseudonyms -------------------------------------------------------------------------------------------
def pseudonym(salt: str, nickname: str) -> str:
    """The stable pseudonym of `nickname` on the installation with this salt (case and spaces ignored)."""
    key = nickname.strip().casefold().encode("utf-8")
    return "p-" + hmac.new(salt.encode("utf-8"), key, hashlib.sha256).hexdigest()[:10]


class Names:
    """How players appear in an export: pseudonyms (default) or, when asked, their nicknames."""

    def __init__(self, recorder: Recorder, keep_names: bool = False) -> None:
        salt = recorder.meta("installation_salt")
        if not salt:
            raise ExportError("Deze opnamen hebben geen installatiesleutel; open ze eenmaal met Casustafel.")
        self.salt = salt
        self.keep_names = keep_names

    def player(self, nickname: str, human: bool) -> str:
        if not human:
            return COMPUTER
        return nickname if self.keep_names else pseudonym(self.salt, nickname)

    def scrub(self, text: str, nicknames: Iterable[str]) -> str:
        """`text` with every nickname (whole word, any case) replaced by its pseudonym."""
        if self.keep_names or not text:
            return text
        for nick in sorted({n.strip() for n in nicknames if len(n.strip()) >= 2}, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(nick)}(?!\w)", pseudonym(self.salt, nick), text, flags=re.IGNORECASE)
        return text


# -- the scenario a session was played on -----------------------------------------------------------------
class Scenarios:
    """Loads each recorded session's scenario once; `None` (with a warning) when it no longer loads."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Scenario | None] = {}
        self.warnings: list[str] = []

    def get(self, row: SessionRow) -> Scenario | None:
        key = (row.scenario_id, row.scenario_path)
        if key not in self.cache:
            from casustafel.game.report.debrief_data import DebriefDataError, find_scenario

            try:
                self.cache[key] = find_scenario(row)
            except DebriefDataError as exc:
                self.cache[key] = None
                self.warnings.append(str(exc))
        return self.cache[key]


def learner_of(snapshot: dict, mode: str, humans: list[str]) -> str | None:
    """The role a solo player played (their score is their own), or None in pair play.

    The snapshot names it; a solo recording from before snapshots did has one human player, who is the learner.
    """
    learner = snapshot.get("learner")
    if learner is None and mode == "solo" and len(humans) == 1:
        return humans[0]
    return learner


def session_learner(recorder: Recorder, row: SessionRow, scenario: Scenario | None) -> str | None:
    """`learner_of` for a recorded session, read from its snapshot and its players."""
    from casustafel.game.report.debrief_data import recorded_snapshot

    players = recorder.players(row.id)
    roles = scenario.roles if scenario is not None else sorted(players)
    humans = [r for r in roles if players.get(r, ("", False))[1]]
    learner = learner_of(recorded_snapshot(recorder, row.id, row), row.mode, humans)
    return learner if scenario is None or learner in scenario.roles else None


def score_of(scenario: Scenario | None, choices: list[dict], maxima: dict[str, float] | None = None,
             learner: str | None = None, persona: str | None = None) -> ScoreReport | None:
    """The score of the standing choices (under the client `persona`), or None when the scenario is gone or
    no longer has an option. With a `learner` (solo play, see `session_learner`) the session score counts only
    the learner's points."""
    if scenario is None or any(c["option_id"] not in scenario.options for c in choices):
        return None
    return score_history(scenario, [(c["turn"], c["role"], c["option_id"]) for c in choices], maxima, learner,
                         persona=scenario.persona_or_default(persona))

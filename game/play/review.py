"""The look-back after an ending, without a screen: marks, the debrief, lessons and withdrawal.

Both front ends step through it their own way (the terminal line by line, the window screen by screen) but
keep and read everything here: marks go to the recorder when the session is recorded and stay in memory
otherwise; lessons are kept only for a recorded session (without consent nothing is written); the debrief is
built from the same arguments everywhere.

While marking, a player can open the kijkwijzer of the scenario's catalogue and name the heuristic they saw,
or missed, at a turn (stored with the mark). The client's view of each turn (`engine.client_view`) stays
closed until every marking player has finished marking alone (`finish_marking`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casustafel.engine.client_view import client_view, client_view_question
from casustafel.engine.debrief import Debrief, build_debrief, client_name
from casustafel.engine.kijkwijzer import Cue, Kijkwijzer, KijkwijzerError, load_kijkwijzer
from casustafel.engine.model import Scenario
from casustafel.engine.session import Session
from casustafel.game.records.recorder import Recorder

Marks = dict[str, dict[int, tuple[str, str]]]  # role -> turn -> (mark, note)
Seen = dict[str, dict[int, tuple[str, bool]]]  # role -> turn -> (heuristic id, seen; False: missed)


@dataclass
class Review:
    """The look-back of one played session."""

    scenario: Scenario
    session: Session
    humans: dict[str, str]  # role -> nickname, the players who mark
    recorder: Recorder | None = None
    session_id: str | None = None
    workshop: str = ""
    memory: Marks = field(default_factory=dict)  # the marks of an unrecorded session
    seen_memory: Seen = field(default_factory=dict)  # the heuristics named at marks, unrecorded
    done: set[str] = field(default_factory=set)  # the players who finished marking alone

    @property
    def recorded(self) -> bool:
        return self.recorder is not None and self.session_id is not None

    @property
    def solo(self) -> bool:
        return len(self.humans) == 1

    def marks(self) -> Marks:
        return self.recorder.marks(self.session_id) if self.recorded else self.memory

    def set_mark(self, role: str, turn: int, mark: str, note: str = "") -> None:
        if self.recorded:
            self.recorder.set_mark(self.session_id, role, turn, mark, note)
        else:
            self.memory.setdefault(role, {})[turn] = (mark, note)

    def clear_mark(self, role: str, turn: int) -> None:
        if self.recorded:
            self.recorder.clear_mark(self.session_id, role, turn)
        else:
            self.memory.get(role, {}).pop(turn, None)
            self.seen_memory.get(role, {}).pop(turn, None)

    # -- the kijkwijzer while marking ------------------------------------------------------------------
    def kijkwijzer(self) -> Kijkwijzer | None:
        """The kijkwijzer of the scenario's catalogue (None when it has none or it cannot be read)."""
        try:
            return load_kijkwijzer(self.scenario.catalogue)
        except KijkwijzerError:
            return None

    def cues(self) -> list[tuple[Cue, str]]:
        """The kijkwijzer's cues with their heuristic's name, heuristics first, then red flags, then levels."""
        guide = self.kijkwijzer()
        if guide is None:
            return []
        catalogue = self.scenario.catalogue
        ordered = [h for h in catalogue.heuristics.values() if not h.is_red_flag] + \
            [h for h in catalogue.heuristics.values() if h.is_red_flag]
        named = [(h.id, h.name) for h in ordered] + [(lv.id, lv.name) for lv in catalogue.levels.values()]
        return [(guide.cues[i], str(name)) for i, name in named if i in guide.cues]

    def set_heuristic(self, role: str, turn: int, heuristic: str, seen: bool = True) -> bool:
        """Name the heuristic `role` saw (or missed) at their mark of `turn`; False when the turn is unmarked."""
        if turn not in self.marks().get(role, {}):
            return False
        if self.recorded:
            return self.recorder.set_heuristic(self.session_id, role, turn, heuristic, seen)
        self.seen_memory.setdefault(role, {})[turn] = (heuristic, seen)
        return True

    def heuristics_marked(self) -> Seen:
        return self.recorder.heuristics_marked(self.session_id) if self.recorded else self.seen_memory

    # -- the client's view, after marking ---------------------------------------------------------------
    def finish_marking(self, role: str) -> None:
        """`role` finished marking alone; once every marking player has, the client's view opens."""
        self.done.add(role)

    @property
    def client_view_open(self) -> bool:
        return bool(self.humans) and all(r in self.done for r in self.humans)

    def client_views(self, lang: str) -> dict[int, str]:
        """turn -> how the client would hear it; empty until every player has marked (`client_view_open`)."""
        if not self.client_view_open:
            return {}
        persona = self.session.persona
        return {t.index: client_view(self.scenario, self.scenario.options[t.option_id], persona, lang)
                for t in self.session.history if t.option_id in self.scenario.options}

    def client_view_question(self, lang: str) -> str:
        return client_view_question(self.scenario, lang)

    def persona_line(self, lang: str) -> str:
        """Which client persona was played ('' without personas), for after the ending."""
        persona = self.scenario.personas.get(self.session.persona or "")
        if persona is None:
            return ""
        name = client_name(self.scenario, lang)
        if lang == "en":
            return f"{name} was played as: {persona.name.get(lang)} ({persona.description.get(lang)})"
        return f"{name} was deze keer: {persona.name.get(lang)} ({persona.description.get(lang)})"

    def debrief(self, lang: str) -> Debrief:
        from casustafel.game.report.debrief_data import offered_per_turn

        session = self.session
        offered = offered_per_turn(self.recorder, self.session_id) if self.recorded else None
        return build_debrief(self.scenario, session.history, session.score(), lang=lang, answers=session.answers,
                             marks=self.marks(), offered=offered,
                             ending_node=session.node.id if session.ended else None, marking_roles=list(self.humans))

    def add_lesson(self, text: str) -> bool:
        """Keep a lesson learned with the session; False (nothing written) when the session is not recorded."""
        if not self.recorded or not text.strip():
            return False
        self.recorder.add_lesson(text.strip(), self.session_id, self.workshop)
        return True

    def withdraw(self) -> bool:
        """Withdraw the recorded session; True when nothing of it is left on this computer."""
        if not self.recorded:
            return False
        left = self.recorder.withdraw(self.session_id)
        self.session_id = None
        return not any(left.values())

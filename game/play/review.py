"""The look-back after an ending, without a screen: marks, the debrief, lessons and withdrawal.

Both front ends step through it their own way (the terminal line by line, the window screen by screen) but
keep and read everything here: marks go to the recorder when the session is recorded and stay in memory
otherwise; lessons are kept only for a recorded session (without consent nothing is written); the debrief is
built from the same arguments everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casustafel.engine.debrief import Debrief, build_debrief
from casustafel.engine.model import Scenario
from casustafel.engine.session import Session
from casustafel.game.records.recorder import Recorder

Marks = dict[str, dict[int, tuple[str, str]]]  # role -> turn -> (mark, note)


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

"""The computer partner: picks an option for the role no human plays.

Policies:
- `own-frame`: a realistic colleague who starts in the home frame of their role and responds to how they are
  treated (a `TrustKeeper` in the session): asked what something means to them, or their frame bridged to
  (the scorer's bridge), trust rises and they move toward a shared frame; labelled or cut off, they dig in;
- `coach`: models the heuristics (the option worth most in points and level);
- `scripted`: the option the author marked `partner: true` (else the first offered);
- `random`: any offered option (for the simulator).
Ties are broken by the given random generator, so file order never decides.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from .model import Option, Scenario
from .scoring import BRUG, CLIENT_FRAME, Reason, Rules, cosine, option_value

POLICIES = ("own-frame", "coach", "scripted", "random")
#: The partners a solo player can choose, the default first: the scripted colleague plays as the author wrote
#: it (a middling, realistic partner with whom a good player can reach a shared plan).
SOLO_PARTNERS = ("scripted", "coach", "own-frame")
#: Heuristics that raise the colleague's trust by default: being asked what something means to them, their
#: perspective taken, their frame named, a bridge offered.
DEFAULT_RISES = ("betekenis", "perspectief", "brug", "metacommunicatie")
SHARED_FRAME = "samen"  # with the other's home and the client's own view: where a won-over colleague goes


class TrustKeeper:
    """Each role's trust in the other, folded from the history (so undo, restore and replay keep it).

    `levels[role]` is how far `role` trusts the other player: it changes with what the *other* says.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.settings = scenario.trust
        self.rules = Rules.of(scenario)
        heuristics = scenario.catalogue.heuristics
        self.rises = frozenset(self.settings.rises if self.settings.rises is not None else DEFAULT_RISES)
        self.falls = frozenset(self.settings.falls if self.settings.falls is not None else
                               (h for h, spec in heuristics.items() if spec.is_red_flag))
        self.levels: dict[str, int] = dict.fromkeys(self.rules.roles, self.settings.start)

    def change(self, speaker: str, option_id: str, bridged: bool = False) -> int:
        """How much `speaker`'s utterance moves the other's trust; `bridged`: the scorer counted it as a bridge
        (`scoring.value_utterance`), i.e. it joined the speaker's frame with one the colleague brought in."""
        ids = self.rules.options[option_id].ids
        if not ids.isdisjoint(self.falls):
            return -self.settings.fall
        return int(not ids.isdisjoint(self.rises)) + int(bridged)

    def add(self, speaker: str, option_id: str, earned: Iterable[Reason] = ()) -> None:
        """Fold one utterance in; `earned` are the reasons the scorer gave it."""
        other = self.rules.other.get(speaker)
        if other is not None:
            bridged = any(r.kind == "bridge" or (r.id == BRUG and r.kind in ("heuristic", "capped")) for r in earned)
            self.levels[other] += self.change(speaker, option_id, bridged)

    def stance(self, role: str) -> float:
        """0 = in the home frame, 1 = won over (seeks the shared frame); negative = dug in."""
        level = self.levels.get(role, self.settings.start)
        if level < 0:
            return -1.0
        return min(1.0, level / self.settings.won_over) if self.settings.won_over > 0 else 1.0


def _own_frame(scenario: Scenario, role: str, offered: Sequence[Option], stance: float) -> list[float]:
    """How well each option fits a colleague with this stance: the home frame, moved toward the shared one."""
    rules = Rules.of(scenario)
    home = rules.homes[role]
    if stance <= 0:
        target: Mapping[str, float] = home
    else:
        other = rules.other.get(role)
        shared = {**(rules.homes[other] if other else {}), CLIENT_FRAME: 2, SHARED_FRAME: 1}
        target = {f: (1 - stance) * home.get(f, 0) + stance * (home.get(f, 0) / 2 + shared.get(f, 0))
                  for f in set(home) | set(shared)}
    values = []
    for option in offered:
        value = cosine(option.frames, target) if option.frames else 0.0
        if stance > 0 and rules.options[option.id].red_flag:
            value -= 1.0  # some trust: the colleague no longer labels or cuts off when there is another way
        values.append(value)
    return values


def pick(policy: str, scenario: Scenario, role: str, offered: Sequence[Option], rng: random.Random,
         trust: TrustKeeper | None = None, persona: str | None = None) -> Option:
    """The option `policy` says for `role` among the `offered` ones (`trust`: the session's, for own-frame;
    `persona`: the client persona played, whose values the coach goes by)."""
    if not offered:
        raise ValueError("Er is niets om uit te kiezen.")
    if policy == "random":
        return offered[rng.randrange(len(offered))]
    if policy == "scripted":
        marked = [o for o in offered if o.partner]
        return marked[0] if marked else offered[0]
    if policy == "coach":
        values = [float(option_value(scenario, o, persona)) for o in offered]
    elif policy == "own-frame":
        values = _own_frame(scenario, role, offered, trust.stance(role) if trust is not None else 0.0)
    else:
        raise ValueError(f"Onbekend partnerbeleid {policy!r}; kies uit {', '.join(POLICIES)}.")
    best = max(values)
    tied = [o for o, v in zip(offered, values, strict=True) if v == best]
    return tied[rng.randrange(len(tied))] if len(tied) > 1 else tied[0]

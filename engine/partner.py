"""The computer partner: picks an option for the role no human plays.

Policies:
- `own-frame`: a realistic colleague who stays close to the home frame of their role;
- `coach`: models the heuristics (the option worth most in points and level);
- `scripted`: the option the author marked `partner: true` (else the first offered);
- `random`: any offered option (for the simulator).
Ties are broken by the given random generator, so file order never decides.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .model import Option, Scenario
from .scoring import cosine, option_value

POLICIES = ("own-frame", "coach", "scripted", "random")
#: The partners a solo player can choose, the default first: the scripted colleague plays as the author wrote
#: it (a middling, realistic partner with whom a good player can reach a shared plan).
SOLO_PARTNERS = ("scripted", "coach", "own-frame")


def pick(policy: str, scenario: Scenario, role: str, offered: Sequence[Option], rng: random.Random) -> Option:
    """The option `policy` says for `role` among the `offered` ones."""
    if not offered:
        raise ValueError("Er is niets om uit te kiezen.")
    if policy == "random":
        return offered[rng.randrange(len(offered))]
    if policy == "scripted":
        marked = [o for o in offered if o.partner]
        return marked[0] if marked else offered[0]
    if policy == "coach":
        values = [option_value(scenario, o) for o in offered]
    elif policy == "own-frame":
        home = scenario.roles[role].home
        values = [cosine(o.frames, home) if o.frames else 0.0 for o in offered]
    else:
        raise ValueError(f"Onbekend partnerbeleid {policy!r}; kies uit {', '.join(POLICIES)}.")
    best = max(values)
    tied = [o for o, v in zip(offered, values, strict=True) if v == best]
    return tied[rng.randrange(len(tied))] if len(tied) > 1 else tied[0]

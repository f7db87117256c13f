"""Form-only players: they choose by the look of an option, never by what it says.

If one of them reaches a shared plan, or scores near what the coach scores, the scenario gives its
answers away by form (see the lint rules CT410-CT412). `simulate` plays them beside coach, own-frame and
random; other tests use them by name through `pick_by_form`.

- `longest`: always the option with the longest (Dutch) text;
- `most-questions`: the option with the most question marks;
- `avoid-partner`: never the option the partner would say themselves (the one closest to the other
  role's home frame), then the longest of the rest.
Ties are broken by the given random generator, so file order never decides.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from .model import Option, Scenario
from .scoring import cosine

LONGEST, MOST_QUESTIONS, AVOID_PARTNER = "longest", "most-questions", "avoid-partner"
FORM_POLICIES = (LONGEST, MOST_QUESTIONS, AVOID_PARTNER)


def length(option: Option) -> int:
    """The length of an option's Dutch text, as the tell rules count it."""
    return len(option.text.get("nl"))


def _best(offered: Sequence[Option], key: Callable[[Option], float], rng: random.Random) -> Option:
    top = max(key(o) for o in offered)
    tied = [o for o in offered if key(o) == top]
    return tied[rng.randrange(len(tied))] if len(tied) > 1 else tied[0]


def _partner_home(scenario: Scenario, role: str) -> dict[str, int]:
    home: dict[str, int] = {}
    for other, spec in scenario.roles.items():
        if other != role:
            for frame, weight in spec.home.items():
                home[frame] = max(home.get(frame, 0), weight)
    return home


def pick_by_form(policy: str, scenario: Scenario, role: str, offered: Sequence[Option],
                 rng: random.Random) -> Option:
    """The option a form-only `policy` picks for `role` among the `offered` ones."""
    if not offered:
        raise ValueError("Er is niets om uit te kiezen.")
    if policy == LONGEST:
        return _best(offered, length, rng)
    if policy == MOST_QUESTIONS:
        return _best(offered, lambda o: o.text.get("nl").count("?"), rng)
    if policy == AVOID_PARTNER:
        home = _partner_home(scenario, role)
        closeness = {o.id: cosine(o.frames, home) if o.frames and home else 0.0 for o in offered}
        nearest = max(closeness.values())
        rest = [o for o in offered if closeness[o.id] < nearest] or list(offered)
        return _best(rest, length, rng)
    raise ValueError(f"Onbekend vormbeleid {policy!r}; kies uit {', '.join(FORM_POLICIES)}.")

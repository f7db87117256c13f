"""Tells of form: does the length or wording of an option give its value away?

Measured over the options of every choice node with two or more options; an option's value is
`scoring.option_value` (as the scorer counts it), its form its Dutch text. The lint rules CT410-CT412
(`engine/lint_rules.py`) judge these figures against the thresholds in `engine/rules.py`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import fmean

from .model import Option, Scenario
from .scoring import option_value

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SIGNS = ("?", "!")
CLAUSE = re.compile(r"[.?!,;:()\"“”]+")
MAX_RUN = 3  # words in a run ("ik merk dat")
TOP, BOTTOM = "top", "bottom"


def ranks(values: list[float]) -> list[float]:
    """Ranks from 0, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2
        i = j + 1
    return result


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rank correlation (Pearson on tie-averaged ranks); 0 when either side is constant."""
    if len(x) < 3:
        return 0.0
    rx, ry = ranks(x), ranks(y)
    mx, my = fmean(rx), fmean(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return num / den if den else 0.0


def tokens(text: str) -> set[str]:
    """The words, runs of up to three words within a clause, and signs of a text, lower-cased."""
    found = {sign for sign in SIGNS if sign in text}
    for clause in CLAUSE.split(text.lower()):  # plain loops: few objects, so little work for the GC
        words = WORD.findall(clause)
        for i, word in enumerate(words):
            found.add(word)
            run = word
            for nxt in words[i + 1:i + MAX_RUN]:
                run = f"{run} {nxt}"
                found.add(run)
    return found


@dataclass(frozen=True)
class WordTell:
    """A word, run or sign found (almost) only on one side of the value ranking."""

    token: str
    side: str  # TOP or BOTTOM
    count: int  # options that contain it
    inside: int  # of which in that third
    first: Option  # where it first occurs


@dataclass
class Tells:
    """The figures of one scenario."""

    nodes: int = 0  # choice nodes with two or more options
    options: list[tuple[Option, int, int]] = field(default_factory=list)  # option, length, value
    decided: int = 0  # of those, the nodes whose options differ in value (a flat choice is CT401)
    longest_best: int = 0  # decided nodes whose longest option is a top-valued one

    @property
    def rho(self) -> float:
        return spearman([float(n) for _o, n, _v in self.options], [float(v) for _o, _n, v in self.options])

    @property
    def share(self) -> float:
        return self.longest_best / self.decided if self.decided else 0.0

    def words(self, min_options: int, purity: float) -> list[WordTell]:
        """Tokens in at least `min_options` options, at least `purity` of them in the top or bottom third by
        value (ties at a third's edge count as inside it). Of overlapping runs only the longest is kept."""
        n = len(self.options)
        if n < min_options:
            return []
        values = sorted(v for _o, _n, v in self.options)
        third = math.ceil(n / 3)
        low, high = values[third - 1], values[n - third]
        if low >= high:
            return []  # too few distinct values to speak of a top and a bottom
        per_option = [tokens(option.text.get("nl")) for option, _n, _v in self.options]
        counts = Counter(token for found in per_option for token in found)
        where: dict[str, list[int]] = {}  # token -> indices of the options with it, for tokens frequent enough
        for index, found in enumerate(per_option):
            for token in found:
                if counts[token] >= min_options:
                    where.setdefault(token, []).append(index)
        found: list[WordTell] = []
        for token, hits in where.items():
            vals = [self.options[i][2] for i in hits]
            for side, inside in ((TOP, sum(v >= high for v in vals)), (BOTTOM, sum(v <= low for v in vals))):
                if inside / len(hits) >= purity:
                    found.append(WordTell(token, side, len(hits), inside, self.options[hits[0]][0]))
        longer = [t for t in found if " " in t.token]
        kept = [t for t in found if not any(t is not u and t.side == u.side and _within(t.token, u.token)
                                            for u in longer)]
        return sorted(kept, key=lambda t: (-t.count, t.token))


def _within(short: str, long: str) -> bool:
    return f" {short} " in f" {long} "


def measure(scenario: Scenario) -> Tells:
    """Length, value and longest-is-best over the scenario's choice nodes with two or more options."""
    result = Tells()
    for node in scenario.nodes.values():
        options = list(node.options)
        if len(options) < 2:
            continue
        values = [option_value(scenario, o) for o in options]
        lengths = [len(o.text.get("nl")) for o in options]
        result.nodes += 1
        result.options += zip(options, lengths, values, strict=True)
        if len(set(values)) == 1:
            continue
        result.decided += 1
        longest = max(range(len(options)), key=lengths.__getitem__)  # the first of equally long ones
        if values[longest] == max(values):
            result.longest_best += 1
    return result

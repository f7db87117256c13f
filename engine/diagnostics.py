"""Diagnostics: positioned, coded findings about a scenario file, and suggestions for typos."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
HINT = {"nl": ' Bedoelde je "{near}"?', "en": ' Did you mean "{near}"?'}  # appended for a close match


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a severity, a position and a plain-language message."""

    code: str
    severity: str
    file: str
    line: int
    col: int
    message: str
    variant: str = field(default="", compare=False)  # which message of the code (engine/rules.py)
    fields: tuple[tuple[str, object], ...] = field(default=(), compare=False)  # what filled the template

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.code} {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "severity": self.severity, "file": self.file,
            "line": self.line, "col": self.col, "message": self.message,
        }


def closest(word: object, candidates: Iterable[str]) -> str:
    """The candidate closest to `word`, or '' when none is close (a rule's `near` field)."""
    close = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return close[0] if close else ""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ' Bedoelde je "x"?' for the closest candidate, or '' when none is close."""
    near = closest(word, candidates)
    return HINT["nl"].format(near=near) if near else ""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)

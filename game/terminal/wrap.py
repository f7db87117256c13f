"""Fit terminal text to the terminal's width, breaking only between words (never mid-word or at a hyphen)."""

from __future__ import annotations

import shutil
import textwrap


def width() -> int:
    """The terminal's width in columns (`COLUMNS` first, 80 when unknown)."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def fit(text: str, columns: int | None = None) -> str:
    """`text` wrapped to `columns`; each line keeps its indent, continuation lines hang under its first word.

    A word longer than the line stays whole (the terminal may fold it, but we never split it ourselves).
    """
    columns = width() if columns is None else columns
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= columns:
            out.append(line)
            continue
        body = line.lstrip(" ")
        indent = line[: len(line) - len(body)]
        hang = indent + _marker(body)
        out.extend(textwrap.wrap(body, width=columns, initial_indent=indent, subsequent_indent=hang,
                                 break_long_words=False, break_on_hyphens=False) or [line])
    return "\n".join(out)


def _marker(body: str) -> str:
    """Spaces as wide as a leading list marker ("1. ", "- ", "[2] "), so wrapped items line up."""
    head = body.split(" ", 1)[0]
    if len(head) <= 4 and (head.rstrip(".)]").isdigit() or head in ("-", "*", "•") or head.startswith("[")):
        return " " * (len(head) + 1)
    return ""

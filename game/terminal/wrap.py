"""Fit terminal text to the terminal's width, breaking only between words (never mid-word or at a hyphen)."""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

COMMAND = re.compile(r"casustafel(?: [^\s]+)+")  # a command to copy stays on one line, whatever the width
KEEP = "\x00"


def width() -> int | None:
    """The terminal's width in columns (`COLUMNS` first); None when output goes to a file or pipe (no wrapping)."""
    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        return None
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def fit(text: str, columns: int | None = None) -> str:
    """`text` wrapped to `columns`; each line keeps its indent, continuation lines hang under its first word.

    A word longer than the line stays whole (the terminal may fold it, but we never split it ourselves).
    """
    columns = width() if columns is None else columns
    if columns is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= columns:
            out.append(line)
            continue
        body = COMMAND.sub(lambda m: m.group(0).replace(" ", KEEP), line.lstrip(" "))
        indent = line[: len(line) - len(line.lstrip(" "))]
        hang = indent + _marker(body)
        wrapped = textwrap.wrap(body, width=columns, initial_indent=indent, subsequent_indent=hang,
                                break_long_words=False, break_on_hyphens=False) or [line]
        out.extend(part.replace(KEEP, " ") for part in wrapped)
    return "\n".join(out)


def _marker(body: str) -> str:
    """Spaces as wide as a leading list marker ("1. ", "- ", "[2] "), so wrapped items line up."""
    head = body.split(" ", 1)[0]
    if len(head) <= 4 and (head.rstrip(".)]").isdigit() or head in ("-", "*", "•") or head.startswith("[")):
        return " " * (len(head) + 1)
    return ""

"""The exact command to type next, as a hint: `--data DIR` included when the player gave it."""

from __future__ import annotations

import shlex


def command(data: str | None, *words: str) -> str:
    """`casustafel [--data DIR] WORDS…`, quoted so that it can be pasted into a shell."""
    parts = ["casustafel", *(["--data", str(data)] if data else []), *words]
    return " ".join(shlex.quote(p) for p in parts)

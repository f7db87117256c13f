"""Interface strings in Dutch (first) and English, from `assets/i18n/*.{lang}.json`.

Each front end keeps its own file (`text.nl.json`, `window.nl.json`, ...); keys are dotted and unique
across files. A missing English string falls back to Dutch; a missing key shows the key itself.

Plurals: a string whose value is an object (`{"zero": …, "one": …, "other": …}`) is chosen by the `count`
value through python-i18n's `pluralize` (python-i18n comes with pygame-gui), so no text says "sessie(s)".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

I18N_DIR = Path(str(files("casustafel.assets"))) / "i18n"
LANGUAGES = ("nl", "en")


@cache
def strings(lang: str) -> dict[str, str | dict[str, str]]:
    merged: dict[str, str | dict[str, str]] = {}
    for path in sorted(I18N_DIR.glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def tr(key: str, lang: str = "nl", solo: bool = False, **values: object) -> str:
    """The string for `key` in `lang`, formatted with `values` (a plural form chosen by `count`). With `solo`,
    the singular wording `key.solo` when there is one ("jouw markeringen" for one learner, not "jullie")."""
    if solo and (f"{key}.solo" in strings(lang) or f"{key}.solo" in strings("nl")):
        key = f"{key}.solo"
    text = strings(lang).get(key) or strings("nl").get(key) or key
    if isinstance(text, dict):
        from i18n.translator import pluralize

        text = pluralize(key, text, int(values.get("count", 0)))  # type: ignore[arg-type]
    return text.format(**values) if values else text


@cache
def gettext_catalogue(domain: str, lang: str) -> dict[str, str]:
    """A gettext-style catalogue (English msgid -> translation) from `assets/i18n/gettext/{domain}.{lang}.json`."""
    path = I18N_DIR / "gettext" / f"{domain}.{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@contextmanager
def argparse_language(lang: str = "nl") -> Iterator[None]:
    """argparse's own strings ("usage:", "positional arguments", its errors) in `lang` while parsers are built
    and used: argparse looks its strings up through gettext at call time, so its two lookup names are swapped."""
    import argparse

    catalogue = gettext_catalogue("argparse", lang)
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return catalogue.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def count(noun: str, number: int, lang: str = "nl") -> str:
    """"1 sessie", "3 sessies", "0 fouten": a number with its noun in the right plural form (`count.{noun}`)."""
    return tr(f"count.{noun}", lang, count=number)

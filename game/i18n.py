"""Interface strings in Dutch (first) and English, from `assets/i18n/*.{lang}.json`.

Each front end keeps its own file (`text.nl.json`, `window.nl.json`, ...); keys are dotted and unique
across files. A missing English string falls back to Dutch; a missing key shows the key itself.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path

I18N_DIR = Path(str(files("casustafel.assets"))) / "i18n"
LANGUAGES = ("nl", "en")


@cache
def strings(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(I18N_DIR.glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def tr(key: str, lang: str = "nl", **values: object) -> str:
    """The string for `key` in `lang`, formatted with `values`."""
    text = strings(lang).get(key) or strings("nl").get(key) or key
    return text.format(**values) if values else text

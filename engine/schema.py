"""Small helpers for checking YAML data against format v1: keys, types, texts and ids, with positions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .diagnostics import Diagnostic, closest
from .model import Text
from .rules import diagnostic
from .yamlsource import Pos, YList, YMap

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SCENARIO_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_CODES = ("nl", "en")
TYPE_WORDS = {
    str: "tekst", int: "een geheel getal", bool: "true of false", float: "een kommagetal",
    YMap: "een mapping (sleutel: waarde)",
    YList: "een lijst", dict: "een mapping (sleutel: waarde)", list: "een lijst",
}


def describe(value: object) -> str:
    if value is None:
        return "niets (leeg)"
    if isinstance(value, bool):
        return f"de waarheidswaarde {str(value).lower()}"
    for typ, word in TYPE_WORDS.items():
        if isinstance(value, typ):
            return word
    return type(value).__name__


class Checker:
    """Collects diagnostics for one file and offers the common checks of the format."""

    def __init__(self, file: str, text: str, language: str = "nl", languages: Iterable[str] = ("nl",)) -> None:
        self.file = file
        self.source_lines = text.splitlines()
        self.diagnostics: list[Diagnostic] = []
        self.language = language
        self.languages = tuple(languages)

    def add(self, code: str, pos: Pos, variant: str = "", **fields: object) -> None:
        """Report a finding of `code`, worded by the rules table (engine/rules.py)."""
        self.diagnostics.append(diagnostic(code, self.file, pos, variant, **fields))

    def keys(self, data: YMap, where: str, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                self.add("CT010", data.key_at(key), key=key, where=where, allowed=", ".join(allowed),
                         near=closest(key, allowed))
        for key in required:
            if key not in data:
                self.add("CT011", data.pos, where=where, key=key)

    def expect(self, value: object, typ: type | tuple[type, ...], pos: Pos, what: str) -> bool:
        ok = isinstance(value, typ) and not (isinstance(value, bool) and typ in (int, (int,)))
        if not ok:
            wanted = typ if isinstance(typ, type) else typ[0]
            self.add("CT012", pos, what=what, wanted=TYPE_WORDS.get(wanted, wanted.__name__), found=describe(value))
        return ok

    def text(self, value: object, pos: Pos, what: str) -> Text:
        """A plain string in the scenario's language, or a {lang: text} mapping."""
        if isinstance(value, str):
            return Text({self.language: value}, self.language)
        if isinstance(value, YMap):
            by_lang: dict[str, str] = {}
            for lang, item in value.items():
                if lang not in LANGUAGE_CODES:
                    self.add("CT013", value.key_at(lang), "text_language", language=lang, what=what,
                             allowed=" of ".join(LANGUAGE_CODES), near=closest(lang, LANGUAGE_CODES))
                    continue
                if self.expect(item, str, value.at(lang), f"{what} ({lang})"):
                    by_lang[lang] = item
            if by_lang:
                return Text(by_lang, self.language)
            self.add("CT012", pos, "no_text", what=what)
            return Text({self.language: ""}, self.language)
        self.add("CT012", pos, "not_text", what=what, found=describe(value))
        return Text({self.language: ""}, self.language)

    def text_list(self, value: object, pos: Pos, what: str) -> tuple[Text, ...]:
        if not isinstance(value, YList):
            self.expect(value, YList, pos, what)
            return ()
        return tuple(self.text(item, value.at(i), f"{what} [{i + 1}]") for i, item in enumerate(value))

    def ident(self, value: object, pos: Pos, what: str) -> str | None:
        if not isinstance(value, str) or isinstance(value, bool):
            self.add("CT012", pos, "not_id", what=what, found=describe(value))
            return None
        if not ID_PATTERN.match(value):
            self.add("CT013", pos, "ident", what=what, value=value)
        return value

    def column_in_scalar(self, pos: Pos, offset: int) -> Pos:
        """The file position of character `offset` inside the scalar that starts at `pos`."""
        line, col = pos
        if 0 < line <= len(self.source_lines):
            source = self.source_lines[line - 1]
            if col - 1 < len(source) and source[col - 1] in "\"'":
                col += 1
        return (line, col + offset)

"""Read YAML safely into plain values that remember where each one stood in the file.

PyYAML's composer (the C one from libyaml when present) builds a node tree with marks; we turn that
tree into `YMap` / `YList` containers whose positions are kept beside the values, reject duplicate
keys, and never construct anything but mappings, lists, strings, ints, floats, bools and null.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass

import yaml

from .expressions import MAX_INT_DIGITS

try:  # the C parser is many times faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Pos = tuple[int, int]  # 1-based line and column

_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
#: Words YAML 1.1 reads as booleans although an author probably meant text.
YAML11_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})

# -- budgets: what a hostile file can cost us before the loader gives up with a positioned finding --------
#: Largest scenario file read at all (the 50,000-node benchmark story is about 38 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most YAML values (an estimate from the text, counted before parsing): each costs about 400 bytes while
#: libyaml's node tree exists, so this bounds the memory of a dense file below the size limit. The
#: 50,000-node benchmark story has about 2.8 million.
MAX_YAML_VALUES = 3_500_000
#: Deepest nesting of lists and mappings (a scenario needs about 8).
MAX_DEPTH = 64
#: Values that aliases may add by repeating an anchor, in the whole file (billion laughs stop here).
MAX_ALIAS_VALUES = 100_000
#: Characters YAML does not allow in a file (C0/C1 controls except tab, newline, return and NEL; surrogates).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_DIGITS = re.compile(r"[-+]?(0[xob])?[0-9a-fA-F_]+")


class YMap(dict):
    """A mapping that knows its own position and the positions of its keys and values."""

    __slots__ = ("pos", "key_pos", "value_pos", "plain")

    def at(self, key: str) -> Pos:
        return self.value_pos.get(key, self.pos)

    def key_at(self, key: str) -> Pos:
        return self.key_pos.get(key, self.pos)


class YList(list):
    """A list that knows its own position and the positions of its items."""

    __slots__ = ("pos", "item_pos", "plain")

    def at(self, index: int) -> Pos:
        return self.item_pos[index] if 0 <= index < len(self.item_pos) else self.pos


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a file could not be read as YAML at all, a duplicate key in it, or a YAML 1.1 surprise."""

    code: str
    line: int
    col: int
    message: str
    severity: str = "error"


class _Budget(Exception):
    """Raised inside the reader when a hostile file exhausts a budget; carries the finding."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _pos(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Reader:
    def __init__(self, track_aliases: bool) -> None:
        self.problems: list[YamlProblem] = []
        # plain (unquoted) scalars that YAML 1.1 turned into booleans: an author may have meant text
        self.bool_words: list[tuple[int, int, str]] = []
        # with anchors in the file, every node seen once; a second visit is an alias repeating it
        self.seen: set[int] | None = set() if track_aliases else None
        self.alias_values = 0

    def value(self, node: yaml.Node, depth: int = 0) -> object:
        if self.seen is not None:
            self.count(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            raise _Budget(YamlProblem(
                "CT005", *_pos(node), f"Lijsten en mappings zijn hier meer dan {MAX_DEPTH} lagen diep genest; "
                "een scenario heeft er zo'n 8 nodig. Maak de structuur platter."))
        if node.tag not in (_MAP_TAG, _SEQ_TAG):
            self.problems.append(YamlProblem(
                "CT003", *_pos(node),
                f"YAML-tag {node.tag} wordt niet ondersteund; schrijf gewone lijsten en mappings."))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth + 1)
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.pos = _pos(node)
            positions = []
            for child in node.value:
                items.append(self.value(child, depth + 1))
                positions.append((child.start_mark.line + 1, child.start_mark.column + 1))
            items.item_pos = positions
            return items
        raise TypeError(node)  # pragma: no cover - the composer makes no other kind

    def count(self, node: yaml.Node) -> None:
        """Count values an alias repeats; past the budget, stop with a finding at the repeated anchor."""
        key = id(node)
        if key not in self.seen:  # type: ignore[operator]
            self.seen.add(key)  # type: ignore[union-attr]
            return
        self.alias_values += 1
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _Budget(YamlProblem(
                "CT006", *_pos(node), f"Aliassen (*naam) herhalen dit anker en andere samen meer dan "
                f"{MAX_ALIAS_VALUES} waarden (een 'alias-bom'). Schrijf de waarden uit of gebruik minder "
                "geneste aliassen."))

    def scalar(self, node: yaml.ScalarNode) -> object:
        tag = node.tag
        text = node.value
        if tag == _STR_TAG:
            return text
        if tag == _INT_TAG:
            return self.integer(node, text)
        if tag == _BOOL_TAG:
            word = text.lower()
            if word in YAML11_BOOL_WORDS and not node.style:
                self.bool_words.append((node.start_mark.line + 1, node.start_mark.column + 1, text))
            return _BOOL.get(word, text)
        if tag == _NULL_TAG:
            return None
        if tag == _FLOAT_TAG:
            try:
                return float(text.replace("_", ""))
            except ValueError:
                return text
        self.problems.append(YamlProblem(
            "CT003", *_pos(node), f"YAML-tag {tag} wordt niet ondersteund; schrijf de waarde als gewone tekst."))
        return text

    def integer(self, node: yaml.ScalarNode, text: str) -> object:
        """An int within MAX_INT_DIGITS; YAML 1.1's octal (010) and base-60 (1:20) are flagged, not guessed."""
        digits = text.replace("_", "").lstrip("+-")
        if ":" in digits:
            self.problems.append(YamlProblem(
                "CT004", *_pos(node), f'"{text}" leest YAML 1.1 als een getal in het zestigtallig stelsel, niet als '
                f'tijd of tekst. Bedoel je tekst, schrijf dan "{text}".', "warning"))
            return text
        if len(digits) > MAX_INT_DIGITS + 2:  # room for a 0x/0o/0b prefix
            self.problems.append(YamlProblem(
                "CT007", *_pos(node), f"Dit getal heeft {len(digits)} cijfers; Casustafel rekent met gehele getallen "
                f"tot {MAX_INT_DIGITS} cijfers. Schrijf een kleiner getal, of zet het tussen aanhalingstekens als "
                "het tekst is."))
            return 0
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            self.problems.append(YamlProblem(
                "CT004", *_pos(node), f'"{text}" met een voorloopnul leest YAML 1.1 als een octaal getal. Schrijf '
                f'{int(digits)} voor het getal, of "{text}" voor tekst.', "warning"))
            return int(text.replace("_", ""), 10)
        try:
            value = int(text.replace("_", ""), 0)
        except ValueError:
            return text
        if len(str(abs(value))) > MAX_INT_DIGITS:  # a hexadecimal number within the digits, yet too large
            self.problems.append(YamlProblem(
                "CT007", *_pos(node), f"Dit getal is groter dan {MAX_INT_DIGITS} cijfers; schrijf een kleiner getal."))
            return 0
        return value

    def mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = YMap()
        result.pos = _pos(node)
        key_pos: dict[str, Pos] = {}
        value_pos: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(YamlProblem(
                    "CT003", *kpos, "Een sleutel moet een gewoon woord zijn, geen lijst of mapping."))
                continue
            key = key_node.value if key_node.tag == _STR_TAG else self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = key_pos[key]
                self.problems.append(YamlProblem(
                    "CT002", *kpos,
                    f'Sleutel "{key}" staat hier voor de tweede keer (eerder op regel {first[0]}); '
                    "YAML zou de eerste stilletjes overschrijven. Verwijder of hernoem een van beide."))
                continue
            key_pos[key] = kpos
            value_pos[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            result[key] = self.value(value_node, depth)
        result.key_pos = key_pos
        result.value_pos = value_pos
        return result


@dataclass(slots=True)
class YamlDocument:
    """The result of reading one file: the data (or None) and what went wrong."""

    data: object
    problems: list[YamlProblem]
    bool_words: list[tuple[int, int, str]]


# -- PyYAML's (libyaml's) English, in Dutch: (start of the problem text, Dutch explanation) ---------------
_PROBLEMS_NL: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "hier staat een dubbele punt waar YAML geen sleutel verwacht; zet tekst "
                                       "met ': ' erin tussen aanhalingstekens, of controleer de inspringing"),
    ("could not find expected ':'", "een sleutel zonder dubbele punt; schrijf sleutel: waarde"),
    ("found character that cannot start any token", "dit teken kan hier niet beginnen (een tab, @ of `?); "
                                                    "spring in met spaties en zet zulke tekst tussen aanhalingstekens"),
    ("did not find expected key", "de inspringing klopt niet: hier verwacht ik een sleutel op dezelfde hoogte als "
                                  "de sleutels erboven"),
    ("did not find expected '-' indicator", "de inspringing klopt niet: hier verwacht ik een lijstitem (- ...) op "
                                            "dezelfde hoogte als de items erboven"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("did not find expected ',' or ']'", "een lijst [ ... ] is niet gesloten met ]"),
    ("did not find expected ',' or '}'", "een mapping { ... } is niet gesloten met }"),
    ("found unexpected end of stream", "het bestand houdt op voordat de tekst tussen aanhalingstekens gesloten is"),
    ("found invalid Unicode character escape code", "deze \\u-escape is geen geldig teken (een losse "
                                                    "surrogaathelft); schrijf het teken zelf"),
    ("found unknown escape character", "onbekende escape na \\ tussen dubbele aanhalingstekens; schrijf \\\\ "
                                       "of gebruik enkele aanhalingstekens"),
    ("found undefined alias", "deze alias (*naam) verwijst naar een anker (&naam) dat niet bestaat"),
    ("but found another document", "het bestand bevat meer dan een YAML-document (---); een scenario is één "
                                   "document"),
    ("second occurrence", "dit anker (&naam) bestaat al; geef het een andere naam"),
    ("found incompatible YAML document", "deze %YAML-versie ken ik niet; laat de regel weg"),
    ("found unknown directive name", "onbekende %-regel; laat hem weg"),
    ("found a tab character", "een tab in de inspringing; spring in met spaties"),
    ("block sequence entries are not allowed", "een lijstitem (- ...) staat hier op een plek waar YAML er "
                                               "geen verwacht; controleer de inspringing"),
    ("did not find expected comment or line break", "na deze waarde verwacht ik het einde van de regel"),
    ("found unexpected ':'", "een onverwachte dubbele punt; zet de tekst tussen aanhalingstekens"),
    ("did not find expected <document start>", "hier verwacht ik het begin van het document"),
    ("exceeded maximum nesting depth", "lijsten en mappings zijn hier te diep genest"),
    ("found unexpected document indicator", "een regel met --- of ... midden in tekst tussen aanhalingstekens"),
)
#: The constructs whose start PyYAML names in its context: an unclosed one is reported where it began.
_OPENERS_NL = {
    "while parsing a flow sequence": "de lijst [ die hier begint",
    "while parsing a flow mapping": "de mapping { die hier begint",
    "while scanning a quoted scalar": "de tekst tussen aanhalingstekens die hier begint",
    "while parsing a quoted scalar": "de tekst tussen aanhalingstekens die hier begint",
}


_QUOTE_RUN = re.compile(r'"(?:[^"\\]|\\.)*"?')


def _unclosed_quote_line(lines: list[str], before: int) -> int | None:
    """The line (1-based, above `before`) where a double-quoted text seems to open without closing: a quote
    that runs on over the next lines makes PyYAML complain only where the text finally ends."""
    for number in range(before - 1, max(0, before - 50), -1):
        line = lines[number - 1]
        runs = _QUOTE_RUN.findall(line.split(" #")[0])
        if runs and not (len(runs[-1]) > 1 and runs[-1].endswith('"')):
            return number
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """One positioned Dutch line for a PyYAML syntax error; unclosed brackets and quotes point at their start."""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    dutch = next((nl for en, nl in _PROBLEMS_NL if problem.startswith(en) or en in problem), "")
    opener = _OPENERS_NL.get(exc.context or "")
    if opener and exc.context_mark is not None and problem.startswith(("did not find expected ',' ",
                                                                        "found unexpected end of stream")):
        start = exc.context_mark
        return YamlProblem("CT001", start.line + 1, start.column + 1,
                           f"YAML-fout: {opener} is niet gesloten (tot regel {line} gezocht). "
                           "Sluit hem op de regel waar hij hoort.")
    if not dutch:
        dutch = f"onleesbare YAML ({problem or exc.context or 'onbekende fout'})"
    began = _unclosed_quote_line(text.splitlines(), line) if line > 1 else None
    hint = f' Misschien opent regel {began} een tekst met " die daar niet gesloten wordt.' if began else ""
    return YamlProblem("CT001", line, col, f"YAML-fout: {dutch}.{hint}")


def _control_character_problems(text: str) -> list[YamlProblem]:
    """Every place (at most 10) where the text holds a character YAML forbids, with its code point."""
    problems = []
    for match in CONTROL_CHARACTERS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(YamlProblem(
            "CT008", line, col, f"Onzichtbaar stuurteken U+{ord(match.group()):04X} staat hier; YAML staat het niet "
            "toe. Verwijder het (kopieer de tekst opnieuw of typ hem over)."))
        if len(problems) == 10:
            break
    return problems or [YamlProblem("CT008", 1, 1, "Het bestand bevat tekens die YAML niet toestaat.")]


def estimated_values(text: str) -> int:
    """About how many values (nodes) YAML makes of `text`: one per line, item, bracket and key, counted in C."""
    return (text.count("\n") + text.count(",") + text.count("[") + text.count("{") + text.count("- ")
            + text.count(": ") + text.count('":') + 1)


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; syntax errors, duplicate keys and exhausted budgets become problems, never
    exceptions."""
    values = estimated_values(text) if len(text) > MAX_YAML_VALUES // 4 else 0  # fewer bytes: fewer values
    if values > MAX_YAML_VALUES:
        return YamlDocument(None, [YamlProblem(
            "CT009", 1, 1, f"Dit bestand heeft naar schatting {values} YAML-waarden; een scenario mag er hoogstens "
            f"{MAX_YAML_VALUES} hebben. Splits het verhaal op.")], [])
    reader = _Reader(track_aliases="&" in text)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the parse allocates many small objects: the cyclic GC would walk them again and again
    try:
        try:
            loader = _Loader(text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            return YamlDocument(None, [_syntax_problem(exc, text)], [])
        except (yaml.reader.ReaderError, UnicodeEncodeError):
            return YamlDocument(None, _control_character_problems(text), [])
        except yaml.YAMLError as exc:
            return YamlDocument(None, [YamlProblem("CT001", 1, 1, f"YAML-fout: onleesbare YAML ({exc}).")], [])
        if root is None:
            return YamlDocument(None, [YamlProblem("CT001", 1, 1, "Het bestand is leeg: begin met casustafel: 1 "
                                                                  "(casustafel new maakt een voorbeeld).")], [])
        try:
            data = reader.value(root)
        except _Budget as stop:
            return YamlDocument(None, [*reader.problems, stop.problem], reader.bool_words)
    finally:
        if gc_was_enabled:
            gc.enable()
    return YamlDocument(data, reader.problems, reader.bool_words)

"""Read YAML safely into plain values that remember where each one stood in the file.

PyYAML's composer (the C one from libyaml when present) builds a node tree with marks; we turn that
tree into `YMap` / `YList` containers whose positions are kept beside the values, reject duplicate
keys, and never construct anything but mappings, lists, strings, ints, floats, bools and null.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import yaml

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
    """Why a file could not be read as YAML at all, or a duplicate key in it."""

    code: str
    line: int
    col: int
    message: str


class _Reader:
    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        # plain (unquoted) scalars that YAML 1.1 turned into booleans: an author may have meant text
        self.bool_words: list[tuple[int, int, str]] = []

    def value(self, node: yaml.Node) -> object:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in (_MAP_TAG, _SEQ_TAG):
            self.problems.append(YamlProblem(
                "CT003", node.start_mark.line + 1, node.start_mark.column + 1,
                f"YAML-tag {node.tag} wordt niet ondersteund; schrijf gewone lijsten en mappings."))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.pos = (node.start_mark.line + 1, node.start_mark.column + 1)
            positions = []
            for child in node.value:
                items.append(self.value(child))
                positions.append((child.start_mark.line + 1, child.start_mark.column + 1))
            items.item_pos = positions
            return items
        raise TypeError(node)  # pragma: no cover - the composer makes no other kind

    def scalar(self, node: yaml.ScalarNode) -> object:
        tag = node.tag
        text = node.value
        if tag == _STR_TAG:
            return text
        if tag == _INT_TAG:
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                return int(text) if text.isdigit() else text
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
            "CT003", node.start_mark.line + 1, node.start_mark.column + 1,
            f"YAML-tag {tag} wordt niet ondersteund; schrijf de waarde als gewone tekst."))
        return text

    def mapping(self, node: yaml.MappingNode) -> YMap:
        result = YMap()
        result.pos = (node.start_mark.line + 1, node.start_mark.column + 1)
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
            result[key] = self.value(value_node)
        result.key_pos = key_pos
        result.value_pos = value_pos
        return result


@dataclass(slots=True)
class YamlDocument:
    """The result of reading one file: the data (or None) and what went wrong."""

    data: object
    problems: list[YamlProblem]
    bool_words: list[tuple[int, int, str]]


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; syntax errors and duplicate keys become problems, never exceptions."""
    reader = _Reader()
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
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = exc.problem or "onleesbare YAML"
            return YamlDocument(None, [YamlProblem(
                "CT001", line, col,
                f"YAML-fout: {what}. Controleer inspringing, dubbele punten en aanhalingstekens rond deze plek.")],
                [])
        except yaml.YAMLError as exc:
            return YamlDocument(None, [YamlProblem("CT001", 1, 1, f"YAML-fout: {exc}")], [])
        if root is None:
            return YamlDocument(None, [YamlProblem("CT001", 1, 1, "Het bestand is leeg.")], [])
        data = reader.value(root)
    finally:
        if gc_was_enabled:
            gc.enable()
    return YamlDocument(data, reader.problems, reader.bool_words)

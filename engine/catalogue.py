"""Load a catalogue of frames, heuristics, reflection levels and home profiles."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .model import Catalogue, Frame, Heuristic, Level, Text
from .schema import Checker
from .yamlsource import YList, YMap, read_yaml

CATALOGUE_ROOT = Path(str(files("casustafel.scenarios"))) / "catalogue"

_cache: dict[tuple[str, float, float], tuple[Catalogue | None, list[Diagnostic]]] = {}


def resolve_catalogue(name: str, scenario_file: Path | None) -> Path:
    """A catalogue name (`default`, `igm`) or a path relative to the scenario file."""
    if "/" not in name and "\\" not in name and not name.startswith("."):
        return CATALOGUE_ROOT / name
    base = scenario_file.parent if scenario_file else Path.cwd()
    return (base / name).resolve()


def load_catalogue(folder: Path) -> tuple[Catalogue | None, list[Diagnostic]]:
    """Read `frames.yaml` and `heuristics.yaml` in `folder`; cached per folder and file times."""
    frames_file, heuristics_file = folder / "frames.yaml", folder / "heuristics.yaml"
    try:
        key = (str(folder), frames_file.stat().st_mtime, heuristics_file.stat().st_mtime)
    except OSError:
        return None, []
    if key not in _cache:
        _cache[key] = _read(folder, frames_file, heuristics_file)
    return _cache[key]


def _entry_texts(check: Checker, entry: YMap, where: str) -> tuple[Text, Text, tuple[Text, ...], str]:
    name = check.text(entry.get("name"), entry.at("name"), f"{where}: name")
    definition = check.text(entry.get("definition"), entry.at("definition"), f"{where}: definition")
    markers = check.text_list(entry.get("markers", YList()), entry.at("markers"), f"{where}: markers")
    source = entry.get("source", "")
    check.expect(source, str, entry.at("source"), f"{where}: source")
    return name, definition, markers, str(source)


def _entries(check: Checker, data: object, key: str, file_pos: tuple[int, int]) -> list[YMap]:
    if not isinstance(data, YMap):
        check.add("CT012", file_pos, "catalogue_not_mapping")
        return []
    items = data.get(key)
    if not isinstance(items, YList):
        check.expect(items, YList, data.at(key), key)
        return []
    result = []
    for i, item in enumerate(items):
        if check.expect(item, YMap, items.at(i), f"{key} [{i + 1}]"):
            result.append(item)
    return result


def _read(folder: Path, frames_file: Path, heuristics_file: Path) -> tuple[Catalogue | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    frames: dict[str, Frame] = {}
    heuristics: dict[str, Heuristic] = {}
    levels: dict[str, Level] = {}
    homes: dict[str, dict[str, int]] = {}
    for file in (frames_file, heuristics_file):
        text = file.read_text(encoding="utf-8")
        check = Checker(str(file), text, "nl", ("nl", "en"))
        doc = read_yaml(text)
        for p in doc.problems:
            check.add(p.code, (p.line, p.col), detail=p.message)
        data = doc.data
        if data is None:
            diagnostics += check.diagnostics
            continue
        if file is frames_file:
            for entry in _entries(check, data, "frames", (1, 1)):
                check.keys(entry, "frame", ("id", "name", "definition", "markers", "source"), ("id", "name"))
                fid = check.ident(entry.get("id"), entry.at("id"), "frame id")
                if fid:
                    frames[fid] = Frame(fid, *_entry_texts(check, entry, f"frame {fid}"))
            raw_homes = data.get("homes", YMap()) if isinstance(data, YMap) else YMap()
            if isinstance(raw_homes, YMap):
                for role, profile in raw_homes.items():
                    if check.expect(profile, YMap, raw_homes.at(role), f"homes: {role}"):
                        homes[role] = {f: int(w) for f, w in profile.items() if isinstance(w, int)}
        else:
            for entry in _entries(check, data, "heuristics", (1, 1)):
                check.keys(entry, "heuristiek",
                           ("id", "kind", "points", "name", "definition", "markers", "source"),
                           ("id", "kind", "points", "name"))
                hid = check.ident(entry.get("id"), entry.at("id"), "heuristiek-id")
                kind = entry.get("kind", "heuristic")
                if kind not in ("heuristic", "red_flag"):
                    check.add("CT013", entry.at("kind"), "heuristic_kind")
                points = entry.get("points", 0)
                check.expect(points, int, entry.at("points"), "points")
                if hid:
                    heuristics[hid] = Heuristic(hid, str(kind), int(points) if isinstance(points, int) else 0,
                                                *_entry_texts(check, entry, f"heuristiek {hid}"))
            for entry in _entries(check, data, "levels", (1, 1)):
                check.keys(entry, "niveau", ("id", "bonus", "name", "definition", "source"), ("id", "bonus"))
                lid = check.ident(entry.get("id"), entry.at("id"), "niveau-id")
                bonus = entry.get("bonus", 0)
                check.expect(bonus, int, entry.at("bonus"), "bonus")
                if lid:
                    name, definition, _markers, source = _entry_texts(check, entry, f"niveau {lid}")
                    levels[lid] = Level(lid, int(bonus) if isinstance(bonus, int) else 0, name, definition, source)
        for fr_role, profile in homes.items():
            for fid in profile:
                if frames and fid not in frames:
                    check.add("CT023", (1, 1), "home", role=fr_role, frame=fid)
        diagnostics += check.diagnostics
    if has_errors(diagnostics):
        return None, diagnostics
    return Catalogue(folder.name, str(folder), frames, heuristics, levels, homes), diagnostics

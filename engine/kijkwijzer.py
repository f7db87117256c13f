"""The kijkwijzer: per heuristic, red flag and reflection level, what to look and listen for, and a question.

A catalogue folder may hold `kijkwijzer.yaml` beside `heuristics.yaml`. It helps players see while they mark
their turns (terugkijken) and prints as a guide (`casustafel kijkwijzer`). Its ids are those of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Catalogue, Text
from .yamlsource import YList, YMap, read_yaml

FILE_NAME = "kijkwijzer.yaml"
LANGUAGES = ("nl", "en")


class KijkwijzerError(ValueError):
    """A kijkwijzer file that cannot be used; the message is one Dutch line with file:line:col."""


@dataclass(frozen=True, slots=True)
class Cue:
    """What to look for at one heuristic: observable signs and a question for looking back."""

    id: str
    look_for: tuple[Text, ...]
    question: Text


@dataclass(frozen=True, slots=True)
class Kijkwijzer:
    catalogue_id: str
    intro: Text
    cues: dict[str, Cue]

    def cue(self, heuristic_id: str) -> Cue | None:
        return self.cues.get(heuristic_id)


def _fail(file: Path, pos: tuple[int, int], message: str) -> KijkwijzerError:
    return KijkwijzerError(f"{file}:{pos[0]}:{pos[1]}: {message}")


def _text(file: Path, value: object, pos: tuple[int, int], what: str) -> Text:
    if not isinstance(value, YMap) or not isinstance(value.get("nl"), str):
        raise _fail(file, pos, f"{what} moet een tekst zijn met ten minste nl (bijvoorbeeld {{nl: \"...\"}}).")
    return Text({k: str(v) for k, v in value.items() if k in LANGUAGES}, "nl")


def _texts(file: Path, value: object, pos: tuple[int, int], what: str) -> tuple[Text, ...]:
    """A list of signs per language (`{nl: [...], en: [...]}`) as one Text per sign."""
    if not isinstance(value, YMap) or not isinstance(value.get("nl"), YList) or not value["nl"]:
        raise _fail(file, pos, f"{what} moet per taal een lijst zijn, bijvoorbeeld {{nl: [\"...\"], en: [\"...\"]}}.")
    dutch = value["nl"]
    result = []
    for i, sign in enumerate(dutch):
        by_lang = {"nl": str(sign)}
        other = value.get("en")
        if isinstance(other, YList) and i < len(other):
            by_lang["en"] = str(other[i])
        result.append(Text(by_lang, "nl"))
    return tuple(result)


def parse_kijkwijzer(text: str, file: Path, catalogue: Catalogue) -> Kijkwijzer:
    """Read a kijkwijzer and check it against its catalogue: every heuristic and level has a cue, no unknown id."""
    doc = read_yaml(text)
    if doc.problems:
        p = doc.problems[0]
        raise _fail(file, (p.line, p.col), p.message)
    data = doc.data
    if not isinstance(data, YMap) or not isinstance(data.get("entries"), YList):
        raise _fail(file, (1, 1), "Een kijkwijzer is een mapping met een lijst 'entries'.")
    known = {*catalogue.heuristics, *catalogue.levels}
    cues: dict[str, Cue] = {}
    entries = data["entries"]
    for i, entry in enumerate(entries):
        if not isinstance(entry, YMap) or not isinstance(entry.get("id"), str):
            raise _fail(file, entries.at(i), "Elk item van de kijkwijzer heeft een id (een heuristiek of niveau).")
        cue_id = entry["id"]
        if cue_id not in known:
            raise _fail(file, entry.at("id"), f'"{cue_id}" staat niet in de catalogus {catalogue.id}; '
                        "gebruik een id uit heuristics.yaml.")
        cues[cue_id] = Cue(cue_id, _texts(file, entry.get("kijk"), entry.at("kijk"), f"kijk bij {cue_id}"),
                           _text(file, entry.get("vraag"), entry.at("vraag"), f"vraag bij {cue_id}"))
    missing = sorted(known - set(cues))
    if missing:
        raise _fail(file, (1, 1), f"de kijkwijzer mist {', '.join(missing)}; geef elk een 'kijk' en een 'vraag'.")
    intro = _text(file, data.get("intro"), data.at("intro"), "intro") if "intro" in data else Text({"nl": ""}, "nl")
    return Kijkwijzer(catalogue.id, intro, cues)


def load_kijkwijzer(catalogue: Catalogue) -> Kijkwijzer | None:
    """The kijkwijzer beside a catalogue, or None when the catalogue has none."""
    file = Path(catalogue.path) / FILE_NAME
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(file, (1, 1), f"kan de kijkwijzer niet lezen ({exc.__class__.__name__}).") from None
    return parse_kijkwijzer(text, file, catalogue)

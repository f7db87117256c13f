"""Twee 3 import: a Twine story as a format-v1 scenario skeleton.

Twee 3 (https://github.com/iftechfoundation/twine-specs/blob/master/twee-3-specification.md): passages start
with `:: Name [tags] {metadata}`; `StoryTitle` holds the title and `StoryData` a JSON object (`start`, ...);
links are `[[target]]`, `[[text->target]]`, `[[target<-text]]` and `[[text|target]]`.

The conversion: a passage with links becomes a choice (its text as narrator lines, one option per link),
a passage without links an ending. Whose turn it is comes from a passage tag (`klantmanager`/`km`,
`sociaal_werker`/`sw`), else it alternates with the distance from the start. An ending's kind comes from
a tag (`gedeeld_plan`, `schijnakkoord`, `impasse`, `escalatie`), else `open`. Macros, HTML and code
passages cannot be converted: they are left out and listed in the report. Malformed Twee gives
positioned problems and no scenario.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from .model import ENDING_KINDS

ROLE_TAGS = {"klantmanager": "klantmanager", "km": "klantmanager", "sociaal_werker": "sociaal_werker",
             "sw": "sociaal_werker", "sociaalwerker": "sociaal_werker"}
ROLES = ("klantmanager", "sociaal_werker")
CODE_TAGS = {"script", "stylesheet"}
CODE_NAMES = {"Story JavaScript", "Story Stylesheet", "StoryInit", "StoryCaption", "StoryMenu", "PassageReady",
              "PassageDone", "PassageHeader", "PassageFooter", "StoryBanner", "StoryAuthor", "StorySubtitle"}
LINK = re.compile(r"\[\[(.*?)\]\]", re.S)
MACRO = re.compile(r"<<.*?>>|\([a-z][a-z0-9-]*:[^()]*(?:\([^()]*\)[^()]*)*\)", re.S)
HTML = re.compile(r"</?[A-Za-z][^<>]*>")
LINE_LIMIT = 280


@dataclass
class TweeProblem:
    line: int
    col: int
    message: str
    severity: str = "error"

    def format(self, file: str) -> str:
        return f"{file}:{self.line}:{self.col}: {self.severity}: {self.message}"


@dataclass
class Passage:
    name: str
    tags: list[str]
    text: str
    line: int  # of the header
    metadata: dict = field(default_factory=dict)


@dataclass
class TweeStory:
    passages: list[Passage]
    problems: list[TweeProblem]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_twee(text: str) -> TweeStory:
    """Split Twee 3 source into passages; every malformed header becomes a positioned problem."""
    problems: list[TweeProblem] = []
    passages: list[Passage] = []
    current: Passage | None = None
    body: list[str] = []
    seen: dict[str, int] = {}
    skipping = False  # the body of a passage whose header was rejected
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("::"):
            skipping = True
            if current is not None:
                current.text = "\n".join(body).rstrip()
            body = []
            current = _header(line, number, problems)
            if current is None:
                continue
            if current.name in seen:
                problems.append(TweeProblem(number, 4, f'Passage "{current.name}" bestaat al (regel '
                                                        f"{seen[current.name]}); passagenamen moeten uniek zijn."))
                current = None
                continue
            seen[current.name] = number
            passages.append(current)
        elif current is not None:
            body.append(line)
        elif line.strip() and not skipping:
            problems.append(TweeProblem(number, 1, "Tekst voor de eerste passage (regel die begint met ::) "
                                                   "wordt genegeerd.", "warning"))
    if current is not None:
        current.text = "\n".join(body).rstrip()
    if not passages and not any(p.severity == "error" for p in problems):
        problems = []  # "text before the first passage" would only repeat the point
        problems.append(TweeProblem(1, 1, "Geen enkele passage gevonden: een Twee-passage begint met "
                                          "':: Naam' aan het begin van een regel."))
    for passage in passages:
        for i, row in enumerate(passage.text.splitlines(), start=passage.line + 1):
            opened = row.count("[[")
            closed = row.count("]]")
            if opened != closed:
                col = row.find("[[") + 1 if opened > closed else row.find("]]") + 1
                problems.append(TweeProblem(i, max(col, 1), "Link niet goed afgesloten: een link is [[tekst->doel]], "
                                                            "met [[ en ]] op dezelfde regel."))
    return TweeStory(passages, problems)


def _header(line: str, number: int, problems: list[TweeProblem]) -> Passage | None:
    rest = line[2:].strip()
    metadata: dict = {}
    tags: list[str] = []
    # metadata: a trailing {...} that is not escaped
    meta_match = re.search(r"(?<!\\)\{.*\}\s*$", rest)
    if meta_match and not rest[:meta_match.start()].rstrip().endswith("\\"):
        raw = meta_match.group(0)
        try:
            metadata = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(TweeProblem(number, line.find(raw) + 1 + exc.pos,
                                        f"Metadata van de passage is geen geldige JSON: {exc.msg}."))
            return None
        rest = rest[:meta_match.start()].rstrip()
    tag_match = re.search(r"(?<!\\)\[([^\]]*)\]\s*$", rest)
    if tag_match:
        tags = tag_match.group(1).split()
        rest = rest[:tag_match.start()].rstrip()
    elif re.search(r"(?<!\\)\[", rest):
        col = line.find("[", 2) + 1
        problems.append(TweeProblem(number, col, "Tags niet afgesloten: schrijf :: Naam [tag1 tag2]."))
        return None
    name = _unescape(rest).strip()
    if not name:
        problems.append(TweeProblem(number, 3, "Passage zonder naam: schrijf :: Naam."))
        return None
    return Passage(name, tags, "", number, metadata)


# -- conversion ---------------------------------------------------------------------------------------
@dataclass
class Conversion:
    yaml: str
    report: list[str]
    node_ids: dict[str, str]


def slug(name: str, separator: str = "_") -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", separator, text).strip(separator)
    if not text or not text[0].isalpha():
        text = f"p{separator}{text}" if text else "passage"
    return text


def parse_link(inner: str) -> tuple[str, str]:
    """(text, target) of the inside of a [[...]] link, in Twine's order of precedence."""
    if "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    elif "|" in inner:
        text, target = inner.rsplit("|", 1)
    else:
        text = target = inner
    return text.strip(), target.strip()


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _split_lines(text: str) -> list[str]:
    """Paragraphs of prose, each at most LINE_LIMIT characters (long ones split between sentences)."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        while len(paragraph) > LINE_LIMIT:
            cut = max(paragraph.rfind(". ", 0, LINE_LIMIT), paragraph.rfind("? ", 0, LINE_LIMIT),
                      paragraph.rfind("! ", 0, LINE_LIMIT))
            cut = cut + 1 if cut > 0 else paragraph.rfind(" ", 0, LINE_LIMIT)
            if cut <= 0:
                cut = LINE_LIMIT
            out.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if paragraph:
            out.append(paragraph)
    return out


def convert(story: TweeStory, file_stem: str = "twee-import") -> Conversion:
    """A format-v1 scenario text from parsed passages, and the report of what was left out."""
    report: list[str] = []
    by_name = {p.name: p for p in story.passages}
    title = file_stem
    start_name = None
    if "StoryTitle" in by_name:
        title = " ".join(by_name["StoryTitle"].text.split()) or title
    if "StoryData" in by_name:
        try:
            data = json.loads(by_name["StoryData"].text or "{}")
            start_name = data.get("start")
            if data.get("format"):
                report.append(f"StoryData: verhaalformaat {data.get('format')} {data.get('format-version', '')}"
                              .rstrip() + " (macro's van dat formaat worden niet omgezet).")
        except json.JSONDecodeError:
            report.append("StoryData is geen geldige JSON; genegeerd.")
    story_passages = []
    for p in story.passages:
        if p.name in ("StoryTitle", "StoryData"):
            continue
        if CODE_TAGS & set(p.tags) or p.name in CODE_NAMES:
            report.append(f'Regel {p.line}: passage "{p.name}" is code of opmaak ({", ".join(p.tags) or p.name}); '
                          "niet omgezet.")
            continue
        story_passages.append(p)
    if not story_passages:
        raise ValueError("Het verhaal heeft geen passages met tekst.")
    names = {p.name for p in story_passages}
    if start_name not in names:
        if start_name:
            report.append(f'StoryData noemt start "{start_name}", maar die passage is er niet; ik begin bij de '
                          "eerste passage.")
        start_name = "Start" if "Start" in names else story_passages[0].name
    ids: dict[str, str] = {}
    used: set[str] = set()
    for p in story_passages:
        base = slug(p.name)
        nid, k = base, 2
        while nid in used:
            nid, k = f"{base}_{k}", k + 1
        used.add(nid)
        ids[p.name] = nid
    # links and cleaned text
    links: dict[str, list[tuple[str, str]]] = {}
    texts: dict[str, str] = {}
    for p in story_passages:
        found = []
        for match in LINK.finditer(p.text):
            text, target = parse_link(match.group(1))
            line = p.line + 1 + p.text[:match.start()].count("\n")
            if target not in names:
                report.append(f'Regel {line}: link "{match.group(0)}" in "{p.name}" wijst naar een passage die '
                              "er niet is; weggelaten.")
                continue
            found.append((text or target, target))
        links[p.name] = found
        body = LINK.sub("", p.text)
        for match in MACRO.finditer(body):
            line = p.line + 1 + body[:match.start()].count("\n")
            snippet = " ".join(match.group(0).split())
            report.append(f'Regel {line}: macro {snippet[:60]}{"..." if len(snippet) > 60 else ""} in "{p.name}" '
                          "niet omgezet; gebruik when/set in het scenario.")
        body = MACRO.sub("", body)
        if HTML.search(body):
            report.append(f'Passage "{p.name}": HTML-opmaak weggelaten.')
            body = HTML.sub("", body)
        texts[p.name] = body.strip()
    # whose turn: a tag, else alternate with the distance from the start
    turn: dict[str, str] = {}
    depth = {start_name: 0}
    queue = deque([start_name])
    while queue:
        name = queue.popleft()
        for _text, target in links[name]:
            if target not in depth:
                depth[target] = depth[name] + 1
                queue.append(target)
    for p in story_passages:
        tagged = [ROLE_TAGS[t] for t in p.tags if t in ROLE_TAGS]
        turn[p.name] = tagged[0] if tagged else ROLES[depth.get(p.name, 0) % 2]
    for p in story_passages:
        if p.name not in depth:
            report.append(f'Passage "{p.name}" is vanaf de start niet bereikbaar (lint meldt CT100).')
    scenario_id = slug(title, "-")
    out = [
        f"# Geïmporteerd uit Twee ({file_stem}) door casustafel import-twee. Een skelet: tag de opties met",
        "# frames en heuristics, schrijf de briefings, en draai casustafel lint.",
        "casustafel: 1",
        f"id: {scenario_id}",
        "language: nl",
        f"title: {_quote(title)}",
        f"summary: {_quote('Geïmporteerd uit Twine: ' + title + '. Vervang deze samenvatting.')}",
        "duration: 20",
        "learning_goals:",
        f"  - {_quote('Schrijf hier wat spelers leren.')}",
        "client:",
        f"  name: {_quote('Cliënt')}",
        "  facts: []",
        "roles:",
        "  klantmanager:",
        f"    name: {_quote('Klantmanager')}",
        f"    brief: {_quote('Schrijf de briefing van de klantmanager.')}",
        "  sociaal_werker:",
        f"    name: {_quote('Sociaal werker')}",
        f"    brief: {_quote('Schrijf de briefing van de sociaal werker.')}",
        "characters:",
        f"  verteller: {{name: {_quote('Verteller')}}}",
        f"start: {ids[start_name]}",
        "nodes:",
    ]
    for p in story_passages:
        nid = ids[p.name]
        lines = _split_lines(texts[p.name])
        out.append(f"  {nid}:  # Twee: {p.name} (regel {p.line})")
        if links[p.name]:
            if lines:
                out.append("    lines:")
                out += [f"      - {{by: verteller, text: {_quote(line)}}}" for line in lines]
            out.append(f"    turn: {turn[p.name]}")
            out.append(f"    prompt: {_quote('Wat zeg je?')}")
            out.append("    options:")
            option_ids: set[str] = set()
            for k, (text, target) in enumerate(links[p.name], start=1):
                oid = f"{nid}_{k}"
                while oid in option_ids:
                    oid += "_"
                option_ids.add(oid)
                out.append(f"      - id: {oid}")
                out.append(f"        text: {_quote(' '.join(text.split())[:LINE_LIMIT])}")
                out.append(f"        next: {ids[target]}")
        else:
            kinds = [t for t in p.tags if t in ENDING_KINDS]
            ending_text = " ".join(lines) or p.name
            out.append("    ending:")
            out.append(f"      kind: {kinds[0] if kinds else 'open'}")
            out.append(f"      title: {_quote(p.name)}")
            out.append(f"      text: {_quote(ending_text)}")
    return Conversion("\n".join(out) + "\n", report, ids)

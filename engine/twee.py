"""Twee 3 import: a Twine story as a format-v1 scenario skeleton that keeps the story's text.

Twee 3 (https://github.com/iftechfoundation/twine-specs/blob/master/twee-3-specification.md): passages start
with `:: Name [tags] {metadata}`; `StoryTitle` holds the title and `StoryData` a JSON object (`start`, ...);
links are `[[target]]`, `[[text->target]]`, `[[target<-text]]` and `[[text|target]]`.

The conversion: a passage with ways on becomes a choice (its prose as narrator lines, one option per way), a
passage without an ending. A link inside a sentence keeps its text in the sentence, and the option says the
sentence; a line of links only is a menu and becomes options only. Ways on are also read from the macros of
Harlowe (`(link-goto:)`, `(go-to:)`, `(click-goto:)`, a `(link:)` hook holding a `(go-to:)`), SugarCube
(`<<link>>`/`<<button>>` with a passage or a `<<goto>>` inside, `<<goto>>`, `<<choice>>`, `<<actions>>`, and
any other macro whose arguments name passages) and Snowman (`story.show("...")` in `<% %>` code). Passages
that are only included (`<<include>>`, `(display:)`, `story.render`) are not nodes: their ways go to the
passage that includes them. Markup is converted to plain text; whatever cannot be converted (conditions,
variables, text revealed by a click, code) is left out and named, with its line, in the conversion's notes.
Whose turn it is comes from a passage tag (`klantmanager`/`km`, `sociaal_werker`/`sw`), else it alternates
with the distance from the start; an ending's kind from a tag (`gedeeld_plan`, `schijnakkoord`, `impasse`,
`escalatie`), else `open`. Malformed Twee gives positioned problems and no scenario.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from .model import ENDING_KINDS
from .schema import LANGUAGE_CODES

ROLE_TAGS = {"klantmanager": "klantmanager", "km": "klantmanager", "sociaal_werker": "sociaal_werker",
             "sw": "sociaal_werker", "sociaalwerker": "sociaal_werker"}
ROLES = ("klantmanager", "sociaal_werker")
#: Passages that are code, style, or shown around every passage (SugarCube and Harlowe special tags).
CODE_TAGS = {"script", "stylesheet", "widget", "startup", "header", "footer", "debug-startup", "debug-header",
             "debug-footer", "Twine.private"}
CODE_NAMES = {"Story JavaScript", "Story Stylesheet", "StoryInit", "StoryCaption", "StoryMenu", "PassageReady",
              "PassageDone", "PassageHeader", "PassageFooter", "StoryBanner", "StoryAuthor", "StorySubtitle"}
LINK = re.compile(r"\[\[(.*?)\]\]", re.S)
HTML = re.compile(r"</?[A-Za-z][^<>]*>")
#: Spans whose brackets are code, not links (a SugarCube array `[[0,1],[1,0]]` in `<<set>>`).
CODE_SPAN = re.compile(r"<<.*?>>|<%.*?%>|<script\b.*?</script>", re.S | re.I)
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
        prose = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), passage.text)
        for i, row in enumerate(prose.splitlines(), start=passage.line + 1):
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


# -- reading a passage's body --------------------------------------------------------------------------
@dataclass
class Way:
    """A way on from a passage: one option of the choice it becomes."""

    text: str
    target: str
    line: int
    sentence: str = ""  # the sentence the link stands in, when it stands in one


@dataclass
class Body:
    """A passage read: its prose (ways as \\x00n\\x00 marks), its ways on, what it includes, what was left out."""

    prose: str
    ways: list[Way]
    includes: list[str]
    notes: list[TweeProblem]


MARK = "\x00{}\x00"
MARKS = re.compile(r"\x00(\d+)\x00")
TOKEN = re.compile(r"\[\[|<<|<%|<!--|/\*|/%|<script\b|\((?=[A-Za-z][\w-]*:)|\|[\w-]+>\[|\[|\\\n", re.I)
SC_MACRO = re.compile(r"<<(/?)([A-Za-z=\-][\w-]*|=|-)\s*(.*?)>>", re.S)
SC_ARG = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|\[\[(.*?)\]\]|(\S+)', re.S)
HARLOWE_NAME = re.compile(r"\(([A-Za-z][\w-]*):")
HARLOWE_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|(?<![\w)])\'((?:[^\'\\]|\\.)*)\'')
SC_LINKS = {"link", "button"}
SC_CLICK_TEXT = {"linkreplace", "linkappend", "linkprepend", "cycle", "listbox"}
SC_CONDITIONAL = {"if", "switch", "for", "repeat", "timed", "replace", "append", "prepend", "capture", "do",
                  "type", "widget"}
SC_CONTAINERS = SC_LINKS | SC_CLICK_TEXT | SC_CONDITIONAL | {"nobr", "silently", "script"}
SC_STRUCTURE = {"else", "elseif", "case", "default", "break", "continue", "next", "stop", "option", "optionsfrom"}
SC_INCLUDE = {"include", "display"}
SC_VARIABLES = {"set", "unset", "run", "remember", "forget", "capture", "addclass", "removeclass", "toggleclass"}
SC_OUTPUT = {"print", "=", "-", "textbox", "textarea", "checkbox", "radiobutton", "numberbox", "audio",
             "cacheaudio", "playlist", "masteraudio", "waitforaudio", "back", "return", "actions_done", "script"}
HARLOWE_GOTO_LINKS = {"link-goto", "link-reveal-goto"}
HARLOWE_GOTO_CLICKS = {"click-goto", "mouseover-goto", "mouseout-goto"}
HARLOWE_GOTO = {"go-to", "goto", "redirect"}
HARLOWE_CLICK = {"link", "link-reveal", "link-repeat", "link-rerun", "link-replace", "link-append", "link-prepend",
                 "click", "click-replace", "click-append", "click-prepend", "click-rerun", "mouseover",
                 "mouseover-replace", "mouseover-append", "mouseover-prepend", "mouseout", "mouseout-replace",
                 "mouseout-append", "mouseout-prepend", "link-show", "link-fullscreen", "link-storylet"}
HARLOWE_CONDITIONAL = {"if", "else-if", "elseif", "else", "unless", "when", "hidden", "for", "loop", "event",
                       "live", "after", "more", "replace", "append", "prepend", "rerun", "show", "cond"}
HARLOWE_VARIABLES = {"set", "put", "move", "unpack"}
HARLOWE_INCLUDE = {"display"}
#: Changers that only style their hook: its text is kept, the styling dropped.
HARLOWE_STYLE = {"text-style", "font", "text-colour", "text-color", "colour", "color", "background", "align",
                 "text-size", "text-indent", "css", "transition", "t8n", "transition-time", "t8n-time",
                 "transition-delay", "t8n-delay", "box", "float-box", "char-style", "line-style", "link-style",
                 "text-rotate", "text-rotate-z", "hover-style", "verbatim", "v6m", "collapse", "nobr", "opacity",
                 "hook", "border", "corner-radius", "b4r", "b4r-colour", "b4r-color", "b4r-size"}
STORY_SHOW = re.compile(r"story\.show\(\s*['\"](.+?)['\"]")
STORY_RENDER = re.compile(r"story\.render\(\s*['\"](.+?)['\"]")
SNIPPET = 60


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[:SNIPPET].rstrip() + "..."


class _Reader:
    """Reads one passage's body: prose, ways on, includes and notes, every note with its line."""

    def __init__(self, passage: Passage, names: set[str]) -> None:
        self.passage = passage
        self.text = passage.text
        self.names = names
        self.ways: list[Way] = []
        self.includes: list[str] = []
        self.notes: list[TweeProblem] = []
        self.in_link = 0  # inside a <<link>> or a (link:) hook, a goto is that link's way, not an automatic one

    def line(self, offset: int) -> int:
        return self.passage.line + 1 + self.text.count("\n", 0, offset)

    def note(self, offset: int, message: str) -> None:
        self.notes.append(TweeProblem(self.line(offset), 1, f'{message} (passage "{self.passage.name}")', "warning"))

    def way(self, text: str, target: str, offset: int, how: str) -> int | None:
        """Add a way on; the index of its mark, or None (with a note) when the target is not a passage."""
        target = target.strip()
        if target not in self.names:
            self.note(offset, f'{how} wijst naar "{target}", maar die passage is er niet; weggelaten')
            return None
        self.ways.append(Way(" ".join(plain(text).split()) or target, target, self.line(offset)))
        return len(self.ways) - 1

    # -- the scan ------------------------------------------------------------------------------------
    def read(self) -> Body:
        prose = self.scan(0, len(self.text))
        tag = HTML.search(prose)
        if tag:
            self.note(self.text.find(tag.group(0)), f"HTML-opmaak weggelaten ({_snippet(tag.group(0))} en dergelijke)")
        return Body(prose, self.ways, self.includes, self.notes)

    def scan(self, start: int, end: int) -> str:
        """The prose of text[start:end], with marks for its links; macros and code handled on the way."""
        out: list[str] = []
        i = start
        text = self.text
        while i < end:
            match = TOKEN.search(text, i, end)
            if match is None:
                out.append(text[i:end])
                break
            out.append(text[i:match.start()])
            j = match.start()
            token = match.group(0)
            if token == "[[":
                i, piece = self._link(j, end)
            elif token == "<<":
                i, piece = self._sugarcube(j, end)
            elif token == "<%":
                i, piece = self._snowman(j, end)
            elif token in ("<!--", "/*", "/%"):
                close = {"<!--": "-->", "/*": "*/", "/%": "%/"}[token]
                k = text.find(close, j + len(token), end)
                i, piece = (end if k < 0 else k + len(close)), ""
            elif token.lower() == "<script":
                k = text.lower().find("</script>", j, end)
                i = end if k < 0 else k + len("</script>")
                piece = ""
                self._code(text[j:i], j, "<script>")
            elif token == "(":
                i, piece = self._harlowe(j, end)
            elif token.startswith("|"):  # a named hook |name>[...]
                i, piece = self._hook(j + len(token) - 1, end)
            elif token == "[":
                i, piece = self._hook(j, end)
            else:  # a backslash at the end of a line joins it to the next (Harlowe)
                i, piece = j + 2, ""
            out.append(piece)
        return "".join(out)

    def _link(self, j: int, end: int) -> tuple[int, str]:
        k = self.text.find("]]", j + 2, end)
        if k < 0:
            return j + 2, "[["
        inner = self.text[j + 2:k].split("][", 1)[0]  # SugarCube setter links [[text|target][$x to 1]]
        text, target = parse_link(inner)
        index = self.way(text, target, j, f"Link [[{inner}]]")
        return k + 2, (MARK.format(index) if index is not None else text)

    def _bracket_close(self, k: int, end: int) -> int:
        depth = 0
        for n in range(k, end):
            c = self.text[n]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return n
        return -1

    def _hook(self, k: int, end: int) -> tuple[int, str]:
        """A hook [...] (after |name> or before <name|): its text is kept, the hook's name dropped."""
        close = self._bracket_close(k, end)
        if close < 0:
            return k + 1, "["
        inner = self.scan(k + 1, close)
        after = re.match(r"<[\w-]+\|", self.text[close + 1:end])
        return close + 1 + (after.end() if after else 0), inner

    # -- SugarCube -----------------------------------------------------------------------------------
    def _sc_close(self, name: str, k: int, end: int) -> tuple[int, int]:
        """Where the body of container macro `name` ends, and where its closing tag ends."""
        depth = 1
        pattern = re.compile(rf"<<(/|end)?{re.escape(name)}\b[^>]*>>", re.I)
        for match in pattern.finditer(self.text, k, end):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                return match.start(), match.end()
        return end, end

    def _sugarcube(self, j: int, end: int) -> tuple[int, str]:
        match = SC_MACRO.match(self.text, j, end)
        if match is None:
            return j + 2, "<<"
        closing, name, args = match.group(1), match.group(2).lower(), match.group(3)
        after = match.end()
        if closing:
            return after, ""
        whole = f"<<{match.group(2)}{' ' + _snippet(args) if args.strip() else ''}>>"
        container = name in SC_CONTAINERS or (
            name not in SC_STRUCTURE | SC_INCLUDE | SC_VARIABLES | SC_OUTPUT | {"goto", "choice", "actions"}
            and re.search(rf"<</{re.escape(match.group(2))}>>", self.text[after:end]) is not None)
        body_end = close_end = after
        if container:
            body_end, close_end = self._sc_close(match.group(2), after, end)
        tokens = [(m.group(1) or m.group(2), m.group(3), m.group(4)) for m in SC_ARG.finditer(args)]
        strings = [s for s, _link, _word in tokens if s is not None]
        links = [parse_link(link) for _s, link, _word in tokens if link is not None]
        if name in SC_LINKS:
            return close_end, self._sc_link(name, j, strings, links, after, body_end)
        if name == "goto":
            target = links[0][1] if links else (strings[0] if strings else args.strip())
            if self.way(target, target, j, whole) is not None and not self.in_link:
                self.note(j, f'{whole} (automatisch verder) is een optie "{target}" geworden')
            return close_end, ""
        if name == "choice":  # <<choice [[text|passage]]>> or <<choice "passage" ["text"]>>
            if links:
                text, target = links[0]
            else:
                target = strings[0] if strings else args.strip()
                text = strings[1] if len(strings) > 1 else target
            self.way(text, target, j, whole)
            return close_end, ""
        if name == "actions":
            for text, target in links or [(s, s) for s in strings]:
                self.way(text, target, j, whole)
            return close_end, ""
        if name in SC_INCLUDE:
            self._include(links[0][1] if links else (strings[0] if strings else args.strip()), j, whole)
            return close_end, ""
        if name in SC_VARIABLES:
            self.note(j, f"Macro {whole} niet omgezet; gebruik variables en set in het scenario")
            return close_end, ""
        if name in SC_OUTPUT:
            self.note(j, f"Macro {whole} weggelaten (uitvoer die het scenario niet kent)")
            return close_end, ""
        if name in SC_STRUCTURE:
            return close_end, ""
        inner = self.scan(after, body_end) if container else ""
        if name == "nobr":
            return close_end, " ".join(inner.split())
        if name == "silently":
            return close_end, ""
        if name in SC_CLICK_TEXT:
            self._dropped(j, f"Tekst achter de klik {whole}", inner)
            return close_end, ""
        if name in SC_CONDITIONAL:
            self._dropped(j, f"Tekst onder {whole}", inner)
            return close_end, ""
        # any other macro: its passage-naming arguments are ways on; its body (if any) is kept as text
        named = [(t, g) for t, g in links if g in self.names] + [(s, s) for s in strings if s in self.names]
        for text, target in named:
            self.way(text, target, j, whole)
        if named:
            self.note(j, f"Macro {whole}: {', '.join(repr(g) for _t, g in named)} als optie(s) omgezet")
        else:
            self.note(j, f"Macro {whole} niet omgezet")
        return close_end, inner

    def _sc_link(self, name: str, j: int, strings: list[str], links: list[tuple[str, str]], start: int,
                 end: int) -> str:
        """<<link>>/<<button>>: a way on to its passage argument, or to the <<goto>> inside it."""
        label = links[0][0] if links else (strings[0] if strings else "")
        target = links[0][1] if links else (strings[1] if len(strings) > 1 else "")
        before = len(self.ways)
        self.in_link += 1
        inner = self.scan(start, end)
        self.in_link -= 1
        whole = f'<<{name} "{label}">>'
        if target:
            self.way(label, target, j, whole)
        else:
            inside = self.ways[before:]
            for way in inside:
                way.text = " ".join(plain(label).split()) or way.target
            if not inside:
                self.note(j, f"{whole} leidt nergens heen; weggelaten")
        self._dropped(j, f"Tekst achter de klik {whole}", inner)
        return ""

    # -- Harlowe -------------------------------------------------------------------------------------
    def _paren_close(self, j: int, end: int) -> int:
        depth, n, text = 0, j, self.text
        while n < end:
            c = text[n]
            if c == '"' or (c == "'" and (n == 0 or not (text[n - 1].isalnum() or text[n - 1] == ")"))):
                k = n + 1
                while k < end and text[k] != c:
                    k += 2 if text[k] == "\\" else 1
                n = k + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return n
            n += 1
        return -1

    def _harlowe(self, j: int, end: int) -> tuple[int, str]:
        name_match = HARLOWE_NAME.match(self.text, j)
        close = self._paren_close(j, end)
        if name_match is None or close < 0:
            return j + 1, "("
        name = name_match.group(1).lower()
        args = self.text[name_match.end():close]
        strings = [m.group(1) if m.group(1) is not None else m.group(2) for m in HARLOWE_STRING.finditer(args)]
        after = close + 1
        hook = re.match(r"[ \t]*\[(?!\[)", self.text[after:end])
        hook_start = hook_end = -1
        if hook:
            hook_start = after + hook.end() - 1
            hook_end = self._bracket_close(hook_start, end)
            if hook_end < 0:
                hook = None
        next_at = hook_end + 1 if hook else after
        whole = f"({name_match.group(1)}:{' ' + _snippet(args) if args.strip() else ''})"
        if name in HARLOWE_GOTO_LINKS and strings:
            self.way(strings[0], strings[-1], j, whole)
            return next_at, ""
        if name in HARLOWE_GOTO_CLICKS and strings:
            self.way(strings[-1], strings[-1], j, whole)
            return next_at, ""
        if name in HARLOWE_GOTO and strings:
            if self.way(strings[0], strings[0], j, whole) is not None and not self.in_link:
                self.note(j, f'{whole} (automatisch verder) is een optie "{strings[0]}" geworden')
            return next_at, ""
        if name in HARLOWE_INCLUDE and strings:
            self._include(strings[0], j, whole)
            return next_at, ""
        before = len(self.ways)
        self.in_link += name in HARLOWE_CLICK
        inner = self.scan(hook_start + 1, hook_end) if hook else ""
        self.in_link -= name in HARLOWE_CLICK
        if name in HARLOWE_CLICK:
            label = " ".join(plain(strings[0]).split()) if strings else ""
            for way in self.ways[before:]:
                way.text = label or way.target
            self._dropped(j, f"Tekst achter de klik {whole}", inner)
            return next_at, ""
        if name in HARLOWE_CONDITIONAL:
            self._dropped(j, f"Tekst onder {whole}", inner)
            return next_at, ""
        if name in HARLOWE_VARIABLES:
            self.note(j, f"Macro {whole} niet omgezet; gebruik variables en set in het scenario")
            return next_at, inner
        if name in HARLOWE_STYLE:
            return next_at, inner
        self.note(j, f"Macro {whole} weggelaten")
        return next_at, inner

    # -- Snowman and code ----------------------------------------------------------------------------
    def _snowman(self, j: int, end: int) -> tuple[int, str]:
        k = self.text.find("%>", j + 2, end)
        stop = end if k < 0 else k + 2
        self._code(self.text[j:stop], j, "<% %>")
        return stop, ""

    def _code(self, code: str, j: int, what: str) -> None:
        for match in STORY_SHOW.finditer(code):
            if self.way(match.group(1), match.group(1), j, "story.show") is not None:
                self.note(j, f'story.show("{match.group(1)}") in code is een optie geworden')
        for match in STORY_RENDER.finditer(code):
            self._include(match.group(1), j, "story.render")
        self.note(j, f"Code {what} weggelaten: {_snippet(code)}")

    def _include(self, target: str, j: int, how: str) -> None:
        target = target.strip()
        if target in self.names:
            self.includes.append(target)
        else:
            self.note(j, f'{how} voegt "{target}" in, maar die passage is er niet; weggelaten')

    def _dropped(self, j: int, what: str, inner: str) -> None:
        """Note text left out, quoted (links in it keep their text); nothing when there is no text."""
        text = " ".join(MARKS.sub("", plain(inner)).split())  # its links are options already
        if text:
            self.note(j, f'{what} weggelaten: "{_snippet(text)}"')


# -- markup --------------------------------------------------------------------------------------------
MARKUP = [
    (re.compile(r"<br\s*/?>", re.I), "\n"),
    (HTML, ""),
    (re.compile(r"@@[^;@]*;(.*?)@@", re.S), r"\1"),  # SugarCube custom style @@.class;text@@
    (re.compile(r"''(.+?)''", re.S), r"\1"),  # bold (SugarCube, Harlowe)
    (re.compile(r"(?<![:/])//(.+?)(?<!:)//", re.S), r"\1"),  # italics
    (re.compile(r"\*\*(.+?)\*\*", re.S), r"\1"),  # strong (Harlowe, Snowman/Markdown)
    (re.compile(r"~~(.+?)~~", re.S), r"\1"),
    (re.compile(r"\^\^(.+?)\^\^", re.S), r"\1"),
    (re.compile(r"==(.+?)==", re.S), r"\1"),
    (re.compile(r"__(.+?)__", re.S), r"\1"),
    (re.compile(r"\{\{\{(.+?)\}\}\}", re.S), r"\1"),  # SugarCube verbatim
    (re.compile(r"`+(.+?)`+", re.S), r"\1"),
    (re.compile(r"^[ \t]*(?:!{1,6}|#{1,6})[ \t]*", re.M), ""),  # headings
    (re.compile(r"^[ \t]*(?:\*+|-|\d+(?:\.\d+)*\.)[ \t]+", re.M), ""),  # list items
    (re.compile(r"^[ \t]*(?:=+>|<=+|=+><=+|<=+>|=*\|+=*|-{3,}|\*{3,})[ \t]*$", re.M), ""),  # alignment, rules
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # emphasis *x*
    (re.compile(r"(?<![\w\\])_(?!\s)([^_\n]+?)(?<!\s)_(?!\w)"), r"\1"),  # emphasis _x_
]
VARIABLE = re.compile(r"(?<![\w\\&])\$[A-Za-z_]\w*(?:\.\w+|\[[^\]\n]*\]|'s\s+\w+)*|(?<![\w\\&])_[A-Za-z]\w*")


def plain(text: str) -> str:
    """Text without Harlowe, SugarCube, Snowman (Markdown) or HTML markup and without story variables."""
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    text = VARIABLE.sub("", text)
    return html.unescape(text)


# -- conversion ---------------------------------------------------------------------------------------
@dataclass
class Conversion:
    yaml: str
    report: list[TweeProblem]
    node_ids: dict[str, str]
    language: str = "nl"


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


def _shorten(text: str, limit: int = LINE_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[:cut if cut > 0 else limit - 1].rstrip() + "…"


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


MENU_FILLER = re.compile(r"[\s|•·/\\\-–—,.:;>]+")


def finish_prose(body: Body) -> str:
    """Plain prose: menu lines (links only) left out, a link in a sentence kept as its text there."""
    lines = []
    for line in plain(body.prose).split("\n"):
        if not MARKS.search(line):
            lines.append(line)
            continue
        if not MENU_FILLER.sub("", MARKS.sub("", line)):
            continue  # a menu: its links are options only
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            marks = MARKS.findall(sentence)
            if len(marks) == 1:
                way = body.ways[int(marks[0])]
                said = " ".join(MARKS.sub(lambda m: body.ways[int(m.group(1))].text, sentence).split())
                way.sentence = said
        lines.append(MARKS.sub(lambda m: body.ways[int(m.group(1))].text, line))
    return "\n".join(lines)


LANGUAGE_WORDS = {
    "nl": {"de", "het", "een", "en", "ik", "je", "jij", "is", "niet", "van", "dat", "op", "wat", "zijn", "met", "voor",
           "dit", "die", "ze", "hij", "was", "naar", "maar", "ook", "er", "wij", "we"},
    "en": {"the", "a", "and", "i", "you", "is", "not", "of", "that", "on", "what", "are", "with", "for", "to",
           "this", "it", "was", "in", "your", "he", "she", "they", "have", "but", "my", "we", "you've"},
}


def guess_language(text: str) -> str:
    """The scenario language (of those Casustafel knows) whose common words the text uses most."""
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    counts = {lang: sum(w in LANGUAGE_WORDS[lang] for w in words) for lang in LANGUAGE_CODES}
    return max(LANGUAGE_CODES, key=lambda lang: (counts[lang], lang == LANGUAGE_CODES[0]))


PLACEHOLDERS = {
    "nl": {"summary": "Geïmporteerd uit Twine: {title}. Vervang deze samenvatting.",
           "goal": "Schrijf hier wat spelers leren.", "client": "Cliënt", "km": "Klantmanager",
           "km_brief": "Schrijf de briefing van de klantmanager.", "sw": "Sociaal werker",
           "sw_brief": "Schrijf de briefing van de sociaal werker.", "narrator": "Verteller",
           "prompt": "Wat zeg je?"},
    "en": {"summary": "Imported from Twine: {title}. Replace this summary.",
           "goal": "Write here what players learn.", "client": "Client", "km": "Work and income officer",
           "km_brief": "Write the work and income officer's briefing.", "sw": "Social worker",
           "sw_brief": "Write the social worker's briefing.", "narrator": "Narrator", "prompt": "What do you say?"},
}


def _included_ways(name: str, bodies: dict[str, Body], seen: set[str]) -> list[Way]:
    """The ways of the passages `name` includes, and of those they include."""
    ways: list[Way] = []
    for included in bodies[name].includes:
        if included in bodies and included not in seen:
            seen.add(included)
            ways += bodies[included].ways + _included_ways(included, bodies, seen)
    return ways


def convert(story: TweeStory, file_stem: str = "twee-import", lang: str | None = None,
            header: str = "") -> Conversion:
    """A format-v1 scenario text from parsed passages, and the notes on what was left out.

    `lang` is the scenario's language (nl or en; guessed from the text when None); `header` goes on top
    (an editor's schema modeline).
    """
    report: list[TweeProblem] = []
    by_name = {p.name: p for p in story.passages}
    title = file_stem
    start_name = None
    if "StoryTitle" in by_name:
        title = " ".join(by_name["StoryTitle"].text.split()) or title
    if "StoryData" in by_name:
        data_passage = by_name["StoryData"]
        try:
            data = json.loads(data_passage.text or "{}")
            start_name = data.get("start")
        except json.JSONDecodeError as exc:
            report.append(TweeProblem(data_passage.line + 1, 1, f"StoryData is geen geldige JSON ({exc.msg}); "
                                                                "genegeerd.", "warning"))
    story_passages = []
    for p in story.passages:
        if p.name in ("StoryTitle", "StoryData"):
            continue
        if CODE_TAGS & set(p.tags) or p.name in CODE_NAMES:
            report.append(TweeProblem(p.line, 1, f'Passage "{p.name}" is code, opmaak of een vaste plek '
                                                 f'({", ".join(p.tags) or p.name}); niet omgezet.', "warning"))
            continue
        story_passages.append(p)
    if not story_passages:
        raise ValueError("Het verhaal heeft geen passages met tekst.")
    names = {p.name for p in story_passages}
    bodies = {p.name: _Reader(p, names).read() for p in story_passages}
    if start_name not in names:
        if start_name:
            report.append(TweeProblem(by_name["StoryData"].line, 1, f'StoryData noemt start "{start_name}", maar '
                                                                    "die passage is er niet; ik begin bij de "
                                                                    "eerste passage.", "warning"))
        start_name = "Start" if "Start" in names else story_passages[0].name
    linked = {w.target for body in bodies.values() for w in body.ways}
    included = {name for body in bodies.values() for name in body.includes}
    only_included = included - linked - {start_name}
    for p in story_passages:
        report += bodies[p.name].notes
        if p.name in only_included:
            report.append(TweeProblem(p.line, 1, f'Passage "{p.name}" wordt alleen ingevoegd in andere passages; '
                                                 "geen eigen node (haar opties gaan naar de passage die haar "
                                                 "invoegt, haar tekst niet).", "warning"))
    story_passages = [p for p in story_passages if p.name not in only_included]
    prose = {p.name: finish_prose(bodies[p.name]) for p in story_passages}
    links: dict[str, list[Way]] = {}
    for p in story_passages:
        seen: set[tuple[str, str]] = set()
        ways = []
        for way in bodies[p.name].ways + _included_ways(p.name, bodies, {p.name}):
            said = way.sentence or way.text
            if (said, way.target) not in seen and way.target not in only_included:
                seen.add((said, way.target))
                ways.append(way)
        links[p.name] = ways
    language = lang or guess_language(" ".join([*prose.values(), *(w.text for ws in links.values() for w in ws)]))
    if lang is None:
        report.append(TweeProblem(1, 1, f"Taal geraden: {language} (kies met --lang).", "info"))
    words = PLACEHOLDERS[language]
    ids: dict[str, str] = {}
    used: set[str] = set()
    for p in story_passages:
        base = slug(p.name)
        nid, k = base, 2
        while nid in used:
            nid, k = f"{base}_{k}", k + 1
        used.add(nid)
        ids[p.name] = nid
    # whose turn: a tag, else alternate with the distance from the start
    depth = {start_name: 0}
    queue = deque([start_name])
    while queue:
        name = queue.popleft()
        for way in links[name]:
            if way.target not in depth:
                depth[way.target] = depth[name] + 1
                queue.append(way.target)
    turn: dict[str, str] = {}
    for p in story_passages:
        tagged = [ROLE_TAGS[t] for t in p.tags if t in ROLE_TAGS]
        turn[p.name] = tagged[0] if tagged else ROLES[depth.get(p.name, 0) % 2]
    for p in story_passages:
        if p.name not in depth:
            report.append(TweeProblem(p.line, 1, f'Passage "{p.name}" is vanaf de start niet bereikbaar (lint meldt '
                                                 "CT100).", "warning"))
    out = [header.rstrip("\n")] if header else []
    out += [
        f"# Geïmporteerd uit Twee ({file_stem}) door casustafel import-twee. Een skelet: tag de opties met",
        "# frames en heuristics, schrijf de briefings, en draai casustafel lint.",
        "casustafel: 1",
        f"id: {slug(title, '-')}",
        f"language: {language}",
        f"title: {_quote(title)}",
        f"summary: {_quote(words['summary'].format(title=title))}",
        "duration: 20",
        "learning_goals:",
        f"  - {_quote(words['goal'])}",
        "client:",
        f"  name: {_quote(words['client'])}",
        "  facts: []",
        "roles:",
        "  klantmanager:",
        f"    name: {_quote(words['km'])}",
        f"    brief: {_quote(words['km_brief'])}",
        "  sociaal_werker:",
        f"    name: {_quote(words['sw'])}",
        f"    brief: {_quote(words['sw_brief'])}",
        "characters:",
        f"  verteller: {{name: {_quote(words['narrator'])}}}",
        f"start: {ids[start_name]}",
        "nodes:",
    ]
    for p in story_passages:
        nid = ids[p.name]
        lines = _split_lines(prose[p.name])
        out.append(f"  {nid}:  # Twee: {p.name} (regel {p.line})")
        if links[p.name]:
            if lines:
                out.append("    lines:")
                out += [f"      - {{by: verteller, text: {_quote(line)}}}" for line in lines]
            out.append(f"    turn: {turn[p.name]}")
            out.append(f"    prompt: {_quote(words['prompt'])}")
            out.append("    options:")
            for k, way in enumerate(links[p.name], start=1):
                out.append(f"      - id: {nid}_{k}")
                out.append(f"        text: {_quote(_shorten(way.sentence or way.text))}")
                out.append(f"        next: {ids[way.target]}")
        else:
            kinds = [t for t in p.tags if t in ENDING_KINDS]
            ending_text = " ".join(lines) or p.name
            out.append("    ending:")
            out.append(f"      kind: {kinds[0] if kinds else 'open'}")
            out.append(f"      title: {_quote(p.name)}")
            out.append(f"      text: {_quote(_shorten(ending_text, 400))}")
    report.sort(key=lambda problem: (problem.line, problem.col))
    return Conversion("\n".join(out) + "\n", report, ids, language)

"""Load a scenario file: YAML with positions -> format v1 checks -> immutable `Scenario` or diagnostics."""

from __future__ import annotations

import gc
import hashlib
import os
import select
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import load_catalogue, resolve_catalogue
from .diagnostics import Diagnostic, closest, has_errors, sort_key
from .expressions import TYPE_NAMES, Expression, ExpressionError, literal_expression, parse_expression
from .model import (
    BRANCH,
    CHOICE,
    ENDING,
    ENDING_KINDS,
    LEVELS,
    LINES,
    PERSONA_VARIABLE,
    REFLECT,
    BranchArm,
    Catalogue,
    Character,
    Client,
    Ending,
    HeuristicTag,
    Line,
    Node,
    Option,
    Persona,
    PersonaOverride,
    Role,
    Scenario,
    Text,
    TrustSettings,
)
from .rules import diagnostic
from .schema import LANGUAGE_CODES, SCENARIO_ID_PATTERN, Checker, describe
from .yamlsource import MAX_FILE_BYTES, Pos, YList, YMap, read_yaml

TOP_KEYS = ("casustafel", "id", "language", "languages", "title", "summary", "duration", "learning_goals",
            "catalogue", "kind", "client", "roles", "characters", "variables", "start", "nodes", "table", "trust",
            "personas")
TRUST_KEYS = ("start", "won_over", "fall", "rises", "falls")
TOP_REQUIRED = ("casustafel", "id", "language", "title", "summary", "duration", "learning_goals", "client",
                "roles", "start", "nodes")
TABLE_KINDS = ("private", "open")  # `table: open`: no private prompts, so no hand-over before each turn
NODE_KINDS = ("lines", "turn", "branch", "reflect", "ending")
NODE_KEYS = {
    LINES: ("lines", "next"),
    CHOICE: ("turn", "prompt", "options", "lines"),
    BRANCH: ("branch",),
    REFLECT: ("reflect", "next", "lines"),
    ENDING: ("ending", "lines"),
}
OPTION_KEYS = ("id", "text", "next", "frames", "heuristics", "level", "feedback", "partner", "when", "set",
               "responds_to", "vague", "client_view", "persona")
LINE_KEYS = ("by", "text", "responds_to")
PERSONA_KEYS = ("name", "description")
PERSONA_OVERRIDE_KEYS = ("heuristics", "level", "feedback", "client_view")
SCENARIO_KINDS = ("casuistiek", "spreekkamer")


@dataclass
class LoadResult:
    """A scenario (None when there are errors) and every diagnostic, sorted by position."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    raw: object = None
    bool_words: list[tuple[int, int, str]] = field(default_factory=list)
    #: the text that was checked (None when the file could not be read or decoded)
    source: str | None = None

    @property
    def ok(self) -> bool:
        return self.scenario is not None


#: How long a pipe or device may keep us waiting for its next bytes before we stop reading it.
PIPE_WAIT_SECONDS = 5.0


class SourceError(Exception):
    """A scenario file that cannot or may not be read: a rules-table finding (code, variant, fields) at a position."""

    def __init__(self, code: str = "CT000", variant: str = "", line: int = 1, col: int = 1, **fields: object) -> None:
        self.code, self.variant, self.line, self.col, self.fields = code, variant, line, col, fields
        self.diagnostic = diagnostic(code, "", (line, col), variant, **fields)
        self.message = self.diagnostic.message
        super().__init__(self.message)

    def at(self, file: str) -> Diagnostic:
        return diagnostic(self.code, file, (self.line, self.col), self.variant, **self.fields)


def _too_big(size: str) -> SourceError:
    return SourceError("CT000", "too_big", size=size, limit=MAX_FILE_BYTES // 2**20)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: opening a FIFO without a writer must not hang
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_source(path: str | Path) -> bytes:
    """The bytes of a scenario file, never more than MAX_FILE_BYTES: a regular file above the limit is refused
    before reading; a pipe or device (FIFO, /dev/zero) is read with the same cap and, on POSIX, a timeout."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SourceError("CT000", reason=exc.strerror or exc) from None
    try:
        info = os.fstat(fd)
        regular = stat.S_ISREG(info.st_mode)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("CT000", "folder")
        if regular and info.st_size > MAX_FILE_BYTES:
            raise _too_big(f"{info.st_size / 2**20:.0f} MB")
        if regular and _NONBLOCK:
            os.set_blocking(fd, True)
        wait = not regular and _NONBLOCK and os.name == "posix"
        chunks: list[bytes] = []
        total = 0
        while True:
            if wait and not select.select([fd], [], [], PIPE_WAIT_SECONDS)[0]:
                raise SourceError("CT000", "silent", seconds=f"{PIPE_WAIT_SECONDS:.0f}")
            try:
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _too_big(f"groter dan {MAX_FILE_BYTES // 2**20} MB")
        return b"".join(chunks)
    except OSError as exc:
        raise SourceError("CT000", reason=exc.strerror or exc) from None
    finally:
        os.close(fd)


def decode_source(data: bytes) -> str:
    """Scenario bytes as text (UTF-8, with or without BOM); SourceError names the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError("CT001", "encoding", line, col, byte=f"{data[exc.start]:02X}") from None


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Hold the cyclic GC off: a load makes millions of small objects and holds no cycles worth collecting, so
    every collection during it would only walk them again. Afterwards they skip the young generations (or,
    with `freeze`, the GC altogether): otherwise the first allocation after the load walks all of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not freeze:
            gc.unfreeze()  # into the oldest generation, without a walk
        if was_enabled:
            gc.enable()


def load_scenario(path: str | Path, cache_dir: str | os.PathLike | None = None, freeze: bool = False) -> LoadResult:
    """Read and check one scenario file. Never raises for bad content; unreadable files become diagnostics.

    With `cache_dir` (the player's private data folder) a usable model is kept compiled there and read back
    while the file is unchanged (engine/cache.py); such a result has no YAML tree (`raw`). With `freeze` the
    loaded model is moved out of the GC's sight (`gc.freeze()`), for a process that keeps it until it ends.
    """
    path = Path(path)
    with gc_paused(freeze):
        try:
            data = read_source(path)
        except SourceError as exc:
            return LoadResult(None, [exc.at(str(path))])
        content_hash = hashlib.sha256(data).hexdigest()
        cache = key = None
        if cache_dir is not None:
            from .cache import Entry, ModelCache

            cache = ModelCache(cache_dir)
            key = cache.key(path, content_hash)
            entry = cache.read(key)
            if entry is not None:
                return LoadResult(entry.scenario, entry.diagnostics)
        try:
            text = decode_source(data)
        except SourceError as exc:
            return LoadResult(None, [exc.at(str(path))])
        result = load_scenario_text(text, str(path), content_hash)
        if cache is not None and key is not None and result.scenario is not None:
            cache.write(key, Entry(result.scenario, result.diagnostics), result.scenario.catalogue.path)
        return result


def load_scenario_text(text: str, file: str = "<tekst>", content_hash: str | None = None) -> LoadResult:
    """Check scenario YAML given as text; `file` names it in diagnostics."""
    with gc_paused():
        return _load_text(text, file, content_hash)


def _load_text(text: str, file: str, content_hash: str | None) -> LoadResult:
    if content_hash is None:
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = read_yaml(text)
    check = Checker(file, text)
    for p in doc.problems:
        check.add(p.code, (p.line, p.col), detail=p.message)
    scenario = None
    if doc.data is None and not doc.problems:
        check.add("CT012", (1, 1), "null_document")
    elif doc.data is not None:
        if not isinstance(doc.data, YMap):
            check.add("CT012", (1, 1), "not_mapping", found=describe(doc.data))
        else:
            scenario = _Builder(check, doc.data, file, content_hash).build()
    diagnostics = sorted(check.diagnostics, key=sort_key)
    if has_errors(diagnostics):
        scenario = None  # a usable scenario gets its state machine from the first session (machine_for)
    return LoadResult(scenario, diagnostics, doc.data, doc.bool_words, text)


def _shown(value: object) -> str:
    """A value as an author wrote it, for a message: text in quotes, anything else described."""
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, (bool, float)) or value is None:
        return describe(value) if not isinstance(value, float) else f"{value!r} (een kommagetal)"
    if isinstance(value, int):
        return str(value)
    return describe(value)


class _Builder:
    """Turns the checked YAML data into the model, reporting every problem it meets."""

    def __init__(self, check: Checker, data: YMap, file: str, content_hash: str) -> None:
        self.check = check
        self.data = data
        self.file = file
        self.content_hash = content_hash
        self.variable_types: dict[str, str] = {}
        self.catalogue: Catalogue | None = None
        self.node_ids: set[str] = set()
        self.option_positions: dict[str, Pos] = {}
        self.pending_refs: list[tuple[str, str, Pos, str]] = []  # (kind, id, pos, what)
        self.roles_read = False  # roles missing or broken are reported once, not again at every turn and line
        self.personas: dict[str, Persona] = {}

    # -- top level ----------------------------------------------------------------------------------
    def build(self) -> Scenario | None:
        d, check = self.data, self.check
        check.keys(d, "het scenario", TOP_KEYS, TOP_REQUIRED)
        version = d.get("casustafel")
        if "casustafel" in d and (type(version) is not int or version != 1):
            check.add("CT013", d.at("casustafel"), "version", version=_shown(version))
        sid = d.get("id", "")
        if "id" in d and (not isinstance(sid, str) or not SCENARIO_ID_PATTERN.match(sid)):
            check.add("CT013", d.at("id"), "scenario_id")
        language = d.get("language", "nl")
        if not isinstance(language, str) or language not in LANGUAGE_CODES:
            check.add("CT013", d.at("language"), "language", language=_shown(language),
                      near=closest(language, LANGUAGE_CODES))
            language = "nl"
        languages = d.get("languages", YList([language]))
        if not isinstance(languages, list) or not all(isinstance(x, str) and x in LANGUAGE_CODES
                                                      for x in languages):
            check.add("CT013", d.at("languages"), "languages")
            languages = [language]
        check.language, check.languages = language, tuple(languages)
        kind = d.get("kind", "casuistiek")
        if not isinstance(kind, str) or kind not in SCENARIO_KINDS:
            check.add("CT013", d.at("kind"), "kind", kind=_shown(kind), near=closest(kind, SCENARIO_KINDS))
            kind = "casuistiek"
        table = d.get("table", TABLE_KINDS[0])
        if table not in TABLE_KINDS:
            check.add("CT013", d.at("table"), "table", table=_shown(table), near=closest(table, TABLE_KINDS))
            table = TABLE_KINDS[0]
        duration = d.get("duration", 0)
        if "duration" in d:
            check.expect(duration, int, d.at("duration"), "duration (minuten)")
        self.catalogue = self.load_catalogue(d.get("catalogue", "default"), d.at("catalogue"))
        variables = self.variables(d.get("variables", YMap()), d.at("variables"))
        self.personas = self.read_personas(d.get("personas", YMap()), d.at("personas"))
        if self.personas:  # expressions read the chosen persona as a text variable (the session sets it)
            if PERSONA_VARIABLE in variables:
                check.add("CT029", d["variables"].key_at(PERSONA_VARIABLE), "variable")
            variables[PERSONA_VARIABLE] = next(iter(self.personas))
            self.variable_types[PERSONA_VARIABLE] = "str"
        roles = self.roles(d["roles"], d.at("roles")) if "roles" in d else {}  # a missing key is CT011
        self.roles_read = isinstance(d.get("roles"), YMap)
        characters = self.characters(d.get("characters", YMap()), d.at("characters"))
        client = self.client(d.get("client"), d.at("client"))
        raw_nodes = d.get("nodes")
        nodes: dict[str, Node] = {}
        if "nodes" in d and check.expect(raw_nodes, YMap, d.at("nodes"), "nodes"):
            self.node_ids = {k for k in raw_nodes if isinstance(k, str)}
            for node_id, raw in raw_nodes.items():
                check.ident(node_id, raw_nodes.key_at(node_id), "node-id")
                node = self.node(node_id, raw, raw_nodes.at(node_id), roles, characters)
                if node:
                    nodes[node_id] = node
            if not raw_nodes:
                check.add("CT011", d.at("nodes"), "no_nodes")
        start = d.get("start")
        if "start" in d and isinstance(raw_nodes, YMap):
            self.node_ref(start, d.at("start"), "start")
        for kind_, ref, pos, what in self.pending_refs:
            if kind_ == "option" and ref not in self.option_positions:
                check.add("CT020", pos, "option", what=what, target=ref, near=closest(ref, self.option_positions))
        if self.catalogue is None:
            return None
        options = {o.id: o for n in nodes.values() for o in n.options}
        return Scenario(
            id=str(sid), path=self.file, content_hash=self.content_hash, language=language,
            languages=tuple(languages), kind=str(kind),
            title=check.text(d.get("title", ""), d.at("title"), "title"),
            summary=check.text(d.get("summary", ""), d.at("summary"), "summary"),
            duration=duration if isinstance(duration, int) else 0,
            learning_goals=check.text_list(d.get("learning_goals", YList()), d.at("learning_goals"),
                                           "learning_goals"),
            catalogue=self.catalogue, client=client, roles=roles, characters=characters,
            variables=variables, variable_types=dict(self.variable_types), start=str(start),
            nodes=nodes, options=options, table=str(table), trust=self.trust(d.get("trust"), d.at("trust")),
            personas=self.personas,
        )

    def load_catalogue(self, name: object, pos: Pos) -> Catalogue | None:
        if not isinstance(name, str):
            self.check.expect(name, str, pos, "catalogue")
            return None
        folder = resolve_catalogue(name, Path(self.file) if self.file != "<tekst>" else None)
        catalogue, diagnostics = load_catalogue(folder)
        self.check.diagnostics.extend(diagnostics)
        if catalogue is None and not diagnostics:
            from .catalogue import CATALOGUE_ROOT

            known = [p.name for p in CATALOGUE_ROOT.iterdir() if p.is_dir()] if CATALOGUE_ROOT.is_dir() else []
            self.check.add("CT028", pos, name=name, folder=folder, near=closest(name, known))
        return catalogue

    def variables(self, raw: object, pos: Pos) -> dict[str, object]:
        result: dict[str, object] = {}
        if not self.check.expect(raw, YMap, pos, "variables"):
            return result
        for name, value in raw.items():
            self.check.ident(name, raw.key_at(name), "variabele")
            if type(value) not in TYPE_NAMES:
                self.check.add("CT012", raw.at(name), "variable", name=name, found=describe(value))
                continue
            result[name] = value
            self.variable_types[name] = TYPE_NAMES[type(value)]
        return result

    def read_personas(self, raw: object, pos: Pos) -> dict[str, Persona]:
        """The optional `personas:` block: id -> {name, description}; the first is the default."""
        result: dict[str, Persona] = {}
        if not self.check.expect(raw, YMap, pos, "personas"):
            return result
        for pid, spec in raw.items():
            self.check.ident(pid, raw.key_at(pid), "persona-id")
            if not self.check.expect(spec, YMap, raw.at(pid), f"persona {pid}"):
                continue
            self.check.keys(spec, f"persona {pid}", PERSONA_KEYS, PERSONA_KEYS)
            result[str(pid)] = Persona(
                str(pid), self.check.text(spec.get("name", ""), spec.at("name"), f"persona {pid}: name"),
                self.check.text(spec.get("description", ""), spec.at("description"), f"persona {pid}: description"))
        return result

    def persona_overrides(self, raw: object, pos: Pos, where: str) -> dict[str, PersonaOverride]:
        """An option's `persona:` block: per persona id what the option carries, says and how it is heard."""
        check = self.check
        result: dict[str, PersonaOverride] = {}
        if not check.expect(raw, YMap, pos, f"{where}: persona"):
            return result
        for pid, spec in raw.items():
            if pid not in self.personas:
                check.add("CT029", raw.key_at(pid), where=where, persona=pid,
                          known=", ".join(self.personas) or "-", near=closest(str(pid), self.personas))
                continue
            what = f"{where}: persona {pid}"
            if not check.expect(spec, YMap, raw.at(pid), what):
                continue
            check.keys(spec, what, PERSONA_OVERRIDE_KEYS)
            result[str(pid)] = PersonaOverride(
                heuristics=self.heuristics(spec["heuristics"], spec.at("heuristics"), what)
                if "heuristics" in spec else None,
                level=self.level(spec.get("level"), spec.at("level"), what),
                feedback=check.text(spec["feedback"], spec.at("feedback"), f"{what}: feedback")
                if "feedback" in spec else None,
                client_view=check.text(spec["client_view"], spec.at("client_view"), f"{what}: client_view")
                if "client_view" in spec else None,
            )
        return result

    def roles(self, raw: object, pos: Pos) -> dict[str, Role]:
        result: dict[str, Role] = {}
        if not self.check.expect(raw, YMap, pos, "roles"):
            return result
        if not raw:
            self.check.add("CT011", pos, "no_roles")
        for role_id, spec in raw.items():
            self.check.ident(role_id, raw.key_at(role_id), "rol-id")
            if not self.check.expect(spec, YMap, raw.at(role_id), f"rol {role_id}"):
                continue
            self.check.keys(spec, f"rol {role_id}", ("name", "organisation", "brief", "home"), ("name", "brief"))
            home = self.frame_weights(spec.get("home"), spec.at("home"), f"home van {role_id}") \
                if "home" in spec else None
            if home is None and self.catalogue is not None:
                home = self.catalogue.homes.get(role_id)
                if home is None:
                    self.check.add("CT021", raw.key_at(role_id), "home", role=role_id)
            result[role_id] = Role(
                role_id, self.check.text(spec.get("name", ""), spec.at("name"), f"naam van {role_id}"),
                self.check.text(spec.get("organisation", ""), spec.at("organisation"), "organisation"),
                self.check.text(spec.get("brief", ""), spec.at("brief"), f"brief van {role_id}"),
                home or {},
            )
        return result

    def characters(self, raw: object, pos: Pos) -> dict[str, Character]:
        result: dict[str, Character] = {}
        if not self.check.expect(raw, YMap, pos, "characters"):
            return result
        for cid, spec in raw.items():
            self.check.ident(cid, raw.key_at(cid), "personage-id")
            if not self.check.expect(spec, YMap, raw.at(cid), f"personage {cid}"):
                continue
            self.check.keys(spec, f"personage {cid}", ("name",), ("name",))
            result[cid] = Character(cid, self.check.text(spec.get("name", ""), spec.at("name"), "name"))
        return result

    def client(self, raw: object, pos: Pos) -> Client:
        if not isinstance(raw, YMap):
            if raw is not None:
                self.check.expect(raw, YMap, pos, "client")
            return Client(Text({}, self.check.language), ())
        self.check.keys(raw, "client", ("name", "facts"), ("name",))
        return Client(self.check.text(raw.get("name", ""), raw.at("name"), "client: name"),
                      self.check.text_list(raw.get("facts", YList()), raw.at("facts"), "client: facts"))

    def trust(self, raw: object, pos: Pos) -> TrustSettings:
        """The optional `trust:` block: how the own-frame computer colleague can be won over."""
        if raw is None:
            return TrustSettings()
        check = self.check
        if not check.expect(raw, YMap, pos, "trust"):
            return TrustSettings()
        check.keys(raw, "trust", TRUST_KEYS)
        values: dict[str, object] = {}
        for key in ("start", "won_over", "fall"):
            if key in raw and check.expect(raw[key], int, raw.at(key), f"trust: {key}"):
                if key != "start" and raw[key] < 0:
                    check.add("CT013", raw.at(key), "not_negative", what=f"trust: {key}")
                else:
                    values[key] = raw[key]
        known = self.catalogue.heuristics if self.catalogue is not None else {}
        for key in ("rises", "falls"):
            if key not in raw or not check.expect(raw[key], YList, raw.at(key), f"trust: {key}"):
                continue
            ids = []
            for i, item in enumerate(raw[key]):
                if not isinstance(item, str) or item not in known:
                    check.add("CT024", raw[key].at(i), where=f"trust: {key}", heuristic=item,
                              near=closest(str(item), known))
                else:
                    ids.append(item)
            values[key] = tuple(ids)
        return TrustSettings(**values)  # type: ignore[arg-type]

    # -- nodes --------------------------------------------------------------------------------------
    def node(self, node_id: str, raw: object, pos: Pos, roles: dict[str, Role],
             characters: dict[str, Character]) -> Node | None:
        check = self.check
        if not check.expect(raw, YMap, pos, f"node {node_id}"):
            return None
        present = [k for k in ("turn", "branch", "reflect", "ending") if k in raw]
        if len(present) > 1:
            check.add("CT013", pos, "two_kinds", node=node_id, kinds=" en ".join(present))
            return None
        kind = {"turn": CHOICE, "branch": BRANCH, "reflect": REFLECT, "ending": ENDING}.get(
            present[0] if present else "", LINES if "lines" in raw else "")
        if not kind:
            check.add("CT011", pos, "no_kind", node=node_id, near=closest(next(iter(raw), ""), NODE_KINDS))
            return None
        check.keys(raw, f"node {node_id}", NODE_KEYS[kind])
        where = f"node {node_id}"
        lines = self.lines(raw.get("lines", YList()), raw.at("lines"), where, roles, characters)
        if kind == LINES:
            return Node(node_id, kind, lines=lines, next=self.next(raw, where), pos=pos)
        if kind == REFLECT:
            return Node(node_id, kind, lines=lines,
                        reflect=check.text(raw.get("reflect"), raw.at("reflect"), f"reflect van {node_id}"),
                        next=self.next(raw, where), pos=pos)
        if kind == ENDING:
            return Node(node_id, kind, lines=lines, ending=self.ending(raw.get("ending"), raw.at("ending"), where),
                        pos=pos)
        if kind == BRANCH:
            return Node(node_id, kind, branch=self.branch(raw.get("branch"), raw.at("branch"), where), pos=pos)
        turn = raw.get("turn")
        if isinstance(turn, str) and turn not in roles and self.roles_read:
            check.add("CT021", raw.at("turn"), where=where, turn=turn, near=closest(turn, roles))
        elif not isinstance(turn, str):
            check.expect(turn, str, raw.at("turn"), f"{where}: turn")
        if "prompt" not in raw:
            check.add("CT011", pos, where=where, key="prompt")
        if "options" not in raw:
            check.add("CT011", pos, where=where, key="options")
        options = self.options(node_id, raw["options"], raw.at("options")) if "options" in raw else ()
        return Node(node_id, kind, lines=lines, turn=str(turn),
                    prompt=check.text(raw.get("prompt", ""), raw.at("prompt"), f"prompt van {node_id}"),
                    options=options, pos=pos)

    def next(self, raw: YMap, where: str) -> str | None:
        if "next" not in raw:
            self.check.add("CT011", raw.pos, where=where, key="next")
            return None
        return self.node_ref(raw.get("next"), raw.at("next"), f"{where}: next")

    def node_ref(self, value: object, pos: Pos, what: str) -> str | None:
        if not isinstance(value, str):
            self.check.expect(value, str, pos, what)
            return None
        if value not in self.node_ids:
            self.check.add("CT020", pos, what=what, target=value, near=closest(value, self.node_ids))
        return value

    def lines(self, raw: object, pos: Pos, where: str, roles: dict[str, Role],
              characters: dict[str, Character]) -> tuple[Line, ...]:
        if not self.check.expect(raw, YList, pos, f"{where}: lines"):
            return ()
        result = []
        for i, item in enumerate(raw):
            if not self.check.expect(item, YMap, raw.at(i), f"{where}: regel {i + 1}"):
                continue
            self.check.keys(item, f"{where}: regel {i + 1}", LINE_KEYS, ("by", "text"))
            by = item.get("by", "")
            if "by" in item and self.roles_read and (not isinstance(by, str) or (by not in roles
                                                                                 and by not in characters)):
                self.check.add("CT022", item.at("by"), by=by, near=closest(by, [*roles, *characters]))
            result.append(Line(str(by), self.check.text(item.get("text", ""), item.at("text"), f"{where}: tekst"),
                               item.pos, self.responds_to(item, f"{where}: regel {i + 1}")))
        return tuple(result)

    def responds_to(self, item: YMap, where: str) -> tuple[str, ...]:
        """`responds_to: option_id` or a list of them; each id must name an option (CT020 otherwise)."""
        if "responds_to" not in item:
            return ()
        raw, pos, what = item["responds_to"], item.at("responds_to"), f"{where}: responds_to"
        items = [(x, raw.at(i)) for i, x in enumerate(raw)] if isinstance(raw, YList) else [(raw, pos)]
        found = []
        for value, at in items:
            oid = self.check.ident(value, at, what)
            if oid:
                self.pending_refs.append(("option", oid, at, what))
                found.append(oid)
        return tuple(found)

    def ending(self, raw: object, pos: Pos, where: str) -> Ending:
        if not self.check.expect(raw, YMap, pos, f"{where}: ending"):
            return Ending("open", Text({}, self.check.language), Text({}, self.check.language))
        self.check.keys(raw, f"{where}: ending", ("kind", "title", "text"), ("kind", "title", "text"))
        kind = raw.get("kind", "open")
        if kind not in ENDING_KINDS:  # own kinds are fine; one that looks like a typo is not
            self.check.ident(kind, raw.at("kind"), f"{where}: soort einde")
            if closest(kind, ENDING_KINDS):
                self.check.add("CT027", raw.at("kind"), kind=kind, known=", ".join(ENDING_KINDS),
                               near=closest(kind, ENDING_KINDS))
        return Ending(str(kind), self.check.text(raw.get("title", ""), raw.at("title"), f"{where}: title"),
                      self.check.text(raw.get("text", ""), raw.at("text"), f"{where}: text"))

    def branch(self, raw: object, pos: Pos, where: str) -> tuple[BranchArm, ...]:
        if not self.check.expect(raw, YList, pos, f"{where}: branch"):
            return ()
        arms = []
        for i, arm in enumerate(raw):
            if not self.check.expect(arm, YMap, raw.at(i), f"{where}: tak {i + 1}"):
                continue
            self.check.keys(arm, f"{where}: tak {i + 1}", ("when", "next"), ("next",))
            when = self.expression(arm["when"], arm.at("when"), "bool", f"{where}: tak {i + 1}") \
                if "when" in arm else None
            target = self.node_ref(arm["next"], arm.at("next"), f"{where}: tak {i + 1}") if "next" in arm else None
            arms.append(BranchArm(when, str(target), arm.pos))
        if arms and arms[-1].when is not None:
            self.check.add("CT013", raw.at(len(raw) - 1), "last_arm", where=where)
        return tuple(arms)

    def options(self, node_id: str, raw: object, pos: Pos) -> tuple[Option, ...]:
        check = self.check
        if not check.expect(raw, YList, pos, f"options van {node_id}"):
            return ()
        if not raw:
            check.add("CT011", pos, "no_options", node=node_id)
        result = []
        for i, item in enumerate(raw):
            where = f"option {i + 1} van {node_id}"
            if not check.expect(item, YMap, raw.at(i), where):
                continue
            check.keys(item, where, OPTION_KEYS, ("id", "text", "next"))
            oid = check.ident(item["id"], item.at("id"), f"{where}: id") if "id" in item else None  # else CT011
            if oid:
                where = f"option {oid}"
                if oid in self.option_positions:
                    first = self.option_positions[oid]
                    check.add("CT030", item.at("id"), option=oid, line=first[0])
                else:
                    self.option_positions[oid] = item.at("id")
            partner = item.get("partner", False)
            check.expect(partner, bool, item.at("partner"), f"{where}: partner")
            vague = item.get("vague", False)
            check.expect(vague, bool, item.at("vague"), f"{where}: vague")
            result.append(Option(
                id=str(oid), node_id=node_id,
                text=check.text(item.get("text", ""), item.at("text"), f"{where}: text"),
                next=str(self.node_ref(item["next"], item.at("next"), f"{where}: next") if "next" in item else None),
                frames=self.frame_weights(item.get("frames", YMap()), item.at("frames"), f"{where}: frames"),
                heuristics=self.heuristics(item.get("heuristics", YList()), item.at("heuristics"), where),
                level=self.level(item.get("level"), item.at("level"), where),
                feedback=check.text(item["feedback"], item.at("feedback"), f"{where}: feedback")
                if "feedback" in item else None,
                partner=partner is True,
                when=self.expression(item["when"], item.at("when"), "bool", f"{where}: when")
                if "when" in item else None,
                sets=self.sets(item.get("set", YMap()), item.at("set"), where),
                pos=item.pos,
                responds_to=self.responds_to(item, where),
                vague=vague is True,
                client_view=check.text(item["client_view"], item.at("client_view"), f"{where}: client_view")
                if "client_view" in item else None,
                persona=self.persona_overrides(item["persona"], item.at("persona"), where)
                if "persona" in item else {},
            ))
        return tuple(result)

    def frame_weights(self, raw: object, pos: Pos, what: str) -> dict[str, int]:
        if not self.check.expect(raw, YMap, pos, what):
            return {}
        known = self.catalogue.frames if self.catalogue else {}
        result = {}
        for frame, weight in raw.items():
            if known and frame not in known:
                self.check.add("CT023", raw.key_at(frame), what=what, frame=frame, known=", ".join(known),
                               near=closest(frame, known))
                continue
            if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 3:
                self.check.add("CT012", raw.at(frame), "weight", what=what, frame=frame, value=repr(weight))
                continue
            result[frame] = weight
        return result

    def heuristics(self, raw: object, pos: Pos, where: str) -> tuple[HeuristicTag, ...]:
        if not self.check.expect(raw, YList, pos, f"{where}: heuristics"):
            return ()
        known = self.catalogue.heuristics if self.catalogue else {}
        tags = []
        for i, item in enumerate(raw):
            item_pos = raw.at(i)
            if isinstance(item, YMap) and len(item) == 1:
                hid, points = next(iter(item.items()))
                if not isinstance(points, int) or isinstance(points, bool):
                    self.check.add("CT012", item.at(hid), "points", where=where, heuristic=hid)
                    continue
            elif isinstance(item, str):
                hid, points = item, None
            else:
                self.check.add("CT012", item_pos, "heuristic_item", where=where, found=describe(item))
                continue
            if known and hid not in known:
                self.check.add("CT024", item_pos, where=where, heuristic=hid, near=closest(hid, known))
                continue
            tags.append(HeuristicTag(hid, points if points is not None else known[hid].points if known else 0))
        return tuple(tags)

    def level(self, raw: object, pos: Pos, where: str) -> str | None:
        if raw is None:
            return None
        known = tuple(self.catalogue.levels) if self.catalogue and self.catalogue.levels else LEVELS
        if raw not in known:
            self.check.add("CT025", pos, where=where, level=raw, known=", ".join(known), near=closest(raw, known))
            return None
        return str(raw)

    def expression(self, raw: object, pos: Pos, want: str, what: str) -> Expression | None:
        if isinstance(raw, bool):
            return literal_expression(raw) if want == "bool" else None
        if not isinstance(raw, str):
            self.check.add("CT040", pos, "not_text", what=what, found=describe(raw))
            return None
        try:
            expression = parse_expression(raw, self.variable_types, pos)
        except ExpressionError as exc:
            self.check.add("CT040", self.check.column_in_scalar(pos, exc.offset), what=what, detail=exc.message)
            return None
        if expression.type != want:
            self.check.add("CT041", pos, what=what, got=expression.type, want=want)
        for node in expression.nodes:
            if node not in self.node_ids:
                self.check.add("CT020", pos, "visited", what=what, target=node, near=closest(node, self.node_ids))
        for option in expression.options:
            self.pending_refs.append(("option", option, pos, what))
        return expression

    def sets(self, raw: object, pos: Pos, where: str) -> tuple[tuple[str, Expression], ...]:
        if not self.check.expect(raw, YMap, pos, f"{where}: set"):
            return ()
        result = []
        for name, value in raw.items():
            if name == PERSONA_VARIABLE and self.personas:
                self.check.add("CT029", raw.key_at(name), "set", where=where)
                continue
            want = self.variable_types.get(name)
            if want is None:
                self.check.add("CT026", raw.key_at(name), where=where, name=name,
                               near=closest(name, self.variable_types))
                continue
            if isinstance(value, str) and want != "str":  # a text variable takes text literally
                expression = self.expression(value, raw.at(name), want, f"{where}: set {name}")
            elif type(value) in TYPE_NAMES:
                expression = literal_expression(value)
                if expression.type != want:
                    self.check.add("CT041", raw.at(name), "set", where=where, name=name, want=want,
                                   found=describe(value))
                    continue
            else:
                self.check.add("CT012", raw.at(name), "set_value", where=where, name=name, found=describe(value))
                continue
            if expression is not None:
                result.append((name, expression))
        return tuple(result)

"""The linter's own rules, on top of the loader's checks (CT000-CT041).

CT1xx graph and state space (CT13x: what an utterance answers, vague agreements), CT2xx variables,
CT3xx texts, CT4xx scoring, CT41x tells of form. Each rule is a function `(ctx) -> iterable of Diagnostic`;
`lint_result` runs them all. Rules that need the model run only when the file loaded without errors; text
rules read the positioned YAML and run whenever it parsed. Severities and wording come from the rules table
(`engine/rules.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .analysis import Analysis, analyse, closure
from .diagnostics import Diagnostic
from .expressions import parse_expression
from .loader import LoadResult
from .model import BRANCH, CHOICE, ENDING, PERSONA_VARIABLE, BranchArm, Node, Scenario
from .rules import TELL_MIN_NODES, TELL_MIN_OPTIONS, TELL_PURITY, TELL_RHO, TELL_SHARE, diagnostic
from .scoring import option_value
from .tells import TOP, measure
from .yamlsource import Pos, YList, YMap

SHORT_LIMIT = 280  # an option or a line
LONG_LIMIT = 400  # a prompt, a reflection question, an ending text, feedback
TODO_PATTERN = re.compile(r"\b(TODO|FIXME|XXX)\b")



@dataclass
class LintContext:
    """What the rules read: the load result, the source text and (lazily) the analysis."""

    result: LoadResult
    file: str
    source: str
    max_states: int | None = None
    _analysis: Analysis | None = field(default=None, repr=False)

    @property
    def scenario(self) -> Scenario | None:
        return self.result.scenario

    @property
    def raw(self) -> YMap | None:
        return self.result.raw if isinstance(self.result.raw, YMap) else None

    @property
    def analysis(self) -> Analysis:
        if self._analysis is None:
            assert self.scenario is not None
            self._analysis = analyse(self.scenario, self.max_states)
        return self._analysis

    def diag(self, code: str, pos: Pos, variant: str = "", **fields: object) -> Diagnostic:
        return diagnostic(code, self.file, pos, variant, **fields)

    # -- positions from the raw YAML ----------------------------------------------------------------
    def raw_nodes(self) -> YMap:
        nodes = self.raw.get("nodes") if self.raw else None
        return nodes if isinstance(nodes, YMap) else YMap()

    def node_pos(self, node_id: str) -> Pos:
        nodes = self.raw_nodes()
        return nodes.key_at(node_id) if node_id in nodes else (1, 1)

    def option_raw(self, node_id: str, option_id: str) -> YMap | None:
        node = self.raw_nodes().get(node_id)
        options = node.get("options") if isinstance(node, YMap) else None
        if isinstance(options, YList):
            for item in options:
                if isinstance(item, YMap) and item.get("id") == option_id:
                    return item
        return None

    def top_key_pos(self, key: str) -> Pos:
        return self.raw.key_at(key) if self.raw and key in self.raw else (1, 1)


def _fmt_state(variables: dict[str, object]) -> str:
    if not variables:
        return ""
    return ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in variables.items())


# -- CT1xx: graph and state space ---------------------------------------------------------------------
def rule_limit(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    if not a.complete:
        yield ctx.diag("CT106", ctx.top_key_pos("nodes"), detail=a.limit_message)


def rule_unreachable(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    for nid in a.unreachable:
        variant = "" if nid not in a.structural_reachable else "state"
        yield ctx.diag("CT100", ctx.node_pos(nid), variant, node=nid, start=ctx.scenario.start)


def rule_stuck(ctx: LintContext) -> Iterator[Diagnostic]:
    for nid, example in ctx.analysis.stuck.items():
        yield ctx.diag("CT101", ctx.node_pos(nid), node=nid, example=_fmt_state(example))


def rule_traps(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    reported = set(a.stuck)
    for nid in sorted(a.structural_traps, key=list(ctx.scenario.nodes).index):
        reported.add(nid)
        yield ctx.diag("CT102", ctx.node_pos(nid), node=nid)
    if a.complete:
        for nid, example in a.traps.items():
            if nid not in reported:
                yield ctx.diag("CT102", ctx.node_pos(nid), "state", node=nid, example=_fmt_state(example))


def rule_loops(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    reported = set()
    for loop in a.auto_loops:
        if any(n in a.structural_reachable for n in loop):
            reported.update(loop)
            yield ctx.diag("CT103", ctx.node_pos(loop[0]), loop=" -> ".join([*loop, loop[0]]))
    for nid, example in a.state_loops.items():
        if nid not in reported:
            yield ctx.diag("CT103", ctx.node_pos(nid), "state", node=nid, example=_fmt_state(example))


def rule_never_offered(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    for oid in a.never_offered:
        option = ctx.scenario.options[oid]
        raw = ctx.option_raw(option.node_id, oid)
        pos = raw.at("when") if raw is not None and "when" in raw else option.pos
        yield ctx.diag("CT104", pos, option=oid, when=option.when.source if option.when else "")


def rule_arms(ctx: LintContext) -> Iterator[Diagnostic]:
    a = ctx.analysis
    if not a.complete:
        return
    for nid, node in ctx.scenario.nodes.items():
        if node.kind == BRANCH and nid in a.reachable:
            for i, arm in enumerate(node.branch):
                if (nid, i) not in a.taken_arms:
                    cond = f' (when "{arm.when.source}")' if arm.when else ""
                    yield ctx.diag("CT105", arm.pos, arm=i + 1, node=nid, cond=cond)


# -- CT2xx: variables ---------------------------------------------------------------------------------
def rule_variables(ctx: LintContext) -> Iterator[Diagnostic]:
    scenario = ctx.scenario
    read: set[str] = set()
    for node in scenario.nodes.values():
        for arm in node.branch:
            if arm.when is not None:
                read |= arm.when.variables
        for option in node.options:
            if option.when is not None:
                read |= option.when.variables
    assignments = [(name, e) for o in scenario.options.values() for name, e in o.sets]
    grown = True
    while grown:  # a set value reads its variables only if what it assigns is read in turn
        before = len(read)
        for name, expression in assignments:
            if name in read:
                read |= expression.variables
        grown = len(read) > before
    set_ = {name for name, _e in assignments}
    raw_vars = ctx.raw.get("variables") if ctx.raw else None
    for name in scenario.variables:
        if name == PERSONA_VARIABLE and scenario.personas:
            continue  # the chosen persona: set before play, read where the author likes
        pos = raw_vars.key_at(name) if isinstance(raw_vars, YMap) else (1, 1)
        if name not in read and name not in set_:
            yield ctx.diag("CT200", pos, name=name)
        elif name not in read:
            yield ctx.diag("CT201", pos, name=name)
        elif name not in set_:
            yield ctx.diag("CT202", pos, name=name, value=repr(scenario.variables[name]))


# -- CT3xx: texts -------------------------------------------------------------------------------------
TextSlot = tuple[object, Pos, int | None, str]  # value, position, length limit, what
NAME = -1  # limit marker: a person's name, which needs no translation


def _slot(parent: YMap, key: str, limit: int | None, what: str) -> Iterator[TextSlot]:
    if isinstance(parent, YMap) and key in parent:
        yield parent[key], parent.at(key), limit, what


def _slots_of_list(parent: YMap, key: str, limit: int | None, what: str) -> Iterator[TextSlot]:
    items = parent.get(key) if isinstance(parent, YMap) else None
    if isinstance(items, YList):
        for i, item in enumerate(items):
            yield item, items.at(i), limit, f"{what} {i + 1}"


def text_slots(raw: YMap) -> Iterator[TextSlot]:
    """Every text field of a scenario file, with its position and its length limit."""
    yield from _slot(raw, "title", None, "title")
    yield from _slot(raw, "summary", None, "summary")
    yield from _slots_of_list(raw, "learning_goals", None, "learning_goal")
    client = raw.get("client")
    if isinstance(client, YMap):
        yield from _slot(client, "name", NAME, "client: name")
        yield from _slots_of_list(client, "facts", None, "client: fact")
    for section, keys in (("roles", ("name", "organisation", "brief")), ("characters", ("name",))):
        group = raw.get(section)
        if isinstance(group, YMap):
            for gid, spec in group.items():
                for key in keys:
                    yield from _slot(spec, key, NAME if key == "name" else None, f"{gid}: {key}")
    nodes = raw.get("nodes")
    if not isinstance(nodes, YMap):
        return
    for nid, node in nodes.items():
        if not isinstance(node, YMap):
            continue
        lines = node.get("lines")
        if isinstance(lines, YList):
            for i, line in enumerate(lines):
                yield from _slot(line, "text", SHORT_LIMIT, f"{nid}: regel {i + 1}")
        yield from _slot(node, "prompt", LONG_LIMIT, f"{nid}: prompt")
        yield from _slot(node, "reflect", LONG_LIMIT, f"{nid}: reflect")
        ending = node.get("ending")
        if isinstance(ending, YMap):
            yield from _slot(ending, "title", None, f"{nid}: ending title")
            yield from _slot(ending, "text", LONG_LIMIT, f"{nid}: ending text")
        options = node.get("options")
        if isinstance(options, YList):
            for i, option in enumerate(options):
                if isinstance(option, YMap):
                    oid = option.get("id", i + 1)
                    yield from _slot(option, "text", SHORT_LIMIT, f"optie {oid}: text")
                    yield from _slot(option, "feedback", LONG_LIMIT, f"optie {oid}: feedback")


def rule_texts(ctx: LintContext) -> Iterator[Diagnostic]:
    raw = ctx.raw
    language = raw.get("language", "nl")
    language = language if isinstance(language, str) else "nl"  # the loader reports a wrong type
    languages = raw.get("languages")
    wanted = [lang for lang in languages if isinstance(lang, str)] if isinstance(languages, YList) else [language]
    for value, pos, limit, what in text_slots(raw):
        if isinstance(value, str):
            present = {language: (value, pos)}
        elif isinstance(value, YMap):
            present = {lang: (text, value.at(lang)) for lang, text in value.items() if isinstance(text, str)}
        else:
            continue  # the loader reports the wrong type
        missing = [lang for lang in wanted if lang not in present]
        if limit == NAME and isinstance(value, str):
            continue  # "Mark" is "Mark" in every language
        if missing and present:
            yield ctx.diag("CT300", pos, what=what, missing=", ".join(missing), wanted=", ".join(wanted),
                           shape=", ".join(f"{x}: ..." for x in wanted))
        if limit and limit > 0:
            for lang, (text, text_pos) in present.items():
                if len(text) > limit:
                    yield ctx.diag("CT301", text_pos, what=what, language=lang, length=len(text), limit=limit)


def rule_todo(ctx: LintContext) -> Iterator[Diagnostic]:
    for number, line in enumerate(ctx.source.splitlines(), start=1):
        for match in TODO_PATTERN.finditer(line):
            yield ctx.diag("CT302", (number, match.start() + 1), marker=match.group(1))


def rule_bool_words(ctx: LintContext) -> Iterator[Diagnostic]:
    for line, col, word in ctx.result.bool_words:
        truth = "true" if word.lower() in ("yes", "on", "y") else "false"
        yield ctx.diag("CT303", (line, col), word=word, truth=truth)


# -- CT4xx: scoring -----------------------------------------------------------------------------------
def rule_untagged(ctx: LintContext) -> Iterator[Diagnostic]:
    for option in ctx.scenario.options.values():
        if not option.heuristics and not option.level and not option.frames:
            yield ctx.diag("CT400", option.pos, option=option.id)


def rule_flat_choice(ctx: LintContext) -> Iterator[Diagnostic]:
    scenario = ctx.scenario
    for nid, node in scenario.nodes.items():
        if node.kind == CHOICE and len(node.options) > 1:
            values = {option_value(scenario, o) for o in node.options}
            if len(values) == 1:
                yield ctx.diag("CT401", ctx.node_pos(nid), node=nid, value=values.pop())


def rule_silent_role(ctx: LintContext) -> Iterator[Diagnostic]:
    scenario = ctx.scenario
    reached = ctx.analysis.reachable if ctx.analysis.complete else ctx.analysis.structural_reachable
    turns = {n.turn for nid, n in scenario.nodes.items() if n.kind == CHOICE and nid in reached}
    roles = ctx.raw.get("roles") if ctx.raw else None
    for role in scenario.roles:
        if role not in turns:
            pos = roles.key_at(role) if isinstance(roles, YMap) else (1, 1)
            yield ctx.diag("CT402", pos, role=role)


# -- CT41x: tells of form -----------------------------------------------------------------------------
def rule_tells(ctx: LintContext) -> Iterator[Diagnostic]:
    tells = measure(ctx.scenario)
    pos = ctx.top_key_pos("nodes")
    if tells.nodes >= TELL_MIN_NODES and tells.rho > TELL_RHO:
        yield ctx.diag("CT410", pos, rho=f"{tells.rho:.2f}", options=len(tells.options), nodes=tells.nodes)
    if tells.decided >= TELL_MIN_NODES and tells.share > TELL_SHARE:
        yield ctx.diag("CT411", pos, hits=tells.longest_best, nodes=tells.decided, share=f"{tells.share:.0%}")
    for tell in tells.words(TELL_MIN_OPTIONS, TELL_PURITY)[:5]:
        yield ctx.diag("CT412", tell.first.pos, "top" if tell.side == TOP else "bottom", token=tell.token,
                       count=tell.count, inside=tell.inside)


# -- CT13x: consistency along the paths ---------------------------------------------------------------
PLAN_KIND = "gedeeld_plan"  # the ending kind a vague agreement must not lead to (CT131)


def _reach(ctx: LintContext, scenario: Scenario) -> tuple[set[str], set[str] | None]:
    """(nodes, offered option ids) some play of `scenario` reaches, per the state analysis; when that is cut
    short, the structural graph's nodes and None (every option at a reached node counts as offered)."""
    a = analyse(scenario, ctx.max_states, scores=False)
    return (a.reachable, a.offered) if a.complete else (a.structural_reachable, None)


def _without(scenario: Scenario, option_ids: frozenset[str]) -> Scenario:
    """`scenario` with the options `option_ids` taken out: its plays are the plays that never choose them."""
    nodes = {nid: replace(n, options=tuple(o for o in n.options if o.id not in option_ids)) if n.kind == CHOICE
             else n for nid, n in scenario.nodes.items()}
    return replace(scenario, nodes=nodes)


def _key_pos(raw: object, key: str, fallback: Pos) -> Pos:
    return raw.key_at(key) if isinstance(raw, YMap) and key in raw else fallback


def rule_responds_to(ctx: LintContext) -> Iterator[Diagnostic]:
    """CT130: a line or option that answers options of which, on some path to it, none was chosen."""
    scenario = ctx.scenario
    answers: list[tuple[frozenset[str], str, str | None, Pos]] = []  # (answered, node, option or None, position)
    for nid, node in scenario.nodes.items():
        raw_node = ctx.raw_nodes().get(nid)
        raw_lines = raw_node.get("lines") if isinstance(raw_node, YMap) else None
        for i, line in enumerate(node.lines):
            if line.responds_to:
                raw = raw_lines[i] if isinstance(raw_lines, YList) and i < len(raw_lines) else None
                answers.append((frozenset(line.responds_to), nid, None, _key_pos(raw, "responds_to", line.pos)))
        for o in node.options:
            if o.responds_to:
                raw = ctx.option_raw(nid, o.id)
                answers.append((frozenset(o.responds_to), nid, o.id, _key_pos(raw, "responds_to", o.pos)))
    reach: dict[frozenset[str], tuple[set[str], set[str] | None]] = {}
    for answered, nid, oid, pos in answers:
        if answered not in reach:
            reach[answered] = _reach(ctx, _without(scenario, answered))
        nodes, offered = reach[answered]
        if nid in nodes and (oid is None or offered is None or oid in offered):
            names = ", ".join(sorted(answered))
            if oid is None:
                yield ctx.diag("CT130", pos, node=nid, answers=names)
            else:
                yield ctx.diag("CT130", pos, "option", option=oid, answers=names)


def rule_vague_plan(ctx: LintContext) -> Iterator[Diagnostic]:
    """CT131: a vague option (`vague: true`) after which some play still ends in a shared plan."""
    scenario = ctx.scenario
    plans = [nid for nid, n in scenario.nodes.items() if n.kind == ENDING and n.ending.kind == PLAN_KIND]
    if not plans:
        return
    for option in (o for o in scenario.options.values() if o.vague):
        # each plan ending becomes a branch: "chosen(option)" leads to a marker ending, else to the ending itself
        marked = {nid: f"{nid}\x00na_{option.id}" for nid in plans}
        nodes = dict(scenario.nodes)
        chosen = parse_expression(f"chosen({option.id})", scenario.variable_types)
        for nid, marker in marked.items():
            plain = f"{nid}\x00zonder"
            nodes[nid] = Node(nid, BRANCH, branch=(BranchArm(chosen, marker), BranchArm(None, plain)))
            nodes[marker] = replace(scenario.nodes[nid], id=marker)
            nodes[plain] = replace(scenario.nodes[nid], id=plain)
        reached, offered = _reach(ctx, replace(scenario, nodes=nodes))
        if offered is None:  # cut short: a structural path from the option to the ending
            after = closure({n: scenario.nodes[n].targets() for n in scenario.nodes}, [option.next])
            hits = [nid for nid in plans if option.node_id in reached and nid in after]
        else:
            hits = [nid for nid, marker in marked.items() if marker in reached]
        pos = _key_pos(ctx.option_raw(option.node_id, option.id), "vague", option.pos)
        for nid in hits:
            yield ctx.diag("CT131", pos, option=option.id, ending=nid)


MODEL_RULES: tuple[Callable[[LintContext], Iterable[Diagnostic]], ...] = (
    rule_limit, rule_unreachable, rule_stuck, rule_traps, rule_loops, rule_never_offered, rule_arms,
    rule_variables, rule_untagged, rule_flat_choice, rule_silent_role, rule_tells, rule_responds_to, rule_vague_plan,
)
RAW_RULES: tuple[Callable[[LintContext], Iterable[Diagnostic]], ...] = (rule_texts, rule_todo, rule_bool_words)


def lint_result(result: LoadResult, file: str, source: str, max_states: int | None = None) -> list[Diagnostic]:
    """The loader's diagnostics plus every rule's findings, de-duplicated."""
    ctx = LintContext(result, file, source, max_states)
    found = list(result.diagnostics)
    if ctx.raw is not None:
        for rule in RAW_RULES:
            found.extend(rule(ctx))
    if ctx.scenario is not None and ctx.scenario.nodes:
        for rule in MODEL_RULES:
            found.extend(rule(ctx))
    seen = set()
    unique = []
    for d in found:
        key = (d.code, d.line, d.col, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


"""What the studio page shows of one scenario file: findings, map, node sources and option tables.

Everything here calls what the engine and the `graph` command already do (the loader, `lint_result`,
`option_value`, `to_dot`); this module only arranges their answers as JSON for the page.
"""

from __future__ import annotations

import hashlib
import html
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.engine.diagnostics import Diagnostic, sort_key
from casustafel.engine.lint_rules import lint_result
from casustafel.engine.loader import LoadResult, load_scenario_text
from casustafel.engine.model import CHOICE, ENDING, Scenario
from casustafel.engine.partner import POLICIES
from casustafel.engine.scoring import option_value
from casustafel.engine.yamlsource import YMap
from casustafel.game.cli.graph import findings_by_node, to_dot

#: The scoring rules (CT4xx, docs/lint-rules.md): among them the tells, where an option's form predicts its value.
TELL_PREFIX = "CT4"
DOT_TIMEOUT = 30


@dataclass
class Snapshot:
    """One check of the file; `scenario` is None when it does not load."""

    path: Path
    digest: str
    source: str
    result: LoadResult
    findings: list[Diagnostic]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario | None:
        return self.result.scenario


def read(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256 (empty bytes when it cannot be read now)."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    return data, hashlib.sha256(data).hexdigest()


def check(path: Path, data: bytes, digest: str) -> Snapshot:
    """Load the file's contents: the loader's findings only, which come fast (`complete` adds the rest)."""
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        source = data.decode("utf-8-sig", "replace")
    result = load_scenario_text(source, str(path), digest)
    return Snapshot(path, digest, source, result, list(result.diagnostics), node_spans(result.raw, source))


def complete(snapshot: Snapshot) -> None:
    """Every finding `casustafel lint` gives: the loader's, the lint rules' and the state-space analysis'."""
    snapshot.findings = sorted(lint_result(snapshot.result, str(snapshot.path), snapshot.source), key=sort_key)


def node_spans(raw: object, source: str) -> dict[str, tuple[int, int]]:
    """First and last source line of each node under `nodes:` (comments and blank lines at the end dropped)."""
    nodes = raw.get("nodes") if isinstance(raw, YMap) else None
    if not isinstance(nodes, YMap):
        return {}
    lines = source.splitlines()
    spans: dict[str, tuple[int, int]] = {}
    for nid in nodes:
        first, col = nodes.key_at(nid)
        last = first
        for number in range(first + 1, len(lines) + 1):
            text = lines[number - 1]
            stripped = text.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            if len(text) - len(stripped) < col:
                break
            last = number
        spans[str(nid)] = (first, last)
    return spans


def owner(spans: dict[str, tuple[int, int]], line: int) -> str | None:
    """The node whose source holds `line`."""
    for nid, (first, last) in spans.items():
        if first <= line <= last:
            return nid
    return None


def svg_map(scenario: Scenario, snapshot: Snapshot) -> tuple[str, str]:
    """The map as SVG and how it was drawn: Graphviz when `dot` is installed, else a simple layered layout."""
    codes = findings_by_node(scenario, snapshot.result, snapshot.source, snapshot.findings)
    dot = shutil.which("dot")
    if dot is not None:
        try:
            proc = subprocess.run([dot, "-Tsvg"], input=to_dot(scenario, codes).encode("utf-8"),
                                  capture_output=True, timeout=DOT_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            proc = None
        if proc is not None and proc.returncode == 0:
            text = proc.stdout.decode("utf-8", "replace")
            return text[text.find("<svg"):], "graphviz"
    return simple_svg(scenario, codes), "eenvoudig (Graphviz niet gevonden)"


def simple_svg(scenario: Scenario, codes: dict[str, list[str]]) -> str:
    """A layered map without Graphviz: one row per distance from the start, boxes with the node ids."""
    depth = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        nid = queue.popleft()
        for target in scenario.nodes[nid].targets():
            if target in scenario.nodes and target not in depth:
                depth[target] = depth[nid] + 1
                queue.append(target)
    bottom = max(depth.values(), default=0) + 1
    rows: dict[int, list[str]] = {}
    for nid in scenario.nodes:
        rows.setdefault(depth.get(nid, bottom), []).append(nid)
    width, height, gap_x, gap_y = 170, 44, 20, 50
    where: dict[str, tuple[int, int]] = {}
    for row, ids in rows.items():
        for i, nid in enumerate(ids):
            where[nid] = (gap_x + i * (width + gap_x), gap_y + row * (height + gap_y))
    total_w = max(x for x, _ in where.values()) + width + gap_x
    total_h = max(y for _, y in where.values()) + height + gap_y
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{total_h}" '
           f'viewBox="0 0 {total_w} {total_h}" font-family="sans-serif" font-size="12">']
    for nid, node in scenario.nodes.items():
        x, y = where[nid]
        for target in node.targets():
            if target in where:
                tx, ty = where[target]
                out.append(f'<line x1="{x + width / 2}" y1="{y + height}" x2="{tx + width / 2}" y2="{ty}" '
                           'stroke="#777" marker-end="url(#pijl)"/>')
    out.insert(1, '<defs><marker id="pijl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
                  'markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#777"/></marker></defs>')
    for nid, node in scenario.nodes.items():
        x, y = where[nid]
        stroke = "#c00000" if codes.get(nid) else "#555"
        fill = "#9fd89f" if node.kind == ENDING else "#cfe3f7" if node.kind == CHOICE else "#ffffff"
        label = html.escape(nid + ("  " + " ".join(codes[nid]) if codes.get(nid) else ""))
        out.append(f'<g class="node"><title>{html.escape(nid)}</title><rect x="{x}" y="{y}" width="{width}" '
                   f'height="{height}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                   f'<text x="{x + 8}" y="{y + 26}">{label}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def option_tables(snapshot: Snapshot) -> dict[str, list[dict]]:
    """Per choice node, its options with value, heuristics, level, length and the tells found in their lines."""
    scenario = snapshot.scenario
    if scenario is None:
        return {}
    tells = [d for d in snapshot.findings if d.code.startswith(TELL_PREFIX)]
    tables: dict[str, list[dict]] = {}
    for nid, node in scenario.nodes.items():
        if node.kind != CHOICE:
            continue
        last_line = snapshot.spans.get(nid, (0, 0))[1]
        starts = [o.pos[0] for o in node.options] + [last_line + 1]
        rows = []
        for i, option in enumerate(node.options):
            text = option.text.get()
            rows.append({
                "id": option.id, "text": text, "value": option_value(scenario, option),
                "heuristics": [f"{t.id} ({t.points:+d})" for t in option.heuristics],
                "level": option.level or "", "length": len(text), "line": option.pos[0],
                "when": option.when.source if option.when else "",
                "tells": [f"{d.code}: {d.message}" for d in tells if starts[i] <= d.line < starts[i + 1]],
            })
        tables[nid] = rows
    return tables


def as_json(snapshot: Snapshot, good: Snapshot | None, svg: str, drawn_by: str, version: int,
            docs: set[str]) -> dict:
    """The page's whole state: this check's findings; map, nodes and tables from the last good check."""
    spans = snapshot.spans
    findings = [{**d.as_dict(), "node": owner(spans, d.line), "doc": d.code in docs,
                 "tell": d.code.startswith(TELL_PREFIX)} for d in snapshot.findings]
    base = good
    nodes: dict[str, dict] = {}
    variables: dict[str, object] = {}
    roles: dict[str, str] = {}
    start = ""
    if base is not None and base.scenario is not None:
        scenario = base.scenario
        lines = base.source.splitlines()
        start = scenario.start
        variables = dict(scenario.variables)
        roles = {r: scenario.speaker_name(r) for r in scenario.roles}
        for nid, node in scenario.nodes.items():
            first, last = base.spans.get(nid, (node.pos[0], node.pos[0]))
            nodes[nid] = {"kind": node.kind, "turn": node.turn or "", "first": first, "last": last,
                          "source": "\n".join(lines[first - 1:last])}
    return {
        "file": str(snapshot.path), "version": version, "ok": snapshot.scenario is not None,
        "stale": snapshot is not good, "findings": findings,
        "scenario_tells": [f for f in findings if f["tell"] and f["node"] is None],
        "svg": svg, "drawn_by": drawn_by, "nodes": nodes, "start": start,
        "tables": option_tables(base) if base is not None else {},
        "variables": variables, "roles": roles, "policies": list(POLICIES),
    }

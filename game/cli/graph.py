"""`casustafel graph`: the scenario as a map: DOT, Mermaid, or SVG (via Graphviz `dot` when installed).

Nodes are coloured by whose turn it is, endings are marked by kind, edges carry option ids (and branch
conditions), and nodes with lint findings get a red border and the finding codes in their label.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from casustafel.engine.diagnostics import ERROR
from casustafel.engine.library import FLAGSHIP
from casustafel.engine.lint_rules import LintContext, lint_result
from casustafel.engine.model import BRANCH, CHOICE, ENDING, LINES, REFLECT, Scenario
from casustafel.game.play.loading import load_or_explain, resolve_or_explain
from casustafel.game.records.files import FileWriteError, check_target, write_file

ROLE_COLOURS = ("#cfe3f7", "#f9dcc4", "#d8ecd0", "#e8d9f2")  # calm pastels, readable on a projector
KIND_FILL = {LINES: "#ffffff", REFLECT: "#fff6c8", BRANCH: "#eeeeee"}
ENDING_FILL = {"gedeeld_plan": "#9fd89f", "schijnakkoord": "#f3e28b", "impasse": "#d6d6d6",
               "escalatie": "#f2a3a3", "open": "#ffffff"}
FORMATS = ("dot", "mermaid", "svg")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("graph", help="teken het scenario als kaart (DOT, Mermaid of SVG)",
                              description="Teken een scenario: kleur per rol, einden gemarkeerd, pijlen met "
                                          "option-ids, lint-bevindingen rood omrand.")
    p.add_argument("scenario", nargs="?", default=FLAGSHIP, help="scenario-id of YAML-bestand")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="dot, mermaid of svg (standaard: afgeleid van --output, anders dot)")
    p.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van naar het scherm")
    p.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    p.set_defaults(func=run)


def findings_by_node(scenario: Scenario, result, source: str, diagnostics=None) -> dict[str, list[str]]:
    """Lint codes per node id, for the nodes whose lines hold findings (`diagnostics`: when already linted)."""
    if diagnostics is None:
        diagnostics = lint_result(result, scenario.path, source)
    ctx = LintContext(result, scenario.path, source)
    starts = sorted((ctx.node_pos(nid)[0], nid) for nid in scenario.nodes)
    per_node: dict[str, list[str]] = defaultdict(list)
    for d in diagnostics:
        owner = None
        for line, nid in starts:
            if line <= d.line:
                owner = nid
            else:
                break
        if owner is not None and d.line >= starts[0][0] and d.code not in per_node[owner]:
            per_node[owner].append(d.code if d.severity != ERROR else f"{d.code}!")
    return per_node


def _role_colours(scenario: Scenario) -> dict[str, str]:
    return {role: ROLE_COLOURS[i % len(ROLE_COLOURS)] for i, role in enumerate(scenario.roles)}


def _label(scenario: Scenario, nid: str, codes: list[str]) -> str:
    node = scenario.nodes[nid]
    if node.kind == CHOICE:
        extra = scenario.speaker_name(node.turn or "")
    elif node.kind == ENDING and node.ending:
        extra = node.ending.kind
    else:
        extra = node.kind
    label = f"{nid}\n({extra})"
    if codes:
        label += "\n" + " ".join(codes)
    return label


def _edges(scenario: Scenario):
    """(source, target, label) for every edge in file order."""
    for nid, node in scenario.nodes.items():
        if node.kind == CHOICE:
            for option in node.options:
                label = option.id + (f" [{option.when.source}]" if option.when else "")
                yield nid, option.next, label
        elif node.kind == BRANCH:
            for arm in node.branch:
                yield nid, arm.next, arm.when.source if arm.when else "anders"
        elif node.next:
            yield nid, node.next, ""


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(scenario: Scenario, findings: dict[str, list[str]]) -> str:
    colours = _role_colours(scenario)
    out = [f"digraph {_dot_string(scenario.id)} {{",
           "  graph [rankdir=TB, fontname=\"Helvetica\", label=" + _dot_string(scenario.title.get()) + "];",
           "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];",
           "  edge [fontname=\"Helvetica\", fontsize=10];"]
    for nid, node in scenario.nodes.items():
        attrs = {"label": _dot_string(_label(scenario, nid, findings.get(nid, [])))}
        if node.kind == CHOICE:
            attrs["fillcolor"] = _dot_string(colours.get(node.turn or "", "#ffffff"))
        elif node.kind == ENDING:
            attrs["fillcolor"] = _dot_string(ENDING_FILL.get(node.ending.kind if node.ending else "open", "#ffffff"))
            attrs["shape"] = "doubleoctagon"
        else:
            attrs["fillcolor"] = _dot_string(KIND_FILL.get(node.kind, "#ffffff"))
            if node.kind == BRANCH:
                attrs["shape"] = "diamond"
        if nid == scenario.start:
            attrs["penwidth"] = "3"
        if findings.get(nid):
            attrs["color"] = '"#c00000"'
            attrs["penwidth"] = "3"
        out.append(f"  {_dot_string(nid)} [{', '.join(f'{k}={v}' for k, v in attrs.items())}];")
    for source, target, label in _edges(scenario):
        attr = f" [label={_dot_string(label)}]" if label else ""
        out.append(f"  {_dot_string(source)} -> {_dot_string(target)}{attr};")
    legend = ", ".join(f"{scenario.speaker_name(r)} ({r}) = {colours[r]}" for r in scenario.roles)
    out.append(f"  // kleuren: {legend}")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", "<br/>")


def to_mermaid(scenario: Scenario, findings: dict[str, list[str]]) -> str:
    """Mermaid flowchart; node ids get an `n_` prefix, since Mermaid reserves words such as `end`."""
    colours = _role_colours(scenario)
    out = ["flowchart TD"]
    for nid, node in scenario.nodes.items():
        label = _mermaid_text(_label(scenario, nid, findings.get(nid, [])))
        if node.kind == ENDING:
            out.append(f'  n_{nid}(["{label}"])')
        elif node.kind == BRANCH:
            out.append(f'  n_{nid}{{"{label}"}}')
        else:
            out.append(f'  n_{nid}["{label}"]')
    for source, target, label in _edges(scenario):
        out.append(f'  n_{source} -->|"{_mermaid_text(label)}"| n_{target}' if label
                   else f"  n_{source} --> n_{target}")
    for role, colour in colours.items():
        out.append(f"  classDef role_{role} fill:{colour},stroke:#555")
    for kind, colour in ENDING_FILL.items():
        out.append(f"  classDef end_{kind} fill:{colour},stroke:#333,stroke-width:2px")
    out.append("  classDef finding stroke:#c00000,stroke-width:3px")
    for nid, node in scenario.nodes.items():
        if node.kind == CHOICE:
            out.append(f"  class n_{nid} role_{node.turn}")
        elif node.kind == ENDING and node.ending:
            kind = node.ending.kind if node.ending.kind in ENDING_FILL else "open"
            out.append(f"  class n_{nid} end_{kind}")
    marked = [nid for nid in scenario.nodes if findings.get(nid)]
    if marked:
        out.append(f"  class {','.join('n_' + nid for nid in marked)} finding")
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    path = resolve_or_explain(args.scenario, "graph")
    if path is None:
        return 2
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "dot")
    fmt = {"mmd": "mermaid", "gv": "dot"}.get(fmt, fmt)
    if fmt not in FORMATS:
        print(f"graph: onbekend formaat {fmt!r}; kies dot, mermaid of svg (--format).", file=sys.stderr)
        return 2
    if args.output:
        try:
            check_target(args.output, args.force)  # before the work, so a refusal costs nothing
        except FileWriteError as exc:
            print(f"graph: {exc}", file=sys.stderr)
            return 2
    result = load_or_explain(path, "graph")
    if result is None:
        return 1
    scenario = result.scenario
    source = Path(path).read_text(encoding="utf-8-sig")
    findings = findings_by_node(scenario, result, source)
    if fmt == "mermaid":
        output: str | bytes = to_mermaid(scenario, findings)
    else:
        output = to_dot(scenario, findings)
        if fmt == "svg":
            dot = shutil.which("dot")
            if dot is None:
                print("graph: voor SVG is Graphviz nodig (het programma dot). Installeer graphviz, of gebruik "
                      "--format dot of --format mermaid.", file=sys.stderr)
                return 2
            proc = subprocess.run([dot, "-Tsvg"], input=output.encode("utf-8"), capture_output=True, timeout=120)
            if proc.returncode != 0:
                print(f"graph: dot gaf een fout: {proc.stderr.decode('utf-8', 'replace').strip()}", file=sys.stderr)
                return 1
            output = proc.stdout
    if args.output:
        try:
            target = write_file(args.output, output, force=args.force, private=False)  # a map holds no records
        except FileWriteError as exc:
            print(f"graph: {exc}", file=sys.stderr)
            return 1
        print(f"Kaart geschreven naar {target}", file=sys.stderr)
    elif isinstance(output, bytes):
        sys.stdout.write(output.decode("utf-8"))
    else:
        sys.stdout.write(output)
    return 0

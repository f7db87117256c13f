"""`casustafel graph`: DOT, Mermaid and SVG maps with role colours, endings, option labels and findings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from casustafel.game.cli.main import main

EXAMPLES = Path(__file__).parent / "lint_examples"


def graph(capsys, *argv: str) -> str:
    assert main(["graph", *argv]) == 0
    return capsys.readouterr().out


def test_dot_has_every_node_edge_label_and_colour(capsys):
    out = graph(capsys, str(EXAMPLES / "CT100.good.yaml"))
    assert out.startswith('digraph "voorbeeld"')
    assert '"km" [label="km\\n(Mark)", fillcolor="#cfe3f7", penwidth=3]' in out  # start node, klantmanager
    assert '"sw" [label="sw\\n(Ayla)", fillcolor="#f9dcc4"]' in out
    assert 'shape=doubleoctagon' in out and '#9fd89f' in out  # gedeeld_plan ending
    assert '"km" -> "sw" [label="km_vraag"]' in out and '"sw" -> "plan" [label="sw_eigen"]' in out


def test_findings_are_highlighted(capsys):
    out = graph(capsys, str(EXAMPLES / "CT102.bad.yaml"))
    assert '"rondje" [label="rondje\\n(lines)\\nCT102!"' in out and 'color="#c00000"' in out
    assert '"km" [label="km\\n(Mark)"' in out  # no finding there


def test_conditions_and_branches_label_edges(capsys):
    out = graph(capsys, str(EXAMPLES / "CT105.good.yaml"))
    assert '"sw" -> "route" [label="sw_samen"]' in out
    assert '"route" -> "plan" [label="vertrouwen >= 1"]' in out and '[label="anders"]' in out
    assert 'shape=diamond' in out


def test_mermaid(capsys):
    out = graph(capsys, str(EXAMPLES / "CT102.bad.yaml"), "--format", "mermaid")
    assert out.startswith("flowchart TD")
    assert 'n_km -->|"km_vraag"| n_sw' in out
    assert "class n_rondje,n_nog_eens finding" in out and "class n_plan end_gedeeld_plan" in out


def test_flagship_dot_is_valid_for_graphviz(capsys, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is niet geïnstalleerd")
    out = graph(capsys)
    proc = subprocess.run(["dot", "-Tplain"], input=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_svg_to_file(capsys, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is niet geïnstalleerd")
    target = tmp_path / "kaart.svg"
    assert main(["graph", str(EXAMPLES / "CT100.good.yaml"), "-o", str(target)]) == 0
    assert "<svg" in target.read_text(encoding="utf-8") and not list(tmp_path.glob("*.tmp"))
    assert "Kaart geschreven" in capsys.readouterr().err


def test_svg_without_graphviz_says_what_to_do(capsys, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["graph", str(EXAMPLES / "CT100.good.yaml"), "--format", "svg"]) == 2
    assert "Graphviz" in capsys.readouterr().err


@pytest.mark.parametrize("argv, code, message", [
    (["bestaat-niet"], 2, "niet gevonden"),
    ([str(EXAMPLES / "CT100.good.yaml"), "-o", "kaart.png"], 2, "onbekend formaat"),
    ([str(EXAMPLES / "CT020.bad.yaml")], 1, "casustafel lint"),
])
def test_errors(capsys, argv, code, message):
    assert main(["graph", *argv]) == code
    assert message in capsys.readouterr().err

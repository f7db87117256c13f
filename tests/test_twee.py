"""`casustafel import-twee`: a 34-passage Twine story becomes a scenario that lints without errors and plays."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from casustafel.engine.lint import lint_file
from casustafel.engine.loader import load_scenario
from casustafel.engine.session import Session
from casustafel.engine.twee import convert, parse_link, parse_twee
from casustafel.game.cli.main import main

STORY = Path(__file__).parent / "test_twee_story.twee"


@pytest.fixture
def imported(tmp_path, capsys):
    target = tmp_path / "bart.yaml"
    assert main(["import-twee", str(STORY), "-o", str(target)]) == 0
    return target, capsys.readouterr().out


def test_import_lints_without_errors_and_reports_what_was_left_out(imported):
    target, out = imported
    assert "30 passages omgezet" in out
    assert 'Passage "Story JavaScript" is code' in out and 'Passage "Story Stylesheet" is code' in out
    assert f"{STORY}:21:1: warning: Macro <<set $vertrouwen to 0>>" in out
    assert f"{STORY}:53:1: warning: Macro (set: $spanning" in out
    assert "HTML-opmaak weggelaten" in out and f"{STORY}:162:1: warning: Link [[" in out
    findings = lint_file(target)
    assert not [d for d in findings if d.severity == "error"], [d.format() for d in findings]
    assert {d.code for d in findings} <= {"CT100", "CT400", "CT401"}


def test_imported_scenario_plays_to_every_reachable_ending(imported):
    target, _ = imported
    scenario = load_scenario(target).scenario
    assert scenario.title.get() == "Bart en de bijstand" and scenario.start == "begin"
    assert scenario.nodes["begin"].turn == "klantmanager" and scenario.nodes["vraag_aan_ayla"].turn == "sociaal_werker"
    assert scenario.nodes["plan"].ending.kind == "gedeeld_plan"
    assert scenario.nodes["escalatie"].ending.kind == "escalatie"
    assert [o.next for o in scenario.nodes["begin"].options] == ["vraag_aan_ayla", "oordeel", "kader"]
    assert [o.text.get() for o in scenario.nodes["begin"].options][2] == "Ik leg eerst uit waar ik aan gebonden ben"
    endings = set()
    rng = random.Random(3)
    for _ in range(200):
        session = Session(scenario, answering_roles=())
        session.start()
        while not session.ended:
            session.choose(rng.choice(session.offered()).id)
        endings.add(session.node.id)
    assert endings == {"plan", "schijn", "escalatie"}


def test_never_overwrites(imported, capsys):
    target, _ = imported
    assert main(["import-twee", str(STORY), "-o", str(target)]) == 1
    assert "bestaat al" in capsys.readouterr().err


@pytest.mark.parametrize("inner, expected", [
    ("Verder", ("Verder", "Verder")),
    ("Ga door->Kamer 2", ("Ga door", "Kamer 2")),
    ("Kamer 2<-Ga door", ("Ga door", "Kamer 2")),
    ("Ga door|Kamer 2", ("Ga door", "Kamer 2")),
])
def test_link_forms(inner, expected):
    assert parse_link(inner) == expected


@pytest.mark.parametrize("text, line, col, words", [
    (":: Begin\nHallo [[verder->Eind]]\n:: Eind\nKlaar\n:: Begin\nNog eens\n", 5, 4, "bestaat al"),
    (":: Begin [km\nHallo\n", 1, 10, "Tags niet afgesloten"),
    (':: Begin {"position": 100,}\nHallo\n', 1, 27, "geen geldige JSON"),
    (":: \nHallo\n", 1, 3, "zonder naam"),
    (":: Begin\nHallo [[verder->Eind\n:: Eind\nKlaar\n", 2, 7, "niet goed afgesloten"),
    ("Alleen tekst, geen passages\n", 1, 1, "Geen enkele passage"),
])
def test_malformed_twee_gives_positioned_errors(tmp_path, capsys, text, line, col, words):
    source = tmp_path / "kapot.twee"
    source.write_text(text, encoding="utf-8")
    assert main(["import-twee", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:{line}:{col}: error: " in err and words in err, err
    assert "warning" not in err
    assert not (tmp_path / "kapot.yaml").exists()


def test_text_before_first_passage_is_a_warning_only():
    story = parse_twee("Inleiding\n:: Begin\nHallo\n")
    assert [(p.severity, p.line) for p in story.problems] == [("warning", 1)]
    conversion = convert(story, "x")
    assert "ending:" in conversion.yaml

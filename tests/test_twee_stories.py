"""`casustafel import-twee` on real public Twine stories (Twine Cookbook, CC BY-SA 4.0; see twee_stories/SOURCES.md).

Each story is imported as an author would, the result is linted and checked against the JSON Schema named in
its modeline, and played to its endings.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
import yaml
from casustafel.engine.lint import lint_file
from casustafel.engine.loader import load_scenario
from casustafel.engine.session import Session
from casustafel.game.cli.main import main

STORIES = Path(__file__).parent / "twee_stories"
LEFTOVERS = re.compile(r"\$\w|<<|>>|''|\[\[|\]\]|<%|%>|//|\*\*|</?[a-z]+[ >]")


def import_story(tmp_path: Path, name: str, *extra: str) -> tuple[int, Path]:
    target = tmp_path / f"{name}.yaml"
    return main(["import-twee", str(STORIES / f"{name}.twee"), "-o", str(target), *extra]), target


def texts(scenario) -> list[str]:
    out = []
    for node in scenario.nodes.values():
        out += [line.text.get() for line in node.lines] + [o.text.get() for o in node.options]
        if node.ending:
            out.append(node.ending.text.get())
    return out


def endings_reached(scenario, walks: int = 300) -> set[str]:
    rng = random.Random(7)
    reached = set()
    for _ in range(walks):
        session = Session(scenario, answering_roles=())
        session.start()
        for _turn in range(50):
            if session.ended:
                reached.add(session.node.id)
                break
            session.choose(rng.choice(session.offered()).id)
    return reached


@pytest.mark.parametrize("name, language, endings", [
    ("sugarcube_space_exploration", "en", {"destroyed", "lost_in_space", "safe"}),
    ("sugarcube_lock_and_key", "en", {"exit"}),
    ("harlowe_hidden_link", "en", {"a_hidden_link"}),
    ("snowman_dungeon_moving", "en", {"exit"}),
])
def test_real_story_imports_lints_and_plays(tmp_path: Path, capsys, name: str, language: str,
                                            endings: set[str]) -> None:
    code, target = import_story(tmp_path, name)
    out = capsys.readouterr().out
    assert code == 0, out
    findings = lint_file(target)
    assert not [d for d in findings if d.severity == "error"], [d.format() for d in findings]
    scenario = load_scenario(target).scenario
    assert scenario.language == language
    for text in texts(scenario):
        assert not LEFTOVERS.search(text), text
    assert endings_reached(scenario) == endings
    modeline = target.read_text(encoding="utf-8").splitlines()[0]
    address = modeline.removeprefix("# yaml-language-server: $schema=")
    schema_path = Path(unquote(urlparse(address).path)) if address.startswith("file:") else target.parent / address
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(target.read_text(encoding="utf-8")), schema)


def test_sugarcube_link_with_goto_inside_is_an_option(tmp_path: Path, capsys) -> None:
    code, target = import_story(tmp_path, "sugarcube_space_exploration")
    out = capsys.readouterr().out
    assert code == 0
    scenario = load_scenario(target).scenario
    hyperjump = [o for o in scenario.nodes["explore_space_1"].options if o.text.get() == "Hyperjump"]
    assert [o.next for o in hyperjump] == ["explore_space_2"]
    assert scenario.nodes["destroyed"].ending.text.get() == "The ship exploded in flight. Game Over."
    assert 'Passage "HUD" wordt alleen ingevoegd' in out and "space_exploration.twee:156:1:" in out


def test_conditional_text_is_named_and_its_links_kept(tmp_path: Path, capsys) -> None:
    code, target = import_story(tmp_path, "sugarcube_lock_and_key")
    out = capsys.readouterr().out
    scenario = load_scenario(target).scenario
    assert [(o.text.get(), o.next) for o in scenario.nodes["front_room"].options] == [
        ("Exit", "exit"), ("Back Room", "back_room")]
    assert 'lock_and_key.twee:23:1: warning: Tekst onder <<if $key is true>> weggelaten: "Locked Door"' in out
    assert 'Tekst achter de klik <<linkreplace "Pick up the key">> weggelaten: "You have a key."' in out


def test_harlowe_inline_links_keep_their_text(tmp_path: Path, capsys) -> None:
    code, target = import_story(tmp_path, "harlowe_hidden_link")
    scenario = load_scenario(target).scenario
    lines = [line.text.get() for line in scenario.nodes["start"].lines]
    assert lines[0] == "Examples of tw-link element based links"
    assert "A hidden link that's always hidden: A hidden link" in lines
    assert {o.next for o in scenario.nodes["start"].options} == {"a_hidden_link"}


def test_a_story_without_ending_is_written_but_fails(tmp_path: Path, capsys) -> None:
    code, target = import_story(tmp_path, "snowman_turn_counter", "--lang", "en")
    captured = capsys.readouterr()
    assert code == 1 and target.exists()
    assert "CT102" in captured.err and "lint vindt fouten" in captured.err
    assert 'Passage "Turn Counter" wordt alleen ingevoegd' in captured.out
    assert "Taal geraden" not in captured.out

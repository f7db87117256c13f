"""Shared fixtures: a small valid scenario, the library's scenarios, a temporary data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MINI = """\
casustafel: 1
id: mini
language: nl
title: "Mini"
summary: "Een kleine bespreking."
duration: 5
learning_goals: ["Oefenen"]
client:
  name: "Sandra (34)"
  facts: ["Bijstand"]
roles:
  klantmanager: {name: "Mark", organisation: "W&I", brief: "Jij bent Mark."}
  sociaal_werker: {name: "Ayla", organisation: "Wijkteam", brief: "Jij bent Ayla."}
characters:
  voorzitter: {name: "Voorzitter"}
variables:
  vertrouwen: 0
  maatregel: false
start: opening
nodes:
  opening:
    lines:
      - {by: voorzitter, text: "Wie begint?"}
    next: km
  km:
    turn: klantmanager
    prompt: "Hoe open je?"
    options:
      - id: regels
        text: "Ze moet solliciteren."
        frames: {recht: 2}
        heuristics: [etiket]
        set: {maatregel: true}
        next: sw
      - id: vraag
        text: "Wat zie jij bij haar thuis?"
        frames: {werk: 1, welzijn: 1}
        heuristics: [casusvraag, perspectief]
        level: dialogisch
        set: {vertrouwen: "vertrouwen + 2"}
        next: sw
  sw:
    turn: sociaal_werker
    prompt: "Wat zeg je?"
    options:
      - id: stress
        text: "Ze verdrinkt in stress."
        frames: {welzijn: 2}
        next: pauze
      - id: samen
        text: "Wat betekent solliciteren voor jou, en voor haar?"
        frames: {welzijn: 1, recht: 1, regie: 1}
        heuristics: [betekenis]
        when: "not maatregel"
        set: {vertrouwen: "vertrouwen + 1"}
        next: pauze
  pauze:
    reflect: "Wat bedoelt de ander met motivatie?"
    next: route
  route:
    branch:
      - {when: "vertrouwen >= 2", next: plan}
      - {next: impasse}
  plan:
    ending: {kind: gedeeld_plan, title: "Plan", text: "Samen verder."}
  impasse:
    ending: {kind: impasse, title: "Impasse", text: "Vast."}
"""


@pytest.fixture
def mini_path(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def step_randomly(session, rng) -> None:
    """One move as a player would make it: answer a reflection, or pick any offered option."""
    if session.node.kind == "reflect":
        session.answer(session.awaiting_role, "antwoord")
    else:
        offered = session.offered()
        session.choose(offered[rng.randrange(len(offered))].id)


def random_walk(scenario, rng, max_steps: int = 500):
    """A session played with random moves until its ending (or `max_steps`)."""
    from casustafel.engine.session import Session

    session = Session(scenario)
    session.start()
    for _ in range(max_steps):
        if session.ended:
            break
        step_randomly(session, rng)
    return session


def library_files() -> list[Path]:
    from casustafel.engine.library import scenario_files

    return scenario_files()


@pytest.fixture(scope="session")
def maxima_cache(tmp_path_factory) -> Path:
    """The flagship's score range analysed once per test run (`maxima.json`); copy it into a data folder to
    spare a test the seconds of analysis that xAPI statements and pushes would otherwise spend on it."""
    from casustafel.engine.library import resolve
    from casustafel.engine.loader import load_scenario
    from casustafel.game.records.maxima import CACHE_NAME, bounds_for

    folder = tmp_path_factory.mktemp("maxima")
    bounds_for(load_scenario(resolve("sandra-schulden-en-werk")).scenario, folder)
    return folder / CACHE_NAME

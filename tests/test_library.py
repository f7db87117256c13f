"""The scenario library's "done means": every scenario lints clean, plays to every ending it declares,
covers the catalogue, gives feedback in every language, and rewards the heuristics in simulation.

Run with `-s` to see the discrimination table (coach vs own-frame play per scenario).
"""

from __future__ import annotations

from collections import Counter, deque
from pathlib import Path

import pytest
from casustafel.engine.analysis import live_facts
from casustafel.engine.library import scenario_files
from casustafel.engine.loader import load_scenario
from casustafel.engine.model import CHOICE, ENDING, REFLECT, Scenario
from casustafel.engine.session import EndingReached, Session
from casustafel.engine.simulate import policy_pairs, simulate
from casustafel.game.cli.lint import run_lint

from tools import heuristics_doc

FILES = scenario_files()
IDS = [p.stem for p in FILES]
CASUISTIEK = "casuistiek"
SIM_RUNS = 200  # per policy pair; the policies only randomise ties, so this is stable and takes ~0.3 s a scenario
SIM_SEED = 20261123
BFS_LIMIT = 200_000  # session states per scenario; the library needs a few hundred to a few thousand

Action = tuple[str, str]  # ("choose", option id) or ("answer", role)


@pytest.fixture(scope="module")
def library() -> dict[Path, Scenario]:
    scenarios = {}
    for path in FILES:
        result = load_scenario(path)
        assert result.scenario is not None, "\n".join(d.format() for d in result.diagnostics)
        scenarios[path] = result.scenario
    return scenarios


def test_the_library_has_six_casuistiek_scenarios_and_a_spreekkamer(library) -> None:
    kinds = Counter((s.kind, s.catalogue.id) for s in library.values())
    assert kinds[(CASUISTIEK, "default")] >= 6, kinds
    assert any(s.id == "spreekkamer-werkfit" and s.catalogue.id == "igm" for s in library.values())


# -- lint ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_scenario_passes_strict_lint(path: Path, capsys) -> None:
    code = run_lint([str(path)], strict=True)
    out, err = capsys.readouterr()
    assert code == 0, f"scenario_lint --strict {path.name} gaf exit {code}:\n{out}{err}"


# -- every ending can be played to -------------------------------------------------------------------
class _Future:
    """What can still matter at a node: the live variables, visits and choices (`engine.analysis.live_facts`)."""

    def __init__(self, scenario: Scenario) -> None:
        after, live_in = live_facts(scenario)
        self.live = {nid: after[nid] if node.kind == CHOICE else live_in[nid] for nid, node in scenario.nodes.items()}

    def key(self, session: Session) -> tuple:
        """Two sessions with the same key have the same possible futures."""
        live = self.live[session.node.id]
        return (session.node.id, tuple(session.pending_answers),
                tuple(sorted((k, v) for k, v in session.variables.items() if k in live)),
                frozenset(n for n in session.visits if f"v:{n}" in live),
                frozenset(o for o in session.chosen_ids if f"c:{o}" in live),
                session.turn if "turn" in live else 0)


def paths_to_endings(scenario: Scenario) -> dict[str, list[Action]]:
    """Breadth first over real session states (snapshot/restore): a shortest action path to each ending.

    Stops when every ending has a path, or after BFS_LIMIT states."""
    future = _Future(scenario)
    found: dict[str, list[Action]] = {}
    seen = set()
    queue: deque[tuple[dict, list[Action]]] = deque()
    for persona in scenario.personas or [None]:  # each client persona starts its own search ("persona" action)
        session = Session(scenario, persona=persona)
        session.start()
        seen.add(future.key(session))
        queue.append((session.snapshot(), [("persona", persona)] if persona else []))
    wanted = {nid for nid, n in scenario.nodes.items() if n.kind == ENDING}
    while queue and len(seen) < BFS_LIMIT and not wanted <= found.keys():
        snap, path = queue.popleft()
        here = Session.restore(scenario, snap)
        node = here.node
        if node.kind == ENDING:
            found.setdefault(node.id, path)
            continue
        if node.kind == REFLECT and here.awaiting_role:
            actions: list[Action] = [("answer", here.awaiting_role)]
        elif node.kind == CHOICE:
            actions = [("choose", o.id) for o in here.offered()]
        else:
            continue
        for action in actions:
            step = Session.restore(scenario, snap)
            _apply(step, action)
            key = future.key(step)
            if key not in seen:
                seen.add(key)
                queue.append((step.snapshot(), [*path, action]))
    return found


def _apply(session: Session, action: Action) -> list:
    kind, value = action
    if kind == "answer":
        return session.answer(value, "Wat ik hier leer: ik toets mijn aanname eerst.")
    return session.choose(value)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_scenario_plays_to_every_ending_it_declares(path: Path, library) -> None:
    scenario = library[path]
    endings = {nid: n.ending.kind for nid, n in scenario.nodes.items() if n.kind == ENDING and n.ending}
    assert len(endings) >= 3, f"{scenario.id} heeft {len(endings)} einden; minstens drie nodig"
    if scenario.kind == CASUISTIEK:
        missing = {"gedeeld_plan", "schijnakkoord"} - set(endings.values())
        assert not missing, f"{scenario.id}: geen einde van soort {', '.join(sorted(missing))}"
    paths = paths_to_endings(scenario)
    unreached = sorted(set(endings) - set(paths))
    assert not unreached, f"{scenario.id}: geen pad gevonden naar {', '.join(unreached)}"
    for ending, actions in paths.items():
        persona = actions[0][1] if actions and actions[0][0] == "persona" else None
        actions = actions[1:] if persona else actions
        session = Session(scenario, persona=persona)
        events = session.start()
        for action in actions:
            assert not session.ended, f"{scenario.id}: pad naar {ending} eindigt te vroeg"
            events = _apply(session, action)
        reached = [e for e in events if isinstance(e, EndingReached)]
        assert [e.node for e in reached] == [ending], f"{scenario.id}: {actions} eindigde niet in {ending}"
        assert reached[0].ending.kind == endings[ending]
        assert session.ended and session.node.id == ending


# -- catalogue coverage, feedback, reflection and briefs -----------------------------------------------
def _used_ids(scenario: Scenario) -> set[str]:
    return {t.id for o in scenario.options.values() for t in o.heuristics}


def test_every_default_heuristic_and_red_flag_occurs_in_at_least_three_scenarios(library) -> None:
    default = [s for s in library.values() if s.catalogue.id == "default"]
    catalogue = default[0].catalogue
    uses = Counter(hid for s in default for hid in _used_ids(s))
    thin = {hid: uses[hid] for hid in catalogue.heuristics if uses[hid] < 3}
    assert not thin, f"heuristieken/rode vlaggen in minder dan drie scenario's: {thin}"


def test_every_igm_id_occurs_in_the_spreekkamer(library) -> None:
    spreekkamers = [s for s in library.values() if s.catalogue.id == "igm"]
    assert spreekkamers
    for scenario in spreekkamers:
        missing = sorted(set(scenario.catalogue.heuristics) - _used_ids(scenario))
        assert not missing, f"{scenario.id} gebruikt deze IGM-ids niet: {', '.join(missing)}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_option_has_feedback_in_every_language(path: Path, library) -> None:
    scenario = library[path]
    missing = [f"{o.id} ({lang})" for o in scenario.options.values() for lang in scenario.languages
               if o.feedback is None or not o.feedback.by_lang.get(lang, "").strip()]
    assert not missing, f"{scenario.id}: feedback ontbreekt bij {', '.join(missing)}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_casuistiek_has_two_reflections_and_a_brief_per_role(path: Path, library) -> None:
    scenario = library[path]
    if scenario.kind != CASUISTIEK:
        pytest.skip("alleen voor casuïstiek")
    reflects = [nid for nid, n in scenario.nodes.items() if n.kind == REFLECT]
    assert len(reflects) >= 2, f"{scenario.id}: {len(reflects)} reflectiemomenten, minstens twee nodig"
    assert len(scenario.roles) >= 2
    for lang in scenario.languages:
        briefs = [r.brief.get(lang).strip() for r in scenario.roles.values()]
        assert all(briefs), f"{scenario.id}: een rol heeft geen briefing in {lang}"
        assert len(set(briefs)) == len(briefs), f"{scenario.id}: de briefings per rol zijn gelijk ({lang})"


# -- discrimination: coach play scores and plans better than own-frame play ----------------------------
def test_coach_play_beats_own_frame_play_in_every_scenario(library) -> None:
    rows, failures = [], []
    for scenario in library.values():
        pairs = policy_pairs(scenario, ("coach", "own-frame"))
        report = simulate(scenario, runs=SIM_RUNS, seed=SIM_SEED, pairs=pairs)
        coach, own = report.pair("coach"), report.pair("own-frame")
        c_mean, o_mean = coach.session_scores().mean, own.session_scores().mean
        c_plan, o_plan = coach.share("gedeeld_plan"), own.share("gedeeld_plan")
        rows.append(f"{scenario.id:30} {c_mean:10.2f} {o_mean:10.2f} {c_plan:10.0%} {o_plan:10.0%}")
        if o_mean > 0 and c_mean < 2 * o_mean:
            failures.append(f"{scenario.id}: coach {c_mean:.2f} < 2 × eigen frame {o_mean:.2f}")
        if o_mean <= 0 and c_mean <= 0:  # own-frame scores nothing: coach must at least score something
            failures.append(f"{scenario.id}: eigen frame {o_mean:.2f} ≤ 0 en coach {c_mean:.2f} niet > 0")
        if c_plan <= o_plan:
            failures.append(f"{scenario.id}: coach bereikt niet vaker een gedeeld plan ({c_plan:.0%} vs {o_plan:.0%})")
    table = "\n".join([
        f"Discriminatie ({SIM_RUNS} sessies per beleid, seed {SIM_SEED}; bij eigen frame ≤ 0 geldt: coach > 0)",
        f"{'scenario':30} {'coach':>10} {'eigen':>10} {'plan coach':>10} {'plan eigen':>10}", *rows])
    print("\n" + table)
    assert not failures, "\n".join([*failures, "", table])


# -- the generated part of docs/heuristics.md ----------------------------------------------------------
def test_heuristics_doc_is_up_to_date(capsys) -> None:
    code = heuristics_doc.main(["--check"])
    err = capsys.readouterr().err
    assert code == 0, f"{err}\nDraai: python tools/heuristics_doc.py"


def test_heuristics_doc_check_and_rewrite_on_a_stale_copy(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "heuristics.md"
    original = heuristics_doc.DOC.read_text(encoding="utf-8")
    hand_written = original[:original.index(heuristics_doc.HEADING)]
    doc.write_text(hand_written + heuristics_doc.HEADING + "\n\n| oud | tabel |\n", encoding="utf-8")
    assert heuristics_doc.main(["--check", "--doc", str(doc)]) == 1
    assert "verouderd" in capsys.readouterr().err
    assert heuristics_doc.main(["--doc", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == original
    assert heuristics_doc.main(["--check", "--doc", str(doc)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["heuristics.md"]  # no temporary file left behind


def test_heuristics_doc_without_the_heading_says_what_to_do(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "heuristics.md"
    doc.write_text("# Iets anders\n", encoding="utf-8")
    assert heuristics_doc.main(["--doc", str(doc)]) == 2
    assert heuristics_doc.HEADING in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == "# Iets anders\n"
    assert heuristics_doc.main(["--doc", str(tmp_path / "weg.md")]) == 2
    assert "--doc" in capsys.readouterr().err


def test_the_path_finder_reports_an_ending_no_play_reaches(mini_path: Path) -> None:
    text = mini_path.read_text(encoding="utf-8")
    text = text.replace('- {next: impasse}', '- {when: "vertrouwen > 99", next: nooit}\n      - {next: impasse}')
    mini_path.write_text(text + '  nooit:\n    ending: {kind: escalatie, title: "Nooit", text: "-"}\n',
                         encoding="utf-8")
    scenario = load_scenario(mini_path).scenario
    assert scenario is not None and "nooit" in scenario.nodes
    paths = paths_to_endings(scenario)
    assert set(paths) == {"plan", "impasse"}
    assert paths["plan"][0] == ("choose", "vraag") and paths["impasse"][0] == ("choose", "regels")
    assert paths["plan"][2:] == [("answer", "klantmanager"), ("answer", "sociaal_werker")]

"""The workshop overview: per pair, across pairs, filters, the plot, and `casustafel sessions`."""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.main import main
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import load_session, play_recorded
from casustafel.game.report.overview import Filter, build_overview, curves_by_scenario, parse_date, plot_curves, short

POLICIES = {"klantmanager": "random", "sociaal_werker": "random"}


def scenario(name: str):
    return load_scenario(resolve(name)).scenario


def play(recorder: Recorder, name: str, seed: int, workshop: str = "", days_ago: float = 0.0) -> str:
    sid, _session = play_recorded(recorder, scenario(name), POLICIES, seed=seed,
                                  nicknames={"klantmanager": "Joris", "sociaal_werker": "Fatima"})
    with recorder.transaction() as db:  # the label set at setup, and the afternoon the pair played
        db.execute("UPDATE sessions SET workshop = ?, started_at = started_at - ? WHERE id = ?",
                   (workshop, days_ago * 86400, sid))
    return sid


@pytest.fixture
def workshop(data_dir: Path):
    """Two afternoons: six pairs on the flagship (Utrecht), three on the youth scenario (Zwolle, older)."""
    recorder = Recorder.open(data_dir)
    utrecht = [play(recorder, "sandra-schulden-en-werk", seed, "Utrecht") for seed in range(6)]
    zwolle = [play(recorder, "jongere-zoektermijn", seed, "Zwolle", days_ago=10) for seed in range(3)]
    for sid in utrecht[:4]:
        recorder.set_mark(sid, "klantmanager", 1, "mis", "te snel")
        recorder.set_mark(sid, "sociaal_werker", 1, "mis", "")
    recorder.set_mark(utrecht[4], "klantmanager", 2, "goed", "")
    yield recorder, utrecht, zwolle
    recorder.close()


def test_per_pair_figures_equal_the_debrief_of_each_session(workshop):
    recorder, utrecht, zwolle = workshop
    overview = build_overview(recorder)
    assert [p.session_id for p in overview.pairs] == sorted(utrecht + zwolle,
                                                            key=lambda i: recorder.session(i).started_at)
    for pair in overview.pairs:
        loaded = load_session(recorder, pair.session_id)
        assert pair.ending_node == loaded.session.node.id
        assert pair.session_score == loaded.report.session_score
        assert pair.points == {r: round(p.points, 2) for r, p in loaded.report.players.items()}
        assert overview.curves[pair.session_id] == loaded.report.alignment_curve
        assert pair.players == {"klantmanager": ("Joris", True), "sociaal_werker": ("Fatima", True)}


def test_across_pairs_marks_missed_heuristics_and_endings(workshop):
    recorder, utrecht, zwolle = workshop
    overview = build_overview(recorder)
    top = overview.moments[0]
    first_options = Counter(recorder.choices(sid)[0]["option_id"] for sid in utrecht[:4])
    assert top.scenario_id == "sandra-schulden-en-werk" and top.node == recorder.choices(utrecht[0])[0]["node"]
    assert top.sessions == first_options.most_common(1)[0][1] and top.marks == 2 * top.sessions
    assert sum(m.sessions for m in overview.moments) == 4, "a 'goed' mark is not a moment that went wrong"

    missed, offered = Counter(), Counter()
    for sid in utrecht + zwolle:  # the debrief's own view: heuristics on offer that nobody met
        debrief = load_session(recorder, sid).debrief
        missed.update(e.id for e in debrief.missed if e.on_offer)
        offered.update(e.id for e in (*debrief.met, *debrief.missed) if e.on_offer)
    assert {m.heuristic_id: m.missed_in for m in overview.missed} == dict(missed)
    assert all(m.on_offer_in == offered[m.heuristic_id] for m in overview.missed)
    assert [m.missed_in for m in overview.missed] == sorted((m.missed_in for m in overview.missed), reverse=True)

    endings = Counter((recorder.session(s).scenario_id, recorder.session(s).ending_node) for s in utrecht + zwolle)
    assert {(e.scenario_id, e.ending_node): e.count for e in overview.endings} == dict(endings)
    assert all(e.title for e in overview.endings)


def test_filters_by_scenario_date_and_workshop(workshop):
    recorder, utrecht, zwolle = workshop
    assert {p.session_id for p in build_overview(recorder, Filter(workshop="Utrecht")).pairs} == set(utrecht)
    assert {p.session_id for p in build_overview(recorder, Filter(scenario="jongere-zoektermijn")).pairs} == set(zwolle)
    today = time.strftime("%Y-%m-%d")
    assert {p.session_id for p in build_overview(recorder, Filter(since=parse_date(today))).pairs} == set(utrecht)
    earlier = time.strftime("%Y-%m-%d", time.localtime(time.time() - 5 * 86400))
    older = build_overview(recorder, Filter(until=parse_date(earlier, end=True)))
    assert {p.session_id for p in older.pairs} == set(zwolle)
    assert build_overview(recorder, Filter(workshop="Utrecht", scenario="jongere-zoektermijn")).pairs == []


def test_the_alignment_plot_is_written(workshop, tmp_path):
    recorder, _u, _z = workshop
    overview = build_overview(recorder)
    svg = plot_curves(overview, tmp_path / "afstemming.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Frame-afstemming per scenario (9 sessies)" in text
    assert "beurt" in text and "frame-afstemming A(t)" in text and "Per scenario" in text  # axes and legend
    for name, count in (("sandra-schulden-en-werk", 6), ("jongere-zoektermijn", 3)):  # one legend entry each
        assert f"{scenario(name).title.get('nl')} ({count} sessies, dik: gemiddelde)" in text
    grouped = curves_by_scenario(overview)  # the means are taken within one scenario, never across
    assert {k: len(v) for k, v in grouped.items()} == {"sandra-schulden-en-werk": 6, "jongere-zoektermijn": 3}
    empty = plot_curves(build_overview(recorder, Filter(workshop="niemand")), tmp_path / "leeg.png")
    assert empty.read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_sessions_command_text_json_and_plot(workshop, data_dir, tmp_path, capsys):
    assert main(["--data", str(data_dir), "sessions", "--workshop", "Utrecht"]) == 0
    out = capsys.readouterr().out
    assert "Sessies op deze computer: 6" in out and 'workshop "Utrecht"' in out
    assert "Joris" in out and "'ging mis'" in out and "Eindes:" in out

    plot = tmp_path / "curves.svg"
    assert main(["--data", str(data_dir), "sessions", "--json", "--plot", str(plot)]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["sessions"] == 9 and len(data["pairs"]) == 9 and plot.exists()
    assert data["pairs"][0]["alignment_curve"] and data["missed_heuristics"] and data["marked_wrong"]

    assert main(["--data", str(data_dir), "sessions", "--lang", "en", "--scenario", "jongere-zoektermijn"]) == 0
    assert "Sessions on this computer: 3" in capsys.readouterr().out


def test_a_session_whose_scenario_is_gone_still_shows(workshop, data_dir, capsys):
    recorder, utrecht, _z = workshop
    with sqlite3.connect(data_dir / "casustafel.sqlite3") as db:
        db.execute("UPDATE sessions SET scenario_id = 'verdwenen', scenario_path = '/weg/verdwenen.yaml' "
                   "WHERE id = ?", (utrecht[0],))
    overview = build_overview(recorder)
    gone = next(p for p in overview.pairs if p.session_id == utrecht[0])
    assert gone.points is None and gone.session_score is not None
    assert any("verdwenen" in w for w in overview.warnings)
    assert main(["--data", str(data_dir), "sessions"]) == 0
    assert "Let op:" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["sessions", "--since", "gisteren"], "JJJJ-MM-DD"),
    (["sessions", "--plot", "{tmp}/grafiek.txt"], ".svg"),
    (["sessions", "--plot", "/geen/map/grafiek.svg"], "bestaat niet"),
])
def test_bad_input_gives_a_clear_message(workshop, data_dir, tmp_path, capsys, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["--data", str(data_dir), *argv]) in (1, 2)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_text_overview_reads_titles_and_choices_not_ids(workshop, data_dir, capsys):
    recorder, utrecht, _z = workshop
    assert main(["--data", str(data_dir), "sessions"]) == 0
    out = capsys.readouterr().out
    flagship, youth = scenario("sandra-schulden-en-werk"), scenario("jongere-zoektermijn")
    assert f"{flagship.title.get('nl')} (6)" in out and f"{youth.title.get('nl')} (3)" in out
    assert "sandra-schulden-en-werk" not in out and "jongere-zoektermijn" not in out
    first = recorder.choices(utrecht[0])[0]
    assert first["node"] not in out and first["option_id"] not in out and "node " not in out
    words = flagship.options[first["option_id"]].text.get("nl").split()
    assert " ".join(words[:4]) in out  # the choice in its own words


def test_short_cuts_at_a_word_boundary():
    text = "Ik wil eerst weten wat Sandra zelf wil met werk en schulden"
    assert short(text, 200) == text
    cut = short(text, 30)
    assert cut.endswith("…") and len(cut) <= 30 and text.startswith(cut[:-1]) and text[len(cut) - 1] == " "


@pytest.mark.parametrize("argv, message", [
    (["sessions", "--scenario", "bestaatniet"], "Er is geen scenario 'bestaatniet'"),
    (["sessions", "--scenario", "sandra-schulden-en-wek"], 'Bedoelde je "sandra-schulden-en-werk"?'),
    (["sessions", "--workshop", "Utrech"], 'Bedoelde je "Utrecht"?'),
    (["sessions", "--workshop", "Amsterdam"], "Bekende labels: Utrecht, Zwolle."),
])
def test_an_unknown_scenario_or_workshop_gets_one_dutch_line(workshop, data_dir, capsys, argv, message):
    assert main(["--data", str(data_dir), *argv]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err
    assert "Sessies op deze computer: 0" not in captured.out


def test_an_empty_computer(data_dir, capsys):
    assert main(["--data", str(data_dir), "sessions"]) == 0
    assert "geen sessies" in capsys.readouterr().out



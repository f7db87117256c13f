"""The studio's JSON endpoints, its event stream and its command, used as the page and an author use them."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.engine.scoring import option_value
from casustafel.game.studio.server import serve, stop, url

WAIT = 10.0


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "casus.yaml"
    path.write_text(resolve("sandra-schulden-en-werk").read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def studio(scenario: Path):
    server, _ = serve(scenario)
    yield server
    stop(server)


def get(server, path: str) -> dict:
    with urllib.request.urlopen(url(server) + path.lstrip("/"), timeout=WAIT) as answer:
        return json.load(answer)


def post(server, body: object) -> tuple[int, dict]:
    request = urllib.request.Request(url(server) + "api/play", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def wait_for_version(server, above: int) -> dict:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        state = get(server, "/api/state")
        if state["version"] > above and not state.get("checking"):
            return state
        time.sleep(0.05)
    raise AssertionError("de studio zag de wijziging niet")


def test_listens_on_loopback_only(studio) -> None:
    assert studio.server_address[0] == "127.0.0.1"


def test_refuses_other_host_names(studio) -> None:
    request = urllib.request.Request(url(studio) + "api/state", headers={"Host": "aanvaller.example:80"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=WAIT)
    assert info.value.code == 403


def test_a_file_that_disappears_keeps_the_last_check(studio, scenario: Path) -> None:
    before = get(studio, "/api/state")
    moved = scenario.with_suffix(".bak")
    scenario.rename(moved)
    gone = wait_for_version(studio, before["version"])
    assert gone["missing"] and gone["findings"] == before["findings"] and gone["svg"] == before["svg"]
    moved.rename(scenario)
    back = wait_for_version(studio, gone["version"])
    assert not back["missing"] and back["ok"]


def test_state_of_a_clean_file(studio, scenario: Path) -> None:
    state = get(studio, "/api/state")
    loaded = load_scenario(scenario).scenario
    assert state["ok"] and not state["stale"] and state["findings"] == []
    assert set(state["nodes"]) == set(loaded.nodes)
    assert state["svg"].startswith("<svg") and state["svg"].count('class="node"') == len(loaded.nodes)
    lines = scenario.read_text(encoding="utf-8").splitlines()
    for nid, node in state["nodes"].items():
        assert node["source"].splitlines()[0].strip() == f"{nid}:"
        assert node["source"] == "\n".join(lines[node["first"] - 1:node["last"]])
    choice = next(n for n in loaded.nodes.values() if n.kind == "choice")
    rows = state["tables"][choice.id]
    assert [r["id"] for r in rows] == [o.id for o in choice.options]
    for row, option in zip(rows, choice.options, strict=True):
        assert row["value"] == option_value(loaded, option)
        assert row["length"] == len(option.text.get())
        assert row["level"] == (option.level or "")
        assert len(row["heuristics"]) == len(option.heuristics)


def test_a_broken_next_shows_its_finding_and_keeps_the_last_good_map(studio, scenario: Path) -> None:
    good = scenario.read_text(encoding="utf-8")
    before = get(studio, "/api/state")
    match = re.search(r"^    next: (\w+)$", good, re.M)
    line = good[:match.start()].count("\n") + 1
    scenario.write_text(good[:match.start()] + "    next: nergens_heen" + good[match.end():], encoding="utf-8")
    broken = wait_for_version(studio, before["version"])
    assert not broken["ok"] and broken["stale"]
    finding = next(f for f in broken["findings"] if f["code"] == "CT020")
    assert (finding["line"], finding["severity"]) == (line, "error")
    assert "nergens_heen" in finding["message"]
    assert finding["node"] in broken["nodes"]
    assert broken["svg"] == before["svg"] and broken["nodes"] == before["nodes"]
    status, answer = post(studio, {})
    assert status == 200 and answer["stale"] is True  # playing goes on with the last good version

    scenario.write_text(good, encoding="utf-8")
    fixed = wait_for_version(studio, broken["version"])
    assert fixed["ok"] and not fixed["stale"] and fixed["findings"] == []


def test_an_unloadable_file_from_the_start_has_findings_and_no_map(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("casustafel: 1\nid: kapot\ntitle: \"open\n", encoding="utf-8")
    server, _ = serve(path)
    try:
        state = get(server, "/api/state")
        assert not state["ok"] and state["svg"] == "" and state["nodes"] == {}
        assert state["findings"][0]["code"] == "CT001"
        status, answer = post(server, {})
        assert status == 400 and "fouten" in answer["error"]
    finally:
        stop(server)


def test_play_from_a_node_with_variables_and_a_partner(studio, scenario: Path) -> None:
    loaded = load_scenario(scenario).scenario
    node = next(n for n in loaded.nodes.values() if n.kind == "choice" and n.turn == "sociaal_werker")
    flags = [name for name, value in loaded.variables.items() if isinstance(value, bool)]
    status, answer = post(studio, {"node": node.id, "role": "sociaal_werker", "policy": "coach",
                                   "variables": {flags[0]: True}})
    assert status == 200 and answer["awaiting"] == "sociaal_werker" and answer["node"] == node.id
    assert answer["variables"][flags[0]] is True
    offered = answer["offered"]
    choices: list[str] = []
    for _ in range(40):
        if answer["ended"]:
            break
        choices.append(offered[0]["id"])
        status, answer = post(studio, {"node": node.id, "role": "sociaal_werker", "policy": "coach",
                                       "variables": {flags[0]: True}, "choices": choices})
        assert status == 200 and answer["applied"] == len(choices) and not answer["problem"]
        offered = answer["offered"]
        assert answer["ended"] or answer["awaiting"] == "sociaal_werker"
    assert answer["ended"] and answer["transcript"][-1]["kind"] == "ending"
    partner = [e for e in answer["transcript"] if e["kind"] == "chosen" and e["partner"]]
    assert partner, "de computerpartner speelde de klantmanager"
    assert all(loaded.nodes[e["node"]].turn == "klantmanager" for e in partner)
    mine = [e["option"] for e in answer["transcript"] if e["kind"] == "chosen" and not e["partner"]]
    assert mine == choices
    assert post(studio, {"node": node.id, "role": "sociaal_werker", "policy": "coach",
                         "variables": {flags[0]: True}, "choices": choices})[1] == answer  # the same replay


def test_a_choice_that_no_longer_fits_is_dropped_with_a_message(studio) -> None:
    status, answer = post(studio, {"choices": ["bestaat_niet"]})
    assert status == 200 and answer["applied"] == 0
    assert "bestaat_niet" in answer["problem"] and answer["offered"]


@pytest.mark.parametrize("body, words", [
    ({"node": "nergens"}, "bestaat niet"),
    ({"variables": {"onbekend": 1}}, "niet gedeclareerd"),
    ({"variables": {"vertrouwen": "veel"}}, "moet int zijn"),
    ({"policy": "gok"}, "Onbekend partnerbeleid"),
    ({"role": "voorzitter"}, "bestaat niet in dit scenario"),
    ([1, 2], "JSON-object"),
])
def test_play_requests_a_user_can_get_wrong(studio, body: object, words: str) -> None:
    status, answer = post(studio, body)
    assert status == 400 and words in answer["error"]


def test_rule_pages_come_from_the_rules_table(studio) -> None:
    with urllib.request.urlopen(url(studio) + "rule/CT020", timeout=WAIT) as answer:
        text = answer.read().decode()
    assert text.startswith("## CT020") and "## CT021" not in text
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(url(studio) + "rule/CT999", timeout=WAIT)
    assert info.value.code == 404


def test_event_stream_announces_each_new_check(studio, scenario: Path) -> None:
    host, port = studio.server_address[:2]
    with socket.create_connection((host, port), timeout=WAIT) as sock:
        sock.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        stream = sock.makefile("rb")
        assert b"text/event-stream" in b"".join(iter(stream.readline, b"\r\n"))
        first = [stream.readline() for _ in range(3)]
        assert first[0].startswith(b"event: change")
        version = int(first[1].split(b":")[1])
        scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# opgeslagen\n", encoding="utf-8")
        lines = [stream.readline() for _ in range(3)]
        assert lines[0].startswith(b"event: change") and int(lines[1].split(b":")[1]) == version + 1


def test_dot_missing_draws_a_simple_map(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    server, _ = serve(scenario)
    try:
        state = get(server, "/api/state")
        assert "Graphviz niet gevonden" in state["drawn_by"]
        titles = re.findall(r'<g class="node"><title>([^<]+)</title>', state["svg"])
        assert sorted(titles) == sorted(state["nodes"])
    finally:
        stop(server)


@pytest.mark.parametrize("args, words", [
    (["studio", "bestaat-niet.yaml", "--no-browser"], "bestaat niet"),
    (["studio", "kaart.svg", "--no-browser"], ".yaml"),
    (["studio", "{file}", "--no-browser", "--port", "70000"], "poort"),
])
def test_command_explains_what_is_wrong(scenario: Path, args: list[str], words: str) -> None:
    args = [a.replace("{file}", str(scenario)) for a in args]
    proc = subprocess.run([sys.executable, "-m", "casustafel.game", *args], capture_output=True, text=True,
                          timeout=60, cwd=scenario.parent)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_command_serves_until_interrupted(scenario: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "casustafel.game", "studio", str(scenario), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(address, timeout=WAIT) as answer:
            assert "Casustafel studio" in answer.read().decode()
    finally:
        proc.send_signal(2)
        out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 130 and "Traceback" not in err

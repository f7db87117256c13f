"""xAPI statements of a session, validated against Ralph's models, pushed to a real Ralph LRS on loopback.

The LRS tests need Ralph (`ralph-malph` from PyPI) installed apart from Casustafel, e.g.::

    python -m venv /tmp/ralph-venv
    /tmp/ralph-venv/bin/pip install 'ralph-malph[cli,lrs]==5.1.0' requests

They look for the `ralph` command in $CASUSTAFEL_RALPH, then /tmp/ralph-venv/bin/ralph, then on PATH, and are
skipped (with that reason) when it is not there or will not start.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.main import main
from casustafel.game.cli.push import Client, PushError, credentials, statements_url
from casustafel.game.i18n import count
from casustafel.game.records.exports import Names, pseudonym
from casustafel.game.records.recorder import Recorder
from casustafel.game.records.xapi import VERBS, check_statement, registration, session_statements
from casustafel.game.report.debrief_data import play_recorded

USER, PASSWORD = "casustafel", "oefen-geheim"


def ralph_command() -> Path | None:
    for candidate in (os.environ.get("CASUSTAFEL_RALPH"), "/tmp/ralph-venv/bin/ralph", shutil.which("ralph")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def record(recorder: Recorder, seed: int, solo: bool = False) -> str:
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    humans = ("klantmanager",) if solo else None
    policies = {"klantmanager": "random", "sociaal_werker": "coach" if solo else "random"}
    sid, _ = play_recorded(recorder, scenario, policies, seed=seed, humans=humans,
                           nicknames={"klantmanager": "Joris", "sociaal_werker": "Fatima"})
    return sid



@pytest.fixture
def data_dir(data_dir: Path, maxima_cache: Path) -> Path:
    """A data folder that already knows the flagship's maxima (see conftest)."""
    shutil.copy(maxima_cache, data_dir / maxima_cache.name)
    return data_dir


@pytest.fixture
def recorder(data_dir: Path):
    rec = Recorder.open(data_dir)
    yield rec
    rec.close()


# -- statements ------------------------------------------------------------------------------------------
def test_statements_follow_the_serious_games_profile(recorder):
    sid = record(recorder, 4)
    statements = session_statements(recorder, sid, Names(recorder))
    verbs = [s["verb"]["id"] for s in statements]
    choices = recorder.choices(sid)
    assert verbs == [VERBS["initialized"]] * 2 + [VERBS["selected"]] * len(choices) + [VERBS["completed"]] * 2
    assert {s["context"]["registration"] for s in statements} == {registration(sid)}
    uuid.UUID(registration(sid))
    salt = recorder.meta("installation_salt")
    team = statements[0]["context"]["team"]
    assert team["objectType"] == "Group"
    assert sorted(m["account"]["name"] for m in team["member"]) == sorted([pseudonym(salt, "Joris"),
                                                                           pseudonym(salt, "Fatima")])
    selected = [s for s in statements if s["verb"]["id"] == VERBS["selected"]]
    assert [s["result"]["response"] for s in selected] == [c["option_id"] for c in choices]
    assert all(s["object"]["id"].startswith("https://casustafel.invalid/scenarios/sandra-schulden-en-werk/nodes/")
               for s in selected)
    completed = statements[-1]
    assert completed["result"]["completion"] is True and completed["result"]["duration"].startswith("PT")
    assert isinstance(completed["result"]["score"]["raw"], float)
    assert completed["object"]["id"] == "https://casustafel.invalid/scenarios/sandra-schulden-en-werk"
    assert all(check_statement(s) == [] for s in statements)
    assert "Joris" not in json.dumps(statements)


def test_statement_ids_are_deterministic_and_unique(recorder):
    sid = record(recorder, 5)
    first = session_statements(recorder, sid, Names(recorder))
    again = session_statements(recorder, sid, Names(recorder))
    assert first == again
    assert len({s["id"] for s in first}) == len(first)
    other = session_statements(recorder, record(recorder, 6), Names(recorder))
    assert not {s["id"] for s in other} & {s["id"] for s in first}


def test_solo_session_the_computer_partner_is_no_learner(recorder):
    sid = record(recorder, 7, solo=True)
    statements = session_statements(recorder, sid, Names(recorder))
    initialized = [s for s in statements if s["verb"]["id"] == VERBS["initialized"]]
    assert len(initialized) == 1
    salt = recorder.meta("installation_salt")
    actors = {s["actor"]["account"]["name"] for s in statements}
    assert actors == {pseudonym(salt, "Joris")}
    members = {m["account"]["name"] for m in statements[0]["context"]["team"]["member"]}
    assert members == {pseudonym(salt, "Joris")}
    own = [c for c in recorder.choices(sid) if c["role"] == "klantmanager"]
    assert len([s for s in statements if s["verb"]["id"] == VERBS["selected"]]) == len(own)
    ext = statements[0]["context"]["extensions"]["https://casustafel.invalid/extensions/partner"]
    assert ext == {"sociaal_werker": "computer (coach)"}


def test_completed_carries_raw_min_max_and_the_share_the_game_shows(recorder, data_dir):
    from casustafel.engine.scoring import score_history
    from casustafel.game.records.maxima import bounds_for

    sid = record(recorder, 4)
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    bounds = bounds_for(scenario, data_dir)
    choices = recorder.choices(sid)
    report = score_history(scenario, [(c["turn"], c["role"], c["option_id"]) for c in choices],
                           {r: high for r, (_low, high) in bounds.items()})
    completed = [s for s in session_statements(recorder, sid, Names(recorder)) if s["verb"]["id"] == VERBS["completed"]]
    assert len(completed) == 2
    for statement in completed:
        role = statement["context"]["extensions"]["https://casustafel.invalid/extensions/role"]
        score = statement["result"]["score"]
        low, high = bounds[role]
        assert score["max"] == round(high, 2) and score["min"] <= score["raw"] <= score["max"]
        assert score["scaled"] == round(report.players[role].share, 4)
        assert 0 <= score["scaled"] <= 1


def test_statements_validate_against_ralphs_pydantic_models(recorder, tmp_path):
    """Ralph's xAPI models are the maintained reference; they run in Ralph's own environment."""
    ralph = ralph_command()
    if ralph is None:
        pytest.skip("Ralph (ralph-malph) is niet geïnstalleerd; zie de docstring van deze module")
    statements = [s for seed in (8, 9) for s in session_statements(recorder, record(recorder, seed),
                                                                    Names(recorder))]
    solo = session_statements(recorder, record(recorder, 10, solo=True), Names(recorder, keep_names=True))
    path = tmp_path / "statements.json"
    path.write_text(json.dumps(statements + solo), encoding="utf-8")
    script = ("import json, sys\n"
              "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
              "for s in json.load(open(sys.argv[1])):\n"
              "    BaseXapiStatement.model_validate(s)\n"
              "print('valid', len(json.load(open(sys.argv[1]))))\n")
    done = subprocess.run([str(ralph.parent / "python"), "-c", script, str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"valid {len(statements) + len(solo)}"


def test_export_as_xapi(recorder, data_dir, tmp_path):
    sid = record(recorder, 11)
    out = tmp_path / "statements.json"
    assert main(["--data", str(data_dir), "export", "--format", "xapi", "-o", str(out), sid]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == session_statements(recorder, sid, Names(recorder))


# -- push: arguments and a client that cannot connect ---------------------------------------------------------
def test_push_needs_credentials_and_a_real_url(recorder, data_dir, capsys, monkeypatch):
    record(recorder, 12)
    monkeypatch.delenv("CASUSTAFEL_LRS_USER", raising=False)
    monkeypatch.delenv("CASUSTAFEL_LRS_PASSWORD", raising=False)
    assert main(["--data", str(data_dir), "push", "--lrs", "http://127.0.0.1:9/xAPI/"]) == 2
    assert "CASUSTAFEL_LRS_USER" in capsys.readouterr().err
    monkeypatch.setenv("CASUSTAFEL_LRS_USER", "u")
    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", "p")
    assert main(["--data", str(data_dir), "push", "--lrs", "lrs.example.org"]) == 2
    assert "geen adres van een LRS" in capsys.readouterr().err
    assert statements_url("http://h:1/xAPI/") == "http://h:1/xAPI/statements"
    assert statements_url("http://h:1/xAPI/statements/") == "http://h:1/xAPI/statements"
    assert credentials({"CASUSTAFEL_LRS_USER": "a", "CASUSTAFEL_LRS_PASSWORD": "b"}) == \
        "Basic " + base64.b64encode(b"a:b").decode()


def test_an_unreachable_lrs_is_retried_with_backoff_and_loses_nothing(recorder, data_dir, capsys, monkeypatch):
    sid = record(recorder, 13)
    waits: list[float] = []
    client = Client(f"http://127.0.0.1:{free_port()}/xAPI/statements", "Basic eDp5", retries=3, timeout=2,
                    sleep=waits.append)
    from casustafel.game.cli.push import push_sessions

    with pytest.raises(PushError, match="niet bereikbaar"):
        push_sessions(recorder, client, [sid], say=lambda _t: None)
    assert waits == [0.5, 1.0, 2.0]
    assert recorder.pushed_ids(client.url) == set()


# -- a real LRS ----------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RalphLRS:
    """`ralph runserver` with the file-system backend and basic-auth credentials, on loopback.

    Ralph's file-system backend (meant for development) writes each user's statements once, to one file:
    a second POST that holds new statements fails with HTTP 500. So every test gets a fresh store.
    """

    def __init__(self, ralph: Path, root: Path, auth_file: Path) -> None:
        self.ralph, self.root, self.port = ralph, root, free_port()
        self.proc: subprocess.Popen | None = None
        self.env = {**os.environ, "RALPH_APP_DIR": str(root / "app"), "RALPH_AUTH_FILE": str(auth_file),
                    "RALPH_RUNSERVER_BACKEND": "fs"}
        self.store = root / "store"
        self.store.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        """What `ralph runserver -b fs --fs-default-directory-path STORE` does, minus its auto-reloader
        (which doubles the start-up time): uvicorn serving `ralph.api:app`, configured by environment."""
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - kept open for the server's lifetime
        env = {**self.env, "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.store)}
        self.proc = subprocess.Popen(
            [str(self.ralph.parent / "python"), "-m", "uvicorn", "ralph.api:app", "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        pytest.skip("ralph runserver startte niet: " + (self.root / "server.log").read_text(errors="replace")[-600:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the server's own process group, by its id
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def statements(self, registration_id: str) -> list[dict]:
        query = urllib.parse.urlencode({"registration": registration_id, "limit": 1000})
        auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(f"{self.url}statements/?{query}", headers={
            "Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["statements"]

    def stored_lines(self) -> int:
        return sum(len(p.read_text().splitlines()) for p in self.store.rglob("*.jsonl"))


@pytest.fixture(scope="module")
def ralph_user(tmp_path_factory) -> tuple[Path, Path]:
    """Ralph's command and an auth file with one user (created once: bcrypt is slow on purpose)."""
    ralph = ralph_command()
    if ralph is None:
        pytest.skip("Ralph (ralph-malph) is niet geïnstalleerd; zie de docstring van deze module")
    root = tmp_path_factory.mktemp("ralph-auth")
    env = {**os.environ, "RALPH_APP_DIR": str(root / "app"), "RALPH_AUTH_FILE": str(root / "auth.json"),
           "RALPH_RUNSERVER_BACKEND": "fs"}
    done = subprocess.run([str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                           "-A", "casustafel-test", "https://casustafel.invalid", "-w"],
                          env=env, cwd=root, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.skip(f"ralph auth werkte niet: {done.stderr.strip()[-400:]}")
    return ralph, root / "auth.json"


@pytest.fixture
def lrs(ralph_user, tmp_path_factory):
    ralph, auth_file = ralph_user
    server = RalphLRS(ralph, tmp_path_factory.mktemp("ralph"), auth_file)
    server.start()
    yield server
    server.stop()


def same(sent: dict, stored: dict) -> bool:
    """The LRS adds `stored`, `authority` and `version`; everything we sent must come back unchanged."""
    return all(stored.get(key) == value for key, value in sent.items())


def test_push_to_a_real_lrs_reads_back_the_same_statements_and_never_twice(lrs, recorder, data_dir, capsys,
                                                                           monkeypatch):
    sid = record(recorder, 21)
    monkeypatch.setenv("CASUSTAFEL_LRS_USER", USER)
    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", "fout")
    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 1
    assert "weigert de inloggegevens" in capsys.readouterr().err
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()

    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", PASSWORD)
    sent = session_statements(recorder, sid, Names(recorder))
    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 0
    assert f"{count('statement', len(sent))} verstuurd" in capsys.readouterr().out
    stored = {s["id"]: s for s in lrs.statements(registration(sid))}
    assert set(stored) == {s["id"] for s in sent}
    for statement in sent:
        assert same(statement, stored[statement["id"]]), statement["id"]
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set(stored)
    lines = lrs.stored_lines()

    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 0  # twice: nothing new is sent
    assert "0 statements verstuurd" in capsys.readouterr().out
    with recorder.transaction() as db:  # even when this computer forgot what it pushed, the LRS keeps one copy
        db.execute("DELETE FROM pushed")
    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 0
    assert lrs.stored_lines() == lines
    assert len(lrs.statements(registration(sid))) == len(sent)


def test_a_stopped_lrs_gives_a_clear_error_and_loses_nothing(lrs, recorder, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("CASUSTAFEL_LRS_USER", USER)
    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", PASSWORD)
    sid = record(recorder, 22)
    lrs.stop()
    try:
        assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, "--retries", "1", sid]) == 1
        err = capsys.readouterr().err
        assert "niet bereikbaar" in err and "Traceback" not in err and "probeer het later opnieuw" in err
        assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()
    finally:
        lrs.start()
    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 0
    sent = session_statements(recorder, sid, Names(recorder))
    assert {s["id"] for s in lrs.statements(registration(sid))} == {s["id"] for s in sent}


def test_delete_voids_the_statements_in_a_real_lrs(lrs, recorder, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("CASUSTAFEL_LRS_USER", USER)
    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", PASSWORD)
    sid = record(recorder, 23)
    assert main(["--data", str(data_dir), "push", "--lrs", lrs.url, sid]) == 0
    pushed = recorder.pushed_ids(statements_url(lrs.url), sid)
    for stored in lrs.store.glob("*.jsonl"):  # Ralph's fs backend writes its file once (see RalphLRS): set it aside
        stored.rename(stored.with_name("push-" + stored.name))
    assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 0
    assert "ingetrokken (voided)" in capsys.readouterr().out
    stored = [json.loads(line) for path in lrs.store.glob("*.jsonl") for line in path.read_text().splitlines()]
    voids = [s for s in stored if s["verb"]["id"] == VERBS["voided"]]
    assert {v["object"]["id"] for v in voids} == pushed and len(voids) == len(pushed)
    assert all(v["object"]["objectType"] == "StatementRef" for v in voids)

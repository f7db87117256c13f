"""`push` and `delete` against small local HTTP servers that misbehave the way real ones can.

Each server runs on loopback in a thread and records every request it gets (method, path, headers, body),
so a test can say what reached which origin: credentials, statements, voiding statements.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.cli.main import main
from casustafel.game.cli.push import Client, PushError, clean, credentials, push_sessions, statements_url
from casustafel.game.records.exports import Names
from casustafel.game.records.recorder import Recorder
from casustafel.game.records.xapi import VERBS, registration, session_statements
from casustafel.game.report.debrief_data import play_recorded

USER, PASSWORD = "casustafel", "oefen-geheim"
Answer = tuple[int, dict[str, str], bytes]


class Server:
    """A loopback HTTP server; `answer(request)` decides each reply, every request is kept in `requests`."""

    def __init__(self, answer: Callable[[dict], Answer], host: str = "127.0.0.1", port: int = 0) -> None:
        self.requests: list[dict] = []
        self.answer = answer
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = {"method": self.command, "path": self.path, "headers": dict(self.headers),
                           "body": self.rfile.read(length) if length else b""}
                server.requests.append(request)
                status, headers, body = server.answer(request)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}/xAPI/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()

    def statements(self) -> list[dict]:
        """Every statement this server was sent (POST batches and PUTs)."""
        found = []
        for r in self.requests:
            if r["method"] in ("POST", "PUT") and r["body"]:
                body = json.loads(r["body"])
                found += body if isinstance(body, list) else [body]
        return found


def accept(request: dict) -> Answer:
    """A conformant LRS: 200 with the ids of the statements in the batch."""
    body = json.loads(request["body"] or b"[]")
    ids = [s["id"] for s in (body if isinstance(body, list) else [body])]
    return 200, {"Content-Type": "application/json"}, json.dumps(ids).encode()



@pytest.fixture
def data_dir(data_dir: Path, maxima_cache: Path) -> Path:
    """A data folder that already knows the flagship's maxima (see conftest)."""
    shutil.copy(maxima_cache, data_dir / maxima_cache.name)
    return data_dir


@pytest.fixture
def servers():
    started: list[Server] = []

    def start(answer: Callable[[dict], Answer], host: str = "127.0.0.1", port: int = 0) -> Server:
        started.append(Server(answer, host, port))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def recorded(data_dir: Path, monkeypatch) -> tuple[Recorder, str]:
    monkeypatch.setenv("CASUSTAFEL_LRS_USER", USER)
    monkeypatch.setenv("CASUSTAFEL_LRS_PASSWORD", PASSWORD)
    recorder = Recorder.open(data_dir)
    scenario = load_scenario(resolve("sandra-schulden-en-werk")).scenario
    sid, _ = play_recorded(recorder, scenario, {"klantmanager": "random", "sociaal_werker": "random"}, seed=3,
                           nicknames={"klantmanager": "Joris", "sociaal_werker": "Fatima"})
    yield recorder, sid
    recorder.close()


def push(data_dir: Path, url: str, *extra: str) -> int:
    return main(["--data", str(data_dir), "push", "--lrs", url, "--retries", "1", *extra])


# -- redirects: credentials only to the origin the user named ----------------------------------------------
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_redirect_to_another_origin_gets_no_credentials_and_nothing_is_marked(servers, recorded, data_dir, capsys,
                                                                                 code, host):
    recorder, sid = recorded
    elsewhere = servers(accept, host)
    lrs = servers(lambda r: (code, {"Location": f"{elsewhere.url}statements"}, b""))
    assert push(data_dir, lrs.url, sid) == 1
    err = capsys.readouterr().err
    assert "ander adres" in err and "Traceback" not in err
    assert len(lrs.requests) == 1 and lrs.requests[0]["headers"].get("Authorization")
    assert elsewhere.requests == [], "the other origin was never contacted, so it got no Authorization"
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()


def test_a_same_origin_307_is_followed_with_the_statements(servers, recorded, data_dir, capsys):
    recorder, sid = recorded

    def moved(request: dict) -> Answer:
        if request["path"].startswith("/xAPI/"):
            return 307, {"Location": "/lrs/v2/statements"}, b""
        return accept(request)

    lrs = servers(moved)
    assert push(data_dir, lrs.url, sid) == 0
    final = lrs.requests[-1]
    assert final["path"] == "/lrs/v2/statements" and final["method"] == "POST"
    sent = session_statements(recorder, sid, Names(recorder))
    assert [s["id"] for s in json.loads(final["body"])] == [s["id"] for s in sent]
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == {s["id"] for s in sent}


def test_a_same_origin_302_would_turn_the_post_into_a_get_so_it_is_refused(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(lambda r: (302, {"Location": "/login"}, b"") if r["method"] == "POST" else (200, {}, b"<html>"))
    assert push(data_dir, lrs.url, sid) == 1
    assert "stuurt door" in capsys.readouterr().err
    assert [r["method"] for r in lrs.requests] == ["POST"]
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()


def test_a_200_without_the_statement_ids_is_no_receipt(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(lambda r: (200, {"Content-Type": "text/html"}, b"<html>Welkom</html>"))
    assert push(data_dir, lrs.url, sid) == 1
    assert "bevestigde de statements niet" in capsys.readouterr().err
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()


# -- 409 and 204: the LRS already holds these ids ----------------------------------------------------------
def test_409_for_known_ids_falls_back_to_put_and_204_or_409_count_as_stored(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    sent = session_statements(recorder, sid, Names(recorder))
    known = {s["id"] for s in sent[::2]}

    def conflicted(request: dict) -> Answer:
        if request["method"] == "POST":
            return 409, {"Content-Type": "application/json"}, b'{"detail": "Statement already exists"}'
        statement_id = request["path"].split("statementId=")[1]
        return (409, {}, b"conflict") if statement_id in known else (204, {}, b"")

    lrs = servers(conflicted)
    assert push(data_dir, lrs.url, sid) == 0
    assert f"{len(sent)} statements verstuurd" in capsys.readouterr().out
    puts = [r for r in lrs.requests if r["method"] == "PUT"]
    assert len(puts) == len(sent) and all(r["headers"]["Authorization"] for r in puts)
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == {s["id"] for s in sent}


def test_a_204_to_the_batch_means_every_statement_is_already_there(servers, recorded, data_dir):
    recorder, sid = recorded
    lrs = servers(lambda r: (204, {}, b""))
    assert push(data_dir, lrs.url, sid) == 0
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == {s["id"] for s in lrs.statements()}


def test_a_refused_put_after_409_marks_nothing(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(lambda r: (409, {}, b"") if r["method"] == "POST" else (400, {}, b'{"detail": "kapot"}'))
    assert push(data_dir, lrs.url, sid) == 1
    assert "kapot" in capsys.readouterr().err
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()


# -- Retry-After --------------------------------------------------------------------------------------------
def test_retry_after_is_honoured(servers, recorded):
    recorder, sid = recorded
    answers = iter([(503, {"Retry-After": "7"}, b"bezet"), (429, {"Retry-After": "2"}, b"rustig")])
    lrs = servers(lambda r: next(answers, None) or accept(r))
    slept: list[float] = []
    client = Client(statements_url(lrs.url), credentials(), retries=3, sleep=slept.append)
    push_sessions(recorder, client, [sid], say=lambda _line: None)
    assert slept == [7.0, 2.0]
    assert len(recorder.pushed_ids(client.url, sid)) == len(lrs.statements()) // 3


def test_a_retry_after_beyond_the_bound_stops_with_advice(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(lambda r: (503, {"Retry-After": "86400"}, b""))
    assert push(data_dir, lrs.url, sid) == 1
    err = capsys.readouterr().err
    assert "86400 s te wachten" in err and "probeer het later opnieuw" in err
    assert len(lrs.requests) == 1, "no hammering and no day-long sleep"
    assert recorder.pushed_ids(statements_url(lrs.url), sid) == set()


# -- server text reaches the terminal clean --------------------------------------------------------------
def test_server_text_is_stripped_of_escapes_and_control_characters(servers, recorded, data_dir, capsys):
    _recorder, sid = recorded
    nasty = "\x1b]0;gekaapt\x07\x1b[2J\x1b[31mrood\x1b[0m \u202enepnaam\r\nregel2\x00\x08"
    lrs = servers(lambda r: (400, {"Content-Type": "application/json"}, json.dumps({"detail": nasty}).encode()))
    assert push(data_dir, lrs.url, sid) == 1
    err = capsys.readouterr().err.rstrip("\n")
    assert "rood" in err and "nepnaam regel2" in err
    assert not any(ord(ch) < 32 or ch in "\x7f\u202e" for ch in err), repr(err)
    assert "gekaapt" not in err


def test_clean_keeps_ordinary_text():
    assert clean("Statement 12 is ongeldig: ‘score’ ontbreekt") == "Statement 12 is ongeldig: ‘score’ ontbreekt"
    assert len(clean("x" * 1000)) == 301


# -- delete: voiding what an LRS holds ---------------------------------------------------------------------
def test_delete_voids_the_pushed_statements(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(accept)
    assert push(data_dir, lrs.url, sid) == 0
    pushed = recorder.pushed_ids(statements_url(lrs.url), sid)
    before = len(lrs.requests)
    assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "ingetrokken (voided)" in out and statements_url(lrs.url) in out
    voids = json.loads(lrs.requests[before]["body"])
    assert lrs.requests[before]["headers"]["Authorization"]
    assert {v["verb"]["id"] for v in voids} == {VERBS["voided"]}
    assert {v["object"]["id"] for v in voids} == pushed
    assert {v["object"]["objectType"] for v in voids} == {"StatementRef"}
    assert recorder.session(sid) is None


def test_delete_with_an_unreachable_lrs_says_it_still_holds_them(servers, recorded, data_dir, capsys):
    recorder, sid = recorded
    lrs = servers(accept)
    assert push(data_dir, lrs.url, sid) == 0
    count = len(recorder.pushed_ids(statements_url(lrs.url), sid))
    lrs.stop()
    assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 1
    captured = capsys.readouterr()
    assert f"de LRS op {statements_url(lrs.url)} heeft nog {count} statements" in captured.err
    assert registration(sid) in captured.err and "Traceback" not in captured.err
    assert "is ingetrokken" in captured.out, "the local records are gone all the same"
    assert recorder.session(sid) is None
    assert "probeert het opnieuw bij de volgende casustafel push" in captured.err

    owed = recorder.owed_voids(statements_url(lrs.url))
    assert set(owed) == {sid} and len(owed[sid]) == count
    back = servers(accept, port=lrs.port)  # the LRS is back at its address
    assert push(data_dir, back.url) == 0
    assert "alsnog ingetrokken (voided)" in capsys.readouterr().out
    voids = back.statements()
    assert {v["object"]["id"] for v in voids} == set(owed[sid]) and len(voids) == count
    assert recorder.owed_voids(statements_url(back.url)) == {}
    assert push(data_dir, back.url) == 1, "nothing left to send or void"


def test_delete_without_credentials_names_the_lrs(servers, recorded, data_dir, capsys, monkeypatch):
    recorder, sid = recorded
    lrs = servers(accept)
    assert push(data_dir, lrs.url, sid) == 0
    monkeypatch.delenv("CASUSTAFEL_LRS_PASSWORD")
    before = len(lrs.requests)
    assert main(["--data", str(data_dir), "delete", sid, "--yes"]) == 1
    err = capsys.readouterr().err
    assert statements_url(lrs.url) in err and "heeft nog" in err and "CASUSTAFEL_LRS_PASSWORD" in err
    assert len(lrs.requests) == before


def test_the_client_refuses_credentials_in_the_url():
    with pytest.raises(PushError, match="gebruikersnaam of wachtwoord"):
        statements_url("https://naam:geheim@lrs.example.org/xAPI/")


@pytest.mark.parametrize("first, second, same", [
    ("https://lrs.example.org/xAPI/statements", "https://LRS.example.org:443/other", True),
    ("https://lrs.example.org/xAPI/statements", "http://lrs.example.org/xAPI/statements", False),  # downgrade
    ("https://lrs.example.org/xAPI/statements", "https://lrs.example.org:8443/xAPI/statements", False),
    ("https://lrs.example.org/xAPI/statements", "https://lrs.example.org.evil.test/xAPI/statements", False),
    ("http://127.0.0.1:8000/xAPI/", "file:///etc/passwd", False),
])
def test_origin_is_scheme_host_and_port(first, second, same):
    from casustafel.game.cli.push import origin

    assert (origin(first) == origin(second)) is same

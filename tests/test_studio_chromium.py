"""The studio in headless Chromium, driven over the DevTools protocol (a minimal WebSocket client, stdlib only).

An author opens the studio, sees the map, saves an edit that breaks a `next` and sees the finding with its
code and line appear without a restart; fixing the file removes it, and the map is no longer greyed.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from casustafel.engine.library import resolve
from casustafel.engine.loader import load_scenario
from casustafel.game.studio.server import serve, stop, url

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is niet geïnstalleerd")
WAIT = 20.0


class DevTools:
    """Just enough of RFC 6455 and the DevTools protocol to evaluate JavaScript in one page."""

    def __init__(self, ws_url: str) -> None:
        match = re.match(r"ws://([^:/]+):(\d+)(/.*)", ws_url)
        assert match, ws_url
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.sock = socket.create_connection((host, port), timeout=WAIT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                          .encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += self.sock.recv(4096)
        assert reply.startswith(b"HTTP/1.1 101"), reply[:80]
        self.buffer = reply.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0

    def _recv_exact(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> str:
        parts = b""
        while True:
            first, second = self._recv_exact(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._recv_exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._recv_exact(8))[0]
            parts += self._recv_exact(length)
            if first & 0x80:
                return parts.decode()

    def call(self, method: str, **params: Any) -> dict:
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._message())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, check: Callable[[Any], bool], what: str) -> Any:
        deadline = time.monotonic() + WAIT
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if check(value):
                return value
            time.sleep(0.1)
        raise AssertionError(f"{what}: na {WAIT}s nog niet; laatste waarde {value!r}")


@pytest.fixture
def browser(tmp_path: Path):
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profiel'}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + WAIT
        endpoint = None
        assert proc.stderr is not None
        while time.monotonic() < deadline and endpoint is None:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                endpoint = found.group(1)
        assert endpoint, "Chromium gaf geen DevTools-adres"
        port = re.match(r"ws://[^:]+:(\d+)/", endpoint).group(1)
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=WAIT))
        page = next(t for t in targets if t["type"] == "page")
        yield DevTools(page["webSocketDebuggerUrl"])
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _findings(tools: DevTools) -> str:
    return tools.evaluate("document.getElementById('findinglist').innerText") or ""


def test_studio_redraws_findings_after_each_save(tmp_path: Path, browser: DevTools) -> None:
    scenario = tmp_path / "casus.yaml"
    good = resolve("sandra-schulden-en-werk").read_text(encoding="utf-8")
    scenario.write_text(good, encoding="utf-8")
    server, _ = serve(scenario)
    try:
        browser.call("Page.navigate", url=url(server))
        nodes = browser.wait_for("document.querySelectorAll('#svg svg g.node').length", lambda n: bool(n),
                                 "de kaart")
        assert nodes == len(load_scenario(scenario).scenario.nodes)
        assert "Geen bevindingen" in _findings(browser)
        loaded = load_scenario(scenario).scenario
        choice = next(n for n in loaded.nodes.values() if n.kind == "choice")
        browser.evaluate(f"[...document.querySelectorAll('#svg g.node')].find(g => g.dataset.node === "
                         f"'{choice.id}').dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
        assert browser.evaluate("document.getElementById('nodesource').textContent").startswith(f"  {choice.id}:")
        assert browser.evaluate("document.querySelectorAll('#nodetable tbody tr').length") == len(choice.options)
        first = browser.wait_for("document.querySelector('#transcript button.optie')?.dataset.option",
                                 lambda v: bool(v), "een keuze in het speelvenster")
        browser.evaluate("document.querySelector('#transcript button.optie').click()")
        played = f"[{first},"
        browser.wait_for("document.getElementById('transcript').innerText", lambda t: played in (t or ""),
                         "de gekozen optie in het verslag")

        match = re.search(r"^    next: (\w+)$", good, re.M)
        assert match
        line = good[:match.start()].count("\n") + 1
        scenario.write_text(good[:match.start()] + "    next: nergens_heen" + good[match.end():], encoding="utf-8")
        text = browser.wait_for("document.getElementById('findinglist').innerText",
                                lambda t: bool(t) and "CT020" in t, "de bevinding na de kapotte next")
        assert f"{scenario}:{line}:" in text
        assert "nergens_heen" in text
        assert browser.evaluate("document.getElementById('map').classList.contains('stale')") is True
        assert browser.evaluate("document.querySelectorAll('#svg svg g.node').length") == nodes
        assert browser.evaluate("document.getElementById('nodename').textContent").startswith(choice.id)
        assert played in browser.evaluate("document.getElementById('transcript').innerText")

        scenario.write_text(good, encoding="utf-8")
        browser.wait_for("document.getElementById('findinglist').innerText", lambda t: "CT020" not in (t or ""),
                         "de bevinding weg na het herstel")
        assert "Geen bevindingen" in _findings(browser)
        assert browser.evaluate("document.getElementById('map').classList.contains('stale')") is False
        assert browser.evaluate("document.getElementById('nodename').textContent").startswith(choice.id)
        assert played in browser.evaluate("document.getElementById('transcript').innerText")
    finally:
        stop(server)

"""The studio's local web server: the page, its JSON endpoints, server-sent events and a file watcher.

Only the standard library: `ThreadingHTTPServer` bound to 127.0.0.1, a polling watcher (mtime and size, then
SHA-256 of the contents) that checks the file again when it changes, and `text/event-stream` to tell the page.

Endpoints: `GET /` the page; `GET /api/state` findings, map, nodes and option tables; `GET /api/events` one
`change` event per new check; `POST /api/play` a playthrough (see `play.py`); `GET /rule/CODE` that code's
explanation from the rules table (the same text as its section of docs/lint-rules.md).
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from casustafel.engine.rules import RULES, rule_markdown

from .play import PlayError, play
from .state import Snapshot, as_json, check, complete, read, svg_map

HOST = "127.0.0.1"
POLL_SECONDS = 0.2
KEEPALIVE_SECONDS = 10.0
MAX_BODY = 1_000_000
def rule_sections() -> dict[str, str]:
    """Each code's explanation, from the rules table: the same text as its section of docs/lint-rules.md."""
    return {code: rule_markdown(rule) for code, rule in RULES.items()}


class Studio:
    """The watched file, its latest check and the last check that loaded, and the waiting event streams."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = 0
        self.changed = threading.Condition()
        self.closing = False
        self._stat: tuple[int, int] | None = None
        self.missing = False
        self.rules = rule_sections()
        self.current: Snapshot
        self.good: Snapshot | None = None
        self.svg, self.drawn_by = "", ""
        self.state: dict = {}
        self.refresh(force=True)

    def _stat_now(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _publish(self, **changes: object) -> None:
        with self.changed:
            self.version += 1
            self.state = {**self.state, **changes, "version": self.version}
            self.changed.notify_all()

    def _show(self, snapshot: Snapshot, checking: bool) -> None:
        if snapshot.scenario is not None:
            self.good = snapshot
            self.svg, self.drawn_by = svg_map(snapshot.scenario, snapshot)
        self.current = snapshot
        self._publish(**as_json(snapshot, self.good, self.svg, self.drawn_by, self.version + 1, set(self.rules)),
                      missing=False, checking=checking)

    def refresh(self, force: bool = False) -> bool:
        """Check the file again when its stat or contents changed; True when there is a new state.

        Two steps, each shown: the loader's findings at once (a broken `next` shows within the poll interval),
        then the lint rules and the state-space analysis, which take longer on large scenarios.
        """
        stat = self._stat_now()
        if not force and stat == self._stat:
            return False
        self._stat = stat
        if stat is None and not force:  # gone, or being replaced by an editor's save: keep the last check
            self._publish(missing=True)
            return True
        data, digest = read(self.path)
        if not force and digest == self.current.digest:
            if self.state.get("missing"):
                self._publish(missing=False)
                return True
            return False
        snapshot = check(self.path, data, digest)
        self._show(snapshot, checking=True)
        complete(snapshot)
        self._show(snapshot, checking=False)
        return True

    def watch(self) -> None:
        """Poll the file until `close()`; runs in its own thread."""
        while not self.closing:
            self.refresh()
            with self.changed:
                self.changed.wait(POLL_SECONDS)

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()


class Handler(BaseHTTPRequestHandler):
    server: StudioServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal stays quiet; the page shows what matters

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, value: object, status: int = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _from_this_computer(self) -> bool:
        """Only this computer's pages may talk to it: another Host (DNS rebinding) is refused."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host in ("127.0.0.1", "localhost"):
            return True
        self._json({"error": "Alleen voor deze computer (127.0.0.1)."}, HTTPStatus.FORBIDDEN)
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        studio = self.server.studio
        if not self._from_this_computer():
            return
        path = urlsplit(self.path).path
        if path == "/":
            page = resources.files(__package__).joinpath("page.html").read_bytes()
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
        elif path == "/api/state":
            with studio.changed:
                state = studio.state
            self._json(state)
        elif path == "/api/events":
            self._events()
        elif path.startswith("/rule/"):
            code = path.removeprefix("/rule/")
            section = studio.rules.get(code)
            if section is None:
                body = f"{code}: geen regel met deze code."
                self._send(HTTPStatus.NOT_FOUND, body.encode("utf-8"), "text/plain; charset=utf-8")
            else:
                self._send(HTTPStatus.OK, section.encode("utf-8"), "text/plain; charset=utf-8")
        else:
            self._json({"error": f"Onbekend adres {path}."}, HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        studio = self.server.studio
        if not self._from_this_computer():
            return
        if urlsplit(self.path).path != "/api/play":
            self._json({"error": "Onbekend adres."}, HTTPStatus.NOT_FOUND)
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json({"error": "Verzoek te groot."}, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(request, dict):
                raise PlayError("Het verzoek moet een JSON-object zijn.")
            good = studio.good
            if good is None or good.scenario is None:
                raise PlayError("Het bestand heeft nog nooit zonder fouten geladen; los eerst de fouten op.")
            answer = play(good.scenario, request)
        except json.JSONDecodeError:
            self._json({"error": "Het verzoek is geen geldige JSON."}, HTTPStatus.BAD_REQUEST)
            return
        except PlayError as exc:
            self._json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
            return
        answer["stale"] = studio.current is not good
        self._json(answer)

    def _events(self) -> None:
        studio = self.server.studio
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while True:
                with studio.changed:
                    if studio.version == seen and not studio.closing:
                        studio.changed.wait(KEEPALIVE_SECONDS)
                    version, closing = studio.version, studio.closing
                if closing:
                    return
                if version != seen:
                    self.wfile.write(f"event: change\ndata: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": wacht\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class StudioServer(ThreadingHTTPServer):
    daemon_threads = True
    studio: Studio


def serve(path: Path, port: int = 0) -> tuple[StudioServer, threading.Thread]:
    """Start the server and the watcher in background threads; the caller stops them with `stop`."""
    server = StudioServer((HOST, port), Handler)
    server.studio = Studio(path)
    threading.Thread(target=server.studio.watch, name="studio-watch", daemon=True).start()
    thread = threading.Thread(target=server.serve_forever, name="studio-http", daemon=True)
    thread.start()
    return server, thread


def stop(server: StudioServer) -> None:
    server.studio.close()
    server.shutdown()
    server.server_close()


def url(server: StudioServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"

"""`casustafel push --lrs URL [SESSION...]`: send sessions as xAPI statements to a Learning Record Store.

The only command that opens a network connection (with `delete`, which voids what was pushed). Credentials
come from the environment variables CASUSTAFEL_LRS_USER and CASUSTAFEL_LRS_PASSWORD (HTTP basic
authentication), never from the command line, and go only to the origin (scheme, host, port) of `--lrs`:
no redirect is followed except a 307/308 on that same origin; any other redirect ends the push with a
message. Statements go per session in one POST; only when the LRS confirmed them (a 200 listing their ids,
a 204, or 204/409 per statement after a 409) are they recorded as pushed (table `pushed`, per LRS), so a
stopped or unreachable LRS loses nothing: the next push sends them again. Statement ids are deterministic,
so pushing twice stores nothing twice. Connection failures, time-outs and 5xx/429 answers are retried with
exponential backoff, or after the server's Retry-After (up to a minute; a longer wait ends the push with
advice). Text from the server is cleaned of escape sequences and control characters before it is printed.
"""

from __future__ import annotations

import argparse
import base64
import email.utils
import json
import os
import re
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from casustafel.game.i18n import count
from casustafel.game.records.exports import ExportError, Names, Scenarios, select_sessions
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.records.xapi import XAPI_VERSION, XapiError, session_statements, void_statements

USER_VAR, PASSWORD_VAR = "CASUSTAFEL_LRS_USER", "CASUSTAFEL_LRS_PASSWORD"
RETRY_STATUS = {429, 500, 502, 503, 504}


class PushError(Exception):
    """The LRS cannot be reached or refuses; the message says what to do. Nothing was marked as sent."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("push", help="stuur sessies als xAPI-statements naar een Learning Record Store")
    p.add_argument("sessions", nargs="*", metavar="SESSIE", help="sessie-ids (of latest); zonder: alle sessies")
    p.add_argument("--lrs", required=True, metavar="URL",
                   help="adres van de LRS (xAPI-eindpunt), bijv. https://lrs.example.org/xAPI/")
    p.add_argument("--keep-names", action="store_true", help="bijnamen meesturen in plaats van pseudoniemen")
    p.add_argument("--retries", type=int, default=3, metavar="N", help="opnieuw proberen bij storing (standaard 3)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SEC", help="wachttijd per verzoek (standaard 20)")
    p.set_defaults(func=run)


def statements_url(lrs: str) -> str:
    """The statements resource of an LRS endpoint; a clear error for anything that is not an http(s) URL."""
    parsed = urllib.parse.urlsplit(lrs.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise PushError(f"{lrs!r} is geen adres van een LRS; geef een http(s)-adres, bijv. https://lrs.example.org/xAPI/")
    if parsed.username or parsed.password:
        raise PushError(f"Zet geen gebruikersnaam of wachtwoord in het adres; gebruik {USER_VAR} en {PASSWORD_VAR}.")
    path = parsed.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))


def credentials(environ: dict | None = None) -> str:
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VAR), env.get(PASSWORD_VAR)
    if not user or password is None:
        raise PushError(f"Geen inloggegevens voor de LRS. Zet ze in de omgevingsvariabelen {USER_VAR} en "
                        f"{PASSWORD_VAR} (bijv. export {USER_VAR}=naam) en probeer het opnieuw.")
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


MAX_RETRY_AFTER = 60.0  # seconds: a longer wait asked by the LRS ends the push with advice to come back later
MAX_REDIRECTS = 3
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")


def clean(text: object, limit: int = 300) -> str:
    """Server text fit for a terminal: escape sequences and control/format characters gone, one line, short."""
    text = _ESCAPES.sub("", str(text))
    text = "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in: what credentials are bound to."""
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Follow nothing: every 3xx comes back as an HTTPError, and `Client` decides (same origin only)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's signature
        return None


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class Client:
    """Sends statements to one LRS: credentials only to its origin, retrying what may pass with time.

    `post` returns only when the LRS confirmed every statement: a 200 listing their ids, a 204 (the LRS
    holds all of them already; Ralph answers so), or after a 409 for the batch a 204 or 409 per statement
    sent one by one with PUT: xAPI 1.0.3 lets an LRS answer either for an id it already holds, which
    means that statement is stored. Anything else (a redirect's landing page, an empty 200) is no receipt.
    """

    url: str
    auth: str
    retries: int = 3
    timeout: float = 20.0
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(_NoRedirects)

    def post(self, statements: list[dict]) -> None:
        """Store `statements`; PushError unless the LRS confirmed each one."""
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        status, answer = self._send("POST", self.url, body)
        if status == 204:
            return
        if status == 409:
            for statement in statements:
                self.put(statement)
            return
        try:
            confirmed = json.loads(answer.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            confirmed = None
        sent = [s["id"] for s in statements]
        if status != 200 or not isinstance(confirmed, list) or not set(sent) <= {str(c) for c in confirmed}:
            raise PushError(f"De LRS op {self.url} bevestigde de statements niet (HTTP {status}: "
                            f"{clean(answer.decode('utf-8', 'replace'), 120)}). Er is niets als verstuurd gemarkeerd.")

    def put(self, statement: dict) -> None:
        """Store one statement by its id; 204 (stored) and 409 (the LRS already holds this id) both confirm it."""
        url = f"{self.url}?{urllib.parse.urlencode({'statementId': statement['id']})}"
        status, answer = self._send("PUT", url, json.dumps(statement, ensure_ascii=False).encode("utf-8"))
        if status not in (204, 409):
            raise PushError(f"De LRS op {self.url} bevestigde statement {statement['id']} niet (HTTP {status}: "
                            f"{clean(answer.decode('utf-8', 'replace'), 120)}). Er is niets als verstuurd gemarkeerd.")

    def _send(self, method: str, url: str, body: bytes) -> tuple[int, bytes]:
        """(status, body) of a 2xx or 409 answer; retries 5xx/429 and connection failures; PushError otherwise."""
        headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION,
                   "Authorization": self.auth}
        last, wait, hops, attempt = "", 0.0, 0, 0
        while attempt <= self.retries:
            if attempt:
                self.sleep(wait or self.backoff * 2 ** (attempt - 1))
            wait = 0.0
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                detail = _detail(exc)
                if exc.code in (301, 302, 303, 307, 308):
                    target = urllib.parse.urljoin(url, exc.headers.get("Location", ""))
                    if origin(target) != origin(self.url):
                        raise PushError(f"De LRS stuurt door naar een ander adres ({clean(target, 120)}); daar gaan "
                                        "geen inloggegevens heen. Geef dat adres zelf op met --lrs als je het "
                                        "vertrouwt. Er is niets verstuurd.") from None
                    if exc.code not in (307, 308) or hops >= MAX_REDIRECTS:
                        raise PushError(f"De LRS stuurt door (HTTP {exc.code} naar {clean(target, 120)}) in plaats "
                                        "van de statements aan te nemen; geef het juiste xAPI-adres met --lrs."
                                        ) from None
                    url, hops = target, hops + 1
                    continue
                if exc.code == 409:
                    return 409, detail.encode("utf-8")
                if exc.code in (401, 403):
                    raise PushError(f"De LRS weigert de inloggegevens (HTTP {exc.code}). Controleer {USER_VAR} en "
                                    f"{PASSWORD_VAR}, en of dit account statements mag schrijven.") from None
                if exc.code not in RETRY_STATUS:
                    raise PushError(f"De LRS weigert de statements (HTTP {exc.code}: {detail}).") from None
                last = f"HTTP {exc.code}: {detail}"
                asked = retry_after(exc.headers.get("Retry-After"))
                if asked is not None and asked > MAX_RETRY_AFTER:
                    raise PushError(f"De LRS is bezet en vraagt {asked:.0f} s te wachten (HTTP {exc.code}). Er is "
                                    "niets als verstuurd gemarkeerd; probeer het later opnieuw met hetzelfde "
                                    "commando.") from None
                wait = asked or 0.0
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = clean(getattr(exc, "reason", exc))
            attempt += 1
        raise PushError(f"De LRS op {self.url} is niet bereikbaar ({last}), ook niet na {self.retries + 1} pogingen. "
                        "Er is niets als verstuurd gemarkeerd; probeer het later opnieuw met hetzelfde commando.")


def _detail(exc: urllib.error.HTTPError) -> str:
    """The server's explanation of an HTTP error, cleaned of control characters."""
    try:
        body = exc.read().decode("utf-8", "replace")
    except (AttributeError, OSError):
        body = ""
    try:
        parsed = json.loads(body)
        text = parsed.get("detail", body) if isinstance(parsed, dict) else body
    except ValueError:
        text = body
    return clean(text or (exc.reason if isinstance(exc.reason, str) else ""))


@dataclass
class PushResult:
    session_id: str
    sent: int
    already: int


def push_sessions(recorder: Recorder, client: Client, session_ids: list[str], keep_names: bool = False,
                  say: Callable[[str], None] = print) -> list[PushResult]:
    """Push each session's statements that this LRS has not accepted yet; record them once it has."""
    names = Names(recorder, keep_names)
    scenarios = Scenarios()
    results = []
    for sid, ids in recorder.owed_voids(client.url).items():  # withdrawn while this LRS could not be reached
        client.post(void_statements(names.salt, sid, ids))
        recorder.settle_voids(client.url, sid)
        say(f"Ingetrokken sessie {sid}: {count('statement', len(ids))} alsnog ingetrokken (voided) in deze LRS.")
    for sid in session_ids:
        statements = session_statements(recorder, sid, names, scenarios)
        done = recorder.pushed_ids(client.url, sid)
        todo = [s for s in statements if s["id"] not in done]
        if todo:
            client.post(todo)
            recorder.mark_pushed(sid, client.url, [s["id"] for s in todo])
        results.append(PushResult(sid, len(todo), len(statements) - len(todo)))
        say(f"Sessie {sid}: {count('statement', len(todo))} verstuurd" +
            (f", {len(statements) - len(todo)} waren er al." if len(statements) > len(todo) else "."))
    return results


def run(args: argparse.Namespace) -> int:
    try:
        client = Client(statements_url(args.lrs), credentials(), retries=max(0, args.retries), timeout=args.timeout)
        recorder = open_records(args.data)
    except (PushError, RecorderError) as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        rows = select_sessions(recorder, args.sessions)
        skipped = [r for r in rows if not r.consent]
        rows = [r for r in rows if r.consent]
        if skipped:
            print(f"Let op: {count('session', len(skipped))} zonder toestemming niet verstuurd.", file=sys.stderr)
        if not rows and not recorder.owed_voids(client.url):
            print("Er zijn geen sessies om te versturen. Bekijk ze met: casustafel sessions", file=sys.stderr)
            return 1
        results = push_sessions(recorder, client, [r.id for r in rows], keep_names=args.keep_names)
    except (PushError, XapiError, ExportError, RecorderError) as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        recorder.close()
    sent = sum(r.sent for r in results)
    print(f"Klaar: {count('statement', sent)} van {count('session', len(results))} door de LRS aangenomen.")
    return 0

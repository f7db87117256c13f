"""`casustafel push --lrs URL [SESSION...]`: send sessions as xAPI statements to a Learning Record Store.

The only command that opens a network connection. Credentials come from the environment variables
CASUSTAFEL_LRS_USER and CASUSTAFEL_LRS_PASSWORD (HTTP basic authentication), never from the command line.
Statements go per session in one POST; only after the LRS has accepted them are they recorded as pushed
(table `pushed`), so a stopped or unreachable LRS loses nothing: the next push sends them again. Statement
ids are deterministic, so pushing twice stores nothing twice, even when the local records of earlier
pushes are gone. Connection failures, time-outs and 5xx/429 answers are retried with exponential backoff.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from casustafel.game.i18n import count
from casustafel.game.records.exports import ExportError, Names, Scenarios, select_sessions
from casustafel.game.records.privacy import open_records
from casustafel.game.records.recorder import Recorder, RecorderError
from casustafel.game.records.xapi import XAPI_VERSION, XapiError, session_statements

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


@dataclass
class Client:
    """POSTs statements to one LRS, retrying what may pass with time."""

    url: str
    auth: str
    retries: int = 3
    timeout: float = 20.0
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def post(self, statements: list[dict]) -> None:
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION,
                   "Authorization": self.auth}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read()
                return
            except urllib.error.HTTPError as exc:
                detail = _detail(exc)
                if exc.code in (401, 403):
                    raise PushError(f"De LRS weigert de inloggegevens (HTTP {exc.code}). Controleer {USER_VAR} en "
                                    f"{PASSWORD_VAR}, en of dit account statements mag schrijven.") from None
                if exc.code == 409:
                    raise PushError(f"De LRS heeft al andere statements met dezelfde id's (HTTP 409: {detail}). "
                                    "Is deze sessie elders al verstuurd met een andere versie?") from None
                if exc.code not in RETRY_STATUS:
                    raise PushError(f"De LRS weigert de statements (HTTP {exc.code}: {detail}).") from None
                last = f"HTTP {exc.code}: {detail}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                last = str(reason)
        raise PushError(f"De LRS op {self.url} is niet bereikbaar ({last}), ook niet na {self.retries + 1} pogingen. "
                        "Er is niets als verstuurd gemarkeerd; probeer het later opnieuw met hetzelfde commando.")


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read().decode("utf-8", "replace")
        return str(json.loads(body).get("detail", body))[:300]
    except (ValueError, AttributeError, OSError):
        return exc.reason if isinstance(exc.reason, str) else ""


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
        if not rows:
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

"""`casustafel studio FILE.yaml`: a live page for authors: findings, map, play pane and option tables."""

from __future__ import annotations

import argparse
import sys
import threading
import webbrowser
from pathlib import Path

from casustafel.game.studio.server import serve, stop, url


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("studio", help="open een live werkpagina voor een scenariobestand",
                              description="Open een pagina in de browser (alleen op deze computer, 127.0.0.1) met "
                                          "de bevindingen, de kaart, een speelvenster en per keuze de tabel van de "
                                          "opties. Bij elke keer opslaan wordt alles binnen een seconde opnieuw "
                                          "gecontroleerd.")
    p.add_argument("file", help="het .yaml-bestand van het scenario")
    p.add_argument("--port", type=int, default=0, help="poort op 127.0.0.1 (standaard: een vrije poort)")
    p.add_argument("--no-browser", action="store_true", help="open geen browser; toon alleen het adres")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix not in (".yaml", ".yml"):
        print(f"studio: {path} moet een .yaml-bestand zijn.", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"studio: {path} bestaat niet. Maak er een met: casustafel new {path}", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(f"studio: poort {args.port} bestaat niet; kies 1-65535, of laat --port weg.", file=sys.stderr)
        return 2
    try:
        server, _thread = serve(path.resolve(), args.port)
    except OSError as exc:
        print(f"studio: kan niet luisteren op 127.0.0.1:{args.port}: {exc.strerror or exc}. Kies een andere "
              "--port.", file=sys.stderr)
        return 1
    address = url(server)
    print(f"Studio voor {path}: {address}\nStop met Ctrl+C.", flush=True)
    if not args.no_browser:
        webbrowser.open(address)
    try:
        threading.Event().wait()
    finally:
        stop(server)
    return 0

"""`casustafel kijkwijzer [--catalogue ID] -o FILE.html`: the observation guide of a catalogue, printable."""

from __future__ import annotations

import argparse
import sys

from casustafel.engine.catalogue import CATALOGUE_ROOT, load_catalogue, resolve_catalogue
from casustafel.engine.diagnostics import did_you_mean
from casustafel.engine.kijkwijzer import KijkwijzerError, load_kijkwijzer


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("kijkwijzer", help="schrijf de kijkwijzer (waar let je op bij het terugkijken) als HTML",
                              description="Schrijf de kijkwijzer van een catalogus als printbare HTML: per "
                              "heuristiek wat je ziet en hoort, en een vraag voor het terugkijken.")
    p.add_argument("--catalogue", default="default", metavar="ID",
                   help="catalogus: default (casuïstiekbespreking), igm (spreekkamer) of een map")
    p.add_argument("-o", "--output", metavar="BESTAND.html", help="waar de kijkwijzer komt "
                   "(standaard: kijkwijzer-ID.html in de huidige map)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal (standaard nl)")
    p.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    p.set_defaults(func=run)


def fail(message: str) -> int:
    print(f"casustafel kijkwijzer: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    folder = resolve_catalogue(args.catalogue, None)
    catalogue, diagnostics = load_catalogue(folder)
    if catalogue is None:
        if diagnostics:
            return fail(diagnostics[0].format())
        known = sorted(p.name for p in CATALOGUE_ROOT.iterdir() if (p / "heuristics.yaml").is_file())
        return fail(f'onbekende catalogus "{args.catalogue}".{did_you_mean(args.catalogue, known)}'
                    f" Beschikbaar: {', '.join(known)}.")
    try:
        guide = load_kijkwijzer(catalogue)
    except KijkwijzerError as exc:
        return fail(str(exc))
    if guide is None:
        return fail(f"de catalogus {catalogue.id} heeft geen kijkwijzer.yaml; maak er een naast heuristics.yaml.")
    from casustafel.game.records.files import FileWriteError, write_file
    from casustafel.game.report.kijkwijzer_html import render_kijkwijzer

    try:
        output = write_file(args.output or f"kijkwijzer-{catalogue.id}.html",
                            render_kijkwijzer(guide, catalogue, args.lang), force=args.force, private=False)
    except FileWriteError as exc:
        return fail(str(exc))
    print(f"Kijkwijzer geschreven: {output}")
    return 0

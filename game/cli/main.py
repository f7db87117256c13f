"""The `casustafel` command: the window when there is a display, the terminal otherwise, and subcommands.

Each subcommand lives in a module of `game/cli/` with `register(subparsers)`; this file finds them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from casustafel.game import cli


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casustafel",
        description="Casustafel: oefen de casuïstiekbespreking tussen sociaal werker en klantmanager.",
    )
    parser.add_argument("--data", help="map voor opnamen en instellingen (anders CASUSTAFEL_DATA of de standaardmap)")
    subparsers = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        if info.name != "main":
            importlib.import_module(f"{cli.__name__}.{info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "play"])
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\nGestopt.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        sqlite3 = sys.modules.get("sqlite3")  # loaded only by commands that open the records
        if sqlite3 is None or not isinstance(exc, sqlite3.Error):
            raise
        from casustafel.game.records.recorder import DB_NAME, data_dir, explain

        print(f"casustafel: {explain(exc, data_dir(args.data) / DB_NAME)}", file=sys.stderr)  # damage found mid-way
        return 2


if __name__ == "__main__":
    sys.exit(main())

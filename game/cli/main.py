"""The `casustafel` command: the window when there is a display, the terminal otherwise, and subcommands.

Each subcommand lives in a module of `game/cli/` with `register(subparsers)`; this file finds them. Only the
command that runs is imported: the others are listed with the one-line help their `register` gives, read
from their source without importing it, so `casustafel --help` stays quick. argparse speaks Dutch here
(`i18n.argparse_language`).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import sys
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from casustafel.game.i18n import argparse_language

CLI_PACKAGE = "casustafel.game.cli"


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


@cache
def commands() -> dict[str, tuple[str, str]]:
    """{command name: (module, one-line help)}, read from each module's `subparsers.add_parser(...)` call."""
    found: dict[str, tuple[str, str]] = {}
    for entry in sorted(files(CLI_PACKAGE).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".py") or entry.name in ("__init__.py", "main.py"):
            continue
        for node in ast.walk(ast.parse(entry.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_parser" and node.args:
                name = node.args[0]
                helps = [k.value for k in node.keywords if k.arg == "help"]
                if isinstance(name, ast.Constant) and helps and isinstance(helps[0], ast.Constant):
                    found[name.value] = (entry.name[:-3], helps[0].value)
                    break
    return dict(sorted(found.items()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command` (when given) gets its full arguments, the others are listed."""
    parser = argparse.ArgumentParser(
        prog="casustafel",
        description="Casustafel: oefen de casuïstiekbespreking tussen sociaal werker en klantmanager.",
    )
    parser.add_argument("--data", metavar="MAP",
                        help="map voor opnamen en instellingen (anders CASUSTAFEL_DATA of de standaardmap)")
    subparsers = parser.add_subparsers(dest="command", metavar="OPDRACHT", title="opdrachten")
    for name, (module, help_text) in commands().items():
        if name == command:
            importlib.import_module(f"{CLI_PACKAGE}.{module}").register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (the first word that is one), or None."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--data":
            skip = True
        elif not word.startswith("-"):
            return word if word in commands() else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with argparse_language("nl"):
        command = command_in(argv)
        if command is None and not {"-h", "--help"} & set(argv):
            command = "play"  # `casustafel` alone starts the game
            argv = [*argv, "play"]
        args = build_parser(command).parse_args(argv)
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

"""The command speaks Dutch, argparse's own strings too, and `casustafel --help` imports no command module."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from casustafel.game.cli.main import main
from conftest import REPO

ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "the following arguments",
           "invalid choice", "expected one argument", "unrecognized arguments")


def check_dutch(text: str) -> None:
    for english in ENGLISH:
        assert english not in text, f"{english!r} in: {text}"


@pytest.mark.parametrize("argv", [["--help"], ["play", "--help"], ["sessions", "--help"], ["lessons", "--help"],
                                  ["lint", "--help"]])
def test_help_is_wholly_dutch(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: casustafel")
    assert "toon deze hulp en stop" in out
    check_dutch(out)


@pytest.mark.parametrize(("argv", "dutch"), [
    (["bogus"], "ongeldige keuze: 'bogus'"),
    (["report"], "deze argumenten zijn verplicht: SESSIE"),
    (["play", "--scenario"], "verwacht één waarde"),
    (["play", "--record", "misschien"], "ongeldige keuze: 'misschien'"),
    (["lessons", "--zomaar"], "onbekende argumenten: --zomaar"),
])
def test_usage_errors_are_dutch(capsys, argv: list[str], dutch: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert dutch in err and "fout:" in err and err.startswith("gebruik:")
    check_dutch(err)


def test_help_imports_no_command_module() -> None:
    probe = ("import sys\nfrom casustafel.game.cli.main import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "loaded = sorted(m for m in sys.modules if m.startswith('casustafel.game.cli.') and m != "
             "'casustafel.game.cli.main')\nprint('LOADED', loaded, 'pygame' in sys.modules, "
             "'casustafel.engine.session' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, env=env,
                            timeout=60)
    assert "LOADED [] False False" in result.stderr, result.stderr

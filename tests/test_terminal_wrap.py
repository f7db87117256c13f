"""The terminal wraps to its width between words: a whole scenario played at 110 and 60 columns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from casustafel.game.terminal.wrap import fit
from conftest import REPO

FLAGSHIP = "sandra-schulden-en-werk"
ANSWERS = ["Mark", "nee", ""] + ["1"] * 80


def play(columns: int, data: Path) -> str:
    env = {**os.environ, "CASUSTAFEL_DATA": str(data), "SDL_VIDEODRIVER": "dummy", "COLUMNS": str(columns)}
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--scenario", FLAGSHIP, "--solo",
                             "klantmanager", "--partner", "scripted", "--seed", "3"],
                            input="\n".join(ANSWERS) + "\n", capture_output=True, text=True, timeout=60, cwd=REPO,
                            env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [110, 60])
def test_play_output_fits_the_terminal_and_keeps_every_word_whole(columns: int, tmp_path: Path) -> None:
    wide = play(1000, tmp_path / "wide")
    narrow = play(columns, tmp_path / "narrow")
    assert narrow.split() == wide.split()  # the same words in the same order: nothing split, nothing lost
    long_words = {w for w in wide.split() if len(w) > columns}
    for line in narrow.splitlines():
        if len(line) > columns:  # piped, input()'s prompt ("Jouw keuze …: ") runs into the next printed line
            line = line.partition(": ")[2]
        assert len(line) <= columns or any(w in line for w in long_words), line
    assert any(len(line) > columns for line in wide.splitlines())  # there was something to wrap


def test_fit_breaks_between_words_and_keeps_list_indents() -> None:
    text = "  3. Een heel lang antwoord over samenwonen-met-voorwaarden en de kostendelersnorm in de bijstand"
    lines = fit(text, 40).split("\n")
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("  3. ") and all(line.startswith("     ") for line in lines[1:])
    assert "samenwonen-met-voorwaarden" in fit(text, 40)  # not split at its hyphens
    assert " ".join(fit(text, 40).split()) == " ".join(text.split())


def test_a_command_to_copy_is_never_broken_and_pipes_are_not_wrapped(monkeypatch) -> None:
    text = "Gestopt. Wat je speelde is bewaard; ga verder met: casustafel --data /tmp/x play --text --resume abc123"
    lines = fit(text, 40).split("\n")
    assert lines[-1].strip() == "casustafel --data /tmp/x play --text --resume abc123"
    assert all(len(line) <= 40 for line in lines[:-1])
    monkeypatch.delenv("COLUMNS", raising=False)
    assert fit(text) == text  # piped (tests, files, screen readers): lines are left whole

"""`casustafel play --persona`: the client persona is said before play, or (verras) only after the ending;
the same choices are valued under the persona played; an unknown persona is one Dutch line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

WERKFIT = "spreekkamer-werkfit"


def casustafel(args: list[str], answers: list[str], data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CASUSTAFEL_DATA": str(data), "SDL_VIDEODRIVER": "dummy"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "game", *args], input="\n".join(answers) + "\n",
                          capture_output=True, text=True, timeout=60, cwd=REPO, env=env)


def play(persona: str, data: Path) -> str:
    result = casustafel(["play", "--text", "--scenario", WERKFIT, "--solo", "klantmanager", "--record", "nee",
                         "--seed", "2", "--persona", persona], ["Thijs", "", "2", "1", "1", "3", "1", "4"] + ["1"] * 30,
                       data)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_persona_is_said_before_play_and_values_differ(data_dir: Path) -> None:
    hand, regie = play("hand", data_dir), play("regie", data_dir)
    assert hand.index("Mirjam de Graaf is deze keer: Wil bij de hand genomen worden.") < hand.index("Einde:")
    assert "Mirjam de Graaf is deze keer: Houdt zelf de regie." in regie
    # option 4 at the confidence question is "I'll call the first employer for you": attuned to `hand` only
    assert "(haar schouders zakken)" in hand and "(scherp) Ik ben geen kind." in regie
    scores = [re.findall(r"beurt \d+, [^:]+: (?:Eigen effectiviteit|Aansluiten)", out) for out in (hand, regie)]
    assert len(scores[0]) > len(scores[1])


def test_verras_names_the_persona_only_after_the_ending(data_dir: Path) -> None:
    out = play("verras", data_dir)
    end = out.index("Einde:")
    assert "is deze keer" not in out[:end]
    named = r"Mirjam de Graaf was deze keer: (Houdt zelf de regie|Wil bij de hand genomen worden|Formeel)"
    assert re.search(named, out[end:])


def test_unknown_persona_is_one_line(data_dir: Path) -> None:
    result = casustafel(["play", "--text", "--scenario", WERKFIT, "--solo", "klantmanager", "--persona", "hnad"],
                        [], data_dir)
    assert result.returncode == 2 and not result.stdout
    assert result.stderr.strip().count("\n") == 0
    assert 'Persona "hnad" bestaat niet in spreekkamer-werkfit' in result.stderr
    assert 'Bedoelde je "hand"?' in result.stderr


def test_simulate_plays_the_client_as_the_persona_asked(data_dir: Path) -> None:
    shares = {}
    for persona in ("regie", "hand"):
        result = casustafel(["simulate", WERKFIT, "-n", "5", "--quiet", "--json", "--persona", persona], [], data_dir)
        assert result.returncode == 0, result.stderr
        pairs = json.loads(result.stdout)["pairs"]
        shares[persona] = {tuple(p["policies"].values())[0]: p for p in pairs}
    assert shares["regie"] != shares["hand"]  # the same players, another client, other values
    result = casustafel(["simulate", WERKFIT, "--persona", "boos"], [], data_dir)
    assert result.returncode == 2 and 'persona "boos" bestaat niet' in result.stderr

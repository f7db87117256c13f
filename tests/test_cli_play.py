"""The terminal front end, driven as a user would: answers piped into `casustafel play --text`."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import REPO

FLAGSHIP = "sandra-schulden-en-werk"


def casustafel(args: list[str], answers: list[str], data: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "CASUSTAFEL_DATA": str(data), "SDL_VIDEODRIVER": "dummy"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "game", *args], input="\n".join(answers) + "\n",
                          capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)


def test_solo_coach_reaches_an_ending_and_prints_scores_with_reasons(data_dir: Path) -> None:
    answers = ["Mark", "nee", ""] + ["1"] * 80  # unrecorded: the scores follow the ending at once
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "klantmanager", "--partner", "coach",
                         "--seed", "3"], answers, data_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Jouw briefing als Mark, klantmanager" in out
    assert "Einde:" in out
    assert "Scores, met de redenen:" in out
    assert "beurt 1, Mark:" in out  # every point names its turn and speaker
    # solo: the learner's score is their own; the colleague's part stands apart and no joint score is shown
    assert "De computercollega (Ayla, sociaal werker), apart en niet bij jouw score opgeteld:" in out
    assert "Sessiescore:" not in out
    # no verdicts during play: the coach points at heuristics, the feedback waits for the debrief
    assert "Coach: let bij deze beurt op" in out
    assert "Traceback" not in result.stderr


def test_unusable_answers_get_a_hint_not_a_crash(data_dir: Path) -> None:
    answers = ["Mark", "misschien", "ja", "", "x", "99", "-1", ""] + ["1"] * 80
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "klantmanager", "--partner", "scripted"],
                        answers, data_dir)
    assert result.returncode == 0, result.stderr
    assert "Typ ja of nee." in result.stdout
    assert result.stdout.count("Typ een nummer van 1 tot en met") >= 4
    assert "Einde:" in result.stdout


def test_q_quits_and_keeps_the_session_then_resume_finishes_it(data_dir: Path) -> None:
    answers = ["Mark", "ja", "", "1", "1", "q"]
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "klantmanager"], answers, data_dir)
    assert result.returncode == 0, result.stderr
    assert "ga verder met: casustafel play --text --resume " in result.stdout
    db = sqlite3.connect(data_dir / "casustafel.sqlite3")
    assert db.execute("SELECT status FROM sessions").fetchone()[0] == "playing"
    kept = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'choice' AND role = 'klantmanager'").fetchone()[0]
    assert kept == 2
    resumed = casustafel(["play", "--text", "--resume", "latest"], ["1"] * 80, data_dir)
    assert resumed.returncode == 0, resumed.stderr
    assert "Einde:" in resumed.stdout
    assert db.execute("SELECT status FROM sessions").fetchone()[0] == "ended"


def test_end_of_input_mid_game_is_a_clean_stop(data_dir: Path) -> None:
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "klantmanager"], ["Mark", "nee", ""],
                        data_dir)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "zonder opname" in result.stdout
    assert not (data_dir / "casustafel.sqlite3").exists()  # unrecorded play writes nothing


def test_bad_setup_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    result = casustafel(["play", "--text", "--scenario", "sandra-schulden", "--solo", "klantmanager"], [], data_dir)
    assert result.returncode == 2 and "niet gevonden" in result.stderr
    assert f'Bedoelde je "{FLAGSHIP}"?' in result.stderr and not result.stdout
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "voorzitter"], [], data_dir)
    assert result.returncode == 2 and 'rol "voorzitter" bestaat niet' in result.stderr and not result.stdout
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--solo", "klantmanger"], [], data_dir)
    assert 'Bedoelde je "klantmanager"?' in result.stderr
    result = casustafel(["play", "--text", "--scenario", FLAGSHIP, "--from", "opening_km"], [], data_dir)
    assert result.returncode == 2 and "Bedoelde je" in result.stderr and not result.stdout  # before any briefing
    broken = tmp_path / "kapot.yaml"
    broken.write_text("casustafel: 1\nid: kapot\nnodes: {a: {turn: x}}\n", encoding="utf-8")
    result = casustafel(["play", "--text", "--scenario", str(broken), "--pair"], [], data_dir)
    assert result.returncode == 2 and f"{broken}:" in result.stderr and "Traceback" not in result.stderr


def test_play_test_from_a_node_with_variables(data_dir: Path, mini_path: Path) -> None:
    result = casustafel(["play", "--text", "--scenario", str(mini_path), "--pair", "--names", "A,B",
                         "--record", "nee", "--from", "sw", "--set", "maatregel=false", "--set", "vertrouwen=2"],
                        ["", "", "", "", "", "2", "", "x", "", "y"], data_dir)
    assert result.returncode == 0, result.stderr
    assert "Wat betekent solliciteren" in result.stdout  # offered only because maatregel=false
    assert "Einde: Plan" in result.stdout
    bad = casustafel(["play", "--text", "--scenario", str(mini_path), "--pair", "--names", "A,B", "--record", "nee",
                      "--set", "vertrouwen=veel"], [], data_dir)
    assert bad.returncode == 2 and "geheel getal" in bad.stderr


def test_recorder_survives_sigkill_after_n_choices(data_dir: Path) -> None:
    """Every choice whose next prompt was shown is in the database, even after SIGKILL."""
    env = {**os.environ, "CASUSTAFEL_DATA": str(data_dir)}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen([sys.executable, "-m", "game", "play", "--text", "--scenario", FLAGSHIP, "--pair",
                             "--names", "Mark,Ayla", "--record", "ja"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=REPO, env=env, bufsize=0)
    output: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        while ch := proc.stdout.read(1):
            output.append(ch)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    prompts = ("Jouw keuze", "jouw antwoord", "druk op Enter", "Druk op Enter")

    def wait_for_prompt(count: int) -> str:
        """Wait until `count` prompts have been shown; return which kind the last one is."""
        deadline = time.time() + 30
        while True:
            text = "".join(output)
            if sum(text.count(p) for p in prompts) >= count:
                return max(prompts, key=text.rfind)
            assert time.time() < deadline, text[-2000:]
            time.sleep(0.02)

    assert proc.stdin is not None
    wanted, chosen, answered = 5, 0, 0
    while chosen < wanted:
        kind = wait_for_prompt(answered + 1)
        proc.stdin.write("\n" if kind.endswith("Enter") else "1\n")  # hand-overs and briefings: Enter
        proc.stdin.flush()
        answered += 1
        chosen += kind == "Jouw keuze"
    wait_for_prompt(answered + 1)  # the next prompt is shown: the last choice was committed before it
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    db = sqlite3.connect(data_dir / "casustafel.sqlite3")
    choices = db.execute("SELECT turn FROM events WHERE kind = 'choice' ORDER BY id").fetchall()
    assert [t for (t,) in choices] == list(range(1, wanted + 1))


def test_no_usable_window_falls_back_to_the_terminal(data_dir: Path) -> None:
    """A DISPLAY that does not work (no X server there) must not stop anyone: the terminal takes over."""
    env = {**os.environ, "CASUSTAFEL_DATA": str(data_dir), "DISPLAY": ":99", "SDL_VIDEODRIVER": "x11"}
    result = subprocess.run([sys.executable, "-m", "game", "play", "--scenario", FLAGSHIP, "--solo", "klantmanager",
                             "--names", "Mark", "--record", "nee"], input="\n" + "1\n" * 60, capture_output=True,
                            text=True, timeout=60, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    assert "we spelen in de terminal" in result.stderr
    assert "Einde:" in result.stdout and "Traceback" not in result.stderr

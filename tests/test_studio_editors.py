"""docs/editors.md: the VS Code problem matcher reads what `lint` and `import-twee` really print."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from casustafel.engine.library import resolve

DOC = Path(__file__).resolve().parents[1] / "docs" / "editors.md"


def matchers() -> list[dict]:
    """Every `pattern` of the JSON blocks in docs/editors.md (the second one is a fragment)."""
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    found = []
    for block in blocks:
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            data = json.loads("{" + block + "}")
        if "tasks" in data:
            found.append(data["tasks"][0]["problemMatcher"]["pattern"])
        elif "regexp" in data:
            found.append(data)
    return found


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casustafel.game", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_lint_matcher_reads_every_finding(tmp_path: Path) -> None:
    if not DOC.is_file():
        pytest.skip("geen docs/ naast deze installatie")
    lint_pattern, _twee_pattern = matchers()
    good = resolve("sandra-schulden-en-werk").read_text(encoding="utf-8")
    broken = re.sub(r"^    next: \w+$", "    next: nergens", good, count=1, flags=re.M)
    (tmp_path / "casus.yaml").write_text(broken, encoding="utf-8")
    proc = run("lint", "casus.yaml", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines and proc.returncode == 1
    for line in lines:
        match = re.match(lint_pattern["regexp"], line)
        assert match, line
        assert match.group(lint_pattern["file"]) == "casus.yaml"
        assert int(match.group(lint_pattern["line"])) >= 1
        assert match.group(lint_pattern["severity"]) in ("error", "warning", "info")
    codes = [re.match(lint_pattern["regexp"], line).group(lint_pattern["code"]) for line in lines]
    assert "CT020" in codes


def test_import_matcher_reads_the_notes(tmp_path: Path) -> None:
    if not DOC.is_file():
        pytest.skip("geen docs/ naast deze installatie")
    _lint_pattern, twee_pattern = matchers()
    story = Path(__file__).parent / "twee_stories" / "sugarcube_lock_and_key.twee"
    proc = run("import-twee", str(story), "-o", "slot.yaml", cwd=tmp_path)
    notes = [line for line in proc.stdout.splitlines() if line.startswith("  ")]
    assert notes and proc.returncode == 0
    for line in notes:
        match = re.match(twee_pattern["regexp"], line)
        assert match, line
        assert Path(match.group(twee_pattern["file"])) == story

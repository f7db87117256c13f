"""The hostile corpus (tests/hostile/files, made by tests/hostile/make_corpus.py) cannot hurt: every file goes
through the loader API, `casustafel lint --strict` and `casustafel play --text`, each file in its own process with
a timeout and a memory cap, and must give positioned one-line Dutch findings, exit 1 or 2, and no traceback.
Beside the corpus: a file above the size limit, /dev/zero and a FIFO.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from casustafel.engine.loader import load_scenario
from casustafel.engine.yamlsource import MAX_FILE_BYTES

HERE = Path(__file__).resolve().parent / "hostile"
CHECK = HERE / "check_file.py"
CORPUS = sorted((HERE / "files").iterdir())
TIMEOUT = 20  # seconds for one command on one file
MEMORY = 1 << 30  # bytes of address space per process
#: One finding: file:line:col: CODE severity: message.
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>CT\d{3}) (?P<severity>error|warning|info): "
                     r"(?P<message>.+)$")
#: Words that betray an untranslated message from PyYAML or Python.
ENGLISH = re.compile(r"\b(while|found|expected|Traceback|Error|could not|not allowed|unacceptable|mapping values)\b")


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def check_all(paths: list[Path], data: Path) -> list[tuple[Path, dict]]:
    """check_file.py's report for every path: one server per core, each file in its own forked process."""
    def serve(part: list[Path]) -> list[tuple[Path, dict]]:
        lines = "".join(f"{p}\t{data / p.stem}\n" for p in part)
        proc = subprocess.run([sys.executable, str(CHECK), "--serve"], input=lines, capture_output=True, text=True,
                              timeout=TIMEOUT * len(part))
        assert proc.returncode == 0, proc.stderr[-3000:]
        reports = [json.loads(line) for line in proc.stdout.splitlines()]
        assert [r["path"] for r in reports] == [str(p) for p in part], proc.stderr[-3000:]
        return [(p, r["report"]) for p, r in zip(part, reports, strict=True)]

    workers = max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [pair for part in pool.map(serve, [paths[i::workers] for i in range(workers)]) for pair in part]


def problems(path: Path, report: dict) -> list[str]:
    """What is wrong with one file's report: tracebacks, unpositioned or English lines, wrong exit codes."""
    if "process" in report:
        return [f"{path.name}: {report['process']}"]
    found = []
    for door, result in report.items():
        if result["traceback"]:
            found.append(f"{path.name} [{door}]: traceback\n{result['traceback']}")
        text = result["stdout"] + result["stderr"]
        if "Traceback" in text:
            found.append(f"{path.name} [{door}]: traceback in output")
    loader, lint = report["loader"], report["lint"]
    lines = lint["stdout"].splitlines()
    if lint["code"] not in (1, 2):
        found.append(f"{path.name} [lint]: exit {lint['code']}")
    if not lines:
        found.append(f"{path.name} [lint]: no finding\n{lint['stderr']}")
    for line in [*lines, *loader["stdout"].splitlines()]:
        match = FINDING.match(line)
        if not match:
            found.append(f"{path.name}: not a positioned finding: {line!r}")
        elif ENGLISH.search(match["message"]):
            found.append(f"{path.name}: not Dutch: {line!r}")
        elif int(match["line"]) < 1 or int(match["col"]) < 1:
            found.append(f"{path.name}: no real position: {line!r}")
    play = report.get("play")
    if play is not None and play["code"] not in (0, 1, 2):
        found.append(f"{path.name} [play]: exit {play['code']}")
    if play is not None and loader["code"] == 1:  # a file with errors is refused with its findings
        shown = play["stdout"] + play["stderr"]
        if play["code"] == 0 or not any(FINDING.match(x) for x in shown.splitlines()):
            found.append(f"{path.name} [play]: refused without a positioned finding: {shown[-500:]!r}")
    return found


def test_corpus_is_large_and_current(tmp_path: Path) -> None:
    """At least 100 files, and exactly what make_corpus.py writes today."""
    sys.path.insert(0, str(HERE))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(HERE))
    written = make_corpus.write(tmp_path)
    assert len(written) >= 100
    assert sorted(p.name for p in written) == [p.name for p in CORPUS]
    changed = [p.name for p in written if p.read_bytes() != (HERE / "files" / p.name).read_bytes()]
    assert not changed, f"run python tests/hostile/make_corpus.py: {changed}"


def test_every_hostile_file_gets_positioned_dutch_findings(tmp_path: Path) -> None:
    found = [line for path, report in check_all(CORPUS, tmp_path) for line in problems(path, report)]
    assert not found, "\n".join(found[:30]) + f"\n({len(found)} in all)"


def _one_line(result) -> str:
    assert len(result.diagnostics) == 1, [d.format() for d in result.diagnostics]
    d = result.diagnostics[0]
    assert result.scenario is None and d.severity == "error" and d.line >= 1 and d.col >= 1
    return d.message


def test_file_above_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "groot.yaml"
    with huge.open("wb") as handle:  # sparse: the size is there, the bytes are not
        handle.truncate(MAX_FILE_BYTES + 1)
    assert "mag hoogstens" in _one_line(load_scenario(huge))
    proc = subprocess.run([sys.executable, "-m", "casustafel.game", "lint", str(huge)], capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_cap_memory)
    assert proc.returncode == 1 and FINDING.match(proc.stdout.splitlines()[0]), proc.stdout + proc.stderr


def test_dev_zero_is_read_with_a_cap() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert "groter dan" in _one_line(load_scenario("/dev/zero"))
    proc = subprocess.run([sys.executable, "-m", "casustafel.game", "play", "--text", "--scenario", "/dev/zero"],
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_cap_memory,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr
    assert any(FINDING.match(x) for x in (proc.stdout + proc.stderr).splitlines()), proc.stdout + proc.stderr


def test_fifo_without_end_is_read_with_a_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"import sys\nwith open({str(fifo)!r}, 'w') as f:\n"
                               "    while True: f.write('a' * 65536)"], stderr=subprocess.DEVNULL)
    try:
        assert "groter dan" in _one_line(load_scenario(fifo))
    finally:
        writer.kill()
        writer.wait()


def test_silent_fifo_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casustafel.engine import loader

    monkeypatch.setattr(loader, "PIPE_WAIT_SECONDS", 0.2)
    fifo = tmp_path / "stil.yaml"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that never writes
    try:
        assert "geen gegevens" in _one_line(load_scenario(fifo))
    finally:
        os.close(fd)


def test_a_dense_file_under_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """Ten megabytes of `[a,a,a,...]` would make about five million YAML values: refused before libyaml builds
    them, in a process that may not use more than MEMORY."""
    dense = tmp_path / "dicht.yaml"
    dense.write_text("a: [" + "a," * 5_000_000 + "a]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "casustafel.game", "lint", str(dense)], capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_cap_memory)
    assert proc.returncode == 1, proc.stderr
    match = FINDING.match(proc.stdout.splitlines()[0])
    assert match and match["code"] == "CT009", proc.stdout


def test_lint_reads_dev_zero_with_a_cap() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    proc = subprocess.run([sys.executable, "-m", "casustafel.game", "lint", "/dev/zero"], capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_cap_memory)
    assert proc.returncode == 1 and FINDING.match(proc.stdout.splitlines()[0]), proc.stdout + proc.stderr

"""Run scenario files through the loader API, `casustafel lint --strict` and `casustafel play --text`, and report
what each produced as JSON. An exception that escapes any of them is caught and reported as a traceback.

    python tests/hostile/check_file.py FILE DATA_DIR        one file, in this process
    python tests/hostile/check_file.py --serve              lines "FILE<TAB>DATA_DIR" on stdin; each file is
                                                            checked in its own forked process with a timeout and
                                                            a memory cap; one JSON line per file on stdout

The server imports the game once, so the corpus costs one start-up instead of two hundred (tests/test_hostile.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import select
import signal
import sys
import time
import traceback

TIMEOUT = 20.0  # seconds per file, for all three front doors together (a file takes well under one)
MEMORY = 1 << 30  # bytes of address space per file


def captured(action) -> dict[str, object]:
    """Run `action()` with stdout and stderr captured; the exit code, the output and any traceback."""
    out, err = io.StringIO(), io.StringIO()
    code: object = None
    trace = ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = action()
        except SystemExit as exc:
            code = exc.code
        except BaseException:  # noqa: BLE001 - anything that escapes is the finding this script looks for
            trace = traceback.format_exc()
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "traceback": trace}


def check(path: str, data: str, play: bool = True) -> dict[str, object]:
    """The three front doors' results for one file."""
    from casustafel.engine.loader import load_scenario
    from casustafel.game.cli.main import main as casustafel

    def loader() -> int:
        result = load_scenario(path)
        for d in result.diagnostics:
            print(d.format())
        return 0 if result.ok else 1

    report: dict[str, object] = {"loader": captured(loader),
                                 "lint": captured(lambda: casustafel(["lint", "--strict", path]))}
    if play:
        stdin = sys.stdin
        sys.stdin = io.StringIO("")  # no player at the keyboard: the game must stop by itself
        try:
            report["play"] = captured(lambda: casustafel(
                ["--data", data, "play", "--text", "--scenario", path, "--solo", "klantmanager", "--record", "nee",
                 "--names", "a"]))
        finally:
            sys.stdin = stdin
    return report


def checked_in_child(path: str, data: str) -> dict[str, object]:
    """`check` in a forked process under RLIMIT_AS, killed after TIMEOUT seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: cap, check, write, leave without cleanup
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        try:
            payload = json.dumps(check(path, data), ensure_ascii=False).encode()
        except BaseException:  # noqa: BLE001 - even a MemoryError while reporting must reach the parent
            payload = json.dumps({"process": traceback.format_exc()}).encode()
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + TIMEOUT
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"process": f"meer dan {TIMEOUT:.0f} s"}
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        return {"process": f"stopte zonder verslag (status {status})"}
    return json.loads(b"".join(chunks))


def serve() -> int:
    warm = False
    for line in sys.stdin:
        path, data = line.rstrip("\n").split("\t")
        if not warm:  # the commands import their modules on first use: do that once, before the first fork
            check(path, data)
            warm = True
        print(json.dumps({"path": path, "report": checked_in_child(path, data)}, ensure_ascii=False), flush=True)
    return 0


def main() -> int:
    if sys.argv[1:] == ["--serve"]:
        return serve()
    sys.stdout.write(json.dumps(check(sys.argv[1], sys.argv[2], "--no-play" not in sys.argv), ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: the report is out


if __name__ == "__main__":
    sys.exit(main())

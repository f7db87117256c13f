"""Files Casustafel writes for people (reports, exports, maps, caches): the one place for how that is done.

- Private by default: the data folder is 0700 and every file holding records is 0600, whatever the umask.
- Never half-written: a temporary file in the same folder, flushed and synced, then `os.replace`.
- Never over an existing file unless the user said `--force`; never "into" a folder.
- Every failure a user can cause (full disk, read-only folder, missing folder) is one Dutch sentence.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PUBLIC_FILE = 0o644
FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


class FileWriteError(OSError):
    """A file that cannot be written; the message (one line, Dutch) says why and what to do.

    An OSError, so callers that already handle file-system failures (the window) show it as they are.
    """


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in a few Dutch words."""
    if exc.errno in FULL:
        return "de schijf is vol"
    if exc.errno == errno.EROFS:
        return "de map is alleen-lezen"
    if exc.errno in READ_ONLY:
        return "geen schrijfrechten"
    if exc.errno == errno.EISDIR:
        return "dat is een map"
    if exc.errno == errno.ENOENT:
        return "de map bestaat niet"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "daar staat een bestand in plaats van een map"
    return exc.strerror or str(exc)


def tighten(path: Path, most: int) -> None:
    """Take away every permission bit beyond `most` (never adds one: a read-only folder stays read-only)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~most:
            os.chmod(path, mode & most)
    except OSError:
        pass  # not ours to change (another owner, read-only file system): nothing more private to make


def private_dir(path: Path) -> Path:
    """`path` as a folder only its owner can enter (made when missing); OSError when it cannot be made."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    tighten(path, PRIVATE_DIR)
    return path


def check_target(path: str | os.PathLike, force: bool = False) -> Path:
    """The file to write, or FileWriteError: a folder, a missing folder, or an existing file without --force."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise FileWriteError(f"{target} is een map; geef een bestandsnaam, bijvoorbeeld {target / 'uitvoer'}.")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise FileWriteError(f"De map {parent} bestaat niet. Maak hem eerst aan of kies een ander bestand met -o.")
    if target.exists() and not force:
        raise FileWriteError(f"{target} bestaat al; kies een andere naam of gebruik --force om het te overschrijven.")
    return target


@contextmanager
def atomic_file(path: str | os.PathLike, *, binary: bool = False, newline: str | None = None, force: bool = False,
                private: bool = True) -> Iterator[IO]:
    """A file that appears at `path` only when everything was written (0600, or 0644 when not `private`)."""
    target = check_target(path, force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise FileWriteError(f"Kan niet schrijven in {target.parent}: {os_reason(exc)}.") from None
    try:
        os.chmod(tmp, PRIVATE_FILE if private else PUBLIC_FILE)
        handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists() and not force:  # appeared while we wrote
            raise FileWriteError(f"{target} bestaat al; gebruik --force om het te overschrijven.")
        os.replace(tmp, target)
    except FileWriteError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileWriteError(f"Kan {target} niet schrijven: {os_reason(exc)}. Er is niets half geschreven.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path: str | os.PathLike, data: str | bytes, *, force: bool = False, private: bool = True) -> Path:
    """Write `data` to `path` atomically (see `atomic_file`); returns the path written."""
    with atomic_file(path, binary=isinstance(data, bytes), force=force, private=private) as handle:
        handle.write(data)
    return Path(path).expanduser()

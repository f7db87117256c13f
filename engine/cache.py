"""The compiled cache: a loaded scenario kept as a pickle in the player's private data folder, so the next start
skips parsing and checking.

One entry per scenario file, named by a key over the engine's code, the file's resolved path and the SHA-256 of
its bytes: any change to the file or to the engine makes a new key. The catalogue the model was built against is
fingerprinted in the entry and checked on every read. An entry is only unpickled when it is ours: a regular file
owned by this user with no access for others (0600, in a 0700 folder), with the expected header, key and
catalogue fingerprint, and a payload whose SHA-256 matches. Anything else (a corrupt, truncated, foreign or
stale entry) is ignored and rebuilt. Expressions are stored as their source and compiled on first use.

Only usable scenarios are cached; a cached load has no YAML tree (`LoadResult.raw`): the linter reads the file.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import operator
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import model
from .diagnostics import Diagnostic
from .model import Scenario

MAGIC = b"casustafel-model-v1\n"
FOLDER_NAME = "modellen"
_engine_tag: str | None = None


def engine_tag() -> str:
    """What a pickled model depends on besides the file: Python's version and the engine's own code."""
    global _engine_tag
    if _engine_tag is None:
        engine = Path(__file__).resolve().parent
        digest = hashlib.sha256(sys.version.encode())
        for source in sorted(engine.glob("*.py")):
            info = source.stat()
            digest.update(f"{source.name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
        _engine_tag = digest.hexdigest()
    return _engine_tag


def catalogue_fingerprint(folder: str) -> str:
    """SHA-256 over the catalogue's files, or '' when it cannot be read."""
    digest = hashlib.sha256()
    try:
        for name in ("frames.yaml", "heuristics.yaml"):
            digest.update((Path(folder) / name).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def _dispatch_table() -> dict:
    """Model dataclasses pickle as (class, field values): unpickling calls the class itself, many times faster
    than the generic per-object `__setstate__` of frozen slotted dataclasses."""
    table = copyreg.dispatch_table.copy()
    classes = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
               and c.__module__ == model.__name__]
    for cls in [*classes, Diagnostic]:
        names = [f.name for f in dataclasses.fields(cls)]
        values = operator.attrgetter(*names) if len(names) > 1 else (lambda obj, n=names[0]: (getattr(obj, n),))
        table[cls] = lambda obj, cls=cls, values=values: (cls, values(obj))
    return table


_DISPATCH = _dispatch_table()


def _dumps(entry: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(entry)
    return buffer.getvalue()


@dataclass(slots=True)
class Entry:
    """What the cache holds for one file: the scenario (without its state machine) and the loader's warnings."""

    scenario: Scenario
    diagnostics: list


class ModelCache:
    """The cache folder `<data>/modellen`; reads and writes never raise (a cache that fails only costs time)."""

    def __init__(self, data_dir: str | os.PathLike) -> None:
        self.folder = Path(data_dir) / FOLDER_NAME

    def key(self, path: Path, content_hash: str) -> str:
        try:
            where = str(path.resolve())
        except OSError:
            where = str(path)
        return hashlib.sha256(f"{engine_tag()}\n{where}\n{content_hash}".encode()).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.folder / f"{key}.model"

    def read(self, key: str) -> Entry | None:
        """The entry for `key` when it is present, ours, intact and current; otherwise None."""
        path = self.entry_path(key)
        try:
            with open(path, "rb") as handle:
                if not _private(os.fstat(handle.fileno())):
                    return None  # not ours, or open to others: never unpickle it
                blob = handle.read()
        except OSError:
            return None
        header, payload = _split(blob)
        if header is None or header.get("key") != key:
            return None
        if hashlib.sha256(payload).hexdigest() != header.get("payload"):
            return None
        if catalogue_fingerprint(header.get("catalogue", "")) != header.get("fingerprint"):
            return None
        try:
            entry = pickle.loads(payload)  # noqa: S301 - our own file in our private folder, verified above
        except Exception:  # noqa: BLE001 - a model from an older engine or a damaged file: rebuild it
            return None
        return entry if isinstance(entry, Entry) and isinstance(entry.scenario, Scenario) else None

    def write(self, key: str, entry: Entry, catalogue_folder: str) -> None:
        """Store `entry` atomically as 0600 in a 0700 folder; silently skipped when that is not possible."""
        machine = entry.scenario.machine
        object.__setattr__(entry.scenario, "machine", None)  # the first session builds it: faster than unpickling
        try:
            payload = _dumps(entry)
        except Exception:  # noqa: BLE001 - something in the model that does not pickle: no cache for it
            return
        finally:
            object.__setattr__(entry.scenario, "machine", machine)
        header = {"key": key, "payload": hashlib.sha256(payload).hexdigest(), "catalogue": catalogue_folder,
                  "fingerprint": catalogue_fingerprint(catalogue_folder)}
        lines = "".join(f"{name}={value}\n" for name, value in header.items()).encode()
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
            fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")  # created 0600
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(MAGIC + lines + b"\n" + payload)
                os.replace(temp, self.entry_path(key))
            except BaseException:
                os.unlink(temp)
                raise
        except OSError:
            return
        self.prune(keep=key)

    def prune(self, keep: str, limit: int = 32) -> None:
        """Keep the cache small: at most `limit` entries, the least recently written go first."""
        try:
            entries = sorted(self.folder.glob("*.model"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in entries[limit:]:
                if old.stem != keep:
                    old.unlink(missing_ok=True)
        except OSError:
            pass


def _private(info: os.stat_result) -> bool:
    """A regular file of this user that nobody else may read or write (POSIX); elsewhere, a regular file in the
    user's own profile folder."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid == os.getuid() and not info.st_mode & 0o077
    return True


def _split(blob: bytes) -> tuple[dict[str, str] | None, bytes]:
    """The header fields and the payload of a cache file; (None, b'') when it is not one."""
    if not blob.startswith(MAGIC):
        return None, b""
    end = blob.find(b"\n\n", len(MAGIC))
    if end < 0:
        return None, b""
    try:
        text = blob[len(MAGIC):end].decode("ascii")
    except UnicodeDecodeError:
        return None, b""
    header = dict(line.split("=", 1) for line in text.split("\n") if "=" in line)
    return header, blob[end + 2:]

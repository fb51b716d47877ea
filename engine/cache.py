"""A cache of `klynge validate` and `klynge test` reports, keyed on everything they depend on.

Both commands are pure: the same rule and data files, the same klynge, the same arguments, working
directory and width give the same report. They run on every save in an editor and every commit,
mostly on unchanged files, so a report is kept (in $XDG_CACHE_HOME/klynge, or ~/.cache/klynge) and
replayed when nothing it depends on has changed. KLYNGE_NO_CACHE=1 or --no-cache turns it off.
This module imports nothing heavy: a hit must cost little more than hashing the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ENGINE = Path(__file__).resolve().parent
# klynge's own code and schemas: a report made by another klynge is no report of this one.
KLYNGE_CODE = (
    ENGINE,
    ENGINE.parent / "report",
    ENGINE.parent / "commands",
    ENGINE.parent / "schemas",
    ENGINE.parent / "cli.py",
    ENGINE.parent / "i18n.py",
    ENGINE.parent / "locale",
    ENGINE.parent / "__init__.py",
)
SUFFIXES = (".yaml", ".yml", ".csv", ".json", ".py", ".mo")


@dataclass(frozen=True)
class Report:
    code: int
    out: str
    err: str


def folder() -> Path | None:
    if os.environ.get("KLYNGE_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "klynge"


def key(command: list[str], roots: list[Path], width: int) -> str:
    """A digest of the command, where it runs, and the bytes of every file it can read."""
    digest = hashlib.sha256(json.dumps([command, os.getcwd(), width]).encode())
    for path in [p for root in KLYNGE_CODE for p in _files(root)]:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes())
    for root in roots:  # every file, whatever its name: a published table may be .CSV or .txt
        for path in _files(root, None):
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(root: Path, suffixes: tuple[str, ...] | None = SUFFIXES) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(p for p in found if suffixes is None or p.suffix in suffixes)


def read(name: str) -> Report | None:
    where = folder()
    if where is None:
        return None
    try:
        stored = json.loads((where / f"{name}.json").read_text(encoding="utf-8"))
        return Report(int(stored["code"]), str(stored["out"]), str(stored["err"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(name: str, report: Report) -> None:
    """Keep a report; a cache that cannot be written is simply not used."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"code": report.code, "out": report.out, "err": report.err}, handle)
        os.replace(tmp, where / f"{name}.json")
    except OSError:
        return


_ENGINE_DIGEST: list[str] = []


def engine_digest() -> str:
    """A digest of klynge itself (engine and schemas): a cached result from another klynge is no result."""
    if not _ENGINE_DIGEST:
        digest = hashlib.sha256()
        for root in (ENGINE, ENGINE.parent / "schemas"):
            for path in _files(root):
                digest.update(path.read_bytes())
        _ENGINE_DIGEST.append(digest.hexdigest())
    return _ENGINE_DIGEST[0]


def load_pickle(name: str, current: Callable[[str], str | None]) -> object | None:
    """A kept object whose recorded input files (path, digest) all still have that digest."""
    import pickle

    where = folder()
    if where is None:
        return None
    try:
        with (where / "loaded" / f"{name}.pickle").open("rb") as handle:
            inputs, value = pickle.load(handle)  # noqa: S301 - our own cache, written by dump_pickle
    except Exception:  # noqa: BLE001 - a missing, old or broken cache entry is simply a miss
        return None
    return value if all(current(path) == digest for path, digest in inputs) else None


def dump_pickle(name: str, inputs: list[tuple[str, str]], value: object) -> None:
    import pickle

    where = folder()
    if where is None:
        return
    try:
        (where / "loaded").mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where / "loaded", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((inputs, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / "loaded" / f"{name}.pickle")
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return

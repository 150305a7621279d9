"""reecheck's cache folder: answers that never change for one version of reecheck, kept between runs.

The folder is $REECHECK_CACHE_DIR, else $XDG_CACHE_HOME/reecheck, else ~/.cache/reecheck. Every file
in it is written whole to a temporary name and renamed into place, so concurrent runs never see half
a file; a file that cannot be read, is corrupt or comes from another version is ignored and rebuilt.
Nothing is ever evaluated from it: entries are JSON or marshal data of plain values.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import marshal
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from reecheck import __version__

ENABLED = {"value": os.environ.get("REECHECK_NO_CACHE", "") == ""}


def disable() -> None:
    """`--no-cache`: neither read nor write the cache in this run."""
    ENABLED["value"] = False


def enabled() -> bool:
    return ENABLED["value"]


def folder() -> Path:
    if given := os.environ.get("REECHECK_CACHE_DIR"):
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reecheck"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        return


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def cache_file(kind: str, *question: object) -> Path:
    """Where the answer to one question of one kind is kept, named by the question and by the code
    that answers it."""
    name = hashlib.sha256(repr((*question, code_fingerprint())).encode("utf-8")).hexdigest()
    return folder() / kind / f"{name}.marshal"


def read_marshal(path: Path) -> object:
    """A cache file's marshal data; None when the cache is off, or the file missing or unreadable."""
    data = read_bytes(path) if enabled() else None
    try:
        return marshal.loads(data) if data else None
    except (ValueError, EOFError, TypeError):
        return None


class Memo:
    """A JSON dictionary of answers, loaded once, saved at exit when something was added; answers
    not yet in it are looked up in `known` (read only when one is missing) before being computed."""

    def __init__(self, name: str, fingerprint: str, known: Callable[[], dict[str, Any]] = dict) -> None:
        self.path = folder() / f"{name}-{__version__}.json"
        self.fingerprint = fingerprint
        self.entries: dict[str, Any] | None = None
        self.dirty = False
        self.read_known = known
        self.known: dict[str, Any] | None = None

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        entries = self.load()
        if key not in entries:
            if self.known is None:
                self.known = self.read_known()
            entries[key] = self.known[key] if key in self.known else compute()
            if not self.dirty and enabled():
                self.dirty = True
                atexit.register(self.save)
        return entries[key]

    def load(self) -> dict[str, Any]:
        if self.entries is None:
            self.entries = {}
            data = read_bytes(self.path) if enabled() else None
            try:
                stored = json.loads(data) if data else {}
            except ValueError:
                stored = {}
            if isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint:
                self.entries = dict(stored.get("entries", {}))
        return self.entries

    def save(self) -> None:
        body = {"fingerprint": self.fingerprint, "entries": self.entries}
        write_atomically(self.path, json.dumps(body, sort_keys=True).encode("utf-8"))


def installed_version(package: str) -> str | None:
    """The version of an installed package, from its dist-info folder's name: importlib.metadata
    would take longer than what it is asked for saves."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return None
    for info in sorted(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info")):
        return info.name.removeprefix(f"{package}-").removesuffix(".dist-info")
    return None


def installed_stamp(package: str) -> str:
    """Where and when a package was installed: another copy or an upgrade changes it."""
    spec = find_spec(package)
    origin = spec.origin if spec and spec.origin else f"no {package}"
    try:
        return f"{origin}\x1f{os.stat(origin).st_mtime_ns}"
    except OSError:
        return origin


def installed_fingerprint(*parts: str) -> str:
    """Identifies pint's installed copy with reecheck's own definitions."""
    return hashlib.sha256("\x1f".join((installed_stamp("pint"), *parts)).encode("utf-8")).hexdigest()


@cache
def code_fingerprint() -> str:
    """Identifies the code a cached result comes from: reecheck's own files as they are (an edited
    checkout is another version) and the installed rich and pint, which draw and convert."""
    digest = hashlib.sha256(f"{__version__}\x1f{installed_stamp('rich')}\x1f{installed_stamp('pint')}".encode())
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("*/*.py"), *package.glob("*.json")]):
        found = path.stat()
        digest.update(f"\x1e{path.relative_to(package)}\x1f{found.st_mtime_ns}\x1f{found.st_size}".encode())
    return digest.hexdigest()

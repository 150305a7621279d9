"""reecheck's cache folder: where loaded claim files (see claimcache) and check's findings (see
checkcache) are kept between runs.

The folder is $REECHECK_CACHE_DIR, else $XDG_CACHE_HOME/reecheck, else ~/.cache/reecheck, and holds
a CACHEDIR.TAG so that backup tools pass it over. Every file in it is written whole under a
temporary name and renamed into place, so concurrent runs never see half a file; one that cannot
be written only costs time. The packs of claims folders unused for 30 days, and of the oldest beyond
the 32 most recently used, are removed whenever a pack is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from reecheck import __version__

CACHEDIR_TAG = "CACHEDIR.TAG"
CACHEDIR_TAG_TEXT = """\
Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by reecheck.
# For information about cache directory tags see https://bford.info/cachedir/
"""
KEPT_DAYS = 30
MOST_FOLDERS = 32


def default_folder() -> Path:
    if given := os.environ.get("REECHECK_CACHE_DIR"):
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reecheck"


def write_atomically(path: Path, data: bytes, root: Path) -> None:
    """Write `data` to `path`, below the cache folder `root`, whole or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = root / CACHEDIR_TAG
        if not tag.exists():
            tag.write_text(CACHEDIR_TAG_TEXT, encoding="ascii")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return


UNREADABLE = (ValueError, TypeError, KeyError, IndexError, ArithmeticError, EOFError)
"""What decoding an entry that is not what its pack's key says raises: it is read afresh, never trusted."""


def folder_name(claims_folder: Path) -> str:
    """The name a claims folder's packs are kept under."""
    return hashlib.sha256(str(claims_folder).encode("utf-8")).hexdigest()[:32]


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def read_pack(path: Path, magic: bytes, key: bytes) -> tuple[Any, str]:
    """What a pack that `write_pack` wrote with `magic` and `key` holds, or None and why it is not used
    ("" when there is none). A pack read is marked as used, so that it is not evicted."""
    data = read_bytes(path)
    if data is None:
        return None, ""
    header = len(magic) + len(key) + 32
    if data[: len(magic)] != magic or data[len(magic) : len(magic) + len(key)] != key:
        return None, "it was written by other code (reecheck, pint or Python changed)"
    body = data[header:]
    if hashlib.sha256(body).digest() != data[len(magic) + len(key) : header]:
        return None, "it is corrupt (checksum mismatch)"
    try:
        stored = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None, "it cannot be read"
    with contextlib.suppress(OSError):
        os.utime(path)
    return stored, ""


def write_pack(path: Path, magic: bytes, key: bytes, stored: Any, root: Path) -> None:
    """Write `stored` as a pack below the cache folder `root`: what it is, the key of the code that
    wrote it, a SHA-256 of the rest, and the rest."""
    body = marshal.dumps(stored)
    write_atomically(path, magic + key + hashlib.sha256(body).digest() + body, root)


def evict_packs(folder: Path, keep: Path) -> None:
    """Remove the packs of `folder` unused for KEPT_DAYS, and the oldest beyond MOST_FOLDERS; never
    `keep`. For kinds of pack kept one per claims folder (check's findings)."""
    try:
        packs = sorted(((entry.stat().st_mtime, Path(entry.path)) for entry in os.scandir(folder)
                        if entry.name.endswith(".pack") and entry.path != str(keep)), reverse=True)
    except OSError:
        return
    for path in beyond_keeping(packs):
        path.unlink(missing_ok=True)


def evict(folder: Path, keep: Path) -> None:
    """Remove the folders of packs in `folder` unused for KEPT_DAYS, and the oldest beyond MOST_FOLDERS;
    never `keep`. Single packs beside them were written by earlier versions, which kept one per
    claims folder, and are never read again: they go too."""
    try:
        entries = list(os.scandir(folder))
        kept = sorted(((entry.stat().st_mtime, Path(entry.path)) for entry in entries
                       if entry.is_dir(follow_symlinks=False) and entry.path != str(keep)), reverse=True)
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith(".pack") and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
    for path in beyond_keeping(kept):
        remove_packs(path)


def beyond_keeping(kept: list[tuple[float, Path]]) -> list[Path]:
    """Of (last use, path) pairs, newest first, those unused for KEPT_DAYS and those beyond the newest
    MOST_FOLDERS - 1, which leave room for the one being written."""
    oldest_kept = time.time() - KEPT_DAYS * 86400
    return [path for index, (used, path) in enumerate(kept) if used < oldest_kept or index >= MOST_FOLDERS - 1]


def remove_packs(folder: Path) -> None:
    """Remove a folder's packs, the temporary files of runs killed mid-write, and the folder when that
    empties it."""
    for path in [*folder.glob("*.pack"), *folder.glob(".*.pack.*")]:
        path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


@dataclass(frozen=True)
class CachedFile:
    path: Path
    size: int
    used: float
    """When it was last written or read, in seconds since the epoch."""


@dataclass(frozen=True)
class CacheInfo:
    folder: Path
    files: tuple[CachedFile, ...]

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files)


def cache_info(folder: Path) -> CacheInfo:
    files = []
    # Only where reecheck writes packs: the claim packs of each claims folder, and check's packs.
    packs = [*folder.glob("claims/*/*.pack"), *folder.glob("claims/*.pack"), *folder.glob("check/*.pack")]
    for path in sorted(packs):
        try:
            found = path.stat()
        except OSError:
            continue
        files.append(CachedFile(path, found.st_size, found.st_mtime))
    return CacheInfo(folder, tuple(files))


def clean(folder: Path) -> CacheInfo:
    """Remove every file reecheck keeps in `folder` (and nothing else), and say what was removed."""
    removed = cache_info(folder)
    claims = folder / "claims"
    for packs in claims.iterdir() if claims.is_dir() and not claims.is_symlink() else ():
        if packs.is_dir() and not packs.is_symlink():
            remove_packs(packs)
    remove_packs(claims)  # and the single packs per claims folder of earlier versions
    remove_packs(folder / "check")
    return removed


def installed_version(package: str) -> str | None:
    """The version of an installed package, from its dist-info folder's name: importlib.metadata
    takes longer than a small run."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return None
    for info in sorted(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info")):
        return info.name.removeprefix(f"{package}-").removesuffix(".dist-info")
    return None


@cache
def code_key(*parts: str) -> bytes:
    """Identifies everything besides its input that a cached answer depends on: reecheck's own files
    as they are (an edited checkout is other code), pint's and Python's versions, and `parts`."""
    versions = "\x1f".join((__version__, sys.version, str(installed_version("pint")), *parts))
    return hashlib.sha256(versions.encode() + source_digest(Path(__file__).parent)).digest()


@cache
def source_digest(package: Path) -> bytes:
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *package.glob("*/*.py"), *package.glob("*/*.json")]):
        digest.update(f"\x1e{path.relative_to(package)}\x1f".encode() + path.read_bytes())
    return digest.digest()

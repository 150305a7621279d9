"""Loaded claim files, kept by content: a file read before is not composed or parsed again.

Each claims folder has one folder of packs in the cache folder, always under the same name, so that
edits replace entries instead of adding packs. Its claim files are spread over at most SHARDS packs
by a hash of their path, so that an edit rewrites one pack, not the whole folder's, and a run given
a few files reads only their packs. Each pack starts with a key of the code that wrote it (see
cache.code_key and codec.schema) and a SHA-256 of the rest: a pack from other code, or one changed
by a single bit, is not used at all. Each entry maps a claim file's path to the SHA-256 of its
bytes, the digest of every topic it uses, and what it says (claimfile.ClaimFile, encoded by codec).
Only files that loaded without problems are kept. What depends on other files (where an article's
`text:` leads) is never kept: the loader checks it on every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from dataclasses import dataclass
from pathlib import Path

from reecheck import codec
from reecheck.cache import UNREADABLE, code_key, evict, folder_name, read_pack, write_pack
from reecheck.claimfile import ClaimFile
from reecheck.model import Topic

FORMAT = "claims/8"  # raise with every change to how a pack is laid out
MAGIC = b"reecheck pack\n"
KEY_SIZE = 32
SHARDS = 64
"""Packs per claims folder: at a million claims each holds about 5 MB, and a folder of a few files
has as many packs as files."""


def pack_key() -> bytes:
    return code_key(FORMAT, codec.schema(ClaimFile))


def topic_digest(topic: Topic) -> bytes:
    return hashlib.sha256(repr(topic).encode("utf-8")).digest()


def shard_of(path: Path) -> int:
    """Which pack of its folder holds a file: from a hash of its path that every process agrees on."""
    return hashlib.sha256(str(path).encode("utf-8")).digest()[0] % SHARDS


@dataclass(frozen=True)
class Entry:
    content: bytes
    """SHA-256 of the claim file's bytes."""
    topics: tuple[tuple[str, bytes], ...]
    """Each topic the file uses, with the digest of its definition."""
    data: bytes
    """The ClaimFile, encoded and marshalled: compact while a run holds it, decoded only when used."""


def packed(loaded: ClaimFile) -> bytes:
    return marshal.dumps(codec.encode(loaded, ClaimFile))


def unpacked(data: bytes) -> ClaimFile:
    decoded: ClaimFile = codec.decode(marshal.loads(data), ClaimFile)
    return decoded


class Shard:
    """One pack: some of a claims folder's files, read whole and written whole."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        self.rejected: str | None = None
        """Why the pack on disk was not used, when there was one."""
        self.entries = self.read()
        self.changed = False

    def read(self) -> dict[str, Entry]:
        stored, why = read_pack(self.path, MAGIC, self.key)
        if stored is None:
            self.rejected = why or None
            return {}
        try:
            return {path: Entry(*entry) for path, entry in stored.items()}
        except (TypeError, AttributeError):
            self.rejected = "it cannot be read"
            return {}

    def save(self, root: Path) -> None:
        kept = {path: (entry.content, entry.topics, entry.data)
                for path, entry in self.entries.items() if os.path.exists(path)}
        write_pack(self.path, MAGIC, self.key, kept, root)


class Pack:
    """The cached claim files of one claims folder: each of its packs read when a file it holds is
    first looked up, and written back only when something in it changed; the last run to write wins."""

    def __init__(self, cache: Path, claims_folder: Path) -> None:
        self.cache = cache
        name = folder_name(claims_folder)
        self.folder = cache / "claims" / name
        self.key = pack_key()
        self.shards: dict[int, Shard] = {}
        with contextlib.suppress(OSError):
            os.utime(self.folder)  # a folder in use is not evicted

    def shard(self, path: Path) -> Shard:
        number = shard_of(path)
        found = self.shards.get(number)
        if found is None:
            found = self.shards[number] = Shard(self.folder / f"{number:02x}.pack", self.key)
        return found

    def rejections(self) -> list[str]:
        """Why packs on disk were not used, one line each."""
        return [f"not using {shard.path}: {shard.rejected}" for _, shard in sorted(self.shards.items())
                if shard.rejected]

    def lookup(self, path: Path, content: bytes, topics: dict[str, bytes]) -> tuple[ClaimFile | None, str]:
        """The cached reading of `path` as it now is, or None and why there is none."""
        entry = self.shard(path).entries.get(str(path))
        if entry is None:
            return None, "not cached"
        if entry.content != content:
            return None, "changed since it was cached"
        if any(topics.get(name) != digest for name, digest in entry.topics):
            return None, "a topic it uses changed in topics.yaml"
        try:
            return unpacked(entry.data), ""
        except UNREADABLE:
            return None, "its entry cannot be read"

    def remember(self, path: Path, content: bytes, topics: dict[str, bytes], loaded: ClaimFile | None,
                 data: bytes | None) -> None:
        """Keep a file's fresh reading (`loaded`, packed as `data`), or forget the file when it did not
        load cleanly."""
        shard = self.shard(path)
        if loaded is None or data is None:
            shard.changed |= shard.entries.pop(str(path), None) is not None
            return
        used = tuple(sorted((name, topics[name]) for name in {claim.topic for claim in loaded.claims}))
        shard.entries[str(path)] = Entry(content, used, data)
        shard.changed = True

    def save(self) -> None:
        if not any(shard.changed for shard in self.shards.values()):
            return
        # Files deleted since they were packed leave every pack read, not only those an edit changed.
        for shard in self.shards.values():
            shard.changed |= not all(map(os.path.exists, shard.entries))
        for shard in self.shards.values():
            if shard.changed:
                shard.save(self.cache)
        evict(self.folder.parent, keep=self.folder)

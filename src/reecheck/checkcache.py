"""Each article's check findings, kept between runs: an article nothing changed for is not scanned again.

An article's findings (check.article_findings) are a function of its claim file as loaded, the
definitions of the topics its claims use, its text, where its files lie (findings name them) and the
code; the entry's key is a SHA-256 of the first four, and the pack's header carries the code's key
(cache.code_key) and a checksum of the rest, as the claim pack's does. An article whose key changed
is checked afresh, alone. What the settings change (severities, --strict) and what depends on other
articles (compare's disagreements, the baseline) is applied to kept and fresh findings alike on every
run; where an article's text lies is checked by the loader on every run, before a key is made of it.

Each claims folder has one pack in the cache folder's check/ folder, always under the same name.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Sequence
from pathlib import Path

from reecheck import codec
from reecheck.cache import code_key, read_pack, write_pack
from reecheck.check import ArticleWork, Finding, each_article
from reecheck.claimcache import topic_digest
from reecheck.model import Corpus, display_path

FORMAT = "check/1"  # raise with every change to how a pack is laid out
MAGIC = b"reecheck check pack\n"
Findings = tuple[Finding, ...]


def pack_key() -> bytes:
    return code_key(FORMAT, codec.schema(Findings))


def article_key(corpus: Corpus, topics: dict[str, bytes], work: ArticleWork) -> bytes:
    """What an article's findings are computed from: its claim file's bytes and path, the topics its
    claims use (`topics` holds their digests), its text and the text's place."""
    article, claims, text = work
    used = sorted({claim.topic for claim in claims})
    parts = (str(article.location.path), corpus.contents[article.location.path],
             tuple((name, topics[name]) for name in used),
             str(article.text_path), hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return hashlib.sha256(marshal.dumps(parts)).digest()


class CheckPack:
    """The kept findings of one claims folder's articles, by claim file, read once per run and written
    back only when something changed; the last run to write wins."""

    def __init__(self, cache: Path, claims_folder: Path) -> None:
        self.cache = cache
        name = hashlib.sha256(str(claims_folder).encode("utf-8")).hexdigest()[:32]
        self.path = cache / "check" / f"{name}.pack"
        self.key = pack_key()
        self.rejected = ""
        """Why the pack on disk was not used, when there was one."""
        self.entries = self.read()
        self.changed = False

    def read(self) -> dict[str, tuple[bytes, bytes]]:
        stored, self.rejected = read_pack(self.path, MAGIC, self.key)
        try:
            return {str(path): (key, found) for path, (key, found) in (stored or {}).items()}
        except (ValueError, TypeError, AttributeError):
            self.rejected = "it cannot be read"
            return {}

    def lookup(self, claim_file: Path, key: bytes) -> tuple[list[Finding] | None, str]:
        """The kept findings of the article of `claim_file` when its key is `key`, or None and why not."""
        entry = self.entries.get(str(claim_file))
        if entry is None:
            return None, "not checked before"
        if entry[0] != key:
            return None, "its claim file, text or topics changed since it was checked"
        try:
            return list(codec.decode(marshal.loads(entry[1]), Findings)), ""
        except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, EOFError):
            return None, "its entry cannot be read"

    def remember(self, claim_file: Path, key: bytes, found: Sequence[Finding]) -> None:
        self.entries[str(claim_file)] = (key, marshal.dumps(codec.encode(tuple(found), Findings)))
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        # Articles deleted since they were checked would otherwise stay in the pack for ever.
        kept = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        write_pack(self.path, MAGIC, self.key, kept, self.cache)


class ArticleCache:
    """check.ArticleChecker with a memory: kept findings where an article's key is unchanged, the
    others checked afresh (on every core when many) and kept."""

    def __init__(self, cache: Path, corpus: Corpus) -> None:
        self.corpus = corpus
        self.topics = {name: topic_digest(topic) for name, topic in corpus.topics.items()}
        self.packs = {folder: CheckPack(cache, folder) for folder in corpus.folders}
        self.notes = [f"cache: not using {pack.path}: {pack.rejected}" for pack in self.packs.values()
                      if pack.rejected]
        """Why articles were checked afresh rather than taken from the cache."""

    def pack_of(self, claim_file: Path) -> CheckPack:
        return next(pack for folder, pack in self.packs.items() if claim_file.is_relative_to(folder))

    def __call__(self, work: list[ArticleWork]) -> list[list[Finding]]:
        found: list[list[Finding] | None] = []
        misses: list[tuple[int, bytes]] = []
        for index, item in enumerate(work):
            claim_file = item[0].location.path
            key = article_key(self.corpus, self.topics, item)
            kept, why = self.pack_of(claim_file).lookup(claim_file, key)
            found.append(kept)
            if kept is None:
                misses.append((index, key))
                self.notes.append(f"cache: checking {display_path(claim_file)}: {why}")
        for (index, key), fresh in zip(misses, each_article([work[index] for index, _ in misses]), strict=True):
            claim_file = work[index][0].location.path
            self.pack_of(claim_file).remember(claim_file, key, fresh)
            found[index] = fresh
        for pack in self.packs.values():
            pack.save()
        return [each for each in found if each is not None]

"""check's findings, kept between runs: an article nothing changed for is not scanned again, and a
claims folder nothing changed in is neither loaded nor compared again.

An article's findings (check.article_findings) are a function of its claim file as loaded, the
definitions of the topics its claims use, its text, where its files lie (findings name them) and the
code; the entry's key is a SHA-256 of the first four, and the pack's header carries the code's key
(cache.code_key) and a checksum of the rest, as the claim pack's does. An article whose key changed
is checked afresh, alone. A run over a whole claims folder also keeps compare's disagreements, which
span articles, and each article as its claim file says, under a key of every input: every claim
file's path and bytes, every topic's definition, and each article text's place and text. The next
run reads every claim file's bytes, resolves every text path (inside the project, as the loader
checks) and reads every text to make that key; only when it is the same are the kept findings used
whole, and only while each article's entry is still the one the run kept. What the settings change
(severities, --strict) and the baseline are applied to kept and fresh findings alike on every run.

Each claims folder has one pack in the cache folder's check/ folder, always under the same name.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reecheck import codec
from reecheck.cache import UNREADABLE, code_key, evict_packs, folder_name, read_pack, write_pack
from reecheck.check import ArticleWork, Finding, each_article, read_texts
from reecheck.claimcache import topic_digest
from reecheck.claimfile import FileReader, WrittenPath, load_topics
from reecheck.discovery import discover
from reecheck.limits import CLAIM_FILE
from reecheck.loader import resolve_text
from reecheck.model import Article, Corpus, Location, Problem, display_path

FORMAT = "check/2"  # raise with every change to how a pack is laid out
MAGIC = b"reecheck check pack\n"
Findings = tuple[Finding, ...]


@dataclass(frozen=True)
class KeptArticle:
    """An article of a kept run: what a run that reuses it needs to check its text's place again."""

    claim_file: Path
    entry: str
    """The hex key of its findings' entry; empty for reference data with nothing unfinished, which is
    not checked."""
    article: Article
    """As its claim file says, before its text's place is resolved."""
    text: str | None
    """Its `text:` as written, resolved again on every run."""
    text_location: Location | None


@dataclass(frozen=True)
class KeptRun:
    """A whole claims folder's check, kept under a key of every input: what its articles are, and
    compare's disagreements, which span articles."""

    articles: tuple[KeptArticle, ...]
    disagreements: tuple[Finding, ...]


@dataclass(frozen=True)
class KeptCheck:
    """What a run of check over a whole claims folder finds, taken from the cache."""

    folders: tuple[Path, ...]
    articles: tuple[Article, ...]
    found: tuple[Finding, ...]
    """Every rule's findings, before the settings change their severity."""


def pack_key() -> bytes:
    return code_key(FORMAT, codec.schema(Findings), codec.schema(KeptRun))


def run_key(contents: Iterable[tuple[Path, bytes]], topics: dict[str, bytes], texts: Iterable[tuple[Path, str]]
            ) -> bytes:
    """Every input of a whole check: each claim file's path and bytes, every topic's definition, and
    each article text's place and text."""
    parts = (tuple(sorted((str(path), digest) for path, digest in contents)), tuple(sorted(topics.items())),
             tuple(sorted((str(path), text_digest(text)) for path, text in texts)))
    return hashlib.sha256(marshal.dumps(parts)).digest()


def article_key(corpus: Corpus, topics: dict[str, bytes], work: ArticleWork) -> bytes:
    """What an article's findings are computed from: its claim file's bytes and path, the topics its
    claims use (`topics` holds their digests), its text and the text's place."""
    article, claims, text, _ = work  # its placeholders are read from its claim file's bytes
    used = sorted({claim.topic for claim in claims})
    parts = (str(article.location.path), corpus.contents[article.location.path],
             tuple((name, topics[name]) for name in used),
             str(article.text_path), b"" if text is None else text_digest(text))
    return hashlib.sha256(marshal.dumps(parts)).digest()


def text_digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class CheckPack:
    """The kept findings of one claims folder's articles, by claim file, read once per run and written
    back only when something changed; the last run to write wins."""

    def __init__(self, cache: Path, claims_folder: Path) -> None:
        self.cache = cache
        name = folder_name(claims_folder)
        self.path = cache / "check" / f"{name}.pack"
        self.key = pack_key()
        self.rejected = ""
        """Why the pack on disk was not used, when there was one."""
        self.run: tuple[bytes, bytes] | None = None
        """The key and the encoded KeptRun of the last whole run; used only while every article's entry
        is still the one it names (a run over some claim files may have replaced some)."""
        self.entries = self.read()
        self.changed = False

    def read(self) -> dict[str, tuple[bytes, bytes]]:
        stored, self.rejected = read_pack(self.path, MAGIC, self.key)
        if stored is None:
            return {}
        try:
            entries, self.run = stored
            return {str(path): (key, found) for path, (key, found) in entries.items()}
        except (ValueError, TypeError, AttributeError):
            self.rejected = "it cannot be read"
            self.run = None
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
        except UNREADABLE:
            return None, "its entry cannot be read"

    def remember(self, claim_file: Path, key: bytes, found: Sequence[Finding]) -> None:
        self.entries[str(claim_file)] = (key, marshal.dumps(codec.encode(tuple(found), Findings)))
        self.changed = True

    def remember_run(self, key: bytes, run: KeptRun) -> None:
        self.run = (key, marshal.dumps(codec.encode(run, KeptRun)))
        self.changed = True

    def kept_run(self) -> tuple[bytes, KeptRun] | None:
        if self.run is None:
            return None
        try:
            return self.run[0], codec.decode(marshal.loads(self.run[1]), KeptRun)
        except UNREADABLE:
            return None

    def save(self) -> None:
        if not self.changed:
            return
        # Articles deleted since they were checked would otherwise stay in the pack for ever.
        kept = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        write_pack(self.path, MAGIC, self.key, (kept, self.run), self.cache)
        evict_packs(self.path.parent, keep=self.path)


class ArticleCache:
    """Each article's findings, as check.each_article gives them: kept findings where an article's key
    is unchanged, the others checked afresh (on every core when many) and kept when `save` is called."""

    def __init__(self, cache: Path, corpus: Corpus) -> None:
        self.corpus = corpus
        self.topics = {name: topic_digest(topic) for name, topic in corpus.topics.items()}
        self.packs = {folder: CheckPack(cache, folder) for folder in corpus.folders}
        self.keys: dict[Path, bytes] = {}
        """The key of each article checked, by claim file."""
        self.notes = [f"cache: not using {pack.path}: {pack.rejected}" for pack in self.packs.values()
                      if pack.rejected]
        """Why articles were checked afresh rather than taken from the cache."""

    def pack_of(self, claim_file: Path) -> CheckPack:
        return next(pack for folder, pack in self.packs.items() if claim_file.is_relative_to(folder))

    def __call__(self, work: list[ArticleWork]) -> list[list[Finding]]:
        found: list[list[Finding] | None] = []
        misses: list[int] = []
        for index, item in enumerate(work):
            claim_file = item[0].location.path
            key = self.keys[claim_file] = article_key(self.corpus, self.topics, item)
            kept, why = self.pack_of(claim_file).lookup(claim_file, key)
            found.append(kept)
            if kept is None:
                misses.append(index)
                self.notes.append(f"cache: checking {display_path(claim_file)}: {why}")
        for index, fresh in zip(misses, each_article([work[index] for index in misses]), strict=True):
            claim_file = work[index][0].location.path
            self.pack_of(claim_file).remember(claim_file, self.keys[claim_file], fresh)
            found[index] = fresh
        return [each for each in found if each is not None]

    def save(self, texts: dict[str, str], disagreements: Sequence[Finding] | None) -> None:
        """Write what was checked; with `disagreements` (a whole claims folder was checked), the run too."""
        if disagreements is not None and len(self.packs) == 1:
            [pack] = self.packs.values()
            articles = tuple(KeptArticle(article.location.path, self.keys.get(article.location.path, b"").hex(),
                                         replace(article, text_path=None), *self.written(article))
                             for article in self.corpus.articles)
            key = run_key(self.corpus.contents.items(), self.topics, texts_of(self.corpus.articles, texts))
            pack.remember_run(key, KeptRun(articles, tuple(disagreements)))
        for pack in self.packs.values():
            pack.save()

    def written(self, article: Article) -> tuple[str | None, Location | None]:
        return self.corpus.texts.get(article.location.path, (None, None))


def texts_of(articles: Iterable[Article], texts: dict[str, str]) -> list[tuple[Path, str]]:
    return [(article.text_path, texts[article.id]) for article in articles
            if article.text_path is not None and article.id in texts]


def kept_check(paths: Sequence[Path], cache: Path) -> KeptCheck | None:
    """The findings of the last run over the claims folder `paths` name, when not one of its inputs
    changed since: every claim file is read and every text path resolved and read again to tell."""
    found = discover(paths)
    if found.problems or len(found.folders) != 1 or not any(path.resolve() in found.folders for path in paths):
        return None
    [folder] = found.folders
    pack = CheckPack(cache, folder)
    kept = pack.kept_run()
    if kept is None:
        return None
    contents = []
    for path, _ in found.files:
        content = FileReader(path, limit=CLAIM_FILE).read_bytes()
        if content is None:
            return None
        contents.append((path, hashlib.sha256(content).digest()))
    problems: list[Problem] = []
    topics = {name: topic_digest(topic) for name, topic in load_topics(found.folders, problems).items()}
    articles = [resolved(each, folder.parent, problems) for each in kept[1].articles]
    texts, unreadable = read_texts(articles)
    if problems or unreadable or run_key(contents, topics, texts_of(articles, texts)) != kept[0]:
        return None
    per_article = [pack.lookup(each.claim_file, bytes.fromhex(each.entry))[0] for each in kept[1].articles
                   if each.entry]
    if any(findings is None for findings in per_article):
        return None
    every = [finding for findings in per_article for finding in findings or ()]
    return KeptCheck(found.folders, tuple(articles), (*every, *kept[1].disagreements))


def resolved(kept: KeptArticle, project: Path, problems: list[Problem]) -> Article:
    """The article with its text's place resolved afresh, as the loader does on every run."""
    if kept.text is None or kept.text_location is None:
        return kept.article
    text_path = resolve_text(WrittenPath(kept.text, kept.text_location), project, problems)
    return replace(kept.article, text_path=text_path)

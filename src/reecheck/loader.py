"""Claim files and their topic registries -> a Corpus, every problem with its place.

The orchestration: find the files (discovery), read the topics, take each claim file from the
cache when its bytes and the topics it uses are unchanged or read it afresh (claimfile), on every
core when there are many, and then check, for cached and fresh files alike, what depends on more
than one file: where each article's text lies, and that article ids are unique.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from reecheck.claimcache import Pack, packed, topic_digest, unpacked
from reecheck.claimfile import ClaimFile, FileReader, WrittenPath, describe_os_error, load_topics, read_claim_file
from reecheck.derive import circular_derivations
from reecheck.discovery import discover
from reecheck.limits import CLAIM_FILE
from reecheck.model import Article, Corpus, Problem, Topic, display_path
from reecheck.parallel import forked_map

Progress = Callable[[int, int], None]
"""Told how many claim files of how many are read, so that a long load can show it."""

# Below this many files to read afresh, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
CHUNK = 32


def load(paths: Sequence[Path], cache: Path | None = None, progress: Progress | None = None) -> Corpus:
    """Read claim files (and folders of them) with the topics they use; `cache` is the cache
    folder, or None to neither read nor write one."""
    found = discover(paths)
    problems = list(found.problems)
    topics = load_topics(found.folders, problems)
    notes: list[str] = []
    contents: dict[Path, bytes] = {}
    files = load_claim_files(found.files, topics, cache, progress or ignore_progress, problems, notes, contents)
    articles = [resolved_article(loaded, folder.parent, problems) for loaded, folder in files]
    problems.extend(duplicate_articles(articles))
    claims = [claim for loaded, _ in files for claim in loaded.claims]
    problems.extend(circular_derivations(claims))
    written = {loaded.article.location.path: (loaded.text.text, loaded.text.location)
               for loaded, _ in files if loaded.text is not None}
    return Corpus(topics, tuple(articles), tuple(claims), tuple(sorted(problems, key=problem_order)),
                  found.folders, tuple(placeholder for loaded, _ in files for placeholder in loaded.placeholders),
                  tuple(notes), contents, written)


def ignore_progress(done: int, total: int) -> None:
    """Loading without anyone watching."""


def load_claim_files(files: Sequence[tuple[Path, Path]], topics: dict[str, Topic], cache: Path | None,
                     progress: Progress, problems: list[Problem], notes: list[str], contents: dict[Path, bytes]
                     ) -> list[tuple[ClaimFile, Path]]:
    """Each claim file that has an article, with its claims folder, in the order given; `contents` gets
    the SHA-256 of each file's bytes."""
    digests = {name: topic_digest(topic) for name, topic in topics.items()}
    packs = {folder: Pack(cache, folder) for folder in {folder for _, folder in files}} if cache else {}
    rereads: list[str] = []
    loaded: dict[Path, ClaimFile | None] = {}
    misses: list[tuple[Path, bytes]] = []
    for path, folder in files:
        reader = FileReader(path, limit=CLAIM_FILE)
        content = reader.read_bytes()
        if content is None:
            problems.extend(reader.problems)
            continue
        key = contents[path] = hashlib.sha256(content).digest()
        cached, why = packs[folder].lookup(path, key, digests) if cache else (None, "")
        if cached is not None:
            loaded[path] = cached
        else:
            misses.append((path, content))
            if why:
                rereads.append(f"cache: reading {display_path(path)}: {why}")
    notes += [f"cache: {line}" for pack in packs.values() for line in pack.rejections()] + rereads
    progress(len(loaded), len(files))
    folders = dict(files)
    for path, content, fresh, data, file_problems in read_fresh(misses, topics):
        loaded[path] = fresh
        problems.extend(file_problems)
        if cache:
            packs[folders[path]].remember(path, hashlib.sha256(content).digest(), digests,
                                          None if file_problems else fresh, data)
        progress(len(loaded), len(files))
    for pack in packs.values():
        pack.save()
    return [(claim_file, folder) for path, folder in files if (claim_file := loaded.get(path)) is not None]


Fresh = tuple[Path, bytes, ClaimFile | None, bytes | None, list[Problem]]
"""A file read afresh: its path and content, what it says, packed for the cache, and its problems."""


def read_fresh(misses: list[tuple[Path, bytes]], topics: dict[str, Topic]) -> Iterator[Fresh]:
    def read(miss: tuple[Path, bytes]) -> tuple[Path, bytes | None, list[Problem]]:
        """Where many are read, in a worker: the file packed as marshal bytes, which are quick to pass back."""
        path, content = miss
        reader = FileReader(path)
        claim_file = read_claim_file(reader, content, topics)
        return path, None if claim_file is None else packed(claim_file), reader.problems

    contents = dict(misses)
    for path, data, problems in forked_map(read, misses, PARALLEL_FROM, CHUNK):
        yield path, contents[path], None if data is None else unpacked(data), data, problems


def resolved_article(loaded: ClaimFile, root: Path, problems: list[Problem]) -> Article:
    """The article with its text's place checked now: a link may have changed since the file was cached."""
    if loaded.text is None:
        return loaded.article
    text_path = resolve_text(loaded.text, root, problems)
    return replace(loaded.article, text_path=text_path) if text_path else loaded.article


def resolve_text(written: WrittenPath, root: Path, problems: list[Problem]) -> Path | None:
    """An article text, which must lie inside the folder that holds claims/ (the project)."""
    candidate = Path(written.text)
    try:
        resolved = (root / candidate).resolve()
        inside = not candidate.is_absolute() and resolved.is_relative_to(resolved_folder(root))
        found = inside and exists(resolved)
        is_file = found and resolved.is_file()
    except (OSError, RuntimeError, ValueError) as error:
        problems.append(Problem(written.location, f"article: text path '{written.text}' cannot be followed: "
                                                  f"{unfollowable(error)}"))
        return None
    if not inside:
        problems.append(Problem(written.location, f"article: text path '{written.text}' points outside {root}"))
        return None
    if not is_file:
        problems.append(Problem(written.location, f"article: text file '{written.text}' "
                                                  f"{'is not a file' if found else 'does not exist'}"))
        return None
    return resolved


def exists(path: Path) -> bool:
    """Whether `path` exists; a link loop raises (Python 3.13's resolve no longer does, and exists()
    would call a loop missing)."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def unfollowable(error: OSError | RuntimeError | ValueError) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return "a link loop"
    return describe_os_error(error) if isinstance(error, OSError) else "not a usable path"


@lru_cache(maxsize=64)
def resolved_folder(folder: Path) -> Path:
    """A project folder with its links resolved, once for all the claim files under it."""
    return folder.resolve()


def duplicate_articles(articles: Sequence[Article]) -> Iterator[Problem]:
    first: dict[str, Article] = {}
    for article in articles:
        if article.id in first:
            yield Problem(article.location, f"article id '{article.id}' is also used in {first[article.id].location}")
        else:
            first[article.id] = article


def problem_order(problem: Problem) -> tuple[str, int, int]:
    return (display_path(problem.location.path), problem.location.line, problem.location.column)

"""What a run printed, kept by what it read: a run over the same claim files, with the same options,
into the same kind of terminal, prints it again without loading or comparing anything.

One entry per question (command, options, working folder, terminal, and the code that answers:
reecheck's files, rich and pint), holding the fingerprint of the claim files it was answered from;
a new answer replaces the old, so entries never pile up. An entry is trusted only when every
article text it named still exists, since a missing text is an error.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import dataclass

from reecheck.cache import cache_file, enabled, read_marshal, write_atomically

FORMAT = 1  # raise with every change to what an entry holds


@dataclass(frozen=True)
class Output:
    text: str
    worst: str | None
    """The most serious verdict shown, for --fail-on."""
    text_paths: tuple[str, ...]
    """Article texts the claim files name, which must still exist."""


class OutputMemo:
    def __init__(self, question: tuple[object, ...], fingerprint: str) -> None:
        self.path = cache_file("outputs", question, os.getcwd(), FORMAT)
        self.fingerprint = fingerprint

    def recall(self) -> Output | None:
        stored = read_marshal(self.path)
        if not (isinstance(stored, tuple) and len(stored) == 4):
            return None
        fingerprint, text, worst, text_paths = stored
        if (fingerprint != self.fingerprint or not isinstance(text, str) or not isinstance(text_paths, tuple)
                or not all(isinstance(path, str) and os.path.isfile(path) for path in text_paths)):
            return None
        return Output(text, worst, text_paths)

    def keep(self, output: Output) -> None:
        if enabled():
            write_atomically(self.path, marshal.dumps((self.fingerprint, output.text, output.worst,
                                                       output.text_paths)))


class DrawnTopics:
    """Topics as a console of one kind drew them, by the digest of what they show: a run after a
    small change draws again only the topics that changed. Kept are the topics of the latest runs,
    up to a bound, so that the file stays the size of a few reports."""

    most = 4096

    def __init__(self, console: tuple[object, ...]) -> None:
        self.path = cache_file("drawn", console, FORMAT)
        self.earlier = self.read()
        self.entries: dict[str, str] = dict(self.earlier)

    def read(self) -> dict[str, str]:
        stored = read_marshal(self.path)
        if not isinstance(stored, dict):
            return {}
        return {key: text for key, text in stored.items() if isinstance(key, str) and isinstance(text, str)}

    def keep(self) -> None:
        if not enabled() or self.entries.keys() == self.earlier.keys():
            return
        # The newest last: dicts keep insertion order, and the oldest are dropped first.
        recent = list(self.entries.items())[-self.most :]
        write_atomically(self.path, marshal.dumps(dict(recent)))

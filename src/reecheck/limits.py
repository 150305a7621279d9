"""Every limit reecheck puts on its input, in one place, and the bounded reading that holds sizes to them.

Claim files, article texts and baselines come from many hands; past a limit, input is a problem with
its place (exit 2), never a long wait, a crash or a guess. The README's *Limits* lists the same numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MIB = 1024 * 1024


@dataclass(frozen=True)
class SizeLimit:
    bytes: int
    what: str
    """What is limited, as a message names it: "a claim file"."""

    def __str__(self) -> str:
        return f"{self.bytes // MIB} MiB, the limit for {self.what}"


CLAIM_FILE = SizeLimit(1 * MIB, "a claim file")
YAML_FILE = SizeLimit(4 * MIB, "topics.yaml or a baseline")
ARTICLE_TEXT = SizeLimit(1 * MIB, "an article text")
YAML_DEPTH = 32
"""Levels of nested lists and mappings in a YAML file; a claim file needs four."""
FIELD_CHARACTERS = 4_000
"""Characters of one field of a YAML file: a value, a quote, a note, a derive expression."""
DERIVE_TERMS = 100
"""Numbers and topic references in one derive expression."""
DERIVE_NESTING = 20
"""Parentheses open at once in a derive expression."""
DERIVE_DIGITS = 30
"""Digits of one number in a derive expression."""


class TooLarge(Exception):
    """Input past its size limit; `str()` is the reason."""

    def __init__(self, limit: SizeLimit) -> None:
        super().__init__(f"larger than {limit}")


def read_bounded(path: Path, limit: SizeLimit) -> bytes:
    """A file's bytes, read no further than one byte past `limit`. Opening never waits for a FIFO's
    writer, and devices such as /dev/zero end at the limit like any file."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as stream:
        os.set_blocking(descriptor, True)
        return read_stream_bounded(stream, limit)


def text_of(content: bytes) -> str:
    """UTF-8 bytes as text, their line ends read as open() reads them."""
    return content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def read_stream_bounded(stream: BinaryIO, limit: SizeLimit) -> bytes:
    content = stream.read(limit.bytes + 1)
    if len(content) > limit.bytes:
        raise TooLarge(limit)
    return content

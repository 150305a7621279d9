"""Hand-built claims and corpora for core tests."""

from __future__ import annotations

from pathlib import Path

from reecheck.dates import GRANULARITIES
from reecheck.grammar import parse_unit_text, parse_value
from reecheck.model import Claim, Corpus, Location, Topic


def topic(name: str = "t.share", unit: str = "%", description: str = "A share") -> Topic:
    info = parse_unit_text(unit)
    return Topic(name, description, info.symbol, info.factor, info.base_unit, GRANULARITIES.get(unit))


def claim(value: str, *, topic_name: str = "t.share", article: str = "a", claim_id: str = "c",
          source: str = "unattributed", as_of: str | None = None, note: str | None = None, line: int = 1) -> Claim:
    return Claim(article, claim_id, topic_name, parse_value(value), source, f"quote for {value}",
                 Location(Path(f"claims/{article}.yaml"), line, 5), as_of, note)


def corpus(*claims: Claim, topics: tuple[Topic, ...] = ()) -> Corpus:
    registered = {t.name: t for t in topics} or {"t.share": topic()}
    return Corpus(topics=registered, claims=claims)

"""A figure and where it stands -> the registered topics that fit it, best first; and for a topic
nobody registered, the registered ones closest to it.

Offline and deterministic: a topic fits first by dimension (the value's base unit is the topic's; a
share's topic is shown in %, not as a count),
then by how much of its name and description the figure's clause and sentence hold, then by how often
the paragraph names its subject ("Russia", "China").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from reecheck.model import Topic, Value

SUGGESTIONS = 3
# Words too common in figures' sentences and topic descriptions to say which topic fits.
COMMON_WORDS = frozenset({
    "the", "a", "an", "of", "in", "on", "at", "by", "for", "from", "to", "and", "or", "its", "it", "is", "was",
    "are", "were", "has", "had", "have", "that", "this", "with", "as", "one", "year", "years", "about",
    "around", "roughly", "some", "only", "just", "than", "more", "less", "which", "who", "be", "been", "per",
    "number", "how", "many", "times", "all", "world", "global", "share", "today", "rare", "earth",
})
# Words are compared by their first letters, so that "reserves" meets "reserve" and "processes"
# meets "processing" without a stemmer.
STEM = 6


@dataclass(frozen=True)
class Context:
    """Where a figure stands, from nearest to widest."""

    clause: str
    """Its part of the sentence, between commas or dashes."""
    sentence: str
    paragraph: str


def words(text: str) -> frozenset[str]:
    """The telling words of a text, lower case, each cut to its first letters."""
    found = (word[:STEM] for word in re.findall(r"[a-z]+", text.lower().replace("’", "'").replace("'s", "")))
    return frozenset(word for word in found if word not in COMMON_WORDS and len(word) > 2)


def topic_words(topic: Topic) -> frozenset[str]:
    return words(f"{topic.name.replace('.', ' ').replace('-', ' ')} {topic.description}")


def suggest_topics(value: Value, context: Context, topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """The topics that fit a figure: those of its dimension first (for a share or a multiple, those shown
    in its unit before other plain numbers), then by the share of their words found
    in its clause, then in its sentence (a share, so that "Chile's production" beats a topic listing
    five countries), then by how often the paragraph names their subject (a topic name's first part:
    "russia", "china"). A topic of another dimension with no word in common is none."""
    clause, sentence = words(context.clause), words(context.sentence)
    named = subject_counts(context.paragraph)
    ranked = []
    for topic in topics.values():
        fits = topic.base_unit == value.base_unit
        # shares, counts and multiples are all dimensionless: a "45%" is a share before it is a count
        unlike = fits and value.base_unit == "dimensionless" and bool(value.unit) and topic.unit != value.unit
        described = topic_words(topic)
        near, shared = len(clause & described), len(sentence & described)
        size = len(described) or 1  # a topic of common words alone ("a.share", "A share") shares none
        if fits or shared:
            subject = named.get(topic.name.split(".")[0][:STEM], 0)
            ranked.append(((not fits, unlike, -near / size, -shared / size, -subject, topic.name),
                           topic.name))
    return tuple(name for _, name in sorted(ranked)[:SUGGESTIONS])


@lru_cache(maxsize=4)
def subject_counts(paragraph: str) -> Mapping[str, int]:
    """How often a paragraph names each word, by its first letters; the figures of one paragraph count
    its words once."""
    return Counter(word[:STEM] for word in re.findall(r"[a-z]+", paragraph.lower()))


def closest_topics(name: str, value: Value, quote: str, topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """For a topic name nobody registered: the registered topics in the value's dimension, by the words
    they share with the name and the quote, then by how alike the names are written."""
    wanted = words(f"{name.replace('.', ' ').replace('-', ' ')} {quote}")
    ranked = sorted((-len(wanted & topic_words(topic)), -SequenceMatcher(None, name, topic.name).ratio(), topic.name)
                    for topic in topics.values() if topic.base_unit == value.base_unit)
    return tuple(topic_name for _, _, topic_name in ranked[:SUGGESTIONS])

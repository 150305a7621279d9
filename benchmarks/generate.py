"""Write a deterministic synthetic corpus: claims/ with topics.yaml and one file per article, seeds/ texts.

    python benchmarks/generate.py OUT --articles 2000 --claims-per-article 50 --seed 1

Claims look like the curated ones: ranges, qualifiers, several units and topics, quotes found in the
article text, a few sources, and some topics whose sources disagree. Each topic's figures describe
one period (a year or a month of it), so that a repeated figure is not a figure given for two periods.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

UNITS = [  # topic unit, how a value is written, typical size
    ("million tonnes", "{} million tonnes", 30.0),
    ("t", "{} metric tons", 2500.0),
    ("%", "{}%", 40.0),
    ("USD / kg", "US ${} per kg", 11.0),
    ("count", "{}", 15.0),
]
QUALIFIERS = ["", "", "", "about ", "roughly ", "some ", "around "]
SOURCES = ["USGS", "Ministry of Natural Resources", "IEA", "analysts", "company filings", "unattributed"]


def fixed(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{round(value):,}"


def value_text(rng: random.Random, pattern: str, typical: float, kind: str) -> str:
    """Most articles repeat a topic's figure, worded their own way; some topics have a rival estimate."""
    if kind == "gross" and rng.random() < 0.3:
        typical *= 7.5
    elif kind == "conflict" and rng.random() < 0.3:
        typical *= 1.3
    if rng.random() < 0.1:
        return pattern.format(f"{fixed(typical * 0.95)}-{fixed(typical * 1.05)}")
    return rng.choice(QUALIFIERS) + pattern.format(fixed(typical))


def generate(out: Path, articles: int, claims_per_article: int, seed: int) -> None:
    rng = random.Random(seed)
    topic_count = max(10, articles * claims_per_article // 200)
    topics = []
    for index in range(topic_count):
        unit, pattern, typical = UNITS[index % len(UNITS)]
        kind = "gross" if index % 20 == 0 else "conflict" if index % 20 == 1 else "consistent"
        period = rng.choice(["2023", "2024", "2024-06"])
        topics.append((f"synthetic.topic-{index:05d}", unit, pattern, typical * rng.uniform(0.5, 2), kind, period))
    (out / "claims").mkdir(parents=True, exist_ok=True)
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    with open(out / "claims" / "topics.yaml", "w", encoding="utf-8") as registry:
        for name, unit, *_ in topics:
            registry.write(f"{name}:\n  description: Synthetic measure {name[-5:]}\n  unit: \"{unit}\"\n")
    for article in range(articles):
        write_article(out, f"outlet-{article:05d}", rng, topics, claims_per_article)


def write_article(out: Path, article_id: str, rng: random.Random,
                  topics: list[tuple[str, str, str, float, str, str]], claims: int) -> None:
    sentences = []
    lines = [f"article:\n  id: {article_id}\n  title: Synthetic article {article_id}\n"
             f"  published: 2025-11-{rng.randint(1, 28):02d}\n  text: seeds/{article_id}.txt\nclaims:\n"]
    for index in range(claims):
        name, _, pattern, typical, kind, period = rng.choice(topics)
        value = value_text(rng, pattern, typical, kind)
        source = rng.choice(SOURCES)
        quote = f"The {name} figure stands at {value} this year"
        sentences.append(f"{quote}, according to {source}.")
        lines.append(f"  - id: claim-{index:03d}\n    topic: {name}\n    value: {value}\n    source: {source}\n"
                     f"    as_of: {period}\n    quote: \"{quote}\"\n")
    (out / "claims" / f"{article_id}.yaml").write_text("".join(lines), encoding="utf-8")
    (out / "seeds" / f"{article_id}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims-per-article", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.articles, arguments.claims_per_article, arguments.seed)


if __name__ == "__main__":
    main()

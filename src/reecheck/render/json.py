"""`--format json`: the Report as one JSON object; the keys are a public contract."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reecheck.compare import PeriodComparison, PlacedClaim, Report, TopicComparison, gap_fields
from reecheck.dates import DATE_UNIT, iso_day
from reecheck.model import Topic, Value, display_path
from reecheck.render.safe import json_number

if TYPE_CHECKING:
    from reecheck.scan import Coverage


def number(value: Decimal | None) -> float | None:
    return None if value is None else json_number(float(value))


def bound(value: Decimal | None, unit: str) -> float | str | None:
    """A bound for JSON: a number, or for dates the ISO day."""
    if value is None:
        return None
    return iso_day(value) if unit == DATE_UNIT else json_number(float(value))


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "topics": [topic_to_dict(topic) for topic in report.topics],
        "hidden_consistent": report.hidden_consistent,
        "options": {
            "tolerance": number(report.options.tolerance),
            "gross_ratio": number(report.options.gross_ratio),
            "gross_days": report.options.gross_days,
            "gross_places": report.options.gross_places,
            "topic": report.options.topic_pattern,
            "all": report.options.include_consistent,
            "article": report.options.article_pattern,
            "source": report.options.source_pattern,
        },
    }


def topic_to_dict(comparison: TopicComparison) -> dict[str, Any]:
    return {
        "topic": comparison.topic.name,
        "description": comparison.topic.description,
        "unit": comparison.topic.unit,
        "verdict": comparison.verdict.value,
        "max_gap_ratio": number(comparison.max_gap_ratio),
        "max_gap_days": comparison.max_gap_days,
        "max_gap_places": comparison.max_gap_places,
        "kinds": list(comparison.kinds),
        "periods": [period_to_dict(found, comparison.topic) for found in comparison.periods],
        "reasons": [{"kind": reason.kind, "text": reason.text} for reason in comparison.reasons],
        "claims": [claim_to_dict(placed, comparison.topic) for placed in comparison.claims],
    }


def period_to_dict(found: PeriodComparison, topic: Topic) -> dict[str, Any]:
    """One set of claims compared with each other: its days (null for undated claims alone) and verdict."""
    gaps = gap_fields(found.gap if found.pair is not None else None, topic)
    return {**(found.period.iso() if found.period else {"start": None, "end": None}),
            "verdict": found.verdict.value, **{name: number(size) if name == "max_gap_ratio" else size
                                               for name, size in gaps.items()}}


def claim_to_dict(placed: PlacedClaim, topic: Topic) -> dict[str, Any]:
    claim = placed.claim
    return {
        "article": claim.article_id,
        "url": claim.article_url,
        "id": claim.id,
        "value": claim.value.text,
        "qualifier": claim.value.qualifier.value,
        "low": bound(placed.stated.low, claim.value.base_unit),
        "high": bound(placed.stated.high, claim.value.base_unit),
        "source": claim.source,
        "as_of": claim.as_of,
        "quote": claim.quote,
        "note": claim.note,
        "reference": claim.reference,
        "derive": claim.derive.text if claim.derive else None,
        "computed_low": bound(placed.computed.interval.low, claim.value.base_unit) if placed.computed else None,
        "computed_high": bound(placed.computed.interval.high, claim.value.base_unit) if placed.computed else None,
        "file": display_path(claim.location.path),
        "line": claim.location.line,
        "unit": topic.unit,
        "period": placed.period.iso() if placed.period else None,
        "published": placed.published,
    }


def value_to_dict(value: Value) -> dict[str, Any]:
    """`reecheck parse --format json`."""
    return {
        "text": value.text,
        "low": bound(value.low, value.unit),
        "high": bound(value.high, value.unit),
        "unit": value.unit,
        "base_low": bound(value.base_low, value.unit),
        "base_high": bound(value.base_high, value.unit),
        "base_unit": value.base_unit,
        "qualifier": value.qualifier.value,
        "precision": number(value.precision),
    }


def render_json(report: Report) -> str:
    # One line: json's C encoder only serves output without indentation, and large reports need it.
    return json.dumps(report_to_dict(report), ensure_ascii=False, allow_nan=False) + "\n"


def coverage_to_dict(item: Coverage) -> dict[str, Any]:
    """`reecheck scan --format json`: one figure of an article's text."""
    figure = item.figure
    return {
        "text": figure.text,
        "start": figure.start,
        "end": figure.end,
        "line": figure.line,
        "column": figure.column,
        "low": number(figure.value.low),
        "high": number(figure.value.high),
        "unit": figure.value.unit,
        "qualifier": figure.value.qualifier.value,
        "covered_by": item.covered_by,
    }

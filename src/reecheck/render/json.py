"""`--format json`: the Report as one JSON object; the keys are a public contract."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from reecheck.compare import PlacedClaim, Report, TopicComparison
from reecheck.model import Value, display_path
from reecheck.scan import Coverage


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "topics": [topic_to_dict(topic) for topic in report.topics],
        "hidden_consistent": report.hidden_consistent,
        "options": {
            "tolerance": number(report.options.tolerance),
            "gross_ratio": number(report.options.gross_ratio),
            "topic": report.options.topic_pattern,
            "all": report.options.include_consistent,
        },
    }


def topic_to_dict(comparison: TopicComparison) -> dict[str, Any]:
    return {
        "topic": comparison.topic.name,
        "description": comparison.topic.description,
        "unit": comparison.topic.unit,
        "verdict": comparison.verdict.value,
        "max_gap_ratio": number(comparison.max_gap_ratio),
        "reasons": [{"kind": reason.kind, "text": reason.text} for reason in comparison.reasons],
        "claims": [claim_to_dict(placed) for placed in comparison.claims],
    }


def claim_to_dict(placed: PlacedClaim) -> dict[str, Any]:
    claim = placed.claim
    return {
        "article": claim.article_id,
        "id": claim.id,
        "value": claim.value.text,
        "qualifier": claim.value.qualifier.value,
        "low": number(placed.stated.low),
        "high": number(placed.stated.high),
        "source": claim.source,
        "as_of": claim.as_of,
        "quote": claim.quote,
        "note": claim.note,
        "file": display_path(claim.location.path),
        "line": claim.location.line,
    }


def value_to_dict(value: Value) -> dict[str, Any]:
    """`reecheck parse --format json`."""
    return {
        "text": value.text,
        "low": number(value.low),
        "high": number(value.high),
        "unit": value.unit,
        "base_low": number(value.base_low),
        "base_high": number(value.base_high),
        "base_unit": value.base_unit,
        "qualifier": value.qualifier.value,
        "precision": number(value.precision),
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


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

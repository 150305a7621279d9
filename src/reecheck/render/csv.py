"""`--format csv`: one row per claim, its topic's verdict repeated on each."""

from __future__ import annotations

import csv
import io

from reecheck.compare import Report
from reecheck.render.json import claim_to_dict

COLUMNS = ["topic", "unit", "verdict", "max_gap_ratio", "max_gap_days", "max_gap_places", "article", "id", "value",
           "qualifier", "low", "high", "source", "as_of", "period", "published", "quote", "note", "reference", "derive",
           "computed_low", "computed_high", "file", "line", "kinds", "reasons"]


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for comparison in report.topics:
        reasons = "; ".join(reason.text for reason in comparison.reasons)
        for placed in comparison.claims:
            writer.writerow({
                "topic": comparison.topic.name,
                "unit": comparison.topic.unit,
                "verdict": comparison.verdict.value,
                "max_gap_ratio": comparison.max_gap_ratio,
                "max_gap_days": comparison.max_gap_days,
                "max_gap_places": comparison.max_gap_places,
                **claim_to_dict(placed, comparison.topic),
                "period": f"{placed.period.iso()['start']}/{placed.period.iso()['end']}" if placed.period else "",
                "kinds": "; ".join(comparison.kinds),
                "reasons": reasons,
            })
    return buffer.getvalue()

"""`--format csv`: one row per claim, its topic's verdict repeated on each."""

from __future__ import annotations

import csv
import io

from reecheck.compare import Report
from reecheck.render.json import claim_to_dict
from reecheck.render.safe import spreadsheet_cell

COLUMNS = ["topic", "unit", "verdict", "max_gap_ratio", "max_gap_days", "max_gap_places", "article", "id", "value",
           "qualifier", "low", "high", "source", "as_of", "period", "published", "quote", "note", "reference", "derive",
           "computed_low", "computed_high", "file", "line", "kinds", "reasons", "url"]


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    # The csv module quotes a field holding a line break only when the break is in the line
    # terminator, so a lone \r would end a row for most readers: such rows are quoted whole.
    quoting_all = csv.DictWriter(buffer, COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for comparison in report.topics:
        reasons = "; ".join(reason.text for reason in comparison.reasons)
        for placed in comparison.claims:
            row = {
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
            }
            safe = {column: spreadsheet_cell(value) for column, value in row.items()}
            has_return = any(isinstance(value, str) and "\r" in value for value in safe.values())
            (quoting_all if has_return else writer).writerow(safe)
    return buffer.getvalue()

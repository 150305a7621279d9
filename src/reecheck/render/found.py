"""`find`'s formats: one grep-like line per claim, or a JSON list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reecheck.model import Claim, display_path
from reecheck.render.safe import terminal_text


def render_found_text(claims: Sequence[Claim]) -> str:
    """`file:line: value (topic, source)`, as grep shows a match, so an editor can jump to it."""
    return "".join(terminal_text(f"{display_path(claim.location.path)}:{claim.location.line}: "
                                 f"{claim.value.text} ({claim.topic}, {claim.source})") + "\n"
                   for claim in claims)


def found_to_dict(claim: Claim) -> dict[str, Any]:
    return {"file": display_path(claim.location.path), "line": claim.location.line,
            "article": claim.article_id, "id": claim.id, "topic": claim.topic, "value": claim.value.text,
            "source": claim.source, "as_of": claim.as_of, "quote": claim.quote}


def render_found_json(claims: Sequence[Claim]) -> str:
    return json.dumps([found_to_dict(claim) for claim in claims], indent=2, ensure_ascii=False) + "\n"

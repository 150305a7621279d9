"""Text from claim files, baselines and article names, made safe for where each format sends it.

Claim files come from many hands and from pull requests that CI runs on, so every field is untrusted:
a terminal must not receive its control sequences, a spreadsheet must not run it as a formula, a
Markdown table must not be split or turned into HTML by it, and a JSON reader must be able to parse
every number written.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import quote

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional overrides
# and isolates, which can make a terminal show text other than what the file says.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Every way YAML and Unicode break a line; a Markdown table row must stay on one.
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# What makes a Markdown line a heading, quote, list, rule or fence when it comes first.
MARKDOWN_BLOCK_START = re.compile(r"[#>+*=~`|-]|\d+[.)]")
# What an HTML document may not hold, or would let text pose as other text: controls (tab and line
# breaks aside, which are spaces there), lone surrogates, noncharacters and the bidirectional overrides.
HTML_FORBIDDEN_CHARACTERS = ("\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                             "\u202a-\u202e\u2066-\u2069")
HTML_FORBIDDEN = re.compile(f"[{HTML_FORBIDDEN_CHARACTERS}]")
# Every character html_text changes; most texts hold none, and one search is cheaper than escaping.
HTML_CHANGED = re.compile(f"[&<>\"'{HTML_FORBIDDEN_CHARACTERS}]")
# An address that is a link everywhere: no white space, quotes or brackets that could end a Markdown
# link or an HTML attribute early.
PLAIN_WEB_ADDRESS = re.compile(r"https?://[^/\s<>\"'`()\\][^<>\"'`()\\]*", re.IGNORECASE)
# Characters a URL keeps as they are; anything else in a claim file's url is percent-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
# OWASP's list of what makes a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Widths a terminal table can be drawn at; COLUMNS outside them is a mistake, not a request.
NARROWEST, WIDEST = 40, 1000


def visible(character: str) -> str:
    """A control character as a reader can see it: \\t, \\n, \\r, \\x1b or \\u202e."""
    code = ord(character)
    return SHORT_ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_text(text: str) -> str:
    """`text` with every control character shown escaped, so that none reaches a terminal raw."""
    return CONTROL.sub(lambda match: visible(match[0]), text)


def terminal_width(width: int) -> int:
    return min(max(width, NARROWEST), WIDEST)


def markdown_cell(text: str) -> str:
    """`text` inside a Markdown table cell or line: HTML shown as text, line breaks as <br>, `|`
    escaped, so that it can neither add markup nor end its row."""
    one_line = LINE_BREAK.sub("<br>", html.escape(text, quote=False))
    return terminal_text(one_line).replace("|", "\\|")


def markdown_paragraph(text: str) -> str:
    """A cell's text at the start of a line, where it must not open a heading, list or quote."""
    cell = markdown_cell(text)
    return "\\" + cell if MARKDOWN_BLOCK_START.match(cell) else cell


def spreadsheet_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' as OWASP recommends;
    numbers, including negative ones, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def json_number(value: float) -> float | None:
    """JSON has no Infinity or NaN: a number beyond a double's range is null."""
    return value if math.isfinite(value) else None


def html_text(text: str) -> str:
    """`text` as HTML text or an attribute's value: markup shown as written, and every character a
    document may not hold shown escaped (\\x1b, \\u202e)."""
    if HTML_CHANGED.search(text) is None:
        return text
    return HTML_FORBIDDEN.sub(lambda match: visible(match[0]), html.escape(text, quote=True))


def web_address(url: str | None) -> str | None:
    """A claim file's `url` fit for a link: http or https only (never javascript:, data: or file:),
    with anything a URL may not hold percent-encoded; None for anything else, which is shown as text."""
    if url is None or not PLAIN_WEB_ADDRESS.fullmatch(url) or HTML_FORBIDDEN.search(url):
        return None
    return quote(url, safe=URL_SAFE)

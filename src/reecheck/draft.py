"""An article's text and its uncovered figures -> a claim file to curate from, in the shipped layout.

What the text shows is read, not guessed: the title from its first line that is not a date, the
publication date from a date line among the first three lines, a `url` written in it, each figure's
whole sentence as its quote (its clause, or the words around it, when the sentence is longer than a
field may be), `as_of` from the sentence or its table ("in 2023", "2023 data", "as of
January 2023", "by 2030", "the first quarter of 2023", a year column), `source` from an attribution
("according to the USGS", "the ministry said", "X estimates") written the way the corpus already
writes that source, else `unattributed`; a table cell without a unit takes its column header's
("Production (metric tons)"). Topics are left `TODO` for a person to choose, with the registered
topics that fit as a comment beside.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from yaml import YAMLError

from reecheck.baseline import double_quoted, yaml_scalar
from reecheck.dates import DateError, iso_day, parse_date
from reecheck.grammar import GrammarError, parse_value
from reecheck.limits import FIELD_CHARACTERS
from reecheck.model import PLACEHOLDER, UNATTRIBUTED, Topic, is_placeholder
from reecheck.plain import MappingNode
from reecheck.plain import read as read_yaml
from reecheck.scan import MONTHS, Figure, figure_key, normal_text
from reecheck.suggest import Context, suggest_topics, topic_words, words


class DraftError(Exception):
    """A claim file the draft cannot add to without changing what is written; says why, and where
    (line and column from 1, 0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class DraftArticle:
    id: str
    title: str
    text: str
    """The text's path as the claim file writes it, relative to the folder holding claims/."""
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class DraftClaim:
    id: str
    topics: tuple[str, ...]
    """The registered topics that fit, best first; the claim's topic is left for a person to choose."""
    value: str
    source: str
    as_of: str | None
    quote: str
    refused: str | None = None
    """Why a claim file cannot hold the value as the article writes it ("tons": metric or short?); the
    value is then left TODO, with this beside it."""


# A line that is only a date, among a text's first lines, is its publication date ("November 20, 2025").
DATE_LINES = 3
URL = re.compile(r"https?://[^\s<>\"'()]+[^\s<>\"'().,;:]")


def draft_article(text: str, article_id: str, text_path: str) -> DraftArticle:
    """The article block: title from the first line that is not a date, `published` from a date line
    among the first three, `url` from the first web address written in the text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # the date line stands above the title or just below it ("Tue 27 Feb 2024, 10:39 AM")
    published = next((day for day in map(day_of, lines[:DATE_LINES]) if day is not None), None)
    title = shortened(next((line for line in lines if day_of(line) is None), article_id))
    url = URL.search(text)
    return DraftArticle(article_id, title, text_path, published, url.group() if url else None)


def shortened(text: str) -> str:
    """A title no longer than a field may be: cut at the last space that fits, with "…"."""
    if len(text) <= FIELD_CHARACTERS:
        return text
    cut = text[:FIELD_CHARACTERS - 1]
    return cut[:cut.rfind(" ")].rstrip() + "…" if " " in cut else cut + "…"


# What may stand before a publication date on its line: "Published: Thursday, November 20, 2025",
# "Tue 27 Feb 2024"; and after it: the time of day ("27 Feb 2024, 10:39 AM", "… 11:03 AM GMT").
DATE_LABEL = re.compile(r"\A(?:(?:published|updated|posted)(?: on)?:?\s+)?"
                        r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?",
                        re.IGNORECASE)
TIME_OF_DAY = re.compile(r",?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?\Z")


def day_of(line: str) -> str | None:
    """The ISO day a line states, when it is nothing but a date of one day ("Published: Thursday,
    November 20, 2025" too)."""
    try:
        value = parse_date(TIME_OF_DAY.sub("", DATE_LABEL.sub("", line, count=1), count=1))
    except DateError:
        return None
    if value.low is None or value.low != value.high:
        return None
    return iso_day(value.low)


def draft_claims(text: str, figures: Iterable[Figure], topics: Mapping[str, Topic], sources: Iterable[str],
                 taken: Iterable[str] = ()) -> tuple[DraftClaim, ...]:
    """One claim per figure, but one for a figure written word for word more than once (a claim covers
    every such occurrence); ids unique among themselves and `taken`."""
    known = sorted({source for source in sources if normal_text(source) != UNATTRIBUTED
                    and not is_placeholder(source)})
    used = set(taken)
    seen = set()
    layout = text_layout(text)
    drafted = []
    for figure in figures:
        same = (normal_text(figure.text), figure_key(figure.value))
        if same in seen:
            continue
        seen.add(same)
        claim = draft_claim(layout, figure, topics, known, used)
        used.add(claim.id)
        drafted.append(claim)
    return tuple(drafted)


def draft_claim(layout: TextLayout, figure: Figure, topics: Mapping[str, Topic], known: Sequence[str],
                used: set[str]) -> DraftClaim:
    text = layout.text
    start, end = sentence_span(layout, figure.start, figure.end)
    sentence = text[start:end]
    row = table_row(layout, figure)
    value = " ".join(figure.text.split())
    if row is not None:
        value = with_header_unit(value, figure, row.header_cell)
    as_of = period_near(sentence, figure.start - start, figure.end - start)
    if as_of is None and row is not None:
        as_of = row.year or period_near(row.header, 0, 0)
    suggested = suggest_topics(figure.value, Context(clause(sentence, figure.start - start, figure.end - start),
                                                     sentence, paragraph(layout, figure.start)), topics)
    quote = quote_of(sentence, figure.start - start, figure.end - start)
    # a topic suggested for its dimension alone says nothing of the figure: "eu-import-share" for
    # a share of cobalt output misleads, the words before the figure do not
    named = next((name for name in suggested[:1] if words(sentence) & topic_words(topics[name])), None)
    claim_id = unique_id(id_words(named, text[start:figure.start], as_of), used)
    source = source_of(sentence, figure.start - start, figure.end - start, known)
    return DraftClaim(claim_id, suggested, value, source, as_of, quote, refusal(value))


def refusal(value: str) -> str | None:
    """Why the claim grammar refuses a figure the scanner reads leniently, if it does."""
    try:
        parse_value(value)
    except GrammarError as error:
        return str(error)
    return None


# Abbreviations whose period ends no sentence ("U.S. Geological Survey", "Dr. Smith", "Oct. 31").
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "inc", "corp", "co", "ltd", "jr",
                           "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                           "dec", "approx", "est"})
# A stop with no space after it ends a sentence too when a word follows it ("in 2022.Russia is"), as
# texts copied from web pages often lose the space; initials ("U.S.Army") do not.
SENTENCE_END = re.compile(r"(?<=[.?!])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z0-9]{2}\.)(?=[A-Z][a-z])|\n[ \t]*\n")
# A line this long that ends without a stop is a wrapped line of a paragraph, not a heading.
WRAPPED_LINE = 50


@dataclass(frozen=True)
class TextLayout:
    """A text with what every figure's claim reads of it, found once: its sentence ends and its lines."""
    text: str
    stop_starts: tuple[int, ...]
    """Where each sentence end (a stop and the space after it, a blank line) begins, in order."""
    stop_ends: tuple[int, ...]
    """Where each of them ends, in the same order."""
    line_breaks: tuple[int, ...]
    """The line breaks that end a line of its own (see `line_breaks`), in order."""
    lines: tuple[str, ...]
    rows: tuple[bool, ...]
    """Whether each line is a row of cells."""
    blank_line: bool
    """Whether the text has a blank line: its paragraphs are then separated by blank lines."""


def text_layout(text: str) -> TextLayout:
    stops = [match.span() for match in SENTENCE_END.finditer(text) if not is_abbreviation(text, match.start())]
    lines = tuple(text.splitlines())
    return TextLayout(text, tuple(start for start, _ in stops), tuple(end for _, end in stops),
                      tuple(line_breaks(text, 0, len(text))), lines, tuple(map(is_row, lines)),
                      BLANK_LINE.search(text) is not None)


def sentence_span(layout: TextLayout, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: cut at a full stop (not an abbreviation's), a blank line,
    or a line break after a short line (a heading, a row); a wrapped paragraph's line breaks are read
    through."""
    text = layout.text
    # sentence ends do not overlap, so their starts and their ends are both in order
    earlier = bisect_right(layout.stop_ends, start)
    before = layout.stop_ends[earlier - 1] if earlier else 0
    later = bisect_left(layout.stop_starts, end)
    after = layout.stop_starts[later] if later < len(layout.stop_starts) else len(text)
    breaks = layout.line_breaks
    last = bisect_left(breaks, start) - 1  # the last line break before the figure, within the sentence
    if last >= 0 and breaks[last] >= before:
        before = breaks[last] + 1
    first = bisect_left(breaks, end)  # and the first after it
    if first < len(breaks) and breaks[first] < after:
        after = breaks[first]
    return before, after


def line_breaks(text: str, start: int, end: int) -> list[int]:
    """The line breaks between start and end that end a line of its own: after a short line or a stop."""
    breaks = []
    position = text.find("\n", start, end)
    while position != -1:
        line = text[text.rfind("\n", 0, position) + 1:position].rstrip()
        if len(line) < WRAPPED_LINE or line.endswith((".", "?", "!", ":", "”", '"')):
            breaks.append(position)
        position = text.find("\n", position + 1, end)
    return breaks


def is_abbreviation(text: str, stop: int) -> bool:
    word = re.search(r"([\w.]+)\.[\"”’)]*\Z", text[max(0, stop - 12):stop])
    return word is not None and (word.group(1).lower() in ABBREVIATIONS
                                 or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word.group(1)) is not None)


CLAUSE_BREAK = re.compile(r"[,;:(—–]\s|\s[—–]\s")


def clause(sentence: str, start: int, end: int) -> str:
    """The part of a sentence between the commas, dashes or colons around a figure (at start:end)."""
    before, after = clause_span(sentence, start, end)
    return sentence[before:after]


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    before = max((match.end() for match in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    after = CLAUSE_BREAK.search(sentence, end)
    return before, after.start() if after else len(sentence)


def quote_of(sentence: str, start: int, end: int) -> str:
    """A figure's (at start:end) quote, its spaces as one: its sentence; when that is longer than a field
    may be, its clause; when that is too, the words around it that fit."""
    quote = flat(sentence)
    if len(quote) <= FIELD_CHARACTERS:
        return quote
    before, after = clause_span(sentence, start, end)
    if len(flat(sentence[before:after])) <= FIELD_CHARACTERS:
        return flat(sentence[before:after])
    reach = max(0, (FIELD_CHARACTERS - (end - start)) // 2)
    low, high = max(before, start - reach), min(after, end + reach)
    # whole words only: a cut word would be no part of the text as it is written
    if low > before and not sentence[low - 1].isspace():
        low = next((at for at in range(low, start) if sentence[at].isspace()), start)
    if high < after and not sentence[high].isspace():
        high = next((at for at in range(high, end, -1) if sentence[at - 1].isspace()), end)
    return flat(sentence[low:high])


def flat(text: str) -> str:
    """A quote as written, its spaces and line breaks as one space, without the closing stop."""
    return " ".join(text.split()).rstrip(".")


def paragraph(layout: TextLayout, offset: int) -> str:
    """The paragraph around an offset: between blank lines, or between line breaks in a text that has
    no blank line (one paragraph a line)."""
    text = layout.text
    separator = "\n\n" if layout.blank_line else "\n"
    start = text.rfind(separator, 0, offset) + 1
    end = text.find(separator, offset)
    return text[start:end if end != -1 else len(text)]


BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class TableRow:
    header: str
    """The table's first row."""
    header_cell: str
    """The header of the figure's column."""
    year: str | None
    """The figure's year: its column's header, or another cell of its row, when one is a year."""


CELL_SEPARATOR = re.compile(r"\s*\|\s*|\t+| {2,}")
YEAR = r"(?:19|20)\d\d"


def table_row(layout: TextLayout, figure: Figure) -> TableRow | None:
    """The table row a figure stands in, when its line is a row of cells below a header row."""
    lines, rows = layout.lines, layout.rows
    index = figure.line - 1
    if not rows[index]:
        return None
    first = index
    while first > 0 and rows[first - 1]:
        first -= 1
    if first == index:
        return None
    header, row = cells(lines[first]), cells(lines[index])
    column = next((number for number, cell in enumerate(row) if figure.text in cell), None)
    if column is None or len(header) != len(row):
        return None
    year = header[column] if re.fullmatch(YEAR, header[column]) else next(
        (cell for cell in row if re.fullmatch(YEAR, cell)), None)
    return TableRow(lines[first], header[column], year)


def is_row(line: str) -> bool:
    """A line of two cells or more; prose with two spaces after a full stop is no row."""
    return len(cells(line)) > 1 and ("|" in line or "\t" in line or not line.rstrip().endswith((".", "?", "!")))


def cells(line: str) -> list[str]:
    return [cell for cell in CELL_SEPARATOR.split(line.strip().strip("|")) if cell and not set(cell) <= set("-:")]


def with_header_unit(value: str, figure: Figure, header_cell: str) -> str:
    """A bare number in a column whose header gives the unit, with that unit: "170,000 metric tons"."""
    unit = re.search(r"\(([^()]+)\)\s*\Z", header_cell)
    if unit is None or figure.value.unit or figure.value.base_unit != "dimensionless":
        return value
    written = f"{value} {unit.group(1).strip()}"
    try:
        parse_value(written)
    except GrammarError:
        return value
    return written


MONTH = "|".join(month.capitalize() for month in MONTHS)
QUARTERS = ("first", "second", "third", "fourth")
PERIODS = (
    re.compile(rf"\bas (?:of|at) (?:the end of |end-|early |mid-?|late )?(?:(?P<month>{MONTH}) )?(?P<year>{YEAR})\b"),
    # "by 2030" and "until 2040" date a target or a forecast to the year it is meant for
    re.compile(rf"\b(?:[Ii]n|[Ff]or|[Dd]uring|[Bb]y|[Uu]ntil|end of|end-) (?:the year |early |mid-?|late |fiscal )?"
               rf"(?:(?P<month>{MONTH}) )?(?P<year>{YEAR})\b(?![-–]\d)"),
    re.compile(rf"\b(?P<year>{YEAR}) (?:data|figures|estimates?|numbers|statistics)\b"),
    re.compile(rf"\b(?:the )?(?P<quarter>{'|'.join(QUARTERS)}|1st|2nd|3rd|4th) quarter of (?P<year>{YEAR})\b"),
    re.compile(rf"\bQ(?P<quarter>[1-4]) (?P<year>{YEAR})\b"),
)
# How far from its figure a dating phrase may stand: further, it dates another figure of the sentence.
PERIOD_REACH = 60


def period_near(sentence: str, start: int, end: int) -> str | None:
    """The period a sentence dates its figure (at start:end) to: the dating phrase nearest to it, or,
    with none within reach, the one that opens the sentence ("In 2022, the central bank estimated …")."""
    found = []
    for pattern in PERIODS:
        for match in pattern.finditer(sentence):
            if match.start() < end and start < match.end():
                continue  # the figure itself
            distance = match.start() - end if match.start() >= end else start - match.end()
            if distance > PERIOD_REACH and not opens(sentence, match):
                continue
            found.append((distance, period_of(match)))
    return min(found)[1] if found else None


def opens(sentence: str, match: re.Match[str]) -> bool:
    """Whether a dating phrase opens its sentence, before a comma: it dates every figure of it."""
    return not sentence[:match.start()].strip() and sentence[match.end():].startswith(",")


def period_of(match: re.Match[str]) -> str:
    """A dating phrase's period as `as_of` writes it: "2023", "2023-01", "Q1 2023"."""
    groups = match.groupdict()
    quarter = groups.get("quarter")
    if quarter:
        number = QUARTERS.index(quarter) + 1 if quarter in QUARTERS else int(quarter[0])
        return f"Q{number} {match.group('year')}"
    month = groups.get("month")
    return match.group("year") + (f"-{MONTHS.index(month.lower()) + 1:02d}" if month else "")


VERBS = (r"(?:estimates?|estimated|says?|said|reports?|reported|reporting|notes?|noted|cautions?|cautioned|warns?|"
         r"warned|puts?|shows?|showed|forecasts?|projects?|projected|calculates?|calculated|claims?|claimed)")
NAME_WORD = r"(?:[A-Z][\w.&'’-]*)"
ATTRIBUTIONS = (
    re.compile(r"\b[Aa]ccording to (?:[\w ]*?\b(?:data|figures|estimates)(?: [\w]+)? (?:by|from) )?(?:the )?"
               r"(?P<who>(?:[A-Z]\.)*[^,.;:()]+?)(?:\s+\((?P<short>[A-Z]{2,})\))?"
               r"(?=\s*[,;:()]|\.\s|\.?\Z|\s+(?:in|on|for|as|which|that)\b)"),
    # "the Indonesian Nickel Association (INA) has estimated"
    re.compile(rf"(?P<who>{NAME_WORD}(?:\s+(?:{NAME_WORD}|of|for|and))*)(?:\s+\((?P<short>[A-Z]{{2,}})\))?"
               rf"(?:\s+(?:has|have|had))?\s+{VERBS}\b"),
    re.compile(rf"\b(?:[Tt]he\s+)?(?P<who>ministry|government|agency|experts|analysts|officials|economists|"
               rf"researchers)\s+(?:{VERBS}|caution|believe|estimate)\b"),
)
SENTENCE_STARTS = frozenset({"The", "This", "That", "It", "But", "And", "In", "On", "At", "For", "A", "An"})


def source_of(sentence: str, start: int, end: int, known: Sequence[str]) -> str:
    """Who the sentence credits its figure (at start:end) to, the attribution nearest to it, as the
    corpus already writes that source; `unattributed` when nobody."""
    found = []
    for pattern in ATTRIBUTIONS:
        for match in pattern.finditer(sentence):
            # "the US Geological Survey (USGS)": the short name is how sources are written
            who = match.groupdict().get("short") or " ".join(match.group("who").split())
            first, _, rest = who.partition(" ")
            who = rest if first in SENTENCE_STARTS and rest else who
            if who and who not in SENTENCE_STARTS:
                distance = match.start() - end if match.start() >= end else max(0, start - match.end())
                found.append((distance, match.start(), who))
    return known_source(min(found)[2], known) if found else UNATTRIBUTED


def known_source(who: str, known: Sequence[str]) -> str:
    """A source the corpus already names, when `who` is it: the same words, its initials ("U.S.
    Geological Survey" is "USGS"), or the one source whose name holds these words."""
    wanted = normal_text(who)
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", who) if word[0].isupper())
    for source in known:
        if normal_text(source) == wanted or (len(initials) > 1 and source == initials):
            return source
    holding = [source for source in known if re.search(rf"\b{re.escape(wanted)}\b", normal_text(source))]
    return holding[0] if len(holding) == 1 else who


def id_words(topic: str | None, before: str, as_of: str | None) -> str:
    """A readable id: the topic's last part, else the last two telling words before the figure; with
    its period."""
    if topic:
        base = topic.rsplit(".", 1)[-1]
    else:
        leading = [word.lower() for word in re.findall(r"[A-Za-z]+", before) if words(word)]
        base = "-".join(leading[-2:]) or "figure"
    return f"{base}-{as_of}" if as_of else base


def unique_id(base: str, used: set[str]) -> str:
    readable = slug(base)
    candidate, number = readable, 1
    while candidate in used:
        number += 1
        candidate = f"{readable}-{number}"
    return candidate


def slug(text: str) -> str:
    """An id of lower-case letters, digits and hyphens: "001_73ea" is "001-73ea"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "figure"


def claim_lines(claim: DraftClaim, indent: str) -> list[str]:
    """One claim in the shipped layout: one field a line, the quote always double-quoted."""
    choices = f"  # {', '.join(claim.topics)}" if claim.topics else "  # no registered topic fits: register one"
    lines = [f"{indent}- id: {claim.id}", f"{indent}  topic: {PLACEHOLDER}{choices}",
             f"{indent}  value: {value_text(claim)}", f"{indent}  source: {scalar(claim.source)}"]
    if claim.as_of:
        lines.append(f"{indent}  as_of: {claim.as_of}")
    lines.append(f"{indent}  quote: {double_quoted(claim.quote)}")
    return lines


def value_text(claim: DraftClaim) -> str:
    if claim.refused is None:
        return scalar(claim.value)
    return f"{PLACEHOLDER}  # {' '.join(claim.value.split())}: {' '.join(claim.refused.split())}"


def scalar(text: str) -> str:
    """A value or source as YAML text: quoted when YAML would read it as a number ("15", "2026")."""
    return double_quoted(text) if re.fullmatch(r"[\d.,]+", text) else yaml_scalar(text)


def claims_place(written: str) -> tuple[int, int]:
    """Where a loaded claim file's `claims:` list starts."""
    try:
        node = read_yaml(written)
    except YAMLError:
        return 0, 0
    if isinstance(node, MappingNode):
        found = next((value for key, value in node.items if key.value == "claims"), None)
        if found is not None:
            return found.line, found.column
    return 0, 0


def claim_file_text(article: DraftArticle, claims: Sequence[DraftClaim]) -> str:
    lines = ["article:", f"  id: {scalar(article.id)}", f"  title: {scalar(article.title)}"]
    lines += [f"  published: {article.published}"] if article.published else []
    lines += [f"  url: {scalar(article.url)}"] if article.url else []
    lines += [f"  text: {scalar(article.text)}", "claims:" if claims else "claims: []"]
    lines += [line for claim in claims for line in claim_lines(claim, "  ")]
    return "\n".join(lines) + "\n"


CLAIMS_KEY = re.compile(r"^claims:[ \t]*(?:#.*)?\r?\n", re.MULTILINE)
# The empty list a draft of a text without figures writes: `claims: []`, a comment after it allowed.
NO_CLAIMS = re.compile(r"^claims:(?P<brackets>[ \t]*\[[ \t]*\])[ \t]*(?:#.*)?(?P<end>\r?\n|\Z)", re.MULTILINE)


def appended(written: str, claims: Sequence[DraftClaim]) -> str:
    """`written` (a claim file) with `claims` added at the end of its claims list; every byte written
    stays as it was, in order, but the `[]` of an empty list, which the items replace."""
    key = CLAIMS_KEY.search(written)
    if key is None and (empty := NO_CLAIMS.search(written)) is not None:
        ended = "" if empty["end"] else "\n"
        return appended(written[:empty.start("brackets")] + written[empty.end("brackets"):empty.end()] + ended
                        + written[empty.end():], claims)
    if key is None:
        raise DraftError("cannot add claims: its 'claims:' is not a list of items on lines of their own "
                         "(a flow list such as [a, b] cannot be added to without rewriting it)",
                         *claims_place(written))
    newline = "\r\n" if written[key.end() - 2:key.end()] == "\r\n" else "\n"
    block_end = key.end()
    for line in written[key.end():].splitlines(keepends=True):
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            break
        block_end += len(line)
    body = written[key.end():block_end]
    item = re.search(r"^([ \t]*)- ", body, re.MULTILINE)
    indent = item.group(1) if item else "  "
    kept = body.rstrip("\r\n")
    added = newline.join(line for claim in claims for line in claim_lines(claim, indent)) + newline
    separator = newline if kept else ""
    tail = body[len(kept):]
    return written[:key.end()] + kept + separator + added + tail.removeprefix(newline) + written[block_end:]

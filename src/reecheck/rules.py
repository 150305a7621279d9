"""The rules of `reecheck check`, each declared once, and the one registry every part reads them from:
the checks (check.py), the settings (config.py) and the renderers (SARIF's rule metadata)."""

from __future__ import annotations

from dataclasses import dataclass

from reecheck.choices import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    """The default; a project may change it (see config.py)."""
    summary: str
    """One line, for lists."""
    description: str
    """What the rule finds and why it matters."""
    help: str
    """How to resolve a finding."""
    acceptable: bool = True
    """Whether a baseline may accept its findings; unfinished work is never an accepted exception."""

    def __str__(self) -> str:
        return self.id


UNSOURCED = Rule(
    "unsourced", Severity.ERROR,
    "A claim names nobody as the source of its figure.",
    "A claim whose source is `unattributed`, or that has no source field: a figure the article credits "
    "to nobody cannot be weighed against the figures of named sources.",
    "Write who the article credits in `source:`. If the article credits nobody, accept the finding in "
    "the baseline with the reason.",
)
PLACEHOLDER = Rule(
    "placeholder", Severity.ERROR,
    "A claim still has a placeholder (TODO) for its topic, value or source.",
    "A claim whose topic, value or source is `TODO` (in any case), as a draft leaves them: such a claim is "
    "not finished. A placeholder topic or value keeps the claim out of every comparison; a placeholder "
    "source names nobody, and never counts as a source.",
    "Replace each TODO: choose the topic (a draft lists those that fit beside it), write the value as the "
    "article does, and the source the article credits, or `unattributed` if it credits nobody. A baseline "
    "never accepts this finding.",
    acceptable=False,
)
QUOTE_NOT_FOUND = Rule(
    "quote-not-found", Severity.ERROR,
    "A claim's quote does not occur in its article's text.",
    "The quote must occur verbatim in the article text; matching forgives only typography (curly and "
    "straight quotes and apostrophes, dash variants, runs of white space and line breaks, case).",
    "Copy the quote from the article text again; shorten it rather than paraphrase it.",
)
FIGURE_NOT_IN_QUOTE = Rule(
    "figure-not-in-quote", Severity.ERROR,
    "A claim's number does not appear in its own quote.",
    "Every number of a claim's value (digits or number words, as written) must appear in the claim's "
    "quote, so that the quote shows the figure the claim records.",
    "Widen the quote to the words that state the figure, or correct the value.",
)
UNCURATED_FIGURE = Rule(
    "uncurated-figure", Severity.WARNING,
    "A figure in an article's text that no claim covers and no ignore entry lists.",
    "A figure the scanner finds in the article text that no claim of that article states (same numbers, "
    "same dimension) and no `ignore:` entry lists. An error under --strict.",
    "Curate the figure as a claim, or list it under `ignore:` with the reason it is left out.",
)

CONFLICT = Rule(
    "conflict", Severity.ERROR,
    "Sources disagree about a topic's figure.",
    "Two claims of one topic state figures that do not overlap, even read as approximate or rounded: the "
    "verdict `conflict` of `reecheck compare`. The finding stands for the topic and the claims in it, so "
    "a changed or added figure makes it new.",
    "Check each figure against its article and correct a curation mistake. If the sources really differ, "
    "accept the finding in the baseline with the reason the disagreement is kept.",
)
GROSS = Rule(
    "gross", Severity.ERROR,
    "Sources disagree grossly about a topic's figure.",
    "Two claims of one topic state figures at least twice apart (or, for dates, a year apart): the "
    "verdict `gross` of `reecheck compare`. The finding stands for the topic and the claims in it, so a "
    "changed or added figure makes it new.",
    "Check each figure against its article and correct a curation mistake. If the sources really differ, "
    "accept the finding in the baseline with the reason the disagreement is kept.",
)
DISAGREEMENTS = (CONFLICT, GROSS)
"""Rules over topics rather than single claims: their findings name every article involved."""

RULES: dict[str, Rule] = {rule.id: rule for rule in (UNSOURCED, PLACEHOLDER, QUOTE_NOT_FOUND, FIGURE_NOT_IN_QUOTE,
                                                      UNCURATED_FIGURE, *DISAGREEMENTS)}

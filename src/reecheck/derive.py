"""Derived claims: recompute a stated figure from other claims, as an interval, with pint units.

The expression grammar is reecheck's own; nothing in a claim file reaches eval:

    expression := term (("+" | "-") term)*          binary + and - need spaces around them,
    term       := factor (("*" | "/") factor)*      since topic names contain "-"
    factor     := NUMBER | reference | "(" expression ")"
    reference  := TOPIC ("[" selector ("," selector)* "]")?
    selector   := ("source" | "as_of" | "article") "=" TEXT      article=. is the claim's own article
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from reecheck.limits import DERIVE_DIGITS, DERIVE_NESTING, DERIVE_TERMS
from reecheck.model import Claim, Expression, Number, Operation, Problem, Qualifier, Reference
from reecheck.units import conversion_factor, unit_product

SELECTOR_KEYS = ("source", "as_of", "article")
OWN_ARTICLE = "."
SUGGESTED = 3
"""Selectors suggested at most when a reference matches claims of different values."""
TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<reference>[a-z0-9][a-z0-9._-]*(?:\[[^\]]*\])?)
    | (?P<operator>\s[-+]\s|[*/()])
    )""",
    re.VERBOSE,
)
ONLY_SPACE = re.compile(r"\s*\Z")
INFINITY = Decimal("Infinity")
Tokens = list[tuple[str, str]]
Parser = Callable[[Tokens, int, str], tuple[Expression, int]]


class DeriveError(Exception):
    """An expression that cannot be read or evaluated; `str()` is the reason."""


def parse_expression(text: str, article: str | None = None) -> Expression:
    """The expression `text`; `[article=.]` in it stands for `article`, the deriving claim's own."""
    tokens = tokenize(text)
    expression, position = parse_sum(tokens, 0, text)
    if position != len(tokens):
        raise DeriveError(f'unexpected "{tokens[position][1]}" in "{text}"')
    return expression if article is None else in_article(expression, article)


def in_article(expression: Expression, article: str) -> Expression:
    if isinstance(expression, Reference):
        return replace(expression, selectors=tuple(
            (key, article if key == "article" and wanted == OWN_ARTICLE else wanted)
            for key, wanted in expression.selectors))
    if isinstance(expression, Operation):
        return Operation(expression.operator, in_article(expression.left, article),
                         in_article(expression.right, article))
    return expression


def tokenize(text: str) -> Tokens:
    """The expression's tokens, in one pass; past a limit of limits.py, a DeriveError naming it."""
    tokens: Tokens = []
    position = 0
    padded = f" {text} "
    depth = terms = 0
    while not ONLY_SPACE.match(padded, position):
        found = TOKEN.match(padded, position)
        if found is None or found.lastgroup is None:
            rest = padded[position:].strip()
            raise DeriveError(f'cannot read "{rest}" (operators need spaces around them: a - b)')
        kind, written = found.lastgroup, found.group(found.lastgroup).strip()
        depth += {"(": 1, ")": -1}.get(written, 0)
        terms += kind != "operator"
        check_limits(kind, written, depth, terms)
        tokens.append((kind, written))
        position = found.end()
        if kind == "operator" and padded[position - 1] == " ":
            position -= 1  # the space closing " - " may open the next token
    return tokens


def check_limits(kind: str, written: str, depth: int, terms: int) -> None:
    """The limits that keep reading and evaluating an expression small, checked at each token."""
    if depth > DERIVE_NESTING:
        raise DeriveError(f"parentheses nested deeper than {DERIVE_NESTING}, the limit")
    if terms > DERIVE_TERMS:
        raise DeriveError(f"more than {DERIVE_TERMS} numbers and topics, the limit")
    if kind == "number" and len(written.replace(".", "")) > DERIVE_DIGITS:
        raise DeriveError(f'"{written[:12]}…" has more than {DERIVE_DIGITS} digits, the limit for a number')


def parse_operations(operators: tuple[str, ...], operand: Parser, tokens: Tokens, position: int,
                     text: str) -> tuple[Expression, int]:
    """Operands joined by `operators`, left to right: a - b - c is (a - b) - c."""
    left, position = operand(tokens, position, text)
    while position < len(tokens) and tokens[position][1] in operators:
        operator = tokens[position][1]
        right, position = operand(tokens, position + 1, text)
        left = Operation(operator, left, right)
    return left, position


def parse_sum(tokens: Tokens, position: int, text: str) -> tuple[Expression, int]:
    return parse_operations(("+", "-"), parse_product, tokens, position, text)


def parse_product(tokens: Tokens, position: int, text: str) -> tuple[Expression, int]:
    return parse_operations(("*", "/"), parse_factor, tokens, position, text)


def parse_factor(tokens: Tokens, position: int, text: str) -> tuple[Expression, int]:
    if position >= len(tokens):
        raise DeriveError(f'"{text}" ends where a number or topic is expected')
    kind, written = tokens[position]
    if written == "(":
        inner, position = parse_sum(tokens, position + 1, text)
        if position >= len(tokens) or tokens[position][1] != ")":
            raise DeriveError(f'a "(" is not closed in "{text}"')
        return inner, position + 1
    if kind == "number":
        return Number(Decimal(written)), position + 1
    if kind == "reference":
        return parse_reference(written), position + 1
    raise DeriveError(f'expected a number or topic, found "{written}" in "{text}"')


def parse_reference(written: str) -> Reference:
    topic, _, rest = written.partition("[")
    selectors: list[tuple[str, str]] = []
    for part in filter(None, (piece.strip() for piece in rest.rstrip("]").split(","))):
        key, equals, wanted = (piece.strip() for piece in part.partition("="))
        if not equals or key not in SELECTOR_KEYS or not wanted:
            raise DeriveError(f'selector "{part}" in "{written}" must be one of '
                              f"{', '.join(f'{k}=…' for k in SELECTOR_KEYS)}")
        selectors.append((key, wanted))
    return Reference(topic, tuple(selectors))


# --- evaluation ----------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """An interval in base units; infinite ends stand for open bounds."""

    low: Decimal
    high: Decimal
    unit: str
    """A base-unit expression, as pint writes it: kilogram, dimensionless, USD / kilogram."""
    described: str
    """The inputs as written, for "computed 7.55 from 28.7 million tonnes / 3.8 million tonnes"."""


def evaluate(expression: Expression, claims: Mapping[str, Sequence[Claim]], tolerance: Decimal,
             at_rounding_limits: bool = False) -> Quantity:
    """The interval `expression` gives, its references resolved among `claims` by topic; with
    `at_rounding_limits`, every figure also reaches half a step of its last stated digit either side
    (statcheck's reading: "3,800 t" covers 3,750-3,850 t)."""
    if isinstance(expression, Number):
        return Quantity(expression.value, expression.value, "dimensionless", format_plain(expression.value))
    if isinstance(expression, Reference):
        return resolve(expression, claims, tolerance, at_rounding_limits)
    left = evaluate(expression.left, claims, tolerance, at_rounding_limits)
    right = evaluate(expression.right, claims, tolerance, at_rounding_limits)
    return combine(expression.operator, left, right)


def resolve(reference: Reference, claims: Mapping[str, Sequence[Claim]], tolerance: Decimal,
            at_rounding_limits: bool) -> Quantity:
    matches = [claim for claim in claims.get(reference.topic, ()) if selected(claim, reference)]
    if not matches:
        raise DeriveError(f"{reference} matches no claim{unmatched(reference, claims)}")
    values = {base_interval(claim) for claim in matches}
    if len(values) > 1:
        listed = "; ".join(f"{claim.article_id}/{claim.id} ({claim.value.text})" for claim in matches)
        raise DeriveError(f"{reference} matches claims with different values: {listed}; "
                          f"add a selector{unique_references(reference, matches)}")
    unit_name = matches[0].value.base_unit
    if unit_name == "date":
        raise DeriveError(f"{reference} is a date; dates cannot be computed with")
    lows, highs = zip(*(widened(claim, tolerance, at_rounding_limits) for claim in matches), strict=True)
    return Quantity(min(lows), max(highs), unit_name, matches[0].value.text)


def selected(claim: Claim, reference: Reference) -> bool:
    return all(folded(selector_value(claim, key)) == folded(wanted) for key, wanted in reference.selectors)


def selector_value(claim: Claim, key: str) -> str:
    return {"source": claim.source, "as_of": claim.as_of or "", "article": claim.article_id}[key]


def folded(text: str) -> str:
    """A selector as compared: case and spacing forgiven."""
    return " ".join(text.casefold().split())


def base_interval(claim: Claim) -> tuple[Decimal | None, Decimal | None]:
    return claim.value.base_low, claim.value.base_high


def unmatched(reference: Reference, claims: Mapping[str, Sequence[Claim]]) -> str:
    """Why a reference matches nothing: the first of its topic and selectors that no claim has, with a
    close value that some claim has (a typo such as article=exaputra)."""
    candidates = claims.get(reference.topic, ())
    if not candidates:
        close = did_you_mean(reference.topic, claims)
        return f"; no claim has topic '{reference.topic}'{close}" if close else ""
    for key, wanted in reference.selectors:
        known = [selector_value(claim, key) for claim in candidates]
        if folded(wanted) not in map(folded, known):
            return f"; no claim of {reference.topic} has {key} '{wanted}'{did_you_mean(wanted, known)}"
    return ""


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """The closest of `known`, as written, compared as selectors are (case and spacing forgiven)."""
    written = {folded(value): value for value in known if value}
    close = difflib.get_close_matches(folded(wanted), sorted(written), n=1, cutoff=0.6)
    return f" (did you mean '{written[close[0]]}'?)" if close else ""


def unique_references(reference: Reference, matches: Sequence[Claim]) -> str:
    """References narrowed by one more selector, each to claims of one value: one per claim matched,
    with the first selector that singles its value out."""
    narrowed: list[str] = []
    for claim in matches:
        for key in SELECTOR_KEYS:
            candidate = replace(reference, selectors=(*reference.selectors, (key, selector_value(claim, key))))
            if usable(candidate, key) and len({base_interval(m) for m in matches if selected(m, candidate)}) == 1:
                narrowed += [str(candidate)] if str(candidate) not in narrowed else []
                break
    shown = " or ".join(narrowed[:SUGGESTED]) + (" or …" if len(narrowed) > SUGGESTED else "")
    return f", e.g. {shown}" if narrowed else ""


def usable(candidate: Reference, key: str) -> bool:
    """A selector that can be written (no "," or "]", not empty) and that the reference lacks."""
    *given, (_, wanted) = candidate.selectors
    return (bool(wanted) and not any(mark in wanted for mark in ",]")
            and all(other != key for other, _ in given))


def widened(claim: Claim, tolerance: Decimal, at_rounding_limits: bool) -> tuple[Decimal, Decimal]:
    """A claim's base interval as compared: approximate values reach `tolerance` either side, and
    at the rounding limits every value half a step of its last digit further."""
    value = claim.value
    low = -INFINITY if value.base_low is None else value.base_low
    high = INFINITY if value.base_high is None else value.base_high
    if value.qualifier is Qualifier.APPROXIMATE:
        low, high = low - abs(low) * tolerance, high + abs(high) * tolerance
    if at_rounding_limits:
        step = value.precision * value.base_per_written
        low, high = low - step, high + step
    return low, high


def combine(operator: str, left: Quantity, right: Quantity) -> Quantity:
    described = f"{left.described} {operator} {right.described}"
    if operator in "+-":
        factor = conversion_factor(right.unit, left.unit)
        if factor is None:
            raise DeriveError(f"cannot {'add' if operator == '+' else 'subtract'} {right.unit} and {left.unit}")
        right = Quantity(right.low * factor, right.high * factor, left.unit, right.described)
        if operator == "+":
            return Quantity(left.low + right.low, left.high + right.high, left.unit, described)
        return Quantity(left.low - right.high, left.high - right.low, left.unit, described)
    if operator == "/":
        if right.low <= 0 <= right.high:
            raise DeriveError(f"divides by {right.described}, which may be zero")
        right = Quantity(1 / right.high, 1 / right.low, unit_product("dimensionless", right.unit, -1),
                         right.described)
    try:
        products = [a * b for a in (left.low, left.high) for b in (right.low, right.high)]
    except InvalidOperation:
        raise DeriveError(f"{described} multiplies an open bound by zero") from None
    return Quantity(min(products), max(products), unit_product(left.unit, right.unit), described)


def format_plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def in_base_unit(quantity: Quantity, base_unit: str) -> tuple[Decimal | None, Decimal | None]:
    """The computed interval in a claim's base unit, or a DeriveError naming both units."""
    factor = conversion_factor(quantity.unit, base_unit)
    if factor is None:
        raise DeriveError(f"the expression gives {quantity.unit}, but the claim's value is {base_unit}")
    low = None if quantity.low.is_infinite() else quantity.low * factor
    high = None if quantity.high.is_infinite() else quantity.high * factor
    return low, high


# --- claims derived from themselves --------------------------------------------


def circular_derivations(claims: Sequence[Claim]) -> Iterator[Problem]:
    """A derived claim whose expression uses its own value, directly or through other derived claims,
    checks nothing; each is a problem at its `derive:`."""
    derived = [claim for claim in claims if claim.derive is not None]
    uses = derivation_uses(derived)
    for component in strongly_connected(uses):
        for index in component:
            if len(component) > 1 or index in uses[index]:
                named = [derived[other] for other in component[:CIRCLE_NAMED + 1] if other != index]
                yield circle_problem(derived[index], named[:CIRCLE_NAMED], len(component) - 1)


def derivation_uses(derived: Sequence[Claim]) -> list[list[int]]:
    """For each derived claim, the derived claims its references select (indices into `derived`)."""
    by_topic: dict[str, list[int]] = {}
    for index, claim in enumerate(derived):
        by_topic.setdefault(claim.topic, []).append(index)
    return [[other for reference in references(claim.derive.expression)
             for other in by_topic.get(reference.topic, ()) if selected(derived[other], reference)]
            for claim in derived if claim.derive is not None]


def references(expression: Expression) -> Iterator[Reference]:
    if isinstance(expression, Reference):
        yield expression
    elif isinstance(expression, Operation):
        yield from references(expression.left)
        yield from references(expression.right)


CIRCLE_NAMED = 3
"""Claims of a circle named in each of its problems; the rest are counted."""


def circle_problem(claim: Claim, named: Sequence[Claim], others: int) -> Problem:
    """`others` claims share the circle; `named` are the first few of them."""
    assert claim.derive is not None
    through = ", ".join(f"{other.article_id}/{other.id}" for other in named)
    more = f" and {others - len(named)} more" if others > len(named) else ""
    return Problem(claim.derive.location, f"claim '{claim.id}': derive uses the claim's own value"
                                          + (f", through {through}{more}" if others else ""))


def strongly_connected(edges: Sequence[Sequence[int]]) -> Iterator[list[int]]:
    """The strongly connected components of a graph of nodes 0..n-1: Tarjan's, without recursion, so
    that a long chain of claims cannot exhaust the stack."""
    order: dict[int, int] = {}
    lowest: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()

    def visit(node: int) -> Iterator[int]:
        order[node] = lowest[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        return iter(edges[node])

    for root in range(len(edges)):
        if root in order:
            continue
        work = [(root, visit(root))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in order:
                    work.append((successor, visit(successor)))
                    break
                if successor in on_stack:
                    lowest[node] = min(lowest[node], order[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[node])
                if lowest[node] == order[node]:
                    yield pop_component(stack, on_stack, node)


def pop_component(stack: list[int], on_stack: set[int], node: int) -> list[int]:
    component: list[int] = []
    while not component or component[-1] != node:
        component.append(stack.pop())
        on_stack.discard(component[-1])
    return component

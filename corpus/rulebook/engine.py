"""Apply rules to a document's lines. Every removal records the id of the rule."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import Any

from corpus.document import Document, Line, texts_of
from corpus.metadata.authors import split_authors
from corpus.metadata.dates import may_hold_date, parse_date
from corpus.rulebook.linefilter import DocumentLines
from corpus.rulebook.loader import Rule, RuleList


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the document beyond its lines."""

    language: str | None = None
    date_order: str | None = None  # from the site, else the language; None: ambiguous


def apply_rules(doc: Document, rules: RuleList, ctx: Context) -> None:
    lines = DocumentLines(texts_of(doc.lines), rules.line_filter)
    for step in rules.steps:
        if isinstance(step, tuple):
            _drop(doc, step, lines)
        elif step.kind == "cut":
            _cut(doc, step, lines)
        elif step.kind == "block":
            _block(doc, step, lines)
        elif step.kind == "meta":
            _meta(doc, step, ctx)
        # css rules act on the HTML, before extraction


def _drop(doc: Document, run: tuple[Rule, ...], lines: DocumentLines) -> None:
    """A run of drop and label rules: on each line, the first that matches removes it."""
    for index in lines.candidates():
        line = doc.lines[index]
        if line.removed_by is None:  # (line.kept, without a call)
            for rule in run:
                if len(line.text) <= rule.max_chars and lines.matches(rule.match, index):
                    line.remove(rule.id)
                    break


def _cut(doc: Document, rule: Rule, lines: DocumentLines) -> None:
    """Remove from the first marker line on: a short kept line matching the rule, with at
    least ``min_position`` of the kept text before it. Only lines the rule may match
    are looked at; the share before each comes from running sums, made once a line
    matches (most documents have no marker)."""
    shares = None
    for index in lines.candidates():
        line = doc.lines[index]
        if line.removed_by is not None or len(line.text) > rule.max_chars or not lines.matches(rule.match, index):
            continue  # removed by an earlier rule, too long, or no marker
        if shares is None:
            kept = [i for i, x in enumerate(doc.lines) if x.removed_by is None]
            before = list(itertools.accumulate((len(doc.lines[i].text) for i in kept), initial=0))
            shares = kept, before, before[-1]
        kept, before, total = shares
        if not total:
            return
        position = bisect.bisect_left(kept, index)
        if before[position] / total >= rule.min_position:
            for tail in kept[position:]:
                doc.lines[tail].remove(rule.id)
            return


def _block(doc: Document, rule: Rule, lines: DocumentLines) -> None:
    kept = [(i, line) for i, line in enumerate(doc.lines) if line.kept]
    position = 0
    while position < len(kept):
        if lines.matches(rule.match, kept[position][0]):
            window = kept[position + 1 : position + 1 + rule.max_lines]
            end = next((k for k, (i, _) in enumerate(window) if lines.matches(rule.end, i)), None)
            if end is not None:
                for _, line in kept[position : position + end + 2]:
                    line.remove(rule.id)
                position += end + 2
                continue
        position += 1


def _meta(doc: Document, rule: Rule, ctx: Context) -> None:
    header = list(itertools.islice((line for line in doc.lines if line.kept), rule.header_lines))
    take_first(doc, [rule], ctx, header)


def take_first(doc: Document, rules: list[Rule], ctx: Context, lines: list[Line]) -> bool:
    """Apply meta rules to ``lines`` in order, each line to every rule in order, until
    one takes a value: True then."""
    texts = texts_of(lines)
    # A rule with several patterns first asks them all at once, in one search a line
    # (a byline rule tries three patterns on fifty lines, and most lines match none).
    maybe = [_may_take(rule, texts) if len(rule.match.patterns) > 1 and not rule.match.lines else None for rule in rules]
    # Only the lines some rule may take are visited (all of them if a rule was not asked).
    visit = range(len(lines)) if None in maybe else sorted(set().union(*maybe))
    for index in visit:
        line = lines[index]
        for rule, hits in zip(rules, maybe):
            if (hits is None or index in hits) and take_meta(doc, rule, ctx, line):
                return True
    return False


def _may_take(rule: Rule, texts: list[str]) -> set[int]:
    """The lines some pattern of the rule matches, of those short enough for it to take."""
    return rule.line_filter.short_pattern_lines(texts)  # (its longest_line is max_chars)


def take_meta(doc: Document, rule: Rule, ctx: Context, line: Line) -> bool:
    """Apply one meta rule to one line: True when the line held the field's value (now
    stored, and the line removed unless the rule keeps it)."""
    if len(line.text) > rule.max_chars:
        return False
    if rule.field == "published" and not may_hold_date(line.text):
        return False  # (its value, a part of the line, would not parse as a date)
    found = rule.match.search(line.text)
    if not (found and _take(doc, rule, ctx, line, found)):
        return False
    if rule.remove:
        line.remove(rule.id, meta=rule.field)
    return True


def _group(found: Any, name: str) -> str | None:
    if found is True:
        return None
    try:
        value = found.group(name)
    except (IndexError, KeyError, ValueError):  # the pattern has no such group
        return None
    return value.strip() if value else None


def _take(doc: Document, rule: Rule, ctx: Context, line: Line, found: Any) -> bool:
    """Store the value the rule found; False when the line does not hold one after all."""
    meta = doc.meta
    value = _group(found, "value") or line.text.strip()
    if rule.field == "published":
        return _take_date(doc, rule.id, value, ctx, whole_line=True)
    if rule.field == "authors":
        names = split_authors(value)
        if names and not meta.authors:
            meta.authors = names
        return bool(names)
    if rule.field == "publisher":
        meta.site = meta.site or value
        return True
    if rule.field == "dateline":
        meta.dateline = meta.dateline or value
        date_text = _group(found, "date")
        if date_text:
            _take_date(doc, rule.id, date_text, ctx)
        return True
    return False


# A date line is mostly date: "Sunday, January 21, 2024" (the date is 16 of 24
# characters). A headline that mentions a date ("Vote set for May 5, 2024 after talks")
# is not a date line.
_DATE_LINE_SHARE = 0.4


def _take_date(doc: Document, rule_id: str, text: str, ctx: Context, whole_line: bool = False) -> bool:
    parsed = parse_date(text, ctx.date_order, ctx.language)
    if whole_line and parsed.span and (parsed.span[1] - parsed.span[0]) < _DATE_LINE_SHARE * len(text):
        return False
    if parsed.ambiguous:
        doc.meta.notes.append(f"ambiguous date {text!r} left unset: no date order for this site or language")
        return True
    if parsed.value is None:
        return False
    if doc.meta.published is None:
        doc.meta.published, doc.meta.published_from = parsed.value, rule_id
    return True

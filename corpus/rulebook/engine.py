"""Apply rules to a document's lines. Every removal records the id of the rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from corpus.document import Document, Line
from corpus.metadata.authors import split_authors
from corpus.metadata.dates import parse_date
from corpus.rulebook.loader import Rule, RuleList, normalize_line


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the document beyond its lines."""

    language: str | None = None
    date_order: str | None = None  # from the site, else the language; None: ambiguous


def apply_rules(doc: Document, rules: RuleList, ctx: Context) -> None:
    maybe = [rules.may_match(line.text) for line in doc.lines]
    normalized = [normalize_line(line.text) for line in doc.lines]
    for rule in rules:
        if rule.kind in ("drop", "label"):
            _drop(doc, rule, maybe, normalized)
        elif rule.kind != "css":  # css rules act on the HTML, before extraction
            _APPLY[rule.kind](doc, rule, ctx)


def _drop(doc: Document, rule: Rule, maybe: list[bool], normalized: list[str]) -> None:
    for line, try_patterns, folded in zip(doc.lines, maybe, normalized):
        if line.kept and len(line.text) <= rule.max_chars and rule.match.search(line.text, try_patterns, folded):
            line.remove(rule.id)


def _cut(doc: Document, rule: Rule, ctx: Context) -> None:
    kept = doc.kept_lines()
    total = sum(len(line.text) for line in kept)
    before = 0
    for index, line in enumerate(kept):
        if (
            len(line.text) <= rule.max_chars
            and total
            and before / total >= rule.min_position
            and rule.match.search(line.text)
        ):
            for tail in kept[index:]:
                tail.remove(rule.id)
            return
        before += len(line.text)


def _block(doc: Document, rule: Rule, ctx: Context) -> None:
    kept = doc.kept_lines()
    index = 0
    while index < len(kept):
        if rule.match.search(kept[index].text):
            window = kept[index + 1 : index + 1 + rule.max_lines]
            end = next((i for i, line in enumerate(window) if rule.end.search(line.text)), None)
            if end is not None:
                for line in kept[index : index + end + 2]:
                    line.remove(rule.id)
                index += end + 2
                continue
        index += 1


def _meta(doc: Document, rule: Rule, ctx: Context) -> None:
    for line in doc.kept_lines()[: rule.header_lines]:
        if take_meta(doc, rule, ctx, line):
            return


def take_meta(doc: Document, rule: Rule, ctx: Context, line: Line) -> bool:
    """Apply one meta rule to one line: True when the line held the field's value (now
    stored, and the line removed unless the rule keeps it)."""
    if len(line.text) > rule.max_chars:
        return False
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


_APPLY: dict[str, Callable[[Document, Rule, Context], None]] = {
    "cut": _cut,
    "block": _block,
    "meta": _meta,
}

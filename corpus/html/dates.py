"""The publication date of an HTML page, from what the lexbor tree shows; htmldate (which
needs the page parsed again, by lxml) only where it shows nothing.

The candidates, most trusted first: a date in the URL; the date the page declares in
JSON-LD or a meta tag; the first element whose class names a date ("post-date",
"published") read in the page's language; the first <time datetime> that is not an
update; a date in the lines just around the article's start. The date most candidates
give wins, between equals the most trusted (a visible date line and a <time> element
outvote a stale meta tag). A UTC timestamp near midnight is no candidate: the local
date the page shows may be the day before or after. Where there is no candidate:
htmldate's fast search, the declared date, then the date nearest the article's start
anywhere in its text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from corpus.html.fallback import LxmlPage
from corpus.html.meta import PageMeta

# htmldate rejects dates after max_date; its default is "today", which would make a
# release depend on the day it was built.
_MAX_DATE = "2100-12-31"
# A timestamp in UTC ("Z", "+00:00", "GMT"), and its hour.
_UTC = re.compile(r"(?:Z|[+-]00:?00|GMT|UTC)\s*$", re.IGNORECASE)
_HOUR = re.compile(r"[T ](\d\d):\d\d")
# UTC hours at which the local date in Europe and the Americas (UTC-5 to UTC+3) is the
# UTC date; outside them it may be the day before or after.
_SAFE_UTC_HOURS = range(5, 21)
# /2024/01/21/ or /2024-01-21- in a URL.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
# Elements whose class, id or itemprop names a date, and words that make it another date.
_DATE_ELEMENTS = (
    "[class*=date i], [id*=date i], [class*=publish i], [itemprop*=date i], [class*=posted i], "
    "[class*=byline i], [class*=meta i], [class*=time i]"
)
_OTHER_DATE = re.compile(r"updat|modif|comment|aktualisiert")
# The first elements looked at, and the longest text read as a date line.
_MAX_DATE_ELEMENTS = 20
_MAX_DATE_TEXT = 120
# Lines this far before or after the article's first line are read for a date: the
# date line stands with the headline. Measured: 3 lines find 0.004 more right dates than
# 10, which reach into teasers.
_NEAR_START_LINES = 3
# A date in the first characters of a line is the line's dateline; further in, a
# paragraph mentions a date.
_LINE_HEAD_CHARS = 60


@dataclass
class DateContext:
    """What the date search reads besides the metadata: the page's lines, where the
    article starts in them, and how to read its dates."""

    lines: list[str]
    article_start: int
    language: str | None = None
    order: str | None = None  # DMY, MDY or YMD for numeric dates


def publication_date(
    meta: PageMeta, tree: Any, context: DateContext, page: LxmlPage, url: str | None
) -> tuple[str | None, str | None]:
    """(date, where it came from). Measured on the development set: 0.883 of the dates
    right (htmldate alone: 0.863), with htmldate run on one page in six."""
    declared = None if _near_midnight_utc(meta.published) else as_date(meta.published)
    candidates = [
        ("url", url_date(url)),
        (meta.published_from, str(declared) if declared else None),
        ("element", element_date(tree, context.language, context.order)),
        ("time", time_date(tree)),
        ("text", near_start_date(context)),
    ]
    votes = Counter(value for _source, value in candidates if value)
    if votes:
        top = max(votes.values())
        value = next(value for _source, value in candidates if value and votes[value] == top)
        sources = [str(source) for source, found in candidates if found == value]
        return value, sources[0] if len(sources) == 1 else "agreed:" + ",".join(sources)
    found = _htmldate(page, url)
    if found:
        return found, "htmldate"
    if meta.published:
        return meta.published, meta.published_from
    found = _page_text_date(context)
    return (found, "text") if found else (None, None)


def _near_midnight_utc(value: str | None) -> bool:
    """
    >>> _near_midnight_utc("2022-11-06T23:00:00.000Z"), _near_midnight_utc("2022-11-06T12:00:00Z")
    (True, False)
    """
    if not value or not _UTC.search(value):
        return False
    hour = _HOUR.search(value)
    return bool(hour) and int(hour.group(1)) not in _SAFE_UTC_HOURS


def url_date(url: str | None) -> str | None:
    """
    >>> url_date("https://example.com/2019/10/19/story/"), url_date("https://example.com/2019/13/01/x")
    ('2019-10-19', None)
    """
    found = _URL_DATE.search(url or "")
    if not found:
        return None
    try:
        return str(dt.date(*map(int, found.groups())))
    except ValueError:
        return None


def element_date(tree: Any, language: str | None, order: str | None) -> str | None:
    """The first date in an element whose class names a date, read in ``language``."""
    from corpus.metadata.dates import parse_date

    for node in tree.css(_DATE_ELEMENTS)[:_MAX_DATE_ELEMENTS]:
        attributes = node.attributes
        if _OTHER_DATE.search(f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()):
            continue
        text = " ".join((node.text(deep=True, separator=" ") or "").split())
        if text and len(text) <= _MAX_DATE_TEXT and any(c.isdigit() for c in text):
            value = parse_date(text, order, language).value
            if value:
                return str(value)
    return None


def time_date(tree: Any) -> str | None:
    """The first <time datetime> that is not an update."""
    for node in tree.css("time[datetime]"):
        attributes = node.attributes
        if _OTHER_DATE.search(f"{attributes.get('class') or ''} {attributes.get('itemprop') or ''}".lower()):
            continue
        value = as_date(attributes.get("datetime"))
        if value:
            return str(value)
    return None


def near_start_date(context: DateContext) -> str | None:
    """The date nearest the article's first line, within a few lines of it."""
    from corpus.metadata.textdate import find_date

    start = max(0, context.article_start - _NEAR_START_LINES)
    window = [line[:_LINE_HEAD_CHARS] for line in context.lines[start : context.article_start + _NEAR_START_LINES + 1]]
    value, _index = find_date(window, context.article_start - start, context.order, context.language)
    return str(value) if value else None


def _page_text_date(context: DateContext) -> str | None:
    """The date nearest the article's start anywhere on the page, at the start of a line
    ("27.1.2022 - The council decided...", "Press release of 25 January 2022 | Berlin")."""
    from corpus.metadata.textdate import find_date

    heads = [line[:_LINE_HEAD_CHARS] for line in context.lines]
    value, _index = find_date(heads, context.article_start, context.order, context.language)
    return str(value) if value else None


def _htmldate(page: LxmlPage, url: str | None) -> str | None:
    """htmldate without its extensive search: that reads text dates with dateparser in
    every language it knows, which costs 4 s per 1,000 pages (20 ms a page where it
    runs) and finds 0.012 more right dates on the development set; the page's text is
    read in its own language instead (:func:`_page_text_date`)."""
    from htmldate import find_date

    if page.tree is None:
        return None
    try:
        return find_date(
            page.tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d", max_date=_MAX_DATE
        )
    except Exception:  # htmldate fails in assorted ways on odd pages: no date then
        return None


def as_date(value: str | None) -> dt.date | None:
    """The date of a timestamp from page metadata or htmldate.

    >>> as_date("2024-01-21T10:00:00+03:00"), as_date("Tue Jan 28 15:28:56 CET 2020"), as_date("soon")
    (datetime.date(2024, 1, 21), datetime.date(2020, 1, 28), None)
    """
    from corpus.metadata.dates import parse_timestamp

    return parse_timestamp(value) if value else None

"""Main content and metadata of an HTML page.

selectolax (lexbor, fast) reads the declared metadata and removes what the CSS rules
name; trafilatura then extracts the article from the smaller page, in its fast mode
first. htmldate finds the publication date (its first look is the page metadata, its
second the page text); the metadata we read ourselves fills in where it finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from corpus.html.blocks import linearize
from corpus.html.guard import check_depth
from corpus.html.main_content import MainContent, find_main_content
from corpus.html.meta import PageMeta, read_meta
from corpus.rulebook.loader import Rule

# trafilatura's fast mode skips its fallback extractors (readability, jusText), a third
# of its time. When the fast result is this short the main block was not clear and the
# full extraction runs. Measured on the development set: 250 chars lost 1.1 points of
# recall against always running in full; 1500 keeps all but 0.1 of it.
FAST_ENOUGH_CHARS = 1500
# htmldate rejects dates after max_date; its default is "today", which would make a
# release depend on the day it was built.
_MAX_DATE = "2100-12-31"


@dataclass
class Page:
    """A parsed page: its tree (lexbor) and the metadata it declares."""

    tree: Any
    meta: PageMeta


@dataclass
class Extraction:
    text: str
    published: str | None  # YYYY-MM-DD or as the page declares it
    published_from: str | None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)  # css rule id -> characters removed


def parse_page(html: str) -> Page:
    """Raises :class:`corpus.html.guard.PageTooComplex` for a page no parser should see."""
    from selectolax.lexbor import LexborHTMLParser

    check_depth(html)
    tree = LexborHTMLParser(html)
    return Page(tree, read_meta(tree))


def extract(page: Page, url: str | None, css_rules: list[Rule]) -> Extraction:
    """The pruned page is parsed once with lxml; trafilatura's metadata functions,
    htmldate and trafilatura's extraction all read that one tree. Run it (and
    :func:`parse_page`) inside :func:`corpus.html.guard.time_limit`."""
    from trafilatura.utils import load_html

    removed = _prune(page.tree, css_rules)
    found = find_main_content(linearize(page.tree.body))
    pruned = page.tree.html or ""
    tree = load_html(pruned)
    if tree is None:
        return Extraction("", page.meta.published, page.meta.published_from, page.meta.title, page.meta.authors, removed)
    title, author = _declared(tree)
    published, source = _search_date(tree, url), "htmldate"
    text = "\n".join(found.lines) if is_clear(found) else _main_text(tree, pruned, url)
    if not published:
        published, source = page.meta.published, page.meta.published_from
    authors = page.meta.authors or ([a.strip() for a in author.split(";") if a.strip()] if author else [])
    return Extraction(text, published, source if published else None, title or page.meta.title, authors, removed)


# Our own extractor is trusted when the element it chose holds this much prose (CJK
# characters count three) and this share of the page's prose; otherwise trafilatura
# extracts the page. Measured on the development set: below either, trafilatura is
# better on most pages; above both, ours is as good or better (and 10 times faster).
CLEAR_PROSE_CHARS = 1200
CLEAR_PROSE_SHARE = 0.5


def is_clear(found: MainContent) -> bool:
    return found.prose_chars >= CLEAR_PROSE_CHARS and found.prose_chars >= CLEAR_PROSE_SHARE * found.page_prose_chars


def _declared(tree: Any) -> tuple[str | None, str | None]:
    """Title and author as trafilatura finds them (meta tags, JSON-LD, h1, bylines),
    without its date search: htmldate runs once, below."""
    from trafilatura import metadata as tm

    try:
        found = tm.examine_meta(tree)
        if found.author and " " not in found.author:  # a single word is a handle, not a name
            found.author = None
        found = tm.extract_meta_json(tree, found)
        title = found.title or tm.extract_title(tree)
        author = found.author or tm.extract_author(tree)
    except Exception:  # trafilatura's metadata code trips on some pages; nothing then
        return None, None
    return title, author


def _prune(tree: Any, css_rules: list[Rule]) -> Counter:
    removed: Counter = Counter()
    for rule in css_rules:
        for selector in rule.selectors:
            for node in tree.css(selector):
                chars = len(node.text(deep=True) or "")
                if rule.max_text_chars is not None and chars > rule.max_text_chars:
                    continue
                removed[rule.id] += chars
                node.decompose()
    return removed


def _main_text(tree: Any, html: str, url: str | None) -> str:
    import trafilatura

    options = {"url": url, "with_metadata": False, "include_comments": False, "include_tables": True}
    result = trafilatura.bare_extraction(tree, fast=True, **options)
    text = (result.text if result else None) or ""
    if len(text) < FAST_ENOUGH_CHARS:
        result = trafilatura.bare_extraction(html, fast=False, **options)
        fuller = (result.text if result else None) or ""
        text = fuller if len(fuller) > len(text) else text
    return text


def _search_date(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d", max_date=_MAX_DATE)
    except Exception:  # htmldate fails in assorted ways on odd pages: no date then
        return None


def as_date(value: str | None) -> dt.date | None:
    """The date of a timestamp from page metadata or htmldate.

    >>> as_date("2024-01-21T10:00:00+03:00"), as_date("Tue Jan 28 15:28:56 CET 2020"), as_date("soon")
    (datetime.date(2024, 1, 21), datetime.date(2020, 1, 28), None)
    """
    from corpus.metadata.dates import parse_timestamp

    return parse_timestamp(value) if value else None

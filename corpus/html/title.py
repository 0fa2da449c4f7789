"""The title of a page: the headline the reader sees, checked against the titles the
page declares (og:title, JSON-LD headline, <title>).

A declared title often carries the site's name ("Headline | Site", "Site » Headline");
a page's first <h1> is often the site's logo. A heading that matches a declared title,
or a part of one, is the headline; else the heading nearest before the article; else the
longest part of the declared title.
"""

from __future__ import annotations

import html
import re

from corpus.html.blocks import Layout

# What sites put between a headline and their name in <title>.
_SEPARATORS = re.compile(r"\s+(?:[|–—»·:/\\-]|::|-{2})\s+|\s*[|»·]\s*")
_HEADLINE_TAGS = ("h1",)
# How far up from a block to look for the heading element holding it (<h1><a><span>).
_HEADING_DEPTH = 3


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def title_parts(title: str) -> list[str]:
    """A declared title and its parts between separators.

    >>> title_parts("Floods in the north | Example News")
    ['Floods in the north | Example News', 'Floods in the north', 'Example News']
    """
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    return [title] + parts if len(parts) > 1 else [title]


def _clean(title: str) -> str:
    title = " ".join(title.split())
    return html.unescape(title) if "&" in title else title


def _headings(layout: Layout, element: int) -> list[tuple[int, str]]:
    """(position, text) of every <h1> line: position -1 before the main element, 0 inside
    it, 1 after it."""
    found = []
    for block in layout.blocks:
        owner, depth = block.owner, 0
        while owner >= 0 and depth < _HEADING_DEPTH and layout.tags[owner] not in _HEADLINE_TAGS:
            owner, depth = layout.parents[owner], depth + 1
        if owner >= 0 and layout.tags[owner] in _HEADLINE_TAGS:
            position = 0 if layout.holds(element, block.owner) else (-1 if block.owner < element else 1)
            found.append((position, block.text))
    return found


def choose_title(layout: Layout, element: int, declared: list[str], site_name: str | None = None) -> str | None:
    """The headline of the page whose main content is ``element`` of ``layout``.

    >>> from corpus.html.blocks import linearize
    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = LexborHTMLParser("<h1>Example News</h1><article><h1>Floods</h1><p>Text</p></article>")
    >>> choose_title(linearize(page.body), 2, ["Floods | Example News"])  # 2: the <article>
    'Floods'
    """
    declared = [_clean(t) for t in declared if t and t.strip()]
    headings = [(position, _clean(text)) for position, text in _headings(layout, element)]
    whole = {_norm(title) for title in declared}
    site = _norm(site_name or "")
    parts = {_norm(part) for title in declared for part in title_parts(title)[1:]} - {site}
    for _position, text in headings:
        if _norm(text) in whole:
            return text
    # A declared title that is a part of another ("Headline" and "Headline | Site").
    for title in declared:
        if _norm(title) in parts:
            return title
    # A heading matching a part of a title: the one in the article first, then the longest.
    matched = [(position == 0, len(text), text) for position, text in headings if _norm(text) in parts]
    if matched:
        return max(matched)[-1]
    inside = [text for position, text in headings if position == 0]
    before = [text for position, text in headings if position < 0]
    if inside or before:
        return (inside or before[-1:])[0]
    if declared:
        return max([p for p in title_parts(declared[0])[1:] if _norm(p) != site] or declared[:1], key=len)
    return None

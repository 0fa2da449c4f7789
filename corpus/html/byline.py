"""Authors from the byline a page shows: the elements its markup names as the author
(rel="author", itemprop="author", class "byline" or "author-name"), most specific first.
Read on the lexbor tree with CSS selectors, before the page is pruned."""

from __future__ import annotations

import re
from typing import Any

from corpus.metadata.authors import split_authors

# Most specific first: the first group that yields a name wins. The names follow the
# conventions of publishing systems (WordPress, schema.org microdata, news CMSs).
_SELECTORS = (
    "[itemprop~=author] [itemprop=name], a[rel~=author], [itemprop~=author], [class*=author-name i], "
    "[class*=authorname i], [class*=author__name i], [class~=author], #author, author",
    "[class*=byline i], [class*=author i], [id*=author i], [class*=submitted-by i], [class*=posted-by i], "
    "[class*=journalist i], [class~=username], [class*=zuozhe i], [class*=bianji i]",
)
# Words before the name in a byline ("Written by", "Autor:", "Text und Fotos:").
_LABEL = re.compile(
    r"^(?:(?:written|posted|published|geschrieben|verfasst|veröffentlicht|publié|escrito|publicado)\s+"
    r"(?:by|von|par|por)\b|autor(?:in)?|author|auteur|text(?:\s+(?:und|&)\s+fotos?)?|redaktion|"
    r"reporter|foto(?:s|grafie)?)\s*[:：]?\s*",
    re.IGNORECASE,
)
# Containers whose author names belong to comments or to other articles.
_FOREIGN = re.compile(r"comment|related|recommend|teaser")
# A comment form's "author" field.
_FORM_TAGS = frozenset({"input", "textarea", "label", "form", "button", "select"})
# How far up to look for a container that makes a byline foreign.
_FOREIGN_DEPTH = 8
# A byline element with more text than this is a bio or a paragraph, not a byline.
_MAX_BYLINE_CHARS = 120


def _is_name(name: str) -> bool:
    """A person's or desk's name, not a date, a link or a sentence.

    >>> _is_name("Jane Doe"), _is_name("12. Mai 2023"), _is_name("https://example.com"), _is_name("ab")
    (True, False, False, False)
    """
    return 3 <= len(name) <= 60 and not any(c.isdigit() for c in name) and "@" not in name and "http" not in name


def _is_foreign(node: Any) -> bool:
    for _ in range(_FOREIGN_DEPTH):
        node = node.parent
        if node is None or node.tag in ("body", "html"):  # themes name everything on <body>
            return False
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
        if _FOREIGN.search(names):
            return True
    return False


def byline_authors(tree: Any) -> list[str]:
    """Names from the most specific byline elements of a lexbor tree.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> byline_authors(LexborHTMLParser("<p class='byline'>Written by Jane Doe and Max Muster</p>"))
    ['Jane Doe', 'Max Muster']
    """
    for selector in _SELECTORS:
        names: list[str] = []
        for node in tree.css(selector):
            if node.tag in _FORM_TAGS:
                continue
            text = " ".join((node.text(deep=True, separator=" ") or "").split())
            if not text or len(text) > _MAX_BYLINE_CHARS or _is_foreign(node):
                continue
            for name in split_authors(_LABEL.sub("", text)):
                if _is_name(name) and name not in names:
                    names.append(name)
        if names:
            return names
    return []

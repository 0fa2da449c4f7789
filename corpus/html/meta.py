"""Page metadata from what the publisher declared: JSON-LD, OpenGraph and meta tags,
the canonical link and the <title>. Read with selectolax before the page is pruned
(JSON-LD lives in <script> elements)."""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field
from typing import Any

# JSON-LD types that describe the page's main text.
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "scholarlyarticle", "techarticle", "report", "posting", "socialmediaposting",
    "liveblogposting", "webpage", "recipe", "review", "creativework", "medicalwebpage", "itempage", "qapage",
}
# Meta tags, in order of trust, by the value of their property/name/itemprop attribute.
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "article.published", "publishdate",
    "publish-date", "publish_date", "pubdate", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "date", "citation_publication_date", "sailthru.date", "parsely-pub-date", "article:published", "datecreated",
    "originalpublicationdate", "og:published_time",
)
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl", "citation_author")
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "headline", "parsely-title", "sailthru.title")
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
# JSON-LD blocks beyond this size are not article metadata (some sites embed catalogues).
_MAX_JSONLD_CHARS = 200_000


@dataclass
class PageMeta:
    title: str | None = None
    titles: list[str] = field(default_factory=list)  # every title declared, most trusted first
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # as declared; parsed by the caller
    published_from: str | None = None
    site_name: str | None = None
    url: str | None = None  # canonical
    language: str | None = None  # <html lang>


def read_meta(tree: Any) -> PageMeta:
    meta = PageMeta()
    _from_jsonld(tree, meta)
    tags = _meta_tags(tree)
    if not meta.published:
        key = next((k for k in _DATE_KEYS if tags.get(k)), None)
        if key:
            meta.published, meta.published_from = tags[key], f"meta:{key}"
    if not meta.authors:
        key = next((k for k in _AUTHOR_KEYS if tags.get(k) and not tags[k].startswith("http")), None)
        if key:
            meta.authors = _names(tags[key])
    node = tree.css_first("title")
    declared = [meta.title, *(tags.get(k) for k in _TITLE_KEYS), _clean(node.text()) if node else None]
    meta.titles = list(dict.fromkeys(t for t in declared if t))
    meta.title = meta.titles[0] if meta.titles else None
    meta.site_name = meta.site_name or next((tags[k] for k in _SITE_KEYS if tags.get(k)), None)
    canonical = tree.css_first('link[rel="canonical"]')
    meta.url = (canonical.attributes.get("href") if canonical else None) or tags.get("og:url")
    html = tree.css_first("html")
    meta.language = (html.attributes.get("lang") or None) if html else None
    return meta


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _meta_tags(tree: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = _clean(attrs.get("content"))
        if key and value:
            tags.setdefault(key.strip().lower(), value)
    for node in tree.css("[itemprop=datePublished][datetime], time[itemprop=datePublished]"):
        value = _clean(node.attributes.get("datetime") or node.attributes.get("content"))
        if value:
            tags.setdefault("datepublished", value)
    return tags


def _from_jsonld(tree: Any, meta: PageMeta) -> None:
    for node in tree.css('script[type="application/ld+json"]'):
        text = node.text(deep=True) or ""
        if len(text) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        items = _items(data)
        # Yoast and others name the author once, as a Person in @graph, and refer to it.
        by_id = {item["@id"]: item for item in items if isinstance(item.get("@id"), str)}
        for item in items:
            kind = item.get("@type")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            if not kinds & _ARTICLE_TYPES:
                continue
            if not meta.title:
                meta.title = _clean(_text(item.get("headline")) or (None if "webpage" in kinds else _text(item.get("name"))))
            if not meta.published:
                value = _text(item.get("datePublished")) or _text(item.get("dateCreated"))
                if value:
                    meta.published, meta.published_from = value, "json-ld"
            if not meta.authors:
                meta.authors = _authors(item.get("author"), by_id)
            if not meta.site_name:
                publisher = item.get("publisher")
                meta.site_name = _clean(_text(publisher.get("name"))) if isinstance(publisher, dict) else None


def _items(data: Any) -> list[dict]:
    """Every JSON object in a JSON-LD block, @graph included, outermost first."""
    found, stack = [], collections.deque([data])
    while stack and len(found) < 200:
        value = stack.popleft()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            found.append(value)
            if "@graph" in value:
                stack.append(value["@graph"])
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _authors(value: Any, by_id: dict[str, dict] | None = None) -> list[str]:
    """Names of JSON-LD authors: strings, Person objects, or references to them.

    >>> _authors([{"@id": "#jane"}, "Max Muster"], {"#jane": {"@type": "Person", "name": "Jane Doe"}})
    ['Jane Doe', 'Max Muster']
    """
    people = value if isinstance(value, list) else [value]
    names: list[str] = []
    for person in people:
        if isinstance(person, dict) and "name" not in person and person.get("@id") in (by_id or {}):
            person = (by_id or {})[person["@id"]]
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str):
            for part in _names(name):
                if part not in names:
                    names.append(part)
    return names


def _names(value: str) -> list[str]:
    from corpus.metadata.authors import split_authors

    value = _clean(value) or ""
    if not value or value.startswith("http"):
        return []
    return split_authors(value) or [value]

"""Corpus-level boilerplate: lines that recur across many documents of one site.

A first pass counts, per site, how many documents hold each line (as an 8-byte hash of
its normalized text: counts, not texts, so memory stays small). Lines found in enough of
a site's documents are its menus, footers and policy blocks; the second pass removes
them with the rule id ``learned:<site>``. Counts from different workers or machines are
merged before anything is decided, so the result does not depend on how the corpus was
split.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from corpus.document import Document
from corpus.io.urls import host_of
from corpus.rulebook.loader import normalize_line
from corpus.text.fixers import remove_invisible


@dataclass(frozen=True)
class LearnConfig:
    # A site needs this many documents before anything is learned from it: with fewer,
    # "in most documents" is chance (two copies of one article would erase it).
    min_site_docs: int = 5
    # A line is boilerplate when this share of the site's documents hold it: menus and
    # footers are on every page, while a phrase of the news recurs in a few.
    min_share: float = 0.5
    # Only lines up to this long are learned: boilerplate lines are short, and a long
    # paragraph repeated across a site is syndicated text someone may want.
    max_line_chars: int = 300
    # Distinct lines whose counts are kept per site, so memory stays bounded on a huge
    # crawl: past twice this many, the least common are forgotten (ties: smallest hash
    # kept, so it is deterministic). Boilerplate is in at least min_share of a site's
    # documents, so it is among the most common lines long before the cap matters; a
    # site with 100k lines more common than its footer does not exist. ~100 bytes a line.
    max_lines_per_site: int = 100_000


def line_key(text: str) -> int:
    """Hash of a line's normalized form: the same for the first pass (which skips the
    costly fixers) and the second (which sees fixed text).

    >>> line_key("Home  | News") == line_key("home | news") == line_key("Ho\u200bme | News")
    True
    """
    folded = normalize_line(unicodedata.normalize("NFC", remove_invisible(text)))
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def site_key(doc: Document) -> str | None:
    """The group a document is learned with: its site, else its URL's host. Taken once,
    when the site is found (``Document.group``), so both passes agree."""
    if doc.meta.site:
        return doc.meta.site
    return host_of(doc.url)


def document_lines(doc: Document, config: LearnConfig) -> tuple[str | None, frozenset[int]]:
    """What the first pass keeps of a document: its group and its distinct line hashes."""
    key = doc.group
    if key is None or not doc.active:
        return None, frozenset()
    return key, frozenset(line_key(x.text) for x in doc.lines if len(x.text) <= config.max_line_chars)


@dataclass
class LineCounts:
    docs: Counter = field(default_factory=Counter)  # site -> documents
    lines: dict[str, Counter] = field(default_factory=dict)  # site -> line hash -> documents

    def add(self, key: str | None, hashes: Iterable[int]) -> None:
        if key is None:
            return
        self.docs[key] += 1
        self.lines.setdefault(key, Counter()).update(hashes)

    def merge(self, other: "LineCounts", cap: int | None = None) -> None:
        """Add ``other``'s counts; with ``cap``, forget the least common lines of a site
        that has more than twice ``cap``."""
        self.docs.update(other.docs)
        for key, counts in other.lines.items():
            mine = self.lines.setdefault(key, Counter())
            mine.update(counts)
            if cap is not None and len(mine) > 2 * cap:
                kept = sorted(mine.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
                self.lines[key] = Counter(dict(kept))

    def boilerplate(self, config: LearnConfig) -> dict[str, frozenset[int]]:
        learned = {}
        for key, n_docs in sorted(self.docs.items()):
            if n_docs < config.min_site_docs:
                continue
            floor = config.min_share * n_docs
            common = frozenset(h for h, n in self.lines[key].items() if n >= floor)
            if common:
                learned[key] = common
        return learned


def remove_learned(learned: dict[str, frozenset[int]], config: LearnConfig):
    """The second-pass step: drop the lines learned as a site's boilerplate from its text
    scrapes. Learned from text scrapes only, so applied to them only: an HTML page's
    article is found by its structure, and a task holding only a site's pages is not
    told what other tasks learned of the site."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            key = doc.group if doc.active and doc.kind == "text" else None
            common = learned.get(key) if key else None
            if common:
                rule_id = f"learned:{key}"
                for line in doc.lines:
                    if line.kept and len(line.text) <= config.max_line_chars and line_key(line.text) in common:
                        line.remove(rule_id)
            yield doc

    return step

"""Clusters of duplicates from the keys of every document, in one process.

Workers compute keys (:func:`corpus.dedup.document_keys`); the clusterer sees keys only,
never texts. Two documents are linked when their exact keys are equal or when any band
has equal keys (the band index is part of what must match); clusters are the connected
components of these links (union-find). In each cluster of two or more, the canonical
document is the one published first (ISO dates; an unknown date sorts after every
date), then the one with the smallest id; every other member is a ``duplicate_of`` it.

The result depends only on the set of documents added, never on the order of the
adds, so workers (or Ray tasks) may feed it in any order, or each fill their own and
:meth:`Clusterer.merge` them.

Memory per document while adding, with the default 16 bands: 16 bytes of exact key,
128 bytes of band keys, an 8-byte index, the id string (~65 bytes for a 16-hex-digit
id) and a pointer to a shared date string: about 230 bytes, ~2.3 GB for 10 million
documents. :meth:`Clusterer.result` adds the returned dict (~100 bytes an entry, one
shared tuple for every unique document) and, one band at a time, a sort's temporaries
(~24 bytes a document).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np

from corpus.dedup.config import DedupConfig
from corpus.dedup.minhash import BAND_KEY_BYTES

EXACT_KEY_BYTES = 16

# What every document outside a cluster maps to: one tuple shared by all of them.
UNIQUE: tuple[str | None, int] = (None, 1)

Published = str | dt.date | None


class Clusterer:
    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self._band_width = self.config.bands * BAND_KEY_BYTES
        self._ids: list[str] = []
        self._published: list[str | None] = []
        self._dates: dict[str, str] = {}  # one string object per distinct date
        self._exact = bytearray()
        self._bands = bytearray()
        self._banded = array("q")  # index of every document that has band keys, in add order

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, published: Published, exact: bytes, bands: bytes | Sequence[bytes]) -> None:
        """One document's keys. ``bands`` is the list :func:`band_keys` returns or its
        concatenation (as :func:`document_keys` gives it); empty for a document too short
        for near-duplicate detection."""
        joined = bytes(bands) if isinstance(bands, (bytes, bytearray, memoryview)) else b"".join(bands)
        if len(exact) != EXACT_KEY_BYTES:
            raise ValueError(f"document {doc_id}: exact key has {len(exact)} bytes, expected {EXACT_KEY_BYTES}")
        if joined and len(joined) != self._band_width:
            raise ValueError(f"document {doc_id}: band keys have {len(joined)} bytes, expected {self._band_width} "
                             f"({self.config.bands} bands of {BAND_KEY_BYTES}): keys made with another DedupConfig?")
        if isinstance(published, (dt.date, dt.datetime)):
            published = published.isoformat()
        if published is not None:
            published = self._dates.setdefault(published, published)
        if joined:
            self._banded.append(len(self._ids))
            self._bands += joined
        self._ids.append(doc_id)
        self._published.append(published)
        self._exact += exact

    def merge(self, other: "Clusterer") -> None:
        """Take in every document another clusterer holds (one filled by a worker)."""
        if other.config != self.config:
            raise ValueError("cannot merge clusterers made with different DedupConfigs")
        offset = len(self._ids)
        self._banded.extend(index + offset for index in other._banded)
        self._bands += other._bands
        self._exact += other._exact
        self._ids.extend(other._ids)
        self._published.extend(self._dates.setdefault(p, p) if p is not None else None for p in other._published)

    def result(self) -> dict[str, tuple[str | None, int]]:
        """Every added id -> (id of its cluster's canonical document or None for the
        canonical one and for unique documents, size of its cluster)."""
        ids = self._ids
        found = dict.fromkeys(ids, UNIQUE)
        if len(found) != len(ids):
            repeated = sorted(i for i, count in Counter(ids).items() if count > 1)
            raise ValueError(f"document ids added more than once: {', '.join(repeated[:3])}")
        # Only linked documents enter the union-find: most documents are unique.
        parent: dict[int, int] = {}
        for first, second in self._links():
            _union(parent, first, second)
        clusters: dict[int, list[int]] = {}
        for index in parent:
            clusters.setdefault(_find(parent, index), []).append(index)
        for group in clusters.values():
            canonical = min(group, key=self._canonical_order)
            for index in group:
                found[ids[index]] = (None if index == canonical else ids[canonical], len(group))
        return found

    def _canonical_order(self, index: int) -> tuple[bool, str, str]:
        published = self._published[index]
        return (published is None, published or "", self._ids[index])

    def _links(self) -> Iterator[tuple[int, int]]:
        """Pairs of document indexes with an equal key: neighbours once sorted by the key
        (one link per extra member is enough for union-find)."""
        if self._ids:
            exact = np.frombuffer(self._exact, dtype=">u8").reshape(-1, 2)
            yield from _equal_neighbours(np.lexsort((exact[:, 1], exact[:, 0])), exact)
        if self._banded:
            banded = np.frombuffer(self._banded, dtype=np.int64)
            keys = np.frombuffer(self._bands, dtype=">u8").reshape(len(banded), self.config.bands)
            for band in range(self.config.bands):
                column = keys[:, band]
                for first, second in _equal_neighbours(np.argsort(column, kind="stable"), column):
                    yield int(banded[first]), int(banded[second])


def _equal_neighbours(order: np.ndarray, keys: np.ndarray) -> Iterator[tuple[int, int]]:
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    if same.ndim > 1:
        same = same.all(axis=1)
    hits = np.flatnonzero(same)
    return zip(order[hits].tolist(), order[hits + 1].tolist())


def _find(parent: dict[int, int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]  # path halving: later finds are short
        index = parent[index]
    return index


def _union(parent: dict[int, int], first: int, second: int) -> None:
    parent.setdefault(first, first)
    parent.setdefault(second, second)
    first, second = _find(parent, first), _find(parent, second)
    if first != second:
        parent[max(first, second)] = min(first, second)

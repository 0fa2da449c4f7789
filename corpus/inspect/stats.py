"""``corpus stats``: documents, characters and words per site and language, characters
removed per rule, duplicates, and a length histogram. The shards are read a batch at a
time and only the small columns (never ``text``), so any size of release fits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from corpus.errors import ReleaseError
from corpus.inspect.reader import batches, open_release

# Where the length histogram's buckets start, in characters: 1-2.5-5 steps per decade,
# from a one-paragraph brief (under 500) through a usual article (1,000-10,000) to long
# reads and transcripts (100,000 and more, the last bucket).
LENGTH_EDGES = (0, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000)
# A document without a site or language is counted under this name, as on the card.
UNKNOWN = "unknown"
REQUIRED = ("site", "language", "n_chars", "n_words")


@dataclass
class Totals:
    documents: int = 0
    chars: int = 0
    words: int = 0


@dataclass(frozen=True)
class LengthBucket:
    min_chars: int
    max_chars: int | None  # exclusive; None for the last bucket
    documents: int


@dataclass(frozen=True)
class Duplicates:
    documents: int  # rows that are a duplicate of another row (`duplicate_of` set)
    chars: int  # characters in those rows: what deduplicating would remove
    clusters: int  # groups of two or more documents
    largest_cluster: int


@dataclass
class Stats:
    release: str
    total: Totals = field(default_factory=Totals)
    sites: dict[str, Totals] = field(default_factory=dict)
    languages: dict[str, Totals] = field(default_factory=dict)
    removed_chars: dict[str, int] = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)
    duplicates: Duplicates | None = None  # None: the release has no `duplicate_of` column
    lengths: list[LengthBucket] = field(default_factory=list)


def release_stats(root: str | Path) -> Stats:
    release = open_release(root)
    columns = release.columns()
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ReleaseError(release.root, f"the document shards have no {', '.join(missing)} column: not a corpus release")
    manifest = release.manifest
    stats = Stats(
        release=str(release.root),
        removed_chars=dict(sorted(_counts(manifest.get("removed_chars")).items())),
        rejects=dict(sorted(_counts(manifest.get("rejects")).items())),
    )
    dedup = _DuplicateCounter(columns) if "duplicate_of" in columns else None
    below = Counter()  # edge -> documents shorter than it
    for batch in batches(release, [*REQUIRED, *(dedup.columns if dedup else ())]):
        table = pa.Table.from_batches([batch])
        _add_groups(stats.sites, table, "site")
        _add_groups(stats.languages, table, "language")
        lengths = table.column("n_chars")
        for edge in LENGTH_EDGES[1:]:
            below[edge] += pc.sum(pc.less(lengths, edge)).as_py() or 0
        stats.total.documents += table.num_rows
        stats.total.chars += pc.sum(lengths).as_py() or 0
        stats.total.words += pc.sum(table.column("n_words")).as_py() or 0
        if dedup:
            dedup.add(table)
    stats.sites = dict(sorted(stats.sites.items()))
    stats.languages = dict(sorted(stats.languages.items()))
    stats.lengths = histogram(below, stats.total.documents)
    stats.duplicates = dedup.result() if dedup else None
    return stats


def histogram(below: dict[int, int], documents: int) -> list[LengthBucket]:
    """Buckets from the count of documents shorter than each edge.

    >>> [b.documents for b in histogram({e: 3 if e > 500 else 1 for e in LENGTH_EDGES[1:]}, 4)][:5]
    [1, 0, 0, 2, 0]
    """
    buckets = []
    for i, start in enumerate(LENGTH_EDGES):
        end = LENGTH_EDGES[i + 1] if i + 1 < len(LENGTH_EDGES) else None
        upto = below[end] if end is not None else documents
        before = below[start] if start else 0
        buckets.append(LengthBucket(start, end, upto - before))
    return buckets


def _add_groups(groups: dict[str, Totals], table: pa.Table, key: str) -> None:
    summed = table.group_by(key).aggregate([([], "count_all"), ("n_chars", "sum"), ("n_words", "sum")])
    for name, documents, chars, words in zip(*(summed.column(c).to_pylist() for c in (key, "count_all", "n_chars_sum", "n_words_sum"))):
        totals = groups.setdefault(name or UNKNOWN, Totals())
        totals.documents += documents
        totals.chars += chars or 0
        totals.words += words or 0


class _DuplicateCounter:
    """Duplicates as the dedup step marks them: ``duplicate_of`` names the kept document
    (null on it and on unique ones); ``cluster_size``, when present, is the size of the
    group on the kept row. Without ``cluster_size`` the groups are counted from the
    ``duplicate_of`` values, which needs one entry per group in memory."""

    def __init__(self, columns: Iterable[str]) -> None:
        self.has_sizes = "cluster_size" in columns
        self.columns = ("duplicate_of", "cluster_size") if self.has_sizes else ("duplicate_of",)
        self.documents = self.chars = self.clusters = self.largest = 0
        self.groups: Counter = Counter()

    def add(self, table: pa.Table) -> None:
        marked = pc.is_valid(table.column("duplicate_of"))
        self.documents += pc.sum(marked).as_py() or 0
        self.chars += pc.sum(pc.filter(table.column("n_chars"), marked)).as_py() or 0
        if self.has_sizes:
            kept_sizes = pc.filter(table.column("cluster_size"), pc.invert(marked))
            self.clusters += pc.sum(pc.greater(kept_sizes, 1)).as_py() or 0
            self.largest = max(self.largest, pc.max(kept_sizes).as_py() or 0)
        else:
            self.groups.update(pc.drop_null(table.column("duplicate_of")).to_pylist())

    def result(self) -> Duplicates:
        if not self.has_sizes:
            self.clusters = len(self.groups)
            self.largest = max(self.groups.values()) + 1 if self.groups else 0  # + the kept one
        return Duplicates(self.documents, self.chars, self.clusters, self.largest if self.clusters else 0)


def _counts(value) -> dict[str, int]:
    """A name -> count table from the manifest; anything else there is ignored."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int)}

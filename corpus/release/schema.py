"""The explicit Parquet schemas of a release, and document -> row conversion."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pyarrow as pa

from corpus.dedup.config import DedupConfig
from corpus.dedup.minhash import document_keys
from corpus.document import Document, count_words

DOCUMENTS = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False, metadata={"doc": "sha256 of source, 16 hex digits; stable across runs"}),
        pa.field("source", pa.string(), nullable=False, metadata={"doc": "input path relative to its root"}),
        pa.field("url", pa.string()),
        pa.field("site", pa.string()),
        pa.field("title", pa.string()),
        pa.field("subtitle", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("published_from", pa.string(), metadata={"doc": "rule id the date came from"}),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("dateline", pa.string()),
        pa.field("language", pa.string(), metadata={"doc": "ISO 639-1 where one exists"}),
        pa.field("language_score", pa.float32()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("n_chars", pa.int64(), nullable=False),
        pa.field("n_words", pa.int64(), nullable=False),
        pa.field("raw_sha256", pa.string(), nullable=False),
        pa.field("text_sha256", pa.string(), nullable=False),
        pa.field("rules", pa.list_(pa.string()), nullable=False, metadata={"doc": "ids of the rules that changed it"}),
        pa.field("fixes", pa.list_(pa.string()), nullable=False, metadata={"doc": "text fixers that changed it"}),
        pa.field("notes", pa.list_(pa.string()), nullable=False, metadata={"doc": "e.g. an ambiguous date left unset"}),
        pa.field("duplicate_of", pa.string(), metadata={"doc": "id of the canonical copy of this text; null for it and for unique texts"}),
        pa.field("cluster_size", pa.int32(), nullable=False, metadata={"doc": "documents sharing this text, exactly or nearly (1: unique)"}),
    ]
)

# Columns only the whole run can fill in (they need every document).
_RUN_COLUMNS = ("duplicate_of", "cluster_size")
# What a task writes to the work folder: the rows as they leave the pipeline, and the
# duplicate keys of their text (computed in the workers, clustered by the driver).
WORK_DOCUMENTS = pa.schema(
    [f for f in DOCUMENTS if f.name not in _RUN_COLUMNS]
    + [pa.field("_exact", pa.binary(16), nullable=False), pa.field("_bands", pa.binary(), nullable=False)]
)
DEDUP_KEYS = ["id", "published", "_exact", "_bands"]

REJECTS = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string()),
    ]
)


def doc_id(source: str) -> str:
    """Stable id of a document: from its source, so a changed page keeps its id.

    >>> doc_id("seeds/000.txt")
    '081ceefa20ed0747'
    """
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def _clean(value):
    """Strings that come from metadata (sidecars, JSON-LD) never went through the text
    fixers: a lone surrogate there would make the Parquet writer fail."""
    if isinstance(value, str):
        return value.encode("utf-8", errors="replace").decode("utf-8") if not value.isascii() else value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# The columns that may hold strings from metadata or names from the input: the others
# are hex digests, numbers and a date, which _clean leaves as they are, and the text,
# which _row encodes strictly (for its sha256): that fails on a lone surrogate before
# _clean would see it, and re-encoding it cost a tenth of to_row.
_CLEANED = ("source", "url", "site", "title", "subtitle", "published_from", "authors", "dateline", "language",
            "rules", "fixes", "notes")


def to_row(doc: Document) -> dict:
    row = _row(doc)
    for key in _CLEANED:
        row[key] = _clean(row[key])
    return row


def _row(doc: Document) -> dict:
    text = doc.clean_text()
    meta = doc.meta
    return {
        "id": doc_id(doc.source),
        "source": doc.source,
        "url": doc.url,
        "site": meta.site,
        "title": meta.title,
        "subtitle": meta.subtitle,
        "published": meta.published,
        "published_from": meta.published_from,
        "authors": list(meta.authors),
        "dateline": meta.dateline,
        "language": meta.language,
        "language_score": meta.language_score,
        "text": text,
        "n_chars": len(text),
        "n_words": count_words(text),  # len(text.split()), without making the words
        "raw_sha256": doc.raw_sha256,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "rules": doc.rule_ids(),
        "fixes": list(doc.fixes),
        "notes": list(meta.notes),
    }


def add_dedup_keys(rows: list[dict], dedup: DedupConfig) -> None:
    """Fill in the duplicate keys (``_exact``, ``_bands``) of rows from :func:`to_row`.
    A worker calls it on a whole row group before writing it rather than per document:
    keys computed back to back run with numpy's code and buffers in the CPU caches, ~1.5x
    faster than interleaved with the pipeline's work on each document (dev dumps, one
    worker: the whole run takes 0.4 s less)."""
    for row in rows:
        keys = document_keys(row["text"], dedup)
        row["_exact"], row["_bands"] = keys.exact, keys.bands


def from_work_batch(batch: pa.RecordBatch, clusters: Mapping[str, tuple[str | None, int]]) -> pa.Table:
    """A task's rows (a batch of ``WORK_DOCUMENTS``, as the task files keep it) as
    release rows: the run-level columns filled in from ``clusters`` (document id ->
    (duplicate_of, cluster_size); absent ids are unique)."""
    found = [clusters.get(x, _UNIQUE) for x in batch.column("id").to_pylist()]
    columns = {name: batch.column(name) for name in batch.schema.names}
    columns["duplicate_of"] = pa.array([f[0] for f in found], pa.string())
    columns["cluster_size"] = pa.array([f[1] for f in found], pa.int32())
    # from_arrays checks every column's type against DOCUMENTS; no cast (a cast imports
    # pyarrow.compute, ~0.1 s of every run's start).
    return pa.Table.from_arrays([columns[name] for name in DOCUMENTS.names], schema=DOCUMENTS)


_UNIQUE = (None, 1)


def to_reject(doc: Document) -> dict:
    assert doc.reject is not None
    return {key: _clean(value) for key, value in _reject(doc).items()}


def _reject(doc: Document) -> dict:
    assert doc.reject is not None
    return {
        "source": doc.source,
        "reason": doc.reject.reason,
        "message": doc.reject.message,
        "raw_sha256": doc.raw_sha256 or None,
    }

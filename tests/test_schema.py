import datetime as dt

import pyarrow as pa

from corpus.dedup.config import DedupConfig
from corpus.document import Document, Line, Reject
from corpus.release.schema import (
    DOCUMENTS,
    REJECTS,
    WORK_DOCUMENTS,
    add_dedup_keys,
    doc_id,
    from_work_batch,
    to_reject,
    to_row,
)


def to_work_row(doc, dedup):
    """A row as a task writes it: to_row, then the duplicate keys of its row group."""
    row = to_row(doc)
    add_dedup_keys([row], dedup)
    return row


def test_id_depends_only_on_source():
    assert doc_id("seeds/a.txt") == doc_id("seeds/a.txt") != doc_id("seeds/b.txt")
    assert len(doc_id("x")) == 16


def test_row_fits_the_schema_exactly():
    doc = Document(source="s/a.txt", raw_sha256="ab", lines=[Line("Title", removed_by="header:title"), Line("Body one."), Line("Body two.")])
    doc.meta.published = dt.date(2024, 1, 21)
    doc.meta.authors = ["A", "B"]
    row = to_work_row(doc, DedupConfig())
    assert row["text"] == "Body one.\n\nBody two."
    assert row["n_chars"] == len(row["text"]) and row["n_words"] == 4
    assert row["rules"] == ["header:title"]
    table = pa.Table.from_pylist([row], schema=WORK_DOCUMENTS)
    assert table.schema.field("published").type == pa.date32()
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert set(row) == set(WORK_DOCUMENTS.names)
    assert len(row["_exact"]) == 16 and row["_bands"] == b""  # too short for near-duplicate keys


def test_run_columns_are_filled_from_the_clusters():
    rows = [to_work_row(Document(source=f"s/{n}.txt", raw_sha256="ab", lines=[Line("Body.")]), DedupConfig()) for n in "abc"]
    batch = pa.Table.from_pylist(rows, schema=WORK_DOCUMENTS).to_batches()[0]
    ids = [r["id"] for r in rows]
    table = from_work_batch(batch, {ids[0]: (None, 2), ids[1]: (ids[0], 2)})
    assert table.schema == DOCUMENTS
    assert table.column("duplicate_of").to_pylist() == [None, ids[0], None]
    assert table.column("cluster_size").to_pylist() == [2, 2, 1]


def test_reject_row():
    doc = Document(source="s/b.bin", reject=Reject("not-text", "binary"))
    row = to_reject(doc)
    assert pa.Table.from_pylist([row], schema=REJECTS).num_rows == 1
    assert row["reason"] == "not-text"


def test_row_cleans_every_column_that_may_need_it():
    """to_row cleans only the metadata columns: the same row as cleaning every column but the text."""
    import datetime as dt

    from corpus.release.schema import _clean, _row

    doc = Document(source="s/é.txt", url="https://x.org/\udfff", raw_sha256="ab" * 32,
                   lines=[Line("Body \u00e9."), Line("Menu", removed_by="learned:\ud800")])
    meta = doc.meta
    meta.site, meta.title, meta.subtitle, meta.dateline, meta.language = "S\ud800", "T\ud800", "U\udc00", "D\ud800", "de"
    meta.published, meta.published_from, meta.language_score = dt.date(2024, 1, 2), "rule\ud800", 0.5
    meta.authors, meta.notes, doc.fixes = ["A\ud800", "B"], ["n\ud800"], ["whitespace"]
    expected = {key: value if key == "text" else _clean(value) for key, value in _row(doc).items()}
    row = to_row(doc)
    assert row == expected and list(row) == list(expected)
    assert row["title"] == "T?" and row["rules"] == ["learned:?"]

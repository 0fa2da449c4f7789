"""Write a release atomically.

Everything is written into a staging folder beside OUT; when the run is complete the
staging folder replaces OUT in two renames. A run killed at any point leaves the
previous release in place (or, killed between the two renames, beside it as
``.OUT.previous``, which the next run puts back). No file in OUT is ever half-written.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus import __version__
from corpus.document import Document
from corpus.errors import OutputError
from corpus.io.inputs import sha256
from corpus.release import card
from corpus.release.schema import DOCUMENTS, REJECTS, to_reject, to_row
from corpus.rulebook.loader import RuleSet

# Layout (as on the Hugging Face hub): the card and manifest at the top, the document
# shards alone in data/, so every Parquet reader pointed at data/ sees one schema.
DATA_DIR = "data"
MANIFEST = "manifest.json"
REJECTS_FILE = "rejects.parquet"
CARD = "README.md"
# zstd level 9: a release is written once and read many times; higher levels cost
# much more time for a few percent.
_ZSTD_LEVEL = 9


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    rejects: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # records that are not documents (WARC requests...)
    removed_chars: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    sites: Counter = field(default_factory=Counter)
    chars: int = 0


class ReleaseWriter:
    def __init__(self, out: str | Path, rules: RuleSet, shard_rows: int) -> None:
        self.out = Path(out)
        self.rules = rules
        self.shard_rows = shard_rows
        self.summary = Summary()
        self._rows: list[dict] = []
        self._rejects: list[dict] = []
        self._inputs: list[dict] = []
        self._outputs: list[dict] = []
        self._sources: set[str] = set()
        self.learned: dict[str, int] = {}  # site -> lines learned as its boilerplate
        self.staging = self.out.parent / f".{self.out.name}.staging"
        self.previous = self.out.parent / f".{self.out.name}.previous"
        self._lock = None
        self._prepare()

    def _prepare(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(self.out, "exists and is not a folder")
        if self.out.is_dir() and any(self.out.iterdir()) and not (self.out / MANIFEST).exists():
            raise OutputError(self.out, f"is a non-empty folder without {MANIFEST}: not a corpus release, refusing to replace it")
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._take_lock()
            if self.previous.exists() and not self.out.exists():
                os.replace(self.previous, self.out)  # a killed run's swap, undone
            elif self.previous.exists():
                shutil.rmtree(self.previous)  # killed while deleting it: OUT is complete
            shutil.rmtree(self.staging, ignore_errors=True)
            (self.staging / DATA_DIR).mkdir(parents=True)
        except OSError as exc:
            raise OutputError(exc.filename or self.out, f"cannot write: {exc.strerror or exc}") from None

    def _take_lock(self) -> None:
        """One run at a time per release: a second one would delete the first's staging."""
        try:
            import fcntl
        except ImportError:  # not on Unix: no lock, as before
            return
        lock = open(self.out.parent / f".{self.out.name}.lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise OutputError(self.out, "another corpus run is writing this release right now") from None
        self._lock = lock

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file drops the lock
            self._lock = None

    def add_input(self, source: str, sha256_hex: str | None, n_bytes: int, counted: bool = True) -> None:
        """One input file as it is on disk (a WARC file holds many documents). A sidecar
        is listed (it shaped the output) but not counted as an input of its own."""
        self.summary.inputs += counted
        self._inputs.append({"source": source, "sha256": sha256_hex, "bytes": n_bytes})

    def add(self, doc: Document) -> None:
        if doc.skipped is not None:
            self.summary.skipped[doc.skipped] += 1
            return
        if doc.reject is None and doc.source in self._sources:
            doc.fail("duplicate-source", "another input has the same source path; give the inputs distinct folders")
        self._sources.add(doc.source)
        if doc.reject is not None:
            self._rejects.append(to_reject(doc))
            self.summary.rejects[doc.reject.reason] += 1
            return
        row = to_row(doc)
        self._rows.append(row)
        summary = self.summary
        summary.documents += 1
        summary.chars += row["n_chars"]
        summary.removed_chars.update(doc.removed_chars())
        summary.languages[row["language"] or "unknown"] += 1
        summary.sites[row["site"] or "unknown"] += 1
        if len(self._rows) >= self.shard_rows:
            self._flush()

    def _write(self, name: str, table: pa.Table) -> None:
        path = self.staging / name
        try:
            pq.write_table(table, path, compression="zstd", compression_level=_ZSTD_LEVEL)
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc}") from None
        self._outputs.append(_describe(self.staging, name, table.num_rows))

    def _flush(self) -> None:
        if self._rows or not self._outputs:  # an empty release still has one (empty) shard
            name = f"{DATA_DIR}/part-{len(self._outputs):05d}.parquet"
            self._write(name, pa.Table.from_pylist(self._rows, schema=DOCUMENTS))
            self._rows = []

    def close(self) -> Summary:
        self._flush()
        self._write(REJECTS_FILE, pa.Table.from_pylist(self._rejects, schema=REJECTS))
        manifest = {
            "tool": "corpus",
            "version": __version__,
            "rules_sha256": self.rules.digest,
            "documents": self.summary.documents,
            "rejects": dict(sorted(self.summary.rejects.items())),
            "skipped": dict(sorted(self.summary.skipped.items())),
            "removed_chars": dict(sorted(self.summary.removed_chars.items())),
            "learned_lines": dict(sorted(self.learned.items())),
            "inputs": self._inputs,
            "outputs": self._outputs,
        }
        card_text = card.render(manifest, self.summary)
        _write_text(self.staging / CARD, card_text)
        manifest["outputs"] = manifest["outputs"] + [_describe(self.staging, CARD, None)]
        _write_text(self.staging / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
        self._swap()
        self._release_lock()
        return self.summary

    def _swap(self) -> None:
        try:
            if self.out.exists():
                os.replace(self.out, self.previous)
            os.replace(self.staging, self.out)
            shutil.rmtree(self.previous, ignore_errors=True)
        except OSError as exc:
            raise OutputError(self.out, f"cannot replace the release: {exc.strerror or exc}") from None

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._release_lock()


def _describe(root: Path, name: str, rows: int | None) -> dict:
    data = (root / name).read_bytes()
    entry = {"file": name, "bytes": len(data), "sha256": sha256(data)}
    if rows is not None:
        entry["rows"] = rows
    return entry


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None

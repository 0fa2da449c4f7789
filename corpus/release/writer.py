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
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from corpus import __version__
from corpus.config import ZSTD_LEVEL
from corpus.errors import OutputError
from corpus.io.inputs import file_sha256
from corpus.release import card
from corpus.release.schema import DOCUMENTS, REJECTS, from_work_batch
from corpus.release.shards import ShardWriter
from corpus.rulebook.loader import RuleSet
from corpus.run.workdir import DOCS_FILE, REJECTS_FILE as TASK_REJECTS, read_batches

# Layout (as on the Hugging Face hub): the card and manifest at the top, the document
# shards alone in data/, so every Parquet reader pointed at data/ sees one schema.
DATA_DIR = "data"
MANIFEST = "manifest.json"
REJECTS_FILE = "rejects.parquet"
CARD = "README.md"


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
    duplicates: int = 0  # rows that are a copy of another (duplicate_of is set)
    dropped_duplicates: int = 0  # those left out with --drop-duplicates
    tasks: int = 0
    tasks_reused: int = 0  # finished by an earlier (killed or older) run


class ReleaseWriter:
    """Collects a run's task outputs, in task order, into a release at ``out``."""

    def __init__(self, out: str | Path, rules: RuleSet, shard_rows: int, zstd_level: int = ZSTD_LEVEL) -> None:
        self.out = Path(out)
        self.rules = rules
        self.shard_rows = shard_rows
        self.summary = Summary()
        self._inputs: list[dict] = []
        self._outputs: list[dict] = []
        self.learned: dict[str, int] = {}  # site -> lines learned as its boilerplate
        self.dedup: dict = {}  # duplicate detection settings: keys made with others do not match
        self.staging = self.out.parent / f".{self.out.name}.staging"
        self.previous = self.out.parent / f".{self.out.name}.previous"
        self._lock = None
        self._prepare()
        self._shards = ShardWriter(self.staging / DATA_DIR, lambda n: f"part-{n:05d}.parquet", DOCUMENTS,
                                   shard_rows, self._shard_done, zstd_level=zstd_level)
        self._rejects = ShardWriter(self.staging, lambda n: REJECTS_FILE, REJECTS, sys.maxsize, self._shard_done,
                                    zstd_level=zstd_level)

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

    def add_inputs(self, entries: list[dict]) -> None:
        """Input files as they are on disk (a WARC file holds many documents). A sidecar
        (``counted: False``) is listed, as it shaped the output, but not counted."""
        for entry in entries:
            self.summary.inputs += entry.get("counted", True)
            self._inputs.append({"source": entry["source"], "sha256": entry["sha256"], "bytes": entry["bytes"]})

    def add_rejects(self, rows: list[dict]) -> None:
        """Rejects decided before any task ran (two inputs with one source name)."""
        if rows:
            self._rejects.write(pa.Table.from_pylist(rows, schema=REJECTS))
            self.summary.rejects.update(row["reason"] for row in rows)

    def add_task(self, folder: Path, skipped: Counter, removed_chars: Counter, clusters, drop_duplicates: bool) -> None:
        """One finished task's rows and rejects; ``clusters`` gives each row's
        (duplicate_of, cluster_size)."""
        self.summary.tasks += 1
        self.summary.skipped.update(skipped)
        self.summary.removed_chars.update(removed_chars)
        # The task files keep the schemas exactly (REJECTS, WORK_DOCUMENTS): no cast.
        for batch in read_batches(folder / TASK_REJECTS):
            self._rejects.write(pa.Table.from_batches([batch], schema=REJECTS))
            self.summary.rejects.update(batch.column("reason").to_pylist())
        for batch in read_batches(folder / DOCS_FILE):
            table = from_work_batch(batch, clusters)
            copies = table.num_rows - table.column("duplicate_of").null_count
            self.summary.duplicates += copies
            if drop_duplicates and copies:
                import pyarrow.compute as pc  # only here: its import is ~0.1 s of every run

                table = table.filter(pc.is_null(table.column("duplicate_of")))
                self.summary.dropped_duplicates += copies
            self._count(table)
            self._shards.write(table)

    def _count(self, table: pa.Table) -> None:
        # Plain Python over a batch's values (a few thousand at most) rather than
        # pyarrow.compute, whose import costs more than counting a whole run.
        summary = self.summary
        summary.documents += table.num_rows
        summary.chars += sum(table.column("n_chars").to_pylist())
        for name, counter in (("language", summary.languages), ("site", summary.sites)):
            # (Counter keeps first appearances in order, as value_counts did.)
            counter.update("unknown" if value is None else value for value in table.column(name).to_pylist())

    def _shard_done(self, path: Path, rows: int) -> None:
        entry = {"file": path.relative_to(self.staging).as_posix(), "bytes": path.stat().st_size,
                 "sha256": file_sha256(path), "rows": rows}
        self._outputs.append(entry)

    def close(self) -> Summary:
        self._shards.close()
        self._rejects.close()
        self._outputs.sort(key=lambda o: (o["file"] == REJECTS_FILE, o["file"]))  # shards, then rejects
        manifest = {
            "tool": "corpus",
            "version": __version__,
            "rules_sha256": self.rules.digest,
            "documents": self.summary.documents,
            "rejects": dict(sorted(self.summary.rejects.items())),
            "skipped": dict(sorted(self.summary.skipped.items())),
            "duplicates": self.summary.duplicates,
            "dropped_duplicates": self.summary.dropped_duplicates,
            "dedup": self.dedup,
            "removed_chars": dict(sorted(self.summary.removed_chars.items())),
            "learned_lines": dict(sorted(self.learned.items())),
            "inputs": self._inputs,
            "outputs": self._outputs,
        }
        card_text = card.render(manifest, self.summary)
        _write_text(self.staging / CARD, card_text)
        manifest["outputs"] = manifest["outputs"] + [_describe(self.staging, CARD)]
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


def _describe(root: Path, name: str) -> dict:
    path = root / name
    return {"file": name, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None

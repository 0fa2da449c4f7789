"""What a worker does with one task, in two stages.

1. ``learn_task``: hash the task's inputs (sha256, for the manifest and for every cache
   key) and count the line hashes of its text documents per site.
2. ``process_task``: run every document through the pipeline and write the task's rows
   and rejects to its own folder in the work area; the folder appears (one rename) only
   when the task is complete, so its existence is the task's completion marker.

Both are plain functions of their arguments, so the same code runs in a local process
pool and as Ray tasks; each stage's result is cached in the work folder under a key of
everything that shapes it, which is what makes killed runs resumable and reruns on a
grown folder incremental.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from corpus.config import CleanConfig
from corpus.heuristics.learned import LineCounts
from corpus.io.inputs import hash_and_keep
from corpus.io.readers import input_format
from corpus.pipeline import learning_pass, run
from corpus.release.schema import REJECTS, WORK_DOCUMENTS, add_dedup_keys, to_reject, to_row
from corpus.rulebook.loader import RuleSet, load_rules
from corpus.run.plan import Task
from corpus.run.workdir import DOCS_FILE, REJECTS_FILE, RowsWriter, WorkDir

# Rows a task buffers before writing a record batch: bounds a worker's memory whatever the
# size of the task (a WARC file can hold 100k pages) at ~10 MB of news text.
_TASK_BATCH = 2_000


@dataclass(frozen=True)
class RunContext:
    """What every task of a run needs; sent once to each worker."""

    config: CleanConfig
    work: WorkDir
    fingerprint: str  # code, rules and configuration: part of every cache key


@dataclass
class Learned:
    """A task's first-stage result."""

    key: str
    inputs: list[dict]  # source, sha256, bytes (and counted=False for sidecars)
    counts: LineCounts | None  # taken by the driver as soon as it has merged them
    groups: list[str]  # the sites its text documents belong to


@dataclass
class Processed:
    """A task's second-stage result: what the release writer needs besides its rows."""

    key: str
    rows: int = 0
    rejects: int = 0
    skipped: Counter = field(default_factory=Counter)
    removed_chars: Counter = field(default_factory=Counter)
    reused: bool = False  # finished by an earlier run (killed, or on fewer inputs)

    def to_json(self) -> dict:
        return {"key": self.key, "rows": self.rows, "rejects": self.rejects,
                "skipped": dict(sorted(self.skipped.items())), "removed_chars": dict(sorted(self.removed_chars.items()))}

    @classmethod
    def from_json(cls, data: dict) -> "Processed":
        return cls(data["key"], data["rows"], data["rejects"], Counter(data["skipped"]), Counter(data["removed_chars"]), True)


def _rules(ctx: RunContext) -> RuleSet:
    return _load_rules(ctx.config.rules_dir, ctx.fingerprint)


@functools.lru_cache(maxsize=4)
def _load_rules(rules_dir: Path, fingerprint: str) -> RuleSet:
    # Loaded once per worker process and run (compiled patterns do not cross processes);
    # the fingerprint holds the rules' hash, so edited rules are loaded again.
    return load_rules(rules_dir)


def digest(*parts: object) -> str:
    """A cache key: blake2b of the parts' JSON.

    >>> digest("a", [1, 2]) == digest("a", [1, 2]) != digest("a", [2, 1])
    True
    """
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


# The bytes of a task's text scrapes (and sidecars) are kept from hashing them to the
# learning pass, which reads them again otherwise, up to this many: a task of 64 news
# scrapes is ~1 MB, and a worker holds no more than a pipeline batch of input
# (corpus.pipeline.BATCH_BYTES); the files past it are read again.
_HELD_BYTES = 16 * 1024 * 1024


def describe_inputs(task: Task, held: dict[Path, bytes] | None = None) -> list[dict]:
    """The task's input files (and sidecars) with their sha256 and size. With ``held``,
    the bytes of those the learning pass reads are put there, as far as _HELD_BYTES go:
    one read serves the hash and the learning."""
    entries = []
    room = _HELD_BYTES if held is not None else 0
    for item in task.files:
        keep = room if room and input_format(item.path) in _LEARNED_FORMATS else 0
        sha, data = hash_and_keep(item.path, keep)
        entries.append({"source": item.source, "sha256": sha, "bytes": _size(item.path, data)})
        room = _hold(held, item.path, data, room)
        if item.sidecar is not None:  # it shapes the output: the manifest lists it too
            sha, data = hash_and_keep(item.sidecar, room if keep else 0)
            entries.append({"source": item.sidecar_source(), "sha256": sha,
                            "bytes": item.sidecar.stat().st_size, "counted": False})
            room = _hold(held, item.sidecar, data, room)
    return entries


# The formats the learning pass reads (see corpus.pipeline.learning_pass).
_LEARNED_FORMATS = ("text",)


def _size(path: Path, data: bytes | None) -> int:
    """Its size on disk: that of the bytes hashed, where they were kept."""
    if data is not None:
        return len(data)
    return path.stat().st_size if path.exists() else 0


def _hold(held: dict[Path, bytes] | None, path: Path, data: bytes | None, room: int) -> int:
    """Keep ``data`` in ``held``; the room left."""
    if held is None or data is None:
        return room
    held[path] = data
    return room - len(data)


def learn_task(task: Task, ctx: RunContext) -> Learned:
    held: dict[Path, bytes] = {}
    inputs = describe_inputs(task, held)
    key = digest("learn", ctx.fingerprint, inputs)
    cached = ctx.work.load_counts(key)
    if cached is None:
        counts = LineCounts()
        for group, hashes in learning_pass(task.files, _rules(ctx), ctx.config, held=held):
            counts.add(group, hashes)
        ctx.work.save_counts(key, counts)
        cached = counts
    return Learned(key, inputs, cached, sorted(cached.docs))


def process_key(ctx: RunContext, inputs: list[dict], learned: dict[str, frozenset[int]]) -> str:
    """Everything that shapes a task's output: the code, rules and configuration, its
    inputs' contents, and the boilerplate learned for its sites (a new page of a site
    can change what is learned, and so every page of that site)."""
    return digest("process", ctx.fingerprint, inputs, {k: sorted(v) for k, v in sorted(learned.items())})


def process_task(job: tuple[Task, str, dict[str, frozenset[int]]], ctx: RunContext) -> Processed:
    task, key, learned = job
    done = ctx.work.finished(key)
    if done is not None:
        return Processed.from_json(done)
    result = Processed(key)
    with ctx.work.task_writer(key) as folder:
        keys = functools.partial(add_dedup_keys, dedup=ctx.config.dedup)
        with _Rows(folder / DOCS_FILE, WORK_DOCUMENTS, keys) as docs, _Rows(folder / REJECTS_FILE, REJECTS) as rejects:
            for doc in run(task.files, _rules(ctx), ctx.config, learned):
                if doc.skipped is not None:
                    result.skipped[doc.skipped] += 1
                elif doc.reject is not None:
                    rejects.add(to_reject(doc))
                else:
                    docs.add(to_row(doc))
                    result.removed_chars.update(doc.removed_chars())
        result.rows, result.rejects = docs.count, rejects.count
        (folder / "task.json").write_text(json.dumps(result.to_json(), sort_keys=True), encoding="utf-8")
    return result


class _Rows:
    """Rows streamed into a task file (``RowsWriter``) a record batch at a time;
    ``complete`` fills in what a batch's rows still lack just before it is written."""

    def __init__(self, path: Path, schema: pa.Schema, complete: Callable[[list[dict]], None] | None = None) -> None:
        self._writer = RowsWriter(path, schema)
        self._schema = schema
        self._complete = complete
        self._rows: list[dict] = []
        self.count = 0

    def add(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= _TASK_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            if self._complete is not None:
                self._complete(self._rows)
            self._writer.write(pa.Table.from_pylist(self._rows, schema=self._schema))
            self.count += len(self._rows)
            self._rows = []

    def __enter__(self) -> "_Rows":
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()

"""Split a run's inputs into tasks, up front and deterministically.

A task is a run of consecutive input files (in sorted order). Tasks are the unit of
parallel work, of resuming (a finished task leaves a marker and is not redone) and of
incremental runs (a task whose inputs did not change is not redone). So the split must
not depend on the number of workers, and a file added to a folder must only change the
task it lands in, not shift every task after it: boundaries are content-defined, as in
rsync or restic chunking — a task ends after a file whose *name* hashes to 0 modulo
the target size, or when it grows past a hard cap.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from corpus.io.inputs import InputFile


@dataclass(frozen=True)
class PlanConfig:
    # Expected inputs per task. Each task costs a Parquet file, a marker and a hand-off
    # to a worker (a few milliseconds), so tasks of ~64 small files keep that overhead
    # under 1%; a killed run redoes at most one task per worker.
    task_files: int = 64
    # Hard caps, so no task is far bigger than the rest: a worker's last task should
    # not run long after the others have finished, and a resumed run should not redo
    # an hour of work. 1 GiB of input is a few minutes of work for one core.
    max_task_files: int = 256
    max_task_bytes: int = 1 << 30


@dataclass(frozen=True)
class Task:
    index: int
    files: tuple[InputFile, ...]


def ends_task(source: str, config: PlanConfig) -> bool:
    """Whether a task ends after this input (a content-defined boundary)."""
    digest = hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % config.task_files == 0


def plan(files: list[InputFile], sizes: list[int], config: PlanConfig) -> list[Task]:
    """Consecutive runs of ``files`` (``sizes`` are their sizes on disk).

    >>> from pathlib import Path
    >>> files = [InputFile(Path(f"{i}.txt"), f"{i}.txt") for i in range(300)]
    >>> tasks = plan(files, [10] * 300, PlanConfig(task_files=64))
    >>> sum(len(t.files) for t in tasks), all(len(t.files) <= 256 for t in tasks)
    (300, True)
    """
    tasks: list[Task] = []
    current: list[InputFile] = []
    current_bytes = 0
    for item, size in zip(files, sizes):
        current.append(item)
        current_bytes += size
        if (
            ends_task(item.source, config)
            or len(current) >= config.max_task_files
            or current_bytes >= config.max_task_bytes
        ):
            tasks.append(Task(len(tasks), tuple(current)))
            current, current_bytes = [], 0
    if current:
        tasks.append(Task(len(tasks), tuple(current)))
    return tasks

"""``corpus clean`` as a library call: inputs in, a release out."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Optional

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.io.inputs import InputFile, discover, file_sha256
from corpus.pipeline import run
from corpus.release.writer import ReleaseWriter, Summary
from corpus.rulebook.loader import RuleSet, load_rules

# Files handed to a worker at a time: enough to hide the hand-off cost, small enough
# that the last worker does not finish long after the others.
_CHUNK = 8

_worker_rules: RuleSet | None = None
_worker_config: CleanConfig | None = None


def clean(
    inputs: list[str | Path],
    out: str | Path,
    config: CleanConfig,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Clean every input into a release at ``out``. ``progress`` is called once per input
    file done; it gets the number of files in all the first time, as a negative number."""
    rules = load_rules(config.rules_dir)
    files = discover(inputs)
    writer = ReleaseWriter(out, rules, config.shard_rows)
    if progress:
        progress(-len(files))
    try:
        for item, (digest, size, docs) in zip(files, _process(files, rules, config)):
            writer.add_input(item.source, digest, size)
            if item.sidecar is not None:  # it shaped the output: the manifest names it too
                writer.add_input(item.sidecar_source(), file_sha256(item.sidecar), item.sidecar.stat().st_size)
            for doc in docs:
                writer.add(doc)
            if progress:
                progress(1)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


Processed = tuple[Optional[str], int, list[Document]]


def _process(files: list[InputFile], rules: RuleSet, config: CleanConfig) -> Iterator[Processed]:
    """Per input file, in input order whatever the number of workers: the file's sha256
    and size on disk, and its documents."""
    if config.workers <= 1 or len(files) <= 1:
        for item in files:
            yield _one(item, rules, config)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(config.workers, initializer=_init_worker, initargs=(config,)) as pool:
        yield from pool.imap(_work, files, chunksize=_CHUNK)


def _init_worker(config: CleanConfig) -> None:
    # Each worker loads the rules itself: compiled patterns need not cross processes.
    global _worker_rules, _worker_config
    _worker_rules, _worker_config = load_rules(config.rules_dir), config


def _work(item: InputFile) -> Processed:
    assert _worker_rules is not None and _worker_config is not None
    return _one(item, _worker_rules, _worker_config)


def _one(item: InputFile, rules: RuleSet, config: CleanConfig) -> Processed:
    size = item.path.stat().st_size if item.path.exists() else 0
    return file_sha256(item.path), size, list(run([item], rules, config))

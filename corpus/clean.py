"""``corpus clean`` as a library call: inputs in, a release out."""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Optional

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.errors import WorkerError
from corpus.io.inputs import InputFile, discover, file_sha256
from corpus.heuristics.learned import LineCounts
from corpus.pipeline import Learned, learning_pass, run
from corpus.release.writer import ReleaseWriter, Summary
from corpus.rulebook.loader import RuleSet, load_rules

# Files handed to a worker at a time: enough to hide the hand-off cost, small enough
# that the last worker does not finish long after the others.
_CHUNK = 8

_worker_rules: RuleSet | None = None
_worker_config: CleanConfig | None = None
_worker_learned: Learned = {}


def clean(
    inputs: list[str | Path],
    out: str | Path,
    config: CleanConfig,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Clean every input into a release at ``out``. ``progress`` is called once per input
    file done; it gets the number of files in all the first time, as a negative number."""
    rules = load_rules(config.rules_dir)
    writer = ReleaseWriter(out, rules, config.shard_rows)
    try:
        # A release written inside an input folder is not read back as input.
        files = discover(inputs, exclude=[writer.out, writer.staging, writer.previous])
        if progress:
            progress(-len(files))
        learned = _learn(files, rules, config)
        writer.learned = {key: len(lines) for key, lines in learned.items()}
        for item, (digest, size, docs) in zip(files, _process(files, rules, config, learned)):
            writer.add_input(item.source, digest, size)
            if item.sidecar is not None:  # it shaped the output: the manifest names it too
                writer.add_input(item.sidecar_source(), file_sha256(item.sidecar), item.sidecar.stat().st_size, counted=False)
            for doc in docs:
                writer.add(doc)
            if progress:
                progress(1)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


Processed = tuple[Optional[str], int, list[Document]]


def _learn(files: list[InputFile], rules: RuleSet, config: CleanConfig) -> Learned:
    """First pass: line counts per site over the whole corpus, merged across workers."""
    counts = LineCounts()
    for per_file in _map(_learn_one, files, rules, config, {}):
        for key, hashes in per_file:
            counts.add(key, hashes)
    return counts.boilerplate(config.learn)


def _process(files: list[InputFile], rules: RuleSet, config: CleanConfig, learned: Learned) -> Iterator[Processed]:
    """Per input file, in input order whatever the number of workers: the file's sha256
    and size on disk, and its documents."""
    return _map(_one, files, rules, config, learned)


def _map(function: Callable, files: list[InputFile], rules: RuleSet, config: CleanConfig, learned: Learned) -> Iterator:
    if config.workers <= 1 or len(files) <= 1:
        for item in files:
            yield function(item, rules, config, learned)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # concurrent.futures, not multiprocessing.Pool: when a worker dies (killed for memory,
    # a crash in a C library) the pool is marked broken and the run stops with an error
    # instead of waiting forever for a result that will not come.
    with ProcessPoolExecutor(config.workers, mp_context=context, initializer=_init_worker, initargs=(config, learned)) as pool:
        try:
            yield from pool.map(functools.partial(_in_worker, function), files, chunksize=_CHUNK)
        except BrokenProcessPool:
            raise WorkerError(None, "a worker process died (out of memory, or a crash in a C library); "
                                    "the previous release is unchanged. Rerun with --workers 1 to see which input") from None


def _init_worker(config: CleanConfig, learned: Learned) -> None:
    # Each worker loads the rules itself: compiled patterns need not cross processes.
    global _worker_rules, _worker_config, _worker_learned
    _worker_rules, _worker_config, _worker_learned = load_rules(config.rules_dir), config, learned


def _in_worker(function: Callable, item: InputFile):
    assert _worker_rules is not None and _worker_config is not None
    return function(item, _worker_rules, _worker_config, _worker_learned)


def _learn_one(item: InputFile, rules: RuleSet, config: CleanConfig, learned: Learned) -> list:
    return learning_pass([item], rules, config)


def _one(item: InputFile, rules: RuleSet, config: CleanConfig, learned: Learned) -> Processed:
    size = item.path.stat().st_size if item.path.exists() else 0
    return file_sha256(item.path), size, list(run([item], rules, config, learned))

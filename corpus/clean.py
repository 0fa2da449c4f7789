"""``corpus clean`` as a library call: inputs in, a release out.

The inputs are split into tasks up front (``corpus.run.plan``); an engine runs each
task's two stages on workers (``corpus.run.task``); the driver merges what must be
decided over the whole corpus — learned boilerplate, duplicate clusters — between and
after the stages, and writes the release from the tasks' outputs in task order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from corpus import __version__
from corpus.config import CleanConfig
from corpus.dedup.cluster import Clusterer
from corpus.heuristics.learned import LineCounts
from corpus.io.inputs import InputFile, discover, file_sha256
from corpus.release.schema import DEDUP_KEYS
from corpus.release.writer import ReleaseWriter, Summary
from corpus.rulebook.loader import RuleSet, load_rules
from corpus.run.engines import make_engine
from corpus.run.plan import plan
from corpus.run.task import Processed, RunContext, digest, learn_task, process_key, process_task
from corpus.run.workdir import DOCS_FILE, WorkDir, read_batches

_PACKAGE = Path(__file__).resolve().parent


def clean(
    inputs: list[str | Path],
    out: str | Path,
    config: CleanConfig,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Clean every input into a release at ``out``. ``progress`` is called once per input
    file done; it gets the number of files in all the first time, as a negative number."""
    rules = load_rules(config.rules_dir)
    writer = ReleaseWriter(out, rules, config.shard_rows, config.zstd_level)
    work = WorkDir.beside(writer.out)
    engine = None
    try:
        # A release (or its work folder) inside an input folder is not read back as input.
        files = discover(inputs, exclude=[writer.out, writer.staging, writer.previous, work.path])
        files, clashes = _distinct_sources(files)
        writer.add_inputs([{"source": c["source"], "sha256": c["raw_sha256"], "bytes": c.pop("bytes")} for c in clashes])
        writer.add_rejects(clashes)
        tasks = plan(files, [_size(item) for item in files], config.plan)
        if progress:
            progress(-len(files))
        ctx = RunContext(config, work, fingerprint(rules, config))
        engine = make_engine(config.engine, config.workers, config.address)

        # Stage 1: line counts per site, merged over every task before anything is learned.
        counts = LineCounts()
        firsts = []
        for first in engine.map(learn_task, tasks, ctx):
            assert first.counts is not None
            counts.merge(first.counts, cap=config.learn.max_lines_per_site)
            first.counts = None
            firsts.append(first)
        learned = counts.boilerplate(config.learn)
        writer.learned = {key: len(lines) for key, lines in learned.items()}

        # Stage 2: every task's rows, written by the workers into the work folder.
        jobs = []
        for task, first in zip(tasks, firsts):
            mine = {group: learned[group] for group in first.groups if group in learned}
            jobs.append((task, process_key(ctx, first.inputs, mine), mine))
        results = []
        for task, result in zip(tasks, engine.map(process_task, jobs, ctx), strict=True):  # runs the map to its end
            results.append(result)
            writer.summary.tasks_reused += result.reused
            if progress:
                progress(len(task.files))

        # Duplicates: the keys of every document, clustered in one place.
        clusters = _clusters(work, results, config)

        # The release, in task order.
        writer.dedup = config.dedup.as_dict()
        for first, result in zip(firsts, results):
            writer.add_inputs(first.inputs)
            writer.add_task(work.task_folder(result.key), result.skipped, result.removed_chars, clusters,
                            config.drop_duplicates)
        summary = writer.close()
        work.keep_only({first.key for first in firsts}, {result.key for result in results})
        return summary
    except BaseException:
        writer.abort()
        raise
    finally:
        if engine is not None:
            engine.close()


def _clusters(work: WorkDir, results: list[Processed], config: CleanConfig) -> dict[str, tuple[str | None, int]]:
    """Every document's (duplicate_of, cluster_size), from the keys its task stored.
    Only keys are read (~170 bytes a document), never texts."""
    clusterer = Clusterer(config.dedup)
    for result in results:
        for batch in read_batches(work.task_folder(result.key) / DOCS_FILE, columns=DEDUP_KEYS):
            for doc_id, published, exact, bands in zip(*(batch.column(n).to_pylist() for n in DEDUP_KEYS)):
                clusterer.add(doc_id, published, exact, bands)
    return clusterer.result()


def _size(item: InputFile) -> int:
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # unreadable: its task will say why, as a reject


def _distinct_sources(files: list[InputFile]) -> tuple[list[InputFile], list[dict]]:
    """Inputs named alike (``a/x.txt`` given twice, or two roots holding ``x/1.txt``)
    would share one document id: the first is kept, the others are rejects."""
    seen: set[str] = set()
    kept, clashes = [], []
    for item in files:
        if item.source in seen:
            clashes.append({"source": item.source, "reason": "duplicate-source",
                            "message": "another input has the same source path; give the inputs distinct folders",
                            "raw_sha256": file_sha256(item.path), "bytes": _size(item)})
        else:
            seen.add(item.source)
            kept.append(item)
    return kept, clashes


def fingerprint(rules: RuleSet, config: CleanConfig) -> str:
    """What makes a task's cached output valid: corpus's own code (so an upgrade, or an
    edited checkout, redoes everything), the rules and every setting that shapes rows."""
    code = hashlib.sha256()
    # Code (the line classifier's C kernel's sources too: not the build, which differs by
    # machine) and the data shipped beside it (the line classifier's weights).
    shipped = [p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".c", ".h", ".json")]
    for path in sorted(shipped):
        code.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest(__version__, code.hexdigest(), rules.digest, config.output_settings())

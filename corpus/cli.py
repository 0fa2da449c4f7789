"""The command line: a thin layer over the library. Errors are mapped to one clear line
and an exit code in one place, :func:`_errors`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

# numpy (which pyarrow imports) starts OpenBLAS's pool of a thread a core, whose threads
# spin on the other cores; corpus never multiplies matrices, and its parallelism is a
# process a core (perf on the dev dumps: 1.3% of a one-worker run's samples in that
# thread). Read once, when numpy is imported, so set before the imports below; the
# user's own setting wins. The CLI's process is corpus's own; the library leaves its
# caller's environment alone.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import typer  # noqa: E402

from corpus import __version__  # noqa: E402
from corpus.config import DEFAULT_RULES, CleanConfig  # noqa: E402
from corpus.dedup.config import DedupConfig  # noqa: E402
from corpus.errors import CorpusError  # noqa: E402

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

RulesOption = Annotated[
    Path, typer.Option("--rules", help="Folder of TOML rule files.", show_default="the rules/ shipped with corpus")
]


def _errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors become one line on stderr and the error's exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CorpusError as exc:
            typer.echo(f"corpus: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("corpus: interrupted; the previous release is left as it was", err=True)
            raise typer.Exit(130) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpus {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """Turn scraped news pages into a clean, normalized, reproducible Parquet corpus.

    Example:

        corpus clean seeds/ -o data/ && corpus explain seeds/004_2ad27b48800b5bbf.txt
    """


@app.command()
@_errors
def clean(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders; folders are walked recursively.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Release folder to write (replaced atomically).")],
    rules: RulesOption = DEFAULT_RULES,
    workers: Annotated[
        Optional[int], typer.Option("--workers", "-w", min=1, help="Processes to use.", show_default="all cores")
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Where tasks run: 'local' processes or 'ray' (pip install 'corpus[ray]').")
    ] = "local",
    address: Annotated[
        Optional[str], typer.Option("--address", help="Ray cluster to join (host:port); default: a private local Ray.")
    ] = None,
    shard_rows: Annotated[
        int, typer.Option("--shard-rows", min=1, help="Documents per Parquet shard.")
    ] = CleanConfig.shard_rows,
    zstd_level: Annotated[
        int, typer.Option("--zstd-level", min=1, max=22,
                          help="zstd level of the Parquet files: higher is smaller and slower to write.")
    ] = CleanConfig.zstd_level,
    drop_duplicates: Annotated[
        bool, typer.Option("--drop-duplicates", help="Keep only the canonical document of each duplicate cluster.")
    ] = False,
    dedup_threshold: Annotated[
        float, typer.Option("--dedup-threshold", min=0.0, max=1.0,
                            help="Word-shingle Jaccard similarity above which two texts are near copies.")
    ] = DedupConfig.threshold,
) -> None:
    """Clean scraped pages into a Parquet release with manifest and dataset card.

    A rerun with the same arguments redoes only what changed (new or edited inputs,
    edited rules) or what a killed run left unfinished; intermediate results are kept
    beside OUT in .OUT.work (delete it to reclaim the space).

    Example:

        corpus clean seeds/ -o data/ --workers 4
    """
    from corpus.clean import clean as run_clean
    from corpus.cli_output import print_summary, progress_bar
    from corpus.run.engines import own_process

    own_process()  # this process is the driver, and with --workers 1 the worker too

    try:
        dedup = DedupConfig(threshold=dedup_threshold)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--dedup-threshold") from None
    config = CleanConfig(rules_dir=rules, workers=workers or CleanConfig.default_workers(), engine=engine,
                         address=address, shard_rows=shard_rows, zstd_level=zstd_level,
                         drop_duplicates=drop_duplicates, dedup=dedup)
    with progress_bar() as progress:
        summary = run_clean(list(inputs), out, config, progress=progress)
    print_summary(summary, out)


@app.command()
@_errors
def explain(
    file: Annotated[Path, typer.Argument(help="One input file.")],
    rules: RulesOption = DEFAULT_RULES,
) -> None:
    """Show a document as the pipeline sees it: every line kept or removed (with the id
    of the rule that removed it) and the metadata found. (Boilerplate learned across a
    whole run, `learned:<site>`, needs the other documents and is not shown here.)

    Example:

        corpus explain seeds/004_2ad27b48800b5bbf.txt
    """
    from corpus.cli_output import print_explanation
    from corpus.errors import InputError
    from corpus.io.inputs import InputFile, sidecar_of
    from corpus.pipeline import run
    from corpus.rulebook.loader import load_rules

    if not file.is_file():
        raise InputError(file, "no such file")
    ruleset = load_rules(rules)
    for doc in run([InputFile(file, file.name, sidecar_of(file))], ruleset, CleanConfig(rules_dir=rules)):
        print_explanation(doc)


ReleaseArgument = Annotated[Path, typer.Argument(help="A release folder written by `corpus clean`.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (sorted keys) instead of tables.")]


@app.command()
@_errors
def stats(release: ReleaseArgument, json_output: JsonOption = False) -> None:
    """Documents, characters and words per site and language, characters removed per
    rule, duplicates and a length histogram. Reads the shards in batches, never the text.

    Example:

        corpus stats data/ --json
    """
    from corpus.inspect.render import render_stats, to_json
    from corpus.inspect.stats import release_stats

    result = release_stats(release)
    typer.echo(to_json(result) if json_output else render_stats(result))


@app.command()
@_errors
def verify(release: ReleaseArgument, json_output: JsonOption = False) -> None:
    """Check every file of a release against its manifest: size, sha256, and for Parquet
    the row count and the schema; files the manifest does not list are reported too.
    Prints one line per problem and exits with 7 when there is any.

    Example:

        corpus verify data/
    """
    from corpus.errors import VerifyError
    from corpus.inspect.render import render_verification, to_json
    from corpus.inspect.verify import verify_release

    result = verify_release(release)
    typer.echo(to_json(result) if json_output else render_verification(result))
    if not result.ok:
        raise VerifyError(release, f"{len(result.problems)} problem(s): the release does not match its manifest")


@app.command()
@_errors
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier release folder.")],
    new: Annotated[Path, typer.Argument(help="The later release folder.")],
    # 5 is corpus.inspect.diff.DEFAULT_SAMPLE, not imported here: --help stays fast.
    sample: Annotated[int, typer.Option("--sample", min=0, help="Changed documents to show in full.")] = 5,
    json_output: JsonOption = False,
) -> None:
    """What changed between two releases: documents added, removed and changed (matched
    by id, with the columns that changed), and a sample of text diffs.

    Example:

        corpus diff old-release/ data/ --sample 3
    """
    from corpus.inspect.diff import diff_releases
    from corpus.inspect.render import render_diff, to_json

    result = diff_releases(old, new, sample=sample)
    typer.echo(to_json(result) if json_output else render_diff(result))


def main() -> None:
    sys.exit(app())

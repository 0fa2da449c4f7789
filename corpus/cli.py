"""The command line: a thin layer over the library. Errors are mapped to one clear line
and an exit code in one place, :func:`_errors`."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from corpus import __version__
from corpus.config import DEFAULT_RULES, CleanConfig
from corpus.errors import CorpusError

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
    drop_duplicates: Annotated[
        bool, typer.Option("--drop-duplicates", help="Keep only the canonical document of each duplicate cluster.")
    ] = False,
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

    config = CleanConfig(rules_dir=rules, workers=workers or CleanConfig.default_workers(), engine=engine,
                         address=address, shard_rows=shard_rows, drop_duplicates=drop_duplicates)
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


def main() -> None:
    sys.exit(app())

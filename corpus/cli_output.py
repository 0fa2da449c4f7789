"""What the CLI prints: the progress bar, the run summary, the explanation of a document."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import typer

from corpus.document import Document
from corpus.release.writer import Summary

# Lines longer than this are cut in `explain` so each stays on one screen line or two.
_EXPLAIN_WIDTH = 160


@contextlib.contextmanager
def progress_bar() -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr, only when stderr is a terminal."""
    # rich (~40 ms to import) only when it may draw: stderr a terminal, or the variables
    # with which rich's is_terminal says so whatever stderr is.
    if not _isatty(sys.stderr) and "FORCE_COLOR" not in os.environ and "TTY_COMPATIBLE" not in os.environ:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("clean", total=None)

        def advance(n: int) -> None:
            if n < 0:
                bar.update(task, total=-n)
            else:
                bar.advance(task, n)

        yield advance


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def print_summary(summary: Summary, out: Path) -> None:
    echo = typer.echo
    echo(f"inputs read:        {summary.inputs:,}")
    echo(f"documents written:  {summary.documents:,} ({summary.chars:,} characters) to {out}")
    if summary.tasks_reused:
        echo(f"tasks:              {summary.tasks:,} ({summary.tasks_reused:,} finished by an earlier run, not redone)")
    if summary.duplicates:
        dropped = f", {summary.dropped_duplicates:,} left out" if summary.dropped_duplicates else ""
        echo(f"duplicates:         {summary.duplicates:,} documents are copies of another{dropped}")
    rejected = sum(summary.rejects.values())
    echo(f"rejects:            {rejected:,}")
    for reason, count in sorted(summary.rejects.items()):
        echo(f"  {reason:<24}{count:>10,}")
    if summary.skipped:
        echo(f"skipped (not documents): {sum(summary.skipped.values()):,}")
        for reason, count in sorted(summary.skipped.items()):
            echo(f"  {reason:<24}{count:>10,}")
    if summary.removed_chars:
        echo("characters removed per rule:")
        for rule, chars in sorted(summary.removed_chars.items(), key=lambda kv: (-kv[1], kv[0])):
            echo(f"  {rule:<40}{chars:>12,}")


def print_explanation(doc: Document) -> None:
    echo = typer.echo
    echo(f"source:     {doc.source}")
    if doc.reject is not None and not doc.lines:
        echo(f"rejected:   {doc.reject.reason}: {doc.reject.message}")
        return
    meta = doc.meta
    published = f"{meta.published.isoformat()} (from {meta.published_from})" if meta.published else "-"
    language = f"{meta.language} ({meta.language_score})" if meta.language else "-"
    for label, value in (
        ("site", meta.site),
        ("language", language),
        ("title", meta.title),
        ("subtitle", meta.subtitle),
        ("published", published),
        ("authors", "; ".join(meta.authors)),
        ("dateline", meta.dateline),
        ("fixes", ", ".join(doc.fixes)),
    ):
        echo(f"{label + ':':<12}{value or '-'}")
    for note in meta.notes:
        echo(f"note:       {note}")
    if doc.reject is not None:
        echo(f"rejected:   {doc.reject.reason}: {doc.reject.message}")
    for rule_id, chars in sorted(doc.removed_before.items()):
        echo(f"{'html:':<12}- {rule_id} removed {chars:,} characters before extraction")
    echo("")
    width = max([len(x.removed_by or "") for x in doc.lines] + [4])
    for line in doc.lines:
        mark = "  keep".ljust(width + 4) if line.kept else f"- {line.removed_by}".ljust(width + 4)
        text = line.text if len(line.text) <= _EXPLAIN_WIDTH else line.text[: _EXPLAIN_WIDTH - 1] + "…"
        echo(f"{mark}| {text}")
    removed = sum(doc.removed_chars().values())
    echo(f"\n{len(doc.kept_lines())} of {len(doc.lines)} lines kept; {removed:,} characters removed")

"""Rows into Parquet shards of a fixed number of rows, streamed.

Rows arrive in tables of any size (one per task, per row group of a task...); the
shards and their row groups are cut at fixed row counts, so the files depend only on
the rows and their order, never on how the work was split into tasks or workers. At
most one row group is held in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.config import ZSTD_LEVEL
from corpus.errors import OutputError

# Rows per row group: ~10 MB of news text, so readers can stream a shard and the writer
# holds little (measured: with 10 000 rows the writer's buffer and its copies added
# ~150 MB to peak memory); large enough that per-group overhead (statistics, page
# headers) stays under 1% of a group.
ROW_GROUP_ROWS = 2_000


class ShardWriter:
    """``write`` tables; shards of ``shard_rows`` rows each appear in ``folder``, named
    ``name(shard_number)``; ``on_shard(path, rows)`` is called as each one is complete."""

    def __init__(self, folder: Path, name: Callable[[int], str], schema: pa.Schema, shard_rows: int,
                 on_shard: Callable[[Path, int], None], row_group_rows: int = ROW_GROUP_ROWS,
                 zstd_level: int = ZSTD_LEVEL) -> None:
        self.folder, self.name, self.schema = folder, name, schema
        self.zstd_level = zstd_level
        self.shard_rows = shard_rows
        self.row_group_rows = max(1, min(row_group_rows, shard_rows))
        self.on_shard = on_shard
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._path: Path | None = None
        self._shard_rows_written = 0
        self._shards = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        while self._pending_rows >= self._next_group_rows():
            self._write_group(self._next_group_rows())

    def close(self) -> None:
        while self._pending_rows:
            self._write_group(min(self._pending_rows, self._next_group_rows()))
        if self._writer is None and self._shards == 0:
            self._open()  # an empty release still has one (empty) shard
        self._close_shard()

    def _next_group_rows(self) -> int:
        # A group never crosses a shard boundary.
        return min(self.row_group_rows, self.shard_rows - self._shard_rows_written)

    def _write_group(self, rows: int) -> None:
        table = pa.concat_tables(self._pending) if len(self._pending) > 1 else self._pending[0]
        group, rest = table.slice(0, rows), table.slice(rows)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows
        if self._writer is None:
            self._open()
        assert self._writer is not None
        try:
            self._writer.write_table(group, row_group_size=rows)
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {exc}") from None
        self._shard_rows_written += rows
        if self._shard_rows_written >= self.shard_rows:
            self._close_shard()

    def _open(self) -> None:
        self._path = self.folder / self.name(self._shards)
        self._shards += 1
        try:
            self._writer = pq.ParquetWriter(self._path, self.schema, compression="zstd", compression_level=self.zstd_level)
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {exc}") from None

    def _close_shard(self) -> None:
        if self._writer is None:
            return
        self._writer.close()
        assert self._path is not None
        self.on_shard(self._path, self._shard_rows_written)
        self._writer, self._shard_rows_written = None, 0

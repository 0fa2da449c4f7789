"""Opening a release for reading: its manifest and its document shards, read in
batches of the columns asked for, so no step needs the release in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from corpus.errors import ReleaseError
from corpus.release.writer import DATA_DIR, MANIFEST

# Rows per batch: the columns read here (ids, sites, counts, digests) take a few MB per
# 64k rows, and each batch is aggregated with vectorized calls, so larger buys little.
BATCH_ROWS = 65_536


@dataclass(frozen=True)
class Release:
    root: Path
    manifest: dict
    shards: tuple[Path, ...]  # the document shards, in manifest order

    def columns(self) -> tuple[str, ...]:
        """Columns every shard has (a shard written by another version may lack some),
        in the first shard's order."""
        names: list[str] | None = None
        for shard in self.shards:
            schema = _guarded(shard, lambda: pq.read_schema(shard))
            names = list(schema.names) if names is None else [n for n in names if n in schema.names]
        return tuple(names or ())


def open_release(root: str | Path) -> Release:
    """The release at ``root``: its manifest read and its shards listed. Raises
    :class:`ReleaseError` when ``root`` is not a release or a listed shard is missing."""
    root = Path(root)
    manifest = read_manifest(root)
    shards = tuple(root / name for name in shard_names(manifest))
    for shard in shards:
        if not shard.is_file():
            raise ReleaseError(shard, "listed in the manifest but missing (run `corpus verify`)")
    return Release(root, manifest, shards)


def read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not root.is_dir():
        raise ReleaseError(root, "no such folder")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(root, f"no {MANIFEST}: not a corpus release") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(path, f"unreadable: {exc}") from None
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, list) or not all(isinstance(o, dict) and isinstance(o.get("file"), str) for o in outputs):
        raise ReleaseError(path, "has no list of outputs with file names: not a corpus manifest")
    return manifest


def shard_names(manifest: dict) -> list[str]:
    """The document shards a manifest lists.

    >>> shard_names({"outputs": [{"file": "data/part-00000.parquet"}, {"file": "rejects.parquet"}]})
    ['data/part-00000.parquet']
    """
    return [o["file"] for o in manifest["outputs"] if o["file"].startswith(f"{DATA_DIR}/") and o["file"].endswith(".parquet")]


def batches(release: Release, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """Every document row, ``columns`` only, a batch at a time, shard after shard."""
    for shard in release.shards:
        reader = _guarded(shard, lambda: pq.ParquetFile(shard))
        iterator = reader.iter_batches(batch_size=BATCH_ROWS, columns=columns)
        while True:
            batch = _guarded(shard, lambda: next(iterator, None))
            if batch is None:
                break
            yield batch


def rows_with_ids(release: Release, ids: set[str], columns: list[str]) -> dict[str, dict]:
    """The rows (``columns``) of the documents whose id is in ``ids``. Only the row groups
    holding one of them are read beyond their ``id`` column."""
    wanted = pa.array(sorted(ids), pa.string())
    found: dict[str, dict] = {}
    for shard in release.shards:
        reader = _guarded(shard, lambda: pq.ParquetFile(shard))
        for group in range(reader.metadata.num_row_groups):
            group_ids = _guarded(shard, lambda: reader.read_row_group(group, columns=["id"]).column("id"))
            if not pc.any(pc.is_in(group_ids, value_set=wanted)).as_py():
                continue
            table = _guarded(shard, lambda: reader.read_row_group(group, columns=["id", *columns]))
            table = table.filter(pc.is_in(table.column("id"), value_set=wanted))
            for row in table.to_pylist():
                found[row.pop("id")] = row
    return found


def _guarded(path: Path, read):
    """A damaged or foreign shard becomes a ReleaseError naming it, not a traceback."""
    try:
        return read()
    except (OSError, pa.ArrowException) as exc:
        raise ReleaseError(path, f"cannot read as a document shard: {exc}") from None

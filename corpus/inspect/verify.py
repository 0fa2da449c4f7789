"""``corpus verify``: every file of a release checked against its manifest (size,
sha256, and for Parquet the row count and the explicit schema), and every file the
manifest does not list reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.inspect.reader import read_manifest, shard_names
from corpus.io.inputs import file_sha256
from corpus.release.schema import DOCUMENTS, REJECTS
from corpus.release.writer import MANIFEST, REJECTS_FILE


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the release folder
    message: str


@dataclass
class Verification:
    release: str
    checked: list[str] = field(default_factory=list)  # files listed in the manifest, in its order
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_release(root: str | Path) -> Verification:
    """Check ``root`` against its manifest. Only a missing or unreadable manifest raises
    (:class:`ReleaseError`); every other mismatch is a :class:`Problem` in the result."""
    root = Path(root)
    manifest = read_manifest(root)
    result = Verification(release=str(root))
    for entry in manifest["outputs"]:
        result.checked.append(entry["file"])
        result.problems += [Problem(entry["file"], message) for message in _check(root, entry)]
    result.problems += _document_count(manifest)
    listed = {entry["file"] for entry in manifest["outputs"]} | {MANIFEST}
    for path in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        name = path.relative_to(root).as_posix()
        if name not in listed:
            result.problems.append(Problem(name, "not listed in the manifest"))
    return result


def expected_schema(name: str) -> pa.Schema | None:
    """The schema a Parquet file of a release must have, by its place in the release.

    >>> expected_schema("data/part-00003.parquet") is DOCUMENTS, expected_schema("rejects.parquet") is REJECTS
    (True, True)
    >>> expected_schema("notes.parquet") is None
    True
    """
    if shard_names({"outputs": [{"file": name}]}):
        return DOCUMENTS
    return REJECTS if name == REJECTS_FILE else None


def schema_differences(actual: pa.Schema, expected: pa.Schema) -> list[str]:
    """What differs between two schemas, column by column (names, order, types, nullability).

    >>> a = pa.schema([pa.field("id", pa.string(), nullable=False), pa.field("n", pa.int64())])
    >>> schema_differences(pa.schema([pa.field("id", pa.string()), pa.field("n", pa.int32()), pa.field("x", pa.int8())]), a)
    ['extra column x', 'column id: nullable, expected never null', 'column n: int32, expected int64']
    """
    names, wanted = list(actual.names), list(expected.names)
    found = []
    found += [f"missing column {name}" for name in wanted if name not in names]
    found += [f"extra column {name}" for name in names if name not in wanted]
    if not found and names != wanted:
        found.append(f"columns in another order: {', '.join(names)}")
    for name in (n for n in wanted if n in names):
        have, want = actual.field(name), expected.field(name)
        if not have.type.equals(want.type):
            found.append(f"column {name}: {have.type}, expected {want.type}")
        elif have.nullable != want.nullable:
            found.append(f"column {name}: {'nullable' if have.nullable else 'never null'}, "
                         f"expected {'nullable' if want.nullable else 'never null'}")
    return found


def _check(root: Path, entry: dict) -> list[str]:
    name = entry["file"]
    path = root / name
    if not path.is_file():
        return ["listed in the manifest but missing"]
    size = path.stat().st_size
    if size != entry.get("bytes"):
        return [f"{size:,} bytes, the manifest says {_number(entry.get('bytes'))} bytes"]
    if file_sha256(path) != entry.get("sha256"):
        return ["sha256 differs from the manifest: the content changed"]
    schema = expected_schema(name)
    return _check_parquet(path, entry, schema) if schema is not None else []


def _check_parquet(path: Path, entry: dict, expected: pa.Schema) -> list[str]:
    try:
        metadata = pq.read_metadata(path)
        schema = metadata.schema.to_arrow_schema()
    except (OSError, pa.ArrowException) as exc:
        return [f"not readable as Parquet: {exc}"]
    problems = []
    if metadata.num_rows != entry.get("rows"):
        problems.append(f"{metadata.num_rows:,} rows, the manifest says {_number(entry.get('rows'))}")
    problems += [f"schema: {difference}" for difference in schema_differences(schema, expected)]
    return problems


def _document_count(manifest: dict) -> list[Problem]:
    """The manifest's document count is the sum of its shards' rows."""
    rows = [o.get("rows") for o in manifest["outputs"] if shard_names({"outputs": [o]})]
    if all(isinstance(r, int) for r in rows) and manifest.get("documents") != sum(rows):
        return [Problem(MANIFEST, f"says {_number(manifest.get('documents'))} documents, its shards list {sum(rows):,} rows")]
    return []


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else "nothing"

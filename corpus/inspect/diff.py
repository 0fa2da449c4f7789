"""``corpus diff OLD NEW``: documents added, removed and changed between two releases,
matched by ``id``, with which columns changed and a sample of text diffs.

Memory holds one small fingerprint per document of OLD (a 64-bit hash per column; the
text is represented by its ``text_sha256`` column), never the texts; only the sampled
documents' texts are read, from the row groups that hold them."""

from __future__ import annotations

import difflib
import hashlib
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from corpus.errors import ReleaseError
from corpus.inspect.reader import Release, batches, open_release, rows_with_ids

# Documents whose changes are shown in full unless the caller asks for another number.
DEFAULT_SAMPLE = 5
# A text diff is cut after this many lines and each line after this many characters:
# a sample is there to show what kind of change happened, and one paragraph is one line.
DIFF_LINES = 40
DIFF_WIDTH = 160
# Lines of context around each changed line of text: enough to place the change.
DIFF_CONTEXT = 1
# Manifest entries shown when they differ: they explain most changes between releases.
MANIFEST_KEYS = ("version", "rules_sha256")


@dataclass(frozen=True)
class ChangedDocument:
    id: str
    columns: list[str]  # in schema order; "text" when the text changed


@dataclass(frozen=True)
class Sample:
    id: str
    source: str | None
    columns: list[str]
    values: dict[str, list]  # column -> [old, new], every changed column but the text
    text_diff: list[str]  # unified diff lines, trimmed; empty when the text is the same


@dataclass
class ReleaseDiff:
    old: str
    new: str
    old_documents: int = 0
    new_documents: int = 0
    added: list[str] = field(default_factory=list)  # ids, sorted
    removed: list[str] = field(default_factory=list)
    changed: list[ChangedDocument] = field(default_factory=list)  # sorted by id
    unchanged: int = 0
    changed_per_column: dict[str, int] = field(default_factory=dict)
    columns_added: list[str] = field(default_factory=list)  # columns compared: those in both
    columns_removed: list[str] = field(default_factory=list)
    manifest: dict[str, list] = field(default_factory=dict)  # key -> [old, new] where they differ
    samples: list[Sample] = field(default_factory=list)


def diff_releases(old: str | Path, new: str | Path, sample: int = DEFAULT_SAMPLE) -> ReleaseDiff:
    before, after = open_release(old), open_release(new)
    old_columns, new_columns = before.columns(), after.columns()
    for release, columns in ((before, old_columns), (after, new_columns)):
        if "id" not in columns and release.shards:
            raise ReleaseError(release.root, "the document shards have no id column: not a corpus release")
    compared = [c for c in new_columns if c in old_columns and c not in ("id", "text_sha256")]
    by_digest = "text_sha256" in old_columns and "text_sha256" in new_columns
    result = ReleaseDiff(
        old=str(before.root),
        new=str(after.root),
        columns_added=[c for c in new_columns if c not in old_columns],
        columns_removed=[c for c in old_columns if c not in new_columns],
        manifest={k: [before.manifest.get(k), after.manifest.get(k)] for k in MANIFEST_KEYS
                  if before.manifest.get(k) != after.manifest.get(k)},
    )
    remaining = dict(fingerprints(before, compared, by_digest))
    result.old_documents = len(remaining)
    per_column: Counter = Counter()
    for doc_id, print_after in fingerprints(after, compared, by_digest):
        result.new_documents += 1
        print_before = remaining.pop(doc_id, None)
        if print_before is None:
            result.added.append(doc_id)
        elif print_before == print_after:
            result.unchanged += 1
        else:
            columns = differing_columns(print_before, print_after, compared)
            result.changed.append(ChangedDocument(doc_id, columns))
            per_column.update(columns)
    result.removed = sorted(remaining)
    result.added.sort()
    result.changed.sort(key=lambda c: c.id)
    result.changed_per_column = dict(sorted(per_column.items()))
    result.samples = _samples(before, after, result.changed, sample)
    return result


def fingerprints(release: Release, compared: list[str], by_digest: bool) -> Iterator[tuple[str, bytes]]:
    """(id, fingerprint) per document: one 64-bit hash per compared column, packed. The
    hashes are Python's own, so fingerprints compare only within one process."""
    read = ["id", *(("text_sha256" if by_digest else "text") if c == "text" else c for c in compared)]
    packing = struct.Struct(f"<{len(compared)}q")
    for batch in batches(release, read):
        ids = batch.column("id").to_pylist()
        columns = [_hashes(batch.column(name), digest=not by_digest and name == "text") for name in read[1:]]
        for doc_id, hashes in zip(ids, zip(*columns) if columns else ((),) * len(ids)):
            yield doc_id, packing.pack(*hashes)


def differing_columns(before: bytes, after: bytes, compared: list[str]) -> list[str]:
    """The columns whose hashes differ between two fingerprints.

    >>> pack = struct.Struct("<3q").pack
    >>> differing_columns(pack(1, 2, 3), pack(1, 5, 3), ["title", "text", "site"])
    ['text']
    """
    packing = struct.Struct(f"<{len(compared)}q")
    return [name for name, a, b in zip(compared, packing.unpack(before), packing.unpack(after)) if a != b]


def text_diff(before: str, after: str, lines: int = DIFF_LINES, width: int = DIFF_WIDTH) -> list[str]:
    """A unified diff of two texts, line by line, cut to ``lines`` lines of about
    ``width`` characters. A line replaced by another is shown around where the two
    first differ: a paragraph is one line, and its change may be far from its start.

    >>> text_diff("a\\nb\\nc", "a\\nB\\nc")
    ['@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c']
    >>> text_diff("0123456789 one", "0123456789 two", width=8)
    ['@@ -1 +1 @@', '-…9 one', '+…9 two']
    """
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=DIFF_CONTEXT))[2:]
    starts = _change_starts(diff, width)
    shown = [_window(line, starts.get(i, 0), width) for i, line in enumerate(diff[:lines])]
    if len(diff) > lines:
        shown.append(f"… {len(diff) - lines:,} more lines")
    return shown


def _change_starts(diff: list[str], width: int) -> dict[int, int]:
    """Where to start showing each removed line and the added line that replaces it:
    a little before their first differing character."""
    starts = {}
    i = 0
    while i < len(diff):
        removed_end = i
        while removed_end < len(diff) and diff[removed_end].startswith("-"):
            removed_end += 1
        added_end = removed_end
        while added_end < len(diff) and diff[added_end].startswith("+"):
            added_end += 1
        for old, new in zip(range(i, removed_end), range(removed_end, added_end)):
            a, b = diff[old][1:], diff[new][1:]
            same = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            starts[old] = starts[new] = max(0, same - width // 4)
        i = max(added_end, i + 1)
    return starts


def _window(line: str, start: int, width: int) -> str:
    if line.startswith("@@") or len(line) <= width + 1 and not start:
        return line
    sign, text = line[:1], line[1:]
    shown = text[start : start + width]
    return sign + ("…" if start else "") + shown + ("…" if start + width < len(text) else "")


def _hashes(column: pa.Array, digest: bool) -> list[int]:
    """One hash per value. Lists become tuples; NaN, whose hash differs per object,
    becomes one value; with ``digest`` (no text_sha256 column) the text is hashed."""
    values = column.to_pylist()
    kind = column.type
    if digest:
        return [hash(hashlib.sha256(v.encode("utf-8")).digest()) if v is not None else 0 for v in values]
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [hash(tuple(v)) if v is not None else 0 for v in values]
    if pa.types.is_floating(kind):
        return [hash("nan" if v != v else v) for v in values]
    return list(map(hash, values))


def _samples(before: Release, after: Release, changed: list[ChangedDocument], count: int) -> list[Sample]:
    """The first ``count`` changed documents by id (ids are hashes: an unbiased pick),
    those whose text changed first."""
    if count <= 0 or not changed:
        return []
    chosen = sorted(changed, key=lambda c: ("text" not in c.columns, c.id))[:count]
    columns = sorted({"source", *(c for doc in chosen for c in doc.columns)})
    ids = {doc.id for doc in chosen}
    rows_before, rows_after = rows_with_ids(before, ids, columns), rows_with_ids(after, ids, columns)
    samples = []
    for doc in sorted(chosen, key=lambda c: c.id):
        old, new = rows_before.get(doc.id, {}), rows_after.get(doc.id, {})
        values = {c: [old.get(c), new.get(c)] for c in doc.columns if c != "text"}
        diff = text_diff(old.get("text") or "", new.get("text") or "") if "text" in doc.columns else []
        samples.append(Sample(doc.id, new.get("source"), doc.columns, values, diff))
    return samples

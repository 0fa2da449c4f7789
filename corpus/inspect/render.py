"""The results of :mod:`corpus.inspect` as terminal text (aligned tables) or as JSON
(sorted keys, so two runs on the same release print the same bytes)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from corpus.inspect.diff import ReleaseDiff
from corpus.inspect.stats import Stats, Totals
from corpus.inspect.verify import Verification

# The widest histogram bar, in characters: fits an 80-column terminal with its labels.
BAR_WIDTH = 40
# Ids listed per kind of change in the terminal; --json lists them all.
LISTED_IDS = 20


def to_json(result) -> str:
    """Any result as JSON; dates become ISO strings."""
    return json.dumps(dataclasses.asdict(result), sort_keys=True, indent=2, ensure_ascii=False, default=str)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Aligned columns: numbers right-aligned with thousands separators, text left.

    >>> print("\\n".join(table(("site", "documents"), [("Rudaw", 1200), ("unknown", 4)])))
    site     documents
    Rudaw        1,200
    unknown          4
    """
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [bool(rows) and all(isinstance(row[i], int) for row in rows) for i in range(len(header))]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)).rstrip()

    return [line(header)] + [line(row) for row in cells]


def render_stats(stats: Stats) -> str:
    total = stats.total
    out = [f"{stats.release}: {total.documents:,} documents, {total.chars:,} characters, {total.words:,} words", ""]
    for title, groups in (("site", stats.sites), ("language", stats.languages)):
        out += table((title, "documents", "characters", "words"), _totals_rows(groups)) + [""]
    out += ["length histogram (characters per document)"]
    most = max((b.documents for b in stats.lengths), default=0)
    rows = []
    for bucket in stats.lengths:
        label = f"{bucket.min_chars:,}–{bucket.max_chars - 1:,}" if bucket.max_chars else f"{bucket.min_chars:,}+"
        bar = "#" * round(BAR_WIDTH * bucket.documents / most) if most else ""
        rows.append((label, bucket.documents, bar))
    out += table(("characters", "documents", ""), rows) + [""]
    dup = stats.duplicates
    if dup is None:
        out.append("duplicates: not computed (the release has no duplicate_of column)")
    else:
        out.append(f"duplicates: {dup.documents:,} documents ({dup.chars:,} characters) in {dup.clusters:,} clusters; "
                   f"the largest has {dup.largest_cluster:,} documents")
    out.append("")
    out += table(("reject reason", "inputs"), sorted(stats.rejects.items())) if stats.rejects else ["rejects: none"]
    out.append("")
    removed = sorted(stats.removed_chars.items(), key=lambda kv: (-kv[1], kv[0]))
    out += table(("rule", "characters removed"), removed) if removed else ["characters removed by rules: none"]
    return "\n".join(out)


def render_verification(result: Verification) -> str:
    if result.ok:
        return f"{result.release}: ok, {len(result.checked)} files match the manifest"
    return "\n".join(f"{result.release}/{p.file}: {p.message}" for p in result.problems)


def render_diff(diff: ReleaseDiff) -> str:
    out = [f"old: {diff.old} ({diff.old_documents:,} documents)", f"new: {diff.new} ({diff.new_documents:,} documents)"]
    out += [f"{key}: {old} -> {new}" for key, (old, new) in sorted(diff.manifest.items())]
    if diff.columns_added or diff.columns_removed:
        out.append(f"columns added: {', '.join(diff.columns_added) or 'none'}; removed: {', '.join(diff.columns_removed) or 'none'}")
    out.append("")
    counts = [("added", len(diff.added)), ("removed", len(diff.removed)), ("changed", len(diff.changed)), ("unchanged", diff.unchanged)]
    out += table(("documents", "count"), counts) + [""]
    if diff.changed_per_column:
        out += table(("changed column", "documents"), sorted(diff.changed_per_column.items())) + [""]
    for kind, ids in (("added", diff.added), ("removed", diff.removed)):
        if ids:
            out.append(f"{kind}: " + ", ".join(ids[:LISTED_IDS]) + _more(len(ids)))
    if diff.changed:
        out.append("changed: " + ", ".join(f"{c.id} ({', '.join(c.columns)})" for c in diff.changed[:LISTED_IDS]) + _more(len(diff.changed)))
    for sample in diff.samples:
        out += ["", " ".join(["===", sample.id, *([sample.source] if sample.source else []), f"({', '.join(sample.columns)})"])]
        out += [f"{column}: {old!r} -> {new!r}" for column, (old, new) in sample.values.items()]
        out += sample.text_diff
    return "\n".join(out)


def _totals_rows(groups: dict[str, Totals]) -> list[tuple]:
    return [(name, t.documents, t.chars, t.words) for name, t in groups.items()]


def _more(count: int) -> str:
    return f" … and {count - LISTED_IDS:,} more (--json lists all)" if count > LISTED_IDS else ""


def _cell(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)

"""The dataset card (OUT/README.md): what the release is, how it was made, its schema
and its counts. Deterministic: no dates, no host names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.release.schema import DOCUMENTS

if TYPE_CHECKING:
    from corpus.release.writer import Summary

# The card lists the rules that removed the most text; the manifest has all of them.
_TOP_RULES = 20


def _table(header: tuple[str, str], rows: list[tuple[object, object]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def render(manifest: dict, summary: "Summary") -> str:
    shards = [o for o in manifest["outputs"] if o["file"].startswith("data/")]
    schema_rows = [
        (f"`{f.name}`", f"{f.type}{'' if f.nullable else ', never null'}{_doc(f)}") for f in DOCUMENTS
    ]
    top_rules = sorted(summary.removed_chars.items(), key=lambda kv: (-kv[1], kv[0]))[:_TOP_RULES]
    parts = [
        # Hugging Face reads this header: `load_dataset(OUT)` then finds the shards.
        "---",
        "configs:",
        "- config_name: default",
        "  data_files: data/*.parquet",
        "---",
        "",
        "# Corpus release",
        "",
        f"Cleaned text of {summary.documents:,} documents ({summary.chars:,} characters) from "
        f"{summary.inputs:,} inputs, made by corpus {manifest['version']} "
        f"with rules `{manifest['rules_sha256'][:16]}`. Every input is either a row of the "
        "`data/part-*.parquet` shards or a row of `rejects.parquet` with its reason. "
        "`manifest.json` lists every input and output file with its size and sha256.",
        "",
        "## How it was made",
        "",
        "Bytes were decoded (BOM, UTF-8, UTF-16, else detection), repaired with ftfy and "
        "normalized (NFC, spaces, line breaks). Site rules and generic rules (TOML, see "
        "the rules hash above) removed boilerplate lines and marked header lines as metadata; "
        "a line classifier removed what lies outside the article. Each row lists the "
        "ids of the rules that changed it (`rules`) and the text fixers applied (`fixes`).",
        "",
        f"Shards: {len(shards)}, zstd-compressed Parquet.",
        "",
        "## Duplicates",
        "",
        _duplicates(manifest, summary),
        "",
        "## Schema",
        "",
        _table(("column", "type"), schema_rows),
        "",
        "## Documents per language",
        "",
        _table(("language", "documents"), sorted(summary.languages.items())),
        "",
        "## Documents per site",
        "",
        _table(("site", "documents"), sorted(summary.sites.items())),
        "",
        "## Rejects",
        "",
        _table(("reason", "inputs"), sorted(summary.rejects.items())) if summary.rejects else "None.",
        "",
        "## Characters removed per rule",
        "",
        _table(("rule", "characters"), top_rules) if top_rules else "None.",
        "",
    ]
    return "\n".join(parts)


def _duplicates(manifest: dict, summary: "Summary") -> str:
    settings = manifest.get("dedup") or {}
    how = (f"Exact copies share a hash of their normalized text; near copies were found by MinHash LSH on "
           f"{settings.get('shingle_size')}-word shingles ({settings.get('num_perm')} permutations, "
           f"{settings.get('bands')} bands of {settings.get('rows')} rows: Jaccard similarity "
           f"~{settings.get('threshold')}; texts under {settings.get('min_words')} words only as exact copies). ")
    found = (f"{summary.duplicates:,} documents are a copy of another: `duplicate_of` names the canonical "
             "one of their cluster (published first, then smallest id)")
    dropped = f"; {summary.dropped_duplicates:,} were left out (`--drop-duplicates`)." if summary.dropped_duplicates else "."
    return how + found + dropped


def _doc(field) -> str:
    meta = field.metadata or {}
    doc = meta.get(b"doc")
    return f": {doc.decode()}" if doc else ""

"""Micro-benchmark of duplicate-detection keys: `python bench/dedup.py`.

Docs/s of computing a document's keys with corpus.dedup (numpy MinHash) and with
datasketch's MinHash (same number of permutations, same normalization and tokens,
shingles given to it as bytes, its default hash), on the dev dumps and on seeds/,
and the ratio. The peer runs only if datasketch is importable (it is not a
dependency: `pip install --target /tmp/dsk datasketch scipy`, then
`PYTHONPATH=/tmp/dsk python bench/dedup.py`).

Then the clusterer on synthetic keys: documents/s through add() and result().
Numbers are printed, not asserted.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.dedup import Clusterer, DedupConfig, document_keys, normalize_for_hash  # noqa: E402
from corpus.dedup.minhash import BAND_KEY_BYTES  # noqa: E402
from corpus.dedup.tokens import tokens  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"
# Passes over the seeds: 5 documents take a millisecond, too short to time once.
SEED_PASSES = 100
# Synthetic documents for the clusterer: large enough that per-call overheads vanish,
# small enough to run in seconds.
CLUSTER_DOCS = 200_000


def datasketch_keys(config: DedupConfig) -> Callable[[str], tuple[bytes, bytes]] | None:
    """The same keys with datasketch computing the signature; None if not installed."""
    try:
        from datasketch import MinHash
    except ImportError:
        return None

    def keys(text: str) -> tuple[bytes, bytes]:
        normalized = normalize_for_hash(text)
        words = tokens(normalized)
        size = config.shingle_size
        windows = [" ".join(words[i : i + size]).encode("utf-8") for i in range(max(1, len(words) - size + 1))]
        minhash = MinHash(num_perm=config.num_perm, seed=config.seed)
        minhash.update_batch(windows)
        values, rows = minhash.hashvalues.astype("<u4"), config.rows
        bands = b"".join(hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=BAND_KEY_BYTES).digest()
                         for b in range(config.bands)) if len(words) >= config.min_words else b""
        return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest(), bands

    return keys


def docs_per_second(keys: Callable[[str], object], texts: list[str], passes: int = 1) -> float:
    keys(texts[0])  # warm caches (permutation constants, class tables) outside the timing
    start = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            keys(text)
    return passes * len(texts) / (time.perf_counter() - start)


def compare(name: str, texts: list[str], config: DedupConfig, passes: int = 1) -> None:
    ours = docs_per_second(lambda t: document_keys(t, config), texts, passes)
    characters = sum(map(len, texts)) / len(texts)
    print(f"{name}: {len(texts)} documents, {characters:,.0f} characters on average, one core")
    print(f"  corpus.dedup (numpy)     {ours:8.0f} docs/s")
    peer = datasketch_keys(config)
    if peer is None:
        print("  datasketch MinHash       not installed: skipped")
        return
    theirs = docs_per_second(peer, texts, passes)
    print(f"  datasketch MinHash       {theirs:8.0f} docs/s")
    print(f"  speed ratio corpus / datasketch: {ours / theirs:.2f}x")


def clusterer_speed(config: DedupConfig) -> None:
    """add() and result() on random keys, with one document in ten an exact copy and one
    in ten sharing a band with another."""
    width = config.bands * BAND_KEY_BYTES
    rows = []
    for i in range(CLUSTER_DOCS):
        exact, bands = os.urandom(16), bytearray(os.urandom(width))
        if i % 10 == 1:
            exact, bands = rows[i - 1][2], rows[i - 1][3]
        elif i % 10 == 2:
            bands[:BAND_KEY_BYTES] = rows[i - 2][3][:BAND_KEY_BYTES]
        rows.append((f"{i:016x}", f"2024-01-{i % 28 + 1:02d}", exact, bytes(bands)))
    clusterer = Clusterer(config)
    start = time.perf_counter()
    for row in rows:
        clusterer.add(*row)
    added = time.perf_counter() - start
    start = time.perf_counter()
    result = clusterer.result()
    resolved = time.perf_counter() - start
    duplicates = sum(1 for duplicate_of, _size in result.values() if duplicate_of)
    print(f"clusterer: {CLUSTER_DOCS:,} documents, {duplicates:,} duplicates found")
    print(f"  add()    {CLUSTER_DOCS / added:10.0f} docs/s")
    print(f"  result() {CLUSTER_DOCS / resolved:10.0f} docs/s")


def main() -> None:
    config = DedupConfig()
    print(f"DedupConfig: {config.num_perm} permutations, {config.bands} bands x {config.rows} rows, "
          f"{config.shingle_size}-word shingles; candidate probability {config.s_curve()}")
    dumps = sorted((DEVSET / "dumps").glob("*.txt"))
    if dumps:
        compare("dev dumps", [p.read_text(encoding="utf-8", errors="replace") for p in dumps], config)
    else:
        print(f"dev dumps: not found at {DEVSET}: skipped")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    compare(f"seeds x {SEED_PASSES}", seeds, config, passes=SEED_PASSES)
    clusterer_speed(config)


if __name__ == "__main__":
    main()

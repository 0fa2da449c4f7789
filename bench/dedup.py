"""Micro-benchmark of duplicate-detection keys: `python bench/dedup.py`.

Docs/s of computing a document's keys with corpus.dedup (its C kernel where built,
else numpy; CORPUS_PURE_PYTHON=1 times the numpy code) and with
datasketch's MinHash (same number of permutations, same normalization and tokens,
shingles given to it as bytes, its default hash), on the dev dumps and on seeds/,
and the ratio. The peer runs only if datasketch is importable (it is not a
dependency: `pip install --target /tmp/dsk datasketch scipy`, then
`PYTHONPATH=/tmp/dsk python bench/dedup.py`).

Then the clusterer on synthetic keys: documents/s through add() and result().

`python bench/dedup.py --quality` measures instead what the module docstrings of
corpus.dedup quote: the clusters in the dev dumps and the true Jaccard of every
candidate pair (false positives) and of every pair LSH missed; seeds 000 and 001; and,
on edited copies of the dev dumps, the estimate's error and the share of candidates per
Jaccard bin against the S-curve. Numbers are printed, not asserted.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.dedup import Clusterer, DedupConfig, candidate_probability, document_keys, normalize_for_hash, signature  # noqa: E402
from corpus.dedup.minhash import BAND_KEY_BYTES, _band_bytes, estimated_jaccard, shingles  # noqa: E402
from corpus.dedup.normalize import normalized_key  # noqa: E402
from corpus.dedup.tokens import tokens  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"
# Passes over the seeds: 5 documents take a millisecond, too short to time once.
SEED_PASSES = 100
# Timings per implementation; the best is kept (see compare).
REPEATS = 5
# Synthetic documents for the clusterer: large enough that per-call overheads vanish,
# small enough to run in seconds.
CLUSTER_DOCS = 200_000
# Pairs below this true Jaccard are not listed: they are neither near-duplicates nor
# likely candidates (probability 0.001 at 0.3 with the defaults).
LISTED_JACCARD = 0.3
# Share of words replaced in the edited copies: from a light edit (J ~ 0.95) to a heavy
# one (J ~ 0.3), to cover the whole S-curve.
EDIT_RATES = (0.005, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12)


def datasketch_band_keys(config: DedupConfig) -> Callable[[str], bytes] | None:
    """Band keys of a normalized text with datasketch computing the signature (same
    tokens, shingles given as bytes, its default hash); None if it is not installed."""
    try:
        from datasketch import MinHash
    except ImportError:
        return None

    def band_keys(normalized: str) -> bytes:
        words = tokens(normalized)
        if len(words) < config.min_words:
            return b""
        size = config.shingle_size
        minhash = MinHash(num_perm=config.num_perm, seed=config.seed)
        minhash.update_batch([" ".join(words[i : i + size]).encode("utf-8") for i in range(max(1, len(words) - size + 1))])
        values, rows = minhash.hashvalues.astype("<u4"), config.rows
        return b"".join(hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=BAND_KEY_BYTES).digest()
                        for b in range(config.bands))

    return band_keys


def seconds(keys: Callable[[str], object], texts: list[str], passes: int) -> float:
    start = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            keys(text)
    return time.perf_counter() - start


def timed(runners: dict[str, Callable[[str], object]], texts: list[str], passes: int) -> dict[str, float]:
    """Docs/s of each runner, timed in turns, REPEATS times each, keeping the best: other
    processes on a shared machine only ever slow a run down, and taking turns exposes
    every runner to the same load."""
    best = {label: float("inf") for label in runners}
    for keys in runners.values():
        keys(texts[0])  # warm caches (permutation constants, class tables) outside the timing
    for _ in range(REPEATS):
        for label, keys in runners.items():
            best[label] = min(best[label], seconds(keys, texts, passes))
    return {label: passes * len(texts) / time_taken for label, time_taken in best.items()}


def compare(name: str, texts: list[str], config: DedupConfig, passes: int = 1) -> None:
    """Two comparisons: a document's keys from its text (normalization, the same for
    both, included), and band keys from the normalized text (the MinHash part alone)."""
    characters = sum(map(len, texts)) / len(texts)
    print(f"{name}: {len(texts)} documents, {characters:,.0f} characters on average, one core")
    peer = datasketch_band_keys(config)
    if peer is None:
        print("  datasketch not installed: corpus.dedup alone")
    normalized = [normalize_for_hash(text) for text in texts]
    ours_from_normalized = lambda n: _band_bytes(n, config)  # noqa: E731
    cases = [
        ("keys from the raw text", texts, lambda t: document_keys(t, config),
         lambda t: (normalized_key(n := normalize_for_hash(t)), peer(n))),
        ("band keys from normalized text", normalized, ours_from_normalized, peer),
    ]
    for label, inputs, ours, theirs in cases:
        speed = timed({"ours": ours, "datasketch": theirs} if peer else {"ours": ours}, inputs, passes)
        line = f"  {label:<32} corpus.dedup {speed['ours']:7.0f} docs/s"
        if peer:
            line += f"   datasketch {speed['datasketch']:7.0f} docs/s   ratio {speed['ours'] / speed['datasketch']:.2f}x"
        print(line)


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


def shingle_sets(texts: dict[str, str], config: DedupConfig) -> dict[str, set]:
    return {name: shingles(tokens(normalize_for_hash(text)), config.shingle_size) for name, text in texts.items()}


def similar_pairs(sets: dict[str, set]) -> dict[tuple[str, str], float]:
    """True Jaccard of every pair at or above LISTED_JACCARD (an inverted index: only
    pairs sharing a shingle are counted)."""
    owners = defaultdict(list)
    for name, found in sets.items():
        for shingle in found:
            owners[shingle].append(name)
    shared = Counter(pair for names in owners.values() if len(names) > 1 for pair in itertools.combinations(sorted(names), 2))
    jaccard = {(a, b): n / (len(sets[a]) + len(sets[b]) - n) for (a, b), n in shared.items()}
    return {pair: j for pair, j in jaccard.items() if j >= LISTED_JACCARD}


def candidate_pairs(texts: dict[str, str], config: DedupConfig) -> set[tuple[str, str]]:
    by_band = defaultdict(list)
    for name, text in texts.items():
        bands = document_keys(text, config).bands
        for offset in range(0, len(bands), BAND_KEY_BYTES):
            by_band[offset, bands[offset : offset + BAND_KEY_BYTES]].append(name)
    return {pair for names in by_band.values() for pair in itertools.combinations(sorted(names), 2)}


def dev_clusters(texts: dict[str, str], config: DedupConfig) -> None:
    sets = shingle_sets(texts, config)
    similar, candidates = similar_pairs(sets), candidate_pairs(texts, config)
    jaccard = {pair: similar.get(pair) or len(sets[pair[0]] & sets[pair[1]]) / len(sets[pair[0]] | sets[pair[1]])
               for pair in candidates}
    clusterer = Clusterer(config)
    for name, text in texts.items():
        keys = document_keys(text, config)
        clusterer.add(name, None, keys.exact, keys.bands)
    clusters = defaultdict(list)
    for name, (duplicate_of, size) in clusterer.result().items():
        if size > 1:
            clusters[duplicate_of or name].append(name)
    pairs = len(texts) * (len(texts) - 1) // 2
    print(f"dev dumps: {len(texts)} documents, {pairs:,} pairs")
    print(f"  pairs by true Jaccard (>= {LISTED_JACCARD}): {sorted(Counter(round(j, 1) for j in similar.values()).items())}")
    print(f"  candidate pairs: {len(candidates)}, below the threshold {config.threshold}: "
          f"{sum(j < config.threshold for j in jaccard.values())}")
    for (a, b), j in sorted(jaccard.items()):
        print(f"    {a} {b}  true Jaccard {j:.3f}")
    missed = [pair for pair, j in similar.items() if j >= config.threshold and pair not in candidates]
    print(f"  pairs at or above the threshold that are no candidates: {len(missed)} {sorted(missed)}")
    print(f"  clusters: {len(clusters)} {sorted(sorted(members) for members in clusters.values())}")


def rewritten_seeds(config: DedupConfig) -> None:
    first, second = (p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))[:2])
    a, b = shingle_sets({"000": first, "001": second}, config).values()
    words = [set(tokens(normalize_for_hash(text))) for text in (first, second)]
    truth = len(a & b) / len(a | b)
    print(f"seeds 000 and 001: words shared {len(words[0] & words[1]) / len(words[0] | words[1]):.3f}, "
          f"shingles: true Jaccard {truth:.3f}, estimated {estimated_jaccard(signature(first, config), signature(second, config)):.3f}, "
          f"candidate probability {candidate_probability(truth, config.bands, config.rows):.1e}")


def s_curve(texts: list[str], config: DedupConfig) -> None:
    """Edited copies of every other dump: per Jaccard bin, pairs, share of candidates
    against the S-curve, and the estimate's mean error and RMSE against sqrt(J(1-J)/n)."""
    rng = random.Random(7)
    words = [w for w in (tokens(normalize_for_hash(t)) for t in texts[::2]) if len(w) >= 2 * config.min_words]
    vocabulary = [word for w in words for word in w[:50]]
    bins = defaultdict(list)
    for original in words:
        text = " ".join(original)
        bands, values = document_keys(text, config).bands, signature(text, config)
        for rate in EDIT_RATES:
            edited = [rng.choice(vocabulary) if rng.random() < rate else word for word in original]
            a, b = shingles(original, config.shingle_size), shingles(edited, config.shingle_size)
            truth = len(a & b) / len(a | b)
            copy = " ".join(edited)
            other = document_keys(copy, config).bands
            candidate = any(bands[i : i + BAND_KEY_BYTES] == other[i : i + BAND_KEY_BYTES] for i in range(0, len(bands), BAND_KEY_BYTES))
            bins[round(truth * 20) / 20].append((truth, candidate, estimated_jaccard(values, signature(copy, config)) - truth))
    print(f"edited copies of {len(words)} dev dumps ({len(words) * len(EDIT_RATES):,} pairs):")
    print("  Jaccard  pairs  candidates  S-curve  error mean  error RMSE  sqrt(J(1-J)/n)")
    for center in sorted(bins):
        rows = bins[center]
        predicted = sum(candidate_probability(t, config.bands, config.rows) for t, _, _ in rows) / len(rows)
        errors = [e for _, _, e in rows]
        rmse = (sum(e * e for e in errors) / len(errors)) ** 0.5
        print(f"  {center:7.2f} {len(rows):6d} {sum(c for _, c, _ in rows) / len(rows):11.3f} {predicted:8.3f} "
              f"{sum(errors) / len(errors):+11.4f} {rmse:11.4f} {(center * (1 - center) / config.num_perm) ** 0.5:15.4f}")


def main() -> None:
    config = DedupConfig()
    print(f"DedupConfig: {config.num_perm} permutations, {config.bands} bands x {config.rows} rows, "
          f"{config.shingle_size}-word shingles; candidate probability {config.s_curve()}")
    dumps = sorted((DEVSET / "dumps").glob("*.txt"))
    texts = {p.name.split(".")[0]: p.read_text(encoding="utf-8", errors="replace") for p in dumps}
    if "--quality" in sys.argv[1:]:
        if not texts:
            sys.exit(f"bench: the dev dumps are not at {DEVSET}")
        dev_clusters(texts, config)
        rewritten_seeds(config)
        s_curve(list(texts.values()), config)
        return
    if texts:
        compare("dev dumps", list(texts.values()), config)
    else:
        print(f"dev dumps: not found at {DEVSET}: skipped")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    compare(f"seeds x {SEED_PASSES}", seeds, config, passes=SEED_PASSES)
    clusterer_speed(config)


if __name__ == "__main__":
    main()

"""MinHash signatures and LSH band keys, on numpy.

Per document, vectorised:

1. every token is hashed to a uint64 (``corpus.dedup.tokens``) and mixed by the
   splitmix64 finalizer;
2. shingle hashes: the token hashes of each window of ``shingle_size`` tokens are
   combined by a weighted sum (wrapping uint64 arithmetic, one odd multiplier per
   position, so word order counts), mixed again and folded to 32 bits;
3. ``num_perm`` hash functions h(x) = (a*x + b) mod 2**64 >> 32 (multiply-add-shift,
   2-independent on 32-bit keys, Dietzfelbinger 1996) are applied to all shingles at
   once as an outer product; the minimum per function is the signature (uint32);
4. the signature is cut into bands; each band's values are hashed (blake2b, 8 bytes)
   into its key.

Everything comes from blake2b and fixed arithmetic: keys are equal across processes,
machines and runs (no Python ``hash()``, no random state). The permutation constants
come from blake2b of the seed, not from numpy's random generators, whose streams may
change between numpy versions.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from corpus.dedup.config import DedupConfig
from corpus.dedup.normalize import normalize_for_hash, normalized_key
from corpus.dedup.tokens import splitmix64, token_hashes

# Bytes of one band key. 64 bits: over 16 bands and 10**8 documents, an accidental key
# collision between unrelated documents is expected 16 * (10**8)**2 / 2**65 ~ 4e-3 times.
BAND_KEY_BYTES = 8

# Shingles per block of the outer product: 1024 shingles x 128 permutations x 8 bytes =
# 1 MiB of temporaries. A news article (~1,500 shingles) takes one or two blocks; a huge
# text does not allocate a shingles x permutations array. Measured: 256 to 4096 cost
# the same on an article.
_BLOCK = 1024

_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class DocumentKeys:
    exact: bytes  # exact_key of the text: 16 bytes
    bands: bytes  # band keys concatenated, BAND_KEY_BYTES each; empty if the text is too short


def document_keys(text: str, config: DedupConfig) -> DocumentKeys:
    """Both keys of a text, normalizing it once: what a worker computes per document."""
    normalized = normalize_for_hash(text)
    return DocumentKeys(normalized_key(normalized), _band_bytes(token_hashes(normalized[: config.max_chars]), config))


def band_keys(text: str, config: DedupConfig) -> list[bytes]:
    """One 8-byte key per LSH band; empty for a text under ``config.min_words`` tokens,
    which takes part in exact dedup only."""
    joined = _band_bytes(token_hashes(normalize_for_hash(text)[: config.max_chars]), config)
    return [joined[i : i + BAND_KEY_BYTES] for i in range(0, len(joined), BAND_KEY_BYTES)]


def signature(text: str, config: DedupConfig) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint32). Empty for a text with no shingle."""
    return _signature(token_hashes(normalize_for_hash(text)[: config.max_chars]), config)


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The share of equal signature values: an unbiased estimate of Jaccard similarity.

    >>> estimated_jaccard(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 0]))
    0.5
    """
    return float(np.mean(first == second))


def shingles(words: list[str], size: int) -> set[tuple[str, ...]]:
    """The set of ``size``-token windows (one window for a shorter text): the exact sets
    whose Jaccard similarity MinHash estimates.

    >>> sorted(shingles(["a", "b", "c"], 2))
    [('a', 'b'), ('b', 'c')]
    """
    if len(words) <= size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _band_bytes(hashed_tokens: np.ndarray, config: DedupConfig) -> bytes:
    if hashed_tokens.size < config.min_words:
        return b""
    values = _signature(hashed_tokens, config).astype("<u4")
    rows, bands = config.rows, config.bands
    return b"".join(
        hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=BAND_KEY_BYTES).digest()
        for band in range(bands)
    )


def _signature(hashed_tokens: np.ndarray, config: DedupConfig) -> np.ndarray:
    hashed = _shingle_hashes(hashed_tokens, config.shingle_size)
    if hashed.size == 0:
        return np.zeros(0, dtype=np.uint32)
    a, b = _permutations(config.seed, config.num_perm)
    lowest = np.full(config.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, hashed.size, _BLOCK):
        block = np.multiply.outer(hashed[start : start + _BLOCK], a)
        block += b
        np.minimum(lowest, block.min(axis=0), out=lowest)
    # The shift is monotone, so the minimum of the shifted values is the shifted minimum.
    return (lowest >> np.uint64(32)).astype(np.uint32)


def _shingle_hashes(hashed_tokens: np.ndarray, size: int) -> np.ndarray:
    """32-bit hashes (in uint64) of every window of ``size`` tokens (one window for a
    shorter text), in text order."""
    if hashed_tokens.size == 0:
        return np.zeros(0, dtype=np.uint64)
    hashed = splitmix64(hashed_tokens)
    width = min(size, hashed.size)
    windows = hashed.size - width + 1
    combined = np.zeros(windows, dtype=np.uint64)
    for position, weight in enumerate(_position_weights(width)):
        combined += hashed[position : position + windows] * weight
    mixed = splitmix64(combined)
    return (mixed ^ (mixed >> np.uint64(32))) & np.uint64(0xFFFFFFFF)


@functools.lru_cache(maxsize=8)
def _position_weights(width: int) -> np.ndarray:
    """One odd multiplier per position in a shingle (odd: multiplying by it loses no bit)."""
    return np.array([_derived(f"position:{i}") | 1 for i in range(width)], dtype=np.uint64)


@functools.lru_cache(maxsize=8)
def _permutations(seed: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of every hash function: uniform 64-bit values, as multiply-add-shift
    needs for its guarantee."""
    a = np.array([_derived(f"{seed}:a:{i}") for i in range(num_perm)], dtype=np.uint64)
    b = np.array([_derived(f"{seed}:b:{i}") for i in range(num_perm)], dtype=np.uint64)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def _derived(label: str) -> int:
    """A fixed pseudo-random 64-bit constant named by a label."""
    return int.from_bytes(hashlib.blake2b(label.encode("ascii"), digest_size=8, person=b"corpus.dedup").digest(), "little") & _MASK64

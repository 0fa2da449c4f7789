"""MinHash signatures and LSH band keys, on numpy.

Per document, vectorised:

1. every token is hashed to a uint64 (``corpus.dedup.tokens``) and mixed by the
   splitmix64 finalizer;
2. shingle hashes: the token hashes of each window of ``shingle_size`` tokens are
   combined by a weighted sum (wrapping uint64 arithmetic, one odd multiplier per
   position, so word order counts), mixed again and folded to 32 bits;
3. ``num_perm`` hash functions h(x) = (a*x + b) mod 2**64 >> 32 (multiply-add-shift,
   2-independent on 32-bit keys, Dietzfelbinger 1996) are applied to every shingle, a
   block of shingles x functions per numpy pass; the minimum per function is the
   signature (uint32);
4. the signature is cut into bands; each band's values are hashed (blake2b, 8 bytes)
   into its key.

Steps 1-3 run in C (``corpus.dedup.kernel``) where it is built: this numpy code is its
spec and fallback.

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
from corpus.dedup.kernel import kernel
from corpus.dedup.normalize import normalize_for_hash, normalized_key
from corpus.dedup.tokens import splitmix64, splitmix64_inplace, token_hashes

# Bytes of one band key. 64 bits: over 16 bands and 10**8 documents, an accidental key
# collision between unrelated documents is expected 16 * (10**8)**2 / 2**65 ~ 4e-3 times.
BAND_KEY_BYTES = 8

# Values (shingles x permutations) computed per numpy pass: 131,072 uint64, 1 MiB per
# buffer. With 128 permutations that is 1,024 shingles, so a news article (~950 shingles
# on the dev dumps) is one block, and a huge text never allocates a shingles x
# permutations array. Measured: blocks of 256 to 1,024 shingles cost the same on an
# article; smaller ones pay numpy's per-call overhead more often.
_BLOCK_VALUES = 1 << 17

_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class DocumentKeys:
    exact: bytes  # exact_key of the text: 16 bytes
    bands: bytes  # band keys concatenated, BAND_KEY_BYTES each; empty if the text is too short


def document_keys(text: str, config: DedupConfig) -> DocumentKeys:
    """Both keys of a text, normalizing it once: what a worker computes per document."""
    normalized = normalize_for_hash(text)
    return DocumentKeys(normalized_key(normalized), _band_bytes(normalized, config))


def band_keys(text: str, config: DedupConfig) -> list[bytes]:
    """One 8-byte key per LSH band; empty for a text under ``config.min_words`` tokens,
    which takes part in exact dedup only."""
    joined = _band_bytes(normalize_for_hash(text), config)
    return [joined[i : i + BAND_KEY_BYTES] for i in range(0, len(joined), BAND_KEY_BYTES)]


def signature(text: str, config: DedupConfig) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint32). Empty for a text with no shingle."""
    normalized = normalize_for_hash(text)
    fast = kernel()
    if fast is None:
        return _signature(token_hashes(normalized[: config.max_chars]), config)
    return np.frombuffer(fast.minhash(normalized, config.max_chars, 0, *_kernel_constants(config)), dtype="<u4").astype(np.uint32)


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


def _band_bytes(normalized: str, config: DedupConfig) -> bytes:
    """The band keys of a text from ``normalize_for_hash``, joined."""
    fast = kernel()
    if fast is None:
        hashed_tokens = token_hashes(normalized[: config.max_chars])
        if hashed_tokens.size < config.min_words:
            return b""
        values = _signature(hashed_tokens, config).astype("<u4", copy=False).tobytes()
    else:  # the same bytes, tokens to signature in one C call
        values = fast.minhash(normalized, config.max_chars, config.min_words, *_kernel_constants(config))
        if values is None:
            return b""
    step = 4 * config.rows  # bytes of a band's values
    return b"".join(
        hashlib.blake2b(values[start : start + step], digest_size=BAND_KEY_BYTES).digest()
        for start in range(0, step * config.bands, step)
    )


def _signature(hashed_tokens: np.ndarray, config: DedupConfig) -> np.ndarray:
    hashed = _shingle_hashes(hashed_tokens, config.shingle_size)
    if hashed.size == 0:
        return np.zeros(0, dtype=np.uint32)
    # Values laid out shingle-major, (shingles, num_perm) flat: the constants of a block
    # are a prefix of a fixed tiled array, so every operand of the multiply and the add
    # is one contiguous run. numpy runs those about twice as fast as with a broadcast row
    # or column; the signature takes 0.7x the time of an outer product (uint64, dev dumps).
    a, b = _tiled_permutations(config.seed, config.num_perm)
    width = a.size // config.num_perm  # shingles per block
    lowest = None
    for start in range(0, hashed.size, width):
        x = hashed[start : start + width]
        values = np.repeat(x, config.num_perm)
        np.multiply(values, a[: values.size], out=values)  # wraps mod 2**64, as the hash function does
        np.add(values, b[: values.size], out=values)
        least = values.reshape(x.size, config.num_perm).min(axis=0)
        lowest = least if lowest is None else np.minimum(lowest, least, out=lowest)
    # The shift is monotone, so the minimum of the shifted values is the shifted minimum.
    return (lowest >> np.uint64(32)).astype(np.uint32)


def _shingle_hashes(hashed_tokens: np.ndarray, size: int) -> np.ndarray:
    """32-bit hashes (in uint64) of every window of ``size`` tokens (one window for a
    shorter text), in text order."""
    if hashed_tokens.size == 0:
        return np.zeros(0, dtype=np.uint64)
    hashed = splitmix64(hashed_tokens)
    width = min(size, hashed.size)
    # Row i of this read-only view is tokens i .. i + width - 1; the weighted sums are
    # one matrix product (numpy's integer matmul wraps mod 2**64, as the sum does).
    step = hashed.itemsize
    windows = np.ndarray((hashed.size - width + 1, width), np.uint64, hashed, 0, (step, step))
    windows.flags.writeable = False
    mixed = splitmix64_inplace(windows @ _position_weights(width))
    mixed ^= mixed >> np.uint64(32)
    mixed &= np.uint64(0xFFFFFFFF)
    return mixed


@functools.lru_cache(maxsize=8)
def _kernel_constants(config: DedupConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the kernel's minhash takes after the text: the weights of a whole shingle
    (those of a shorter text's one window are their prefix) and the permutations."""
    return (_position_weights(config.shingle_size), *_permutations(config.seed, config.num_perm))


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


@functools.lru_cache(maxsize=8)
def _tiled_permutations(seed: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) repeated end to end over one block, ``_BLOCK_VALUES`` values each: element
    k is the constant of permutation k % num_perm."""
    repeats = max(1, _BLOCK_VALUES // num_perm)
    a, b = (np.tile(c, repeats) for c in _permutations(seed, num_perm))
    a.flags.writeable = b.flags.writeable = False
    return a, b


def _derived(label: str) -> int:
    """A fixed pseudo-random 64-bit constant named by a label."""
    return int.from_bytes(hashlib.blake2b(label.encode("ascii"), digest_size=8, person=b"corpus.dedup").digest(), "little") & _MASK64

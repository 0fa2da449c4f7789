"""Duplicate detection settings, and the LSH S-curve they imply.

A document's MinHash signature (``num_perm`` values) is cut into ``bands`` bands of
``rows`` values; two documents become candidates when all rows of at least one band
agree. For two documents whose word-shingle sets have Jaccard similarity J, each
signature value agrees with probability J, so

    P(candidate) = 1 - (1 - J**rows) ** bands

an S-curve. With the defaults (threshold 0.8, 128 permutations -> 16 bands x 8 rows):

    ======  ======  ======  ======  ======  ======  ======
    J       0.3     0.5     0.6     0.7     0.8     0.9
    P       0.001   0.061   0.237   0.613   0.947   0.9999
    ======  ======  ======  ======  ======  ======  ======

Rows are derived from the threshold (:func:`lsh_shape`): the most rows per band (the
steepest curve, fewest candidates below the threshold) that still find a pair right
at the threshold with probability ``MIN_RECALL``.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

# Probability with which a pair exactly at the threshold must become a candidate: pairs
# above it are found more surely still (0.99 at threshold + 0.05 with the defaults); asking
# for more costs a flatter curve, i.e. more candidates far below the threshold.
MIN_RECALL = 0.9


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Probability that two documents with this Jaccard similarity share a band.

    >>> [round(candidate_probability(j, 16, 8), 3) for j in (0.5, 0.7, 0.8, 0.9)]
    [0.061, 0.613, 0.947, 1.0]
    """
    return 1.0 - (1.0 - jaccard**rows) ** bands


@functools.lru_cache(maxsize=64)
def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for a threshold: the most rows per band whose S-curve still gives
    ``MIN_RECALL`` at the threshold, and as many bands as the permutations fill.

    >>> lsh_shape(0.8, 128)
    (16, 8)
    >>> lsh_shape(0.9, 128)
    (9, 14)
    >>> lsh_shape(0.5, 128)
    (42, 3)
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= MIN_RECALL:
            best = (bands, rows)
    return best


@dataclass(frozen=True)
class DedupConfig:
    # Jaccard similarity of word-shingle sets above which two documents are the same text
    # with small edits. 0.8: with 5-word shingles one edited word spoils 5 shingles, so a
    # copy with one word in 50 changed (J ~ 0.82) or a paragraph added to a 5-paragraph
    # story (J ~ 0.83) is above it; two different reports of one event share far less
    # (the two rewrites of one story in seeds/, 000 and 001, share 5% of their shingles).
    threshold: float = 0.8
    # Words per shingle. 5, as in Gopher, RefinedWeb and datatrove: long enough that the
    # stock phrases of news ("said in a statement on") do not make unrelated stories
    # similar, short enough that one edited word spoils only 5 shingles. In scripts
    # without spaces a "word" is one character (5-character n-grams).
    shingle_size: int = 5
    # MinHash signature length. The Jaccard estimate's standard error is
    # sqrt(J(1-J)/num_perm): 0.035 at J=0.8 with 128. It also fixes the key size stored
    # per document (8 bytes a band, 16 bands: 128 bytes) and the cost of keys (linear).
    num_perm: int = 128
    # Fixes the permutations. Keys are only comparable between runs with the same seed
    # (and shingle_size, num_perm, threshold): they are part of what a release records.
    seed: int = 1
    # Documents with fewer tokens than this take part in exact dedup only. A short text
    # has few shingles, so one edit swings its Jaccard by a lot, and short texts are
    # mostly stubs ("Page not found", a caption) that repeat across unrelated pages.
    # 50 words is a short news brief; fewer than shingle_size would mean no shingle.
    min_words: int = 50
    # Characters of the normalized text that near-duplicate keys are computed from (the
    # exact key covers all of it). 1,000,000 characters is ~150,000 words, a hundred times
    # the longest news article; the bound keeps a pathological input (a 60 MB line
    # without a space: ~45 bytes of numpy temporaries a character) at ~45 MB.
    max_chars: int = 1_000_000

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"dedup threshold must be between 0 and 1 (exclusive), not {self.threshold}")
        if self.shingle_size < 1:
            raise ValueError(f"dedup shingle size must be at least 1 word, not {self.shingle_size}")
        if not 1 <= self.num_perm <= 4096:
            raise ValueError(f"dedup permutations must be between 1 and 4096, not {self.num_perm}")
        if self.min_words < self.shingle_size:
            raise ValueError(f"dedup min words ({self.min_words}) must be at least the shingle size ({self.shingle_size})")
        if self.max_chars < self.min_words:
            raise ValueError(f"dedup max chars ({self.max_chars}) must be at least min words ({self.min_words})")
        if not 0 <= self.seed < 2**64:
            raise ValueError(f"dedup seed must be between 0 and 2**64 - 1, not {self.seed}")

    @property
    def bands(self) -> int:
        return lsh_shape(self.threshold, self.num_perm)[0]

    @property
    def rows(self) -> int:
        return lsh_shape(self.threshold, self.num_perm)[1]

    def as_dict(self) -> dict:
        """Every setting and the LSH shape: what a manifest records, since keys made with
        other settings do not match.

        >>> DedupConfig().as_dict()["bands"], DedupConfig().as_dict()["rows"]
        (16, 8)
        """
        return {**dataclasses.asdict(self), "bands": self.bands, "rows": self.rows}

    def s_curve(self, points: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9)) -> dict[float, float]:
        """Probability of becoming a candidate at each Jaccard similarity, for a card.

        >>> DedupConfig().s_curve()
        {0.5: 0.061, 0.7: 0.613, 0.8: 0.947, 0.9: 1.0}
        """
        return {j: round(candidate_probability(j, self.bands, self.rows), 3) for j in points}

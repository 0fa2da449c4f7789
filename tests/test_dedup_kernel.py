"""The C kernel of duplicate keys (corpus.dedup._keys) against its spec, the numpy and
Python code of normalize.py, tokens.py and minhash.py: the same keys, bit for bit."""

import os
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dedup import DedupConfig, document_keys, kernel, normalize_for_hash, signature
from corpus.dedup import normalize
from corpus.dedup.minhash import _kernel_constants
from corpus.dedup.normalize import _class_of, _classes_seen, _fold_in_pieces

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DEV_DUMPS = ROOT.parent / "shared" / "devset" / "dumps"

KERNEL = kernel.kernel()
needs_kernel = pytest.mark.skipif(KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")

# What normalization and tokens must get right: Latin with accents and decomposed
# accents, German, Turkish dotted I, ligatures, fractions, trademarks, micro sign;
# Arabic with marks and tatweel, Hebrew points; CJK (extension A and B), full-width and
# half-width forms; Thai, Lao, Khmer, Myanmar and Devanagari with their marks; Hangul
# syllables, conjoining and compatibility jamo (they compose by formula); the starters
# that compose with a vowel before them (Bengali, Tamil, Sinhala, Myanmar); Kaithi,
# whose composition is above the BMP; emoji, tags, musical symbols, private use up to
# U+10FFFF; soft hyphen, zero-width characters, every kind of space; lone surrogates.
TRICKY = (list("aZé ßẞİıǅ\u0301\u0308\u00b4\u00a8ﬁ½™µ\u00ad\u200b\u200c\u200d\u00a0\u3000\t\n,.!“”’-€%…")
          + list("محمدُ\u0640\u064b\u0670ﷺ") + list("שָׁלוֹם") + list("东京电力，。「」ｶﾀﾅ１２ﾞ\u3099") + list("㐀䶿")
          + list("ภาษาไทย\u0e38\u0e48ລາວ") + list("ខ្មែរ\u17d2") + list("မြန်\u102e\u1025") + list("हिन्दी\u093c")
          + list("가각\u1100\u1161\u11a8ㄱㅏㄳ") + list("\u09c7\u09be\u0bc6\u0bbe\u0dd9\u0dcf")
          + ["\U00011099", "\U000110ba", "\U0001d157", "\U0001d165", "\U0001F600", "\U0001F1E9", "\U00020000",
             "\U0003fffd", "\U00040000", "\U000e0041", "\U000f0000", "\U0010ffff", "\udcff", "\ud800"])
TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(TRICKY), max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=100),  # surrogates too
    st.lists(st.sampled_from(["word", "wörter", "东京", "ไทย", " ", "  ", "\n", "ß", "é", "e\u0301", "ㄱㅏ"]),
             max_size=80).map("".join),
)


def pure(function, *args):
    with kernel.pure_python():
        return function(*args)


def test_the_kernel_is_built_unless_pure_python_is_asked_for():
    assert KERNEL is not None or os.environ.get("CORPUS_PURE_PYTHON"), "build it: pip install -e ."


@needs_kernel
@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_normalization_equals_the_spec(text):
    assert normalize_for_hash(text) == pure(normalize_for_hash, text)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_folding_equals_the_spec(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert KERNEL.fold(folded, _classes_seen(), _class_of) == _fold_in_pieces(folded)


@needs_kernel
def test_every_bmp_character_on_its_own_normalizes_as_the_spec_says():
    table, strings, shortcut = normalize._shortcut_table(), normalize._SHORTCUT_STRINGS, normalize._shortcut
    for code_point in range(0x10000):
        text = f"a{chr(code_point)}b {chr(code_point)}"
        fast = KERNEL.normalize(text, table, strings, shortcut)
        assert fast is None or fast == pure(normalize_for_hash, text), hex(code_point)


def test_no_composition_outside_the_shortcuts_slow_range_is_missed():
    """Every code point a character before it can compose with (the second half of a
    canonical decomposition in two) is known to _second_halves, or takes the long way
    (the supplementary scripts below emoji): scanned over all of Unicode here, over the
    BMP only at run time."""
    missed = []
    for code_point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code_point))
        if decomposition and not decomposition.startswith("<") and " " in decomposition:
            second = int(decomposition.split()[-1], 16)
            if second not in normalize._second_halves() and not 0x10000 <= second < 0x1F000:
                missed.append(hex(second))
    assert missed == []


def test_hangul_jamo_compose_across_characters_so_they_take_the_long_way():
    # Compatibility jamo become conjoining jamo under NFKC, which then compose into a
    # syllable: normalizing them one by one would keep two characters.
    assert normalize_for_hash("ㄱㅏ") == pure(normalize_for_hash, "ㄱㅏ") == "가"
    assert normalize._shortcut(ord("ㅏ")) == normalize._SLOW


CONFIGS = [
    DedupConfig(),
    DedupConfig(shingle_size=1, num_perm=1, min_words=1),
    DedupConfig(shingle_size=3, num_perm=7, seed=7, min_words=3, threshold=0.5),
    DedupConfig(shingle_size=8, num_perm=4096, seed=2**64 - 1, min_words=8, max_chars=40),
]


@needs_kernel
@pytest.mark.parametrize("simd", [True, False])
@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=80, deadline=None)
@given(text=TEXTS)
def test_keys_equal_the_spec(config, simd, text):
    previous = KERNEL.set_simd(simd)
    try:
        assert document_keys(text, config) == pure(document_keys, text, config)
        assert signature(text, config).tolist() == pure(signature, text, config).tolist()
    finally:
        KERNEL.set_simd(previous)


@needs_kernel
@pytest.mark.parametrize("simd", [True, False])
@pytest.mark.parametrize("words", [0, 1, 2, 4, 5, 6, 7, 8, 9, 15, 16, 17, 4100, 9000])
def test_signatures_of_every_length_equal_the_spec(words, simd):
    # Around a shingle's size, the 8 lanes of the vectorized loop and its 4,096-shingle
    # blocks.
    text = " ".join(f"w{i % 977}x{i % 13}" for i in range(words))
    previous = KERNEL.set_simd(simd)
    try:
        for config in CONFIGS[:3]:
            assert signature(text, config).tolist() == pure(signature, text, config).tolist()
    finally:
        KERNEL.set_simd(previous)


@needs_kernel
def test_fewer_tokens_than_min_words_give_none_and_no_token_gives_an_empty_signature():
    constants = _kernel_constants(DedupConfig())
    assert KERNEL.minhash("one two", 100, 3, *constants) is None
    assert KERNEL.minhash("", 100, 0, *constants) == b""
    assert len(KERNEL.minhash("one", 100, 0, *constants)) == 4 * DedupConfig().num_perm


@needs_kernel
def test_real_texts_get_the_specs_keys():
    paths = SEEDS + (sorted(DEV_DUMPS.glob("*.txt"))[:300] if DEV_DUMPS.is_dir() else [])
    texts = [p.read_text(encoding="utf-8", errors="surrogateescape") for p in paths]
    config = DedupConfig()
    assert [document_keys(t, config) for t in texts] == [pure(document_keys, t, config) for t in texts]


@needs_kernel
def test_bad_arguments_raise_instead_of_crashing():
    with pytest.raises(ValueError):
        KERNEL.fold("text", b"short", _class_of)
    with pytest.raises(ValueError):
        KERNEL.normalize("text", np.zeros(10, dtype=np.uint32), [], normalize._shortcut)
    with pytest.raises(ValueError):
        KERNEL.minhash("text", 10, 0, b"", b"12345678", b"12345678")
    with pytest.raises(ValueError):
        KERNEL.minhash("text", 10, 0, b"12345678", b"1234567", b"1234567")
    with pytest.raises(ZeroDivisionError):
        KERNEL.fold("\U0001F600", _classes_seen(), lambda code_point: 1 / 0)
    with pytest.raises(ValueError):
        KERNEL.fold("\U0001F600", _classes_seen(), lambda code_point: 7)

import unicodedata
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dedup import kernel, normalize
from corpus.dedup.normalize import DROPPED_RANGES, exact_key, normalize_for_hash


def reference_normalize(text: str) -> str:
    """The rules of normalize_for_hash, one character at a time: what the numpy version
    must equal."""
    dropped = {cp for low, high in DROPPED_RANGES for cp in range(low, high + 1)}
    out = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        category = unicodedata.category(char)
        if ord(char) in dropped or category == "Cf":
            continue
        out.append(char if category[0] in "LNM" else " ")
    return unicodedata.normalize("NFKC", " ".join("".join(out).split()))


# Scripts and traps a news corpus holds: Latin with accents, German, Arabic with marks and
# tatweel, Hebrew points, CJK with full-width punctuation, half-width katakana, Devanagari,
# Thai, emoji and CJK beyond the BMP, soft hyphens, zero-width joiners, every kind of space,
# a lone surrogate (bytes decoded with surrogateescape).
MULTILINGUAL = st.text(
    alphabet=st.sampled_from(list("aZé ßẞİı\u0301\u00ad\u200b\u200c\u200d\u00a0\t\n,.!“”’-€%")
                             + list("محمدُ\u0640\u064b\u0670") + list("שָׁלוֹם")
                             + list("东京电力，。「」ｶﾀﾅ１２") + list("हिन्दी") + list("ภาษาไทย")
                             + ["\U0001F600", "\U00020000", "\U000E0001", "\uFDFA", "\u2044", "\udcff"]),
    max_size=200,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), MULTILINGUAL))
def test_numpy_folding_equals_the_reference(text):
    with kernel.pure_python():
        assert normalize_for_hash(text) == reference_normalize(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), MULTILINGUAL))
def test_folding_where_the_kernel_is_built_equals_the_reference(text):
    assert normalize_for_hash(text) == reference_normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), MULTILINGUAL), st.integers(1, 20))
def test_long_texts_folded_in_chunks_equal_the_reference(text, chunk):
    with mock.patch.object(normalize, "CHUNK_CHARS", chunk), kernel.pure_python():
        assert normalize_for_hash(text) == reference_normalize(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), MULTILINGUAL))
def test_normalizing_twice_equals_once_and_leaves_single_spaces(text):
    once = normalize_for_hash(text)
    assert normalize_for_hash(once) == once
    assert once == " ".join(once.split())


def test_copies_differing_in_what_readers_do_not_see_fold_together():
    original = "The “Islamic Resistance” said: 2,500 soldiers remain."
    assert normalize_for_hash(original) == normalize_for_hash("the \"islamic resistance\" said 2 500 soldiers remain")
    assert normalize_for_hash("Ｆｕｌｌ－ｗｉｄｔｈ　ＡＢＣ") == "full width abc"
    assert normalize_for_hash("Zeitungs\u00adartikel") == "zeitungsartikel"  # soft hyphen


def test_german_sharp_s_and_capital_sharp_s_fold_to_ss():
    assert normalize_for_hash("STRASSE Straße STRAẞE") == "strasse strasse strasse"


def test_arabic_optional_marks_and_tatweel_are_removed():
    assert normalize_for_hash("مُحَمَّد") == "محمد"
    assert normalize_for_hash("جـــميل") == normalize_for_hash("جميل")
    assert normalize_for_hash("قال، «نعم»؟") == "قال نعم"


def test_hebrew_points_are_removed():
    assert normalize_for_hash("שָׁלוֹם") == "שלום"


def test_cjk_full_width_punctuation_is_folded_and_half_width_kana_widened():
    assert normalize_for_hash("东京电力，周一表示。") == "东京电力 周一表示"
    assert normalize_for_hash("ｶﾀｶﾅ") == "カタカナ"


def test_combining_vowel_signs_stay_inside_words():
    # Devanagari vowel signs and virama are marks: dropping or splitting on them would
    # cut every Hindi word apart.
    assert normalize_for_hash("हिन्दी समाचार") == "हिन्दी समाचार"
    assert normalize_for_hash("ภาษาไทย") == "ภาษาไทย"


def test_emoji_fold_to_space_and_rare_cjk_stays():
    assert normalize_for_hash("good\U0001F600news \U00020000x") == "good news \U00020000x"


def test_lone_surrogates_fold_to_spaces():
    assert normalize_for_hash("bad\udcff byte\ud800") == "bad byte"
    assert len(exact_key("\udcff")) == 16


def test_exact_key_is_16_bytes_equal_for_folded_copies_and_differs_for_a_changed_word():
    key = exact_key("Iraq's PM met the U.S. ambassador.")
    assert len(key) == 16
    assert key == exact_key("IRAQ S PM MET THE U S AMBASSADOR")
    assert key != exact_key("Iraq's PM met the U.K. ambassador.")

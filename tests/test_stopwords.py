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


def test_the_table_of_list_names_is_what_babel_says():
    from corpus.heuristics.stopwords import _LIST_OF, _list_name

    assert _LIST_OF["en"] == "English"
    assert {code: _list_name(code) for code in _LIST_OF} == _LIST_OF

from corpus.heuristics.stopwords import stopwords


def test_lists_for_dev_set_languages():
    for language, word in [("en", "the"), ("de", "und"), ("fr", "le"), ("pl", "się"), ("ar", "في"), ("es", "que")]:
        assert word in stopwords(language), language


def test_unknown_language_has_no_list():
    assert stopwords("zz") == frozenset()
    assert stopwords("zh") == frozenset()

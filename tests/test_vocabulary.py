from corpus.heuristics.vocabulary import CREDIT_WORDS, INTERFACE_STEMS, interface_words, may_hold_interface_words


def test_stems_find_compounds_and_inflections():
    words = "jetzt newsletteranmeldung abonnieren datenschutzerklärung kommentare".split()
    assert interface_words(words) == 4


def test_ordinary_prose_holds_none():
    for sentence in ("the minister said on sunday that the talks would go on",
                     "der minister sagte am sonntag dass die gespräche weitergehen",
                     "le ministre a déclaré dimanche que les discussions continueraient"):
        assert interface_words(sentence.split()) == 0, sentence


def test_the_quick_check_rules_out_most_lines():
    assert not may_hold_interface_words("the minister said on sunday".split())


def test_the_quick_check_never_misses_a_stem():
    for stem in INTERFACE_STEMS:
        assert may_hold_interface_words([stem + "s"]) and interface_words([stem + "s"]) == 1, stem


def test_vocabulary_is_lower_case():
    assert all(stem == stem.casefold() for stem in INTERFACE_STEMS)
    assert all(word == word.casefold() for word in CREDIT_WORDS)

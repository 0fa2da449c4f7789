from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dedup.normalize import normalize_for_hash
from corpus.dedup import tokens as tokens_module
from corpus.dedup.tokens import token_hash, token_hashes, tokens


def test_words_in_spaced_scripts_characters_in_unspaced_ones():
    assert tokens("dpa meldet 东京电力 und ไทย") == ["dpa", "meldet", "东", "京", "电", "力", "und", "ไ", "ท", "ย"]
    assert tokens("ソニーは発表した") == list("ソニーは発表した")
    assert tokens("서울 연합뉴스") == ["서울", "연합뉴스"]  # Korean writes spaces
    assert tokens("") == []


TEXTS = st.text(alphabet=st.sampled_from(list("ab é1 ,ß") + list("东京电力ソニー") + list("ไทย서울") + ["\U00020001", "\U0001F600"]),
                max_size=300)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=200)))
def test_numpy_token_hashes_equal_the_python_definition(text):
    normalized = normalize_for_hash(text)
    assert token_hashes(normalized).tolist() == [token_hash(t) for t in tokens(normalized)]


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(1, 20))
def test_texts_hashed_in_chunks_give_the_same_hashes(text, chunk):
    normalized = normalize_for_hash(text)
    with mock.patch.object(tokens_module, "CHUNK_CHARS", chunk):
        assert token_hashes(normalized).tolist() == [token_hash(t) for t in tokens(normalized)]


def test_a_token_longer_than_a_chunk_is_one_token():
    long = "x" * 50
    with mock.patch.object(tokens_module, "CHUNK_CHARS", 8):
        assert token_hashes(f"a {long} b").tolist() == [token_hash("a"), token_hash(long), token_hash("b")]


def test_distinct_tokens_get_distinct_hashes():
    words = normalize_for_hash(" ".join(f"w{i} {i}w wort{i}" for i in range(2000))).split()
    assert len(set(token_hashes(" ".join(words)).tolist())) == len(set(words))

import datetime as dt
import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dedup import Clusterer, DedupConfig, document_keys

CONFIG = DedupConfig()
BANDS = CONFIG.bands

STORY = " ".join(
    "The minister met the ambassador in Baghdad on Sunday to discuss relations between the two "
    "countries and the future of the troops stationed there, his office said in a statement.".split()
) + " "


def story(number: int) -> str:
    """Long enough for near-duplicate detection, and different for every number."""
    return " ".join(f"{word}{number}" if i % 3 == 0 else word for i, word in enumerate((STORY * 4).split()))


def clustered(docs: list[tuple[str, str | None, str]]) -> dict:
    clusterer = Clusterer(CONFIG)
    for doc_id, published, text in docs:
        keys = document_keys(text, CONFIG)
        clusterer.add(doc_id, published, keys.exact, keys.bands)
    return clusterer.result()


def test_unique_documents_are_their_own_cluster_of_one():
    assert clustered([("a", None, story(1)), ("b", None, story(2))]) == {"a": (None, 1), "b": (None, 1)}


def test_exact_copies_cluster_under_the_earliest_published():
    result = clustered([
        ("a", "2024-01-22", story(1)),
        ("b", "2024-01-21", story(1).upper() + "!"),
        ("c", None, story(1)),
        ("d", "2024-01-21", story(2)),
    ])
    assert result == {"a": ("b", 3), "b": (None, 3), "c": ("b", 3), "d": (None, 1)}


def test_same_date_or_no_date_falls_back_to_the_smallest_id():
    same_day = clustered([("z", "2024-01-21", story(1)), ("m", "2024-01-21", story(1))])
    assert same_day == {"m": (None, 2), "z": ("m", 2)}
    undated = clustered([("z", None, story(1)), ("m", None, story(1))])
    assert undated == {"m": (None, 2), "z": ("m", 2)}


def test_near_copies_cluster_and_unrelated_ones_do_not():
    text = story(1)
    edited = text.replace("Sunday1", "Monday", 1).replace("statement.", "statement on Monday.", 1)
    result = clustered([("wire", "2024-01-01", text), ("site", "2024-01-02", edited), ("other", "2024-01-01", story(9))])
    assert result == {"wire": (None, 2), "site": ("wire", 2), "other": (None, 1)}


def test_short_texts_cluster_only_when_exactly_equal():
    result = clustered([("a", None, "Page not found."), ("b", None, "page not found"), ("c", None, "Page not found here")])
    assert result == {"a": (None, 2), "b": ("a", 2), "c": (None, 1)}


def test_links_are_transitive():
    clusterer = Clusterer(CONFIG)
    band = [bytes([i]) * 8 for i in range(BANDS)]
    other = [bytes([100 + i]) * 8 for i in range(BANDS)]
    clusterer.add("a", None, b"a" * 16, band)
    clusterer.add("b", None, b"b" * 16, band[:1] + other[1:])  # shares band 0 with a
    clusterer.add("c", None, b"c" * 16, [b"x" * 8] + other[1:])  # shares bands 1.. with b only
    assert clusterer.result() == {"a": (None, 3), "b": ("a", 3), "c": ("a", 3)}


def test_equal_keys_in_different_bands_do_not_link():
    clusterer = Clusterer(CONFIG)
    keys = [bytes([i]) * 8 for i in range(BANDS)]
    clusterer.add("a", None, b"a" * 16, keys)
    clusterer.add("b", None, b"b" * 16, keys[1:] + keys[:1])  # the same keys, one band over
    assert clusterer.result() == {"a": (None, 1), "b": (None, 1)}


def test_dates_may_be_given_as_date_objects():
    clusterer = Clusterer(CONFIG)
    clusterer.add("a", dt.date(2024, 1, 2), b"k" * 16, b"")
    clusterer.add("b", "2024-01-01", b"k" * 16, b"")
    assert clusterer.result() == {"a": ("b", 2), "b": (None, 2)}


def test_repeated_ids_and_keys_of_another_config_are_refused():
    clusterer = Clusterer(CONFIG)
    clusterer.add("a", None, b"k" * 16, b"")
    with pytest.raises(ValueError, match="band keys have 80 bytes"):
        clusterer.add("b", None, b"k" * 16, b"x" * 80)
    with pytest.raises(ValueError, match="exact key"):
        clusterer.add("b", None, b"k" * 8, b"")
    clusterer.add("a", None, b"j" * 16, b"")
    with pytest.raises(ValueError, match="more than once: a"):
        clusterer.result()


# Documents with keys drawn from small pools, so that exact and band collisions (and
# chains of them) are frequent.
DOCS = st.lists(
    st.tuples(
        st.sampled_from([None, "2024-01-01", "2024-01-02", "2023-12-31"]),
        st.integers(0, 6),
        st.one_of(st.none(), st.lists(st.integers(0, 40), min_size=BANDS, max_size=BANDS)),
    ),
    max_size=25,
)


def build(docs, order) -> Clusterer:
    clusterer = Clusterer(CONFIG)
    for index in order:
        published, exact, bands = docs[index]
        band_keys = [value.to_bytes(8, "big") for value in bands] if bands else []
        clusterer.add(f"doc{index:02d}", published, exact.to_bytes(16, "big"), band_keys)
    return clusterer


def reference(docs) -> dict:
    """Connected components by brute force over all pairs, canonical by (date, id)."""
    ids = [f"doc{i:02d}" for i in range(len(docs))]

    def linked(i, j):
        (_, ei, bi), (_, ej, bj) = docs[i], docs[j]
        return ei == ej or bool(bi and bj and any(x == y for x, y in zip(bi, bj)))

    component = list(range(len(docs)))
    changed = True
    while changed:
        changed = False
        for i in range(len(docs)):
            for j in range(len(docs)):
                if linked(i, j) and component[j] > component[i]:
                    component[j], changed = component[i], True
    result = {}
    for i in range(len(docs)):
        group = [j for j in range(len(docs)) if component[j] == component[i]]
        canonical = min(group, key=lambda j: (docs[j][0] is None, docs[j][0] or "", ids[j]))
        result[ids[i]] = (None if canonical == i else ids[canonical], len(group))
    return result


@settings(max_examples=300, deadline=None)
@given(DOCS, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_adds_and_matches_brute_force(docs, rng):
    order = list(range(len(docs)))
    forward = build(docs, order).result()
    rng.shuffle(order)
    assert build(docs, order).result() == forward == reference(docs)


@settings(max_examples=100, deadline=None)
@given(DOCS, st.integers(0, 25))
def test_merged_worker_clusterers_equal_one_clusterer(docs, cut):
    whole = build(docs, range(len(docs)))
    first, second = build(docs, range(min(cut, len(docs)))), build(docs, range(min(cut, len(docs)), len(docs)))
    first.merge(pickle.loads(pickle.dumps(second)))  # as a result comes back from a worker or a Ray task
    assert first.result() == whole.result()


def test_every_cluster_has_exactly_one_canonical_document():
    rng = random.Random(3)
    docs = [(rng.choice([None, "2024-01-01"]), rng.randrange(20), None) for _ in range(200)]
    result = build(docs, range(len(docs))).result()
    canonicals = {doc_id for doc_id, (duplicate_of, size) in result.items() if duplicate_of is None}
    assert {duplicate_of for duplicate_of, _ in result.values() if duplicate_of} <= canonicals
    assert len(canonicals) == len({exact for _, exact, _ in docs})


def test_merging_keys_of_another_config_is_refused():
    with pytest.raises(ValueError, match="different DedupConfigs"):
        Clusterer(CONFIG).merge(Clusterer(DedupConfig(threshold=0.9)))


def test_documents_may_be_added_after_a_result():
    clusterer = Clusterer(CONFIG)
    clusterer.add("b", None, b"k" * 16, b"")
    assert clusterer.result() == {"b": (None, 1)}
    clusterer.add("a", None, b"k" * 16, b"")
    assert clusterer.result() == {"a": (None, 2), "b": ("a", 2)}

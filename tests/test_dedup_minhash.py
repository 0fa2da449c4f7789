import contextlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dedup import DedupConfig, band_keys, document_keys, exact_key, kernel, normalize_for_hash, signature
from corpus.dedup.minhash import BAND_KEY_BYTES, _permutations, _position_weights, _signature, estimated_jaccard, shingles
from corpus.dedup.tokens import splitmix64_int, tokens

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CONFIG = DedupConfig()


def seed(number: int) -> str:
    return SEEDS[number].read_text(encoding="utf-8")


def edited(text: str, changes: int, rng: random.Random) -> str:
    """The text with ``changes`` words replaced, as a site editing a wire story would."""
    words = text.split(" ")
    for index in rng.sample(range(len(words)), changes):
        words[index] = "edited"
    return " ".join(words)


def share_a_band(first: str, second: str) -> bool:
    return any(a == b for a, b in zip(band_keys(first, CONFIG), band_keys(second, CONFIG)))


def true_jaccard(first: str, second: str) -> float:
    a = shingles(tokens(normalize_for_hash(first)), CONFIG.shingle_size)
    b = shingles(tokens(normalize_for_hash(second)), CONFIG.shingle_size)
    return len(a & b) / len(a | b)


def test_keys_have_the_documented_sizes():
    keys = band_keys(seed(0), CONFIG)
    assert len(keys) == CONFIG.bands and all(len(k) == BAND_KEY_BYTES for k in keys)
    assert signature(seed(0), CONFIG).shape == (CONFIG.num_perm,)
    both = document_keys(seed(0), CONFIG)
    assert both.exact == exact_key(seed(0)) and both.bands == b"".join(keys)


@pytest.mark.parametrize("number", range(5))
def test_a_story_with_a_few_words_changed_shares_a_band(number):
    rng = random.Random(number)
    assert share_a_band(seed(number), edited(seed(number), 3, rng))


def test_a_copy_with_a_different_header_and_footer_shares_a_band():
    story = seed(4)
    assert share_a_band(story, "Home | World | Sport\n" + story + "\nShare this article. Read more on our site.")


def test_unrelated_stories_share_no_band():
    for first in range(5):
        for second in range(first + 1, 5):
            assert not share_a_band(seed(first), seed(second)), (first, second)


def test_seeds_000_and_001_are_one_story_rewritten_not_a_near_duplicate():
    # The same event reported in other words: they share 5% of their 5-word shingles,
    # far below any near-duplicate threshold; MinHash estimates that, and LSH does not
    # make them candidates.
    assert true_jaccard(seed(0), seed(1)) < 0.1
    assert estimated_jaccard(signature(seed(0), CONFIG), signature(seed(1), CONFIG)) < 0.15
    assert not share_a_band(seed(0), seed(1))


def test_chinese_near_duplicates_are_found_through_character_shingles():
    story = ("东京电力公司周一表示，福岛第一核电站的处理水第四轮排海工作已经开始，预计持续约十七天。"
             "公司称将每天监测周边海域的氚浓度，并在官方网站公布结果。日本政府表示排海符合国际安全标准。") * 3
    changed = story.replace("十七天", "十八天").replace("周一", "周二")
    assert share_a_band(story, changed)
    other = ("北京市气象台发布暴雨蓝色预警，预计今天夜间至明天白天本市大部分地区有中到大雨，"
             "局地暴雨，并伴有雷电和短时大风。市民出行请注意安全，尽量避免前往山区和河道。") * 3
    assert not share_a_band(story, other)


def test_estimates_follow_the_true_jaccard():
    rng = random.Random(7)
    for number in range(5):
        for changes in (5, 20, 60):
            copy = edited(seed(number), changes, rng)
            truth = true_jaccard(seed(number), copy)
            estimate = estimated_jaccard(signature(seed(number), CONFIG), signature(copy, CONFIG))
            standard_error = max((truth * (1 - truth) / CONFIG.num_perm) ** 0.5, 0.01)
            assert abs(estimate - truth) < 4 * standard_error, (number, changes, truth, estimate)


def test_short_texts_take_part_in_exact_dedup_only():
    assert band_keys("Page not found", CONFIG) == []
    assert band_keys(" ".join(["word"] * (CONFIG.min_words - 1)), CONFIG) == []
    assert len(band_keys(" ".join(f"w{i}" for i in range(CONFIG.min_words)), CONFIG)) == CONFIG.bands


def test_empty_text_has_no_signature():
    assert signature("", CONFIG).size == 0 and band_keys("", CONFIG) == []


def test_the_seed_changes_the_keys():
    assert band_keys(seed(0), DedupConfig(seed=2)) != band_keys(seed(0), CONFIG)


def test_keys_are_identical_in_a_fresh_process_with_another_hash_seed():
    code = ("import json, pathlib, sys; from corpus.dedup import DedupConfig, document_keys; "
            "keys = [document_keys(p.read_text(encoding='utf-8'), DedupConfig()) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]; "
            "print(json.dumps([[k.exact.hex(), k.bands.hex()] for k in keys]))")
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds")], env=env, capture_output=True, text=True, check=True)
    here = [[k.exact.hex(), k.bands.hex()] for k in (document_keys(p.read_text(encoding="utf-8"), CONFIG) for p in SEEDS)]
    assert json.loads(out.stdout) == here


@pytest.mark.parametrize("pure", [False, True])
def test_keys_of_a_known_text_never_change(pure):
    # Keys are stored in releases: a change of hashing would silently stop old and new
    # releases from matching. Changing these values means a new key format. Both the C
    # kernel and its Python spec are held to them.
    text = " ".join(f"word{i}" for i in range(60))
    with kernel.pure_python() if pure else contextlib.nullcontext():
        keys = document_keys(text, CONFIG)
    assert keys.exact.hex() == EXPECTED_EXACT
    assert keys.bands[:16].hex() == EXPECTED_FIRST_BANDS


EXPECTED_EXACT = "962e32c60ea70cced340ea9bd9b0ea41"
EXPECTED_FIRST_BANDS = "b8e9c93052413fbbd917f1ee680f9eff"


def reference_signature(token_hashes: list[int], config: DedupConfig) -> list[int]:
    """The signature as the module docstring defines it, in Python ints, one shingle and
    one hash function at a time: what the blocked numpy version must equal."""
    if not token_hashes:
        return []
    mask = (1 << 64) - 1
    mixed = [splitmix64_int(t) for t in token_hashes]
    width = min(config.shingle_size, len(mixed))
    weights = [int(w) for w in _position_weights(width)]
    hashed = []
    for start in range(len(mixed) - width + 1):
        combined = splitmix64_int(sum(mixed[start + p] * weights[p] for p in range(width)) & mask)
        hashed.append((combined ^ (combined >> 32)) & 0xFFFFFFFF)
    a, b = _permutations(config.seed, config.num_perm)
    return [min(((int(ai) * x + int(bi)) & mask) >> 32 for x in hashed) for ai, bi in zip(a, b)]


# 4096 functions: blocks of 32 shingles, so that a short list of tokens spans several.
@pytest.mark.parametrize("config, most", [(CONFIG, 300), (DedupConfig(shingle_size=3, num_perm=4096, seed=7, min_words=5), 70)])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_signature_equals_the_definition_in_python_ints(config, most, data):
    hashes = data.draw(st.lists(st.integers(0, 2**64 - 1), max_size=most))
    assert _signature(np.array(hashes, dtype=np.uint64), config).tolist() == reference_signature(hashes, config)


def test_near_duplicate_keys_read_only_the_first_max_chars():
    config = DedupConfig(max_chars=2000)
    story = normalize_for_hash(seed(3))[:2000]
    assert band_keys(story + " first ending " * 50, config) == band_keys(story + " another one " * 50, config)
    assert band_keys(story[:1500] + " first ending " * 50, config) != band_keys(story[:1500] + " another one " * 50, config)
    assert document_keys(story + " first ending", config).exact != document_keys(story + " another one", config).exact

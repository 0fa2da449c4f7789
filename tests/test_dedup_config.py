import pytest

from corpus.dedup.config import MIN_RECALL, DedupConfig, candidate_probability, lsh_shape


def test_defaults_are_16_bands_of_8_rows_with_the_documented_s_curve():
    config = DedupConfig()
    assert (config.bands, config.rows) == (16, 8)
    assert config.s_curve() == {0.5: 0.061, 0.7: 0.613, 0.8: 0.947, 0.9: 1.0}


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95])
@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_shape_finds_pairs_at_the_threshold_and_is_the_steepest_that_does(threshold, num_perm):
    bands, rows = lsh_shape(threshold, num_perm)
    assert bands * rows <= num_perm
    assert candidate_probability(threshold, bands, rows) >= MIN_RECALL
    steeper = rows + 1
    assert candidate_probability(threshold, num_perm // steeper, steeper) < MIN_RECALL


def test_a_higher_threshold_makes_fewer_candidates_below_it():
    loose, strict = DedupConfig(threshold=0.7), DedupConfig(threshold=0.9)
    assert candidate_probability(0.5, strict.bands, strict.rows) < candidate_probability(0.5, loose.bands, loose.rows)


@pytest.mark.parametrize("fields", [
    {"threshold": 0.0}, {"threshold": 1.0}, {"threshold": 1.5}, {"shingle_size": 0},
    {"num_perm": 0}, {"num_perm": 100_000}, {"min_words": 3}, {"seed": -1}, {"max_chars": 10},
])
def test_invalid_settings_are_refused_naming_the_setting(fields):
    with pytest.raises(ValueError, match="dedup"):
        DedupConfig(**fields)

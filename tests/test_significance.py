"""The paired bootstrap and the BLEU counts it resamples."""
import numpy as onp
import pytest

import d2l_local as d2l
from d2l_local import significance as sig

REFERENCES = [['i am tired .', 'i am sleepy .'], ['he is tall .'], ['you are late !']] * 40


def test_summed_counts_give_sacrebleus_corpus_bleu():
    for translations in (['i am tired .', 'he is tall .', 'you are late .'] * 40,
                         ['i am .', 'he is very tall .', 'late !'] * 40):
        stats = sig.bleu_statistics(translations, REFERENCES)
        assert stats.shape == (120, 10)
        assert sig.bleu_of_statistics(stats) == pytest.approx(
            d2l.corpus_bleu(translations, REFERENCES).score, abs=1e-9)


def test_the_same_system_twice_differs_by_exactly_nothing():
    stats = sig.bleu_statistics(['i am .', 'he is tall .', 'late !'] * 40, REFERENCES)
    assert sig.paired_bootstrap(stats, stats, sig.bleu_of_statistics) == (0, 0, 0)


def test_a_system_better_on_every_sentence_is_ahead_and_the_interval_holds_it():
    worse = sig.bleu_statistics(['i am .', 'he is .', 'you !'] * 40, REFERENCES)
    better = sig.bleu_statistics(['i am tired .', 'he is tall .', 'you are late .'] * 40,
                                 REFERENCES)
    difference, low, high = sig.paired_bootstrap(worse, better, sig.bleu_of_statistics)
    assert 0 < low <= difference <= high
    assert 'B ahead of A' in sig.describe_difference('A', 'B', difference, low, high)


def test_accuracy_interval_matches_the_normal_approximation():
    rng = onp.random.default_rng(0)
    a = (rng.random(2000) < 0.40).astype(float)
    b = onp.where(rng.random(2000) < 0.1, 1 - a, a)     # B flips 10% of A's answers
    difference, low, high = sig.paired_bootstrap(a, b, sig.mean_of_statistics)
    assert difference == pytest.approx(b.mean() - a.mean())
    half = 1.96 * (b - a).std() / onp.sqrt(len(a))        # paired: the SD of differences
    assert high - low == pytest.approx(2 * half, rel=0.15)
    assert low < difference < high


def test_verdicts_follow_the_interval():
    assert sig.describe_difference('greedy', 'beam', 2.0, -1.0, 5.0).endswith(
        'beam and greedy within noise')
    assert sig.describe_difference('A', 'B', -3.0, -5.0, -1.0).endswith('B behind A')


def test_different_test_sets_are_refused():
    with pytest.raises(ValueError, match='same test sentences'):
        sig.paired_bootstrap(onp.zeros(3), onp.zeros(4), sig.mean_of_statistics)

"""The numbers the figures draw are consistent: weights and probabilities add up."""
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'img'))
import figure_numbers as F


def softmax(values):
    exps = [math.exp(v) for v in values]
    return [e / sum(exps) for e in exps]


def test_attention_weights_are_the_softmax_of_the_real_scores():
    weights = F.masked_softmax(F.ATTENTION_SCORES)
    real = [s for s in F.ATTENTION_SCORES if s is not None]
    assert weights[-1] == 0 and abs(sum(weights) - 1) < 1e-12
    assert weights[:-1] == pytest.approx(softmax(real))
    assert [round(w, 2) for w in weights] == [0.26, 0.09, 0.53, 0.05, 0.08, 0.0]
    order = sorted(range(len(real)), key=real.__getitem__)
    assert order == sorted(range(len(real)), key=weights.__getitem__)  # monotone


@pytest.mark.parametrize('prefix', list(F.NEXT_SCORES))
def test_next_token_probabilities_sum_to_one(prefix):
    probs = F.next_probabilities(prefix)
    assert list(probs) == F.VOCAB and abs(sum(probs.values()) - 1) < 1e-12


def test_beam_steps_follow_the_beam_rules():
    steps = F.beam_steps()
    finished = 0
    for step in steps:
        chosen = [c for c in step if c[3] != 'pruned']
        assert len(chosen) == F.BEAM_SIZE - finished       # the beam narrows
        best = sorted(step, key=lambda c: c[1], reverse=True)[:len(chosen)]
        assert set(c[0] for c in chosen) == set(c[0] for c in best)
        for seq, log_p, parent, status in step:
            expected = sum(math.log(F.next_probabilities(seq[:i])[seq[i]])
                           for i in range(len(seq)))
            assert abs(log_p - expected) < 1e-12 and seq[:-1] == parent
            assert (status == 'finished') == (status != 'pruned' and seq[-1] == '<eos>')
        finished += sum(c[3] == 'finished' for c in step)


def test_the_length_penalty_decides_between_finalists_of_different_lengths():
    final = F.finalists(F.beam_steps())
    assert len({length for _, _, length, _ in final}) == len(final) == 2
    by_log_p = max(final, key=lambda f: f[1])
    assert final[0] != by_log_p        # alpha = 0.75 picks another than raw log P
    assert F.finalists(F.beam_steps(), alpha=0)[0] == (*by_log_p[:3], by_log_p[1])

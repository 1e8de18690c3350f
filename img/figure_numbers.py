"""The numbers drawn in the figures, computed rather than typed in.

The figure modules (`fig_*.py`) draw them; `tests/test_figures.py` checks them.
Plain Python, so that the test needs no drawing backend.
"""
import math

# Attention step: additive scores of five source positions; None is a padded one.
ATTENTION_SCORES = [1.3, 0.2, 2.0, -0.4, 0.1, None]

# Beam search: a toy model's scores for the next token after each prefix, over the
# complete vocabulary {A, B, <eos>}. Probabilities are their softmax.
VOCAB = ['A', 'B', '<eos>']
NEXT_SCORES = {
    (): [1.7, 1.25, 0.0],
    ('A',): [0.0, 1.1, 0.98],
    ('B',): [1.4, 0.5, 0.0],
    ('A', 'B'): [1.05, 0.35, 2.3],
}
BEAM_SIZE, NUM_STEPS, ALPHA = 2, 3, 0.75


def masked_softmax(scores):
    """Softmax over the scores that are not None; None (masked) gets weight 0."""
    top = max(s for s in scores if s is not None)
    exps = [0.0 if s is None else math.exp(s - top) for s in scores]
    return [e / sum(exps) for e in exps]


def next_probabilities(prefix):
    """P(next token | prefix) for each token of VOCAB."""
    return dict(zip(VOCAB, masked_softmax(NEXT_SCORES[tuple(prefix)])))


def beam_steps(beam_size=BEAM_SIZE, num_steps=NUM_STEPS):
    """Each step of beam search on the toy model, as `beam_search` runs it.

    Returns one list per step of (sequence, log P, parent sequence, status), status
    'kept' (stays in the beam), 'finished' (ended with <eos>, leaves the beam) or
    'pruned'; the beam narrows by one for every finished sequence."""
    live, finished, steps = [((), 0.0)], 0, []
    for _ in range(num_steps):
        children = [(seq + (token,), log_p + math.log(p), seq)
                    for seq, log_p in live
                    for token, p in next_probabilities(seq).items()]
        ranked = sorted(children, key=lambda c: c[1], reverse=True)
        best = ranked[:beam_size - finished]
        step, live = [], []
        for child in children:
            status = 'pruned'
            if child in best:
                status = 'finished' if child[0][-1] == '<eos>' else 'kept'
            step.append((*child, status))
            if status == 'kept':
                live.append(child[:2])
            finished += status == 'finished'
        steps.append(step)
        if not live:
            break
    return steps


def finalists(steps, alpha=ALPHA):
    """(sequence, log P, length, log P / length ** alpha) of every finished sequence
    and of those still live after the last step, best score first."""
    done = [(seq, log_p) for step in steps for seq, log_p, _, status in step
            if status == 'finished']
    done += [(seq, log_p) for seq, log_p, _, status in steps[-1] if status == 'kept']
    scored = [(seq, log_p, len(seq), log_p / len(seq) ** alpha) for seq, log_p in done]
    return sorted(scored, key=lambda f: f[3], reverse=True)

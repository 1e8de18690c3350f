"""Beam search: against greedy search, against brute force, and its state bookkeeping."""
import itertools
import types

import numpy as onp
import pytest
from mxnet import np, npx
from mxnet.gluon import nn

import d2l_local as d2l

TOKENS = ['a', 'b']  # the target vocabulary of the hand-made decoders below


def toy_vocabs():
    src_vocab = d2l.Vocab([['x']], reserved_tokens=['<pad>', '<bos>', '<eos>'])
    tgt_vocab = d2l.Vocab([TOKENS], reserved_tokens=['<pad>', '<bos>', '<eos>'])
    return src_vocab, tgt_vocab


class TableDecoder(nn.Block):
    """A decoder whose next-token log-probabilities come from a table
    `log_probs[token before last, last token]`, shaped (vocab, vocab, vocab).

    The token before the last one is carried in the state, so beam search must
    reorder the state correctly to reproduce the table's probabilities. With
    `layout='attention'` the state looks like the attention decoder's,
    `(memory, [h, c], valid_len)`, with the same token in every part."""

    def __init__(self, log_probs, bos, layout='rnn'):
        super().__init__()
        self.log_probs, self.bos, self.layout = log_probs, bos, layout

    def make_state(self, tokens):
        tokens = onp.asarray(tokens, dtype='float32')  # (batch_size,)
        h = np.array(onp.tile(tokens[None, :, None], (2, 1, 3)))  # (num_layers, batch, 3)
        if self.layout == 'rnn':
            return [h, h + 0]
        memory = np.array(onp.tile(tokens[:, None, None], (1, 4, 3)))  # (batch, 4, 3)
        return (memory, [h, h + 0], np.array(tokens.astype('int32')))

    def read_state(self, state):
        if self.layout == 'rnn':
            h, c = state
        else:
            memory, (h, c), valid_len = state
            assert (memory.asnumpy() == memory[:, :1].asnumpy()).all()
            assert (memory[:, 0, 0].asnumpy() == h[0, :, 0].asnumpy()).all()
            assert (valid_len.asnumpy() == h[0, :, 0].asnumpy()).all()
        assert (h.asnumpy() == h[0:1, :, 0:1].asnumpy()).all()  # one token per row
        assert (h.asnumpy() == c.asnumpy()).all()
        return h[0, :, 0].asnumpy().astype('int64')  # (batch_size,)

    def init_state(self, enc_outputs, *args):
        return self.make_state([self.bos])

    def forward(self, X, state):
        before_last = self.read_state(state)   # (batch_size,)
        last = X[:, 0].asnumpy().astype('int64')  # (batch_size,)
        Y = np.array(self.log_probs[before_last, last][:, None, :])  # (batch, 1, vocab)
        return Y, self.make_state(last)


def toy_net(log_probs, bos, layout='rnn'):
    return types.SimpleNamespace(encoder=lambda X, *args: None,
                                 decoder=TableDecoder(log_probs, bos, layout))


def brute_force(log_probs, bos, eos, num_steps, alpha):
    """The sequence (token indices) with the best log P / L**alpha among all
    that end with <eos> or reach num_steps tokens, and its score."""
    vocab_size = log_probs.shape[0]
    best, best_score = None, -onp.inf
    for length in range(1, num_steps + 1):
        for seq in itertools.product(range(vocab_size), repeat=length):
            if eos in seq[:-1] or (length < num_steps and seq[-1] != eos):
                continue
            history = (bos, bos) + seq
            log_p = sum(log_probs[history[i], history[i + 1], history[i + 2]]
                        for i in range(length))
            if log_p / length ** alpha > best_score:
                best, best_score = seq, log_p / length ** alpha
    return best, best_score


def random_table(vocab_size, seed):
    logits = onp.random.default_rng(seed).normal(scale=2.0, size=(vocab_size,) * 3)
    return logits - onp.log(onp.exp(logits).sum(axis=-1, keepdims=True))


@pytest.mark.parametrize('layout', ['rnn', 'attention'])
@pytest.mark.parametrize('seed,alpha', [(0, 0.75), (1, 0.0), (2, 1.0), (3, 0.75)])
def test_an_unpruned_beam_finds_the_brute_force_best(seed, alpha, layout):
    src_vocab, tgt_vocab = toy_vocabs()
    bos, eos, num_steps = tgt_vocab['<bos>'], tgt_vocab['<eos>'], 4
    table = random_table(len(tgt_vocab), seed)
    best, best_score = brute_force(table, bos, eos, num_steps, alpha)
    beam_size = len(tgt_vocab) ** num_steps  # wide enough never to prune
    translation, candidates = d2l.beam_search(toy_net(table, bos, layout), 'x', src_vocab,
                                              tgt_vocab, num_steps, npx.cpu(),
                                              beam_size=beam_size, alpha=alpha)
    expected = ' '.join(tgt_vocab.idx_to_token[i] for i in best if i != eos)
    assert translation == expected
    assert candidates[0].score == pytest.approx(best_score, abs=1e-9)
    assert candidates[0].length == len(best)


def test_a_beam_of_two_finds_what_greedy_misses():
    # From <bos>: a is likelier than b. But after a every continuation is
    # unlikely, while b is almost surely followed by <eos>.
    src_vocab, tgt_vocab = toy_vocabs()
    bos, eos, a, b = (tgt_vocab[t] for t in ['<bos>', '<eos>', 'a', 'b'])
    probs = onp.full((len(tgt_vocab),) * 3, 1e-6)
    probs[:, bos, [a, b, eos]] = [0.5, 0.4, 0.1]
    probs[:, a, [a, b, eos]] = [0.34, 0.33, 0.33]
    probs[:, b, [a, b, eos]] = [0.05, 0.05, 0.9]
    table = onp.log(probs / probs.sum(axis=-1, keepdims=True))
    net, num_steps = toy_net(table, bos), 4
    greedy, _ = d2l.beam_search(net, 'x', src_vocab, tgt_vocab, num_steps, npx.cpu(),
                                beam_size=1)
    beam, candidates = d2l.beam_search(net, 'x', src_vocab, tgt_vocab, num_steps,
                                       npx.cpu(), beam_size=2)
    best, _ = brute_force(table, bos, eos, num_steps, 0.75)
    assert greedy == 'a a a a'
    assert beam == 'b' and best == (b, eos)
    assert candidates[0].log_prob == pytest.approx(onp.log(0.4 * 0.9), abs=1e-4)
    assert candidates[0].length == 2


def test_candidates_are_scored_and_sorted():
    src_vocab, tgt_vocab = toy_vocabs()
    table = random_table(len(tgt_vocab), 5)
    for beam_size in [1, 2, 3, 7]:
        translation, candidates = d2l.beam_search(
            toy_net(table, tgt_vocab['<bos>']), 'x', src_vocab, tgt_vocab, 5, npx.cpu(),
            beam_size=beam_size, alpha=0.5)
        assert len(candidates) == beam_size and translation == candidates[0].translation
        scores = [c.score for c in candidates]
        assert scores == sorted(scores, reverse=True)
        for c in candidates:
            assert c.score == pytest.approx(c.log_prob / c.length ** 0.5)
            assert '<eos>' not in c.translation.split() and 1 <= c.length <= 5


SENTENCES = ['go .', 'hi .', 'run !', 'wow !', "i'm ok .", 'i won !', 'he ran .',
             'i lost .', 'zzz qqq']


def test_beam_size_one_is_greedy_search(trained, nmt_data):
    net, _ = trained
    _, src_vocab, tgt_vocab = nmt_data
    device = d2l.try_gpu()
    for sentence in SENTENCES:
        greedy, _ = d2l.predict_seq2seq(net, sentence, src_vocab, tgt_vocab, 10, device)
        beam, candidates = d2l.beam_search(net, sentence, src_vocab, tgt_vocab, 10,
                                           device, beam_size=1)
        assert beam == greedy and len(candidates) == 1
        assert candidates[0].log_prob < 0


def test_wider_beams_return_translations_of_the_trained_model(trained, nmt_data):
    net, _ = trained
    _, src_vocab, tgt_vocab = nmt_data
    for beam_size in [2, 4]:
        translation, candidates = d2l.beam_search(net, "i'm ok .", src_vocab, tgt_vocab,
                                                  10, d2l.try_gpu(), beam_size=beam_size)
        assert len(candidates) == beam_size
        assert len({c.translation for c in candidates}) == beam_size
        assert all(t in tgt_vocab.token_to_idx for t in translation.split())


def test_beam_search_checks_its_input(nmt_data):
    _, src_vocab, tgt_vocab = nmt_data
    net = toy_net(None, tgt_vocab['<bos>'])  # never reached: the input is checked first
    with pytest.raises(ValueError, match='empty'):
        d2l.beam_search(net, '  ', src_vocab, tgt_vocab, 10, npx.cpu())
    with pytest.raises(ValueError, match='num_steps=10'):
        d2l.beam_search(net, 'one two three four five six seven eight nine ten',
                        src_vocab, tgt_vocab, 10, npx.cpu())
    with pytest.raises(ValueError, match='beam_size'):
        d2l.beam_search(net, 'go .', src_vocab, tgt_vocab, 10, npx.cpu(), beam_size=0)


def test_reorder_state_uses_axis_1_for_rnn_states_and_axis_0_otherwise():
    h = np.arange(2 * 3 * 4).reshape(2, 3, 4)  # (num_layers, batch_size, num_hiddens)
    index = np.array([2, 0, 0], dtype='int32')
    h2, c2 = d2l.reorder_state([h, h * 10], index)
    assert h2.shape == (2, 3, 4)
    assert (h2.asnumpy() == h.asnumpy()[:, [2, 0, 0]]).all()
    assert (c2.asnumpy() == 10 * h.asnumpy()[:, [2, 0, 0]]).all()
    memory = np.arange(3 * 5 * 4).reshape(3, 5, 4)  # (batch_size, num_steps, num_hiddens)
    valid_len = np.array([5, 3, 1], dtype='int32')  # (batch_size,)
    state = (memory, [h, h * 10], valid_len, None)
    memory2, (h3, c3), valid_len2, nothing = d2l.reorder_state(state, index[:2])
    assert isinstance(d2l.reorder_state(state, index), tuple) and nothing is None
    assert (memory2.asnumpy() == memory.asnumpy()[[2, 0]]).all()
    assert (h3.asnumpy() == h.asnumpy()[:, [2, 0]]).all() and h3.shape == (2, 2, 4)
    assert valid_len2.tolist() == [1, 5] and valid_len2.dtype == valid_len.dtype

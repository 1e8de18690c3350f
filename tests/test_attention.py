"""Masked softmax, additive attention and the attention decoder (CURRICULUM 06)."""
import matplotlib
import numpy as onp
import pytest
from mxnet import autograd, nd, np, npx
from mxnet.gluon import nn

import d2l_local as d2l

matplotlib.use('Agg')

SIZES = dict(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)


class Softmax(nn.HybridBlock):
    """masked_softmax in a block, to run it compiled or not."""

    def hybrid_forward(self, F, X, valid_len):
        return d2l.masked_softmax(F, X, valid_len)


def masked_softmax(X, valid_len, hybridize):
    if valid_len is None:
        return d2l.masked_softmax(nd, X, None)
    block = Softmax()
    if hybridize:
        block.hybridize()
    return block(X, valid_len)


@pytest.mark.parametrize('hybridize', [False, True])
def test_masked_softmax_zero_weight_past_valid_length(hybridize):
    X = np.random.normal(size=(3, 2, 5))
    valid_len = np.array([2, 5, 1], dtype='int32')
    weights = masked_softmax(X, valid_len, hybridize).asnumpy()
    for i, n in enumerate([2, 5, 1]):
        assert (weights[i, :, n:] == 0).all()        # exactly zero, not just small
        assert (weights[i, :, :n] > 0).all()
        assert abs(weights[i, :, :n].sum(axis=-1) - 1).max() < 1e-6


@pytest.mark.parametrize('hybridize', [False, True])
def test_masked_softmax_matches_softmax_over_valid_keys(hybridize):
    X = np.random.normal(size=(2, 1, 4))
    weights = masked_softmax(X, np.array([3, 4], dtype='int32'), hybridize)
    assert np.abs(weights[0, :, :3] - npx.softmax(X[0, :, :3])).max() < 1e-6
    assert np.abs(weights[1] - npx.softmax(X[1])).max() < 1e-6


@pytest.mark.parametrize('hybridize', [False, True])
def test_masked_softmax_zero_valid_length_gives_zeros_not_nan(hybridize):
    X = np.random.normal(size=(2, 3, 4))
    X.attach_grad()
    with autograd.record():
        weights = masked_softmax(X, np.array([0, 2], dtype='int32'), hybridize)
        y = (weights * np.arange(4)).sum()
    y.backward()
    weights = weights.asnumpy()
    assert not onp.isnan(weights).any() and not onp.isnan(X.grad.asnumpy()).any()
    assert (weights[0] == 0).all()
    assert abs(weights[1].sum(axis=-1) - 1).max() < 1e-6


@pytest.mark.parametrize('hybridize', [False, True])
def test_masked_softmax_valid_length_beyond_the_keys_masks_nothing(hybridize):
    X = np.random.normal(size=(2, 1, 4))
    weights = masked_softmax(X, np.array([4, 9], dtype='int32'), hybridize)
    assert np.abs(weights - npx.softmax(X)).max() < 1e-6


def test_masked_softmax_without_lengths_is_a_softmax():
    X = np.random.normal(size=(2, 3, 4))
    assert np.abs(masked_softmax(X, None, False) - npx.softmax(X)).max() < 1e-6


def attention_inputs(num_queries=1):
    queries = np.random.normal(size=(2, num_queries, 20))  # (batch_size, num_queries, query_size)
    keys = np.random.normal(size=(2, 10, 2))               # (batch_size, num_keys, key_size)
    values = np.random.normal(size=(2, 10, 4))             # (batch_size, num_keys, value_size)
    return queries, keys, values, np.array([2, 6], dtype='int32')


@pytest.mark.parametrize('num_queries', [1, 3])
def test_mlp_attention_shapes_and_stored_weights(num_queries):
    attention = d2l.MLPAttention(num_hiddens=8, dropout=0.1)
    attention.initialize()
    queries, keys, values, valid_len = attention_inputs(num_queries)
    output = attention(queries, keys, values, valid_len)
    assert output.shape == (2, num_queries, 4)
    weights = attention.attention_weights
    assert weights.shape == (2, num_queries, 10)
    assert (weights[0, :, 2:] == 0).all() and (weights[1, :, 6:] == 0).all()
    # Outside training, dropout is off: the output is exactly the weighted values.
    assert np.abs(output - npx.batch_dot(weights, values)).max() < 1e-5


def test_mlp_attention_hybridized_equals_eager():
    attention = d2l.MLPAttention(num_hiddens=8)
    attention.initialize()
    inputs = attention_inputs(3)
    eager = attention(*inputs)
    attention.hybridize(static_alloc=True, static_shape=True)
    compiled = attention(*inputs)
    assert np.abs(compiled - eager).max() < 1e-5


def test_attend_one_equals_the_general_path():
    attention = d2l.MLPAttention(num_hiddens=8)
    attention.initialize()
    queries, keys, values, valid_len = attention_inputs(1)
    expected = attention(queries, keys, values, valid_len)
    output, weights = attention.attend_one(nd, queries, attention.W_k(keys), values,
                                           valid_len)
    assert np.abs(output - expected).max() < 1e-5
    assert np.abs(weights - attention.attention_weights).max() < 1e-6


def make_decoder(hybridize=False):
    encoder = d2l.Seq2SeqEncoder(**SIZES)
    decoder = d2l.Seq2SeqAttentionDecoder(**SIZES)
    encoder.initialize()
    decoder.initialize()
    if hybridize:
        encoder.hybridize(static_alloc=True, static_shape=True)
        decoder.hybridize(static_alloc=True, static_shape=True)
    return encoder, decoder


@pytest.mark.parametrize('hybridize', [False, True])
def test_decoder_reference_shapes(hybridize):
    encoder, decoder = make_decoder(hybridize)
    X = np.zeros((4, 7))
    valid_len = np.array([7, 3, 1, 5], dtype='int32')
    state = decoder.init_state(encoder(X, valid_len), valid_len)
    out, state = decoder(X, state)
    assert out.shape == (4, 7, 10)
    assert len(state) == 3
    assert state[0].shape == (4, 7, 16)
    assert len(state[1]) == 2
    assert state[1][0].shape == (2, 4, 16)
    assert decoder.attention_weights.shape == (4, 7, 7)


@pytest.mark.parametrize('hybridize', [False, True])
def test_decoder_attends_only_to_valid_source_steps(hybridize):
    encoder, decoder = make_decoder(hybridize)
    X = np.random.randint(0, 10, size=(4, 7))
    valid_len = np.array([7, 3, 1, 0], dtype='int32')
    out, _ = decoder(X, decoder.init_state(encoder(X, valid_len), valid_len))
    weights = decoder.attention_weights.asnumpy()   # (batch_size, num_steps, num_src_steps)
    assert not onp.isnan(out.asnumpy()).any()
    for i, n in enumerate([7, 3, 1, 0]):
        assert (weights[i, :, n:] == 0).all()
        if n:
            assert abs(weights[i].sum(axis=-1) - 1).max() < 1e-5


def test_decoder_hybridized_equals_eager():
    encoder, decoder = make_decoder()
    X = np.random.randint(0, 10, size=(4, 7))
    valid_len = np.array([7, 3, 1, 5], dtype='int32')
    expected, expected_state = decoder(X, decoder.init_state(encoder(X, valid_len), valid_len))
    expected_weights = decoder.attention_weights
    encoder.hybridize(static_alloc=True, static_shape=True)
    decoder.hybridize(static_alloc=True, static_shape=True)
    out, state = decoder(X, decoder.init_state(encoder(X, valid_len), valid_len))
    assert np.abs(out - expected).max() < 1e-5
    assert np.abs(state[1][0] - expected_state[1][0]).max() < 1e-5
    assert np.abs(decoder.attention_weights - expected_weights).max() < 1e-5


@pytest.mark.parametrize('hybridize', [False, True])
def test_stepwise_decoding_equals_one_call(hybridize):
    # The graph is rebuilt when the number of steps changes: 7 steps, then 1 at a time.
    encoder, decoder = make_decoder(hybridize)
    X = np.random.randint(0, 10, size=(4, 7))
    valid_len = np.array([7, 3, 1, 5], dtype='int32')
    initial = decoder.init_state(encoder(X, valid_len), valid_len)
    expected, _ = decoder(X, initial)
    expected_weights = decoder.attention_weights
    state, outputs, weights = initial, [], []
    for t in range(7):
        out, state = decoder(X[:, t:t + 1], state)
        outputs.append(out)
        weights.append(decoder.attention_weights)
        assert decoder.attention_weights.shape == (4, 1, 7)
    assert np.abs(np.concatenate(outputs, axis=1) - expected).max() < 1e-5
    assert np.abs(np.concatenate(weights, axis=1) - expected_weights).max() < 1e-5
    again, _ = decoder(X, initial)
    assert np.abs(again - expected).max() < 1e-6


def test_init_state_without_valid_lengths_uses_every_source_step():
    encoder, decoder = make_decoder()
    X = np.zeros((2, 5))
    state = decoder.init_state(encoder(X))
    assert state[2].tolist() == [5, 5]


@pytest.fixture(scope='module')
def trained_attention(nmt_data):
    """The curriculum's attention model, trained briefly (30 epochs)."""
    data_iter, src_vocab, tgt_vocab = nmt_data
    d2l.set_seed(0)
    net = d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), 32, 32, 2),
                             d2l.Seq2SeqAttentionDecoder(len(tgt_vocab), 32, 32, 2))
    result = d2l.train_seq2seq(net, data_iter, 0.005, 30, tgt_vocab, d2l.try_gpu(),
                               plot=False)
    return net, result


def test_training_cuts_the_loss(trained_attention):
    _, result = trained_attention
    assert len(result.losses) == 30
    assert result.losses[-1] < 0.5 * result.losses[0]


def test_prediction_saves_one_weight_row_per_step(trained_attention, nmt_data):
    net, _ = trained_attention
    _, src_vocab, tgt_vocab = nmt_data
    translation, weights = d2l.predict_seq2seq(net, 'go .', src_vocab, tgt_vocab, 10,
                                               d2l.try_gpu(), save_attention_weights=True)
    num_tokens = len(translation.split())
    assert len(weights) in (num_tokens, num_tokens + 1)  # + the step that wrote <eos>
    for w in weights:
        assert w.shape == (1, 1, 10)                      # one row over the padded source
        w = w.asnumpy()[0, 0]
        assert abs(w[:3].sum() - 1) < 1e-5 and (w[3:] == 0).all()  # 'go', '.', '<eos>'


def test_plot_attention_labels_the_axes():
    weights = [np.array([[[0.7, 0.2, 0.1, 0.0]]]), np.array([[[0.1, 0.1, 0.8, 0.0]]])]
    ax = d2l.plot_attention(weights, ['go', '.', '<eos>'], ['va', '!'])
    assert [t.get_text() for t in ax.get_xticklabels()] == ['go', '.', '<eos>']
    assert [t.get_text() for t in ax.get_yticklabels()] == ['va', '!']
    assert ax.images[0].get_array().shape == (2, 3)
    matplotlib.pyplot.close('all')

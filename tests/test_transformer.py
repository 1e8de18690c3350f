"""The Transformer of notebook 09: shapes, masks, incremental decoding, a copy task."""
import matplotlib
import numpy as onp
import pytest
from mxnet import init, nd, np

import d2l_local as d2l
from d2l_local.transformer import merge_heads, split_heads

matplotlib.use('Agg')


def initialized(block, hybridize):
    block.initialize(init.Xavier())
    if hybridize:
        block.hybridize(static_alloc=True, static_shape=True)
    return block


def make_net(src_size=20, tgt_size=20, num_hiddens=24, num_heads=4, num_layers=2,
             dropout=0.1, hybridize=True):
    d2l.set_seed(0)
    net = d2l.EncoderDecoder(
        d2l.TransformerEncoder(src_size, num_hiddens, 2 * num_hiddens, num_heads,
                               num_layers, dropout),
        d2l.TransformerDecoder(tgt_size, num_hiddens, 2 * num_hiddens, num_heads,
                               num_layers, dropout))
    return initialized(net, hybridize)


def tokens(shape, vocab_size=20, seed=0):
    return np.array(onp.random.RandomState(seed).randint(0, vocab_size, shape),
                    dtype='int32')


# The book's shape checks (d2l 11.5 and 11.7), with hybridized blocks as well.
@pytest.mark.parametrize('hybridize', [False, True])
def test_multi_head_attention_shape(hybridize):
    attention = initialized(d2l.MultiHeadAttention(100, 5, 0.5), hybridize)
    queries, keys = np.ones((2, 4, 100)), np.ones((2, 6, 100))
    valid_len = np.array([[3] * 4, [2] * 4], dtype='int32')
    output, weights = attention(queries, keys, keys, valid_len)
    assert output.shape == (2, 4, 100) and weights.shape == (2, 5, 4, 6)


@pytest.mark.parametrize('hybridize', [False, True])
def test_ffn_addnorm_and_block_shapes(hybridize):
    ffn = initialized(d2l.PositionWiseFFN(4, 8), hybridize)
    assert ffn(np.ones((2, 3, 4))).shape == (2, 3, 8)
    add_norm = initialized(d2l.AddNorm(0.5), hybridize)
    assert add_norm(np.ones((2, 3, 4)), np.ones((2, 3, 4))).shape == (2, 3, 4)
    block = initialized(d2l.TransformerEncoderBlock(24, 48, 8, 0.5), hybridize)
    X, valid_len = np.ones((2, 100, 24)), np.array([[3] * 100, [2] * 100], dtype='int32')
    output, weights = block(X, valid_len)
    assert output.shape == (2, 100, 24) and weights.shape == (2, 8, 100, 100)


@pytest.mark.parametrize('hybridize', [False, True])
def test_encoder_and_decoder_shapes(hybridize):
    net = make_net(200, 300, 24, 8, 2, 0.5, hybridize)
    X, valid_len = tokens((2, 100), 200), np.array([3, 2], dtype='int32')
    enc_outputs = net.encoder(X, valid_len)
    assert enc_outputs.shape == (2, 100, 24)
    assert net.encoder.attention_weights.shape == (2, 2, 8, 100, 100)
    Y, _ = net(X, tokens((2, 7), 300), valid_len)
    assert Y.shape == (2, 7, 300)
    assert net.decoder.attention_weights.shape == (2, 2, 8, 7, 100)


def test_heads_split_and_merge_back():
    X = np.random.normal(size=(3, 5, 8))
    heads = split_heads(nd, X, 4)       # F: the module a block's hybrid_forward gets
    assert heads.shape == (12, 5, 2)
    # head j of example i: row i * 4 + j, the columns 2j and 2j + 1 of every position
    assert (heads[1 * 4 + 2] == X[1, :, 4:6]).all()
    assert (merge_heads(nd, heads, 4) == X).all()
    with pytest.raises(ValueError, match='heads of equal size'):
        d2l.MultiHeadAttention(10, 4)


def reference_attention(Q, K, V, lengths):
    """softmax(Q K^T / sqrt(d)) V in NumPy, each query seeing its first `lengths` keys."""
    scores = Q @ K.transpose(0, 2, 1) / onp.sqrt(Q.shape[-1])
    scores = onp.where(onp.arange(K.shape[1]) < lengths[..., None], scores, -onp.inf)
    weights = onp.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights


@pytest.mark.parametrize('hybridize', [False, True])
def test_dot_product_attention_matches_numpy(hybridize):
    rng = onp.random.RandomState(1)
    Q, K, V = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6))
    lengths = onp.array([[1, 2, 3], [5, 5, 4]])
    attention = initialized(d2l.DotProductAttention(4), hybridize)
    output, weights = attention(*[np.array(a, dtype='float32') for a in (Q, K, V)],
                                np.array(lengths, dtype='int32'))
    expected_output, expected_weights = reference_attention(Q, K, V, lengths)
    assert abs(weights.asnumpy() - expected_weights).max() < 1e-5
    assert abs(output.asnumpy() - expected_output).max() < 1e-5
    assert (weights.asnumpy()[0, 0, 1:] == 0).all()  # exactly 0 on a key it may not see


def test_positional_encoding_table():
    P = d2l.sinusoids(50, 8)
    i, j = 7, 2                                      # row 7, column pair 2 (columns 4, 5)
    angle = i / 10000 ** (2 * j / 8)
    assert abs(P[i, 2 * j] - onp.sin(angle)) < 1e-6 and abs(P[i, 2 * j + 1] - onp.cos(angle)) < 1e-6
    encoding = initialized(d2l.PositionalEncoding(8, 0), hybridize=True)
    X = np.zeros((2, 5, 8))
    assert abs(encoding(X, np.arange(5, dtype='int32')).asnumpy() - P[:5]).max() < 1e-6
    with pytest.raises(ValueError, match='must be even'):
        d2l.PositionalEncoding(7)


def toy_batch(first_len):
    """Two source sentences of 6 positions, the first of `first_len` tokens and padding,
    their valid lengths, and two targets of 6 positions."""
    return tokens((2, 6)), np.array([first_len, 6], dtype='int32'), tokens((2, 6), seed=1)


@pytest.mark.parametrize('hybridize', [False, True])
def test_padded_source_positions_get_no_weight_and_change_nothing(hybridize):
    net = make_net(hybridize=hybridize)
    X, valid_len, dec_X = toy_batch(3)
    Y, _ = net(X, dec_X, valid_len)
    encoder_weights = net.encoder.attention_weights.asnumpy()
    cross_weights = net.decoder.attention_weights.asnumpy()
    # (num_layers, batch_size, num_heads, num_queries, num_keys): example 0 has 3 tokens
    assert (encoder_weights[:, 0, :, :, 3:] == 0).all()
    assert (cross_weights[:, 0, :, :, 3:] == 0).all()
    assert (cross_weights[:, 1] > 0).all()           # example 1 has no padding
    other = X.copy()
    other[0, 3:] = (other[0, 3:] + 1) % 20           # other tokens in the padding
    Y_other, _ = net(other, dec_X, valid_len)
    assert abs(Y_other - Y).max() == 0


@pytest.mark.parametrize('hybridize', [False, True])
def test_a_position_never_sees_a_later_one(hybridize):
    net = make_net(hybridize=hybridize)
    X, valid_len, dec_X = toy_batch(4)
    Y, _ = net(X, dec_X, valid_len)
    later = dec_X.copy()
    later[:, 3] = (later[:, 3] + 1) % 20
    Y_later, _ = net(X, later, valid_len)
    assert abs(Y_later[:, :3] - Y[:, :3]).max() == 0  # positions 0-2 do not see 3
    assert abs(Y_later[:, 3:] - Y[:, 3:]).max() > 1e-3


@pytest.mark.parametrize('hybridize', [False, True])
def test_incremental_decoding_gives_the_outputs_of_recomputing(hybridize):
    net = make_net(hybridize=hybridize)
    X, valid_len, dec_X = toy_batch(4)
    enc_outputs = net.encoder(X, valid_len)
    full, _ = net.decoder(dec_X, net.decoder.init_state(enc_outputs, valid_len))
    state, steps = net.decoder.init_state(enc_outputs, valid_len), []
    for t in range(6):
        Y, state = net.decoder(dec_X[:, t:t + 1], state)  # one position, the cache
        steps.append(Y)
    assert abs(np.concatenate(steps, axis=1) - full).max() < 1e-5
    assert state[3].tolist() == [6, 6]                    # steps decoded
    with pytest.raises(ValueError, match='decode at most num_steps'):
        net.decoder(dec_X[:, :1], state)                  # the cache is full


def copy_data(num_examples, num_steps, vocab, seed):
    """Random sentences of 2 to num_steps - 1 letters, to be copied (<eos> still fits)."""
    rng = onp.random.RandomState(seed)
    letters = vocab.idx_to_token[4:]
    lines = [' '.join(rng.choice(letters, rng.randint(2, num_steps))) for _ in range(num_examples)]
    return lines


@pytest.fixture(scope='module')
def copier():
    """A small Transformer trained to copy sentences of letters (30 epochs, seconds)."""
    num_steps = 8
    vocab = d2l.Vocab([list('abcdefghij')], reserved_tokens=d2l.RESERVED_TOKENS)
    lines = copy_data(2000, num_steps, vocab, seed=0)
    array, valid_len = d2l.build_array_nmt([s.split() for s in lines], vocab, num_steps)
    data_iter = d2l.BatchIterator((array, valid_len, array, valid_len), 64)
    d2l.set_seed(0)
    net = d2l.EncoderDecoder(d2l.TransformerEncoder(len(vocab), 32, 64, 4, 2, 0.0),
                             d2l.TransformerDecoder(len(vocab), 32, 64, 4, 2, 0.0))
    d2l.train_seq2seq(net, data_iter, 0.005, 30, vocab, d2l.try_gpu(), plot=False)
    return net, vocab, num_steps


def test_transformer_learns_to_copy(copier):
    net, vocab, num_steps = copier
    test = copy_data(200, num_steps, vocab, seed=1)           # sentences not trained on
    copies = d2l.predict_seq2seq_batch(net, test, vocab, vocab, num_steps, d2l.try_gpu())
    assert copies == test


def recompute_greedy(net, sentence, vocab, num_steps, device):
    """Greedy search that runs the decoder over the whole prefix at every step."""
    src, src_len = d2l.encode_source(sentence, vocab, num_steps)
    enc_X = np.array([src], dtype='int32', ctx=device)
    valid_len = np.array([src_len], dtype='int32', ctx=device)
    prefix = [vocab['<bos>']]
    for _ in range(num_steps):
        state = net.decoder.init_state(net.encoder(enc_X, valid_len), valid_len)
        # two or more positions: the decoder's teacher-forcing path, no cache
        dec_X = np.array([prefix + [vocab['<pad>']] * (len(prefix) == 1)], dtype='int32')
        Y, _ = net.decoder(dec_X, state)
        token = int(Y[0, len(prefix) - 1].argmax())
        if token == vocab['<eos>']:
            break
        prefix.append(token)
    return ' '.join(vocab.idx_to_token[i] for i in prefix[1:])


def test_incremental_and_recomputed_greedy_search_agree(copier):
    net, vocab, num_steps = copier
    device = d2l.try_gpu()
    sentences = copy_data(30, num_steps, vocab, seed=2)
    for sentence in sentences:
        incremental = d2l.predict_seq2seq(net, sentence, vocab, vocab, num_steps, device)[0]
        assert incremental == recompute_greedy(net, sentence, vocab, num_steps, device)


def test_beam_search_reorders_the_cache(copier):
    net, vocab, num_steps = copier
    device = d2l.try_gpu()
    for sentence in copy_data(20, num_steps, vocab, seed=3):
        translation, candidates = d2l.beam_search(net, sentence, vocab, vocab, num_steps,
                                                  device, beam_size=3)
        assert translation == sentence and len(candidates) == 3
        assert d2l.beam_search(net, sentence, vocab, vocab, num_steps, device,
                               beam_size=1)[0] == sentence


def test_plot_heads_draws_one_map_per_head():
    weights = onp.random.RandomState(0).dirichlet(onp.ones(5), size=(2, 3, 4))
    axes = d2l.plot_heads(weights, list('abcde'), list('wxyz'), titles=['layer 1', 'layer 2'])
    assert axes.shape == (2, 3)
    assert axes[1, 2].get_title() == 'layer 2, head 3'
    assert axes[0, 0].images[0].get_array().shape == (4, 5)

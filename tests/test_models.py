"""The reference shapes of CURRICULUM 01-02, hybridized or not; the LSTM's dropout."""
import os
import subprocess
import sys

import pytest
from mxnet import np

import d2l_local as d2l

SIZES = dict(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)


@pytest.mark.parametrize('hybridize', [False, True])
def test_encoder_reference_shapes(hybridize):
    encoder = d2l.Seq2SeqEncoder(**SIZES)
    encoder.initialize()
    if hybridize:
        encoder.hybridize()
    X = np.zeros((4, 7))
    output, state = encoder(X)
    assert output.shape == (7, 4, 16)
    assert len(state) == 2
    assert state[0].shape == state[1].shape == (2, 4, 16)


@pytest.mark.parametrize('hybridize', [False, True])
def test_decoder_reference_shapes(hybridize):
    encoder, decoder = d2l.Seq2SeqEncoder(**SIZES), d2l.Seq2SeqDecoder(**SIZES)
    encoder.initialize()
    decoder.initialize()
    if hybridize:
        encoder.hybridize()
        decoder.hybridize()
    X = np.zeros((4, 7))
    state = decoder.init_state(encoder(X))
    out, state = decoder(X, state)
    assert out.shape == (4, 7, 10)
    assert len(state) == 2
    assert state[0].shape == state[1].shape == (2, 4, 16)


def test_encoder_ignores_valid_lengths_even_when_hybridized():
    net = d2l.EncoderDecoder(d2l.Seq2SeqEncoder(**SIZES), d2l.Seq2SeqDecoder(**SIZES))
    net.initialize()
    X, valid_len = np.ones((4, 7)), np.array([7, 3, 1, 5])
    expected, _ = net(X, X, valid_len)
    net.hybridize(static_alloc=True, static_shape=True)
    compiled, _ = net(X, X, valid_len)
    assert compiled.shape == (4, 7, 10)
    assert np.abs(compiled - expected).max() < 1e-6


def test_the_encoder_state_starts_the_decoder():
    encoder, decoder = d2l.Seq2SeqEncoder(**SIZES), d2l.Seq2SeqDecoder(**SIZES)
    encoder.initialize()
    decoder.initialize()
    out_a, _ = decoder(np.zeros((2, 3)), decoder.init_state(encoder(np.zeros((2, 5)))))
    out_b, _ = decoder(np.zeros((2, 3)), decoder.init_state(encoder(np.ones((2, 5)))))
    assert np.abs(out_a - out_b).max() > 0


def test_interfaces_are_abstract():
    with pytest.raises(NotImplementedError):
        d2l.Decoder().init_state(None)


DROPOUT_PROBE = '''
import d2l_local  # noqa: F401  (before MXNet, as everywhere: NumPy 2 needs it)
import mxnet as mx
from mxnet import autograd, init, np, npx
from mxnet.gluon import rnn
npx.set_np()
mx.random.seed(1)
lstm = rnn.LSTM(16, num_layers=2, dropout=0.5)
lstm.initialize(init.Uniform(0.5))
X = np.random.uniform(size=(5, 3, 8))          # (num_steps, batch_size, inputs)
with autograd.record():                        # training mode: dropout should act
    first, second = lstm(X), lstm(X)
print(bool((first == second).all()))
'''


@pytest.mark.parametrize('fused,same', [('1', True), ('0', False)])
def test_the_fused_cpu_lstm_ignores_dropout(fused, same):
    # Notebook 08 trains without dropout because of this: on the CPU, MXNet's fused
    # (oneDNN) LSTM draws no dropout masks, so two training-mode passes agree; the
    # unfused kernel applies dropout between the layers (and so does cuDNN on a GPU).
    env = dict(os.environ, MXNET_USE_MKLDNN_RNN=fused)
    out = subprocess.run([sys.executable, '-c', DROPOUT_PROBE], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out[-1] == str(same)

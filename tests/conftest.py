"""Shared fixtures: the real data (from the data directory) and a small trained model."""
import pytest

import d2l_local as d2l


@pytest.fixture(scope='session')
def nmt_data():
    """The curriculum's data: batches of 64, num_steps 10, first 600 pairs."""
    d2l.set_seed(0)
    return d2l.load_data_nmt(batch_size=64, num_steps=10)


def make_net(src_vocab, tgt_vocab, num_hiddens=32):
    """The curriculum's plain encoder-decoder."""
    return d2l.EncoderDecoder(
        d2l.Seq2SeqEncoder(len(src_vocab), 32, num_hiddens, 2),
        d2l.Seq2SeqDecoder(len(tgt_vocab), 32, num_hiddens, 2))


@pytest.fixture(scope='session')
def trained(nmt_data):
    """A model trained briefly (40 epochs) and its training result."""
    data_iter, src_vocab, tgt_vocab = nmt_data
    d2l.set_seed(0)
    net = make_net(src_vocab, tgt_vocab)
    result = d2l.train_seq2seq(net, data_iter, 0.005, 40, tgt_vocab, d2l.try_gpu(),
                               plot=False)
    return net, result

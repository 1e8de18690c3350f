"""Gradient clipping, teacher forcing, and a training run that must learn."""
from mxnet import autograd, gluon, init, np
from mxnet.gluon import nn

import d2l_local as d2l
from conftest import make_net


def grad_norm(net):
    return float(np.sqrt(sum((p.grad() ** 2).sum() for p in net.collect_params().values())))


def net_with_gradient(scale):
    net = nn.Dense(3, in_units=4)
    net.initialize(init.Constant(scale))
    with autograd.record():
        y = net(np.ones((2, 4))).sum()
    y.backward()
    return net


def test_grad_clipping_caps_the_norm():
    net = net_with_gradient(10.0)
    before = grad_norm(net)
    assert before > 1
    directions = [p.grad().copy() / before for p in net.collect_params().values()]
    d2l.grad_clipping(net, 1)
    assert abs(grad_norm(net) - 1) < 1e-5
    for p, d in zip(net.collect_params().values(), directions):
        assert np.abs(p.grad() - d).max() < 1e-5  # the direction is kept


def test_grad_clipping_leaves_small_gradients_alone():
    net = net_with_gradient(0.1)
    before = [p.grad().copy() for p in net.collect_params().values()]
    d2l.grad_clipping(net, 100)
    for p, b in zip(net.collect_params().values(), before):
        assert np.abs(p.grad() - b).max() == 0


def test_decoder_input_is_bos_then_target_shifted_right():
    Y = np.array([[5, 6, 7], [8, 9, 2]], dtype='int32')
    assert d2l.decoder_input(Y, 1).tolist() == [[1, 5, 6], [1, 8, 9]]


def test_training_cuts_the_loss(trained):
    _, result = trained
    assert len(result.losses) == 40
    assert result.losses[-1] < 0.4 * result.losses[0]
    assert result.tokens_per_sec > 0 and result.seconds_per_epoch > 0


def test_the_learning_check_catches_a_loop_that_does_not_update(nmt_data, monkeypatch):
    # A negative control: with trainer.step doing nothing, the same check fails.
    monkeypatch.setattr(gluon.Trainer, 'step', lambda self, *args, **kwargs: None)
    data_iter, src_vocab, tgt_vocab = nmt_data
    net = make_net(src_vocab, tgt_vocab)
    result = d2l.train_seq2seq(net, data_iter, 0.005, 5, tgt_vocab, d2l.try_gpu(),
                               plot=False)
    assert not result.losses[-1] < 0.4 * result.losses[0]
    assert abs(result.losses[-1] - result.losses[0]) < 0.05 * result.losses[0]


def test_training_prints_loss_speed_and_device(nmt_data, capsys):
    data_iter, src_vocab, tgt_vocab = nmt_data
    device = d2l.try_gpu()
    d2l.train_seq2seq(make_net(src_vocab, tgt_vocab), data_iter, 0.005, 1, tgt_vocab,
                      device, plot=False)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith('loss ') and 'per token' in line
    assert line.endswith(f'tokens/sec on {device}')

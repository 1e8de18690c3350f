"""Saved training runs: reused only when everything is the same, never half-read."""
import numpy as onp
import pytest
from mxnet import gluon

import d2l_local as d2l
from conftest import make_net
from d2l_local import checkpoints

EPOCHS = 3


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(checkpoints.CACHE_ENV, str(tmp_path))
    return tmp_path


def train(nmt_data, cache=None, seed=0, lr=0.005, num_epochs=EPOCHS, num_hiddens=8):
    """A small run from `seed`; its result, its weights and the next random number."""
    data_iter, src_vocab, tgt_vocab = nmt_data
    d2l.set_seed(seed)
    net = make_net(src_vocab, tgt_vocab, num_hiddens)
    result = d2l.train_seq2seq(net, data_iter, lr, num_epochs, tgt_vocab, d2l.try_gpu(),
                               plot=False, cache=cache)
    weights = [p.data().asnumpy() for p in net.collect_params().values()]
    return result, weights, onp.random.rand()


def forbid_training(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError('trained although an identical run was saved')
    monkeypatch.setattr(gluon, 'Trainer', fail)


def assert_same_run(a, b):
    assert a[0].losses == b[0].losses
    assert all((x == y).all() for x, y in zip(a[1], b[1]))
    assert a[2] == b[2]  # NumPy's generator is where the training left it


def test_a_saved_run_is_reused_exactly(nmt_data, cache, monkeypatch, capsys):
    fresh = train(nmt_data)
    saved = train(nmt_data, 'save')
    assert_same_run(fresh, saved)   # saving does not change the training
    assert len(list(cache.glob('*.params'))) == 1
    printed = capsys.readouterr().out.splitlines()[-1]
    forbid_training(monkeypatch)
    reused = train(nmt_data, 'reuse')
    assert_same_run(saved, reused)
    assert reused[0] == saved[0]    # the saved speed too
    assert capsys.readouterr().out.splitlines()[-1] == printed


@pytest.mark.parametrize('change', [dict(seed=1), dict(lr=0.01), dict(num_epochs=EPOCHS + 1),
                                    dict(num_hiddens=9)])
def test_any_difference_trains_again(nmt_data, cache, change):
    train(nmt_data, 'save')
    train(nmt_data, 'reuse', **change)
    assert len(list(cache.glob('*.params'))) == 2


def test_other_data_is_another_run(nmt_data, cache):
    train(nmt_data, 'save')
    data_iter, src_vocab, tgt_vocab = nmt_data
    other = d2l.BatchIterator(
        [a[::-1].copy() for a in data_iter.arrays], data_iter.batch_size)
    train((other, src_vocab, tgt_vocab), 'reuse')
    assert len(list(cache.glob('*.params'))) == 2


@pytest.mark.parametrize('name', checkpoints.KERNEL_ENV)
def test_another_kernel_path_or_thread_count_is_another_run(nmt_data, cache, monkeypatch,
                                                           name):
    # A run saved natively must not be reused under a kernel cap (`make record`,
    # `make test-caps`), whose last digits differ.
    monkeypatch.delenv(name, raising=False)
    train(nmt_data, 'save')
    monkeypatch.setenv(name, '1')
    train(nmt_data, 'reuse')
    assert len(list(cache.glob('*.params'))) == 2


def test_a_change_to_the_package_is_another_run(nmt_data, cache, tmp_path, monkeypatch):
    code = tmp_path / 'code'
    code.mkdir()
    (code / 'training.py').write_text('# version 1\n')
    monkeypatch.setattr(checkpoints, 'PACKAGE', code)
    train(nmt_data, 'save')
    (code / 'training.py').write_text('# version 2\n')
    train(nmt_data, 'reuse')
    assert len(list(cache.glob('*.params'))) == 2


def test_save_always_trains(nmt_data, cache, monkeypatch):
    train(nmt_data, 'save')
    forbid_training(monkeypatch)
    with pytest.raises(AssertionError, match='trained although'):
        train(nmt_data, 'save')


@pytest.mark.parametrize('damage', ['truncated', 'another model'])
def test_a_damaged_run_is_trained_again(nmt_data, cache, tmp_path, monkeypatch, damage):
    if damage == 'another model':  # readable, but the shapes stop matching half-way
        monkeypatch.setenv(checkpoints.CACHE_ENV, str(tmp_path / 'other'))
        train(nmt_data, 'save', num_hiddens=9)
        [other] = (tmp_path / 'other').glob('*.params')
        monkeypatch.setenv(checkpoints.CACHE_ENV, str(cache))
    fresh = train(nmt_data, 'save')
    [params] = cache.glob('*.params')
    if damage == 'truncated':
        params.write_bytes(params.read_bytes()[:100])
    else:
        params.write_bytes(other.read_bytes())
    with pytest.warns(UserWarning, match='damaged saved run'):
        again = train(nmt_data, 'reuse')
    assert_same_run(fresh, again)   # trained from the same initial weights
    assert train(nmt_data, 'reuse')[0] == again[0]   # and saved again


def test_no_temporary_files_are_left(nmt_data, cache):
    train(nmt_data, 'save')
    assert sorted(p.suffix for p in cache.iterdir()) == ['.json', '.params']


def test_bad_cache_arguments(nmt_data, cache):
    with pytest.raises(ValueError, match="'save' or 'reuse'"):
        train(nmt_data, 'yes')
    data_iter, src_vocab, tgt_vocab = nmt_data
    batches = list(data_iter)
    with pytest.raises(TypeError, match='BatchIterator'):
        train((batches, src_vocab, tgt_vocab), 'save')


def test_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(checkpoints.CACHE_ENV, str(tmp_path))
    assert checkpoints.cache_dir() == tmp_path
    monkeypatch.delenv(checkpoints.CACHE_ENV)
    # In a checkout, next to the notebooks' other outputs (removed by `make clean`).
    assert checkpoints.cache_dir() == checkpoints.PACKAGE.parent / 'build' / 'cache'

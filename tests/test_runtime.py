"""Device choice, seeds and versions."""
import mxnet as mx
import pytest
from mxnet import np, npx

import d2l_local as d2l
from d2l_local import runtime


def test_cpu_when_there_is_no_gpu(monkeypatch):
    monkeypatch.setattr(npx, 'num_gpus', lambda: 0)
    assert d2l.try_gpu() == npx.cpu()


def mxnet_error(message):
    """An MXNetError as MXNet 1.9.1 words one: a C++ traceback, the message last."""
    return mx.base.MXNetError('Traceback (most recent call last):\n'
                              '  File "../src/common/cuda/utils.h", line 330\n'
                              f'MXNetError: {message}')


def test_a_gpu_without_kernels_falls_back_to_the_cpu(monkeypatch, capsys):
    # An H100/H200 (sm_90): MXNet counts it, but its wheels have no kernels for it.
    def failing_probe(*args, **kwargs):
        raise mxnet_error('Check failed: e == cudaSuccess (209 vs. 0) : CUDA: '
                          'no kernel image is available for execution on the device')
    monkeypatch.setattr(npx, 'num_gpus', lambda: 1)
    monkeypatch.setattr(runtime.np, 'ones', failing_probe)
    monkeypatch.setattr(runtime, '_checked', {})
    assert d2l.try_gpu() == npx.cpu()
    line = capsys.readouterr().out
    assert 'GPU 0' in line and 'no kernel image' in line and 'using the CPU' in line
    assert 'Traceback' not in line and line.count('\n') == 1


@pytest.mark.skipif(mx.runtime.Features().is_enabled('CUDA'), reason='a GPU build of MXNet')
def test_the_real_probe_fails_cleanly_on_the_cpu_build(monkeypatch, capsys):
    # Not simulated: MXNet's own error when asked to compute on a GPU it cannot use.
    monkeypatch.setattr(npx, 'num_gpus', lambda: 1)
    monkeypatch.setattr(runtime, '_checked', {})
    assert d2l.try_gpu() == npx.cpu()
    line = capsys.readouterr().out
    assert 'not implemented for GPU' in line and 'Traceback' not in line


def test_a_working_gpu_is_chosen(monkeypatch):
    monkeypatch.setattr(npx, 'num_gpus', lambda: 1)
    monkeypatch.setattr(runtime, '_checked', {0: (True, '')})
    assert d2l.try_gpu() == npx.gpu(0)


def test_seed_makes_draws_repeat():
    d2l.set_seed(3)
    first = np.random.normal(size=5).asnumpy()
    d2l.set_seed(3)
    assert (np.random.normal(size=5).asnumpy() == first).all()


def test_versions_line():
    line = d2l.versions()
    assert 'MXNet 1.9.1' in line and 'NumPy' in line and line.startswith('Python 3.')


def test_checkout_is_this_repository():
    root = d2l.checkout()
    assert (root / 'pyproject.toml').is_file() and (root / 'd2l_local').is_dir()


def test_the_package_exports_exactly_its_public_names():
    import inspect

    import d2l_local
    assert len(set(d2l_local.__all__)) == len(d2l_local.__all__)
    public = {name for name, value in vars(d2l_local).items()
              if not name.startswith('_') and not inspect.ismodule(value)}
    assert public == set(d2l_local.__all__)

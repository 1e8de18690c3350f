"""Device choice, seeds and versions."""
import mxnet as mx
from mxnet import np, npx

import d2l_local as d2l
from d2l_local import runtime


def test_cpu_when_there_is_no_gpu(monkeypatch):
    monkeypatch.setattr(npx, 'num_gpus', lambda: 0)
    assert d2l.try_gpu() == npx.cpu()


def test_a_gpu_that_fails_the_probe_falls_back_to_the_cpu(monkeypatch, capsys):
    def failing_probe(*args, **kwargs):
        raise mx.base.MXNetError('no kernel image is available for execution (sm_90)')
    monkeypatch.setattr(npx, 'num_gpus', lambda: 1)
    monkeypatch.setattr(runtime.np, 'ones', failing_probe)
    monkeypatch.setattr(runtime, '_checked', {})
    assert d2l.try_gpu() == npx.cpu()
    line = capsys.readouterr().out
    assert 'GPU 0' in line and 'sm_90' in line and 'using the CPU' in line


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

"""On a GPU machine, MXNet computes on the GPU. Skipped unless GPU_EXPECTED is set, as the
GPU workflow (.github/workflows/gpu.yml) sets it; CPU runs skip these tests."""
import os

import mxnet as mx
import pytest
from mxnet import np, npx
from mxnet.gluon import rnn

import d2l_local as d2l

pytestmark = pytest.mark.skipif(not os.environ.get('GPU_EXPECTED'),
                                reason='not a GPU machine (GPU_EXPECTED is not set)')


def test_mxnet_is_a_cuda_build_that_sees_a_gpu():
    features = mx.runtime.Features()
    assert features.is_enabled('CUDA') and features.is_enabled('CUDNN')
    assert npx.num_gpus() >= 1


def test_try_gpu_picks_the_gpu():
    assert d2l.try_gpu() == npx.gpu(0)


def test_an_lstm_computes_on_the_gpu_what_it_computes_on_the_cpu():
    # On the GPU, Gluon's LSTM runs cuDNN's kernel: this checks cuDNN is found and works.
    d2l.set_seed(0)
    layer = rnn.LSTM(16, num_layers=2)
    layer.initialize(ctx=[npx.cpu(), npx.gpu(0)])
    X = np.random.uniform(size=(5, 3, 8))  # (num_steps, batch_size, embed_size)
    on_cpu = layer(X.as_in_ctx(npx.cpu())).asnumpy()
    on_gpu = layer(X.as_in_ctx(npx.gpu(0))).asnumpy()
    assert on_gpu.shape == (5, 3, 16)
    assert abs(on_gpu - on_cpu).max() < 1e-4

"""The runtime: which device to compute on, seeds, and versions."""
import platform
import random
from pathlib import Path

import matplotlib
import mxnet as mx
import numpy as onp
from mxnet import np, npx

_checked = {}


def _reason(error):
    """The message of an MXNetError: the last line of its C++ traceback."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1].removeprefix('MXNetError: ') if lines else repr(error)


def gpu_works(i=0):
    """Whether MXNet can run a tiny operation on GPU `i`; the error text if not."""
    if i not in _checked:
        try:
            (np.ones((2,), ctx=npx.gpu(i)) * 2).asnumpy()
            _checked[i] = (True, '')
        except mx.base.MXNetError as e:
            _checked[i] = (False, _reason(e))
    return _checked[i]


def try_gpu(i=0):
    """GPU `i` if MXNet can compute on it, else the CPU (saying why in one line)."""
    if npx.num_gpus() <= i:
        return npx.cpu()
    ok, why = gpu_works(i)
    if ok:
        return npx.gpu(i)
    print(f'GPU {i} is present but MXNet cannot use it ({why}); using the CPU. '
          'MXNet 1.9.1 GPU wheels need CUDA 11 + cuDNN 8 and compute capability 5.0-8.6.')
    return npx.cpu()


def set_seed(seed):
    """Seed Python's, NumPy's and MXNet's random number generators."""
    random.seed(seed)
    onp.random.seed(seed)
    mx.random.seed(seed)


def versions():
    """One line: Python, MXNet, NumPy and matplotlib versions."""
    return (f'Python {platform.python_version()}, MXNet {mx.__version__}, '
            f'NumPy {onp.__version__}, matplotlib {matplotlib.__version__}')


def checkout():
    """The repository this package runs from, or None when it is installed (as on Colab)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / 'pyproject.toml').is_file() else None

"""Saving a finished training run, and reusing it when the very same run comes again.

Training here is deterministic: the same code, data, initial weights, batch order and
settings give the same parameters. A run is therefore saved under a key made from all
of these, and a later identical run can load it instead of training (notebook 05 reuses
notebook 04's model this way). Anything that differs gives another key.
"""
import hashlib
import json
import os
import platform
import warnings
from pathlib import Path

import mxnet as mx
import numpy as onp
from mxnet import init

from .runtime import checkout

CACHE_ENV = 'D2L_CACHE_DIR'
# Settings that change the last digits of a training run on the same machine: the
# kernel caps of oneDNN and OpenBLAS (`make test-caps`, `make record`) and MXNet's
# thread count. A run saved under one setting is never reused under another.
KERNEL_ENV = ('DNNL_MAX_CPU_ISA', 'OPENBLAS_CORETYPE', 'OMP_NUM_THREADS')
PACKAGE = Path(__file__).resolve().parent


def cache_dir():
    """`$D2L_CACHE_DIR`, else `build/cache` in a checkout, else `~/.cache/d2l_local`."""
    if CACHE_ENV in os.environ:
        return Path(os.environ[CACHE_ENV]).expanduser()
    root = checkout()
    return root / 'build' / 'cache' if root else Path.home() / '.cache' / 'd2l_local'


def training_key(net, data_iter, settings, first_batch):
    """A digest of everything a training run depends on.

    `net` must be initialized; `first_batch(arrays)` runs it once on one example so
    that deferred parameters get their initial values (this draws the same random
    numbers the first training batch would). `settings` holds the rest (learning rate,
    epochs, device, ...)."""
    if not hasattr(data_iter, 'arrays'):
        raise TypeError('a cached training needs a d2l_local.BatchIterator, whose arrays '
                        f'can be fingerprinted; got {type(data_iter).__name__}')
    first_batch([a[:1] for a in data_iter.arrays])
    digest = hashlib.sha1()
    for path in sorted(PACKAGE.glob('*.py')):        # the code that trains
        digest.update(path.read_bytes())
    digest.update(repr(net).encode())                # the architecture
    for param in net.collect_params().values():      # the initial weights
        digest.update(param.data().asnumpy().tobytes())
    for array in data_iter.arrays:                   # the data
        digest.update(repr((array.dtype.str, array.shape)).encode() + array.tobytes())
    digest.update(repr(random_state()).encode())     # the batch order
    digest.update(repr((data_iter.batch_size, data_iter.shuffle, sorted(settings.items()),
                        mx.__version__, platform.machine(),
                        [os.environ.get(name) for name in KERNEL_ENV])).encode())
    return digest.hexdigest()


def random_state():
    """NumPy's global random state, as JSON-friendly values."""
    _, keys, pos, has_gauss, gauss = onp.random.get_state()
    return [keys.tolist(), pos, has_gauss, gauss]


def _paths(key):
    folder = cache_dir()
    return folder / f'{key}.params', folder / f'{key}.json'


def save_run(key, net, summary):
    """Store the parameters of `net` and the JSON-serializable `summary` under `key`.

    The random state after training is stored too, so that a reuse leaves NumPy's
    generator where the training left it."""
    params_path, summary_path = _paths(key)
    params_path.parent.mkdir(parents=True, exist_ok=True)
    summary = dict(summary, random_state=random_state())
    # Written under temporary names and renamed, the summary last: a reader never
    # sees a half-written run.
    suffix = f'.{os.getpid()}.tmp'
    net.save_parameters(str(params_path) + suffix)
    os.replace(str(params_path) + suffix, params_path)
    Path(str(summary_path) + suffix).write_text(json.dumps(summary))
    os.replace(str(summary_path) + suffix, summary_path)


def load_run(key, net, device):
    """Load the run saved under `key` into `net` and return its summary, or None.

    A damaged run is reported with a warning and ignored: `net` keeps the weights it
    had, and the caller trains (and saves) it again."""
    params_path, summary_path = _paths(key)
    if not summary_path.exists():
        return None
    initial = [param.data().copy() for param in net.collect_params().values()]
    try:
        summary = json.loads(summary_path.read_text())
        net.load_parameters(str(params_path), ctx=device)
        keys, pos, has_gauss, gauss = summary.pop('random_state')
        onp.random.set_state(('MT19937', onp.array(keys, dtype=onp.uint32), pos,
                              has_gauss, gauss))
    except Exception as error:  # a damaged file, whatever the damage
        for param, value in zip(net.collect_params().values(), initial):
            param.set_data(value)
        warnings.warn(f'ignoring the damaged saved run {summary_path} ({error}); '
                      'training again')
        return None
    return summary


def start_training(net, device, cache, key_of):
    """Initialise `net` (Xavier) on `device` and compile it, for a run that may be reused.

    With `cache` ('save' or 'reuse') also compute the run's key, `key_of()`, between the
    two (it runs `net` once, as the first batch would); for 'reuse', load an identical
    saved run into `net`. Returns the key (None without `cache`) and the saved run's
    summary, or None if it is to be trained."""
    if cache not in (None, 'save', 'reuse'):
        raise ValueError(f"cache must be None, 'save' or 'reuse', not {cache!r}")
    net.initialize(init.Xavier(), force_reinit=True, ctx=device)
    key = key_of() if cache else None
    net.hybridize(static_alloc=True, static_shape=True)
    saved = load_run(key, net, device) if cache == 'reuse' else None
    return key, saved

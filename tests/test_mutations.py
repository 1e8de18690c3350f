"""The notebook checks catch real regressions: each mutation below must fail them.

A mutation is a few lines that an IPython startup file runs in the notebook's kernel
before its first cell, so the lesson's own code meets a broken MXNet, Gluon or d2l_local. The
notebook then runs under the same strict nbval checks as in `make test`, stopping at the
first failure (`-x`), from an empty training cache; the test passes only if that failure
is in the cell that should catch the mutation.
"""
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LEARNING_RATE_OVER_20 = '''
import mxnet
adam = mxnet.optimizer.Adam.__init__
def slow(self, learning_rate=0.001, **kwargs):
    adam(self, learning_rate=learning_rate / 20, **kwargs)
mxnet.optimizer.Adam.__init__ = slow
'''

# Adam divides each gradient by its running scale, so 20 times the batch size in
# `step` is not a 20 times smaller step; it changes the early updates only.
BATCH_SIZE_TIMES_20 = '''
from mxnet import gluon
step = gluon.Trainer.step
gluon.Trainer.step = lambda self, batch_size, *args, **kwargs: step(
    self, 20 * batch_size, *args, **kwargs)
'''

MASK_IGNORED = '''
from mxnet import gluon
forward = gluon.loss.SoftmaxCELoss.forward
gluon.loss.SoftmaxCELoss.forward = lambda self, pred, label, sample_weight=None: forward(
    self, pred, label)
'''

PADDING_ATTENDED = '''
import mxnet
for module in (mxnet.ndarray.numpy_extension, mxnet.symbol.numpy_extension,
               mxnet.numpy_extension):
    def softmax(data, *args, length=None, use_length=False, _original=module.softmax,
                **kwargs):
        return _original(data, *args, **kwargs)
    module.softmax = softmax
'''


# 05 defines `beam_search` in a cell (a copy of d2l_local/decoding.py's), so the break is
# put in both places: the package's function, looked up as `d2l.beam_search` at call
# time, and the notebook's own, wrapped after the cell that defines it has run.
BEAM_SIZE_IGNORED = '''
import functools
import inspect
import d2l_local.decoding

def ignore_beam_size(search):
    if getattr(search, 'ignores_beam_size', False):
        return search
    signature = inspect.signature(search)
    @functools.wraps(search)
    def greedy_whatever_the_beam_size(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.arguments['beam_size'] = 1
        return search(*bound.args, **bound.kwargs)
    greedy_whatever_the_beam_size.ignores_beam_size = True
    return greedy_whatever_the_beam_size

d2l_local.decoding.beam_search = d2l_local.beam_search = ignore_beam_size(
    d2l_local.decoding.beam_search)

def wrap_the_notebooks_beam_search(*args):
    namespace = get_ipython().user_ns
    if callable(namespace.get('beam_search')):
        namespace['beam_search'] = ignore_beam_size(namespace['beam_search'])

get_ipython().events.register('post_run_cell', wrap_the_notebooks_beam_search)
'''


# 09 defines its decoder block in a cell (a copy of d2l_local/transformer.py's): each
# block's teacher-forcing pass gets causal lengths one too long, so position i also sees
# position i + 1, the very word it must predict. The package's class is broken at once,
# the notebook's own after the cell that defines it has run.
CAUSAL_MASK_LEAKS = '''
import d2l_local.transformer

def leak(block_class):
    forward = block_class.hybrid_forward
    if getattr(forward, 'leaks', False):
        return
    def sees_the_next_word(self, F, X, enc_outputs, causal_len, enc_len):
        return forward(self, F, X, enc_outputs, causal_len + 1, enc_len)
    sees_the_next_word.leaks = True
    block_class.hybrid_forward = sees_the_next_word

leak(d2l_local.transformer.TransformerDecoderBlock)

def leak_the_notebooks_block(*args):
    block_class = get_ipython().user_ns.get('TransformerDecoderBlock')
    if isinstance(block_class, type):
        leak(block_class)

get_ipython().events.register('post_run_cell', leak_the_notebooks_block)
'''


def run_mutated(notebook, mutation, tmp_path):
    startup = tmp_path / 'ipython' / 'profile_default' / 'startup'
    startup.mkdir(parents=True)
    (startup / '00-mutation.py').write_text(
        'import d2l_local\n' + textwrap.dedent(mutation))
    env = dict(os.environ, IPYTHONDIR=str(tmp_path / 'ipython'),
               D2L_CACHE_DIR=str(tmp_path / 'cache'))
    return subprocess.run(
        [sys.executable, '-m', 'pytest', '-x', '-q', '-rf', '-p', 'no:xdist',
         f'notebooks/{notebook}'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize('notebook,mutation,cell', [
    pytest.param('04_training.ipynb', LEARNING_RATE_OVER_20, 22,
                 id='04-learning-rate-divided-by-20'),
    pytest.param('04_training.ipynb', BATCH_SIZE_TIMES_20, 23,
                 id='04-trainer-step-given-20-times-the-batch'),
    pytest.param('03_masked_loss.ipynb', MASK_IGNORED, 5, id='03-loss-ignores-the-mask'),
    pytest.param('06_attention.ipynb', PADDING_ATTENDED, 3,
                 id='06-softmax-lets-padding-through'),
    pytest.param('05_prediction.ipynb', BEAM_SIZE_IGNORED, 15,
                 id='05-beam-search-ignores-beam-size'),
    pytest.param('08_held_out.ipynb', PADDING_ATTENDED, 10,
                 id='08-attention-reaches-padding'),
    pytest.param('09_transformer.ipynb', CAUSAL_MASK_LEAKS, 16,
                 id='09-decoder-sees-the-next-word'),
])
def test_the_checks_catch_the_mutation(notebook, mutation, cell, tmp_path):
    run = run_mutated(notebook, mutation, tmp_path)
    failed = re.findall(r'^FAILED \S+::Cell (\d+)', run.stdout, re.MULTILINE)
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-2000:]
    assert failed == [str(cell)], run.stdout[-3000:]

"""The test run's plugins: tolerances for nbval, and how `make test` shares the run.

`tests/nbval_tolerance.py` lets a notebook cell compare rounding-dependent numbers
within bounds stated in its metadata. The run is shared between two pytest-xdist
workers (`-n 2`), each taking one half, in collection order. The halves are meant to
take about the same time: the second holds notebook 08, its worked answers (which must run
after it, on the same worker, to reuse the two models it saves), notebook 09 (which reuses
them too) and 09's worked answers (which reuse 09's Transformer); the first everything
else (05 and its answers after 04, whose saved model they reuse).

Measured with `pytest --durations=0` from an empty cache on an AVX-512 machine
(2026-12-07), one after the other: notebook 08 208 s, 09 173 s after it (155 s of it the
Transformer's 12 epochs), 09's answers 21 s. 07 and its answers, now in the first half,
took 93 s on 2026-12-02. The whole `make test` took 704 s of tests in a clean clone.
"""
import sys
from pathlib import Path, PurePosixPath

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / 'tests'))
pytest_plugins = ['nbval_tolerance']

SECOND_HALF = {'08_held_out.ipynb', '08_held_out_solutions.ipynb',
               '09_transformer.ipynb', '09_transformer_solutions.ipynb'}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Halves(LoadScopeScheduling):
        # `_split_scope` is private to pytest-xdist: this holds for the pinned 3.6.1
        # (requirements.txt); check it again before changing that pin.
        def _split_scope(self, nodeid):
            path = PurePosixPath(nodeid.split('::', 1)[0])
            return 'second' if path.name in SECOND_HALF else 'first'

    return Halves(config, log)

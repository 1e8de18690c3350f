"""The test run's plugins: tolerances for nbval, and how `make test` shares the run.

`tests/nbval_tolerance.py` lets a notebook cell compare rounding-dependent numbers
within bounds stated in its metadata. The run is shared between two pytest-xdist
workers (`-n 2`), each taking one half, in collection order. The halves are meant to
take about the same time: the second holds notebooks 04, 05 and 07 and the worked
answers of 04, 05 and 07 (05 and its answers must run after 04, on the same worker, to
reuse the model 04 saves), the first everything else.

Measured with `pytest -n 2 --durations=0` from an empty cache on an AVX-512 machine
(2026-12-01): with 04's answers in the first half, the halves' tests took 219 s and 143 s
(04's answers 36 s); moving them evens the halves to about 183 s and 179 s.
"""
import sys
from pathlib import Path, PurePosixPath

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / 'tests'))
pytest_plugins = ['nbval_tolerance']

SECOND_HALF = {'04_training.ipynb', '05_prediction.ipynb', '07_learning_to_add.ipynb',
               '04_training_solutions.ipynb', '05_prediction_solutions.ipynb',
               '07_learning_to_add_solutions.ipynb'}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Halves(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = PurePosixPath(nodeid.split('::', 1)[0])
            return 'second' if path.name in SECOND_HALF else 'first'

    return Halves(config, log)

"""The test run's plugins: tolerances for nbval, and how `make test` shares the run.

`tests/nbval_tolerance.py` lets a notebook cell compare rounding-dependent numbers
within bounds stated in its metadata. The run is shared between two pytest-xdist
workers (`-n 2`), each taking one half, in collection order. The halves take about the
same time: the second holds notebooks 04, 05 and 07 and 05's worked answers (05 and its
answers must run after 04, on the same worker, to reuse the model 04 saves), the first
everything else.
"""
import sys
from pathlib import Path, PurePosixPath

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / 'tests'))
pytest_plugins = ['nbval_tolerance']

SECOND_HALF = {'04_training.ipynb', '05_prediction.ipynb', '07_learning_to_add.ipynb',
               '05_prediction_solutions.ipynb'}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Halves(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = PurePosixPath(nodeid.split('::', 1)[0])
            return 'second' if path.name in SECOND_HALF else 'first'

    return Halves(config, log)

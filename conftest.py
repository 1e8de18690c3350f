"""The test run's plugins: tolerances for nbval, and how `make test` shares the run.

`tests/nbval_tolerance.py` lets a notebook cell compare rounding-dependent numbers
within bounds stated in its metadata. The run is shared between two pytest-xdist
workers (`-n 2`), each taking one half, in collection order. The halves are meant to
take about the same time: the second holds notebooks 04, 05 and 07 and the worked
answers of 05 and 07 (05 and its answers must run after 04, on the same worker, to reuse
the model 04 saves; 07's answers need nothing from 07), the first everything else.

07's answers went to the second half on a measurement: in one `pytest -n 2 --durations=0`
run with them in the first half, on an AVX-512 machine that another program kept busy
(so every figure is inflated), the first half's tests took 763 s in all, 175 s of them
07's answers, and the second half's 182 s.
"""
import sys
from pathlib import Path, PurePosixPath

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / 'tests'))
pytest_plugins = ['nbval_tolerance']

SECOND_HALF = {'04_training.ipynb', '05_prediction.ipynb', '07_learning_to_add.ipynb',
               '05_prediction_solutions.ipynb', '07_learning_to_add_solutions.ipynb'}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Halves(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = PurePosixPath(nodeid.split('::', 1)[0])
            return 'second' if path.name in SECOND_HALF else 'first'

    return Halves(config, log)

"""d2l_local.numpy_compat on either NumPy line: the names MXNet 1.9.1 reads, and no other.

`make test` runs this on the pinned NumPy 2; tools/check_numpy1.sh runs it on MXNet's
own NumPy 1.23.5 and tools/check_colab.sh on each Colab runtime's NumPy.
"""
import subprocess
import sys

import numpy
import pytest

import d2l_local  # noqa: F401  (restores the names, as in every notebook)
from d2l_local import numpy_compat

NUMPY_2 = numpy.lib.NumpyVersion(numpy.__version__) >= '2.0.0'


def run_fresh(code):
    """Run `code` in a new interpreter, with the module `c` loaded alone from its file
    (not through d2l_local, which restores the names as soon as it is imported)."""
    load = ('import importlib.util\n'
            f'spec = importlib.util.spec_from_file_location("c", {numpy_compat.__file__!r})\n'
            'c = importlib.util.module_from_spec(spec)\n'
            'spec.loader.exec_module(c)\n')
    return subprocess.run([sys.executable, '-c', load + code], capture_output=True,
                          text=True, check=True).stdout.split()


def test_every_name_mxnet_reads_is_there_after_import():
    for name in numpy_compat.MISSING:
        assert numpy_compat.has(name), name


def test_only_the_names_numpy_lacks_are_restored():
    # Which names a new interpreter's NumPy lacks, and which restore() sets there.
    lacked, restored = run_fresh(
        'print(",".join(n for n in c.MISSING if not c.has(n)) or "-")\n'
        'print(",".join(c.restore()) or "-")')
    assert lacked == restored
    if NUMPY_2:
        assert set(restored.split(',')) == set(numpy_compat.MISSING) - {'bool'}
    else:
        assert restored == '-'    # NumPy 1.23.5 still has them all


def test_numpys_own_bool_is_kept_and_numpy_ma_and_pandas_still_work():
    import pandas
    if NUMPY_2:
        assert numpy.bool is numpy.bool_    # the boolean scalar type, not Python's bool
    masked = numpy.ma.masked_array([1, 2, 3], mask=[False, True, False])
    assert masked.sum() == 4
    assert pandas.Series([1.0, None]).isna().tolist() == [False, True]


def test_the_restored_values_mean_what_they_meant():
    assert numpy.PINF == numpy.Inf == numpy.inf and numpy.NINF == -numpy.inf
    assert numpy.PZERO == 0 and numpy.copysign(1, numpy.NZERO) == -1
    assert numpy.isnan(numpy.NAN) and numpy.isnan(numpy.NaN)
    a = numpy.array([[3, 1], [2, 5]])
    assert numpy.alltrue(a > 0) and not numpy.alltrue(a > 1)
    assert numpy.sometrue(a > 4) and not numpy.sometrue(a > 5)
    assert numpy.product(a) == 30
    assert numpy.round_(2.567, 2) == 2.57
    assert numpy.msort(a).tolist() == [[2, 1], [3, 5]]


@pytest.mark.skipif(not NUMPY_2, reason="NumPy 1.x keeps its own removal notices for these")
def test_a_financial_function_says_where_it_went():
    with pytest.raises(NotImplementedError, match='numpy_financial.npv'):
        numpy.npv(0.1, [1, 2])


def test_mxnet_imports_and_computes():
    from mxnet import np
    assert np.ones((2, 3)).sum().item() == 6

"""Give MXNet 1.9.1 the NumPy names it reads, where today's NumPy removed them.

MXNet 1.9.1, the last release, was built against NumPy 1.x. Its compiled library does
not care which NumPy is loaded, but its Python files copy a few NumPy names when MXNet
is imported, and NumPy 1.24 and 2.0 removed some of them. `restore()` puts back exactly
those names, each only where NumPy lacks it, so it must run before MXNet is imported
(`import d2l_local` does that first). It never replaces a name NumPy has: NumPy 2's own
`numpy.bool`, for one, is the boolean scalar type that `numpy.ma` and pandas rely on.
"""
import math
import warnings

import numpy


def _financial(name):
    """A stand-in for a financial function NumPy moved to numpy-financial (nothing here uses it)."""
    def removed(*args, **kwargs):
        raise NotImplementedError(
            f'numpy.{name} left NumPy in version 1.20 and is only a name MXNet 1.9.1 '
            f'reads when imported: use numpy_financial.{name} (pip install numpy-financial).')
    removed.__name__ = name
    return removed


def _msort(a):
    """What numpy.msort did: sort along the first axis."""
    return numpy.sort(a, axis=0)


# name: (value, where MXNet 1.9.1 reads it). NumPy 2.0 removed all of these but `bool`;
# NumPy 1.24 removed `bool`, and NumPy 2.0 brought it back as the boolean scalar type.
MISSING = {
    'PZERO': (0.0, 'mxnet/numpy/utils.py copies it'),
    'NZERO': (-0.0, 'mxnet/numpy/utils.py copies it'),
    'PINF': (math.inf, 'mxnet/numpy/utils.py copies it'),
    'NINF': (-math.inf, 'mxnet/numpy/utils.py copies it'),
    'NAN': (math.nan, 'mxnet/numpy/utils.py copies it'),
    'NaN': (math.nan, 'mxnet/numpy/utils.py copies it'),
    'Inf': (math.inf, 'a default argument in mxnet/gluon/contrib/estimator'),
    'bool': (bool, 'mxnet/numpy/utils.py copies it (missing only in NumPy 1.24-1.26)'),
    'alltrue': (numpy.all, 'mxnet/numpy/fallback.py copies it'),
    'msort': (_msort, 'mxnet/numpy/fallback.py copies it'),
    'sometrue': (numpy.any, 'mxnet/numpy_dispatch_protocol.py registers it'),
    'product': (numpy.prod, 'mxnet/numpy_dispatch_protocol.py registers it'),
    'round_': (numpy.round, 'mxnet/numpy_dispatch_protocol.py registers it'),
    **{name: (_financial(name), 'mxnet/numpy/fallback.py copies it')
       for name in ('mirr', 'npv', 'pmt', 'ppmt', 'pv', 'rate')},
}


def has(name):
    """Whether NumPy answers `numpy.<name>` (NumPy 1.x warns for some names; not here)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return hasattr(numpy, name)


def restore():
    """Set each name of MISSING that NumPy lacks; return the names set."""
    restored = [name for name in MISSING if not has(name)]
    for name in restored:
        setattr(numpy, name, MISSING[name][0])
    return restored

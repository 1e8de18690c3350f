"""The benchmark's realistic workload is the one the PyTorch peer trains on."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope='module')
def benchmark():
    spec = importlib.util.spec_from_file_location('benchmark', ROOT / 'benchmarks' / 'benchmark.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_realistic_workload_matches_the_peer(benchmark):
    # The figures `shared/peers/torch_seq2seq.py --num-train 13546` prints for its data.
    data_iter, src_vocab, tgt_vocab = benchmark.realistic_batches()
    X, X_valid_len, Y, Y_valid_len = data_iter.arrays
    assert (len(src_vocab), len(tgt_vocab)) == (2212, 3141)
    assert X.shape == Y.shape == (13546, 12)
    assert int(Y_valid_len.sum()) == 102296
    assert len(data_iter) == 106

"""The benchmark: its realistic workload has the sizes its notes state, the
PyTorch yardstick reads the same data as `d2l_local` (checked without PyTorch), and its
table of figures goes between the README's markers and nowhere else."""
import importlib.util
from pathlib import Path

import numpy as onp
import pytest

import d2l_local as d2l

ROOT = Path(__file__).resolve().parent.parent


def load(name):
    """A script of benchmarks/ as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / 'benchmarks' / f'{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def benchmark():
    return load('benchmark')


@pytest.fixture(scope='module')
def torch_script():
    return load('torch_seq2seq')  # its data functions need neither PyTorch nor MXNet


@pytest.fixture(scope='module')
def realistic(benchmark):
    return benchmark.realistic_batches()


def test_realistic_workload_has_the_stated_sizes(realistic):
    # The figures benchmarks/README.md states, and the earlier yardstick printed.
    data_iter, src_vocab, tgt_vocab = realistic
    X, X_valid_len, Y, Y_valid_len = data_iter.arrays
    assert (len(src_vocab), len(tgt_vocab)) == (2212, 3141)
    assert X.shape == Y.shape == (13546, 12)
    assert int(Y_valid_len.sum()) == 102296
    assert len(data_iter) == 106


@pytest.mark.parametrize('workload', ['lesson', 'realistic'])
def test_torch_script_reads_the_same_data(benchmark, torch_script, realistic, workload):
    sizes = torch_script.WORKLOADS[workload]
    if workload == 'lesson':
        data_iter, src_vocab, tgt_vocab = d2l.load_data_nmt(64, 10)
        assert sizes['size'] == benchmark.SIZES['embed_size'] == benchmark.SIZES['num_hiddens']
    else:
        data_iter, src_vocab, tgt_vocab = realistic
        assert sizes['size'] == benchmark.REALISTIC_SIZES['embed_size']
        assert sizes['size'] == benchmark.REALISTIC_SIZES['num_hiddens']
    arrays, src, tgt = torch_script.workload_data(workload)
    assert sizes['batch_size'] == data_iter.batch_size
    assert src == src_vocab.token_to_idx and tgt == tgt_vocab.token_to_idx
    for theirs, ours in zip(arrays, data_iter.arrays, strict=True):
        onp.testing.assert_array_equal(onp.array(theirs), ours)  # same rows, same order


def test_table_replaces_only_what_is_between_the_markers(benchmark):
    begin, end = benchmark.TABLE_BEGIN, benchmark.TABLE_END
    text = f'# Speed\n\nBefore.\n\n{begin}\nOld figures.\n\n| a |\n| --- |\n{end}\n\nAfter.\n'
    table = 'New figures.\n\n| b |\n| --- |'
    new = benchmark.replace_table(text, table + '\n')
    assert new == text.replace('Old figures.\n\n| a |\n| --- |', table)
    assert benchmark.replace_table(new, table) == new  # the same table: the same file
    for broken in ['no markers', f'{end}\n{begin}', f'{begin}{begin}{end}']:
        with pytest.raises(ValueError):
            benchmark.replace_table(broken, 'x')
    readme = (ROOT / 'benchmarks' / 'README.md').read_text()
    written = benchmark.replace_table(readme, 'x')
    assert written.split(begin)[0] == readme.split(begin)[0]
    assert written.split(end)[1] == readme.split(end)[1]


def test_table_rows_give_ratios_and_targets(benchmark):
    F = benchmark.Figure
    lesson = {'plain': dict(book=F(0.1, 20000), ours=F(0.04, 50000), torch=F(0.06, 40000)),
              'attention': dict(book=F(0.4, 5000), ours=F(0.12, 20000), torch=None)}
    realistic = {'plain': {'MXNet default': F(6.3, 16000), 'OMP_NUM_THREADS=2': F(4.2, 24000),
                           'PyTorch': F(7.1, 14000)}}
    rows = benchmark.table_rows(lesson, realistic, dict(seconds=40.0, iterations=9,
                                                        accuracy=0.9972))
    assert rows == [
        ['lesson, plain', '20,000 tokens/s', '50,000 tokens/s (0.040 s/epoch)',
         '40,000 tokens/s (0.060 s/epoch)', '1.25x PyTorch; 2.50x the book-style loop',
         '1.2x PyTorch: met; 2.5x the book-style loop: met'],
        ['lesson, attention', '5,000 tokens/s', '20,000 tokens/s (0.120 s/epoch)', '',
         '4.00x the book-style loop', ''],
        ["realistic, plain, MXNet's default threads", '', '16,000 tokens/s (6.3 s/epoch)',
         '14,000 tokens/s (7.1 s/epoch)', '1.14x PyTorch', '1.0x PyTorch: met'],
        ['realistic, plain, `OMP_NUM_THREADS=2`', '', '24,000 tokens/s (4.2 s/epoch)',
         '14,000 tokens/s (7.1 s/epoch)', '1.71x PyTorch', '1.2x PyTorch: met'],
        ['addition toy', '', '4.4 s/iteration, 99.72% after 9 iterations (40 s)', '', '',
         'under 90 s: met'],
    ]
    table = benchmark.figures_table(rows, 'Header.')
    assert table.splitlines()[2].startswith('| workload, model |')
    assert len(table.splitlines()) == 4 + len(rows)


def test_torch_result_lines_are_parsed(benchmark):
    output = ('loading\nRESULT workload=lesson model=plain threads=2 epochs=30 '
              'tokens_per_epoch=2534 tokens_per_sec=41179.2 seconds_per_epoch=0.06154 '
              'loss=0.0312 torch=2.13.0+cpu\n')
    run = benchmark.parse_results(output)['plain']
    assert (run['tokens_per_sec'], run['seconds_per_epoch'], run['torch']) == (
        41179.2, 0.06154, '2.13.0+cpu')


def test_torch_models_train(torch_script):
    torch = pytest.importorskip('torch')  # an extra of the benchmark, not of the course
    arrays, src_vocab, tgt_vocab = torch_script.workload_data('lesson')
    arrays = [torch.tensor(a[:130]) for a in arrays]
    for kind in ['plain', 'attention']:
        torch.manual_seed(0)
        net = torch_script.make_model(kind, len(src_vocab), len(tgt_vocab), 32)
        seconds, speed, loss = torch_script.train(net, arrays, 64, 2, tgt_vocab['<bos>'])
        assert seconds > 0 and speed > 0 and 0 < loss < 9

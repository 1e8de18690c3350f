"""Speed of the collection, measured side by side in one run (not a test).

    D2L_DATA_DIR=... .venv/bin/python benchmarks/benchmark.py [--epochs N] [--rounds R]
        [--no-notebooks] [--torch-python PATH [--torch-threads T]] [--write-table]
    D2L_DATA_DIR=... .venv/bin/python benchmarks/benchmark.py --transformer
        [--realistic-epochs N] [--rounds R] [--torch-python PATH [--peer SCRIPT]]

Prints one line per figure: seconds per epoch and target tokens per second of the
book-style imperative loop and of `d2l.train_seq2seq`, for the plain and the attention
models; the same for `d2l.train_seq2seq` at a realistic vocabulary (3,141 French words),
with MXNet's default number of threads and with one per CPU; the addition toy's
seconds per iteration and its accuracy after its nine iterations; the wall time of
executing each notebook; and that of the strict nbval run of all notebooks. With
`--torch-python`, that interpreter also runs `torch_seq2seq.py` (the same models and data
in PyTorch, with one thread per CPU) in each round. Then it prints the table of the
figures, which `--write-table` also writes into benchmarks/README.md, between its markers.

`--transformer` measures only notebook 09's Transformer on the realistic workload (batches
of 64, Adam at 0.001), with MXNet's default threads and with one per CPU, against the same
model in PyTorch: the peer script `../shared/peers/torch_seq2seq.py --variant transformer`
(PyTorch's own post-norm encoder and decoder layers), run by `--torch-python`.
"""
import argparse
import collections
import datetime
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import d2l_local as d2l  # before MXNet: it restores the NumPy names MXNet 1.9.1 reads

# isort: split
from mxnet import autograd, gluon, init, np

ROOT = Path(__file__).resolve().parent.parent
TORCH_SCRIPT = ROOT / 'benchmarks' / 'torch_seq2seq.py'
README = ROOT / 'benchmarks' / 'README.md'
TABLE_BEGIN, TABLE_END = '<!-- benchmark table: begin -->', '<!-- benchmark table: end -->'
SIZES = dict(embed_size=32, num_hiddens=32, num_layers=2)
REALISTIC_SIZES = dict(embed_size=64, num_hiddens=64, num_layers=2)
# One measurement: the fewest seconds per epoch of a loop, with its tokens per second.
Figure = collections.namedtuple('Figure', ['seconds_per_epoch', 'tokens_per_sec'])


def book_style_batches(batch_size, num_steps):
    """The book's pipeline: a Gluon DataLoader over per-example arrays."""
    _, src_vocab, tgt_vocab = d2l.load_data_nmt(batch_size, num_steps)
    text = d2l.preprocess_nmt(d2l.read_data_nmt())
    source, target = d2l.tokenize_nmt(text, 600)
    arrays = (*d2l.build_array_nmt(source, src_vocab, num_steps),
              *d2l.build_array_nmt(target, tgt_vocab, num_steps))
    dataset = gluon.data.ArrayDataset(*arrays)
    return gluon.data.DataLoader(dataset, batch_size, shuffle=True), src_vocab, tgt_vocab


def book_style_clipping(net, theta):
    """Clipping as the book writes it: the norm is read on the host every batch."""
    params = [p for p in net.collect_params().values() if p.grad_req != 'null']
    norm = float(np.sqrt(sum((p.grad() ** 2).sum() for p in params)))
    if norm > theta:
        for p in params:
            p.grad()[:] *= theta / norm


def train_book_style(net, data_iter, lr, num_epochs, tgt_vocab, device):
    """The book's imperative loop: no hybridization, host reads every batch."""
    net.initialize(init.Xavier(), force_reinit=True, ctx=device)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    loss = d2l.MaskedSoftmaxCELoss()
    tokens, start = 0, time.time()
    for _ in range(num_epochs):
        for batch in data_iter:
            X, X_valid_len, Y, Y_valid_len = [a.as_in_ctx(device) for a in batch]
            with autograd.record():
                Y_hat, _ = net(X, d2l.decoder_input(Y, tgt_vocab['<bos>']), X_valid_len)
                l = loss(Y_hat, Y, Y_valid_len)
            l.backward()
            book_style_clipping(net, 1)
            num_tokens = float(Y_valid_len.sum())
            trainer.step(num_tokens)
            float(l.sum())  # the book's metric reads the loss every batch
            tokens += num_tokens
    seconds = time.time() - start
    return seconds / num_epochs, tokens / seconds


def plain_model(src_vocab, tgt_vocab):
    return d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), **SIZES),
                              d2l.Seq2SeqDecoder(len(tgt_vocab), **SIZES))


def attention_model(src_vocab, tgt_vocab):
    return d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), **SIZES),
                              d2l.Seq2SeqAttentionDecoder(len(tgt_vocab), **SIZES))


def report(name, seconds_per_epoch, tokens_per_sec):
    print(f'{name:<34} {seconds_per_epoch:7.3f} s/epoch {tokens_per_sec:10.0f} tokens/sec',
          flush=True)


def run_child(command, env=None):
    """The standard output of `command`; its error output if it fails."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f'{" ".join(command[:2])} failed:\n{done.stderr[-3000:]}')
    return done.stdout


def parse_results(output):
    """`torch_seq2seq.py`'s RESULT lines: their fields by model, numbers as floats."""
    results = {}
    for line in output.splitlines():
        if line.startswith('RESULT '):
            fields = dict(item.split('=', 1) for item in line.split()[1:])
            for key in ('tokens_per_sec', 'seconds_per_epoch'):
                fields[key] = float(fields[key])
            results[fields['model']] = fields
    return results


def on_threads(n):
    return f'{n} thread' + 's' * (n != 1)


def torch_runs(torch_python, workload, models, epochs, threads):
    """The PyTorch yardstick, in a child process of its own interpreter, on `threads`
    threads: each model's RESULT fields."""
    command = [torch_python, str(TORCH_SCRIPT), '--workload', workload, '--model', *models,
               '--epochs', str(epochs), '--threads', str(threads)]
    return parse_results(run_child(command, env=dict(os.environ, OMP_NUM_THREADS=str(threads))))


def compare_loops(name, make_model, epochs, rounds, device, torch_python=None, threads=1):
    """Book-style loop against d2l.train_seq2seq on the same model and data, and against
    PyTorch's if `torch_python` is given.

    They alternate for `rounds` rounds and the best round of each counts: on a shared
    machine that is the one least slowed down by other work."""
    book_iter, src_vocab, tgt_vocab = book_style_batches(64, 10)
    data_iter, _, _ = d2l.load_data_nmt(64, 10)
    d2l.set_seed(0)
    train_book_style(make_model(src_vocab, tgt_vocab), book_iter, 0.005, 1, tgt_vocab, device)
    book, ours, theirs = [], [], []
    for _ in range(rounds):
        d2l.set_seed(0)
        book.append(train_book_style(make_model(src_vocab, tgt_vocab), book_iter, 0.005,
                                     epochs, tgt_vocab, device))
        d2l.set_seed(0)
        result = d2l.train_seq2seq(make_model(src_vocab, tgt_vocab), data_iter, 0.005,
                                   epochs, tgt_vocab, device, plot=False)
        ours.append((result.seconds_per_epoch, result.tokens_per_sec))
        if torch_python:
            run = torch_runs(torch_python, 'lesson', [name], epochs, threads)[name]
            theirs.append((run['seconds_per_epoch'], run['tokens_per_sec']))
    # The fewest seconds per epoch.
    book, ours = Figure(*min(book)), Figure(*min(ours))
    theirs = Figure(*min(theirs)) if theirs else None
    report(f'{name}: book-style loop', *book)
    report(f'{name}: d2l.train_seq2seq', *ours)
    print(f'{name}: speed-up {ours.tokens_per_sec / book.tokens_per_sec:.2f}x', flush=True)
    if theirs:
        report(f'{name}: PyTorch, {on_threads(threads)}', *theirs)
        print(f'{name}: ratio to PyTorch {ours.tokens_per_sec / theirs.tokens_per_sec:.2f}x',
              flush=True)
    return dict(book=book, ours=ours, torch=theirs)


def realistic_batches(batch_size=128, num_steps=12, held_out=1000, num_train=13546):
    """The realistic workload (also that of `torch_seq2seq.py`): the pairs whose
    English starts with a pronoun and a form of "to be", both sides shorter than
    `num_steps`, shuffled with `random.Random(0)`; the first `held_out` are skipped and
    the next `num_train` kept. Vocabularies of 2,212 and 3,141 words (min_freq 2)."""
    source, target = d2l.tokenize_nmt(d2l.preprocess_nmt(d2l.read_data_nmt()))
    pairs = [(s, t) for s, t in zip(source, target)
             if ' '.join(s).startswith(d2l.PRONOUN_BE) and max(len(s), len(t)) < num_steps]
    random.Random(0).shuffle(pairs)
    source, target = zip(*pairs[held_out:held_out + num_train])
    src_vocab = d2l.Vocab(source, min_freq=2, reserved_tokens=d2l.RESERVED_TOKENS)
    tgt_vocab = d2l.Vocab(target, min_freq=2, reserved_tokens=d2l.RESERVED_TOKENS)
    arrays = (*d2l.build_array_nmt(source, src_vocab, num_steps),
              *d2l.build_array_nmt(target, tgt_vocab, num_steps))
    return d2l.BatchIterator(arrays, batch_size), src_vocab, tgt_vocab


def realistic_runs(epochs, device):
    """Plain and attention models at the realistic vocabulary, embed = hidden = 64:
    one JSON line each (run in a child process, whose thread count is fixed at start)."""
    data_iter, src_vocab, tgt_vocab = realistic_batches()
    for name, decoder in [('plain', d2l.Seq2SeqDecoder),
                          ('attention', d2l.Seq2SeqAttentionDecoder)]:
        d2l.set_seed(0)
        net = d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), **REALISTIC_SIZES),
                                 decoder(len(tgt_vocab), **REALISTIC_SIZES))
        result = d2l.train_seq2seq(net, data_iter, 0.005, epochs, tgt_vocab, device,
                                   plot=False)
        print(json.dumps(dict(model=name, seconds_per_epoch=result.seconds_per_epoch,
                              tokens_per_sec=result.tokens_per_sec,
                              loss=result.losses[-1])), flush=True)


def compare_threads(epochs, rounds, torch_python=None, threads=1):
    """The realistic workload with MXNet's default thread count (half the CPUs on x86:
    it assumes two hyper-threads per core) and with one thread per CPU, and PyTorch's on
    `threads` threads if `torch_python` is given, alternating for `rounds` rounds; the
    best round of each counts. Returns {model: {setting: Figure}}."""
    cpus = len(os.sched_getaffinity(0))
    settings = {'MXNet default': {}, f'OMP_NUM_THREADS={cpus}': {'OMP_NUM_THREADS': str(cpus)}}
    env = {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}
    best = {}

    def keep(model, label, run):
        figure = Figure(run['seconds_per_epoch'], run['tokens_per_sec'])
        if figure.tokens_per_sec > best.get(model, {}).get(label, Figure(0, 0)).tokens_per_sec:
            best.setdefault(model, {})[label] = figure

    for _ in range(rounds):
        for label, extra in settings.items():
            output = run_child([sys.executable, __file__, '--realistic-child',
                                '--epochs', str(epochs)], env={**env, **extra})
            for line in output.splitlines():
                if line.startswith('{'):
                    run = json.loads(line)
                    keep(run['model'], label, run)
        if torch_python:
            for model, run in torch_runs(torch_python, 'realistic', ['plain', 'attention'],
                                         epochs, threads).items():
                keep(model, 'PyTorch', run)
    for model, figures in best.items():
        for label, figure in figures.items():
            name = f'PyTorch, {on_threads(threads)}' if label == 'PyTorch' else label
            report(f'realistic {model}, {name}', *figure)
    if not torch_python:
        print('(no --torch-python: no PyTorch figures to compare with)', flush=True)
    return best


TRANSFORMER_SIZES = dict(num_hiddens=64, ffn_num_hiddens=128, num_heads=4, num_layers=2,
                         dropout=0.1)
PEER_SCRIPT = ROOT.parent / 'shared' / 'peers' / 'torch_seq2seq.py'


def transformer_run(epochs, device):
    """Notebook 09's Transformer on the realistic workload with its batches of 64 and Adam
    at 0.001: one JSON line (run in a child process, whose thread count is fixed at start)."""
    data_iter, src_vocab, tgt_vocab = realistic_batches(batch_size=64)
    d2l.set_seed(0)
    net = d2l.EncoderDecoder(d2l.TransformerEncoder(len(src_vocab), **TRANSFORMER_SIZES),
                             d2l.TransformerDecoder(len(tgt_vocab), **TRANSFORMER_SIZES))
    result = d2l.train_seq2seq(net, data_iter, 0.001, epochs, tgt_vocab, device, plot=False)
    print(json.dumps(dict(seconds_per_epoch=result.seconds_per_epoch,
                          tokens_per_sec=result.tokens_per_sec, loss=result.losses[-1])),
          flush=True)


def last_json(output):
    """The last JSON line a child process printed, as a dict."""
    return json.loads([line for line in output.splitlines() if line.startswith('{')][-1])


def peer_transformer(torch_python, peer, epochs, threads):
    """The peer's PyTorch Transformer (`--variant transformer`) on the same workload:
    tokens per second over all its epochs, as `train_seq2seq` counts them."""
    command = [torch_python, str(peer), '--variant', 'transformer', '--threads', str(threads),
               '--epochs', str(epochs), '--num-train', '13546', '--embed', '64',
               '--batch-size', '64', '--num-steps', '12', '--lr', '0.001',
               '--data', str(d2l.fra_eng_path())]
    run = last_json(run_child(command, env=dict(os.environ, OMP_NUM_THREADS=str(threads))))
    tokens = run['tgt_tokens_per_epoch'] * run['epochs']
    return Figure(run['total_wall_s'] / run['epochs'], tokens / run['total_wall_s'])


def compare_transformer(epochs, rounds, torch_python=None, peer=PEER_SCRIPT, threads=1):
    """Notebook 09's Transformer against the peer's PyTorch one, alternating for `rounds`
    rounds (the best round of each counts): MXNet with its default threads and with one
    per CPU, PyTorch on `threads`. Prints each figure and the ratios."""
    cpus = len(os.sched_getaffinity(0))
    settings = {'MXNet default': {}, f'OMP_NUM_THREADS={cpus}': {'OMP_NUM_THREADS': str(cpus)}}
    env = {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}
    torch_label, best = f'PyTorch, {on_threads(threads)}', {}

    def keep(label, figure):
        if figure.tokens_per_sec > best.get(label, Figure(0, 0)).tokens_per_sec:
            best[label] = figure

    for _ in range(rounds):
        for label, extra in settings.items():
            run = last_json(run_child([sys.executable, __file__, '--transformer-child',
                                       '--epochs', str(epochs)], env={**env, **extra}))
            keep(label, Figure(run['seconds_per_epoch'], run['tokens_per_sec']))
        if torch_python:
            keep(torch_label, peer_transformer(torch_python, peer, epochs, threads))
    for label, figure in best.items():
        report(f'Transformer, {label}', *figure)
    if torch_python:
        theirs = best[torch_label].tokens_per_sec
        for label in settings:
            print(f'Transformer, {label}: ratio to PyTorch '
                  f'{best[label].tokens_per_sec / theirs:.2f}x', flush=True)
    return best


def addition_toy(device):
    """Notebook 07's run: seconds per iteration and the validation accuracy it reaches."""
    d2l.set_seed(42)
    _, val, train = d2l.shuffle_split(*d2l.make_addition_data(55000), 5000, 5000)
    net = d2l.build_addition_model(device=device)
    start = time.time()
    history = d2l.train_addition(net, train, val, log=lambda line: None, device=device)
    seconds = time.time() - start
    print(f'addition toy: {seconds / len(history):.1f} s/iteration, '
          f'{history[-1]:.4f} accuracy after {len(history)} iterations in {seconds:.1f} s',
          flush=True)
    return dict(seconds=seconds, iterations=len(history), accuracy=history[-1])


def run_timed(command, cache):
    """Seconds `command` takes, with an empty folder of saved training runs (as in CI)."""
    start = time.time()
    subprocess.run(command, cwd=ROOT, env=dict(os.environ, D2L_CACHE_DIR=cache),
                   check=True, capture_output=True)
    return time.time() - start


def notebook_times():
    """Wall time of executing each notebook in turn (as `make run` does), then of the
    strict nbval run of them all on two workers (as `make test` does)."""
    total = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for path in sorted((ROOT / 'notebooks').glob('[0-9][0-9]_*.ipynb')):
            seconds = run_timed([sys.executable, '-m', 'jupyter', 'nbconvert', '--to',
                                 'notebook', '--execute', '--output-dir', folder, str(path)],
                                cache=folder)
            total += seconds
            print(f'notebook {path.name:<30} {seconds:7.1f} s', flush=True)
    print(f'notebooks one after another {"":<16} {total:7.1f} s', flush=True)
    with tempfile.TemporaryDirectory() as folder:
        seconds = run_timed([sys.executable, '-m', 'pytest', '-q', '-n', '2', 'notebooks'],
                            cache=folder)
    print(f'strict nbval run, 2 workers {"":<16} {seconds:7.1f} s', flush=True)
    return dict(one_after_another=total, nbval=seconds)


# --------------------------------------------------------------------- the table
# The speed issue's goals: ours over the other's tokens per second.
TARGETS = {
    ('lesson', 'plain'): {'PyTorch': 1.2, 'the book-style loop': 2.5},
    ('realistic', 'MXNet default'): {'PyTorch': 1.0},
    ('realistic', 'OMP_NUM_THREADS'): {'PyTorch': 1.2},
}
ADDITION_TARGET = 90  # seconds for the toy's nine iterations


def speed(figure, with_epoch=True):
    """`56,153 tokens/s (0.045 s/epoch)`, or '' for no figure."""
    if figure is None:
        return ''
    s = figure.seconds_per_epoch
    epoch = f' ({s:.3f} s/epoch)' if s < 1 else f' ({s:.1f} s/epoch)'
    return f'{figure.tokens_per_sec:,.0f} tokens/s' + (epoch if with_epoch else '')


def ratios(ours, others, targets):
    """The ratio cell and the target cell of a row: ours over each of `others`
    ({name: Figure or None}), and whether each of `targets` ({name: factor}) is met."""
    measured = {name: ours.tokens_per_sec / figure.tokens_per_sec
                for name, figure in others.items() if figure is not None}
    verdicts = [f'{factor}x {name}: ' + ('not measured' if name not in measured else
                                          'met' if measured[name] >= factor else 'not met')
                for name, factor in targets.items()]
    return ('; '.join(f'{ratio:.2f}x {name}' for name, ratio in measured.items()),
            '; '.join(verdicts))


def table_rows(lesson, realistic, addition=None, notebooks=None):
    """The table's rows from what `main` measured (cells as strings)."""
    rows = []
    for model, figures in lesson.items():
        cells = ratios(figures['ours'], {'PyTorch': figures['torch'],
                                         'the book-style loop': figures['book']},
                       TARGETS.get(('lesson', model), {}))
        rows.append([f'lesson, {model}', speed(figures['book'], False),
                     speed(figures['ours']), speed(figures['torch']), *cells])
    for model, figures in realistic.items():
        for label, figure in figures.items():
            if label == 'PyTorch':
                continue
            name = "MXNet's default threads" if label == 'MXNet default' else f'`{label}`'
            targets = TARGETS[('realistic', label.split('=')[0])]
            cells = ratios(figure, {'PyTorch': figures.get('PyTorch')}, targets)
            rows.append([f'realistic, {model}, {name}', '', speed(figure),
                         speed(figures.get('PyTorch')), *cells])
    if addition:
        met = 'met' if addition['seconds'] < ADDITION_TARGET else 'not met'
        rows.append(['addition toy', '',
                     f'{addition["seconds"] / addition["iterations"]:.1f} s/iteration, '
                     f'{addition["accuracy"]:.2%} after {addition["iterations"]} iterations '
                     f'({addition["seconds"]:.0f} s)', '', '',
                     f'under {ADDITION_TARGET} s: {met}'])
    if notebooks:
        rows.append(['notebooks, executed one after another', '',
                     f'{notebooks["one_after_another"]:.0f} s', '', '', ''])
        rows.append(['notebooks, strict nbval run on 2 workers', '',
                     f'{notebooks["nbval"]:.0f} s', '', '', ''])
    return rows


def machine():
    """`AMD EPYC, 2 CPUs (2 cores), AVX-512`, from /proc/cpuinfo where there is one."""
    path = Path('/proc/cpuinfo')
    info = path.read_text() if path.is_file() else ''

    def field(name):
        found = re.search(rf'^{name}\s*:\s*(.*)$', info, re.MULTILINE)
        return found.group(1).strip() if found else ''

    flags = field('flags').split()
    simd = 'AVX-512' if 'avx512f' in flags else 'AVX2' if 'avx2' in flags else 'no AVX2'
    cores = f' ({field("cpu cores")} cores)' if field('cpu cores') else ''
    model = field('model name') or platform.processor() or 'unknown CPU'
    return f'{model}, {len(os.sched_getaffinity(0))} CPUs{cores}, {simd}'


def table_header(args):
    """When, on what and how the figures were measured, wrapped for the README."""
    if args.torch_python:
        version = run_child([args.torch_python, '-c', 'import torch; print(torch.__version__)'])
        torch = f'PyTorch {version.strip()} on {on_threads(args.torch_threads)}'
    else:
        torch = 'no PyTorch run'
    rounds = (f'the best of {args.rounds} alternating rounds' if args.rounds > 1 else
              'one round')
    return textwrap.fill(
        f'Measured on {datetime.date.today().isoformat()} on {machine()}: '
        f'{d2l.versions()}; {torch}. `benchmark.py`: {args.epochs} epochs a round at the '
        f'lesson size and {args.realistic_epochs} at the realistic one, {rounds}. Tokens '
        "per second over all epochs; a ratio is ours over the other loop's in the same run.",
        90)


def figures_table(rows, header):
    """`header`, then the rows as a Markdown table."""
    columns = ['workload, model', 'book-style loop', '`d2l.train_seq2seq`', 'PyTorch',
               'ratio', 'target']
    lines = [header, '', '| ' + ' | '.join(columns) + ' |', '|' + ' --- |' * len(columns)]
    lines += ['| ' + ' | '.join(row) + ' |' for row in rows]
    return '\n'.join(lines)


def replace_table(text, table):
    """`text` with what lies between its table markers replaced by `table`."""
    if text.count(TABLE_BEGIN) != 1 or text.count(TABLE_END) != 1:
        raise ValueError(f'expected one {TABLE_BEGIN} and one {TABLE_END}')
    start, end = text.index(TABLE_BEGIN) + len(TABLE_BEGIN), text.index(TABLE_END)
    if end < start:
        raise ValueError(f'{TABLE_END} comes before {TABLE_BEGIN}')
    return text[:start] + '\n' + table.strip('\n') + '\n' + text[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--realistic-epochs', type=int, default=3)
    parser.add_argument('--no-notebooks', action='store_true')
    parser.add_argument('--torch-python', metavar='PATH',
                        help='a Python with PyTorch (benchmarks/requirements-torch.txt) to '
                             'run torch_seq2seq.py in each round')
    parser.add_argument('--torch-threads', type=int, default=len(os.sched_getaffinity(0)),
                        help="PyTorch's threads (default: one per CPU, as the "
                             'OMP_NUM_THREADS rows)')
    parser.add_argument('--write-table', action='store_true',
                        help='write the table into the README, between its markers')
    parser.add_argument('--readme', type=Path, default=README,
                        help='the file --write-table writes into (default: benchmarks/README.md)')
    parser.add_argument('--transformer', action='store_true',
                        help="only notebook 09's Transformer against the peer's PyTorch one "
                             '(--torch-python, --peer), on the realistic workload')
    parser.add_argument('--peer', type=Path, default=PEER_SCRIPT,
                        help='the peer script with --variant transformer (default: '
                             '../shared/peers/torch_seq2seq.py next to the repository)')
    parser.add_argument('--realistic-child', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('--transformer-child', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args()
    device = d2l.try_gpu()
    if args.realistic_child:
        return realistic_runs(args.epochs, device)
    if args.transformer_child:
        return transformer_run(args.epochs, device)
    print(d2l.versions(), '| device', device, '|', machine(), flush=True)
    if args.transformer:
        return compare_transformer(args.realistic_epochs, args.rounds, args.torch_python,
                                   args.peer, args.torch_threads)
    yardstick = dict(torch_python=args.torch_python, threads=args.torch_threads)
    lesson = {name: compare_loops(name, make_model, args.epochs, args.rounds, device,
                                  **yardstick)
              for name, make_model in [('plain', plain_model), ('attention', attention_model)]}
    plain, attention = (lesson[name]['ours'].seconds_per_epoch for name in lesson)
    print(f'attention epoch / plain epoch: {attention / plain:.2f}', flush=True)
    realistic = compare_threads(args.realistic_epochs, args.rounds, **yardstick)
    addition = addition_toy(device)
    notebooks = None if args.no_notebooks else notebook_times()
    table = figures_table(table_rows(lesson, realistic, addition, notebooks),
                          table_header(args))
    print(table, flush=True)
    if args.write_table:
        args.readme.write_text(replace_table(args.readme.read_text(), table))
        print(f'table written into {args.readme}', flush=True)


if __name__ == '__main__':
    main()

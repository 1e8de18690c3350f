"""Speed of the collection, measured side by side in one run (not a test).

    D2L_DATA_DIR=... .venv/bin/python benchmarks/benchmark.py [--epochs N] [--rounds R]
                                                              [--no-notebooks]

Prints one line per figure: seconds per epoch and target tokens per second of the
book-style imperative loop and of `d2l.train_seq2seq`, for the plain and the attention
models; the same for `d2l.train_seq2seq` at a realistic vocabulary (3,141 French words),
with MXNet's default number of threads and with one per CPU; the addition toy's
seconds per iteration and its accuracy after its nine iterations; the wall time of
executing each notebook; and that of the strict nbval run of all notebooks.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import d2l_local as d2l  # before MXNet: it restores the NumPy names MXNet 1.9.1 reads

# isort: split
from mxnet import autograd, gluon, init, np

ROOT = Path(__file__).resolve().parent.parent
SIZES = dict(embed_size=32, num_hiddens=32, num_layers=2)


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


def compare_loops(name, make_model, epochs, rounds, device):
    """Book-style loop against d2l.train_seq2seq on the same model and data.

    The two alternate for `rounds` rounds and the best round of each counts: on a shared
    machine that is the one least slowed down by other work."""
    book_iter, src_vocab, tgt_vocab = book_style_batches(64, 10)
    data_iter, _, _ = d2l.load_data_nmt(64, 10)
    d2l.set_seed(0)
    train_book_style(make_model(src_vocab, tgt_vocab), book_iter, 0.005, 1, tgt_vocab, device)
    book, ours = [], []
    for _ in range(rounds):
        d2l.set_seed(0)
        book.append(train_book_style(make_model(src_vocab, tgt_vocab), book_iter, 0.005,
                                     epochs, tgt_vocab, device))
        d2l.set_seed(0)
        result = d2l.train_seq2seq(make_model(src_vocab, tgt_vocab), data_iter, 0.005,
                                   epochs, tgt_vocab, device, plot=False)
        ours.append((result.seconds_per_epoch, result.tokens_per_sec))
    book, ours = min(book), min(ours)  # the fewest seconds per epoch
    report(f'{name}: book-style loop', *book)
    report(f'{name}: d2l.train_seq2seq', *ours)
    print(f'{name}: speed-up {ours[1] / book[1]:.2f}x', flush=True)
    return ours[0]


def realistic_batches(batch_size=128, num_steps=12, held_out=1000, num_train=13546):
    """The workload of `shared/peers/torch_seq2seq.py --num-train 13546`: the pairs whose
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
    sizes = dict(embed_size=64, num_hiddens=64, num_layers=2)
    for name, decoder in [('plain', d2l.Seq2SeqDecoder),
                          ('attention', d2l.Seq2SeqAttentionDecoder)]:
        d2l.set_seed(0)
        net = d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), **sizes),
                                 decoder(len(tgt_vocab), **sizes))
        result = d2l.train_seq2seq(net, data_iter, 0.005, epochs, tgt_vocab, device,
                                   plot=False)
        print(json.dumps(dict(model=name, seconds_per_epoch=result.seconds_per_epoch,
                              tokens_per_sec=result.tokens_per_sec,
                              loss=result.losses[-1])), flush=True)


def compare_threads(epochs, rounds):
    """The realistic workload with MXNet's default thread count (half the CPUs on x86:
    it assumes two hyper-threads per core) and with one thread per CPU, alternating for
    `rounds` rounds; the best round of each counts."""
    cpus = len(os.sched_getaffinity(0))
    settings = {'MXNet default': {}, f'OMP_NUM_THREADS={cpus}': {'OMP_NUM_THREADS': str(cpus)}}
    env = {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}
    best = {}
    for _ in range(rounds):
        for label, extra in settings.items():
            done = subprocess.run([sys.executable, __file__, '--realistic-child',
                                   '--epochs', str(epochs)], env={**env, **extra},
                                  check=True, capture_output=True, text=True)
            for line in done.stdout.splitlines():
                if line.startswith('{'):
                    run = json.loads(line)
                    key = (run['model'], label)
                    if key not in best or run['tokens_per_sec'] > best[key]['tokens_per_sec']:
                        best[key] = run
    for (model, label), run in sorted(best.items()):
        report(f'realistic {model}, {label}', run['seconds_per_epoch'], run['tokens_per_sec'])
    print('(PyTorch 2, 2 threads, same workload, 2026-11-23: plain 14.1k, attention 7.1k '
          'tokens/sec on an AVX2 machine; compare with a peer run on this machine)',
          flush=True)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--realistic-epochs', type=int, default=3)
    parser.add_argument('--no-notebooks', action='store_true')
    parser.add_argument('--realistic-child', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args()
    device = d2l.try_gpu()
    if args.realistic_child:
        return realistic_runs(args.epochs, device)
    print(d2l.versions(), '| device', device, flush=True)
    plain = compare_loops('plain', plain_model, args.epochs, args.rounds, device)
    attention = compare_loops('attention', attention_model, args.epochs, args.rounds, device)
    print(f'attention epoch / plain epoch: {attention / plain:.2f}', flush=True)
    compare_threads(args.realistic_epochs, args.rounds)
    addition_toy(device)
    if not args.no_notebooks:
        notebook_times()


if __name__ == '__main__':
    main()

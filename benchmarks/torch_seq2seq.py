"""The benchmark's workloads in PyTorch: the yardstick `benchmark.py --torch-python` runs.

    python benchmarks/torch_seq2seq.py --workload lesson --model plain attention
                                       [--epochs N] [--threads T] [--data-dir DIR]

Trains on the CPU what `benchmark.py` trains with `d2l.train_seq2seq`, on the same data:
the lesson's 600 pairs (embed = hidden = 32, batches of 64, 10 steps) or the realistic
pronoun + "to be" subset (13,546 pairs, embed = hidden = 64, batches of 128, 12 steps).
The models are those of `d2l_local`: an embedding and a 2-layer LSTM encoder; a 2-layer
LSTM decoder started from the encoder's final state, fed its embedded input (`plain`)
or, at each step, the embedding joined by an additive-attention context over the
encoder outputs (`attention`); a dense output layer. Masked softmax cross-entropy,
Xavier initialisation, Adam (learning rate 0.005), gradient clipping to norm 1. For each
model it prints one line, for example

    RESULT workload=lesson model=plain threads=2 epochs=30 tokens_per_epoch=... \
tokens_per_sec=... seconds_per_epoch=... loss=... torch=...

with tokens per second over all epochs, timed as `d2l.train_seq2seq` times them.

It needs PyTorch (benchmarks/requirements-torch.txt) and not MXNet, so it runs in a
virtual environment of its own. The data functions need neither: tests/test_benchmark.py
checks them against `d2l_local`'s pipeline without PyTorch.
"""
import argparse
import collections
import os
import random
import re
import time
import types
from pathlib import Path

try:
    import torch
    from torch import nn
    from torch.nn import functional as F
except ModuleNotFoundError:  # the data functions still work; no model can be built
    torch = F = None
    nn = types.SimpleNamespace(Module=object)

DATA_ENV = 'D2L_DATA_DIR'
RESERVED_TOKENS = ['<pad>', '<bos>', '<eos>']
PRONOUN_BE = ('i am ', "i'm ", 'he is ', "he's ", 'she is ', "she's ", 'you are ',
              "you're ", 'we are ', "we're ", 'they are ', "they're ")
# What `benchmark.py` trains: the data, batch and model sizes, and its default epochs.
WORKLOADS = {
    'lesson': dict(batch_size=64, num_steps=10, size=32, epochs=30),
    'realistic': dict(batch_size=128, num_steps=12, size=64, epochs=3),
}


# ------------------------------------------------------------------ data (no PyTorch)
def data_dir():
    """`$D2L_DATA_DIR`, else `data/` at the top of the repository, as for d2l_local."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return Path(__file__).resolve().parent.parent / 'data'


def read_pairs(folder=None, num_examples=None):
    """Source and target tokens of the first `num_examples` lines of fra.txt (all if
    None), preprocessed as `d2l_local.preprocess_nmt` and `tokenize_nmt` do."""
    path = Path(folder or data_dir()) / 'fra-eng' / 'fra.txt'
    if not path.is_file():
        raise SystemExit(f'{path} is missing: set {DATA_ENV} to the folder of fra-eng/')
    text = path.read_text(encoding='utf-8')
    text = re.sub('[\u00ad\u200b-\u200d\u2060\ufeff]', '', text)
    text = re.sub(r'[^\S\t\n]+', ' ', text).lower()
    text = re.sub(r'(?<=\S)([,.!?])', r' \1', text)
    source, target = [], []
    for line in text.split('\n'):
        if num_examples is not None and len(source) >= num_examples:
            break
        parts = line.split('\t')
        if len(parts) >= 2:
            source.append(parts[0].split(' '))
            target.append(parts[1].split(' '))
    return source, target


def vocabulary(lines, min_freq=2):
    """Token -> index, as d2l's `Vocab`: `<unk>`, the reserved tokens and every token
    seen at least `min_freq` times, in sorted order."""
    counts = collections.Counter(token for line in lines for token in line)
    tokens = {'<unk>', *RESERVED_TOKENS, *(t for t, n in counts.items() if n >= min_freq)}
    return {token: i for i, token in enumerate(sorted(tokens))}


def index_rows(lines, vocab, num_steps):
    """Each line's indices with `<eos>` appended, cut or padded to `num_steps`, and the
    number of its positions that are not padding."""
    pad, unk = vocab['<pad>'], vocab['<unk>']
    rows = []
    for line in lines:
        row = [vocab.get(token, unk) for token in line] + [vocab['<eos>']]
        rows.append((row + [pad] * num_steps)[:num_steps])
    return rows, [sum(i != pad for i in row) for row in rows]


def workload_data(name, folder=None):
    """The arrays (source, its valid lengths, target, its valid lengths, as lists) and
    both vocabularies of a workload: the lesson's first 600 pairs, or the realistic
    subset of `benchmark.realistic_batches` (the pairs whose English starts with a
    pronoun and a form of "to be", both sides shorter than 12 tokens, shuffled with
    `random.Random(0)`, the first 1,000 skipped and the next 13,546 kept)."""
    num_steps = WORKLOADS[name]['num_steps']
    if name == 'lesson':
        source, target = read_pairs(folder, num_examples=600)
    else:
        pairs = [(s, t) for s, t in zip(*read_pairs(folder))
                 if ' '.join(s).startswith(PRONOUN_BE) and max(len(s), len(t)) < num_steps]
        random.Random(0).shuffle(pairs)
        source, target = zip(*pairs[1000:1000 + 13546])
    src_vocab, tgt_vocab = vocabulary(source), vocabulary(target)
    arrays = (*index_rows(source, src_vocab, num_steps),
              *index_rows(target, tgt_vocab, num_steps))
    return arrays, src_vocab, tgt_vocab


# ------------------------------------------------------------------------- models
class Encoder(nn.Module):
    """Embedding, then a multi-layer LSTM over the source (time-major inside)."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.LSTM(embed_size, num_hiddens, num_layers)

    def forward(self, X):
        return self.rnn(self.embedding(X.t()))  # outputs (steps, batch, hiddens), (h, c)


class PlainDecoder(nn.Module):
    """An LSTM started from the encoder's final state, over the embedded targets."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.LSTM(embed_size, num_hiddens, num_layers)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def forward(self, Y_in, enc_outputs, state, enc_valid_len):
        outputs, _ = self.rnn(self.embedding(Y_in.t()), state)
        return self.dense(outputs.transpose(0, 1))  # (batch, steps, vocab)


class AttentionDecoder(nn.Module):
    """Before each step, additive attention from the top layer's previous hidden state
    to the encoder outputs (past each source's length masked); the context joins the
    step's embedding as the LSTM's input."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers):
        super().__init__()
        self.W_k = nn.Linear(num_hiddens, num_hiddens, bias=False)
        self.W_q = nn.Linear(num_hiddens, num_hiddens, bias=False)
        self.w_v = nn.Linear(num_hiddens, 1, bias=False)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.LSTM(embed_size + num_hiddens, num_hiddens, num_layers)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def forward(self, Y_in, enc_outputs, state, enc_valid_len):
        values = enc_outputs.transpose(0, 1)                 # (batch, src_steps, hiddens)
        keys = self.W_k(values)                              # once per batch
        padding = torch.arange(values.shape[1]) >= enc_valid_len[:, None]
        outputs = []
        for x in self.embedding(Y_in.t()):                   # x: (batch, embed)
            query = self.W_q(state[0][-1])                   # (batch, hiddens)
            scores = self.w_v(torch.tanh(keys + query[:, None])).squeeze(-1)
            weights = torch.softmax(scores.masked_fill(padding, -1e6), dim=-1)
            context = torch.bmm(weights[:, None], values)[:, 0]  # (batch, hiddens)
            out, state = self.rnn(torch.cat([x, context], dim=-1)[None], state)
            outputs.append(out)
        return self.dense(torch.cat(outputs).transpose(0, 1))  # (batch, steps, vocab)


class EncoderDecoder(nn.Module):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def forward(self, X, Y_in, X_valid_len):
        enc_outputs, state = self.encoder(X)
        return self.decoder(Y_in, enc_outputs, state, X_valid_len)


def make_model(kind, src_vocab_size, tgt_vocab_size, size, num_layers=2):
    """`plain` or `attention`, with Xavier-uniform weights and zero biases (MXNet's
    `init.Xavier()`: embeddings included)."""
    decoder = {'plain': PlainDecoder, 'attention': AttentionDecoder}[kind]
    net = EncoderDecoder(Encoder(src_vocab_size, size, size, num_layers),
                         decoder(tgt_vocab_size, size, size, num_layers))
    for param in net.parameters():
        if param.dim() == 2:
            nn.init.xavier_uniform_(param)
        else:
            nn.init.zeros_(param)
    return net


# ----------------------------------------------------------------------- training
def masked_ce(Y_hat, Y, Y_valid_len):
    """Per sequence: the cross-entropy summed over its valid positions and divided by
    the number of steps, as `d2l_local.MaskedSoftmaxCELoss`."""
    ce = F.cross_entropy(Y_hat.reshape(-1, Y_hat.shape[-1]), Y.reshape(-1),
                         reduction='none').reshape(Y.shape)
    valid = torch.arange(Y.shape[1]) < Y_valid_len[:, None]
    return (ce * valid).mean(dim=1)


def batches(arrays, batch_size):
    """The rows in a new random order each epoch, as `d2l_local.BatchIterator`."""
    order = torch.randperm(len(arrays[0]))
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        yield tuple(a[rows] for a in arrays)


def train(net, arrays, batch_size, epochs, bos, lr=0.005):
    """`d2l.train_seq2seq`'s loop. Returns seconds per epoch, target tokens per second
    over all epochs and the last epoch's loss per token. Gluon's `trainer.step` also
    divides the gradient by the token count; Adam's steps do not depend on that scale
    (but for its epsilon), so it is left out."""
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    tokens, start = 0, time.perf_counter()
    for _ in range(epochs):
        loss_sum, epoch_tokens = 0.0, 0
        for X, X_valid_len, Y, Y_valid_len in batches(arrays, batch_size):
            Y_in = torch.cat([torch.full_like(Y[:, :1], bos), Y[:, :-1]], dim=1)
            l = masked_ce(net(X, Y_in, X_valid_len), Y, Y_valid_len)
            optimizer.zero_grad()
            l.sum().backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1)
            optimizer.step()
            loss_sum += float(l.detach().sum()) * Y.shape[1]
            epoch_tokens += int(Y_valid_len.sum())
        tokens += epoch_tokens
    seconds = time.perf_counter() - start
    return seconds / epochs, tokens / seconds, loss_sum / epoch_tokens


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workload', choices=WORKLOADS, default='lesson')
    parser.add_argument('--model', nargs='+', choices=['plain', 'attention'],
                        default=['plain', 'attention'])
    parser.add_argument('--epochs', type=int, help="default: the benchmark's")
    parser.add_argument('--threads', type=int, default=len(os.sched_getaffinity(0)),
                        help='PyTorch threads (default: one per CPU)')
    parser.add_argument('--data-dir', help=f'the folder of fra-eng/ (default: ${DATA_ENV})')
    args = parser.parse_args()
    if torch is None:
        raise SystemExit('PyTorch is missing: pip install -r benchmarks/requirements-torch.txt')
    workload = WORKLOADS[args.workload]
    epochs = args.epochs or workload['epochs']
    torch.set_num_threads(args.threads)
    arrays, src_vocab, tgt_vocab = workload_data(args.workload, args.data_dir)
    arrays = [torch.tensor(a) for a in arrays]
    for kind in args.model:
        torch.manual_seed(0)
        net = make_model(kind, len(src_vocab), len(tgt_vocab), workload['size'])
        seconds, speed, loss = train(net, arrays, workload['batch_size'], epochs,
                                     tgt_vocab['<bos>'])
        print(f'RESULT workload={args.workload} model={kind} threads={args.threads} '
              f'epochs={epochs} tokens_per_epoch={int(arrays[3].sum())} '
              f'tokens_per_sec={speed:.1f} seconds_per_epoch={seconds:.5f} '
              f'loss={loss:.4f} torch={torch.__version__}', flush=True)


if __name__ == '__main__':
    main()

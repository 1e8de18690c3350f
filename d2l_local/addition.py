"""Learning to add: a Keras-style LSTM that reads `a+b` and writes the sum.

The pieces for notebook 07: the character table, the question generator,
the small blocks a Keras user misses in Gluon (`RepeatVector`, `KerasLSTM`),
the model, an exact-match accuracy and a training loop with a fixed learning-rate
schedule.
"""
import time

import numpy as onp
from mxnet import autograd, gluon, init, np
from mxnet.gluon import nn, rnn

CHARS = '0123456789+ '
DIGITS = 3
MAXLEN = DIGITS + 1 + DIGITS  # longest question: 'ddd+ddd'
ANSWER_LEN = DIGITS + 1       # longest answer: 999 + 999 = 1998
GREEN, RED, RESET = '\033[92m', '\033[91m', '\033[0m'
RIGHT, WRONG = '\u2611', '\u2612'


class CharTable:
    """Maps characters to one-hot rows and back."""

    def __init__(self, chars=CHARS):
        self.chars = sorted(set(chars))
        self.char_indices = {c: i for i, c in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def indices(self, text):
        """Index of each character of `text`: shape (len(text),)."""
        return onp.array([self.char_indices[c] for c in text], dtype=onp.int64)

    def encode(self, text, num_rows=None):
        """One-hot rows of `text`, padded with spaces to `num_rows`: (num_rows, len(self))."""
        num_rows = len(text) if num_rows is None else num_rows
        if len(text) > num_rows:
            raise ValueError(f'{text!r} is longer than {num_rows} characters')
        return onp.eye(len(self), dtype=onp.float32)[self.indices(text.ljust(num_rows))]

    def encode_many(self, texts, num_rows):
        """One-hot rows of strings padded to `num_rows`: (len(texts), num_rows, len(self))."""
        idx = onp.array([self.indices(t.ljust(num_rows)) for t in texts])  # (n, num_rows)
        return onp.eye(len(self), dtype=onp.float32)[idx]

    def decode(self, x):
        """Text of one sequence: indices (T,), or one-hot / probability rows (T, len(self))."""
        x = x.asnumpy() if hasattr(x, 'asnumpy') else onp.asarray(x)
        if x.ndim == 2:
            x = x.argmax(axis=-1)
        return ''.join(self.chars[int(i)] for i in x)


def generate_questions(num_questions=50000, digits=DIGITS, reverse=True, seed=0):
    """`num_questions` unique `a+b` questions and their sums as padded strings.

    A pair and its swap count as one question. Questions are padded with spaces
    to 2 * digits + 1 characters and then reversed if `reverse`; answers are
    padded to digits + 1 characters.
    """
    max_pairs = (10 ** digits) * (10 ** digits + 1) // 2
    if num_questions > max_pairs:
        raise ValueError(f'only {max_pairs} distinct questions with {digits} digits')
    rng = onp.random.default_rng(seed)
    seen, questions, answers = set(), [], []
    while len(questions) < num_questions:
        # Each number gets 1 to `digits` random digits, so short numbers are as
        # common as long ones. Chunks of a fixed size make the first k questions
        # the same whatever num_questions is.
        lengths = rng.integers(1, digits + 1, size=(4096, 2))
        for a, b in rng.integers(0, 10 ** lengths).tolist():
            key = (min(a, b), max(a, b))
            if key in seen:
                continue
            seen.add(key)
            question = f'{a}+{b}'.ljust(2 * digits + 1)
            questions.append(question[::-1] if reverse else question)
            answers.append(str(a + b).ljust(digits + 1))
            if len(questions) == num_questions:
                break
    return questions, answers


def make_addition_data(num_questions=50000, digits=DIGITS, reverse=True, seed=0,
                       table=None):
    """One-hot questions x (n, 2*digits+1, V) and answers y (n, digits+1, V), numpy float32."""
    table = CharTable() if table is None else table
    questions, answers = generate_questions(num_questions, digits, reverse, seed)
    x = table.encode_many(questions, 2 * digits + 1)
    y = table.encode_many(answers, digits + 1)
    return x, y


def shuffle_split(x, y, *sizes, seed=0):
    """Shuffle the examples with a fixed seed, then cut them into parts of `sizes`.

    Returns one (x, y) pair per size and a last one with the rest. Shuffling first
    matters: the generator skips repeats, so late questions are longer than early ones."""
    order = onp.random.default_rng(seed).permutation(len(x))
    bounds = onp.cumsum([0, *sizes, len(x) - sum(sizes)])
    return [(x[order[a:b]], y[order[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]


class RepeatVector(nn.HybridBlock):
    """Repeat a vector over `n` time steps: (N, C) -> (N, n, C)."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n

    def hybrid_forward(self, F, x):
        return F.np.repeat(F.np.expand_dims(x, 1), self.n, axis=1)


class KerasLSTM(nn.HybridBlock):
    """A batch-first LSTM like Keras' `LSTM(units, return_sequences=...)`.

    (N, T, C) -> (N, T, units) if `return_sequences`, else the last step (N, units).
    It passes zero begin states itself, which a hybridized `rnn.LSTM` needs under
    `npx.set_np()`, and wraps the fused (oneDNN) `rnn.LSTM` layer.
    """

    def __init__(self, units, return_sequences=False, input_size=0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.return_sequences = return_sequences
        self.lstm = rnn.LSTM(units, layout='NTC', input_size=input_size)

    def hybrid_forward(self, F, x):
        zeros = F.np.zeros_like(x[:, 0, :1])                                 # (N, 1)
        state = F.np.expand_dims(F.np.repeat(zeros, self.units, axis=1), 0)  # (1, N, units)
        outputs, _ = self.lstm(x, [state, state])                            # (N, T, units)
        return outputs if self.return_sequences else outputs[:, -1]


def build_addition_model(num_chars=len(CHARS), num_hiddens=128, answer_len=ANSWER_LEN,
                         device=None):
    """LSTM encoder -> last output repeated `answer_len` times -> LSTM -> Dense per step.

    (N, T, num_chars) -> (N, answer_len, num_chars) scores. Parameters are
    initialized (Xavier) on `device`; the model is not hybridized yet.
    """
    net = nn.HybridSequential()
    net.add(KerasLSTM(num_hiddens, input_size=num_chars),              # (N, H)
            RepeatVector(answer_len),                                  # (N, answer_len, H)
            KerasLSTM(num_hiddens, return_sequences=True, input_size=num_hiddens),
            nn.Dense(num_chars, flatten=False, in_units=num_hiddens))  # (N, answer_len, V)
    net.initialize(init.Xavier(), ctx=device)
    return net


def count_parameters(block):
    """Number of scalar parameters of a block."""
    return sum(int(onp.prod(p.shape)) for p in block.collect_params().values())


def keras_lstm_parameters(units, input_size):
    """What Keras counts for LSTM(units): one bias vector per gate, not two."""
    return 4 * units * (input_size + units + 1)


def exact_match_accuracy(scores, labels):
    """Fraction of sequences whose every step is right.

    scores (N, T, V) scores or probabilities; labels (N, T) indices or (N, T, V) one-hot.
    """
    scores = scores.asnumpy() if hasattr(scores, 'asnumpy') else onp.asarray(scores)
    labels = labels.asnumpy() if hasattr(labels, 'asnumpy') else onp.asarray(labels)
    if labels.ndim == 3:
        labels = labels.argmax(axis=-1)
    return float((scores.argmax(axis=-1) == labels).all(axis=1).mean())


def predict_batched(net, x, batch_size=1000):
    """Scores for all of x (N, T, V) in batches of `batch_size`: (N, answer_len, V)."""
    return np.concatenate([net(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])


def sample_lines(table, x, y, scores, reverse=True, color=True):
    """One `Q 623+449 T 1072 ☑ 1072` line per example, green if right, red if wrong."""
    lines = []
    for xi, yi, si in zip(x, y, scores):
        question, truth, guess = table.decode(xi), table.decode(yi), table.decode(si)
        question = question[::-1] if reverse else question
        right = truth == guess
        mark = RIGHT if right else WRONG
        start, end = ((GREEN if right else RED), RESET) if color else ('', '')
        lines.append(f'Q {question} T {truth} {start}{mark} {guess}{end}')
    return lines


def train_addition_epoch(net, loss, trainer, x, y, batch_size, rng):
    """One pass over shuffled (x, y) in full batches; the mean training loss.

    x (n, T, V) and y (n, answer_len) class indices are MXNet arrays. The loss
    is summed on the device, so there is one host sync per pass, not per batch.
    """
    perm = np.array(rng.permutation(len(x)), dtype='int32', ctx=x.ctx)
    x, y = x[perm], y[perm]
    total, num_batches = np.zeros(1, ctx=x.ctx), len(x) // batch_size
    for i in range(0, num_batches * batch_size, batch_size):
        with autograd.record():
            l = loss(net(x[i:i + batch_size]), y[i:i + batch_size])
        l.backward()
        trainer.step(batch_size)
        total = total + l.sum()
    return float(total.item()) / (num_batches * batch_size)


def learning_rate_at(iteration, lr, lr_drop, decay_after):
    """The learning rate of `iteration` (from 1): `lr` up to `decay_after`, then
    multiplied by `lr_drop` at every further iteration."""
    return lr * lr_drop ** max(0, iteration - decay_after)


def train_addition(net, train, val, table=None, lr=5e-3, lr_drop=0.5, decay_after=6,
                   num_iterations=9, batch_size=128, num_samples=10, reverse=True, seed=0,
                   color=True, log=print, device=None):
    """Train with Adam for `num_iterations` passes over `train` (iterations).

    `train` and `val` are (x, y) pairs of one-hot numpy arrays (n, T, V) and
    (n, answer_len, V). The learning rate follows `learning_rate_at`. After each
    iteration it logs the validation accuracy, the seconds and `num_samples`
    validation lines. Returns the validation accuracy per iteration.
    """
    table = CharTable() if table is None else table
    # Separate generators: how many samples are shown does not change the training.
    shuffle_rng, sample_rng = onp.random.default_rng(seed), onp.random.default_rng(seed + 1)
    x_train = np.array(train[0], ctx=device)                                   # (n, T, V)
    y_train = np.array(train[1].argmax(axis=-1), dtype='float32', ctx=device)  # (n, answer_len)
    x_val = np.array(val[0], ctx=device)
    net.hybridize(static_alloc=True, static_shape=True)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    loss.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    history, started = [], time.perf_counter()
    for iteration in range(1, num_iterations + 1):
        start = time.perf_counter()
        trainer.set_learning_rate(learning_rate_at(iteration, lr, lr_drop, decay_after))
        train_loss = train_addition_epoch(net, loss, trainer, x_train, y_train, batch_size,
                                          shuffle_rng)
        scores = predict_batched(net, x_val).asnumpy()
        history.append(exact_match_accuracy(scores, val[1]))
        log(f'Iteration {iteration}: lr {trainer.learning_rate:g}, loss {train_loss:.4f}, '
            f'validation accuracy {history[-1]:.4f}, {time.perf_counter() - start:.1f} sec')
        pick = sample_rng.choice(len(val[0]), num_samples, replace=False)
        for line in sample_lines(table, val[0][pick], val[1][pick], scores[pick],
                                 reverse, color):
            log(line)
    seconds = time.perf_counter() - started
    log(f'Validation accuracy {history[-1]:.4f} after {len(history)} iterations: '
        f'{seconds:.1f} sec, {seconds / len(history):.1f} s/iteration')
    return history

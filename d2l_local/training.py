"""Training the encoder-decoder: gradient clipping and the loop."""
import collections
import hashlib

from d2l import mxnet as d2l
from mxnet import autograd, gluon, nd, np

from .checkpoints import save_run, start_training, training_key
from .losses import MaskedSoftmaxCELoss
from .plotting import Animator

TrainingResult = collections.namedtuple(
    'TrainingResult', ['losses', 'tokens_per_sec', 'seconds_per_epoch'])
ValidatedResult = collections.namedtuple(
    'ValidatedResult', ['losses', 'valid_losses', 'best_epoch', 'tokens_per_sec',
                        'seconds_per_epoch'])


def grad_clipping(net, theta):
    """Rescale all gradients so that their joint L2 norm is at most `theta`.

    The norm stays on the device (no host synchronisation)."""
    grads = [p.grad() for p in net.collect_params().values() if p.grad_req != 'null']
    squares = nd.multi_sum_sq(*[g.as_nd_ndarray() for g in grads], num_arrays=len(grads))
    norm = np.sqrt(squares.as_np_ndarray().sum())
    scale = np.minimum(1.0, theta / (norm + 1e-12))
    for g in grads:
        g *= scale


def decoder_input(Y, bos_index):
    """Teacher forcing: `<bos>` followed by the target shifted right by one."""
    bos = np.full((Y.shape[0], 1), bos_index, dtype=Y.dtype, ctx=Y.ctx)
    return np.concatenate([bos, Y[:, :-1]], axis=1)  # (batch_size, num_steps)


def train_epoch(net, data_iter, trainer, loss, tgt_vocab, device):
    """One pass over `data_iter`: the summed loss (still on the device) and the
    number of target tokens."""
    loss_sum, num_tokens = 0, 0
    for batch in data_iter:
        # The token count comes from the host copy: no wait on the device.
        batch_tokens = int(batch[3].asnumpy().sum())
        X, X_valid_len, Y, Y_valid_len = [a.as_in_ctx(device) for a in batch]
        with autograd.record():
            Y_hat, _ = net(X, decoder_input(Y, tgt_vocab['<bos>']), X_valid_len)
            l = loss(Y_hat, Y, Y_valid_len)  # (batch_size,)
        l.backward()
        grad_clipping(net, 1)
        trainer.step(batch_tokens)
        # Each l averages over num_steps positions: scale back to a sum.
        loss_sum = loss_sum + l.sum() * Y.shape[1]
        num_tokens += batch_tokens
    return loss_sum, num_tokens


def train_seq2seq(net, data_iter, lr, num_epochs, tgt_vocab, device,
                  plot=True, plot_every=10, cache=None):
    """Train with Adam, Xavier initialisation and gradient clipping to norm 1.

    Prints the final loss per target token, tokens per second and the device;
    returns the per-epoch losses per token and the speed. `cache='save'` also saves
    the trained parameters; `cache='reuse'` loads a saved identical run (same code,
    data, initial weights and settings) and reports it instead of training, or else
    trains and saves."""
    key, saved = start_training(net, device, cache, lambda: run_key(
        net, data_iter, lr, num_epochs, tgt_vocab, device))
    animator = Animator(xlabel='epoch', ylabel='loss per token',
                        xlim=[1, num_epochs]) if plot else None
    if saved:  # trained before with everything the same: show that run again
        return report_training(TrainingResult(**saved), device, animator, plot_every)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    loss = MaskedSoftmaxCELoss()
    epoch_sums, epoch_tokens, losses = [], [], []
    timer = d2l.Timer()
    for epoch in range(num_epochs):
        loss_sum, num_tokens = train_epoch(net, data_iter, trainer, loss, tgt_vocab, device)
        epoch_sums.append(loss_sum)
        epoch_tokens.append(num_tokens)
        if (epoch + 1) % plot_every == 0 or epoch + 1 == num_epochs:
            # Reading the sums is the only wait for the device.
            for s, n in zip(epoch_sums[len(losses):], epoch_tokens[len(losses):]):
                losses.append(float(s) / n)
            if animator:
                animator.add(epoch + 1, losses[-1])
    seconds = timer.stop()
    result = TrainingResult(losses, sum(epoch_tokens) / seconds, seconds / num_epochs)
    if key:
        save_run(key, net, result._asdict())
    return report_training(result, device)


def report_training(result, device, animator=None, plot_every=10):
    """Print the final loss and the speed; draw the loss curve on `animator` if given."""
    if animator:
        last = len(result.losses)
        for epoch in [*range(plot_every, last, plot_every), last]:
            animator.add(epoch, result.losses[epoch - 1])
    print(f'loss {result.losses[-1]:.3f} per token, {result.tokens_per_sec:.1f} '
          f'tokens/sec on {device}')
    return result


def run_key(net, data_iter, lr, num_epochs, tgt_vocab, device, **extra):
    """The key of a `train_seq2seq` run of the initialized `net` (`checkpoints`);
    `extra` settings, if any, are part of it too."""
    bos = tgt_vocab['<bos>']

    def first_batch(arrays):
        X, X_valid_len, Y, _ = [np.array(a, dtype=a.dtype, ctx=device) for a in arrays]
        net(X, decoder_input(Y, bos), X_valid_len)

    settings = dict(lr=lr, num_epochs=num_epochs, bos=bos, device=str(device), **extra)
    return training_key(net, data_iter, settings, first_batch)


def evaluate_loss(net, data_iter, tgt_vocab, device):
    """The loss per target token of `net` on `data_iter`, without training: no
    gradients, and dropout is off outside `autograd.record()`."""
    loss = MaskedSoftmaxCELoss()
    loss_sum, num_tokens = 0, 0
    for batch in data_iter:
        X, X_valid_len, Y, Y_valid_len = [a.as_in_ctx(device) for a in batch]
        Y_hat, _ = net(X, decoder_input(Y, tgt_vocab['<bos>']), X_valid_len)
        loss_sum = loss_sum + loss(Y_hat, Y, Y_valid_len).sum() * Y.shape[1]
        num_tokens += int(batch[3].asnumpy().sum())
    return float(loss_sum) / num_tokens


def train_seq2seq_validated(net, train_iter, valid_iter, lr, num_epochs, tgt_vocab, device,
                            plot=True, cache=None):
    """`train_seq2seq` (the same epochs) with the validation loss after each epoch.

    Draws both losses per token after every epoch and, at the end, puts back the
    parameters of the epoch with the lowest validation loss. Returns both losses
    per epoch, that best epoch (from 1) and the speed; `cache` as in `train_seq2seq`."""
    valid = hashlib.sha1(b''.join(a.tobytes() for a in valid_iter.arrays)).hexdigest()
    key, saved = start_training(net, device, cache, lambda: run_key(
        net, train_iter, lr, num_epochs, tgt_vocab, device, valid=valid))
    animator = Animator(xlabel='epoch', ylabel='loss per token', xlim=[1, num_epochs],
                        legend=['training', 'validation']) if plot else None
    if saved:  # trained before with everything the same: show that run again
        return report_validated(ValidatedResult(**saved), device, animator)
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    loss = MaskedSoftmaxCELoss()
    losses, valid_losses, best, seconds, tokens = [], [], None, 0.0, 0
    for epoch in range(num_epochs):
        timer = d2l.Timer()
        loss_sum, num_tokens = train_epoch(net, train_iter, trainer, loss, tgt_vocab, device)
        losses.append(float(loss_sum) / num_tokens)
        seconds, tokens = seconds + timer.stop(), tokens + num_tokens
        valid_losses.append(evaluate_loss(net, valid_iter, tgt_vocab, device))
        if valid_losses[-1] == min(valid_losses):  # the best so far: keep a copy
            best = [p.data().copy() for p in net.collect_params().values()]
        if animator:
            animator.add(epoch + 1, [losses[-1], valid_losses[-1]])
    for param, value in zip(net.collect_params().values(), best):
        param.set_data(value)
    result = ValidatedResult(losses, valid_losses, valid_losses.index(min(valid_losses)) + 1,
                             tokens / seconds, seconds / num_epochs)
    if key:
        save_run(key, net, result._asdict())
    return report_validated(result, device)


def report_validated(result, device, animator=None):
    """Print the best epoch, its losses and the speed; draw both curves on `animator`."""
    if animator:
        for epoch, losses in enumerate(zip(result.losses, result.valid_losses), start=1):
            animator.add(epoch, list(losses))
    print(f'best epoch {result.best_epoch} of {len(result.losses)}: validation loss '
          f'{result.valid_losses[result.best_epoch - 1]:.3f}, training loss '
          f'{result.losses[result.best_epoch - 1]:.3f} per token; '
          f'{result.tokens_per_sec:.1f} tokens/sec on {device}')
    return result

"""Cross-entropy that ignores padding."""
from mxnet import gluon, np, npx


class MaskedSoftmaxCELoss(gluon.loss.SoftmaxCELoss):
    """Softmax cross-entropy with positions past each valid length weighted 0.

    Returns one value per sequence: the sum over its valid positions divided by
    `num_steps` (padding included), so a per-token figure needs the token count."""

    def forward(self, pred, label, valid_len):
        # pred: (batch_size, num_steps, vocab_size); label: (batch_size, num_steps)
        # valid_len: (batch_size,)
        weights = np.expand_dims(np.ones_like(label), axis=-1)    # (batch_size, num_steps, 1)
        weights = npx.sequence_mask(weights, valid_len, use_sequence_length=True,
                                   axis=1)
        return super().forward(pred, label, weights)              # (batch_size,)

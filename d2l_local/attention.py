"""Additive attention and the LSTM decoder that attends to the encoder outputs."""
import matplotlib.pyplot as plt
import numpy as onp
from mxnet import np
from mxnet.gluon import nn, rnn

from .models import Decoder


def masked_softmax(F, X, valid_len):
    """Softmax over the last axis of X (batch_size, num_queries, num_keys) that
    gives weight 0 to the keys at or past each example's valid length.

    valid_len: (batch_size,), or None for no mask. A valid length of 0 gives an
    all-zero row (no NaN); a valid length above num_keys counts as num_keys."""
    if valid_len is None:
        return F.npx.softmax(X, axis=-1)
    # MXNet's softmax can take the lengths itself: one per row, as integers.
    num_keys = F.np.ones_like(X).sum(axis=-1)                      # (batch_size, num_queries)
    length = F.np.minimum(F.np.expand_dims(valid_len.astype('float32'), -1), num_keys)
    return F.npx.softmax(X, length=length.astype('int32'), use_length=True, axis=-1)


class MLPAttention(nn.HybridBlock):
    """Additive attention: score(q, k) = w_v^T tanh(W_q q + W_k k).

    Keeps the weights of its last call in `attention_weights`."""

    def __init__(self, num_hiddens, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.W_k = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.W_q = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.w_v = nn.Dense(1, use_bias=False, flatten=False)
        self.dropout = nn.Dropout(dropout)
        self.attention_weights = None

    def forward(self, queries, keys, values, valid_len=None):
        output, self.attention_weights = super().forward(queries, keys, values, valid_len)
        return output

    def hybrid_forward(self, F, queries, keys, values, valid_len=None):
        # queries: (batch_size, num_queries, query_size)
        # keys: (batch_size, num_keys, key_size); values: (batch_size, num_keys, value_size)
        queries = F.np.expand_dims(self.W_q(queries), 2)  # (batch, num_queries, 1, num_hiddens)
        keys = F.np.expand_dims(self.W_k(keys), 1)        # (batch, 1, num_keys, num_hiddens)
        # Broadcasting adds every query to every key. npx.activation is oneDNN's
        # vectorised tanh, several times faster than np.tanh on a CPU.
        features = F.npx.activation(queries + keys, act_type='tanh')
        # features: (batch_size, num_queries, num_keys, num_hiddens)
        return self.weigh(F, features, values, valid_len)

    def weigh(self, F, features, values, valid_len):
        """Scores from the features, masked softmax, weighted sum of the values.

        Returns the output (batch_size, num_queries, value_size) and the weights
        (batch_size, num_queries, num_keys)."""
        scores = F.np.squeeze(self.w_v(features), axis=-1)  # (batch_size, num_queries, num_keys)
        weights = masked_softmax(F, scores, valid_len)     # (batch_size, num_queries, num_keys)
        return F.npx.batch_dot(self.dropout(weights), values), weights

    def attend_one(self, F, query, projected_keys, values, valid_len):
        """The same for one query per example, with the keys already multiplied
        by W_k (batch_size, num_keys, num_hiddens): a decoder projects them once per
        call, before its loop over the steps it is given (all of them in training, one
        per call in greedy and beam search). query: (batch_size, 1, query_size)."""
        ones = F.np.ones_like(projected_keys[:, :, 0:1])   # (batch_size, num_keys, 1)
        # ones @ (W_q q) copies the query to every key, like broadcasting, but its
        # gradient is a matrix product, much faster than the sum broadcasting needs.
        query = F.npx.batch_dot(ones, self.W_q(query))     # (batch_size, num_keys, num_hiddens)
        features = F.npx.activation(query + projected_keys, act_type='tanh')
        return self.weigh(F, F.np.expand_dims(features, 1), values, valid_len)


class Seq2SeqAttentionDecoder(Decoder):
    """An LSTM decoder that, before each step, attends to all encoder outputs.

    The query is the top LSTM layer's hidden state from the previous step; keys
    and values are the encoder outputs; the context joins the input embedding.
    `attention_weights` holds the weights of the last call: (batch_size,
    num_steps, num_src_steps)."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.num_layers = num_layers
        self.attention = MLPAttention(num_hiddens, dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.LSTM(num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Dense(vocab_size, flatten=False)
        self.num_steps = None  # of the compiled graph
        self.attention_weights = None

    def init_state(self, enc_outputs, enc_valid_len=None, *args):
        outputs, hidden_state = enc_outputs  # (num_src_steps, batch_size, num_hiddens), [h, c]
        outputs = np.swapaxes(outputs, 0, 1)  # (batch_size, num_src_steps, num_hiddens)
        if enc_valid_len is None:  # no padding: every source step is valid
            enc_valid_len = np.full((outputs.shape[0],), outputs.shape[1], dtype='int32',
                                    ctx=outputs.ctx)
        return outputs, hidden_state, enc_valid_len

    def forward(self, X, state):
        # The compiled graph holds the loop over time unrolled, so it is built for
        # one number of steps: rebuild it when that changes (10 in training, 1 when
        # translating). Shapes can be read here, outside the graph.
        if X.shape[1] != self.num_steps:
            self.num_steps = X.shape[1]
            self._clear_cached_op()
        enc_outputs, hidden_state, enc_valid_len = state
        outputs, hidden_state, self.attention_weights = super().forward(
            X, enc_outputs, hidden_state, enc_valid_len)
        return outputs, (enc_outputs, hidden_state, enc_valid_len)

    def hybrid_forward(self, F, X, enc_outputs, hidden_state, enc_valid_len):
        # X: (batch_size, num_steps) token indices
        # enc_outputs: (batch_size, num_src_steps, num_hiddens), the keys and values
        X = F.np.swapaxes(self.embedding(X), 0, 1)      # (num_steps, batch_size, embed_size)
        keys = self.attention.W_k(enc_outputs)  # (batch_size, num_src_steps, num_hiddens)
        h, c = hidden_state                 # each (num_layers, batch_size, num_hiddens)
        outputs, weights = [], []
        for t in range(self.num_steps):
            query = F.np.expand_dims(h[self.num_layers - 1], 1)  # (batch_size, 1, num_hiddens)
            context, w = self.attention.attend_one(F, query, keys, enc_outputs,
                                                   enc_valid_len)
            # context: (batch_size, 1, num_hiddens); w: (batch_size, 1, num_src_steps)
            x = F.np.concatenate([X[t:t + 1], F.np.swapaxes(context, 0, 1)], axis=-1)
            # x: (1, batch_size, embed_size + num_hiddens), one time step
            out, (h, c) = self.rnn(x, [h, c])            # out: (1, batch_size, num_hiddens)
            outputs.append(out)
            weights.append(w)
        outputs = F.np.concatenate(outputs, axis=0)  # (num_steps, batch_size, num_hiddens)
        outputs = self.dense(F.np.swapaxes(outputs, 0, 1))  # (batch_size, num_steps, vocab_size)
        return (outputs,
                [h, c],
                F.np.concatenate(weights, axis=1))       # (batch_size, num_steps, num_src_steps)


def plot_attention(attention_weights, src_tokens, tgt_tokens, figsize=(4.5, 3.5),
                   cmap='Reds'):
    """Heat map of one translation's attention weights, with tokens on the axes.

    attention_weights: what `predict_seq2seq(..., save_attention_weights=True)`
    returns, one (1, 1, num_src_steps) array per generated step, or an array
    that reshapes to (num_generated, num_src_steps). The rows and columns beyond
    the given tokens are cut off."""
    if isinstance(attention_weights, (list, tuple)):
        attention_weights = [w.asnumpy() if hasattr(w, 'asnumpy') else w
                             for w in attention_weights]
        attention_weights = onp.concatenate(
            [onp.reshape(w, (1, -1)) for w in attention_weights])
    elif hasattr(attention_weights, 'asnumpy'):
        attention_weights = attention_weights.asnumpy()
    matrix = onp.reshape(attention_weights, (-1, attention_weights.shape[-1]))
    matrix = matrix[:len(tgt_tokens), :len(src_tokens)]  # (num_generated, num_src_tokens)
    fig, ax = plt.subplots(figsize=figsize)
    image = ax.imshow(matrix, cmap=cmap, vmin=0, vmax=1)
    ax.set_xticks(range(len(src_tokens)), src_tokens, rotation=45, ha='right')
    ax.set_yticks(range(len(tgt_tokens)), tgt_tokens)
    ax.set_xlabel('source tokens (keys)')
    ax.set_ylabel('generated tokens (queries)')
    fig.colorbar(image, ax=ax, shrink=0.8, label='attention weight')
    fig.tight_layout()
    return ax

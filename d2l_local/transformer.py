"""The Transformer (Vaswani et al., 2017): attention by dot products in several heads,
positions added to the embeddings, and blocks of attention and a feed-forward network,
each wrapped in a residual connection and layer normalisation (notebook 09)."""
import math

import matplotlib.pyplot as plt
import numpy as onp
from mxnet import np
from mxnet.gluon import nn

from .attention import masked_softmax
from .models import Decoder, Encoder


class DotProductAttention(nn.HybridBlock):
    """Scaled dot-product attention: softmax(Q K^T / sqrt(key_size)) V.

    `valid_len` holds one number per query, (batch_size, num_queries): how many keys,
    from the first, that query may see. A hybridized graph cannot read shapes, so the
    key size is given here."""

    def __init__(self, key_size, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.scale = 1 / math.sqrt(key_size)
        self.dropout = nn.Dropout(dropout)

    def hybrid_forward(self, F, queries, keys, values, valid_len):
        # queries: (batch_size, num_queries, key_size); keys: (batch_size, num_keys, key_size)
        # values: (batch_size, num_keys, value_size); valid_len: (batch_size, num_queries)
        scores = F.npx.batch_dot(queries, keys, transpose_b=True) * self.scale
        # scores: (batch_size, num_queries, num_keys). masked_softmax takes one length per
        # example: make each query an example of its own, (batch_size * num_queries, 1, num_keys).
        rows = F.np.expand_dims(F.npx.reshape(scores, (-5, -2)), 1)
        weights = masked_softmax(F, rows, F.np.reshape(valid_len, -1))
        weights = F.npx.reshape_like(weights, scores)  # (batch_size, num_queries, num_keys)
        return F.npx.batch_dot(self.dropout(weights), values), weights


def split_heads(F, X, num_heads):
    """(batch_size, n, num_hiddens) -> (batch_size * num_heads, n, num_hiddens / num_heads):
    head j of example i is row i * num_heads + j."""
    X = F.npx.reshape(X, (-2, -2, num_heads, -1))   # (batch_size, n, num_heads, head_size)
    X = F.np.transpose(X, (0, 2, 1, 3))              # (batch_size, num_heads, n, head_size)
    return F.npx.reshape(X, (-5, -2, -2))            # (batch_size * num_heads, n, head_size)


def merge_heads(F, X, num_heads):
    """The inverse of `split_heads`: the heads side by side again."""
    X = F.npx.reshape(X, (-6, -1, num_heads, -2, -2))  # (batch_size, num_heads, n, head_size)
    X = F.np.transpose(X, (0, 2, 1, 3))                # (batch_size, n, num_heads, head_size)
    return F.npx.reshape(X, (-2, -2, -5))              # (batch_size, n, num_hiddens)


class MultiHeadAttention(nn.HybridBlock):
    """`num_heads` dot-product attentions side by side, each on its own projection of
    the queries, keys and values to num_hiddens / num_heads numbers; their outputs are
    joined and projected by W_o. Returns the output and the weights of every head,
    (batch_size, num_heads, num_queries, num_keys)."""

    def __init__(self, num_hiddens, num_heads, dropout=0, **kwargs):
        super().__init__(**kwargs)
        if num_hiddens % num_heads:
            raise ValueError(f'num_hiddens={num_hiddens} does not split into '
                             f'num_heads={num_heads} heads of equal size.')
        self.num_heads = num_heads
        self.attention = DotProductAttention(num_hiddens // num_heads, dropout)
        self.W_q = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.W_k = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.W_v = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.W_o = nn.Dense(num_hiddens, use_bias=False, flatten=False)

    def hybrid_forward(self, F, queries, keys, values, valid_len):
        # queries: (batch_size, num_queries, q_size); keys, values: (batch_size, num_keys, k_size)
        # valid_len: (batch_size, num_queries)
        return self.attend(F, self.W_q(queries), self.W_k(keys), self.W_v(values), valid_len)

    def attend(self, F, queries, keys, values, valid_len):
        """The same with queries, keys and values already projected, each
        (batch_size, n, num_hiddens): a decoder keeps the keys and values it projected."""
        h = self.num_heads
        output, weights = self.attention(
            split_heads(F, queries, h), split_heads(F, keys, h), split_heads(F, values, h),
            F.np.repeat(valid_len, h, axis=0))  # each head sees the keys of its example
        # output: (batch_size * h, num_queries, head_size); weights: (batch_size * h, ...)
        output = self.W_o(merge_heads(F, output, h))  # (batch_size, num_queries, num_hiddens)
        return output, F.npx.reshape(weights, (-6, -1, h, -2, -2))


def sinusoids(max_len, num_hiddens):
    """The positional encoding table P, (max_len, num_hiddens): column 2j of row i is
    sin(i / 10000^(2j/num_hiddens)) and column 2j + 1 its cosine."""
    if num_hiddens % 2:
        raise ValueError(f'num_hiddens={num_hiddens} must be even: columns come in '
                         'sine-cosine pairs.')
    angles = onp.arange(max_len)[:, None] / onp.power(
        10000, onp.arange(0, num_hiddens, 2) / num_hiddens)  # (max_len, num_hiddens / 2)
    P = onp.zeros((max_len, num_hiddens), dtype='float32')
    P[:, 0::2], P[:, 1::2] = onp.sin(angles), onp.cos(angles)
    return P


class PositionalEncoding(nn.HybridBlock):
    """Adds row `position` of the sinusoid table to each embedding, then dropout."""

    def __init__(self, num_hiddens, dropout=0, max_len=1000, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.P = self.params.get_constant('P', sinusoids(max_len, num_hiddens))

    def hybrid_forward(self, F, X, positions, P):
        # X: (batch_size, num_steps, num_hiddens); positions: (num_steps,) for every
        # example alike, or (batch_size, num_steps); integers below max_len
        return self.dropout(X + F.np.take(P, positions, axis=0))


class PositionWiseFFN(nn.HybridBlock):
    """The same two-layer network, ReLU between, applied at every position on its own."""

    def __init__(self, ffn_num_hiddens, num_outputs, **kwargs):
        super().__init__(**kwargs)
        self.dense1 = nn.Dense(ffn_num_hiddens, activation='relu', flatten=False)
        self.dense2 = nn.Dense(num_outputs, flatten=False)

    def hybrid_forward(self, F, X):
        # X: (batch_size, num_steps, num_hiddens) -> (batch_size, num_steps, num_outputs)
        return self.dense2(self.dense1(X))


class AddNorm(nn.HybridBlock):
    """The residual connection, then layer normalisation: LayerNorm(X + dropout(Y))."""

    def __init__(self, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm()

    def hybrid_forward(self, F, X, Y):
        return self.ln(self.dropout(Y) + X)  # (batch_size, num_steps, num_hiddens)


class TransformerEncoderBlock(nn.HybridBlock):
    """Self-attention, then the feed-forward network, each followed by add & norm."""

    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm1 = AddNorm(dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm2 = AddNorm(dropout)

    def hybrid_forward(self, F, X, valid_len):
        # X: (batch_size, num_steps, num_hiddens); valid_len: (batch_size, num_steps),
        # the number of source tokens (not padding) that every position may see
        Y, weights = self.attention(X, X, X, valid_len)
        Y = self.addnorm1(X, Y)
        return self.addnorm2(Y, self.ffn(Y)), weights  # weights: (batch, heads, steps, steps)


def lengths_per_position(F, tokens, valid_len):
    """Each example's valid length repeated for each of its positions: (batch_size,
    num_steps) from tokens (batch_size, num_steps) and valid_len (batch_size,)."""
    return F.np.zeros_like(tokens.astype('int32')) + F.np.expand_dims(valid_len.astype('int32'), 1)


def full_lengths(X):
    """The valid lengths of a batch without padding: (batch_size,), each num_steps."""
    return np.full((X.shape[0],), X.shape[1], dtype='int32', ctx=X.ctx)


class TransformerEncoder(Encoder):
    """Embeddings times sqrt(num_hiddens) plus positions, then `num_layers` encoder blocks.

    Returns the outputs (batch_size, num_steps, num_hiddens) and keeps the self-attention
    weights of every block in `attention_weights`: (num_layers, batch_size, num_heads,
    num_steps, num_steps)."""

    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_layers,
                 dropout=0, max_len=1000, **kwargs):
        super().__init__(**kwargs)
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout, max_len)
        self.blks = nn.HybridSequential()
        for _ in range(num_layers):
            self.blks.add(TransformerEncoderBlock(num_hiddens, ffn_num_hiddens, num_heads,
                                                  dropout))
        self.attention_weights = None

    def forward(self, X, valid_len=None, *args):
        if valid_len is None:  # no padding
            valid_len = full_lengths(X)
        outputs, self.attention_weights = super().forward(X, valid_len)
        return outputs

    def hybrid_forward(self, F, X, valid_len):
        # X: (batch_size, num_steps) token indices; valid_len: (batch_size,)
        positions = F.npx.arange_like(X, axis=1).astype('int32')  # (num_steps,): 0, 1, ...
        lengths = lengths_per_position(F, X, valid_len)           # (batch_size, num_steps)
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens), positions)
        weights = []
        for blk in self.blks:
            X, w = blk(X, lengths)      # X: (batch_size, num_steps, num_hiddens)
            weights.append(w)
        return X, F.np.stack(weights)


class TransformerDecoderBlock(nn.HybridBlock):
    """Masked self-attention, attention to the encoder outputs, the feed-forward
    network, each followed by add & norm."""

    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.self_attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm1 = AddNorm(dropout)
        self.cross_attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm2 = AddNorm(dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm3 = AddNorm(dropout)

    def hybrid_forward(self, F, X, enc_outputs, causal_len, enc_len):
        # All target positions at once (teacher forcing). X: (batch_size, num_steps,
        # num_hiddens); enc_outputs: (batch_size, num_src_steps, num_hiddens);
        # causal_len, enc_len: (batch_size, num_steps), the keys each position may see:
        # i + 1 of the target at position i, the source's valid length
        Y, _ = self.self_attention(X, X, X, causal_len)
        return self.rest(X, Y, enc_outputs, enc_len)

    def step(self, F, X, enc_outputs, enc_len, keys, values, slot, step):
        """One new position per example, with the projected keys and values of the
        positions before it. X: (batch_size, 1, num_hiddens); keys, values: (batch_size,
        capacity, num_hiddens); slot: (batch_size, capacity, 1), 1 at this step's
        position; step: (batch_size,), the number of positions before it. Returns the
        output and the keys and values with this position's written into its slot."""
        attention = self.self_attention
        keys = keys * (1 - slot) + attention.W_k(X) * slot        # (batch_size, capacity, ...)
        values = values * (1 - slot) + attention.W_v(X) * slot
        seen = F.np.expand_dims(step + 1, 1)       # (batch_size, 1): the positions so far
        Y, _ = attention.attend(F, attention.W_q(X), keys, values, seen)
        output, weights = self.rest(X, Y, enc_outputs, enc_len)
        return output, weights, keys, values

    def rest(self, X, Y, enc_outputs, enc_len):
        """Add & norm the self-attention's output Y, then the encoder-decoder attention
        and the feed-forward network. Returns the output and the weights of the attention
        to the encoder outputs, (batch_size, num_heads, num_steps, num_src_steps)."""
        Y = self.addnorm1(X, Y)
        Z, weights = self.cross_attention(Y, enc_outputs, enc_outputs, enc_len)
        Z = self.addnorm2(Y, Z)
        return self.addnorm3(Z, self.ffn(Z)), weights


class TransformerDecoder(Decoder):
    """Embeddings times sqrt(num_hiddens) plus positions, `num_layers` decoder blocks and
    a dense layer to vocabulary scores.

    Given all target positions at once (teacher forcing, more than one step), position i
    attends to positions 0 to i only: the causal mask. Given one step, as the searches of
    `decoding` do, it decodes incrementally: the state keeps the projected keys and
    values of every position decoded so far, laid out like an LSTM state (layer first),
    so `reorder_state` handles it. `attention_weights` keeps the weights of the attention
    to the encoder outputs: (num_layers, batch_size, num_heads, num_steps, num_src_steps)."""

    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_layers,
                 dropout=0, max_len=1000, **kwargs):
        super().__init__(**kwargs)
        self.num_hiddens, self.num_layers = num_hiddens, num_layers
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout, max_len)
        self.blks = nn.HybridSequential()
        for _ in range(num_layers):
            self.blks.add(TransformerDecoderBlock(num_hiddens, ffn_num_hiddens, num_heads,
                                                  dropout))
        self.dense = nn.Dense(vocab_size, flatten=False)
        self.incremental = None  # of the compiled graph
        self.attention_weights = None

    def init_state(self, enc_outputs, enc_valid_len=None, *args):
        """The encoder outputs and lengths, an empty cache of keys and values for as many
        steps as the source has positions (the searches decode at most that many), and
        the number of steps decoded, 0."""
        batch_size, capacity = enc_outputs.shape[:2]
        if enc_valid_len is None:
            enc_valid_len = full_lengths(enc_outputs[:, :, 0])
        cache = np.zeros((self.num_layers, batch_size, capacity, self.num_hiddens),
                         ctx=enc_outputs.ctx)
        step = np.zeros((batch_size,), dtype='int32', ctx=enc_outputs.ctx)
        return enc_outputs, enc_valid_len, [cache, cache.copy()], step

    def forward(self, X, state):
        enc_outputs, enc_valid_len, (keys, values), step = state
        incremental = X.shape[1] == 1
        if incremental != self.incremental:  # another graph: compile it anew
            self.incremental = incremental
            self._clear_cached_op()
        if not incremental:  # all positions at once; the state is not used further
            outputs, self.attention_weights = super().forward(X, enc_outputs, enc_valid_len)
            return outputs, state
        if int(step[0]) >= keys.shape[2]:
            raise ValueError(f'the cache holds {keys.shape[2]} steps, as many as the source '
                             'has positions: decode at most num_steps tokens.')
        outputs, self.attention_weights, keys, values = super().forward(
            X, enc_outputs, enc_valid_len, keys, values, step)
        return outputs, (enc_outputs, enc_valid_len, [keys, values], step + 1)

    def hybrid_forward(self, F, X, enc_outputs, enc_valid_len, keys=None, values=None,
                       step=None):
        # X: (batch_size, num_steps) token indices; enc_outputs: (batch_size,
        # num_src_steps, num_hiddens); enc_valid_len, step: (batch_size,)
        # keys, values: (num_layers, batch_size, capacity, num_hiddens)
        enc_len = lengths_per_position(F, X, enc_valid_len)  # (batch_size, num_steps)
        if step is None:  # teacher forcing: position i sees the target up to i
            positions = F.npx.arange_like(X, axis=1).astype('int32')  # (num_steps,)
            causal_len = F.np.zeros_like(X.astype('int32')) + positions + 1
        else:             # one step: its position is the number of steps before it
            positions = F.np.expand_dims(step, 1)                     # (batch_size, 1)
            slots = F.npx.arange_like(keys[0], axis=1)                # (capacity,)
            slot = F.np.expand_dims(slots == F.np.expand_dims(step.astype('float32'), 1), -1)
            slot = slot.astype('float32')                  # (batch_size, capacity, 1)
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens), positions)
        weights, new_keys, new_values = [], [], []
        for i, blk in enumerate(self.blks):
            if step is None:
                X, w = blk(X, enc_outputs, causal_len, enc_len)
            else:
                X, w, k, v = blk.step(F, X, enc_outputs, enc_len, keys[i], values[i], slot,
                                      step)
                new_keys.append(k)
                new_values.append(v)
            weights.append(w)  # X: (batch_size, num_steps, num_hiddens)
        outputs = self.dense(X)  # (batch_size, num_steps, vocab_size)
        if step is None:
            return outputs, F.np.stack(weights)
        return outputs, F.np.stack(weights), F.np.stack(new_keys), F.np.stack(new_values)


def plot_heads(weights, x_tokens, y_tokens, xlabel='keys', ylabel='queries',
               titles=None, cmap='Reds'):
    """Heat maps of attention weights, one per head: `weights` (num_rows, num_heads,
    num_queries, num_keys), such as one example's weights of every layer. Rows and columns
    beyond the given tokens are cut off; `titles` name the rows (e.g. the layers)."""
    if hasattr(weights, 'asnumpy'):
        weights = weights.asnumpy()
    num_rows, num_heads = weights.shape[:2]
    fig, axes = plt.subplots(num_rows, num_heads, figsize=(2.2 * num_heads + 1, 2.2 * num_rows),
                             squeeze=False, sharex=True, sharey=True)
    for r in range(num_rows):
        for h in range(num_heads):
            ax = axes[r, h]
            image = ax.imshow(weights[r, h, :len(y_tokens), :len(x_tokens)], cmap=cmap,
                              vmin=0, vmax=1)
            ax.set_title(f'{titles[r] + ", " if titles else ""}head {h + 1}', fontsize=9)
            ax.set_xticks(range(len(x_tokens)), x_tokens, rotation=90, fontsize=8)
            ax.set_yticks(range(len(y_tokens)), y_tokens, fontsize=8)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    fig.colorbar(image, ax=axes, shrink=0.6, label='attention weight')
    return axes

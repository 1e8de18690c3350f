"""The encoder-decoder interfaces and the plain LSTM sequence-to-sequence model."""
from mxnet.gluon import nn, rnn


class Encoder(nn.HybridBlock):
    """The encoder interface: maps a source batch `X` to outputs (and a state)."""

    def hybrid_forward(self, F, X, *args):
        raise NotImplementedError


class Decoder(nn.HybridBlock):
    """The decoder interface: a state made from the encoder outputs, then steps."""

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError

    def hybrid_forward(self, F, X, state):
        raise NotImplementedError


class EncoderDecoder(nn.Block):
    """Wires an encoder to a decoder.

    A plain Block: `hybridize()` compiles the encoder and the decoder, each
    with only the inputs it uses."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, enc_X, dec_X, *args):
        enc_outputs = self.encoder(enc_X, *args)
        dec_state = self.decoder.init_state(enc_outputs, *args)
        return self.decoder(dec_X, dec_state)


def zero_state(F, X, num_layers, num_hiddens):
    """A zero LSTM state `[h, c]` for the time-major batch `X`.

    The batch size is taken from `X` by broadcasting, because a hybridized
    block cannot read shapes."""
    column = F.np.expand_dims(F.np.zeros_like(X[0, :, 0:1]), 0)  # (1, batch_size, 1)
    zeros = F.np.zeros((num_layers, 1, num_hiddens)) + column
    return [zeros, zeros]  # each (num_layers, batch_size, num_hiddens)


class Seq2SeqEncoder(Encoder):
    """Embedding, then a multi-layer LSTM over the source sequence."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.num_hiddens, self.num_layers = num_hiddens, num_layers
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.LSTM(num_hiddens, num_layers, dropout=dropout)

    def forward(self, X, *args):
        # The valid lengths are not needed here, and a compiled graph must not
        # get inputs it does not use: drop them before compiling.
        return super().forward(X)

    def hybrid_forward(self, F, X):
        # X: (batch_size, num_steps) token indices
        X = F.np.swapaxes(self.embedding(X), 0, 1)  # (num_steps, batch_size, embed_size)
        state = zero_state(F, X, self.num_layers, self.num_hiddens)
        output, state = self.rnn(X, state)
        # output: (num_steps, batch_size, num_hiddens), the top layer at every step
        # state: [h, c], each (num_layers, batch_size, num_hiddens), the last step
        return output, state


class Seq2SeqDecoder(Decoder):
    """Embedding, a multi-layer LSTM started from the encoder's state, and a
    Dense layer giving vocabulary scores at every step."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.LSTM(num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Dense(vocab_size, flatten=False)

    def init_state(self, enc_outputs, *args):
        return enc_outputs[1]  # the encoder's final [h, c]

    def hybrid_forward(self, F, X, state):
        # X: (batch_size, num_steps) token indices
        X = F.np.swapaxes(self.embedding(X), 0, 1)  # (num_steps, batch_size, embed_size)
        output, state = self.rnn(X, state)          # (num_steps, batch_size, num_hiddens)
        # Back to batch-major before the output layer, while the tensor is
        # num_hiddens wide, not vocab_size wide: less to move for a real vocabulary.
        output = self.dense(F.np.swapaxes(output, 0, 1))  # (batch_size, num_steps, vocab_size)
        return output, state

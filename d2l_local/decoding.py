"""Translating with a trained encoder-decoder, and scoring translations."""
from d2l import mxnet as d2l
from mxnet import np

from .data import preprocess_nmt, truncate_pad


def encode_source(sentence, src_vocab, num_steps):
    """Token indices of one sentence with `<eos>`, padded, and its valid length.

    Raises ValueError for an empty sentence or one longer than `num_steps`."""
    tokens = preprocess_nmt(sentence).split()
    if not tokens:
        raise ValueError('The sentence is empty: give at least one word to translate.')
    indices = src_vocab[tokens] + [src_vocab['<eos>']]
    if len(indices) > num_steps:
        raise ValueError(
            f'"{sentence}" has {len(tokens)} tokens plus <eos>, but the model reads at '
            f'most num_steps={num_steps}. Shorten the sentence or train with a larger '
            'num_steps.')
    return truncate_pad(indices, num_steps, src_vocab['<pad>']), len(indices)


def predict_seq2seq(net, src_sentence, src_vocab, tgt_vocab, num_steps, device,
                    save_attention_weights=False):
    """Greedy translation of one sentence.

    Returns the translation and, if asked for and the decoder keeps them, the
    attention weights of every step. Unknown words are read as `<unk>`."""
    src_indices, src_len = encode_source(src_sentence, src_vocab, num_steps)
    enc_X = np.array([src_indices], dtype='int32', ctx=device)  # (1, num_steps)
    enc_valid_len = np.array([src_len], dtype='int32', ctx=device)  # (1,)
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
    dec_X = np.array([[tgt_vocab['<bos>']]], dtype='int32', ctx=device)  # (1, 1)
    output, attention_weights = [], []
    for _ in range(num_steps):
        Y, dec_state = net.decoder(dec_X, dec_state)  # Y: (1, 1, vocab_size)
        dec_X = Y.argmax(axis=2).astype('int32')      # the best token: (1, 1)
        token = int(dec_X[0, 0])
        if save_attention_weights:
            attention_weights.append(net.decoder.attention_weights)
        if token == tgt_vocab['<eos>']:
            break
        output.append(token)
    translation = ' '.join(tgt_vocab.idx_to_token[i] for i in output)
    return translation, attention_weights


def bleu(pred_seq, label_seq, k):
    """d2l's BLEU of a space-separated prediction against one reference.

    d2l divides by the prediction's length, so an empty prediction scores 0 here."""
    if not pred_seq.split():
        return 0.0
    return d2l.bleu(pred_seq, label_seq, k)

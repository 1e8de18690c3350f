"""Translating with a trained encoder-decoder, and scoring translations."""
import collections

import numpy as onp
from d2l import mxnet as d2l
from mxnet import np

from .data import preprocess_nmt, truncate_pad


def encode_source(sentence, src_vocab, num_steps):
    """Token indices of one sentence with `<eos>`, padded, and its valid length.

    Raises ValueError for an empty sentence or one whose tokens and `<eos>` do not fit
    in `num_steps`."""
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

    Returns the translation and, if asked for, the attention weights of every step
    (only an attention decoder has them). Unknown words are read as `<unk>`."""
    if save_attention_weights and not hasattr(net.decoder, 'attention_weights'):
        raise ValueError(f'{type(net.decoder).__name__} keeps no attention weights: '
                         'save_attention_weights=True needs an attention decoder '
                         '(notebook 06).')
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


def reorder_state(state, index):
    """Rows `index` of a decoder state, taken along each tensor's batch axis.

    Row i of the result is row `index[i]` of `state` (rows may repeat). The
    convention: a list or tuple whose items are all arrays is a recurrent state
    (`[h, c]` of an LSTM, `[h]` of a GRU), each tensor shaped
    `(num_layers, batch_size, num_hiddens)`, so its batch axis is 1. Any other
    list or tuple is a container: its arrays are batch-major (batch axis 0),
    its lists and tuples follow the same rule, and `None` stays `None`. So the
    plain decoder's `[h, c]` and the attention decoder's
    `(enc_outputs, [h, c], enc_valid_len)` are both reordered correctly."""
    if len(state) and all(isinstance(x, np.ndarray) for x in state):
        return type(state)(np.take(x, index, axis=1) for x in state)
    return type(state)(
        None if x is None
        else reorder_state(x, index) if isinstance(x, (list, tuple))
        else np.take(x, index, axis=0)
        for x in state)


Candidate = collections.namedtuple('Candidate',
                                   ['translation', 'log_prob', 'length', 'score'])


def _log_softmax(scores):
    """Log-probabilities of each row of host scores, in float64."""
    scores = scores.astype('float64')
    top = scores.max(axis=1, keepdims=True)
    return scores - top - onp.log(onp.exp(scores - top).sum(axis=1, keepdims=True))


def beam_search(net, src_sentence, src_vocab, tgt_vocab, num_steps, device,
                beam_size=3, alpha=0.75):
    """Beam-search translation of one sentence.

    Keeps the `beam_size` partial translations with the highest summed
    log-probability. One that emits `<eos>` is finished and leaves the beam,
    which narrows by one. Stops when all have finished or after `num_steps`
    tokens. Returns the candidate with the best length-normalised score
    `log_prob / length ** alpha` (`length` counts `<eos>` when it was emitted)
    and all candidates, best first. `beam_size=1` is greedy search."""
    if beam_size < 1:
        raise ValueError(f'beam_size must be at least 1, not {beam_size}.')
    src_indices, src_len = encode_source(src_sentence, src_vocab, num_steps)
    enc_X = np.array([src_indices], dtype='int32', ctx=device)  # (1, num_steps)
    enc_valid_len = np.array([src_len], dtype='int32', ctx=device)  # (1,)
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)  # one beam
    eos = tgt_vocab['<eos>']
    beams = [([], 0.0)]  # live partial translations: (token indices, log P)
    finished = []
    for _ in range(num_steps):
        last = [tokens[-1] if tokens else tgt_vocab['<bos>'] for tokens, _ in beams]
        dec_X = np.array(last, dtype='int32', ctx=device).reshape(-1, 1)  # (num_live, 1)
        Y, dec_state = net.decoder(dec_X, dec_state)  # Y: (num_live, 1, vocab_size)
        log_probs = _log_softmax(Y[:, 0].asnumpy())   # (num_live, vocab_size)
        totals = onp.array([[log_p] for _, log_p in beams]) + log_probs
        width = beam_size - len(finished)
        best = onp.argsort(-totals, axis=None, kind='stable')[:width]
        parents, next_tokens = onp.divmod(best, totals.shape[1])
        live, rows = [], []
        for parent, token in zip(parents.tolist(), next_tokens.tolist()):
            extended = (beams[parent][0] + [token], float(totals[parent, token]))
            if token == eos:
                finished.append(extended)
            else:
                live.append(extended)
                rows.append(parent)
        beams = live
        if not beams:
            break
        dec_state = reorder_state(dec_state, np.array(rows, dtype='int32', ctx=device))
    candidates = []
    for tokens, log_p in finished + beams:
        words = [tgt_vocab.idx_to_token[i] for i in tokens if i != eos]
        candidates.append(Candidate(' '.join(words), log_p, len(tokens),
                                    log_p / len(tokens) ** alpha))
    candidates.sort(key=lambda c: c.score, reverse=True)
    return candidates[0].translation, candidates


def predict_seq2seq_batch(net, src_sentences, src_vocab, tgt_vocab, num_steps, device,
                          batch_size=256):
    """Greedy translations of many sentences, `batch_size` at a time.

    The search of `predict_seq2seq`, with one decoder call per step for a whole
    batch; every sentence runs `num_steps` steps, and what follows its first
    `<eos>` is dropped. Returns the translations in the order of `src_sentences`."""
    eos, translations = tgt_vocab['<eos>'], []
    for start in range(0, len(src_sentences), batch_size):
        encoded = [encode_source(s, src_vocab, num_steps)
                   for s in src_sentences[start:start + batch_size]]
        enc_X = np.array([e[0] for e in encoded], dtype='int32', ctx=device)  # (n, num_steps)
        enc_valid_len = np.array([e[1] for e in encoded], dtype='int32', ctx=device)  # (n,)
        enc_outputs = net.encoder(enc_X, enc_valid_len)
        dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
        dec_X = np.full((len(encoded), 1), tgt_vocab['<bos>'], dtype='int32', ctx=device)
        steps = []
        for _ in range(num_steps):
            Y, dec_state = net.decoder(dec_X, dec_state)  # Y: (n, 1, vocab_size)
            dec_X = Y.argmax(axis=2).astype('int32')      # the best tokens: (n, 1)
            steps.append(dec_X)
        for row in np.concatenate(steps, axis=1).asnumpy().tolist():  # (n, num_steps)
            row = row[:row.index(eos)] if eos in row else row
            translations.append(' '.join(tgt_vocab.idx_to_token[i] for i in row))
    return translations


def corpus_bleu(translations, references):
    """sacrebleu's corpus BLEU of `translations` against `references`, one list of
    reference strings per translation, on our tokens as they are (`tokenize='none'`).

    sacrebleu takes the references as streams, the i-th reference of every
    sentence; a sentence with fewer references gets None in the other streams,
    which sacrebleu skips. `force=True` silences its warning that the text looks
    tokenised: ours is, by design. Returns sacrebleu's `BLEUScore` (`.score` is 0-100)."""
    import sacrebleu  # only notebook 08 needs it

    width = max(len(refs) for refs in references)
    streams = [[refs[i] if i < len(refs) else None for refs in references]
               for i in range(width)]
    return sacrebleu.corpus_bleu(translations, streams, tokenize='none', force=True)


def bleu_by_length(translations, references, sources, edges):
    """Corpus BLEU of the sentences in each source-length bucket.

    `edges` (ascending) bound the buckets: `edges[i] <= tokens < edges[i + 1]`,
    counting the tokens of the source sentence. Returns {label: (number of
    sentences, BLEU score 0-100)}, with labels such as `'3-4'`."""
    buckets = {}
    for low, high in zip(edges[:-1], edges[1:]):
        rows = [i for i, s in enumerate(sources) if low <= len(s.split()) < high]
        label = f'{low}-{high - 1}' if high - 1 > low else str(low)
        buckets[label] = (len(rows), corpus_bleu([translations[i] for i in rows],
                                                 [references[i] for i in rows]).score)
    return buckets

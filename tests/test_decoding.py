"""Greedy translation, its input checks, and BLEU."""
import pytest

import d2l_local as d2l


def test_encode_source_pads_and_counts(nmt_data):
    _, src_vocab, _ = nmt_data
    indices, valid_len = d2l.encode_source('Go.', src_vocab, 10)
    assert indices[:2] == [src_vocab['go'], src_vocab['.']]
    assert indices[2] == src_vocab['<eos>'] and valid_len == 3
    assert indices[3:] == [src_vocab['<pad>']] * 7


def test_unknown_words_become_unk(nmt_data):
    _, src_vocab, _ = nmt_data
    indices, _ = d2l.encode_source('go xylophone .', src_vocab, 10)
    assert indices[1] == src_vocab.unk


@pytest.mark.parametrize('sentence', ['', '   '])
def test_empty_sentence_is_a_clear_error(nmt_data, sentence):
    _, src_vocab, _ = nmt_data
    with pytest.raises(ValueError, match='empty'):
        d2l.encode_source(sentence, src_vocab, 10)


def test_too_long_sentence_is_a_clear_error(nmt_data):
    _, src_vocab, _ = nmt_data
    with pytest.raises(ValueError, match='num_steps=10'):
        d2l.encode_source('one two three four five six seven eight nine ten', src_vocab, 10)


def test_greedy_translation_of_trained_model(trained, nmt_data):
    net, _ = trained
    _, src_vocab, tgt_vocab = nmt_data
    translation, weights = d2l.predict_seq2seq(net, 'go .', src_vocab, tgt_vocab, 10,
                                               d2l.try_gpu())
    tokens = translation.split()
    assert 0 < len(tokens) <= 10
    assert all(t in tgt_vocab.token_to_idx for t in tokens)
    assert '<eos>' not in tokens and '<bos>' not in tokens and weights == []
    unknown, _ = d2l.predict_seq2seq(net, 'zzz qqq', src_vocab, tgt_vocab, 10, d2l.try_gpu())
    assert isinstance(unknown, str)


def test_bleu():
    assert d2l.bleu('ils regardent .', 'ils regardent .', 2) == 1.0
    assert d2l.bleu('', 'ils regardent .', 2) == 0.0
    assert d2l.bleu('chat', 'ils regardent .', 2) == 0.0
    assert 0 < d2l.bleu('ils regardent', 'ils regardent .', 2) < 1


def test_attention_weights_of_a_plain_decoder_are_a_clear_error(trained, nmt_data):
    net, _ = trained
    _, src_vocab, tgt_vocab = nmt_data
    with pytest.raises(ValueError, match='needs an attention decoder'):
        d2l.predict_seq2seq(net, 'go .', src_vocab, tgt_vocab, 10, d2l.try_gpu(),
                            save_attention_weights=True)

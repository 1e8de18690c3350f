"""Notebook 08's pieces: the split by sentence, validation, batched greedy search, corpus BLEU."""
import pytest
from mxnet import gluon

import d2l_local as d2l
from conftest import make_net
from d2l_local import checkpoints

SOURCE = [s.split() for s in ['a .', 'b .', 'a .', 'c .', 'd .', 'b .', 'e .', 'a .']]
TARGET = [t.split() for t in ['x .', 'y .', 'z .', 'w .', 'v .', 'u .', 't .', 's .']]


def test_a_sentence_and_all_its_translations_land_in_one_split():
    splits = d2l.split_by_source(SOURCE, TARGET, num_valid=1, num_test=2, seed=3)
    seen = {name: {' '.join(s) for s in src} for name, (src, _) in splits.items()}
    assert len(seen['test']) == 2 and len(seen['valid']) == 1 and len(seen['train']) == 2
    assert not (seen['train'] & seen['valid'] or seen['train'] & seen['test']
                or seen['valid'] & seen['test'])
    # every pair is kept once, with its own translation
    pairs = sorted((' '.join(s), ' '.join(t)) for src, tgt in splits.values()
                   for s, t in zip(src, tgt))
    assert pairs == sorted((' '.join(s), ' '.join(t)) for s, t in zip(SOURCE, TARGET))


def test_the_split_is_fixed_by_its_seed():
    runs = [d2l.split_by_source(SOURCE, TARGET, 1, 2, seed) for seed in (0, 0, 1, 2, 3)]
    assert runs[0] == runs[1]
    assert any(run['test'] != runs[0]['test'] for run in runs[2:])


def test_a_split_must_leave_training_sentences():
    with pytest.raises(ValueError, match='none of the 5 distinct'):
        d2l.split_by_source(SOURCE, TARGET, num_valid=2, num_test=3)


def test_select_pairs_and_references():
    source, target = d2l.select_pairs([['i', 'am', 'ok', '.'], ['go', '.'], ['i', 'am']],
                                      [['ça', 'va', '.'], ['va', '!'], ['je', 'suis', 'x', 'y']],
                                      ('i am ',), 3)
    assert source == [] and target == []   # the first has 4 tokens, the last no 'i am '
    source, target = d2l.select_pairs(SOURCE, TARGET, ('a ', 'b '), 2)
    assert d2l.references_of(source, target) == {'a .': ['x .', 'z .', 's .'],
                                                 'b .': ['y .', 'u .']}


@pytest.fixture(scope='module')
def held_out():
    return d2l.load_data_held_out(64, 12, num_valid=300, num_test=500)


def test_held_out_data_never_trains_on_a_test_sentence(held_out):
    train_iter, valid_iter, src_vocab, tgt_vocab, splits = held_out
    train = set(d2l.references_of(*splits['train']))
    assert len(d2l.references_of(*splits['test'])) == 500
    assert len(d2l.references_of(*splits['valid'])) == 300
    assert not train & set(d2l.references_of(*splits['test']))
    assert sum(len(src) for src, _ in splits.values()) == 14546   # the pronoun subset
    assert len(train_iter.arrays[0]) == len(splits['train'][0])
    assert len(valid_iter.arrays[0]) == len(splits['valid'][0]) and not valid_iter.shuffle
    # vocabularies from the training split only
    assert src_vocab.token_freqs == d2l.Vocab(splits['train'][0], min_freq=2).token_freqs


def test_validation_keeps_the_best_epoch(nmt_data, monkeypatch, capsys):
    data_iter, src_vocab, tgt_vocab = nmt_data
    device = d2l.try_gpu()
    d2l.set_seed(0)
    net = make_net(src_vocab, tgt_vocab, 8)
    # validation losses rise after epoch 2: the parameters of epoch 2 must come back
    fake = iter([3.0, 2.0, 2.5, 2.7])
    snapshots = []
    real_evaluate = d2l.training.evaluate_loss

    def evaluate(*args):
        real_evaluate(*args)
        snapshots.append([p.data().copy() for p in net.collect_params().values()])
        return next(fake)

    monkeypatch.setattr(d2l.training, 'evaluate_loss', evaluate)
    result = d2l.train_seq2seq_validated(net, data_iter, data_iter, 0.005, 4, tgt_vocab,
                                         device, plot=False)
    assert result.best_epoch == 2 and result.valid_losses == [3.0, 2.0, 2.5, 2.7]
    assert len(result.losses) == 4 and result.losses[-1] < result.losses[0]
    for param, kept in zip(net.collect_params().values(), snapshots[1]):
        assert (param.data() == kept).all()
    assert not all((param.data() == last).all()
                   for param, last in zip(net.collect_params().values(), snapshots[-1]))
    assert capsys.readouterr().out.startswith('best epoch 2 of 4: validation loss 2.000')


def test_evaluate_loss_is_the_training_loss_without_training(trained, nmt_data):
    net, result = trained
    data_iter, _, tgt_vocab = nmt_data
    before = [p.data().copy() for p in net.collect_params().values()]
    loss = d2l.evaluate_loss(net, data_iter, tgt_vocab, d2l.try_gpu())
    assert all((p.data() == b).all() for p, b in zip(net.collect_params().values(), before))
    # no dropout in this model: the same weights' loss, a little below the last epoch's
    assert 0.5 * result.losses[-1] < loss < 1.1 * result.losses[-1]


def test_a_validated_run_is_reused(nmt_data, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(checkpoints.CACHE_ENV, str(tmp_path))
    data_iter, src_vocab, tgt_vocab = nmt_data

    def run(cache, valid_iter=data_iter):
        d2l.set_seed(0)
        net = make_net(src_vocab, tgt_vocab, 8)
        result = d2l.train_seq2seq_validated(net, data_iter, valid_iter, 0.005, 2,
                                             tgt_vocab, d2l.try_gpu(), plot=False,
                                             cache=cache)
        return result, [p.data().asnumpy() for p in net.collect_params().values()]

    saved = run('save')
    printed = capsys.readouterr().out
    real_trainer = gluon.Trainer
    monkeypatch.setattr(gluon, 'Trainer', lambda *a, **k: pytest.fail('trained again'))
    reused = run('reuse')
    assert reused[0] == saved[0] and capsys.readouterr().out == printed
    assert all((a == b).all() for a, b in zip(saved[1], reused[1]))
    monkeypatch.setattr(gluon, 'Trainer', real_trainer)
    other = d2l.BatchIterator([a[:100] for a in data_iter.arrays], 64, shuffle=False)
    run('reuse', other)   # other validation data: another run
    assert len(list(tmp_path.glob('*.params'))) == 2


@pytest.mark.parametrize('decoder', [d2l.Seq2SeqDecoder, d2l.Seq2SeqAttentionDecoder])
def test_batched_greedy_search_is_greedy_search(trained, nmt_data, decoder):
    _, src_vocab, tgt_vocab = nmt_data
    device = d2l.try_gpu()
    if decoder is d2l.Seq2SeqDecoder:
        net = trained[0]
    else:
        d2l.set_seed(1)
        net = d2l.EncoderDecoder(d2l.Seq2SeqEncoder(len(src_vocab), 16, 16, 2),
                                 decoder(len(tgt_vocab), 16, 16, 2))
        net.initialize()
    sentences = ['go .', 'i won !', "i'm ok .", 'help me .', 'wow !', 'be cool .',
                 'i lost .']
    one_by_one = [d2l.predict_seq2seq(net, s, src_vocab, tgt_vocab, 10, device)[0]
                  for s in sentences]
    assert d2l.predict_seq2seq_batch(net, sentences, src_vocab, tgt_vocab, 10, device,
                                     batch_size=3) == one_by_one
    with pytest.raises(ValueError, match='empty'):
        d2l.predict_seq2seq_batch(net, ['go .', ''], src_vocab, tgt_vocab, 10, device)


def test_corpus_bleu_pads_missing_references():
    perfect = d2l.corpus_bleu(['a b c d', 'e f g h'], [['a b c d'], ['x y', 'e f g h']])
    assert perfect.score == pytest.approx(100)
    # a sentence with one reference counts against that one only: None is skipped,
    # not an empty reference (which would change the closest reference length)
    one = d2l.corpus_bleu(['a b c d e'], [['a b c d e f g']])
    padded = d2l.corpus_bleu(['a b c d e', 'p q r s'], [['a b c d e f g'], ['p q r s', 'z']])
    assert one.ref_len == 7 and padded.ref_len == 7 + 4
    assert 0 < one.score < 100
    # our tokens are used as they are: no splitting of "j'ai" or of attached marks
    assert d2l.corpus_bleu(["j'ai faim !"], [["j'ai faim !"]]).sys_len == 3
    assert d2l.corpus_bleu(['ok!'], [['ok !']]).score < 100


def test_bleu_by_length_buckets_the_sources():
    sources = ['a b', 'a b c', 'a b c d', 'a b c d e']
    translations = ['x y z w', 'x y z w', 'p q r s', 'p q r s']
    references = [['x y z w'], ['x y z w'], ['p q r s'], ['no match at all']]
    buckets = d2l.bleu_by_length(translations, references, sources, [2, 4, 5, 6])
    assert list(buckets) == ['2-3', '4', '5']
    assert buckets['2-3'] == (2, pytest.approx(100)) and buckets['4'][0] == 1
    assert buckets['4'][1] == pytest.approx(100) and buckets['5'] == (1, 0.0)

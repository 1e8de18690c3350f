"""The English-French pipeline and its error messages."""
import hashlib
import urllib.error
import zipfile

import mxnet as mx
import numpy as onp
import pytest

import d2l_local as d2l
from d2l_local import data


def test_preprocess_spaces_case_and_punctuation():
    text = 'Go.\tVa\u202f!\nHi,\xa0Tom!\tSalut, Tom !'
    assert d2l.preprocess_nmt(text) == 'go .\tva !\nhi , tom !\tsalut , tom !'
    assert d2l.preprocess_nmt('go .') == 'go .'  # idempotent on clean text


@pytest.mark.parametrize('space', ['\u2009', '\u202f', '\xa0', '\u202f\xa0', ' \u202f'])
def test_every_unicode_space_is_one_plain_space(space):
    # fra.txt's lines 226 and 230 (before the fix, their French side was one token)
    text = f'Back off!\tRecule{space}!\nBack off.\tRetire-toi{space}!'
    source, target = d2l.tokenize_nmt(d2l.preprocess_nmt(text))
    assert target == [['recule', '!'], ['retire-toi', '!']]
    assert source == [['back', 'off', '!'], ['back', 'off', '.']]


def test_no_token_of_the_data_holds_a_space_or_is_empty():
    source, target = d2l.tokenize_nmt(d2l.preprocess_nmt(d2l.read_data_nmt()))
    bad = {t for line in source + target for t in line if not t or not t.isprintable()
           or any(c.isspace() for c in t)}
    assert not bad
    assert target[226] == ['recule', '!'] and target[230] == ['retire-toi', '!']


def test_tokenize_takes_exactly_num_examples():
    source, target = d2l.tokenize_nmt('a b\tc\nd\te f\ng\th\n', num_examples=2)
    assert source == [['a', 'b'], ['d']]
    assert target == [['c'], ['e', 'f']]
    assert len(d2l.tokenize_nmt('a\tb\nc\td\n')[0]) == 2


def test_truncate_pad():
    assert d2l.truncate_pad([1, 2, 3], 5, 0) == [1, 2, 3, 0, 0]
    assert d2l.truncate_pad([1, 2, 3, 4, 5, 6], 4, 0) == [1, 2, 3, 4]


def test_build_array_appends_eos_and_counts_valid_length():
    vocab = d2l.Vocab([['a', 'b'], ['a']], reserved_tokens=data.RESERVED_TOKENS)
    array, valid_len = d2l.build_array_nmt([['a', 'b'], ['a', 'zzz', 'b', 'a']], vocab, 4)
    eos, pad = vocab['<eos>'], vocab['<pad>']
    assert array.tolist() == [[vocab['a'], vocab['b'], eos, pad],
                              [vocab['a'], vocab.unk, vocab['b'], vocab['a']]]
    assert valid_len.tolist() == [3, 4]


def test_batch_iterator_covers_every_row_once_per_epoch():
    rows = onp.arange(10)
    batches = list(d2l.BatchIterator((rows, rows * 2), batch_size=4))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    seen = onp.concatenate([b[0].asnumpy() for b in batches])
    assert sorted(seen.tolist()) == list(range(10))
    assert all((b[1].asnumpy() == 2 * b[0].asnumpy()).all() for b in batches)
    assert len(d2l.BatchIterator((rows,), batch_size=4)) == 3


def test_batches_wrap_the_host_rows_without_waiting_for_the_device(monkeypatch):
    # np.array copies through _sync_copyfrom, which first waits for the operators
    # queued on the device; a batch must be made without it.
    def copy_and_wait(*args):
        raise AssertionError('the batch was copied, after waiting for the device')

    monkeypatch.setattr(mx.nd.NDArray, '_sync_copyfrom', copy_and_wait)
    rows = onp.arange(10, dtype='int32')
    batch = next(iter(d2l.BatchIterator((rows, rows * 2), batch_size=4, shuffle=False)))
    assert all(isinstance(b, mx.np.ndarray) and b.dtype == onp.int32 for b in batch)
    assert batch[1].asnumpy().tolist() == [0, 2, 4, 6]


def test_load_data_nmt_matches_the_curriculum(nmt_data):
    data_iter, src_vocab, tgt_vocab = nmt_data
    for token in ['<pad>', '<bos>', '<eos>', '<unk>']:
        assert token in src_vocab.token_to_idx and token in tgt_vocab.token_to_idx
    batches = list(data_iter)
    assert sum(len(b[0]) for b in batches) == 600
    X, X_valid_len, Y, Y_valid_len = batches[0]
    assert X.shape == Y.shape == (64, 10) and X_valid_len.shape == (64,)
    assert int(X_valid_len.max()) <= 10 and int(X_valid_len.min()) >= 2


def test_data_dir_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv('D2L_DATA_DIR', str(tmp_path))
    assert d2l.data_dir() == tmp_path
    monkeypatch.delenv('D2L_DATA_DIR')
    assert d2l.data_dir().name == 'data'


def no_network(*args, **kwargs):
    raise urllib.error.URLError('no network')


def test_missing_file_and_no_network_say_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(data.urllib.request, 'urlopen', no_network)
    with pytest.raises(d2l.DataError) as error:
        d2l.read_data_nmt(tmp_path)
    message = str(error.value)
    assert 'fra-eng/fra.txt' in message and str(tmp_path) in message
    assert 'D2L_DATA_DIR' in message and 'no network' in message


def test_corrupt_file_is_reported_not_used(tmp_path):
    real = d2l.fra_eng_path()
    (tmp_path / 'fra-eng').mkdir()
    truncated = tmp_path / 'fra-eng' / 'fra.txt'
    truncated.write_bytes(real.read_bytes()[:1000])
    with pytest.raises(d2l.DataError, match='corrupt or truncated'):
        d2l.read_data_nmt(tmp_path)


def make_zip(tmp_path, source):
    archive = tmp_path / 'served.zip'
    with zipfile.ZipFile(archive, 'w') as z:
        z.write(source, 'fra-eng/fra.txt')
    return archive, hashlib.sha1(archive.read_bytes()).hexdigest()


def test_download_is_checked_and_extracted(monkeypatch, tmp_path):
    archive, digest = make_zip(tmp_path, d2l.fra_eng_path())
    monkeypatch.setattr(data, 'FRA_ENG_ZIP_SHA1', digest)
    monkeypatch.setattr(data, 'FRA_ENG_URL', archive.as_uri())
    target = tmp_path / 'downloaded'
    path = d2l.fra_eng_path(target)
    assert path == target / 'fra-eng' / 'fra.txt'
    assert not (target / 'fra-eng.zip').exists()
    assert d2l.read_data_nmt(target).startswith('Go.\tVa !')


def test_a_bad_download_is_rejected(monkeypatch, tmp_path):
    fake = tmp_path / 'fake.txt'
    fake.write_text('not the data\n')
    archive, _ = make_zip(tmp_path, fake)
    monkeypatch.setattr(data, 'FRA_ENG_URL', archive.as_uri())
    with pytest.raises(d2l.DataError, match='fra-eng.zip'):
        d2l.fra_eng_path(tmp_path / 'downloaded')

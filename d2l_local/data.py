"""The English-French data set: finding the file, preprocessing, vocabularies, batches."""
import hashlib
import os
import random
import re
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import numpy as onp
from d2l import mxnet as d2l
from mxnet import nd, np

from .runtime import checkout

DATA_ENV = 'D2L_DATA_DIR'
FRA_ENG_URL = 'http://d2l-data.s3-accelerate.amazonaws.com/fra-eng.zip'
FRA_ENG_ZIP_SHA1 = '94646ad1522d915e7b0f9296181140edcf86a4f5'
FRA_TXT_SHA1 = 'c43f99dce27311d3afd4d3e0716848194cfcc103'
RESERVED_TOKENS = ['<pad>', '<bos>', '<eos>']
# How the English of the larger subset starts: a pronoun and a form of "to be".
PRONOUN_BE = ('i am ', "i'm ", 'he is ', "he's ", 'she is ', "she's ", 'you are ',
              "you're ", 'we are ', "we're ", 'they are ', "they're ")


class DataError(RuntimeError):
    """A data file is missing, cannot be downloaded, or is corrupt."""


def data_dir():
    """The data folder: `$D2L_DATA_DIR`, else `data/` at the top of the repository
    (or of the working directory, when the package is installed, as on Colab)."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return (checkout() or Path.cwd()) / 'data'


def sha1sum(path):
    """Hex SHA-1 digest of a file."""
    digest = hashlib.sha1()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def _how_to_provide(folder):
    return (f'Copy fra.txt and _about.txt into {folder / "fra-eng"} (the folder of '
            f'{FRA_ENG_URL}), or set {DATA_ENV} to a folder that holds fra-eng/fra.txt.')


def _check_sha1(path, expected, what):
    actual = sha1sum(path)
    if actual != expected:
        raise DataError(f'{path} is corrupt or truncated: its sha1 is {actual}, '
                        f'expected {expected} for {what}. Delete it and provide a good '
                        f'copy. {_how_to_provide(path.parent.parent)}')


def download_fra_eng(folder, url=None, timeout=30):
    """Download d2l's `fra-eng.zip` into `folder`, check its sha1 and extract it."""
    url = url or FRA_ENG_URL
    folder.mkdir(parents=True, exist_ok=True)
    zip_path = folder / 'fra-eng.zip'
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            zip_path.write_bytes(response.read())
    except (urllib.error.URLError, OSError) as e:
        raise DataError(f'fra-eng/fra.txt is not in {folder} and downloading {url} '
                        f'failed ({e}). {_how_to_provide(folder)}') from e
    _check_sha1(zip_path, FRA_ENG_ZIP_SHA1, 'fra-eng.zip')
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    zip_path.unlink()


def fra_eng_path(folder=None):
    """Path of a verified `fra-eng/fra.txt`, downloading it if it is missing."""
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / 'fra-eng' / 'fra.txt'
    if not path.is_file():
        download_fra_eng(folder)
    _check_sha1(path, FRA_TXT_SHA1, 'the fra-eng Tatoeba export')
    return path


def read_data_nmt(folder=None):
    """The raw text of the English-French pairs, one tab-separated pair per line."""
    return fra_eng_path(folder).read_text(encoding='utf-8')


def preprocess_nmt(text):
    """No invisible characters (fra.txt has a few zero-width spaces and soft hyphens),
    one plain space for each run of Unicode spaces (it has U+00A0, U+202F and U+2009
    before punctuation), lower case, a space before `, . ! ?`."""
    text = re.sub('[\u00ad\u200b-\u200d\u2060\ufeff]', '', text)
    text = re.sub(r'[^\S\t\n]+', ' ', text).lower()
    return re.sub(r'(?<=\S)([,.!?])', r' \1', text)


def tokenize_nmt(text, num_examples=None):
    """Word tokens of the source and target side of each line."""
    source, target = [], []
    for line in text.split('\n'):
        if num_examples is not None and len(source) >= num_examples:
            break
        parts = line.split('\t')
        if len(parts) >= 2:
            source.append(parts[0].split(' '))
            target.append(parts[1].split(' '))
    return source, target


def truncate_pad(line, num_steps, padding_token):
    """Cut a token-index list to `num_steps`, or pad it up to `num_steps`."""
    if len(line) > num_steps:
        return line[:num_steps]
    return line + [padding_token] * (num_steps - len(line))


def build_array_nmt(lines, vocab, num_steps):
    """Index arrays with `<eos>` appended, truncated or padded, and their valid lengths."""
    lines = [vocab[line] + [vocab['<eos>']] for line in lines]
    array = np.array([truncate_pad(line, num_steps, vocab['<pad>']) for line in lines],
                     dtype='int32')
    valid_len = (array != vocab['<pad>']).astype('int32').sum(axis=1)
    return array, valid_len  # (num_lines, num_steps), (num_lines,)


class BatchIterator:
    """Mini-batches of equally long arrays, reshuffled on the host every epoch."""

    def __init__(self, arrays, batch_size, shuffle=True):
        self.arrays = [a.asnumpy() if hasattr(a, 'asnumpy') else onp.asarray(a)
                       for a in arrays]
        self.batch_size, self.shuffle = batch_size, shuffle

    def __len__(self):
        return -(-len(self.arrays[0]) // self.batch_size)

    def __iter__(self):
        n = len(self.arrays[0])
        order = onp.random.permutation(n) if self.shuffle else onp.arange(n)
        for start in range(0, n, self.batch_size):
            rows = order[start:start + self.batch_size]
            # Wrapped, not copied: np.array would first wait for the operators queued
            # before it on the device.
            yield tuple(nd.from_numpy(a[rows]).as_np_ndarray() for a in self.arrays)


def load_data_nmt(batch_size, num_steps, num_examples=600, folder=None):
    """A shuffling batch iterator of the first pairs, and both vocabularies."""
    text = preprocess_nmt(read_data_nmt(folder))
    source, target = tokenize_nmt(text, num_examples)
    src_vocab = d2l.Vocab(source, min_freq=2, reserved_tokens=RESERVED_TOKENS)
    tgt_vocab = d2l.Vocab(target, min_freq=2, reserved_tokens=RESERVED_TOKENS)
    src_array, src_valid_len = build_array_nmt(source, src_vocab, num_steps)
    tgt_array, tgt_valid_len = build_array_nmt(target, tgt_vocab, num_steps)
    data_iter = BatchIterator((src_array, src_valid_len, tgt_array, tgt_valid_len),
                              batch_size)
    return data_iter, src_vocab, tgt_vocab


def select_pairs(source, target, prefixes, max_tokens):
    """The pairs whose source starts with one of `prefixes` (strings) and whose two
    sides have at most `max_tokens` tokens each."""
    pairs = [(s, t) for s, t in zip(source, target)
             if ' '.join(s).startswith(tuple(prefixes)) and max(len(s), len(t)) <= max_tokens]
    return [s for s, _ in pairs], [t for _, t in pairs]


def split_by_source(source, target, num_valid, num_test, seed=0):
    """Train, validation and test splits in which each source sentence, with all of
    its translations, lands in exactly one split.

    `num_valid` and `num_test` count distinct source sentences, drawn at random
    (`random.Random(seed)`); the training split gets the rest. Returns a dict of
    `'train'`, `'valid'` and `'test'`, each a `(source, target)` pair of lists in
    the order of the data."""
    sentences = list(dict.fromkeys(tuple(s) for s in source))  # distinct, in order
    if num_valid + num_test >= len(sentences):
        raise ValueError(f'{num_valid} + {num_test} held-out sentences leave none of the '
                         f'{len(sentences)} distinct source sentences for training.')
    random.Random(seed).shuffle(sentences)
    split_of = dict.fromkeys(sentences[:num_test], 'test')
    split_of.update(dict.fromkeys(sentences[num_test:num_test + num_valid], 'valid'))
    splits = {name: ([], []) for name in ('train', 'valid', 'test')}
    for s, t in zip(source, target):
        src, tgt = splits[split_of.get(tuple(s), 'train')]
        src.append(s)
        tgt.append(t)
    return splits


def references_of(source, target):
    """Each distinct source sentence (a string) and the list of its translations."""
    references = {}
    for s, t in zip(source, target):
        references.setdefault(' '.join(s), []).append(' '.join(t))
    return references


def load_data_held_out(batch_size, num_steps, num_valid, num_test, prefixes=PRONOUN_BE,
                       seed=0, folder=None):
    """The pairs of `select_pairs` that fit in `num_steps` with `<eos>`, split by
    source sentence (`split_by_source`), with vocabularies (`min_freq=2`) built
    from the training split only.

    Returns a shuffling batch iterator of the training pairs, a fixed-order one of
    the validation pairs, both vocabularies and the splits themselves."""
    text = preprocess_nmt(read_data_nmt(folder))
    source, target = select_pairs(*tokenize_nmt(text), prefixes, num_steps - 1)
    splits = split_by_source(source, target, num_valid, num_test, seed)
    src_vocab = d2l.Vocab(splits['train'][0], min_freq=2, reserved_tokens=RESERVED_TOKENS)
    tgt_vocab = d2l.Vocab(splits['train'][1], min_freq=2, reserved_tokens=RESERVED_TOKENS)
    iters = []
    for name, shuffle in [('train', True), ('valid', False)]:
        src, tgt = splits[name]
        arrays = (*build_array_nmt(src, src_vocab, num_steps),
                  *build_array_nmt(tgt, tgt_vocab, num_steps))
        iters.append(BatchIterator(arrays, batch_size, shuffle=shuffle))
    return iters[0], iters[1], src_vocab, tgt_vocab, splits

"""No measured number in a lesson's prose can drift from the run it describes.

A markdown cell's measured numbers (a decimal such as a loss or a BLEU score, a
percentage, a ratio such as "4.5 times", a figure with a unit such as "12.4 s") must
each appear in an output or in the code of the same notebook: printed by a cell, or
asserted by one. What may not (the book's own figures, a paper's, a setting named in
the prose) is listed below, each number with its reason. Version numbers, math and
code spans are not prose numbers.
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / 'notebooks').glob('**/[0-9][0-9]_*.ipynb'))

NUMBER = r'\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?'
MEASURED = re.compile(
    rf'(?<![\w.,/-])(?P<n>{NUMBER})(?:'
    r'(?P<pct> ?%)'                                               # a percentage
    r'|(?P<unit> ?(?:times|×|x\b|s\b|ms\b|seconds?\b|minutes?\b|tokens/s|sentences/s))'
    r'|(?=[^\w.,]|\.(?!\d)|$))'                                   # or a bare number
)
VERSION = re.compile(r'\d+\.\d+\.\d+|(?:Python|NumPy|MXNet|matplotlib|pandas|IPython|'
                     r'sacrebleu|d2l|Gluon|CUDA|cuDNN|ipykernel|ruff|PyTorch|torch)'
                     r' \d+(?:\.\d+)*', re.IGNORECASE)

# Numbers that no cell of the notebook prints, each with its reason.
EXCEPTIONS = {
    '03_masked_loss.ipynb': {
        '2.3026': 'log 10, a constant (cells print it in float32: 2.302588)',
        '0.026': "the book's final printed loss, and a T-fold example of it",
        '0.26': "ten times the book's 0.026: the arithmetic the sentence explains",
        '0.027': "the book's printed loss",
        '0.03': 'the figure exercise 5 asks about',
    },
    '04_training.ipynb': {
        '0.027': "the book's final loss on a CPU (one published version)",
        '0.026': "the book's final loss on a GPU (another version)",
        '8687.4': "the book's tokens/sec on a GPU",
        '0.05': 'a learning rate exercise 4 asks to try',
    },
    '09_transformer.ipynb': {
        '37.1': "the Transformer's highest test BLEU over four kernel paths (the BLEU "
                "cell's tolerance states the spread)",
        '13.5': "the LSTMs' lowest test BLEU over four kernel paths (idem)",
        '17.7': "the LSTMs' highest test BLEU over four kernel paths (idem)",
    },
}


def prose(cell):
    """A markdown cell's text without math, code spans, links' targets and HTML tags."""
    text = ''.join(cell['source'])
    text = re.sub(r'```.*?```', ' ', text, flags=re.DOTALL)
    text = re.sub(r'\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]*`', ' ', text, flags=re.DOTALL)
    text = re.sub(r'\]\([^)]*\)|<[^>]+>|https?://\S+', ' ', text)
    return VERSION.sub(' ', text)


def measured_numbers(text):
    """The numbers of `text` that read as measured: a decimal, a percentage, a ratio,
    or a figure with a unit. Plain integers (sizes, counts, settings) are left out."""
    found = []
    for match in MEASURED.finditer(text):
        number = match['n']
        if '.' in number or match['pct'] or match['unit']:
            found.append(number.replace(',', ''))
    return found


def printed(notebook):
    """Every output text and every code source of the notebook, as one string."""
    parts = []
    for cell in notebook['cells']:
        if cell['cell_type'] != 'code':
            continue
        parts.append(''.join(cell['source']))
        for output in cell.get('outputs', []):
            parts.append(''.join(output.get('text', '')))
            for kind in ('text/plain', 'text/markdown', 'text/html'):
                parts.append(''.join(output.get('data', {}).get(kind, '')))
    return '\n'.join(parts).replace(',', '')


def appears(number, text):
    """Whether `number` is in `text` as a whole number (0.39 is not in 0.398)."""
    whole = re.escape(number)
    if '.' not in number:
        whole += r'(?:\.0+)?'                                   # "2 times" in "2.0x"
    return re.search(rf'(?<![\d.]){whole}(?!\d|\.\d)', text) is not None


def stale(path):
    notebook = json.loads(path.read_text(encoding='utf-8'))
    outputs = printed(notebook)
    allowed = EXCEPTIONS.get(path.name, {})
    missing = []
    for index, cell in enumerate(notebook['cells']):
        if cell['cell_type'] != 'markdown':
            continue
        for number in measured_numbers(prose(cell)):
            if number not in allowed and not appears(number, outputs):
                missing.append(f'cell {index}: {number}')
    return missing


def test_what_counts_as_a_measured_number():
    text = ('The loss fell to 0.272 after 300 epochs, 4.5 times as long, 37.4% of them, '
            'at 38,176.6 tokens/s and 12.4 s an epoch; $0.5$, `lr=0.005`, NumPy 2.1.3, '
            'Python 3.13, chapter 8.')
    assert measured_numbers(prose({'source': [text]})) == [
        '0.272', '4.5', '37.4', '38176.6', '12.4']


def test_a_number_appears_only_as_a_whole():
    assert appears('0.398', 'greedy 0.398, beam 0.418')
    assert not appears('0.39', 'greedy 0.398')
    assert appears('38176.6', 'at 38176.6 tokens/s')
    assert appears('2', 'ratio 2.0x') and not appears('2', 'ratio 2.5x')


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda p: p.name)
def test_every_measured_number_in_the_prose_is_printed_or_asserted(path):
    missing = stale(path)
    assert not missing, (f'{path.name}: numbers in the prose that no output or code of the '
                         f'notebook holds (stale, or an exception to list): {missing}')


def test_every_exception_is_still_needed():
    for name, numbers in EXCEPTIONS.items():
        path = next(p for p in NOTEBOOKS if p.name == name)
        notebook = json.loads(path.read_text(encoding='utf-8'))
        text = ' '.join(prose(c) for c in notebook['cells'] if c['cell_type'] == 'markdown')
        found = set(measured_numbers(text))
        outputs = printed(notebook)
        for number, why in numbers.items():
            assert why.strip(), f'{name}: {number} needs a reason'
            assert number in found, f'{name}: {number} is no longer in the prose'
            assert not appears(number, outputs), f'{name}: {number} is printed now'

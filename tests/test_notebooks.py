"""The notebooks agree with the package, with their images, and with our conventions."""
import ast
import importlib
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / 'notebooks').glob('[0-9][0-9]_*.ipynb'))
SOLUTIONS = sorted((ROOT / 'notebooks' / 'solutions').glob('[0-9][0-9]_*_solutions.ipynb'))
SAVED = re.compile(r'# Saved in d2l_local/(\w+)\.py\n')
sys.path.insert(0, str(ROOT / 'tools'))
import notebook_headers  # noqa: E402


def cells(path, kind=None):
    notebook = json.loads(path.read_text(encoding='utf-8'))
    return [c for c in notebook['cells'] if kind is None or c['cell_type'] == kind]


def source(cell):
    return ''.join(cell['source'])


def saved_definitions():
    """(notebook, module, name, source) of every definition in a `Saved in` cell."""
    found = []
    for path in NOTEBOOKS:
        for cell in cells(path, 'code'):
            match = SAVED.match(source(cell))
            if match:
                code = source(cell)[match.end():]
                lines = code.splitlines()
                for node in ast.parse(code).body:
                    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                        segment = '\n'.join(lines[node.lineno - 1:node.end_lineno])
                        found.append((path.name, match.group(1), node.name, segment))
    return found


def test_there_are_notebooks():
    assert NOTEBOOKS, 'no numbered notebooks found in notebooks/'


@pytest.mark.parametrize('notebook,module,name,code', saved_definitions(),
                         ids=lambda value: value if '\n' not in value else '')
def test_saved_code_is_what_the_package_runs(notebook, module, name, code):
    obj = getattr(importlib.import_module(f'd2l_local.{module}'), name)
    assert textwrap.dedent(inspect.getsource(obj)).rstrip() == code.rstrip(), (
        f'{notebook} shows a {name} that differs from d2l_local/{module}.py')


def test_each_saved_definition_is_shown_once():
    names = [(m, n) for _, m, n, _ in saved_definitions()]
    assert len(names) == len(set(names))


def image_links(text):
    return re.findall(r'!\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src="([^"]+)"', text)


@pytest.mark.parametrize('path', NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_every_referenced_image_exists(path):
    for cell in cells(path, 'markdown'):
        for link in (a or b for a, b in image_links(source(cell))):
            if not link.startswith('http'):
                assert (path.parent / link).is_file(), f'{path.name} links to missing {link}'


@pytest.mark.parametrize('path', NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_notebook_conventions(path):
    text = '\n'.join(source(c) for c in cells(path, 'markdown'))
    headings = ['## Setup'] + (['## Summary', '## Exercises'] if path in NOTEBOOKS else [])
    for heading in headings:
        assert heading in text, f'{path.name} has no "{heading}" section'
    code = [c for c in cells(path, 'code') if source(c).strip()]
    counts = [c['execution_count'] for c in code]
    assert counts == list(range(1, len(code) + 1)), 'outputs are not from one clean run'
    ignored = [c for c in code if {'nbval-ignore-output', 'nbval-skip'}
               & set(c.get('metadata', {}).get('tags', []))]
    assert len(ignored) <= max(2, len(code) // 4)
    setup = source(code[1])      # after the Colab install cell
    assert re.search(r'^import d2l_local as d2l  # before MXNet: .+$', setup, re.MULTILINE)
    first_mxnet = re.search(r'^(import|from) mxnet\b', setup, re.MULTILINE)
    assert first_mxnet is None or setup.index('import d2l_local') < first_mxnet.start(), (
        'import d2l_local before MXNet: it restores the NumPy names MXNet 1.9.1 reads')
    for cell in code:
        assert 'NBVAL_' not in source(cell), 'use cell tags, not comment markers'
        if path in SOLUTIONS:
            assert not SAVED.match(source(cell)), 'solutions import package code, never copy it'


def test_there_are_solutions():
    assert SOLUTIONS, 'no solutions notebooks found in notebooks/solutions/'


@pytest.mark.parametrize('path', SOLUTIONS, ids=lambda p: p.name)
def test_every_exercise_links_to_its_worked_answer(path):
    chapter = notebook_headers.chapter_of(path)
    exercises = ''.join(source(c) for c in cells(chapter, 'markdown')
                        if '## Exercises' in source(c)).split('## Exercises')[1]
    numbers = re.findall(r'^(\d+)\. ', exercises, re.MULTILINE)
    links = re.findall(rf'\(solutions/{path.name}#Exercise-(\d+)\)', exercises)
    answer_text = '\n'.join(source(c) for c in cells(path, 'markdown'))
    answers = re.findall(r'^## Exercise (\d+)$', answer_text, re.MULTILINE)
    assert 3 <= len(numbers) <= 5, f'{chapter.name} should have 3 to 5 exercises'
    assert links == numbers == answers, f'{chapter.name}: exercises, links and answers differ'


def test_headers_and_colab_cells_are_up_to_date():
    assert notebook_headers.main(check=True) == 0


@pytest.mark.parametrize('path', NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_notebook_renders_to_html(path):
    # `make run` writes an HTML rendering of every executed notebook.
    from nbconvert import HTMLExporter
    html, _ = HTMLExporter().from_filename(str(path))
    first_line = source(cells(path)[0]).splitlines()[0].lstrip('# ')
    assert first_line.split(' · ')[1] in html


def test_07_answers_quote_the_chapters_stored_run():
    # The worked answers of 07 compare their short runs with the chapter's accuracies,
    # which they quote as `CHAPTER = [...]`: those must be the ones the chapter stores.
    chapter = ROOT / 'notebooks' / '07_learning_to_add.ipynb'
    answers = ROOT / 'notebooks' / 'solutions' / '07_learning_to_add_solutions.ipynb'
    printed = ''.join(''.join(o.get('text', '')) for c in cells(chapter, 'code')
                      for o in c.get('outputs', []))
    stored = [float(a) for a in re.findall(r'validation accuracy ([0-9.]+),', printed)]
    quoted = [ast.literal_eval(line.split('=', 1)[1]) for c in cells(answers, 'code')
              for line in source(c).splitlines() if line.startswith('CHAPTER = ')]
    assert len(stored) == 9 and quoted == [stored]


def test_sync_saved_writes_the_package_code_into_a_saved_cell():
    # `make record` runs tools/sync_saved.py: a cell edited by hand gets the package's
    # code back, and what is between the definitions stays.
    import sync_saved
    notebook, module, name, code = saved_definitions()[0]
    edited = code.replace('\n', '\n    x = 1  # an edit by hand\n', 1)
    cell = f'# a comment\n{edited}\n\n# another\n'
    module = importlib.import_module(f'd2l_local.{module}')
    assert sync_saved.synced(cell, module) == f'# a comment\n{code}\n\n# another\n'
    assert sync_saved.main(check=True) == 0

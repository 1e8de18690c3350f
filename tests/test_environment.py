"""The pinned environment: Colab's default runtime, one source of truth."""
import importlib.util
import json
import re
import sys
from pathlib import Path

import IPython
import matplotlib
import mxnet
import numpy
import pandas

ROOT = Path(__file__).resolve().parent.parent
COLAB = ROOT / 'tools' / 'colab' / 'python3.13.txt'


def pins(name):
    lines = (ROOT / name).read_text().splitlines()
    return dict(l.strip().split('==') for l in lines if '==' in l and not l.startswith('#'))


def test_requirements_pin_colabs_versions_of_what_colab_ships():
    colab = {name.lower(): version for name, version in pins(COLAB.relative_to(ROOT)).items()}
    ours = pins('requirements.txt')
    shipped = {name: version for name, version in ours.items() if name.lower() in colab}
    assert {'numpy', 'pandas', 'matplotlib', 'ipython', 'ipykernel'} <= set(shipped)
    assert all(colab[name.lower()] == version for name, version in shipped.items())
    assert f'-c {COLAB.relative_to(ROOT)}' in (ROOT / 'requirements.txt').read_text()


def test_environment_yml_installs_requirements_txt_on_colabs_python():
    yml = (ROOT / 'environment.yml').read_text()
    colab_python = re.search(r'Python (3\.\d+)\.\d+', COLAB.read_text()).group(1)
    assert f'  - python={colab_python}\n' in yml
    assert '      - -r requirements.txt\n' in yml


def test_the_stack_is_the_pinned_one():
    ours = pins('requirements.txt') | pins('requirements-nodeps.txt')
    assert ours['mxnet'] == mxnet.__version__ == '1.9.1'
    for module in (numpy, pandas, matplotlib):
        assert ours[module.__name__] == module.__version__
    assert ours['ipython'] == IPython.__version__


def test_the_halves_of_the_parallel_run_name_real_notebooks():
    # `make test` runs the root conftest's halves on two workers; a renamed notebook
    # would silently move to the other half, and a notebook that reuses another's saved
    # runs would no longer follow it on the same worker.
    spec = importlib.util.spec_from_file_location('root_conftest', ROOT / 'conftest.py')
    halves = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(halves)
    notebooks = {p.name for p in (ROOT / 'notebooks').glob('**/*.ipynb')}
    assert halves.SECOND_HALF <= notebooks
    for together in [{'04_training.ipynb', '05_prediction.ipynb',
                      '05_prediction_solutions.ipynb'},
                     {'08_held_out.ipynb', '08_held_out_solutions.ipynb'}]:
        assert together <= halves.SECOND_HALF or not together & halves.SECOND_HALF


def test_the_extra_colab_packages_are_the_pinned_ones():
    # A chapter's Colab cell installs what it needs beyond the common stack, at the
    # version pinned here (tools/notebook_headers.py writes the cell).
    sys.path.insert(0, str(ROOT / 'tools'))
    import notebook_headers
    sacrebleu = f"sacrebleu=={pins('requirements.txt')['sacrebleu']}"
    for path in sorted((ROOT / 'notebooks').glob('**/08_*.ipynb')):
        assert notebook_headers.extra_packages(path) == [sacrebleu]
        cell = notebook_headers.install_cell('https://example.org/x.zip',
                                             extras=notebook_headers.extra_packages(path))
        assert f"pip_install('{sacrebleu}')" in cell


def test_every_notebook_that_scores_bleu_installs_sacrebleu_on_colab():
    # sacrebleu is not on Colab: a notebook whose code reaches it needs it in its cell.
    sys.path.insert(0, str(ROOT / 'tools'))
    import notebook_headers
    uses = re.compile(r'sacrebleu|corpus_bleu|bleu_statistics|bleu_of_statistics|'
                      r'bleu_by_length')
    for path in sorted((ROOT / 'notebooks').glob('**/[0-9][0-9]_*.ipynb')):
        cells = json.loads(path.read_text(encoding='utf-8'))['cells']
        code = '\n'.join(''.join(c['source']) for c in cells
                         if c['cell_type'] == 'code' and 'colab-install' not in
                         c.get('metadata', {}).get('tags', []))
        needs = bool(uses.search(code))
        has = any(p.startswith('sacrebleu') for p in notebook_headers.extra_packages(path))
        assert needs == has, f'{path.name}: uses sacrebleu {needs}, installs it {has}'


def test_the_colab_cell_installs_mxnet_and_d2l_without_their_numpy_pins():
    sys.path.insert(0, str(ROOT / 'tools'))
    import notebook_headers
    cell = notebook_headers.install_cell('https://example.org/x.zip')
    install = re.search(r"pip_install\('--no-deps', (.*?)\)\n", cell, re.DOTALL).group(1)
    for pin in pins('requirements-nodeps.txt').items():
        assert f"'{'=='.join(pin)}'" in install
    assert "'https://example.org/x.zip'" in install
    calls = re.findall(r"pip_install\((.*?)\)\n", cell, re.DOTALL)
    assert calls and not any('numpy' in call.lower() for call in calls)   # nor NumPy


def run_setup_cell(monkeypatch, results):
    """Execute the Colab Setup cell as on Colab, with `subprocess.run` answering from
    `results` (returncode, stderr) in turn; the SystemExit message, or None."""
    import subprocess
    import types
    sys.path.insert(0, str(ROOT / 'tools'))
    import notebook_headers
    monkeypatch.setitem(sys.modules, 'google.colab', types.ModuleType('google.colab'))
    calls = []

    def fake_run(args, **kwargs):
        calls.append(args)
        code, stderr = results[len(calls) - 1]
        return subprocess.CompletedProcess(args, code, '', stderr)

    monkeypatch.setattr(subprocess, 'run', fake_run)
    cell = notebook_headers.install_cell('https://example.org/x.zip', extras=['sacrebleu==2.6.0'])
    try:
        exec(compile(cell, 'setup-cell', 'exec'), {})
    except SystemExit as stop:
        return str(stop), calls
    return None, calls


def test_the_setup_cell_installs_then_checks_that_mxnet_loads(monkeypatch):
    message, calls = run_setup_cell(monkeypatch, [(0, '')] * 3)
    assert message is None
    assert len(calls) == 3
    assert calls[0][-4:] == ['--no-deps', 'mxnet==1.9.1', 'd2l==1.0.3',
                             'https://example.org/x.zip']
    assert calls[1][-1] == 'sacrebleu==2.6.0'
    assert calls[2][-2:] == ['-c', 'import d2l_local']


def test_the_setup_cell_stops_with_one_sentence_when_pip_fails(monkeypatch):
    message, calls = run_setup_cell(monkeypatch, [
        (1, 'Looking in indexes...\nERROR: Could not find a version that satisfies '
            'the requirement mxnet==1.9.1')])
    assert len(calls) == 1 and message.startswith(
        'pip could not install mxnet==1.9.1 d2l==1.0.3 https://example.org/x.zip;')
    assert 'is the runtime online?' in message and 'Traceback' not in message


def test_the_setup_cell_says_which_runtimes_work_when_mxnet_does_not_load(monkeypatch):
    message, _ = run_setup_cell(monkeypatch, [(0, ''), (0, ''), (
        1, 'Traceback (most recent call last):\n  File "<string>", line 1\n'
           'AttributeError: module numpy has no attribute foo')])
    assert message.startswith('MXNet 1.9.1 does not load here (AttributeError: module numpy')
    assert 'Python 3.13, NumPy 2.1' in message and 'Runtime > Change runtime type' in message
    assert 'File "<string>"' not in message

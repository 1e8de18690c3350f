"""The pinned environment: one source of truth, mirrored for conda."""
import importlib.util
import sys
from pathlib import Path

import mxnet
import numpy

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines():
    lines = (ROOT / 'requirements.txt').read_text().splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith('#')]


def test_environment_yml_pins_what_requirements_txt_pins():
    yml = (ROOT / 'environment.yml').read_text().splitlines()
    pip_entries = [l.strip()[2:] for l in yml if l.startswith('      - ')]
    assert '  - python=3.11' in yml
    assert sorted(e for e in pip_entries if e != '-e .') == sorted(requirement_lines())
    assert '-e .' in pip_entries


def test_the_stack_is_the_pinned_one():
    pins = dict(l.split('==') for l in requirement_lines() if '==' in l)
    assert pins['mxnet'] == mxnet.__version__ == '1.9.1'
    assert pins['numpy'] == numpy.__version__ == '1.23.5'


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
    pins = dict(l.split('==') for l in requirement_lines() if '==' in l)
    for path in sorted((ROOT / 'notebooks').glob('**/08_*.ipynb')):
        assert notebook_headers.extra_packages(path) == [f"sacrebleu=={pins['sacrebleu']}"]
        cell = notebook_headers.install_cell('https://example.org/x',
                                             extras=notebook_headers.extra_packages(path))
        assert f"pip_install('sacrebleu=={pins['sacrebleu']}')" in cell

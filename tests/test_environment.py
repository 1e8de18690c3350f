"""The pinned environment: one source of truth, mirrored for conda."""
import importlib.util
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
    # would silently move to the other half, and 05 would no longer follow 04.
    spec = importlib.util.spec_from_file_location('root_conftest', ROOT / 'conftest.py')
    halves = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(halves)
    notebooks = {p.name for p in (ROOT / 'notebooks').glob('**/*.ipynb')}
    assert halves.SECOND_HALF <= notebooks
    assert {'04_training.ipynb', '05_prediction.ipynb'} <= halves.SECOND_HALF

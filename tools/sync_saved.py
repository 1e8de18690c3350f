"""Write the package's code into the notebooks' "Saved in" cells: the package is the source.

A code cell that starts with `# Saved in d2l_local/<module>.py` shows definitions of that
module; each of them is replaced by the module's current source (the rest of the cell,
comments and blank lines between definitions, stays). tests/test_notebooks.py checks the
two agree; `make record` runs this first.

    python tools/sync_saved.py            # rewrite the notebooks that differ
    python tools/sync_saved.py --check    # exit 1 if any differs
"""
import ast
import importlib
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAVED = re.compile(r'# Saved in d2l_local/(\w+)\.py\n')


def synced(code, module):
    """`code` with each top-level definition replaced by `module`'s source of it."""
    lines = code.splitlines()
    nodes = [n for n in ast.parse(code).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    for node in reversed(nodes):
        source = textwrap.dedent(inspect.getsource(getattr(module, node.name))).rstrip()
        lines[node.lineno - 1:node.end_lineno] = source.splitlines()
    return '\n'.join(lines) + ('\n' if code.endswith('\n') else '')


def sync(path, write=True):
    """Rewrite the Saved-in cells of notebook `path` (if `write`); whether they differed."""
    text = path.read_text(encoding='utf-8')
    notebook = json.loads(text)
    for cell in notebook['cells']:
        source = ''.join(cell['source'])
        match = SAVED.match(source) if cell['cell_type'] == 'code' else None
        if match:
            module = importlib.import_module(f'd2l_local.{match.group(1)}')
            new = source[:match.end()] + synced(source[match.end():], module)
            cell['source'] = new.splitlines(keepends=True)
    new_text = json.dumps(notebook, indent=1, ensure_ascii=False) + '\n'
    if write and new_text != text:
        path.write_text(new_text, encoding='utf-8')
    return new_text != text


def main(check=False):
    paths = sorted((ROOT / 'notebooks').glob('[0-9][0-9]_*.ipynb'))
    stale = [p.name for p in paths if sync(p, write=not check)]
    if not check:
        for name in stale:
            print('synced', name)
    if check and stale:
        print('Saved-in cells differ from d2l_local (run python tools/sync_saved.py):',
              ', '.join(stale))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(check='--check' in sys.argv[1:]))

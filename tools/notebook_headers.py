"""Write every notebook's header and Colab install cell from one setting.

The repository address is `[project.urls] Repository` in pyproject.toml. Each
notebook starts with a markdown cell whose first line is its title; this script
puts the Colab badge and the navigation links under that title, and fills the
code cell tagged `colab-install`. A chapter `notebooks/NN_topic.ipynb` may have its
worked answers in `notebooks/solutions/NN_topic_solutions.ipynb`, whose links lead
back to the chapter. Run it after adding or renaming a notebook:

    python tools/notebook_headers.py           # rewrite the notebooks
    python tools/notebook_headers.py --check   # exit 1 if any is out of date
"""
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / 'notebooks'
SOLUTIONS = NOTEBOOKS / 'solutions'
BADGE = 'https://colab.research.google.com/assets/colab-badge.svg'
INSTALL_TAG = 'colab-install'
# What only some chapters (and their worked answers) need on Colab, by chapter number;
# the versions are the pins of requirements.txt.
EXTRA_PACKAGES = {'08': ['sacrebleu']}


def repository():
    """The GitHub address, e.g. https://github.com/owner/name."""
    with open(ROOT / 'pyproject.toml', 'rb') as f:
        return tomllib.load(f)['project']['urls']['Repository'].rstrip('/')


def notebook_paths():
    return sorted(NOTEBOOKS.glob('[0-9][0-9]_*.ipynb'))


def solution_paths():
    return sorted(SOLUTIONS.glob('[0-9][0-9]_*_solutions.ipynb'))


def chapter_of(solution):
    """The chapter notebook whose exercises `solution` answers."""
    return NOTEBOOKS / solution.name.replace('_solutions.ipynb', '.ipynb')


def title(notebook):
    """The first line of the first cell, without its `# `."""
    return ''.join(notebook['cells'][0]['source']).splitlines()[0].lstrip('# ').strip()


def badge(repo, path):
    colab = repo.replace('https://github.com/', 'https://colab.research.google.com/github/')
    return f'[![Open In Colab]({BADGE})]({colab}/blob/main/{path.relative_to(ROOT)})'


def header(path, titles, repo):
    """Title, Colab badge and navigation links of one chapter."""
    names = list(titles)
    i = names.index(path.name)
    links = ['[Index](../README.md)']
    if i > 0:
        links.insert(0, f'Previous: [{titles[names[i - 1]]}]({names[i - 1]})')
    if i + 1 < len(names):
        links.append(f'Next: [{titles[names[i + 1]]}]({names[i + 1]})')
    return f'# {titles[path.name]}\n\n{badge(repo, path)}\n\n' + ' · '.join(links)


def solution_header(path, titles, repo):
    """Title, Colab badge and the way back of one solutions notebook."""
    chapter = chapter_of(path).name
    return (f'# {titles[chapter]}: worked answers\n\n{badge(repo, path)}\n\n'
            f'Chapter: [{titles[chapter]}](../{chapter}) · [Index](../../README.md)')


def pins():
    """The `name==version` lines of requirements.txt, by package name."""
    lines = (ROOT / 'requirements.txt').read_text().splitlines()
    return {l.split('==')[0]: l.strip() for l in lines if '==' in l and not l.startswith('#')}


def extra_packages(path):
    """The pinned packages that notebook `path` needs beyond the common ones."""
    return [pins()[name] for name in EXTRA_PACKAGES.get(path.name[:2], [])]


def all_extra_packages():
    """The pinned extra packages of every chapter."""
    return sorted({pins()[name] for names in EXTRA_PACKAGES.values() for name in names})


def install_cell(repo, package=None, extras=()):
    """Source of the cell that sets up MXNet and d2l_local on Colab only.

    `package` is what pip installs for d2l_local, `git+<repo>` unless given
    (tools/check_python312.sh runs this cell with the local checkout instead);
    `extras` are further pinned packages the notebook needs.
    """
    package = package or f'git+{repo}'
    extra = ''.join(f"\n    pip_install('{e}')" for e in extras)
    return f"""# On Colab only: install MXNet 1.9.1, d2l and this course's helpers (about a minute).
import sys

if 'google.colab' in sys.modules:
    import subprocess

    def pip_install(*args):
        subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', *args], check=True)

    pip_install('mxnet==1.9.1', 'setuptools')  # setuptools brings distutils back on 3.12
    pip_install('d2l==1.0.3', '--no-deps')        # its pins predate Python 3.12
    pip_install('{package}'){extra}
    loaded = sys.modules.get('numpy')             # MXNet needs NumPy 1.x, which pip installed
    if loaded is not None and int(loaded.__version__.split('.')[0]) >= 2:
        raise SystemExit('NumPy 1.x is installed now: restart the session '
                         '(Runtime > Restart session) and run the notebook again.')"""


def to_lines(text):
    return text.splitlines(keepends=True)


def updated(path, titles, repo, make_header=header):
    """The notebook with its header and install cell rewritten."""
    notebook = json.loads(path.read_text(encoding='utf-8'))
    notebook['cells'][0]['source'] = to_lines(make_header(path, titles, repo))
    installs = [c for c in notebook['cells']
                if INSTALL_TAG in c.get('metadata', {}).get('tags', [])]
    if len(installs) != 1:
        raise SystemExit(f'{path.name}: expected one code cell tagged {INSTALL_TAG}')
    installs[0]['source'] = to_lines(install_cell(repo, extras=extra_packages(path)))
    return json.dumps(notebook, indent=1, ensure_ascii=False) + '\n'


def main(check=False):
    repo = repository()
    paths = notebook_paths()
    titles = {p.name: title(json.loads(p.read_text(encoding='utf-8'))) for p in paths}
    stale = []
    jobs = [(p, header) for p in paths] + [(p, solution_header) for p in solution_paths()]
    for path, make_header in jobs:
        text = updated(path, titles, repo, make_header)
        if text != path.read_text(encoding='utf-8'):
            stale.append(path.name)
            if not check:
                path.write_text(text, encoding='utf-8')
    if check and stale:
        print('Out of date (run python tools/notebook_headers.py):', ', '.join(stale))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(check='--check' in sys.argv[1:]))

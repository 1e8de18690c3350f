"""Write every notebook's header and Colab install cell from one setting.

The repository address is `[project.urls] Repository` in pyproject.toml. Each
notebook starts with a markdown cell whose first line is its title; this script
puts the Colab badge and the navigation links under that title, and fills the
code cell tagged `colab-install`. A chapter `notebooks/NN_topic.ipynb` may have its
worked answers in `notebooks/solutions/NN_topic_solutions.ipynb`, whose links lead
back to the chapter. The install cell pins the helpers at the last commit that changed
`d2l_local` (or `pyproject.toml`), so an older notebook never meets newer helpers. Run it
after adding or renaming a notebook, and after committing a change to `d2l_local`:

    python tools/notebook_headers.py           # rewrite the notebooks
    python tools/notebook_headers.py --check   # exit 1 if any is out of date
"""
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / 'notebooks'
SOLUTIONS = NOTEBOOKS / 'solutions'
BADGE = 'https://colab.research.google.com/assets/colab-badge.svg'
INSTALL_TAG = 'colab-install'
# What the helpers' pinned commit covers: the package and how it is built.
PACKAGE_FILES = ('d2l_local', 'pyproject.toml')
# What only some chapters (and their worked answers) need on Colab, by chapter number;
# the versions are the pins of requirements.txt.
EXTRA_PACKAGES = {'08': ['sacrebleu'], '09': ['sacrebleu']}


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
    """The `name==version` lines of the requirements files, by package name."""
    lines = [line.strip() for name in ('requirements.txt', 'requirements-nodeps.txt')
             for line in (ROOT / name).read_text().splitlines()]
    return {l.split('==')[0]: l for l in lines if '==' in l and not l.startswith('#')}


def extra_packages(path):
    """The pinned packages that notebook `path` needs beyond the common ones."""
    return [pins()[name] for name in EXTRA_PACKAGES.get(path.name[:2], [])]


def all_extra_packages():
    """The pinned extra packages of every chapter."""
    return sorted({pins()[name] for names in EXTRA_PACKAGES.values() for name in names})


def git(*args):
    return subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def helpers_commit():
    """The last commit that changed the helpers: what a notebook's Colab cell installs.

    A notebook written now pins it, so that it never meets newer helpers than its own."""
    return git('log', '-1', '--format=%H', '--', *PACKAGE_FILES)


def helpers_are_committed(commit):
    """Whether the helpers of `commit` are those of the working tree."""
    return subprocess.run(['git', 'diff', '--quiet', commit, '--', *PACKAGE_FILES],
                          cwd=ROOT).returncode == 0


def helpers_url(repo, commit):
    """GitHub's archive of the repository at `commit`, which pip installs."""
    return f'{repo}/archive/{commit}.zip'


def install_cell(helpers, extras=()):
    """Source of the Setup cell that installs, on Colab only, what Colab lacks.

    `helpers` is what pip installs for d2l_local (`helpers_url(...)` in the notebooks;
    tools/check_colab.sh puts a local archive of the same commit in its place), and
    `extras` are further pinned packages the notebook needs."""
    pinned = pins()
    extra = ''.join(f"\n    pip_install('{e}')" for e in extras)
    mxnet = pinned['mxnet'].split('==')[1]
    return f"""# On Colab only: add MXNet {mxnet}, d2l and this course's helpers to Colab's own
# NumPy 2, pandas and matplotlib, which stay as they are (seconds; no restart).
import sys

if 'google.colab' in sys.modules:
    import subprocess

    TESTED = ("Tested on Colab's default runtime since 2026-08-25 (Python 3.13, NumPy 2.1) "
              'and on runtime version 2026.07 (Python 3.12, NumPy 2.0): choose one under '
              'Runtime > Change runtime type.')

    def pip_install(*args):
        run = subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', *args],
                             capture_output=True, text=True)
        if run.returncode:
            wanted = ' '.join(a for a in args if not a.startswith('-'))
            raise SystemExit(f'pip could not install {{wanted}}; is the runtime online? '
                             + (run.stderr.strip().splitlines() or [''])[-1])

    # Without their dependencies: MXNet's `numpy<2` and d2l's pins predate NumPy 2.
    pip_install('--no-deps', '{pinned['mxnet']}', '{pinned['d2l']}',
                '{helpers}'){extra}
    # d2l_local puts back the NumPy names MXNet reads; does MXNet load on this runtime?
    run = subprocess.run([sys.executable, '-c', 'import d2l_local'],
                         capture_output=True, text=True)
    if run.returncode:
        raise SystemExit('MXNet 1.9.1 does not load here ('
                         + (run.stderr.strip().splitlines() or ['no message'])[-1]
                         + '). ' + TESTED)"""


def to_lines(text):
    return text.splitlines(keepends=True)


def updated(path, titles, repo, helpers, make_header=header):
    """The notebook with its header and install cell rewritten."""
    notebook = json.loads(path.read_text(encoding='utf-8'))
    notebook['cells'][0]['source'] = to_lines(make_header(path, titles, repo))
    installs = [c for c in notebook['cells']
                if INSTALL_TAG in c.get('metadata', {}).get('tags', [])]
    if len(installs) != 1:
        raise SystemExit(f'{path.name}: expected one code cell tagged {INSTALL_TAG}')
    installs[0]['source'] = to_lines(install_cell(helpers, extras=extra_packages(path)))
    return json.dumps(notebook, indent=1, ensure_ascii=False) + '\n'


def main(check=False):
    repo = repository()
    commit = helpers_commit()
    if not helpers_are_committed(commit):
        print(f'd2l_local differs from its last commit ({commit[:7]}), which the Colab cells '
              'pin: commit it, then run python tools/notebook_headers.py again.')
        if check:
            return 1
    helpers = helpers_url(repo, commit)
    paths = notebook_paths()
    titles = {p.name: title(json.loads(p.read_text(encoding='utf-8'))) for p in paths}
    stale = []
    jobs = [(p, header) for p in paths] + [(p, solution_header) for p in solution_paths()]
    for path, make_header in jobs:
        text = updated(path, titles, repo, helpers, make_header)
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

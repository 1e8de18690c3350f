#!/usr/bin/env bash
# Does the course run on a Colab runtime, set up by nothing but each notebook's own Setup
# cell? RUNTIME is a file of tools/colab/ (Colab's published package versions):
#
#   tools/check_colab.sh python3.13     # Colab's default runtime since 2026-08-25
#   tools/check_colab.sh python3.12     # the runtime version 2026.07, pinned by hand
#   tools/check_colab.sh python3.13 notebooks/01_encoder.ipynb   # some notebooks only
#
# 1. A fresh virtual environment of that Python with what the runtime ships that the
#    course touches, at the runtime's versions (the whole list is used as constraints),
#    plus nbval and pytest to execute the notebooks; `google.colab` is made importable
#    in every interpreter of it, as on Colab.
# 2. The Setup cell of notebook 08 (the one with the most to install) runs alone and is
#    timed, with the helpers' address replaced by an archive of the very commit the cell
#    pins, made from this checkout. It must leave NumPy, pandas, matplotlib and IPython
#    at the runtime's versions.
# 3. tests/test_numpy_compat.py on the runtime's NumPy.
# 4. Every chapter and worked answer, each running its own Setup cell first, with nbval
#    in lax mode: any error or failed `assert` fails (outputs are compared strictly on the
#    pinned stack by `make test`). Then the versions are checked again.
#
# The environment is build/colab-RUNTIME (ignored by git, made anew each run); the data
# come from D2L_DATA_DIR, else data/ in this checkout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
runtime="${1:?usage: tools/check_colab.sh python3.13|python3.12 [notebooks...]}"
shift
versions="tools/colab/$runtime.txt"
[ -f "$versions" ] || { echo "no $versions: the runtimes are $(ls tools/colab)" >&2; exit 2; }
start=$SECONDS
work="$ROOT/build/colab-$runtime"
venv="$work/venv"
rm -rf "$work"
mkdir -p "$work"

echo "== $runtime: a fresh environment with the runtime's versions"
"$(tools/find_python.sh "${runtime#python}")" -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade "$(grep -E '^pip==' "$versions")"
# What Colab ships that the notebooks, d2l and sacrebleu import, then what executes them.
"$py" -m pip install --quiet -c "$versions" numpy pandas matplotlib matplotlib-inline \
  ipython ipykernel requests setuptools graphviz regex tabulate lxml \
  nbconvert nbval pytest pytest-xdist
site="$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf 'import sys, types; sys.modules.setdefault("google.colab", types.ModuleType("google.colab"))\n' \
  > "$site/_colab_stand_in.py"
echo 'import _colab_stand_in' > "$site/_colab_stand_in.pth"
# The notebooks run two at a time here, in one environment, and each Setup cell runs pip:
# two pips installing the helpers at once can break each other's files. On Colab each
# notebook has its own runtime; here each `python -m pip` waits for the one before.
cat > "$site/_one_pip_at_a_time.py" <<'EOF_PY'
import sys
if sys.orig_argv[1:3] == ['-m', 'pip']:
    import fcntl
    _lock = open(sys.prefix + '/pip.lock', 'w')
    fcntl.flock(_lock, fcntl.LOCK_EX)    # released when this pip exits
EOF_PY
echo 'import _one_pip_at_a_time' > "$site/_one_pip_at_a_time.pth"
stack() {
  "$py" -c 'import IPython, matplotlib, numpy, pandas
print(f"NumPy {numpy.__version__}, pandas {pandas.__version__}, "
      f"matplotlib {matplotlib.__version__}, IPython {IPython.__version__}")'
}
before="$(stack)"
echo "   $(grep -E '^# at commit' "$versions" | sed 's/^# //') $before"

# The helpers at the commit the cells pin, packed as GitHub packs an archive.
commit="$(PYTHONPATH=tools "$py" -c 'import notebook_headers as h; print(h.helpers_commit())')"
url="$(PYTHONPATH=tools "$py" -c 'import notebook_headers as h, sys
print(h.helpers_url(h.repository(), sys.argv[1]))' "$commit")"
archive="$work/helpers-$commit.zip"
git archive --format=zip --prefix="seq2seq-mxnet-$commit/" -o "$archive" "$commit" \
  d2l_local pyproject.toml README.md

echo "== the Setup cell of notebook 08, alone, in the fresh environment"
(cd "$work" && "$py" - "$ROOT/notebooks/08_held_out.ipynb" "$url" "$archive" <<'EOF_PY'
import json, sys, time
path, url, archive = sys.argv[1:]
cells = json.load(open(path, encoding='utf-8'))['cells']
cell = next(''.join(c['source']) for c in cells if 'colab-install' in c['metadata'].get('tags', []))
assert url in cell, f'the cell does not pin {url}'
start = time.perf_counter()
exec(compile(cell.replace(url, archive), 'setup-cell', 'exec'))
print(f'   finished in {time.perf_counter() - start:.1f} s')
EOF_PY
)
after="$(stack)"
if [ "$after" != "$before" ]; then
  echo "FAILED: the Setup cell changed the runtime's packages: $before -> $after" >&2
  exit 1
fi
echo "   the runtime's packages are unchanged: $after"

# The installed helpers would look in ./data beside each notebook copy: use the checkout's.
export D2L_DATA_DIR="${D2L_DATA_DIR:-$ROOT/data}"
export D2L_CACHE_DIR="$work/cache"    # the installed helpers would use ~/.cache otherwise

echo '== tests/test_numpy_compat.py on this NumPy'
"$py" -m pytest -q -p no:cacheprovider -o addopts= -p no:xdist tests/test_numpy_compat.py

echo "== the notebooks, each with its own Setup cell (D2L_DATA_DIR=$D2L_DATA_DIR)"
# Copies whose cells install the local archive; the pytest run keeps the repository's
# conftest.py (the two halves of `make test`) since the copies lie inside it.
[ $# -eq 0 ] && set -- notebooks/[0-9][0-9]_*.ipynb notebooks/solutions/[0-9][0-9]_*.ipynb
copies=()
for notebook in "$@"; do
  copy="$work/$notebook"
  mkdir -p "$(dirname "$copy")"
  sed "s|$url|$archive|g" "$notebook" > "$copy"
  copies+=("$copy")
done
status=0
"$py" -m pytest -n 2 -p no:cacheprovider -o addopts= --nbval-lax --nbval-current-env \
  --nbval-sanitize-with tests/nbval_sanitize.cfg "${copies[@]}" || status=$?
after="$(stack)"
if [ "$after" != "$before" ]; then
  echo "FAILED: the notebooks changed the runtime's packages: $before -> $after" >&2
  status=1
fi
echo "== $runtime check: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status

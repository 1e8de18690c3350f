#!/usr/bin/env bash
# Do the notebooks run on Colab's stack (Python 3.12, NumPy 1.26)? Build a Python 3.12
# virtual environment with what a Colab runtime already has, run the notebooks' own
# Colab install cell in it (with this checkout in place of `git+<repository>`), then
# execute every notebook with nbval in lax mode: any error fails, and so does any
# `assert` in a notebook; outputs are compared strictly only in the pinned 3.11 stack.
#
#   tools/check_python312.sh                             # every notebook
#   tools/check_python312.sh notebooks/01_encoder.ipynb  # some of them
#   FRESH=1 tools/check_python312.sh                     # rebuild the environment first
#
# The environment is build/py312-venv (ignored by git); the data come from D2L_DATA_DIR,
# else ../shared/data when it exists (as in .ci/run), else data/ in this repository.
# Python 3.12 is `python3.12`, pyenv's 3.12, or whatever PYTHON312 names.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/build/py312-venv"
start=$SECONDS

# What a Colab runtime has before the install cell runs (Python 3.12, NumPy 1.26), plus
# the tools that execute the notebooks.
COLAB_BASE=(
  numpy==1.26.4 pandas==2.2.2 matplotlib==3.8.4 matplotlib-inline==0.1.7
  requests==2.32.3 'ipython<9' ipykernel==6.29.5
  nbconvert==7.17.2 nbval==0.11.0 pytest==8.3.3
)

find_python312() {
  local candidate
  for candidate in "${PYTHON312:-}" python3.12 "$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3.12; do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo 'No Python 3.12 found: install it or set PYTHON312=/path/to/python3.12' >&2
  exit 1
}

if [ -n "${FRESH:-}" ] || [ "$(cat "$VENV/.ready" 2>/dev/null)" != "${COLAB_BASE[*]}" ]; then
  rm -rf "$VENV"
  "$(find_python312)" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet "${COLAB_BASE[@]}"
  echo "${COLAB_BASE[*]}" > "$VENV/.ready"
fi

echo '== the Colab install cell, as tools/notebook_headers.py writes it'
# It installs d2l_local from a clean copy of this checkout, as pip would from a fresh clone.
package="$(mktemp -d)"
outside="$(mktemp -d)"  # an empty folder: no stray module can shadow the stack's
trap 'rm -rf "$package" "$outside"' EXIT
cp -r pyproject.toml README.md d2l_local "$package"/
"$VENV/bin/python" - "$ROOT" "$package" <<'EOF'
import sys
import types

root, package = sys.argv[1:]
sys.path.insert(0, f'{root}/tools')
import notebook_headers  # noqa: E402

sys.modules['google.colab'] = types.ModuleType('google.colab')  # make the cell run
cell = notebook_headers.install_cell(notebook_headers.repository(), package=package,
                                     extras=notebook_headers.all_extra_packages())
exec(compile(cell, 'colab-install', 'exec'))
EOF

echo '== the stack (imported from outside the checkout)'
(cd "$outside" && "$VENV/bin/python" -c '
import d2l_local
import d2l
print(d2l_local.versions())
print("d2l", d2l.__version__, "| d2l_local from", d2l_local.__file__)
print("device:", d2l_local.try_gpu())')

if [ -z "${D2L_DATA_DIR:-}" ]; then
  if [ -d "$ROOT/../shared/data" ]; then
    export D2L_DATA_DIR="$(cd "$ROOT/../shared/data" && pwd)"
  else
    export D2L_DATA_DIR="$ROOT/data"  # the installed package would look in notebooks/data
  fi
fi
echo "== the notebooks (D2L_DATA_DIR=${D2L_DATA_DIR:-unset})"
if [ $# -eq 0 ]; then
  set -- notebooks/[0-9][0-9]_*.ipynb
fi
status=0
"$VENV/bin/python" -m pytest -o addopts= -p no:cacheprovider --nbval-lax --nbval-current-env \
  --nbval-sanitize-with tests/nbval_sanitize.cfg "$@" || status=$?
echo "== Python 3.12 check: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status

#!/usr/bin/env bash
# The unit tests on MXNet 1.9.1's own declared stack: Python 3.11 and NumPy 1.23.5 (the
# newest NumPy its `numpy<2` allows that still has `numpy.bool`), with MXNet and d2l
# installed with their dependencies as declared. The notebooks' stored outputs are
# compared on the pinned stack only (`make test`), so they are not run here.
#
#   tools/check_numpy1.sh
#
# The environment is build/numpy1-venv (ignored by git, made anew each run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
start=$SECONDS
venv="$ROOT/build/numpy1-venv"
rm -rf "$venv"
"$(tools/find_python.sh 3.11)" -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet numpy==1.23.5 mxnet==1.9.1 'ipython<9' \
  $(grep -E '^(nbval|pytest|pytest-xdist|sacrebleu)==' requirements.txt)
"$py" -m pip install --quiet d2l==1.0.3   # with its own pins (NumPy 1.23.5, pandas 2.0.3, ...)
"$py" -m pip install --quiet --no-deps -e .
"$py" -c 'import d2l_local; print(d2l_local.versions())'
status=0
# Every unit test but those of the pinned stack itself: the check of its versions, and
# the mutations, which run notebooks against outputs stored on that stack.
D2L_CACHE_DIR="$(mktemp -d)" "$py" -m pytest -n 2 -p no:cacheprovider -o addopts= tests \
  --deselect tests/test_environment.py::test_the_stack_is_the_pinned_one \
  --ignore tests/test_mutations.py || status=$?
echo "== NumPy 1.23.5 check: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status

#!/usr/bin/env bash
# Re-record the stored outputs of the notebooks named (`make record NB="..."`), the one
# way to do it: write the package's code into the "Saved in" cells (tools/sync_saved.py),
# write the headers and Colab cells, execute each notebook top to bottom
# on the reference kernel path (oneDNN and OpenBLAS capped at AVX2/Haswell) from an empty
# cache of saved runs, then check them with strict nbval on that same path. Notebooks
# that reuse another's saved run (05 after 04, 08's answers after 08) reuse it only if
# both are named, in that order; otherwise they train it again, with the same output.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PY:-$ROOT/.venv/bin/python}"
if [ $# -eq 0 ]; then
  echo 'usage: make record NB="notebooks/04_training.ipynb notebooks/solutions/04_training_solutions.ipynb"' >&2
  exit 2
fi
export DNNL_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell
"$PY" tools/sync_saved.py
"$PY" tools/notebook_headers.py
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
for notebook in "$@"; do
  echo "== recording $notebook"
  D2L_CACHE_DIR="$cache" "$PY" -m jupyter nbconvert --to notebook --execute --inplace \
    --ExecutePreprocessor.timeout=1200 "$notebook"
done
echo '== checking them (strict nbval, same kernel path, another empty cache)'
rm -rf "$cache"/*
D2L_CACHE_DIR="$cache" "$PY" -m pytest -p no:xdist "$@"

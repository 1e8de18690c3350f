# make help lists the targets. The course's stack is Colab's default runtime (Python 3.13,
# NumPy 2.1.3: requirements.txt); PYTHON is the newest Python 3.13, 3.12 or 3.11 found.
PYTHON ?= $(shell tools/find_python.sh)
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
NB ?=

.PHONY: help setup run test test-caps record check-colab check-numpy1 lab clean

help:  ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

setup: $(READY)  ## create .venv with the pinned stack and d2l_local (editable)

$(READY): requirements.txt requirements-nodeps.txt tools/colab/python3.13.txt pyproject.toml
	@test -n "$(PYTHON)" || { tools/find_python.sh; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt -e .
	$(BIN)/python -c 'import d2l_local; print(d2l_local.versions())'
	touch $(READY)

run: $(READY)  ## execute every notebook and answer into build/ (notebooks and HTML)
	mkdir -p build
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir build notebooks/*.ipynb \
		notebooks/solutions/*.ipynb
	$(BIN)/jupyter nbconvert --to html --output-dir build build/*.ipynb

test: $(READY)  ## every test: the linter, unit tests, mutations and strict nbval on every notebook
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2

# oneDNN and OpenBLAS capped at what a CPU without AVX2 (AVX, Sandy Bridge) and one
# without AVX (SSE4.1, Nehalem) would run, each from an empty folder of saved runs.
test-caps: $(READY)  ## the notebook checks again on two other CPU kernel paths
	DNNL_MAX_CPU_ISA=AVX OPENBLAS_CORETYPE=Sandybridge D2L_CACHE_DIR="$$(mktemp -d)" \
		$(BIN)/python -m pytest -n 2 notebooks
	DNNL_MAX_CPU_ISA=SSE41 OPENBLAS_CORETYPE=Nehalem D2L_CACHE_DIR="$$(mktemp -d)" \
		$(BIN)/python -m pytest -n 2 notebooks

record: $(READY)  ## re-record stored outputs: make record NB="notebooks/04_training.ipynb ..."
	PY=$(abspath $(BIN)/python) tools/record.sh $(NB)

check-colab:  ## each notebook's own Setup cell, then every notebook, on Colab's two runtimes
	tools/check_colab.sh python3.13
	tools/check_colab.sh python3.12

check-numpy1:  ## the unit tests on MXNet's own declared stack (Python 3.11, NumPy 1.23.5)
	tools/check_numpy1.sh

lab: $(READY)  ## JupyterLab on the notebooks, in .venv
	$(BIN)/jupyter lab notebooks/

clean:  ## remove build/ (executed notebooks, saved training runs, check environments)
	rm -rf build

# `make run`: set up the environment and execute every notebook into build/.
# `make test`: set up the environment and run every test (unit tests and nbval).
# `make test-caps`: the notebook checks again under two other CPU kernel paths.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: setup run test test-caps check-py312 lab clean

setup: $(READY)

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(READY)

run: $(READY)
	mkdir -p build
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir build notebooks/*.ipynb \
		notebooks/solutions/*.ipynb
	$(BIN)/jupyter nbconvert --to html --output-dir build build/*.ipynb

test: $(READY)
	$(BIN)/python -m pytest -n 2

# oneDNN and OpenBLAS capped at what a CPU without AVX2 (AVX, Sandy Bridge) and one
# without AVX (SSE4.1, Nehalem) would run, each from an empty folder of saved runs.
test-caps: $(READY)
	DNNL_MAX_CPU_ISA=AVX OPENBLAS_CORETYPE=Sandybridge D2L_CACHE_DIR="$$(mktemp -d)" \
		$(BIN)/python -m pytest -n 2 notebooks
	DNNL_MAX_CPU_ISA=SSE41 OPENBLAS_CORETYPE=Nehalem D2L_CACHE_DIR="$$(mktemp -d)" \
		$(BIN)/python -m pytest -n 2 notebooks

check-py312:
	tools/check_python312.sh

lab: $(READY)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf build

# `make run`: set up the environment and execute every notebook into build/.
# `make test`: set up the environment and run every test (unit tests and nbval).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: setup run test check-py312 lab clean

setup: $(READY)

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(READY)

run: $(READY)
	mkdir -p build
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir build notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --to html --output-dir build build/*.ipynb

test: $(READY)
	$(BIN)/python -m pytest -n 2

check-py312:
	tools/check_python312.sh

lab: $(READY)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf build

# Awning Assistant — every task a developer runs. `make dev` and `make test` are the two that matter.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
DATA ?=
OUT ?= .local/demo-data
# sam build needs the Lambda runtime's Python (3.12) on PATH; pyenv provides it here.
SAM_PYENV ?= 3.11.7:3.12.1

.PHONY: install dev test lint validate build import demo-data clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[local,dev]"
	touch $@

dev: install ## run the whole product locally with demo data (or DATA=<folder>) on http://127.0.0.1:$(PORT)
	$(BIN)/python -m local.server --port $(PORT) $(if $(DATA),--data $(DATA))

test: install ## run all the tests
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check layers functions local tests bench

validate: install ## sam validate --lint (offline)
	$(BIN)/sam validate --lint --region us-east-1

build: install ## sam build (offline; needs python3.12 via pyenv)
	PYENV_VERSION=$(SAM_PYENV) $(BIN)/sam build

import: install ## load DATA=<folder> into the running local stack
	@test -n "$(DATA)" || (echo "usage: make import DATA=<folder>"; exit 2)
	$(BIN)/python -m local.cli import $(DATA)

demo-data: install ## write the deterministic demo dataset to OUT=<folder>
	$(BIN)/python -m awning_assistant.demo_data --out $(OUT)

clean:
	rm -rf .aws-sam .local .pytest_cache

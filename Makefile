# Awning Assistant — every task a developer runs. `make dev` and `make test` are the two that matter.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
DATA ?=
OUT ?= .local/demo-data
STACK ?=
# sam build needs the Lambda runtime's Python (3.12) on PATH; pyenv provides it here.
SAM_PYENV ?= 3.11.7:3.12.1

.PHONY: install dev test lint validate build import demo-data clean frontend deploy-frontend reindex eval bench \
	bench-smoke fuzz fuzz-smoke load openapi add-user add-integration invoke

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[local,dev]"
	touch $@

dev: install frontend ## run the whole product locally with demo data (or DATA=<folder>) on http://127.0.0.1:$(PORT)
	$(BIN)/python -m local.server --port $(PORT) $(if $(DATA),--data $(DATA))

test: install frontend ## run all the tests
	$(BIN)/pytest -q

# The SPA (Vite + TypeScript): npm ci when the lockfile changes, a build when any source is newer than dist.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/package.json frontend/vite.config.ts frontend/tsconfig.json

frontend: frontend/dist/index.html ## build the SPA into frontend/dist (served by make dev, synced by deploy-frontend)

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

# The deployed stack the AWS targets work on (samconfig.toml's name unless STACK= says otherwise);
# make import goes to a deployed stack only when STACK= is given.
DEPLOYED_STACK = $(or $(STACK),awning-assistant)
deploy-frontend: frontend ## upload the SPA to the stack's site bucket, with config.json from its outputs
	@set -euo pipefail; \
	if ! error=$$(aws cloudformation describe-stacks --stack-name "$(DEPLOYED_STACK)" 2>&1 >/dev/null); then \
	  echo "deploy-frontend needs AWS credentials, a region and the deployed stack $(DEPLOYED_STACK):" \
	    "$$(printf '%s' "$$error" | tr -s '\n' ' ')" >&2; exit 1; \
	fi; \
	out() { aws cloudformation describe-stacks --stack-name "$(DEPLOYED_STACK)" \
	  --query "Stacks[0].Outputs[?OutputKey=='$$1'].OutputValue | [0]" --output text; }; \
	bucket=$$(out SiteBucketName); distribution=$$(out DistributionId); site=$$(out SiteUrl); \
	client=$$(out UserPoolClientId); domain=$$(out CognitoDomain); websocket=$$(out WebSocketUrl); \
	for v in "$$bucket" "$$distribution" "$$site" "$$client" "$$domain" "$$websocket"; do \
	  if [ -z "$$v" ] || [ "$$v" = None ]; then echo "stack $(DEPLOYED_STACK) lacks an output deploy-frontend needs" >&2; exit 1; fi; \
	done; \
	$(BIN)/python -c 'import json, sys; site, client, domain, ws = sys.argv[1:]; \
	  print(json.dumps({"auth": "cognito", "websocketUrl": ws, \
	  "cognito": {"domain": domain, "clientId": client, "redirectUri": site.rstrip("/") + "/"}}, indent=2))' \
	  "$$site" "$$client" "$$domain" "$$websocket" > frontend/dist/config.json; \
	aws s3 sync frontend/dist "s3://$$bucket" --delete; \
	aws cloudfront create-invalidation --distribution-id "$$distribution" --paths '/*'

LINTED := layers functions local tests bench evaluation
lint: install ## the gates CI runs first: ruff check, ruff format --check, mypy
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy -p awning_assistant -p local
	$(BIN)/mypy $(wildcard functions/*/app.py)

validate: install ## sam validate --lint (offline)
	$(BIN)/sam validate --lint --region us-east-1

build: install ## sam build (offline; needs python3.12 via pyenv)
	PYENV_VERSION=$(SAM_PYENV) $(BIN)/sam build

import: install ## load DATA=<folder> into the running local stack, or with STACK=<name> into a deployed one
	@test -n "$(DATA)" || (echo "usage: make import DATA=<folder> [STACK=<deployed stack>]"; exit 2)
	$(BIN)/python -m local.cli import $(DATA) $(if $(STACK),--stack "$(STACK)")

demo-data: install ## write the deterministic demo dataset to OUT=<folder>
	$(BIN)/python -m local.demo_data --out $(OUT)

# With STACK=<name>: a deployed stack's indexer does it in AWS, in steps; CLEAR=1 empties the index first.
reindex: install ## rebuild the search index from the tables and the bucket (local stack, or STACK's in AWS)
	$(BIN)/python -m local.cli reindex $(if $(STACK),--stack $(STACK)) $(if $(CLEAR),--clear)

# A function on a sample event: sam local invoke where Docker runs (after make build), else in-process
# against the stack make dev started (the handlers are the same code either way).
invoke: install ## run FUNCTION (a logical id: ChatHandlerFunction, IndexerFunction, ...) on EVENT=events/<file>.json
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || (echo "usage: make invoke FUNCTION=<logical id> EVENT=events/<file>.json"; exit 2)
	@if docker info >/dev/null 2>&1; then \
		$(BIN)/python -m local.invoke --env-json .local/env.json && \
		$(BIN)/sam local invoke $(FUNCTION) --event $(EVENT) --env-vars .local/env.json; \
	else \
		echo "Docker is not running here, so sam local invoke cannot start $(FUNCTION)'s container:"; \
		echo "running its handler in-process against the local stack (make dev) instead."; \
		$(BIN)/python -m local.invoke $(FUNCTION) $(EVENT); \
	fi

# Onboarding on a deployed stack (the operator's AWS credentials; resources from STACK's outputs).
TERRITORIES ?=
add-user: install ## STACK: invite USERNAME at EMAIL as ROLE (admin|manager|staff) of TERRITORIES (comma-separated)
	$(BIN)/python -m local.cli add-user --stack "$(DEPLOYED_STACK)" --username "$(USERNAME)" --email "$(EMAIL)" \
		--role "$(ROLE)" --territories "$(TERRITORIES)"

add-integration: install ## STACK: register integration NAME as ROLE of TERRITORIES; prints its client id, secret and API key
	$(BIN)/python -m local.cli add-integration --stack "$(DEPLOYED_STACK)" --name "$(NAME)" --role "$(ROLE)" \
		--territories "$(TERRITORIES)"

EVAL_DATA ?= ../shared/eval/dev/data
QUESTIONS ?= ../shared/eval/dev/questions.jsonl
eval: install ## start the local stack on DATA, ask QUESTIONS over HTTP, print the scorer's table
	$(BIN)/python -m local.evaluate --data $(or $(DATA),$(EVAL_DATA)) --questions $(QUESTIONS)

# schemathesis against the API's own OpenAPI document on a throwaway local stack (dev data), as staff and as admin.
FUZZ_EXAMPLES ?= 150
FUZZ_TIME ?=
fuzz: install ## fuzz every API operation as staff and admin: no 5xx, only documented codes, types and schemas
	$(BIN)/python -m local.fuzz --examples $(FUZZ_EXAMPLES) $(if $(FUZZ_TIME),--max-time $(FUZZ_TIME))

fuzz-smoke: install ## make fuzz bounded for CI (50 examples an operation, about two minutes)
	$(BIN)/python -m local.fuzz --examples 50

bench: install ## benchmarks (print figures): search, embeddings, indexing, answering pipeline, streaming, analytics, documents, package weight and import time
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_embeddings.py
	$(BIN)/python bench/bench_indexing.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_streaming.py
	$(BIN)/python bench/bench_analytics.py
	$(BIN)/python bench/bench_documents.py

# CI runs this so the benchmarks keep working; at these sizes their figures mean little.
bench-smoke: install ## every benchmark at tiny sizes (a minute or two)
	$(BIN)/python bench/bench_search.py --sizes 2000 --queries 20
	$(BIN)/python bench/bench_embeddings.py --texts 32 --rounds 1 --batch-sizes 16 32
	$(BIN)/python bench/bench_indexing.py --dev-limit 40 --orders 500 --limit 40 --changes 2
	$(BIN)/python bench/bench_pipeline.py --sizes 200 --questions 22
	$(BIN)/python bench/bench_streaming.py --questions 5
	$(BIN)/python bench/bench_analytics.py --sizes 2000 --rounds 3 --batches 2 --changes 2
	$(BIN)/python bench/bench_documents.py --pages 6 --scans 1 --rounds 1
	$(MAKE) build
	$(BIN)/python bench/bench_package.py --rounds 1
	$(BIN)/python bench/load.py --clients 4 --seconds 20 --faults

LOAD_CLIENTS ?= 20
LOAD_SECONDS ?= 60
load: install ## LOAD_CLIENTS concurrent clients for LOAD_SECONDS: a clean run, then one with faults switched on and off
	$(BIN)/python bench/load.py --clients $(LOAD_CLIENTS) --seconds $(LOAD_SECONDS)
	$(BIN)/python bench/load.py --clients $(LOAD_CLIENTS) --seconds $(LOAD_SECONDS) --faults

openapi: install ## write the API's OpenAPI document to docs/openapi.json (a test keeps the copy current)
	$(BIN)/python -m local.openapi

clean:
	rm -rf .aws-sam .local .pytest_cache

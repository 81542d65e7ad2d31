# The two first commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install -q --disable-pip-version-check

.PHONY: setup setup-dev demo test test-fast test-slow test-all lint bench clean

$(VENV)/.core: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.core
	$(PIP) -e '.[dev,postgres,milvus]'
	touch $@

$(VENV)/.full: $(VENV)/.dev
	@echo "安装 llm/train 扩展（首次编译 llama-cpp-python 约 7 分钟）..."
	$(PIP) 'torch==2.13.0'
	$(PIP) -e '.[llm,train]'
	touch $@

setup: $(VENV)/.core
setup-dev: $(VENV)/.full

demo: setup        ## generate a demo market, index it, serve the web UI on http://127.0.0.1:8000
	$(VENV)/bin/talentseek demo

test: setup-dev    ## everything the tests need, then the fast tier and the slow tier (what CI runs)
	$(PY) -m pytest
	$(PY) -m pytest -m slow

test-fast: setup-dev    ## the fast tier only (plain `pytest` does the same)
	$(PY) -m pytest

test-slow: setup-dev    ## the slow tier only: model training
	$(PY) -m pytest -m slow

test-all: setup-dev    ## both tiers in one run, plus the `engine` tests (they need TALENTSEEK_TEST_ENGINE_URL)
	$(PY) -m pytest -m "slow or not slow"

lint: setup-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src/talentseek

clean:
	rm -rf $(VENV) .pytest_cache

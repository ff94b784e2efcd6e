# procdocs — the two commands of the README's quick start, and a few for developers.
#   make demo   installs everything and renders the bundled examples (one per method) into out/
#   make test   installs the test tools and runs the test suite
PYTHON ?= python3
export PYTHON
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLES := $(wildcard specs/examples/*.yaml)

.PHONY: demo test install install-test lint schema bench clean proposer

demo: install
	$(BIN)/procdocs render $(EXAMPLES) -o out --force
	@echo "各采购方式的示例文件已生成在 out/ 目录"

test: install-test
	$(BIN)/python -m pytest -n auto

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	./scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	./scripts/install-system-deps.sh --test
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# lint's proposer, trained again on the dev corpus and the rules' examples (after changing either)
proposer: install-test
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/train_proposer.py

lint: install-test
	$(BIN)/ruff check procdocs tests bench

schema: install
	$(BIN)/procdocs schema > specs/schema.json

bench: install-test
	$(BIN)/python bench/render.py

clean:
	rm -rf $(VENV) out build dist *.egg-info .pytest_cache .ruff_cache

.PHONY: help install test lint build score clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install:  ## install policy-kg with its test tools (editable)
	python3 -m pip install -e '.[test]'

test:  ## run the test suite (unit, gold, CLI, properties, doctests)
	python3 -m pytest

lint:  ## ruff and mypy
	python3 -m ruff check kg tests
	python3 -m mypy kg

build:  ## build the bundled corpus into build/graph.ttl
	kg build

score:  ## score `kg parse` against the shared gold file, as the team does
	python3 ../shared/tools/score_parse.py tests/data/seeds.yaml data/corpus

clean:  ## remove build output and caches
	rm -rf build .pytest_cache .mypy_cache .ruff_cache .hypothesis

# talknotes: build, preview and test the knowledge base.
# `make html` and `make test` create the virtual environment from requirements.txt when it is missing,
# and install the front-end packages (Mermaid, Pagefind, axe-core) from package-lock.json when npm is there.

PYTHON     ?= python3
NPM        ?= npm
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
# The same options locally, in CI and on Read the Docs: nitpicky, warnings are errors, all reported.
# Quiet: warnings and errors only; VERBOSE=1 shows Sphinx's progress (and -v its details).
SPHINXOPTS ?= -n -W --keep-going $(if $(VERBOSE),,-q)
JOBS       ?= auto
LIVE_PORT  ?= 8000
SPHINXBUILD = $(BIN)/sphinx-build
PYTEST_ARGS ?=

# Nothing the build or the tests run writes bytecode into the source tree.
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv node html dirhtml singlehtml epub livehtml linkcheck check todo new-event new-note new-help test test-fast check-config stress bench \
	bench-quick bench-import import \
	lint format requirements clean
TALKNOTES = PYTHONPATH=_ext $(BIN)/python -m talknotes

help: ## Show this list of targets
	@echo "Usage: make <target>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(VENV)/.installed ## Create .venv from the pinned requirements (done by the other targets when needed)

# npm ci writes node_modules/.package-lock.json, so this runs again only when the lock file changes.
node_modules/.package-lock.json: package-lock.json
	@if command -v $(NPM) >/dev/null 2>&1; then \
		$(NPM) ci --no-audit --no-fund --loglevel=error \
			|| echo "npm ci failed: diagrams will load from a CDN, PyPI's older Pagefind indexes, the browser tests skip (CI: fail)"; \
	else \
		echo "npm not found: diagrams will load from a CDN, PyPI's older Pagefind indexes, the browser tests skip (install Node.js)"; \
	fi

node: node_modules/.package-lock.json ## Install Mermaid, Pagefind and axe-core from package-lock.json (done by html and test)

html: venv node ## Build the site into _build/html
	$(SPHINXBUILD) -M html . $(BUILDDIR) $(SPHINXOPTS) -j $(JOBS)
	@echo "The site is in $(BUILDDIR)/html: open $(BUILDDIR)/html/index.html"

dirhtml: venv node ## Build the site with one folder per page into _build/dirhtml
	$(SPHINXBUILD) -M dirhtml . $(BUILDDIR) $(SPHINXOPTS) -j $(JOBS)
	@echo "The site is in $(BUILDDIR)/dirhtml"

singlehtml: venv node ## Build the whole site as one page into _build/singlehtml
	$(SPHINXBUILD) -M singlehtml . $(BUILDDIR) $(SPHINXOPTS)

# An e-book needs a version (EPUB3 says so): the date of the last commit, the edition of the knowledge base.
EDITION    ?= $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)

epub: venv node ## Build an e-book into _build/epub
	$(SPHINXBUILD) -M epub . $(BUILDDIR) $(SPHINXOPTS) -D version=$(EDITION) -D release=$(EDITION)

# The preview shards the explore index, so that a save re-indexes the shard of the page, not the site
# (docs/reference.md, "Explore"); its own output folder, so that make html keeps its one index.
livehtml: venv node ## Preview at http://127.0.0.1:8000 (LIVE_PORT=), rebuilding on every save
	$(BIN)/sphinx-autobuild . $(BUILDDIR)/livehtml $(SPHINXOPTS) -d $(BUILDDIR)/livehtml.doctrees \
		-D talknotes_explore_shard_pages=1000 \
		--watch _ext --ignore '*/.venv/*' --ignore '*/.git/*' --ignore '*/tests/*' \
		--ignore '*/.pytest_cache/*' --ignore '*/.ruff_cache/*' --ignore '*/__pycache__/*' \
		--host 127.0.0.1 --port $(LIVE_PORT)

linkcheck: venv ## Check every external link (needs the network)
	$(SPHINXBUILD) -M linkcheck . $(BUILDDIR) $(SPHINXOPTS)

check: venv ## Check every page's metadata and the registries in seconds, without a build
	$(TALKNOTES) check

todo: venv ## What is left to write, event by event: talks without notes, recaps, summaries, people (EVENT= for one)
	$(TALKNOTES) todo $(if $(EVENT),--event "$(EVENT)")

new-event: venv ## New event: make new-event ID=x-2024 NAME="X 2024" START=2024-05-01 [END= VENUE= CITY= REGION= COUNTRY= WEBSITE= SERIES= TOPICS=a,b SUMMARY=]
	$(TALKNOTES) new event "$(ID)" --name "$(NAME)" --start "$(START)" $(if $(END),--end "$(END)") \
		$(if $(VENUE),--venue "$(VENUE)") $(if $(CITY),--city "$(CITY)") $(if $(REGION),--region "$(REGION)") \
		$(if $(COUNTRY),--country "$(COUNTRY)") $(if $(WEBSITE),--website "$(WEBSITE)") $(if $(SERIES),--series "$(SERIES)") \
		$(if $(TOPICS),--topics "$(TOPICS)") $(if $(SUMMARY),--summary "$(SUMMARY)")

new-note: venv ## New note: make new-note EVENT=x-2024 SLUG=my-talk TITLE="My talk" [KIND=talk DATE= SPEAKERS="A, B" TOPICS=a,b SLIDES= VIDEO= SUMMARY=]
	$(TALKNOTES) new note "$(EVENT)" "$(SLUG)" --title "$(TITLE)" $(if $(KIND),--kind "$(KIND)") \
		$(if $(DATE),--date "$(DATE)") $(if $(SPEAKERS),--speakers "$(SPEAKERS)") $(if $(TOPICS),--topics "$(TOPICS)") \
		$(if $(SLIDES),--slides "$(SLIDES)") $(if $(VIDEO),--video "$(VIDEO)") $(if $(SUMMARY),--summary "$(SUMMARY)")

import: venv ## Import schedules: make import FILE="a.json b.ics pyvideo/data" [EVENT=x-2024 ONLY=CODES STARRED=starred.ics DAY= TRACK= ROOM= ARGS="--update --dry-run --merge-similar"]
	@test -n "$(FILE)" || { echo 'usage: make import FILE=schedule.json (see "Import a schedule" in docs/contributing.md)'; exit 2; }
	$(TALKNOTES) import $(FILE) $(if $(EVENT),--event "$(EVENT)") $(if $(ONLY),--only "$(ONLY)") \
		$(if $(STARRED),--starred "$(STARRED)") $(if $(DAY),--day "$(DAY)") $(if $(TRACK),--track "$(TRACK)") \
		$(if $(ROOM),--room "$(ROOM)") $(ARGS)

new-help: venv ## Every option of new-event and new-note, explained
	@$(TALKNOTES) new event --help
	@echo
	@$(TALKNOTES) new note --help

lint: venv ## Check the Python code with ruff
	$(BIN)/ruff check _ext tests bench conf.py
	$(BIN)/ruff format --check _ext tests bench conf.py

format: venv ## Format the Python code with ruff
	$(BIN)/ruff format _ext tests bench conf.py
	$(BIN)/ruff check --fix _ext tests bench conf.py

# Three workers (pytest-xdist) on two cores: the tests wait on Chromium, Pagefind and make often enough that a
# third keeps both cores busy (a fresh clone, idle: 9 min 42 s with two, 8 min 16 s with three). Each module's
# tests stay on one worker, the large generated sites are built once, first (tests/conftest.py schedules them).
TEST_WORKERS ?= 3
test: venv node lint check-config ## Run the linters, the configuration checks and the whole test suite (CI runs it)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The inner loop: the in-process unit tests of the core, and one small site built and read.
FAST_TESTS = tests/test_core.py tests/test_frontmatter_core.py tests/test_navigation_core.py tests/test_reach.py \
	tests/test_settings.py tests/test_layers.py tests/test_internals.py tests/test_series.py
test-fast: venv ## The unit tests and one small site, without linters or slow tests (under a minute and a half)
	$(BIN)/python -m pytest -q -m "not slow" $(FAST_TESTS) $(PYTEST_ARGS)

# Published schemas, shipped by check-jsonschema (Read the Docs, GitHub Actions) and pre-commit
# (its own configuration): offline, the same checks as the pre-commit hooks.
check-config: venv ## Validate .readthedocs.yaml, the CI workflows and .pre-commit-config.yaml against their schemas
	$(BIN)/check-jsonschema --builtin-schema vendor.readthedocs .readthedocs.yaml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/pre-commit validate-config .pre-commit-config.yaml

stress: venv ## Run over 1000 random edit steps against clean builds (about 10 minutes)
	TALKNOTES_STRESS_EXAMPLES=100 TALKNOTES_STRESS_STEPS=12 \
	TALKNOTES_STRESS_REPORT=$(BUILDDIR)/stress-report.json \
		$(BIN)/python -m pytest tests/test_random_edits.py -q -s

bench: venv node ## Benchmark the site as configured at 1,000, 5,000 and 10,000 notes, a reader at 20,000 (2 to 3 hours)
	$(BIN)/python bench/run.py --notes $(or $(BENCH_NOTES),1000 5000 10000) --runs $(or $(BENCH_RUNS),1) \
		--out $(BUILDDIR)/bench $(BENCH_ARGS)

bench-quick: venv node ## The benchmark at 1,000 notes only, one run (2 to 5 minutes)
	$(BIN)/python bench/run.py --quick --out $(BUILDDIR)/bench

bench-import: venv node ## Import a generated 21,700-talk archive shaped like pyvideo's, again, then build it (20 to 40 minutes)
	$(BIN)/python bench/archive.py --out $(BUILDDIR)/bench-import $(BENCH_ARGS)

requirements: venv ## Re-pin requirements.txt from requirements.in (see docs/development.md)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt requirements.in

clean: ## Remove the build output
	rm -rf $(BUILDDIR)

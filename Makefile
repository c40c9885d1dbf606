# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install browser run demo test lint bench eval screenshots clean

# The environment is rebuilt when the project or its pins change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[dev,dask]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pantau run

demo: $(STAMP)
	$(BIN)/pantau demo

# The browser tests drive Debian's chromium (Playwright downloads no browser here). Installed where missing when
# we may (root, or sudo without a password); otherwise those tests say why they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then APT="apt-get"; else APT="sudo -n apt-get"; fi; \
	  DEBIAN_FRONTEND=noninteractive $$APT install -y -q chromium >/dev/null 2>&1 || \
	  { $$APT update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $$APT install -y -q chromium >/dev/null; } || \
	  echo "could not install chromium: tests/test_web_browser.py will be skipped"; }

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/pantau eval tests/corpus/gold/*.jsonl

bench: $(STAMP)
	$(BIN)/python -m bench

screenshots: $(STAMP) browser
	PYTHONPATH=. $(BIN)/python tools/screenshots.py docs/screenshots

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

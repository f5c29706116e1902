# Two entry points: `make run` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every shipped locale but English (referral.config.SHIPPED_LOCALES; a test keeps them equal).
LOCALES := bg cs da de el es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv \
	ar fa ru uk sq tr vi zh_Hans ti

.PHONY: run test browser screenshots lint lock translations check-translations clean

# Dependencies come from the hash-pinned lock; the project itself is installed on top.
# Debian packages (Pango for dossiers, poppler for their tests) come first, when missing.
$(STAMP): pyproject.toml requirements.lock
	scripts/system_packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve every dependency (runtime and dev) with hashes after changing pyproject.toml.
lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv
	.lock-venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --quiet -o requirements.lock
	rm -rf .lock-venv

run: $(STAMP)
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral db upgrade
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral demo load
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral serve --host 127.0.0.1 --port 5000

# Two workers: this machine has two cores; each worker has its own database.
test: $(STAMP)
	$(BIN)/pytest -n 2

# The browser journeys: Debian's chromium and axe-core from npm (tests/browser/package.json).
browser: $(STAMP)
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	$(BIN)/pytest -m browser tests/browser

# Inbox, referral, consent wizard and dossier pages in ar, ti, zh_Hans and el, for people to look at.
screenshots: $(STAMP)
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	REFERRAL_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser tests/browser/test_screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check .

# Re-extract messages, update every catalogue and compile them.
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F translations/babel.cfg -k _l -k _n:1,2 -k _p:1c,2 \
		--add-comments "i18n:" --no-location --sort-by-file --project=referral --version=0.1 \
		--copyright-holder="referral contributors" \
		-o translations/messages.pot .
	for locale in $(LOCALES); do \
		if [ -f translations/$$locale/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-fuzzy-matching \
				-i translations/messages.pot -d translations -l $$locale; \
		else \
			$(BIN)/pybabel -q init -i translations/messages.pot -d translations -l $$locale; \
		fi; \
	done
	$(BIN)/pybabel -q compile -d translations

check-translations: $(STAMP)
	$(BIN)/referral translations check

clean:
	rm -rf $(VENV)

# Two entry points: `make run` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCALES := fr de nl ro bg ar

.PHONY: run test lint translations check-translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral db upgrade
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral demo load
	REFERRAL_INSECURE_DEV=1 $(BIN)/referral serve --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/pytest

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

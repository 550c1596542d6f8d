# zugong — the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python 3.12+; pick the newest interpreter on this machine that has it.
# pyenv shims answer "command not found" for versions that are not selected, so the
# pyenv version folders are tried directly as well.
FIND_PYTHON = for c in python3.14 python3.13 python3.12 \
	  $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
	  /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12 python3; do \
	  if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$c; exit 0; fi; \
	done; exit 1

.PHONY: demo test test-postgres lint format install serve messages bench bench-large clean

$(VENV)/.installed: pyproject.toml
	@PYBIN=$$($(FIND_PYTHON)) || { echo "需要 Python 3.12 或更高版本（Django 6 的要求），本机未找到。"; exit 1; }; \
	echo "使用 $$PYBIN ($$($$PYBIN --version))"; \
	test -x $(PY) || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/zugong demo --serve --addr $(HOST):$(PORT)

serve: install
	$(VENV)/bin/zugong serve --addr $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest -n 2 --dist loadfile

# The same suite on PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong} $(VENV)/bin/pytest -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

format: install
	$(VENV)/bin/ruff check --fix src tests
	$(VENV)/bin/ruff format src tests

# Benchmarks never run inside `make test`. ROWS and REPEAT change the size; set
# DATABASE_URL to run against PostgreSQL. Results go to bench/results/.
bench: install
	$(PY) bench/roster_import.py --rows $${ROWS:-100000} --repeat $${REPEAT:-3}
	$(PY) bench/cadres.py --repeat $${REPEAT:-3}
	$(PY) bench/queries.py --members $${ROWS:-100000} --repeat $${REPEAT:-3}
	$(PY) bench/grassroots.py --members $${ROWS:-100000} --repeat $${REPEAT:-3}
	$(PY) bench/talent.py --talents $${TALENTS:-20000} --repeat $${REPEAT:-3}
	$(PY) bench/talent_card.py
	$(PY) bench/workplan.py --tasks $${TASKS:-10000}
	$(PY) bench/load.py --members $${ROWS:-100000} --users $${USERS:-16} --seconds $${SECONDS_LOAD:-30}
	$(PY) bench/report.py

# Province scale on PostgreSQL: 1,000,000 members in about 50,000 organizations.
bench-large: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/queries.py --members 1000000 --repeat $${REPEAT:-3} --out bench/results/queries_postgresql_1m.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/grassroots.py --members 1000000 --reuse --repeat $${REPEAT:-3} --out bench/results/grassroots_postgresql_1m.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/talent.py --talents 200000 --reuse --repeat $${REPEAT:-3} --out bench/results/talent_postgresql_200k.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/cockpit.py --repeat $${REPEAT_COCKPIT:-30}
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/search.py --prepare --out bench/results/search_postgresql.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/todo.py --out bench/results/todo_postgresql_1m.json
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zugong_bench} $(PY) bench/load.py --members 1000000 --users 16 --seconds 60 --out bench/results/load_postgresql_1m.json
	$(PY) bench/report.py

messages: install
	cd src/zugong && ../../$(VENV)/bin/zugong compilemessages

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

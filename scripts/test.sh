#!/usr/bin/env bash
# Set up and run every test: the README's test command, and what CI runs.
# Installs Debian's Chromium, epubcheck, nginx, PostgreSQL and Java when missing (needs root or sudo), Ace
# by DAISY and the Nu Html Checker with npm, the Python tools in .venv,
# then runs pytest (extra arguments are passed on), ruff and mypy (on generators/, as set in
# pyproject.toml's [tool.mypy]).
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian's tools the tests drive for real: Chromium (pages, search, players), epubcheck
# (e-books), nginx with brotli_static (the CDN snippet), Java (the Nu Html Checker).
missing=""
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v epubcheck >/dev/null 2>&1 || missing="$missing epubcheck"
[ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || \
  missing="$missing libnginx-mod-http-brotli-static"
# PostgreSQL: the collector's storage and service tests run on it as well as on SQLite.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# ffprobe (Debian's ffmpeg): the bulletins' MP3 format is checked with it.
command -v ffprobe >/dev/null 2>&1 || missing="$missing ffmpeg"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
      >/dev/null || exit 1
  else
    echo "Thiếu công cụ cho các bài kiểm tra: sudo apt-get install -y$missing" >&2
  fi
fi
# Ace by DAISY (EPUB accessibility), pinned in package-lock.json; it drives Debian's Chromium.
# The Nu Html Checker (vnu-jar, HTML validity) runs on Debian's Java.
if command -v npm >/dev/null 2>&1; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund \
    >/dev/null || exit 1
else
  echo "Thiếu npm (Node.js) cho Ace by DAISY và vnu-jar: sudo apt-get install -y npm" >&2
fi
bash scripts/bootstrap.sh --test || exit 1

# The suite's media cache (audiobooks, videos, pictures of whole libraries), keyed by content:
# outside the clone, so a new clone on the same machine reuses it (tests/conftest.py).
export TUSACH_TEST_CACHE="${TUSACH_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tu-sach/test-media}"
.venv/bin/python -m pytest "$@"
tests=$?
.venv/bin/ruff check build.py generators tests benchmarks
lint=$?
.venv/bin/mypy
types=$?
if [ "$tests" -ne 0 ] || [ "$lint" -ne 0 ] || [ "$types" -ne 0 ]; then
  exit 1
fi

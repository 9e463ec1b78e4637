#!/usr/bin/env bash
# Set up .venv with everything the build needs; safe to run again.
#   bash scripts/bootstrap.sh          the build (mkdocs, Material, Pagefind, …)
#   bash scripts/bootstrap.sh --test   the build plus the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    echo "Cần cài gói hệ thống: sudo apt-get install -y $*" >&2
    return 1
  fi
}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Cần Python 3.11 trở lên (đang có: $("$python" --version 2>&1))." >&2
  exit 2
fi
# Debian ships venv/ensurepip separately.
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  apt_install python3-venv
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".$extras"

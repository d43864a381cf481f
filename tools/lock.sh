#!/usr/bin/env bash
# Regenerate constraints.txt, the lock of exact versions, from pyproject.toml: the package and
# every extra, for every platform and every Python the package supports (>= 3.11).
#
#   bash tools/lock.sh              # after a dependency was added or changed in pyproject.toml:
#                                   # pins already in the lock are kept where they still fit
#   bash tools/lock.sh --upgrade    # move every pin to the newest release the ranges allow
#
# Then install with it and run the tests (README's test command):
#   python3 -m pip install -q -c constraints.txt -e '.[test]' && python3 -m pytest
# tests/test_lock.py fails while the lock and pyproject.toml disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q 'uv==0.13.9'
python3 -m uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
  --custom-compile-command 'bash tools/lock.sh' --quiet "$@" -o constraints.txt
echo "wrote constraints.txt ($(grep -c '==' constraints.txt) pins)"

#!/usr/bin/env bash
# Set up and run every test on a fresh machine: Debian's Chromium for the browser tests, a virtual
# environment with the project and its test dependencies (versions from constraints.txt), Zensical
# in its own, then ruff, mypy, the format reference check and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: no /usr/bin/chromium and no way to install it; browser tests will be skipped (or fail in CI)" >&2
  fi
fi

# axe-core (accessibility rules) for the browser tests, from the npm registry.
if [ ! -f tests/.node/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix tests/.node axe-core@4.14.1 >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'

# Zensical in an environment of its own (its dependencies are not the site's), for the smoke test.
if [ ! -x .venv-zensical/bin/zensical ]; then
  python3 -m venv .venv-zensical
  .venv-zensical/bin/python -m pip install --quiet zensical==0.0.73
fi
export ZENSICAL="$PWD/.venv-zensical/bin/zensical"

# The oldest MkDocs, Material and Python-Markdown the package declares, in an environment of their own
# (made again when the declared lower bounds change), for the test that builds the flagship with them.
OLDEST="$(.venv/bin/python scripts/oldest_versions.py mkdocs mkdocs-material Markdown)"
if [ "$(cat .venv-oldest/pins.txt 2>/dev/null)" != "$OLDEST" ]; then
  rm -rf .venv-oldest
  python3 -m venv .venv-oldest
  # shellcheck disable=SC2086  # one argument per pin
  .venv-oldest/bin/python -m pip install --quiet $OLDEST -e .
  echo "$OLDEST" > .venv-oldest/pins.txt
fi
export MKDOCS_OLDEST="$PWD/.venv-oldest/bin/mkdocs"

# Lint, types, and the format reference page current with the models.
.venv/bin/ruff check generator tests benchmarks
.venv/bin/mypy
.venv/bin/python -m generator reference --check

NO_MKDOCS_2_WARNING=1 exec .venv/bin/python -m pytest "$@"

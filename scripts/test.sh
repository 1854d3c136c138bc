#!/usr/bin/env bash
# Set up and run every test on a fresh machine: Debian's Chromium for the browser tests, a virtual
# environment with the project and its test dependencies (versions from constraints.txt), Zensical
# in its own, then ruff, mypy, the format reference check and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages the tests drive: Chromium (browser tests, Lighthouse), Java and jing (the Nu Html
# Checker, the Atom grammar).
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v java >/dev/null || needed+=(default-jre-headless)
command -v jing >/dev/null || needed+=(jing)
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
  else
    echo "warning: missing ${needed[*]} and no way to install them; their tests will be skipped (or fail in CI)" >&2
  fi
fi

# From the npm registry: axe-core (accessibility rules), the Nu Html Checker (vnu-jar) and
# Lighthouse 12 (13 needs Node 22), and CLDR's quotation marks (cldr-misc-full), at the versions the
# tests were written against.
NODE_PACKAGES=(axe-core@4.14.1 vnu-jar@26.9.27 lighthouse@12.2.3 cldr-misc-full@48.2.0)
if command -v npm >/dev/null && [ "$(cat tests/.node/packages.txt 2>/dev/null)" != "${NODE_PACKAGES[*]}" ]; then
  npm install --silent --no-audit --no-fund --save-exact --prefix tests/.node "${NODE_PACKAGES[@]}" >/dev/null
  echo "${NODE_PACKAGES[*]}" > tests/.node/packages.txt
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
# (made again when the declared lower bounds or the package's dependencies change), for the test that
# builds the flagship with them.
OLDEST="$(.venv/bin/python scripts/oldest_versions.py mkdocs mkdocs-material Markdown)"
STAMP="$OLDEST $(sha256sum pyproject.toml | cut -c1-16)"
if [ "$(cat .venv-oldest/pins.txt 2>/dev/null)" != "$STAMP" ]; then
  rm -rf .venv-oldest
  python3 -m venv .venv-oldest
  # shellcheck disable=SC2086  # one argument per pin
  .venv-oldest/bin/python -m pip install --quiet $OLDEST -e .
  echo "$STAMP" > .venv-oldest/pins.txt
fi
export MKDOCS_OLDEST="$PWD/.venv-oldest/bin/mkdocs"

# Lint, types, and the format reference page current with the models.
.venv/bin/ruff check generator tests benchmarks
.venv/bin/mypy
.venv/bin/python -m generator reference --check

NO_MKDOCS_2_WARNING=1 exec .venv/bin/python -m pytest "$@"

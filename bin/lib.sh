# Shared by ./run and ./test: find Python 3.12+, get uv, and sync the locked virtualenv.
set -euo pipefail
export UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE=copy
# ./run and ./test run on the development secret key; production sets its own.
export WIJKACTIE_DEVELOPMENT="${WIJKACTIE_DEVELOPMENT:-1}"

find_python() {
  local candidate
  for candidate in python3.13 python3.12 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 \
      /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12 python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  echo "wijkactie needs Python 3.12 or newer; none was found." >&2
  return 1
}

find_uv() {
  if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
    command -v uv
    return 0
  fi
  if [ ! -x .tools/bin/uv ]; then
    "$PYTHON" -m venv .tools >&2
    .tools/bin/pip install --quiet --disable-pip-version-check uv >&2
  fi
  echo "$PWD/.tools/bin/uv"
}

sync_venv() {
  PYTHON="$(find_python)"
  UV="$(find_uv)"
  "$UV" sync --frozen --python "$PYTHON" --quiet
}

# The W3C Nu HTML Checker that tests/test_html_validity.py runs with the machine's Java: npm's
# vnu-jar, pinned, into .tools/vnu (once per checkout).
VNU_VERSION=26.9.27
ensure_vnu() {
  local jar=.tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
  if [ ! -f "$jar" ] && command -v npm >/dev/null 2>&1; then
    mkdir -p .tools/vnu
    npm install --prefix .tools/vnu --no-audit --no-fund --silent "vnu-jar@$VNU_VERSION" >&2 ||
      echo "vnu-jar could not be installed; the HTML check will say so." >&2
  fi
}

# Sourced by scripts/demo and scripts/test: create .venv and install the project once, and again
# only when pyproject.toml changes (a stamp file holds its hash).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${EXTRAS:-dev}"
if [ ! -f "$stamp" ]; then
  echo "setting up .venv (first run only) ..." >&2
  .venv/bin/python -m pip install -q -e ".[${EXTRAS:-dev}]" 2>&1 | grep -vE '^(WARNING: Location|  )' >&2 || true
  .venv/bin/python -c "import moderation" 
  rm -f .venv/.installed-* && touch "$stamp"
fi
# headless Chromium for the browser tests (tests/test_ui_browser.py): Debian's package, driven by
# Playwright through `executable_path` (Playwright's own browser download is not reachable offline)
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing Debian's chromium for the browser tests ..." >&2
  { apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }; } \
    || echo "could not install chromium: the browser tests will fail in CI" >&2
fi
# the compiled kernels, built ahead of time once per install or kernel change (numba's JIT if that fails)
.venv/bin/python -m moderation.inference.jit ensure >&2 || true

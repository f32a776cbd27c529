"""The CLI is installed and turns library errors into one line, not a traceback."""

from __future__ import annotations

import subprocess
import sys


def test_cli_help_lists_the_program() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "moderation.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert "moderation" in out.stdout.lower()

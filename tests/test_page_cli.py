"""`moderation split` as a user runs it: output formats, and one-line errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from moderation.config import PROJECT_ROOT

COMMENT_SEED = PROJECT_ROOT / "seeds" / "003_00bcb2c85f74b812.txt"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from moderation.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "split", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_json_output_is_the_page() -> None:
    result = _run(str(COMMENT_SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert len(page["comments"]) == 7
    assert page["comments"][0]["author"] == "RichardPearce"
    assert page["article"]["byline"] == "By Yuliia Dysa, Dan Peleschuk"


def test_text_output_lists_article_fields_and_numbered_comments() -> None:
    result = _run(str(COMMENT_SEED))
    assert result.returncode == 0, result.stderr
    assert "byline: By Yuliia Dysa, Dan Peleschuk" in result.stdout
    assert "[7] id=c7" in result.stdout and "reply_to=c1" in result.stdout
    assert "warning:" in result.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"", "empty"), (b"\x00\x01\x02\x03", "binary"), (b"caf\xe9", "UTF-8"), (None, "No such file")],
    ids=["empty", "binary", "latin-1", "missing"],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, content: bytes | None, fragment: str) -> None:
    page = tmp_path / "page.txt"
    if content is not None:
        page.write_bytes(content)
    result = _run(str(page))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and fragment in result.stderr


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = _run(str(COMMENT_SEED), "--format", "xml")
    assert result.returncode == 2 and "Traceback" not in result.stderr

"""The CLI does what its arguments say or refuses in one line, never a silent surprise (issue 17).

Each case was a red-team finding: `--out x.parquet` wrote CSV under that name; `--explain` into CSV
dropped the spans without a word; a binary file was read as a CSV header (a traceback, or kilobytes
of bytes listed as "columns"); a page without comments exited 2; help tagged every flag `<bool>`
and showed `-1` placeholders as defaults; `MODERATION_CORAL_SIGNING_SECRETS='["x"]'` became the
secret `["x"]`. Refusals happen before the model loads, so these tests need none.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from tiny_incivility import tiny_model
from typer.testing import CliRunner

from moderation.cli import app
from moderation.errors import InvalidInput
from moderation.model import Moderator

CSV = "id,text\n1,you stupid idiot\n2,thanks for the thoughtful article\n"
PAGE_WITHOUT_COMMENTS = "A headline\n\nJust an article, with a paragraph.\n\nAnd another paragraph, no comments.\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def tiny_artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    component = tiny_model()
    moderator = Moderator({"incivility": component}, {label: 0.5 for label in component.labels_},
                          {"summary": "tiny test model", "metrics": {}})
    folder = tmp_path_factory.mktemp("models")
    return folder / f"{moderator.save(folder, 'tiny')}.joblib"


@pytest.fixture()
def models_dir(tiny_artifact: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Artifacts load only from the models folder: point the settings at the tiny one."""
    from moderation.config import get_settings

    monkeypatch.setenv("MODERATION_MODELS_DIR", str(tiny_artifact.parent))
    get_settings.cache_clear()
    yield tiny_artifact.parent
    get_settings.cache_clear()


def _refused(result: Any, fragment: str) -> None:
    assert isinstance(result.exception, InvalidInput), (result.exception, result.output)
    assert fragment in str(result.exception)
    assert "\n" not in str(result.exception)


@pytest.mark.parametrize(
    ("file_name", "content", "args", "fragment"),
    [
        pytest.param("in.csv", CSV.encode(), ("--out", "{tmp}/x.parquet"), "Cannot write .parquet files",
                     id="out-parquet"),
        pytest.param("in.csv", CSV.encode(), ("--out", "{tmp}/x.xlsx"), "name the output .csv or .jsonl",
                     id="out-xlsx"),
        pytest.param("in.csv", CSV.encode(), ("--explain",), "--explain adds spans only JSONL", id="explain-stdout-csv"),
        pytest.param("in.jsonl", b'{"text": "hi"}\n', ("--explain", "--out", "{tmp}/o.csv"), "--out FILE.jsonl",
                     id="explain-into-csv"),
        pytest.param("in.csv", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, (), "not UTF-8 text",
                     id="binary-csv"),
        pytest.param("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, (), "NUL bytes",
                     id="binary-page"),
        pytest.param("in.csv", "text\n".encode("utf-16"), (), "UTF-16", id="utf16-csv"),
    ],
)
def test_score_refuses_before_loading_the_model(tmp_path: Path, runner: CliRunner, file_name: str, content: bytes,
                                                args: tuple[str, ...], fragment: str) -> None:
    source = tmp_path / file_name
    source.write_bytes(content)
    missing_model = str(tmp_path / "no-such-model.joblib")  # refused before any model is loaded
    result = runner.invoke(app, ["score", str(source), "--model", missing_model,
                                 *(a.format(tmp=tmp_path) for a in args)])
    _refused(result, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == [file_name], "a refused run wrote a file"


def test_a_binary_page_is_refused_by_split_and_score(tmp_path: Path, runner: CliRunner) -> None:
    page = tmp_path / "photo.jpg"
    page.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(4000))
    result = runner.invoke(app, ["split-and-score", str(page), "--model", str(tmp_path / "none.joblib")])
    _refused(result, "NUL bytes")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b"\xff\xfe\xfa" * 3000 + b"\n1\n", "header (line 1) is not UTF-8", id="noise-header"),
        pytest.param(b"te\rxt\n1\n", "not a CSV header", id="bare-cr-in-header"),
        pytest.param(b"text\nfine\nbro\rken\n", "Line 3 is not valid CSV", id="bare-cr-in-a-row"),
        pytest.param((",".join(f"column-{i}-" + "x" * 100 for i in range(500)) + "\n1\n").encode(), "and 490 more",
                     id="wide-header"),
    ],
)
def test_a_header_that_is_not_one_is_refused_in_one_short_line(tmp_path: Path, runner: CliRunner,
                                                                models_dir: Path, tiny_artifact: Path,
                                                                content: bytes, fragment: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    result = runner.invoke(app, ["score", str(source), "--model", str(tiny_artifact)])
    _refused(result, fragment)
    assert len(str(result.exception)) < 700


@pytest.mark.parametrize(
    ("out_name", "explain", "check"),
    [
        pytest.param("o.jsonl", True, "spans", id="explain-jsonl"),
        pytest.param("o.csv", False, "csv", id="csv"),
        pytest.param("o.ndjson", False, "jsonl", id="ndjson"),
        pytest.param("noextension", False, "csv", id="no-extension-keeps-the-input-format"),
    ],
)
def test_score_writes_the_format_its_name_says(tmp_path: Path, runner: CliRunner, models_dir: Path,
                                               tiny_artifact: Path, out_name: str, explain: bool, check: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / out_name
    result = runner.invoke(app, ["score", str(source), "--model", str(tiny_artifact), "--out", str(out),
                                 *(["--explain"] if explain else [])])
    assert result.exit_code == 0, (result.exception, result.output)
    written = out.read_text(encoding="utf-8")
    if check == "csv":
        assert written.startswith("id,text,")
    else:
        rows = [json.loads(line) for line in written.splitlines()]
        assert len(rows) == 2 and (check != "spans" or rows[0]["spans"]["incivility"])


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_page_without_comments_is_an_answer_not_an_error(tmp_path: Path, runner: CliRunner, models_dir: Path,
                                                           tiny_artifact: Path, output: str) -> None:
    page = tmp_path / "article.txt"
    page.write_text(PAGE_WITHOUT_COMMENTS, encoding="utf-8")
    result = runner.invoke(app, ["split-and-score", str(page), "--model", str(tiny_artifact), "--format", output])
    assert result.exit_code == 0, (result.exception, result.output)
    if output == "text":
        assert "No reader comments were found on this page; nothing to moderate." in result.output
    else:
        assert json.loads(result.output)["comments"] == []


def test_score_of_a_page_without_comments_exits_0_and_says_so(tmp_path: Path, runner: CliRunner, models_dir: Path,
                                                              tiny_artifact: Path) -> None:
    page = tmp_path / "article.txt"
    page.write_text(PAGE_WITHOUT_COMMENTS, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["score", str(page), "--model", str(tiny_artifact), "--out", str(out)])
    assert result.exit_code == 0, (result.exception, result.output)
    assert "No reader comments were found" in result.output and out.read_text() == ""


def test_scripts_demo_on_a_page_without_comments_exits_0(tmp_path: Path, tiny_artifact: Path) -> None:
    """The script itself (its .venv is set up by now): what a newcomer runs first."""
    import os

    page = tmp_path / "article.txt"
    page.write_text(PAGE_WITHOUT_COMMENTS, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "MODERATION_MODELS_DIR": str(tiny_artifact.parent), "MODERATION_AOT": "0"}
    (tiny_artifact.parent / "current").write_text(tiny_artifact.stem + "\n")
    done = subprocess.run([str(root / "scripts" / "demo"), str(page)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "No reader comments were found on this page" in done.stdout


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        found += _commands(command, (*prefix, name)) if hasattr(command, "commands") else [(*prefix, name)]
    return found


@pytest.mark.parametrize("command", _commands(typer.main.get_command(app)), ids=lambda c: " ".join(c) or "root")
def test_help_has_no_type_tags_on_flags_nor_placeholder_defaults(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "[default: -1" not in result.output and "[default: -1.0" not in result.output


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param('["x"]', ["x"], id="json-one"),
        pytest.param('[ "old", "new" ]', ["old", "new"], id="json-two"),
        pytest.param("old, new", ["old", "new"], id="comma"),
        pytest.param("s3cr3t", ["s3cr3t"], id="plain"),
        pytest.param("", [], id="empty"),
    ],
)
def test_coral_signing_secrets_json_or_comma_separated(monkeypatch: pytest.MonkeyPatch, value: str,
                                                       expected: list[str]) -> None:
    from api.config import Settings

    monkeypatch.setenv("MODERATION_CORAL_SIGNING_SECRETS", value)
    assert [s.get_secret_value() for s in Settings().coral_signing_secrets] == expected


@pytest.mark.parametrize("value", ['["x"', "[1, 2]", '["a", 3]'], ids=["unclosed", "numbers", "mixed"])
def test_coral_signing_secrets_that_look_like_json_but_are_not_are_refused(monkeypatch: pytest.MonkeyPatch,
                                                                           value: str) -> None:
    from api.config import check_settings

    monkeypatch.setenv("MODERATION_CORAL_SIGNING_SECRETS", value)
    with pytest.raises(InvalidInput, match=r"^MODERATION_CORAL_SIGNING_SECRETS: .*JSON list of strings"):
        check_settings()


def test_a_quoted_coral_secret_is_kept_but_warned_about(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    from api.config import Settings

    monkeypatch.setenv("MODERATION_CORAL_SIGNING_SECRETS", '"x"')
    with caplog.at_level(logging.WARNING, logger="moderation.api"):
        secrets = [s.get_secret_value() for s in Settings().coral_signing_secrets]
    assert secrets == ['"x"'] and "quote" in caplog.text


def test_serve_with_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "MODERATION_CORAL_SIGNING_SECRETS": '["x"', "MODERATION_AOT": "0"}
    done = subprocess.run([sys.executable, "-m", "moderation.cli", "serve", "--port", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: MODERATION_CORAL_SIGNING_SECRETS") and "\n" not in done.stderr.strip()

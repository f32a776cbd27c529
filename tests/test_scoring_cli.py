"""`moderation score` and `split-and-score` end to end: the installed CLI on a tiny saved model."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_incivility import tiny_model

from moderation.model import Moderator
from moderation.types import INCIVILITY_LABELS


@pytest.fixture(scope="module")
def tiny_artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    component = tiny_model()
    moderator = Moderator({"incivility": component}, {label: 0.5 for label in component.labels_},
                          {"summary": "tiny test model", "metrics": {}})
    folder = tmp_path_factory.mktemp("models")
    stem = moderator.save(folder, "tiny")
    return folder / f"{stem}.joblib"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process; artifacts load only from the models folder, so point it at the tiny one."""
    model = Path(args[args.index("--model") + 1])
    env = os.environ | {"MODERATION_MODELS_DIR": str(model.parent)}
    return subprocess.run([sys.executable, "-m", "moderation.cli", *args], cwd=cwd, capture_output=True,
                          text=True, check=False, env=env)


def test_score_csv_reports_bad_rows_and_writes_the_good_ones(tmp_path: Path, tiny_artifact: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,text\n1,you stupid idiot\n2,\n3,thanks for the thoughtful article\n4,\xff\xfe\n")
    done = _cli("score", str(source), "--model", str(tiny_artifact), "--out", str(tmp_path / "o.csv"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "line 3: skipped" in done.stderr and "line 5: skipped, not valid UTF-8" in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "scored 2 rows, skipped 2 bad rows"
    rows = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8", newline="")))
    assert [r["id"] for r in rows] == ["1", "3"]
    assert float(rows[0]["incivility"]) > float(rows[1]["incivility"])
    assert {label.value for label in INCIVILITY_LABELS} <= set(rows[0])


def test_score_jsonl_to_stdout_with_explanations(tmp_path: Path, tiny_artifact: Path) -> None:
    source = tmp_path / "in.jsonl"
    text = "well you are a stupid idiot"
    source.write_text(json.dumps({"text": text, "id": "a"}) + "\n", encoding="utf-8")
    done = _cli("score", str(source), "--model", str(tiny_artifact), "--explain", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [row] = [json.loads(line) for line in done.stdout.splitlines()]
    spans = row["spans"]["incivility"]
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)
    assert any("stupid" in s["text"] or "idiot" in s["text"] for s in spans)


def test_score_refuses_a_file_without_the_text_column(tmp_path: Path, tiny_artifact: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,body\n1,hello\n", encoding="utf-8")
    done = _cli("score", str(source), "--model", str(tiny_artifact), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--text-col" in done.stderr


def test_split_and_score_shows_every_comment_of_the_seed(tmp_path: Path, tiny_artifact: Path,
                                                       comment_seed_text: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(comment_seed_text, encoding="utf-8")
    done = _cli("split-and-score", str(page), "--model", str(tiny_artifact), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Orange" in done.stdout and "reply_to=c1" in done.stdout and "scores: incivility" in done.stdout
    data = json.loads(_cli("split-and-score", str(page), "--model", str(tiny_artifact), "--format", "json",
                           cwd=tmp_path).stdout)
    assert len(data["comments"]) >= 5 and data["model_version"] == tiny_artifact.stem

"""`moderation score --engine dask`: partitioned output on a 2-worker LocalCluster equals the local engine's."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tiny_incivility import tiny_model
from typer.testing import CliRunner

from moderation.batch.distributed import DaskOptions, score_with_dask
from moderation.batch.score import score_input
from moderation.cli import app
from moderation.errors import InvalidInput
from moderation.model import Moderator
from moderation.types import INCIVILITY_LABELS

distributed = pytest.importorskip("distributed")

TEXTS = [f"comment {i}: {'you idiot' if i % 3 == 0 else 'thanks for the article'}" for i in range(23)]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    model = Moderator({"incivility": tiny_model()}, dict.fromkeys(INCIVILITY_LABELS, 0.5))
    model.score(["warm the compiled kernels' cache before workers start"])
    return model


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local


def _jsonl(tmp_path: Path, with_bad_row: bool = True) -> Path:
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(TEXTS)]
    if with_bad_row:
        lines.insert(5, "{not json")
    path = tmp_path / "comments.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parts(out: Path) -> list[str]:
    return [line for part in sorted(out.glob("part-*.jsonl")) for line in part.read_text().splitlines()]


@pytest.mark.slow
def test_local_cluster_of_two_workers_matches_local_engine(moderator: Moderator, tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    errors = io.StringIO()
    summary = score_with_dask(moderator, path, tmp_path / "out", DaskOptions(workers=2, partition_rows=5),
                              errors=errors)
    local = io.StringIO()
    score_input(moderator, path, None, stdout=local, errors=io.StringIO())
    assert (summary.scored, summary.skipped) == (len(TEXTS), 1)
    assert "line 6: skipped" in errors.getvalue()
    assert len(list((tmp_path / "out").glob("part-*.jsonl"))) == 5
    assert [json.loads(x) for x in _parts(tmp_path / "out")] == [json.loads(x) for x in local.getvalue().splitlines()]
    manifest = json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())
    assert manifest["scored"] == len(TEXTS) and len(manifest["parts"]) == 5


@pytest.mark.slow
@pytest.mark.parametrize("partitions", [1, 3], ids=["one-partition", "three-partitions"])
def test_partitions_option_sets_the_number_of_parts(moderator: Moderator, cluster, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    partitions: int) -> None:
    options = DaskOptions(scheduler=cluster.scheduler_address, partitions=partitions)
    summary = score_with_dask(moderator, _jsonl(tmp_path, False), tmp_path / "out", options, errors=io.StringIO())
    assert summary.scored == len(TEXTS)
    assert len(list((tmp_path / "out").glob("part-*.jsonl"))) == partitions
    assert [json.loads(x)["id"] for x in _parts(tmp_path / "out")] == list(range(len(TEXTS)))


@pytest.mark.parametrize("problem, message", [
    ("page", "CSV or JSONL"), ("not-empty", "already holds part files"), ("zero-partitions", "at least 1"),
], ids=["page-input", "used-out-folder", "zero-partitions"])
def test_bad_requests_are_refused_before_any_cluster_starts(moderator: Moderator, tmp_path: Path, problem: str,
                                                            message: str) -> None:
    path = tmp_path / "page.txt" if problem == "page" else _jsonl(tmp_path)
    path.write_text("a page", encoding="utf-8") if problem == "page" else None
    out = tmp_path / "out"
    if problem == "not-empty":
        out.mkdir()
        (out / "part-00000.jsonl").write_text("{}\n")
    options = DaskOptions(partitions=0 if problem == "zero-partitions" else None)
    with pytest.raises(InvalidInput, match=message):
        score_with_dask(moderator, path, out, options, errors=io.StringIO())


def test_cli_dask_engine_needs_an_out_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(_jsonl(tmp_path)), "--engine", "dask"])
    assert isinstance(result.exception, InvalidInput)  # main() prints it as one line, exit code 2
    assert "--out DIR" in str(result.exception)


def test_unreachable_scheduler_is_one_clear_error(moderator: Moderator, tmp_path: Path) -> None:
    options = DaskOptions(scheduler="tcp://127.0.0.1:9")
    with pytest.raises(InvalidInput, match="Cannot reach the Dask scheduler"):
        score_with_dask(moderator, _jsonl(tmp_path), tmp_path / "out", options, errors=io.StringIO())

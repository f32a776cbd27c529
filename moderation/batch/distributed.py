"""`moderation score --engine dask`: an archive back-fill on a Dask cluster, partitioned in and out.

Why this shape: the client streams the file with the same readers as the local engine (so every bad row is
still reported with its line number, and memory does not grow with the file), cuts the good rows into
partitions, and submits one task per partition; each worker scores its partition and writes it as
`OUT/part-NNNNN.{csv,jsonl}` (temp file + rename, so a part is whole or absent). The model is loaded once
on the client and broadcast once to every worker (`Client.scatter(..., broadcast=True)`); tasks only carry
the reference. At most `2 x workers` partitions are in flight, so a slow cluster applies back-pressure
instead of the client buffering the whole archive. `OUT/_SUMMARY.json` lists parts and counts.

Workers must see the output folder (a LocalCluster does; a remote cluster needs shared storage for OUT).
Without `--scheduler` a `LocalCluster` with one single-threaded worker process per core is started:
scoring is CPU-bound Python, so processes, not threads, give parallelism.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

from moderation.batch.reader import BadRow, FieldNames, InputRow, chunked, read_rows
from moderation.batch.score import ScoringSummary, input_format
from moderation.batch.writer import make_writer
from moderation.errors import InvalidInput

DEFAULT_PARTITION_ROWS = 10_000


@dataclass(frozen=True)
class DaskOptions:
    """Where and how to run: scheduler address (None = LocalCluster), partitions, local worker count."""

    scheduler: str | None = None
    partitions: int | None = None
    workers: int | None = None
    partition_rows: int = DEFAULT_PARTITION_ROWS


def _dask() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise InvalidInput("--engine dask needs Dask: pip install 'newsroom-moderation[dask]'.") from exc
    return distributed


def score_partition(moderator: Any, index: int, records: list[dict[str, Any]], texts: list[str],
                    columns: Sequence[str], out_dir: str, target_format: str, explain: bool) -> int:
    """Runs on a worker: score one partition and write it atomically; returns the number of rows."""
    final = Path(out_dir) / f"part-{index:05d}.{target_format}"
    partial = final.with_name(f".{final.name}.partial")
    scores = moderator.score(texts, explain=explain)
    with partial.open("w", encoding="utf-8", newline="") as out:
        writer = make_writer(target_format, out, tuple(moderator.labels))
        for record, result in zip(records, scores, strict=True):
            writer.write(record, result, columns)
    partial.replace(final)
    return len(texts)


def _partitions(rows: Iterator[InputRow | BadRow], size: int, errors: TextIO,
                skipped: list[int]) -> Iterator[list[InputRow]]:
    """Good rows in partitions of `size`; each bad row is reported (line and reason) and counted."""

    def good() -> Iterator[InputRow]:
        for row in rows:
            if isinstance(row, BadRow):
                print(f"line {row.line}: skipped, {row.reason}", file=errors)
                skipped[0] += 1
            else:
                yield row

    return cast(Iterator[list[InputRow]], chunked(good(), size))


def _partition_rows(path: Path, source: str, text_col: str, id_col: str | None, options: DaskOptions) -> int:
    if options.partitions is None:
        return options.partition_rows
    if options.partitions < 1:
        raise InvalidInput("--partitions must be at least 1.")
    with path.open("rb") as stream:
        good = sum(isinstance(r, InputRow) for r in read_rows(stream, source, text_col, FieldNames(), id_col))
    return max(1, math.ceil(good / options.partitions))


def _client(options: DaskOptions) -> tuple[Any, Any]:
    distributed = _dask()
    if options.scheduler:
        try:
            return distributed.Client(options.scheduler, timeout="20s"), None
        except OSError as exc:
            raise InvalidInput(f"Cannot reach the Dask scheduler at {options.scheduler} ({exc}).") from exc
    workers = options.workers or os.cpu_count() or 1
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    return distributed.Client(cluster), cluster


def score_with_dask(moderator: Any, path: Path, out_dir: Path, options: DaskOptions, *, text_col: str = "text",
                    id_col: str | None = None, explain: bool = False, errors: TextIO | None = None) -> ScoringSummary:
    """Score a CSV/JSONL file on a Dask cluster into `out_dir/part-*.{csv,jsonl}` (input order kept)."""
    errors = errors or sys.stderr
    source = input_format(path, None)
    if source == "page":
        raise InvalidInput("--engine dask scores CSV or JSONL files (.csv, .jsonl); a page is one local job.")
    if out_dir.exists() and any(out_dir.glob("part-*")):
        raise InvalidInput(f"{out_dir} already holds part files; choose an empty --out folder.")
    out_dir.mkdir(parents=True, exist_ok=True)
    size = _partition_rows(path, source, text_col, id_col, options)
    distributed = _dask()
    client, cluster = _client(options)
    try:
        model_ref = client.scatter(moderator, broadcast=True)
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        columns, skipped, scored, parts = FieldNames(), [0], 0, []
        pending: set[Any] = set()
        with path.open("rb") as stream:
            rows = read_rows(stream, source, text_col, columns, id_col)
            for index, chunk in enumerate(_partitions(rows, size, errors, skipped)):
                if len(pending) >= window:
                    done, pending = distributed.wait(pending, return_when="FIRST_COMPLETED")
                    scored += sum(f.result() for f in done)
                pending.add(client.submit(score_partition, model_ref, index, [r.record for r in chunk],
                                          [r.text for r in chunk], list(columns.names), str(out_dir), source,
                                          explain, pure=False))
                parts.append(f"part-{index:05d}.{source}")
        scored += sum(f.result() for f in pending)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary = ScoringSummary(scored, skipped[0])
    if scored == 0:
        raise InvalidInput(f"No row of {path} could be scored ({summary.skipped} bad rows, see above).")
    (out_dir / "_SUMMARY.json").write_text(json.dumps(
        {"input": str(path), "parts": parts, "scored": scored, "skipped": summary.skipped,
         "rows_per_partition": size, "model": getattr(moderator, "version", None)}, indent=2) + "\n")
    print(summary.line(), file=errors)
    return summary

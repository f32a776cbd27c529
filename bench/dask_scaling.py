"""`moderation score --engine dask` scaling: the same job on a LocalCluster of 1 worker vs N workers (cores).

Writes a JSONL of real reader comments (C3 + UCC, seeded sample, the `bench/throughput.py` corpus) to a
temp folder, starts a LocalCluster per worker count (single-threaded worker processes), warms it up
(model broadcast and compiled-kernel load, not timed), then times the whole partitioned job: read,
broadcast, score, write parts. Prints a table and writes reports/bench/dask_scaling.json.

    .venv/bin/python bench/dask_scaling.py [--n 20000] [--partitions 16]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import distributed
from throughput import fixed_corpus

from moderation.batch.distributed import DaskOptions, score_with_dask
from moderation.model import Moderator


def timed_job(moderator: Moderator, path: Path, workers: int, partitions: int, tmp: Path) -> dict[str, float]:
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        options = DaskOptions(scheduler=cluster.scheduler_address, partitions=partitions)
        warm = tmp / f"warm-{workers}.jsonl"
        warm.write_text("\n".join(path.read_text().splitlines()[: 20 * workers]) + "\n")
        score_with_dask(moderator, warm, tmp / f"warm-out-{workers}", DaskOptions(cluster.scheduler_address,
                        partitions=workers), errors=io.StringIO())
        with distributed.Client(cluster.scheduler_address) as client:
            cpu_before = sum(client.run(time.process_time).values())
            start = time.perf_counter()
            summary = score_with_dask(moderator, path, tmp / f"out-{workers}", options, errors=io.StringIO())
            seconds = time.perf_counter() - start
            cpu = sum(client.run(time.process_time).values()) - cpu_before
    return {"workers": workers, "seconds": seconds, "comments": summary.scored,
            "per_second": summary.scored / seconds, "worker_cpu_seconds": cpu,
            "per_worker_cpu_second": summary.scored / cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "dask_scaling.json"))
    args = parser.parse_args()
    moderator = Moderator.load()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        path = tmp / "comments.jsonl"
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                                for i, t in enumerate(fixed_corpus(args.n))), encoding="utf-8")
        load_before = os.getloadavg()
        runs = [timed_job(moderator, path, w, args.partitions, tmp) for w in (1, args.workers)]
    speedup = runs[1]["per_second"] / runs[0]["per_second"]
    print(f"{moderator.version}: {runs[0]['comments']} real comments, {args.partitions} partitions")
    print(f"{'workers':>8} {'seconds':>9} {'comments/s':>11} {'worker CPU-s':>13} {'comments/worker-CPU-s':>22}")
    for run in runs:
        print(f"{run['workers']:>8} {run['seconds']:>9.1f} {run['per_second']:>11,.0f} "
              f"{run['worker_cpu_seconds']:>13.1f} {run['per_worker_cpu_second']:>22,.0f}")
    print(f"speed-up {args.workers} workers vs 1: {speedup:.2f}x (goal >= 1.8x on 2 cores); "
          f"load average before {load_before}, after {os.getloadavg()}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": moderator.version, "runs": runs, "speedup": speedup,
                               "load_average_before": load_before, "load_average_after": os.getloadavg()},
                              indent=2))


if __name__ == "__main__":
    main()

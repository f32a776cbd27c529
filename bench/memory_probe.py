"""Fresh-process cost of the moderator: import, artifact load, first score, RSS after each; prints JSON.

Run by `bench/throughput.py` (and usable alone): `.venv/bin/python bench/memory_probe.py`.
First score includes loading the compiled kernels from numba's cache (compiling them on the very first
run after an install, which is reported separately as `first_score_seconds`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    out = {"rss_start_mb": rss_mb()}
    start = time.perf_counter()
    from moderation.artifact import resolve_artifact
    from moderation.model import Moderator

    out["import_seconds"] = time.perf_counter() - start
    path = resolve_artifact(None)
    out["artifact_bytes"] = path.stat().st_size
    start = time.perf_counter()
    moderator = Moderator.load()
    out["load_seconds"] = time.perf_counter() - start
    out["rss_after_load_mb"] = rss_mb()
    start = time.perf_counter()
    moderator.score(["You are an idiot. The minister said taxes will rise next year."])
    out["first_score_seconds"] = time.perf_counter() - start
    out["rss_after_first_score_mb"] = rss_mb()
    texts = [f"Comment {i}: the council should fund schools, you idiot! It said so in 2020." * 3 for i in range(1000)]
    moderator.score(texts)
    out["rss_after_1000_mb"] = rss_mb()
    out["peak_rss_mb"] = peak_mb()
    out["model"] = moderator.version
    print(json.dumps(out))


if __name__ == "__main__":
    main()

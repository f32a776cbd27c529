"""Fresh-process cost of the moderator: import, artifact load, first score, RSS after each.

One probe (what `bench/throughput.py` runs) prints one JSON line: `.venv/bin/python bench/memory_probe.py`.
`--repeat N` runs N probes, each in a fresh process, prints a table with their median and writes
reports/bench/memory_probe.json. Timing runs: keep the machine otherwise quiet, no `nice`.

First score includes loading the compiled kernels: from the ahead-of-time build when there is a current one
(`python -m moderation.inference.jit build`), else from numba's cache (compiling them on the very first run
after an install). `kernels` and `llvm_loaded` say which happened; `ready_seconds` = import + load + first
score, what a new worker costs before it answers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLUMNS = ("import_seconds", "load_seconds", "first_score_seconds", "ready_seconds", "rss_after_load_mb",
           "rss_after_first_score_mb", "rss_after_1000_mb", "peak_rss_mb")


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return _status("VmRSS")


def peak_mb() -> float:
    return _status("VmHWM")


def probe() -> dict[str, object]:
    out: dict[str, object] = {"rss_start_mb": rss_mb()}
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
    out["numba_imported_by_load"] = "numba" in sys.modules
    start = time.perf_counter()
    moderator.score(["You are an idiot. The minister said taxes will rise next year."])
    out["first_score_seconds"] = time.perf_counter() - start
    out["ready_seconds"] = out["import_seconds"] + out["load_seconds"] + out["first_score_seconds"]  # type: ignore[operator]
    out["rss_after_first_score_mb"] = rss_mb()
    texts = [f"Comment {i}: the council should fund schools, you idiot! It said so in 2020." * 3 for i in range(1000)]
    moderator.score(texts)
    out["rss_after_1000_mb"] = rss_mb()
    out["peak_rss_mb"] = peak_mb()
    from moderation.inference import jit

    used = {item.uses_aot for item in jit._KERNELS.values() if item._resolved}
    out["kernels"] = {frozenset({True}): "ahead-of-time", frozenset({False}): "numba JIT"}.get(
        frozenset(used), "mixed" if used else "none")
    out["numba_imported"] = "numba" in sys.modules
    out["llvm_loaded"] = "llvmlite" in Path("/proc/self/maps").read_text()
    out["model"] = moderator.version
    return out


def repeat(n: int, out_path: Path) -> None:
    runs = []
    for _ in range(n):
        done = subprocess.run([sys.executable, __file__], capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = {key: statistics.median(float(run[key]) for run in runs) for key in COLUMNS}
    print(f"{runs[0]['model']} ({runs[0]['artifact_bytes'] / 1e6:.1f} MB), kernels: {runs[0]['kernels']}, "
          f"LLVM loaded: {runs[0]['llvm_loaded']}")
    print(f"{'run':<7}" + "".join(f"{key.removesuffix('_seconds').removesuffix('_mb'):>22}" for key in COLUMNS))
    for i, run in enumerate(runs, 1):
        print(f"{i:<7}" + "".join(f"{float(run[key]):>22.2f}" for key in COLUMNS))
    print(f"{'median':<7}" + "".join(f"{median[key]:>22.2f}" for key in COLUMNS))
    print("(seconds / MB)")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps({"runs": runs, "median": median}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=0, help="run N fresh-process probes and print the median")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "memory_probe.json"))
    args = parser.parse_args()
    if args.repeat:
        repeat(args.repeat, Path(args.out))
    else:
        print(json.dumps(probe()))


if __name__ == "__main__":
    main()

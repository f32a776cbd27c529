"""Memory of the service: RSS and PSS of each API worker after load, after first requests, after batches.

Starts `moderation serve --workers 2` the way `bench/api_load.py` does (loopback, throwaway database), waits
for `/readyz`, then reads every worker process's RSS and PSS (PSS splits shared library pages between the
processes that map them, so it is what each extra worker really costs), and whether LLVM (numba's JIT) is
mapped: it is not when every kernel comes from the ahead-of-time build (`python -m moderation.inference.jit
build`). Goal: RSS <= 300 MB per worker.
Prints a table and writes reports/bench/api_memory.json.

    .venv/bin/python bench/api_memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from api_load import free_port, start_server, wait_ready

COMMENTS = ["What an idiot. The minister said taxes will rise next year, according to Reuters.",
            "Thanks for the thoughtful article; I disagree with the second point because the data say otherwise."]


def post(url: str, body: dict, timeout: float) -> None:
    """POST, waiting out 503s while the other worker is still loading its model."""
    deadline = time.monotonic() + 180
    while True:
        response = httpx.post(url, json=body, timeout=timeout)
        if response.status_code != 503 or time.monotonic() > deadline:
            response.raise_for_status()
            return
        time.sleep(0.5)


def workers_memory(server: psutil.Process) -> list[dict[str, float]]:
    out = []
    for child in server.children(recursive=True):
        try:
            info = child.memory_full_info()
        except psutil.Error:
            continue
        if info.rss > 50 * 2**20:
            try:
                llvm = any("llvmlite" in (m.path or "") for m in child.memory_maps(grouped=True))
            except psutil.Error:
                llvm = False
            out.append({"pid": child.pid, "rss_mb": info.rss / 2**20, "pss_mb": info.pss / 2**20,
                        "llvm_loaded": llvm})
    return out


def main() -> None:
    # memory, not latency, is measured: a 1,000-comment batch on a busy machine may outlast the 15 s budget
    os.environ.setdefault("MODERATION_BUDGET_SECONDS", "300")
    stages: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, 2, tmp)
        try:
            version = wait_ready(base, server, 180.0, tmp)
            process = psutil.Process(server.pid)
            stages["after load (ready)"] = workers_memory(process)
            for _ in range(20):
                body = {"comments": [{"id": "c1", "text": COMMENTS[0]}], "site_id": "bench"}
                post(f"{base}/v1/comments:moderate", body, 60)
            stages["after 20 one-comment requests"] = workers_memory(process)
            for _ in range(4):
                body = {"comments": [{"id": f"c{i}", "text": COMMENTS[i % 2] * 3} for i in range(1000)],
                        "site_id": "bench", "explain": False}
                post(f"{base}/v1/comments:moderate", body, 300)
            stages["after 4 batches of 1,000 comments (explain off)"] = workers_memory(process)
        finally:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                for child in psutil.Process(server.pid).children(recursive=True):
                    child.kill()
                server.kill()
    print(f"{version}: API workers (moderation serve --workers 2)")
    print(f"{'stage':<48} {'worker':>7} {'RSS MB':>8} {'PSS MB':>8} {'LLVM':>6}")
    for stage, workers in stages.items():
        for i, worker in enumerate(workers):
            print(f"{stage:<48} {i:>7} {worker['rss_mb']:>8.0f} {worker['pss_mb']:>8.0f} "
                  f"{'yes' if worker['llvm_loaded'] else 'no':>6}")
    out = ROOT / "reports" / "bench" / "api_memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": version, "stages": stages}, indent=2))


if __name__ == "__main__":
    main()

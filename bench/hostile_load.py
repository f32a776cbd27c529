"""Single-comment latency at 20/50/100/200 req/s, quiet and while a hostile request is in flight.

Starts `moderation serve --workers 2` (as bench/api_load.py, whose open-loop driver it reuses: request i
is sent at t0 + i/rate whatever happened before, latency from the scheduled time). For each rate and
explain on/off it runs one quiet level, then the same level while a second client keeps exactly one
hostile request in flight (sending the next as soon as the last is answered). The hostile requests are
the red-team reproducers of issue 17: 1,000 comments of 20 KB with explanations (refused by the budget),
the largest batch the budget admits (50 comments of 20 KB, explanations on), one comment with a 5 MB
article, and a 5 M-character page (refused) -- `--hostile` picks them. The goal: p99 with a hostile
request in flight at most 2x the quiet p99, and no errors on the single-comment requests.

    .venv/bin/python bench/hostile_load.py                       # about 5 minutes
    .venv/bin/python bench/hostile_load.py --seconds 3 --rates 50 --hostile oversized   # smoke

Prints a table and writes JSON to reports/hostile_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_load import drain, drive, free_port, moderate_calls, percentile, seed_comments, start_server, wait_ready
from moderation.config import get_settings

RATIO_GOAL = 2.0


def hostile_bodies(comments: list[str]) -> dict[str, tuple[str, bytes]]:
    big = (" ".join(comments) * 40)[:20_000]
    article = (" ".join(comments) * 2000)[:5_000_000]
    page = (ROOT / "seeds" / "003_00bcb2c85f74b812.txt").read_text(encoding="utf-8")
    return {
        "oversized": ("/v1/comments:moderate", json.dumps(
            {"comments": [{"text": big} for _ in range(1000)], "explain": True}).encode()),
        "max-admitted": ("/v1/comments:moderate", json.dumps(
            {"comments": [{"text": big} for _ in range(48)], "explain": True}).encode()),
        "article-5mb": ("/v1/comments:moderate", json.dumps(
            {"comments": [{"text": comments[0], "article": {"text": article}}]}).encode()),
        "page-5m": ("/v1/pages:moderate", json.dumps(
            {"text": (page * (5_000_000 // len(page) + 1))[:5_000_000]}).encode()),
    }


class Hostile:
    """Keeps one hostile request in flight on its own connection until stopped; records what it got."""

    def __init__(self, base: str, path: str, body: bytes) -> None:
        self.base, self.path, self.body = base, path, body
        self.statuses: Counter[str] = Counter()
        self.seconds: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Hostile:
        self._thread.start()
        time.sleep(0.3)  # the first one is being read or scored when the level starts
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(120)

    def _run(self) -> None:
        headers = {"content-type": "application/json"}
        with httpx.Client(timeout=120) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    status = str(client.post(self.base + self.path, content=self.body, headers=headers).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                self.seconds.append(time.perf_counter() - started)
                self.statuses[status] += 1


@dataclass
class Row:
    explain: bool
    rate: float
    hostile: str
    ok: int
    errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    hostile_statuses: dict[str, int]
    hostile_median_s: float
    load_avg_1m: float


def level(base: str, calls, rate: float, seconds: float, explain: bool, hostile: str, h: Hostile | None) -> Row:
    latencies, _, errors = asyncio.run(drive(base, calls, rate, seconds, 100_000))
    times = sorted(h.seconds) if h else []
    return Row(
        explain=explain, rate=rate, hostile=hostile, ok=len(latencies), errors=sum(errors.values()),
        p50_ms=percentile(latencies, 50), p99_ms=percentile(latencies, 99),
        max_ms=max(latencies) * 1000 if latencies else float("nan"),
        hostile_statuses=dict(h.statuses) if h else {}, hostile_median_s=times[len(times) // 2] if times else 0.0,
        load_avg_1m=os.getloadavg()[0],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", type=float, nargs="+", default=[20, 50, 100, 200])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hostile", nargs="+", default=["max-admitted", "oversized", "article-5mb", "page-5m"])
    parser.add_argument("--out", type=Path, default=get_settings().reports_dir / "hostile_load.json")
    args = parser.parse_args()
    comments = seed_comments()
    bodies = hostile_bodies(comments)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="hostile-load-") as tmpdir:
        tmp = Path(tmpdir)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, args.workers, tmp)
        try:
            version = wait_ready(base, server, 180, tmp)
            for _ in range(50):
                httpx.post(f"{base}/v1/comments:moderate", json={"comments": [{"text": comments[0]}]}, timeout=10)
            for explain in (False, True):
                calls = moderate_calls(comments, 1, explain)
                for rate in args.rates:
                    drain(base)
                    rows.append(level(base, calls, rate, args.seconds, explain, "none", None))
                    for name in args.hostile:
                        drain(base)
                        path, body = bodies[name]
                        with Hostile(base, path, body) as h:
                            rows.append(level(base, calls, rate, args.seconds, explain, name, h))
                        print(_line(rows[-1]), flush=True)
        finally:
            server.terminate()
            server.wait(20)
    print(f"model {version}; {args.workers} workers; {os.cpu_count()} CPUs; nice {os.nice(0)}")
    print(f"{'explain':<8}{'rate':>6}  {'hostile':<14}{'ok':>6}{'err':>5}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'x quiet':>9}{'max ms':>9}  hostile answers (median s)")
    quiet = {(r.explain, r.rate): r.p99_ms for r in rows if r.hostile == "none"}
    verdicts = []
    for r in rows:
        ratio = r.p99_ms / quiet[(r.explain, r.rate)]
        if r.hostile != "none":
            verdicts.append(ratio <= RATIO_GOAL and r.errors == 0)
        print(_line(r, ratio))
    print(f"goal p99 <= {RATIO_GOAL}x quiet with no errors: met in {sum(verdicts)} of {len(verdicts)} levels")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model_version": version, "workers": args.workers, "cpus": os.cpu_count(), "nice": os.nice(0),
        "seconds_per_level": args.seconds, "ratio_goal": RATIO_GOAL, "rows": [asdict(r) for r in rows],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _line(r: Row, ratio: float | None = None) -> str:
    shown = " ".join(f"{k}:{v}" for k, v in sorted(r.hostile_statuses.items()))
    x = f"{ratio:>9.2f}" if ratio is not None else f"{'':>9}"
    return (f"{'on' if r.explain else 'off':<8}{r.rate:>6.0f}  {r.hostile:<14}{r.ok:>6}{r.errors:>5}"
            f"{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{x}{r.max_ms:>9.1f}  {shown} ({r.hostile_median_s:.2f})")


if __name__ == "__main__":
    main()

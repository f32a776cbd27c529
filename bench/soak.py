"""Soak: the real service at a fixed request rate for a bounded time, RSS sampled; errors and memory drift.

Starts `moderation serve` on 127.0.0.1 (a free port, a throwaway feedback database, a fresh API key,
rate limiting off), waits for `/readyz` (the committed default model), and drives an open-loop load
(request i is sent at t0 + i/rate whatever happened before; see bench/api_load.py) that cycles
through every route a newsroom uses: one comment with explanations, Perspective's analyze with
`doNotStore`, Coral's signed phase, and a moderator's verdict to `/v1/feedback` (a new one each
time, so the database grows as it would). The comments are the real reader comments of seed 003.

The server's resident memory (its process tree, from /proc) is sampled every `--sample-seconds`.
The first `--warmup-seconds` are excluded from the memory verdict (first-call caches, allocator
arenas); the baseline is the median RSS of the first sampled window after warm-up, and the run is
*flat* when no later sample exceeds the baseline by more than 10%.

    .venv/bin/python bench/soak.py                                  # 10 minutes at 20 req/s
    .venv/bin/python bench/soak.py --seconds 45 --warmup-seconds 10  # the CI version (tests/test_soak.py)

Prints a per-window table and a summary, and writes JSON to reports/soak.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from api_load import (
    Call,
    coral_calls,
    free_port,
    open_loop,
    percentile,
    perspective_calls,
    seed_comments,
    start_server,
    wait_ready,
)

from moderation.config import get_settings
from moderation.keys import create_key

FLAT_TOLERANCE = 0.10


@dataclass(frozen=True)
class Outcome:
    """One request: when it was scheduled (s from start), its status, latency from the scheduled time."""

    at: float
    route: str
    status: str
    latency_ms: float


@dataclass(frozen=True)
class Window:
    start_s: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    rss_mb: float


@dataclass(frozen=True)
class SoakReport:
    seconds: float
    rate: float
    requests: int
    errors: int
    error_kinds: dict[str, int]
    per_route: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rss_start_mb: float
    rss_end_mb: float
    rss_max_mb: float
    rss_growth: float
    rss_flat: bool

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.rss_flat


def tree_rss_bytes(pid: int) -> int:
    """Resident set size of `pid` and all its descendants (uvicorn workers), from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return total


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self.started_at = time.perf_counter()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append((time.perf_counter() - self.started_at, tree_rss_bytes(self.pid)))
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


def feedback_call(i: int, key: str, comments: list[str]) -> Call:
    body = {
        "comment_id": f"soak-{i}",
        "text": comments[i % len(comments)],
        "decision": ("approve", "review", "reject")[i % 3],
        "moderator_id": "soak-moderator",
        "site_id": "soak",
    }
    return Call("/v1/feedback", json.dumps(body).encode(), {"X-API-Key": key})


def moderate_call(text: str) -> Call:
    body = {"comments": [{"id": "c1", "text": text}], "explain": True, "site_id": "soak"}
    return Call("/v1/comments:moderate", json.dumps(body).encode(), {})


ROUTE_CYCLE = ("moderate", "perspective", "moderate", "coral", "moderate", "feedback")


def route_mix(i: int, key: str, comments: list[str], fixed: dict[str, list[Call]]) -> Call:
    """Request i: half moderation, then Perspective, Coral and feedback in turn (`ROUTE_CYCLE`)."""
    kind = ROUTE_CYCLE[i % len(ROUTE_CYCLE)]
    if kind == "feedback":
        return feedback_call(i, key, comments)
    calls = fixed[kind]
    return calls[i % len(calls)]


async def drive(base: str, rate: float, seconds: float, key: str, comments: list[str]) -> list[Outcome]:
    fixed = {
        "moderate": [moderate_call(t) for t in comments],
        "perspective": perspective_calls(comments),
        "coral": coral_calls(comments),
    }
    count = max(1, int(rate * seconds))
    results = await open_loop(base, count, rate, lambda i: route_mix(i, key, comments, fixed))
    return [
        Outcome(r.scheduled, ROUTE_CYCLE[r.index % len(ROUTE_CYCLE)], r.status, (r.done - r.scheduled) * 1000)
        for r in results
    ]


def _is_ok(outcome: Outcome) -> bool:
    return outcome.status in ("200", "201")


def summarise(
    outcomes: list[Outcome],
    samples: list[tuple[float, int]],
    seconds: float,
    rate: float,
    warmup: float,
    window: float,
) -> tuple[SoakReport, list[Window]]:
    """Errors and latency over the whole run; RSS baseline = median of the first window after warm-up."""
    latencies = [o.latency_ms / 1000 for o in outcomes if _is_ok(o)]
    errors = Counter(o.status for o in outcomes if not _is_ok(o))
    after = [(t, rss) for t, rss in samples if t >= warmup] or samples
    first = [rss for t, rss in after if t < after[0][0] + window] or [after[0][1]]
    baseline = statistics.median(first)
    peak = max(rss for _, rss in after)
    end = statistics.median([rss for _, rss in after[-3:]])
    growth = (peak - baseline) / baseline
    windows = []
    for k in range(int(seconds // window) + (1 if seconds % window else 0)):
        lo, hi = k * window, (k + 1) * window
        inside = [o for o in outcomes if lo <= o.at < hi]
        ok = [o.latency_ms / 1000 for o in inside if _is_ok(o)]
        rss = [r for t, r in samples if lo <= t < hi] or [samples[-1][1]]
        windows.append(
            Window(
                lo, len(inside), len(inside) - len(ok), percentile(ok, 50), percentile(ok, 99), max(rss) / 1e6
            )
        )
    report = SoakReport(
        seconds=seconds,
        rate=rate,
        requests=len(outcomes),
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        per_route=dict(Counter(o.route for o in outcomes)),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        max_ms=max(latencies) * 1000 if latencies else float("nan"),
        rss_start_mb=baseline / 1e6,
        rss_end_mb=end / 1e6,
        rss_max_mb=peak / 1e6,
        rss_growth=growth,
        rss_flat=growth <= FLAT_TOLERANCE,
    )
    return report, windows


def print_table(report: SoakReport, windows: list[Window]) -> None:
    header = f"{'from s':>7}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}{'RSS MB':>9}"
    print(header)
    print("-" * len(header))
    for w in windows:
        print(
            f"{w.start_s:>7.0f}{w.requests:>10}{w.errors:>8}{w.p50_ms:>9.1f}{w.p99_ms:>9.1f}{w.rss_mb:>9.1f}"
        )
    print(
        f"\n{report.requests} requests at {report.rate:g}/s over {report.seconds:g} s "
        f"({', '.join(f'{k} {v}' for k, v in sorted(report.per_route.items()))}); "
        f"errors {report.errors} {report.error_kinds or ''}"
    )
    print(
        f"latency ms: p50 {report.p50_ms:.1f}  p95 {report.p95_ms:.1f}  p99 {report.p99_ms:.1f}  "
        f"max {report.max_ms:.1f}"
    )
    print(
        f"RSS MB (after warm-up): start {report.rss_start_mb:.1f}  end {report.rss_end_mb:.1f}  "
        f"max {report.rss_max_mb:.1f}  growth {report.rss_growth:+.1%}  "
        f"flat within {FLAT_TOLERANCE:.0%}: {'yes' if report.rss_flat else 'NO'}"
    )


def run_soak(
    seconds: float, rate: float, warmup: float, sample_every: float, window: float, workers: int = 1
) -> tuple[SoakReport, list[Window], str]:
    comments = seed_comments()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmpdir:
        tmp = Path(tmpdir)
        key = create_key(tmp / "keys.json", "soak", ["feedback"])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, workers, tmp)
        try:
            version = wait_ready(base, server, 180.0, tmp)
            httpx.post(f"{base}/v1/comments:moderate", json={"comments": [{"text": comments[0]}]}, timeout=30)
            sampler = RssSampler(server.pid, sample_every)
            sampler.start()
            outcomes = asyncio.run(drive(base, rate, seconds, key, comments))
            sampler.stop()
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    report, windows = summarise(outcomes, sampler.samples, seconds, rate, warmup, window)
    return report, windows, version


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=600.0, help="Duration of the load.")
    parser.add_argument("--rate", type=float, default=20.0, help="Requests per second (open loop).")
    parser.add_argument("--warmup-seconds", type=float, default=60.0, help="Excluded from the RSS verdict.")
    parser.add_argument("--sample-seconds", type=float, default=1.0, help="RSS sampling interval.")
    parser.add_argument("--window-seconds", type=float, default=0.0, help="Table rows (default: 10 rows).")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=get_settings().reports_dir / "soak.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> SoakReport:
    args = parse_args(argv)
    window = args.window_seconds or max(1.0, args.seconds / 10)
    warmup = min(args.warmup_seconds, args.seconds / 2)
    report, windows, version = run_soak(
        args.seconds, args.rate, warmup, args.sample_seconds, window, args.workers
    )
    print(f"model {version}; {args.workers} worker(s); {os.cpu_count()} CPUs; load average {os.getloadavg()}")
    print_table(report, windows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model_version": version,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "warmup_seconds": warmup,
        "flat_tolerance": FLAT_TOLERANCE,
        "summary": asdict(report) | {"ok": report.ok},
        "windows": [asdict(w) for w in windows],
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return report


if __name__ == "__main__":
    sys.exit(0 if main().ok else 1)

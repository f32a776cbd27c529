"""Service latency under fixed request rates: p50/p95/p99 and throughput, one comment and 100-comment batches.

Starts `moderation serve --workers 2` on 127.0.0.1 (a free port, a throwaway feedback database, rate
limiting off), waits for `/readyz`, then drives an *open-loop* load: request i is sent at
t0 + i/rate whether or not earlier ones have answered, so a slow server cannot slow the load down
and hide its own queueing (coordinated omission). Latency is measured from the scheduled send
time; the time from the actual send is reported beside it. Every level is bounded in request count
and in seconds. Loopback only.

The comments are the real reader comments of the committed seed page 003, cycled; batches are
100 of them. Prints a table and writes JSON to reports/api_load.json.

    .venv/bin/python bench/api_load.py                      # full run (about 2 minutes)
    .venv/bin/python bench/api_load.py --seconds 3 --single-rates 50 --batch-rates 2   # smoke
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderation.config import get_settings
from moderation.page import split_page

SEED = ROOT / "seeds" / "003_00bcb2c85f74b812.txt"
GOAL_P99_MS = 15.0
CORAL_SECRET = "bench-coral-secret"


@dataclass
class Level:
    scenario: str
    comments_per_request: int
    explain: bool
    target_rps: float
    sent: int
    ok: int
    errors: int
    error_kinds: dict[str, int]
    load_avg_1m: float
    achieved_rps: float
    comments_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    service_p99_ms: float


def seed_comments() -> list[str]:
    return [c.text for c in split_page(SEED.read_text(encoding="utf-8")).comments]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int, tmp: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MODERATION_DATABASE_URL": f"sqlite:///{tmp}/feedback.db",
        "MODERATION_RATE_LIMIT_PER_SECOND": "0",
        "MODERATION_API_KEYS_FILE": str(tmp / "keys.json"),
        "MODERATION_CORAL_SIGNING_SECRETS": CORAL_SECRET,
    }
    command = [
        str(ROOT / ".venv" / "bin" / "moderation"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    command += ["--workers", str(workers)]
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float, tmp: Path) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited early:\n{(tmp / 'server.log').read_text()[-2000:]}")
        try:
            response = httpx.get(f"{base}/readyz", timeout=1)
            if response.status_code == 200:
                return str(response.json()["model_version"])
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server not ready after {timeout:.0f} s:\n{(tmp / 'server.log').read_text()[-2000:]}")


class Connections:
    """Keep-alive HTTP/1.1 connections over raw asyncio streams: a load generator that costs far less
    CPU per request than a full HTTP client, so the client does not steal the server's cores.

    uvicorn closes a connection after 5 s idle; one idle longer than `max_idle` is not reused, and a
    reused connection the server closed meanwhile is retried once on a fresh one (that is the
    client's bookkeeping, not a server error)."""

    def __init__(self, host: str, port: int, max_idle: float = 3.0) -> None:
        self.host, self.port, self.max_idle = host, port, max_idle
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        while self.idle:
            reader, writer, since = self.idle.pop()
            if time.monotonic() - since < self.max_idle:
                try:
                    return await self._exchange(reader, writer, path, body, headers)
                except (ConnectionError, asyncio.IncompleteReadError, IndexError):
                    writer.close()
                    break
            writer.close()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        return await self._exchange(reader, writer, path, body, headers)

    async def _exchange(self, reader, writer, path: str, body: bytes, headers: dict[str, str]) -> int:
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        writer.write(head + body)
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        self.idle.append((reader, writer, time.monotonic()))
        return status

    def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()


@dataclass(frozen=True)
class Call:
    """One request as sent: path, raw JSON body and extra headers (e.g. Coral's signature)."""

    path: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Sent:
    """One open-loop request's fate: its index, times (perf_counter seconds) and HTTP status or error."""

    index: int
    scheduled: float
    sent: float
    done: float
    status: str


async def open_loop(base: str, count: int, rate: float, call_for: Callable[[int], Call]) -> list[Sent]:
    """Request i is sent at t0 + i/rate whether or not earlier ones have answered (no coordinated
    omission); `call_for(i)` says what request i is. Results in completion order."""
    host, port = base.removeprefix("http://").split(":")
    connections = Connections(host, int(port))
    results: list[Sent] = []
    start = time.perf_counter() + 0.05

    async def one(i: int) -> None:
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        sent = time.perf_counter()
        try:
            call = call_for(i)
            status = str(await asyncio.wait_for(connections.post(call.path, call.body, call.headers), 10))
        except TimeoutError:
            status = "timeout"
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            status = type(exc).__name__
        results.append(Sent(i, scheduled - start, sent - start, time.perf_counter() - start, status))

    await asyncio.gather(*(one(i) for i in range(count)))
    connections.close()
    return results


async def drive(base: str, calls: list[Call], rate: float, seconds: float, max_requests: int):
    """Open loop, cycling `calls`; (latencies, service times, errors)."""
    count = max(1, min(max_requests, int(rate * seconds)))
    results = await open_loop(base, count, rate, lambda i: calls[i % len(calls)])
    ok = [r for r in results if r.status == "200"]
    latencies = [r.done - r.scheduled for r in ok]
    service = [r.done - r.sent for r in ok]
    errors: Counter[str] = Counter(r.status for r in results if r.status != "200")
    return latencies, service, errors


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


def moderate_calls(comments: list[str], n: int, explain: bool) -> list[Call]:
    """One call per starting comment, so consecutive requests carry different comments."""
    calls = []
    for start in range(len(comments)):
        texts = [comments[(start + i) % len(comments)] for i in range(n)]
        body = {"comments": [{"id": f"c{i}", "text": t} for i, t in enumerate(texts)], "explain": explain}
        calls.append(Call("/v1/comments:moderate", json.dumps(body).encode(), {}))
    return calls


def perspective_calls(comments: list[str]) -> list[Call]:
    calls = []
    for text in comments:
        body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}, "INSULT": {}}}
        body |= {"languages": ["en"], "doNotStore": True}
        calls.append(Call("/v1alpha1/comments:analyze", json.dumps(body).encode(), {}))
    return calls


def coral_calls(comments: list[str]) -> list[Call]:
    """Coral's documented request, serialised as Coral does and signed with the phase secret."""
    from api.coral import sign
    from api.schemas.coral import CORAL_EXAMPLE

    calls = []
    for text in comments:
        body = json.dumps({**CORAL_EXAMPLE, "comment": {"body": text, "parentID": None}}, indent=2).encode()
        calls.append(Call("/v1/coral/moderate", body, {"X-Coral-Signature": sign(body, CORAL_SECRET)}))
    return calls


def drain(base: str, limit_s: float = 120.0) -> None:
    """Wait until the server answers a small request quickly again: requests the client gave up on
    keep the workers busy, and must not be billed to the next level."""
    deadline = time.monotonic() + limit_s
    probe = {"comments": [{"text": "probe"}], "explain": False}
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            httpx.post(f"{base}/v1/comments:moderate", json=probe, timeout=30)
        except httpx.HTTPError:
            continue
        if time.perf_counter() - started < 0.2:
            return
        time.sleep(1)


def run_level(base: str, scenario: str, calls: list[Call], n: int, explain: bool, rate: float, args) -> Level:
    drain(base)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    latencies, service, errors = asyncio.run(drive(base, calls, rate, args.seconds, args.max_requests))
    elapsed = time.perf_counter() - started
    ok = len(latencies)
    return Level(
        scenario=scenario,
        comments_per_request=n,
        explain=explain,
        target_rps=rate,
        sent=ok + sum(errors.values()),
        ok=ok,
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        load_avg_1m=load,
        achieved_rps=ok / elapsed if elapsed else 0.0,
        comments_per_s=ok * n / elapsed if elapsed else 0.0,
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        max_ms=max(latencies) * 1000 if latencies else float("nan"),
        service_p99_ms=percentile(service, 99),
    )


def _kinds(kinds: dict[str, int]) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(kinds.items()))


def print_table(levels: list[Level]) -> None:
    header = (
        f"{'scenario':<24}{'rate/s':>8}{'ok':>7}{'err':>5}{'got/s':>9}{'comm/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'svc p99':>9}{'load':>7}  errors"
    )
    print(header)
    print("-" * len(header))
    for lv in levels:
        print(
            f"{lv.scenario:<24}{lv.target_rps:>8.0f}{lv.ok:>7}{lv.errors:>5}{lv.achieved_rps:>9.1f}"
            f"{lv.comments_per_s:>9.0f}{lv.p50_ms:>9.2f}{lv.p95_ms:>9.2f}{lv.p99_ms:>9.2f}{lv.max_ms:>9.1f}"
            f"{lv.service_p99_ms:>9.2f}{lv.load_avg_1m:>7.1f}  {_kinds(lv.error_kinds)}"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0, help="Duration of each rate level.")
    parser.add_argument("--max-requests", type=int, default=3000, help="Cap on requests per level.")
    parser.add_argument("--single-rates", type=float, nargs="+", default=[50, 100, 200])
    parser.add_argument("--batch-rates", type=float, nargs="+", default=[2, 5, 10])
    parser.add_argument("--explain-batch-rate", type=float, default=0.5)
    parser.add_argument("--ready-timeout", type=float, default=180.0)
    parser.add_argument("--out", type=Path, default=get_settings().reports_dir / "api_load.json")
    return parser.parse_args()


def run_levels(base: str, comments: list[str], args: argparse.Namespace) -> list[Level]:
    single, single_fast = moderate_calls(comments, 1, True), moderate_calls(comments, 1, False)
    batch, batch_fast = moderate_calls(comments, 100, True), moderate_calls(comments, 100, False)
    levels = [run_level(base, "1 comment, explain", single, 1, True, r, args) for r in args.single_rates]
    levels += [
        run_level(base, "1 comment, no explain", single_fast, 1, False, r, args) for r in args.single_rates
    ]
    levels += [
        run_level(base, "100 comments, no explain", batch_fast, 100, False, r, args) for r in args.batch_rates
    ]
    levels.append(run_level(base, "100 comments, explain", batch, 100, True, args.explain_batch_rate, args))
    top = max(args.single_rates)
    levels.append(run_level(base, "perspective analyze", perspective_calls(comments), 1, False, top, args))
    levels.append(run_level(base, "coral phase", coral_calls(comments), 1, False, top, args))
    return levels


def in_process_costs(comments: list[str]) -> dict[str, float]:
    """Median milliseconds of `Moderator.score` itself, no HTTP: what the service adds is the rest."""
    from moderation.model import Moderator

    moderator = Moderator.load()
    out = {}
    for name, texts, explain in (
        ("score_1_comment_ms", comments[:1], False),
        ("score_1_comment_explain_ms", comments[:1], True),
        ("score_100_comments_ms", [comments[i % len(comments)] for i in range(100)], False),
    ):
        times = []
        for i in range(15):
            started = time.perf_counter()
            moderator.score(texts if len(texts) > 1 else [comments[i % len(comments)]], explain=explain)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = sorted(times)[len(times) // 2]
    return out


def main() -> None:
    args = parse_args()
    comments = seed_comments()
    costs = in_process_costs(comments)
    with tempfile.TemporaryDirectory(prefix="api-load-") as tmpdir:
        tmp = Path(tmpdir)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, args.workers, tmp)
        try:
            version = wait_ready(base, server, args.ready_timeout, tmp)
            for _ in range(50):  # warm both workers (imports, first-call caches)
                httpx.post(
                    f"{base}/v1/comments:moderate", json={"comments": [{"text": comments[0]}]}, timeout=10
                )
            levels = run_levels(base, comments, args)
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    print(
        f"model {version}; {args.workers} workers; {os.cpu_count()} CPUs; nice {os.nice(0)}; "
        f"load average {os.getloadavg()}"
    )
    print("in-process Moderator.score, median ms: " + ", ".join(f"{k} {v:.2f}" for k, v in costs.items()))
    print_table(levels)
    verdicts: dict[str, bool | None] = {}
    for explain in (False, True):
        at_200 = [lv for lv in levels if lv.comments_per_request == 1 and lv.explain is explain
                  and lv.target_rps == 200]
        name = "explain on (the API default)" if explain else "explain off"
        verdicts[name] = (at_200[0].p99_ms <= GOAL_P99_MS and at_200[0].errors == 0) if at_200 else None
        if at_200:
            print(f"goal p99 <= {GOAL_P99_MS} ms for 1 comment at 200 req/s, {name}: "
                  f"{'met' if verdicts[name] else 'NOT met'} (p99 {at_200[0].p99_ms:.1f} ms)")
    verdict = verdicts.get("explain on (the API default)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "model_version": version,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "python": platform.python_version(),
        "nice": os.nice(0),
        "seconds_per_level": args.seconds,
        "latency_from": "scheduled send time (open loop); service_p99_ms from actual send",
        "comments": f"seed page {SEED.name}, {len(comments)} real reader comments, cycled",
        "goal_p99_ms_1_comment_200rps": GOAL_P99_MS,
        "goal_met": verdict,
        "goal_met_by_scenario": verdicts,
        "in_process_median_ms": costs,
        "levels": [asdict(lv) for lv in levels],
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

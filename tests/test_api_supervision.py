"""Workers die with their master: after `kill -9` of `moderation serve --workers 2` the port is free within
5 s (about half a second here: the parent watchdog's poll), no worker is left, and a new `moderation
serve` started on the same port comes up (issue 17)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import live_server
import pytest
from live_server import LiveServer

pytestmark = pytest.mark.slow


def _workers(pid: int) -> list[int]:
    """The master's uvicorn workers: its spawned children, not multiprocessing's resource tracker nor a
    background kernel build (counting those as workers let the old test kill the master too early)."""
    found = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(p) for p in found.read_text().split()] if found.exists() else []
    return [child for child in children if b"spawn_main" in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "models").mkdir(exist_ok=True)  # no model: workers start in about a second
    return {
        "MODERATION_DATABASE_URL": f"sqlite:///{tmp_path}/feedback.db",
        "MODERATION_MODELS_DIR": str(tmp_path / "models"),
        "MODERATION_API_KEYS_FILE": str(tmp_path / "keys.json"),
    }


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_kill_9_of_the_master_then_serve_on_the_same_port_within_5_s(tmp_path: Path) -> None:
    first = LiveServer(tmp_path, _env(tmp_path), args=("--workers", "2")).start(timeout=300)
    assert first.process is not None
    workers = _wait_for_workers(first.process.pid, lambda found: len(found) >= 2 and _all_started(first))
    first.kill()
    killed = time.monotonic()
    while not _port_free(first.port):  # what "Address already in use" waits for: no socket listening
        assert time.monotonic() - killed < 5.0, f"port {first.port} still held 5 s after kill -9 of the master"
        time.sleep(0.05)
    freed = time.monotonic() - killed
    second = LiveServer(tmp_path, _env(tmp_path), port=first.port)
    try:
        second.start(timeout=300)  # its own start-up (imports, ~3 s here) comes on top of `freed`
        assert httpx.get(second.base_url + "/healthz", timeout=2).status_code == 200
        assert "address already in use" not in second.log().lower()
        orphans = [pid for pid in workers if _alive(pid)]
        assert not orphans, f"workers {orphans} outlived their master"
        print(f"port free {freed:.2f} s after kill -9; new server answering {time.monotonic() - killed:.2f} s after")
    finally:
        second.stop()
        _reap(workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_a_worker_still_starting_when_its_master_is_killed_exits_too(tmp_path: Path) -> None:
    """The real cause of the old xfail: a worker whose master died while it was importing took itself for a
    stand-alone server (its parent was already the reaper) and served on, holding the port, for good."""
    server = LiveServer(tmp_path, _env(tmp_path), args=("--workers", "2"))
    command = [str(live_server.MODERATION), "serve", "--host", "127.0.0.1", "--port", str(server.port),
               "--workers", "2"]
    with server.log_path.open("ab") as log:
        master = subprocess.Popen(command, env=server.env, stdout=log, stderr=subprocess.STDOUT,
                                  cwd=live_server.PROJECT_ROOT)
    try:
        workers = _wait_for_workers(master.pid, lambda found: len(found) >= 2)
    finally:
        master.kill()
        master.wait(10)
    killed = time.monotonic()
    try:
        while [pid for pid in workers if _alive(pid)] or not _port_free(server.port):
            # no fixed bound here: a worker killed mid-import exits when it reaches api.worker, which on a
            # machine at load 12 can take seconds; what must not happen is that it never does
            assert time.monotonic() - killed < 60, f"workers outlived their master:\n{server.log()}"
            time.sleep(0.1)
        print(f"workers gone and port free {time.monotonic() - killed:.2f} s after kill -9 mid start-up")
        assert "is gone; exiting" in server.log()
    finally:
        _reap(workers)


def _wait_for_workers(master: int, done: Callable[[list[int]], bool], timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while not done(found := _workers(master)):
        assert time.monotonic() < deadline, f"master {master} has workers {found} after {timeout:.0f} s"
        time.sleep(0.05)
    return found


def _all_started(server: LiveServer) -> bool:
    return server.log().count("Application startup complete") >= 2


def _reap(pids: list[int]) -> None:
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_a_single_process_server_is_not_tied_to_its_parent(tmp_path: Path) -> None:
    """Without --workers there is no master: the server must not die with whatever started it."""
    code = (
        "import os, time\n"
        "from api.supervision import watch_supervisor\n"
        "watch_supervisor()\n"
        "print('ok', flush=True)\n"
    )
    env = {**os.environ, "MODERATION_SUPERVISOR_PID": "1"}  # not our parent: ignored
    result = subprocess.run([str(Path(".venv/bin/python").resolve()), "-c", code], env=env,
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[1])
    assert result.stdout.strip() == "ok", result.stderr

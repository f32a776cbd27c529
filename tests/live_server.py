"""The real service as a subprocess (`moderation serve` under uvicorn) on a free 127.0.0.1 port.

For tests that must cross a process boundary: a SIGKILL mid-request, RSS over a soak. Everything the
server touches (database, key file, models folder) comes in through `MODERATION_*` variables.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from moderation.config import PROJECT_ROOT

MODERATION = PROJECT_ROOT / ".venv" / "bin" / "moderation"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """`moderation serve` on 127.0.0.1; `start` waits until `ready_path` answers (any HTTP status < 500)."""

    def __init__(
        self, workdir: Path, env: Mapping[str, str], port: int | None = None, args: tuple[str, ...] = ()
    ) -> None:
        self.workdir = workdir
        self.args = args
        self.port = port or free_port()
        self.env = {**os.environ, "MODERATION_MODEL_POLL_SECONDS": "0", **env}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / f"server-{self.port}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/healthz", timeout: float = 60.0) -> LiveServer:
        command = [str(MODERATION), "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.base_url + ready_path, timeout=1).status_code < 500:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server not answering {ready_path} after {timeout:.0f} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what a power cut is to the process (not the disk)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

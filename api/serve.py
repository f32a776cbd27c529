"""Run the service under uvicorn, with Nagle's algorithm off on every worker's connections, and workers
that exit with their master (`api.supervision`: the master's pid is handed down in the environment).

With `workers > 1` uvicorn binds the listening socket itself as `socket(AF_INET, SOCK_STREAM)`
(protocol 0), and asyncio only sets TCP_NODELAY on sockets whose protocol is IPPROTO_TCP; so each
response (headers and body are two writes) waits for the client's delayed ACK: about 40 ms
added to every small response. Setting TCP_NODELAY on the listening socket fixes it, since Linux
copies it to every accepted connection. Measured by bench/api_load.py.
"""

from __future__ import annotations

import inspect
import os
import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

from api.supervision import SUPERVISOR_ENV

APP = "api.worker:create_app"  # api.main's, behind the supervision watch
HEALTHCHECK_SECONDS = 60


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, access_log: bool = False) -> None:
    extra = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # A worker loading its model on a busy machine can miss uvicorn's 5 s ping; that is not a hang,
        # and killing it only starts the load again (seen at load average 12 on 2 cores).
        extra["timeout_worker_healthcheck"] = HEALTHCHECK_SECONDS
    config = uvicorn.Config(
        APP, factory=True, host=host, port=port, workers=workers, access_log=access_log, log_level="info",
        **extra,
    )
    server = uvicorn.Server(config)
    if workers <= 1:
        server.run()
        return
    os.environ[SUPERVISOR_ENV] = str(os.getpid())  # spawned workers inherit it (api.supervision)
    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn < 0.50
        Multiprocess(config, target=server.run, sockets=[sock]).run()  # type: ignore[call-arg]
    else:
        Multiprocess(config, sockets=[sock]).run()

"""Processes that die with their parent: uvicorn workers with their master, lane helpers with their worker.

Why: uvicorn's workers used to outlive a `kill -9` of the master, still holding the listening socket,
so the next `moderation serve` on that port failed with "Address already in use" until someone found
and killed them. Now each worker asks the kernel for SIGTERM when its master dies (Linux
`prctl(PR_SET_PDEATHSIG)`), and a watchdog thread checks the parent pid every half second as well
(PDEATHSIG fires when the *thread* that forked us exits, and does not exist outside Linux).

The signal is SIGKILL, not SIGTERM: the kernel then closes the listening socket at once, without the
process needing any CPU (a graceful SIGTERM took 4 s to free the port on a starved machine). Nothing
acknowledged is lost: a verdict is committed before its 2xx (tests/test_crash_safety.py), and a
request in flight on a dead master's worker is one its client must retry anyway.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time

log = logging.getLogger("moderation.api")
SUPERVISOR_ENV = "MODERATION_SUPERVISOR_PID"
PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5
GRACE_SECONDS = 3.0


def _pdeathsig(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(signum: int = signal.SIGKILL, grace: float = GRACE_SECONDS, parent: int | None = None) -> None:
    """From now on this process ends soon after `parent` (default: its current parent) does (PDEATHSIG and
    a watchdog); at once if `parent` is already gone."""
    parent = os.getppid() if parent is None else parent
    _pdeathsig(signum)
    if os.getppid() != parent:  # the parent died before the request took effect (or before we were asked)
        _orphaned(parent, signum)
    _watchdog(parent, signum, grace)


def _orphaned(parent: int, signum: int) -> None:
    log.warning("parent process %d is gone; exiting", parent)
    os.kill(os.getpid(), signum)
    time.sleep(GRACE_SECONDS)
    os._exit(1)


def close_listening_sockets() -> int:
    """Close every listening socket this (forked) process inherited; returns how many.

    A helper forked from a worker inherits the server's listening socket; if it outlives the worker by even
    a moment (it is niced, so on a busy machine its watchdog runs late) the port stays taken and a restart
    after `kill -9` of the master fails. A helper never accepts connections, so it drops them at once."""
    import socket

    closed = 0
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return 0
    for fd in fds:
        try:
            sock = socket.socket(fileno=fd)
        except OSError:
            continue
        try:
            listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
        except OSError:
            listening = False
        if listening:
            sock.close()
            closed += 1
        else:
            sock.detach()
    return closed


def die_with_parent_process(parent: int, signum: int = signal.SIGKILL) -> None:
    """The watchdog only: for a child forked from a short-lived thread, where PDEATHSIG would fire early.

    `parent` is the pid the forking process passed down (its own): if it died before this child got here,
    `os.getppid()` already names a reaper, and a watchdog on that would never fire."""
    if os.getppid() != parent:
        _orphaned(parent, signum)
    _watchdog(parent, signum, GRACE_SECONDS)


def _watchdog(parent: int, signum: int, grace: float) -> None:
    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(POLL_SECONDS):
            if os.getppid() != parent:
                log.warning("parent process %d is gone; exiting", parent)
                os.kill(os.getpid(), signum)
                stop.wait(grace)
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def watch_supervisor() -> None:
    """In a uvicorn worker started by `api.serve.run` (which names its pid), exit with the master.

    A worker is "ours" when the named master spawned it, which multiprocessing records at spawn time
    (`parent_process()`), so it still knows after a reparenting. Comparing with `os.getppid()` alone
    missed the worker whose master was killed while it was still importing: by the time it got here its
    parent was already the reaper, so it took itself for a stand-alone server and served on, unsupervised,
    holding the port (the orphans behind the test's old xfail, on a loaded machine)."""
    named = os.environ.get(SUPERVISOR_ENV, "")
    if not named.isdigit():
        return
    master = int(named)
    spawner = multiprocessing.parent_process()
    if master != os.getppid() and (spawner is None or spawner.pid != master):
        return  # not a worker of that master (e.g. a single-process server started from inside one)
    die_with_parent(signal.SIGKILL, parent=master)

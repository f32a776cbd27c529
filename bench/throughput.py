"""Scoring throughput of the full moderator, side by side with the TF-IDF+LR baseline and the offline peers.

One run measures, over one fixed corpus of real reader comments (C3 + UCC, seeded sample):
- comments/s on one core (this process pinned to CPU 0, every math library at one thread) for the full
  moderator (all labels incl. sentence-level claims; explanations off and on), its parts, the same moderator
  on the scikit-learn path (`MODERATION_FAST_PATH=0`: scikit-learn vectorizers and heads, no compiled kernels), the plain
  TF-IDF+LR baseline and the peers (alt-profanity-check, hatesonar, MiniLM+LR; skipped with a note when
  `.venv-peers` is missing), as ratios to ours. Wall-clock and CPU-time rates are both reported: the machine
  is shared, and CPU time is the steadier estimate of what one core does;
- comments/s on all cores (one process per core, the model loaded once per process);
- artifact size, load time, first-score time and RSS of a fresh process (`bench/memory_probe.py`);
- cost curves: throughput vs comment length (10..5000 words) and vs batch size (1..10,000), PNG + JSON.

    taskset -c 0 .venv/bin/python bench/throughput.py            # about 5 minutes
    .venv/bin/python bench/throughput.py --n 1000 --quick        # smoke run
"""

from __future__ import annotations

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    __import__("os").environ[_var] = "1"

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from throughput_report import plot_curves, print_tables

from moderation.model import Moderator


def fixed_corpus(n: int, seed: int = 0) -> list[str]:
    """A seeded sample of real reader comments (C3 + UCC, Globe and Mail), the same every run."""
    from moderation.data import load_incivility

    texts = load_incivility(sources=("c3", "ucc")).frame["text"].tolist()
    keep = np.sort(np.random.default_rng(seed).choice(len(texts), size=min(n, len(texts)), replace=False))
    return [texts[i] for i in keep]


def rate(fn: Callable[[], object], n: int, repeat: int = 2) -> dict[str, float]:
    """Best of `repeat` runs: comments per wall second and per CPU second."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return {"per_second": n / wall, "per_cpu_second": n / max(cpu, 1e-9), "n": n}


def _fresh(moderator: Moderator) -> Moderator:
    """Drop the claims component's last-batch memo, so repeated timings redo the sentence pass."""
    for component in moderator.components.values():
        component.__dict__.pop("_last_batch", None)
    return moderator


def ours(moderator: Moderator, texts: list[str], n_explain: int) -> dict[str, dict[str, float]]:
    rows = {
        "ours: Moderator.score, all labels, explain off": rate(lambda: _fresh(moderator).score(texts), len(texts)),
        "ours: probabilities only (all labels)": rate(lambda: _fresh(moderator).probabilities(texts), len(texts)),
    }
    for name, scorer in moderator._scorers().items():
        rows[f"ours: {name} component only"] = rate(lambda s=scorer: _fresh(moderator) and s.predict_proba(texts),
                                                    len(texts))
    few = texts[:n_explain]
    rows["ours: Moderator.score, explain on"] = rate(lambda: _fresh(moderator).score(few, explain=True), len(few), 1)
    return rows


def sklearn_path(texts: list[str]) -> dict[str, dict[str, float]]:
    os.environ["MODERATION_FAST_PATH"] = "0"
    try:
        slow = Moderator.load()
        return {"ours, MODERATION_FAST_PATH=0 (scikit-learn path, same artifact), explain off":
                rate(lambda: _fresh(slow).score(texts), len(texts), 1)}
    finally:
        os.environ.pop("MODERATION_FAST_PATH")


def baseline(texts: list[str], train_rows: int) -> dict[str, dict[str, float]]:
    from moderation.config import get_settings
    from moderation.evaluation.baselines import TfidfLogRegBaseline
    from moderation.evaluation.splits import incivility_training_rows

    rows = incivility_training_rows(get_settings().data_dir).sample(train_rows)
    fitted = TfidfLogRegBaseline().fit(rows)
    return {f"TF-IDF+LR baseline ({len(fitted.labels)} labels)": rate(lambda: fitted.score(texts), len(texts))}


def peers(texts: list[str], train: tuple[list[str], list[int]]) -> tuple[dict[str, dict[str, float]], list[str]]:
    from moderation.peers import WORKER_PEERS, available_peers, peer_throughput

    found, notes = {}, []
    present = available_peers()
    for name in WORKER_PEERS:
        if name not in present:
            notes.append(f"peer {name} skipped: .venv-peers missing (bash bench/peers/setup.sh)")
            continue
        kwargs = {"train_texts": train[0], "train_labels": train[1]} if name == "minilm_lr" else {}
        sample = texts if name != "minilm_lr" else texts[:1000]
        result = peer_throughput(name, sample, threads=1, **kwargs)
        if result is None:
            notes.append(f"peer {name} failed; see the log")
            continue
        found[f"peer: {name} (1 label)"] = {"per_second": result.comments_per_second,
                                           "per_cpu_second": result.comments_per_cpu_second or float("nan"),
                                           "n": result.n_texts}
    return found, notes


_WORKER: Moderator | None = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = Moderator.load()
    _WORKER.score(["warm up the compiled kernels"])


def _score_chunk(chunk: list[str]) -> int:
    assert _WORKER is not None
    return len(_fresh(_WORKER).score(chunk))


def all_cores(texts: list[str], processes: int) -> dict[str, float]:
    """Wall-clock comments/s with one process per core, each loading the model once (not timed)."""
    os.sched_setaffinity(0, range(os.cpu_count() or 1))
    chunks = [texts[i : i + 500] for i in range(0, len(texts), 500)]
    with get_context("fork").Pool(processes, initializer=_init_worker) as pool:
        pool.map(_score_chunk, [chunks[0]] * processes)
        start = time.perf_counter()
        done = sum(pool.map(_score_chunk, chunks * 2, chunksize=1))
        seconds = time.perf_counter() - start
    return {"processes": processes, "per_second": done / seconds, "n": done}


def memory_and_load() -> dict[str, float]:
    probe = subprocess.run([sys.executable, str(ROOT / "bench" / "memory_probe.py")], capture_output=True,
                           text=True, check=True, cwd=ROOT)
    return json.loads(probe.stdout.strip().splitlines()[-1])


def length_curve(moderator: Moderator, texts: list[str], lengths: Sequence[int], words_per_point: int) -> list[dict]:
    """Comments of exactly N words (real words, taken in order from the corpus), scored in batches."""
    words = " ".join(texts).split()
    out = []
    for n_words in lengths:
        count = max(3, words_per_point // n_words)
        docs = [" ".join(words[(i * n_words) % (len(words) - n_words):][:n_words]) for i in range(count)]
        measured = rate(lambda d=docs: _fresh(moderator).score(d), len(docs))
        out.append({"words": n_words, "comments": count, **measured,
                    "words_per_cpu_second": measured["per_cpu_second"] * n_words})
    return out


def batch_curve(moderator: Moderator, texts: list[str], sizes: Sequence[int], per_point: int) -> list[dict]:
    out = []
    for size in sizes:
        total = max(size, per_point)
        batches = [texts[(i * size) % len(texts):][:size] for i in range(max(1, total // size))]
        batches = [b if len(b) == size else (b + texts)[:size] for b in batches]

        def run(bs: list[list[str]] = batches) -> None:
            for batch in bs:
                _fresh(moderator).score(batch)

        out.append({"batch": size, **rate(run, sum(map(len, batches)), 1)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="comments in the fixed corpus")
    parser.add_argument("--explain", type=int, default=200, help="comments timed with explanations on")
    parser.add_argument("--baseline-rows", type=int, default=5000, help="baseline training rows (speed only)")
    parser.add_argument("--quick", action="store_true", help="smaller curves, no peers, no all-core run")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    texts = fixed_corpus(args.n)
    load_avg_before = os.getloadavg()
    os.sched_setaffinity(0, {0})
    moderator = Moderator.load()
    moderator.score(texts[:10])
    rows = ours(moderator, texts, args.explain)
    rows |= sklearn_path(texts[: min(len(texts), 2000)])
    rows |= baseline(texts, args.baseline_rows)
    notes = []
    if not args.quick:
        from moderation.data import load_incivility

        train = load_incivility(sources=("c3",)).split("train").dropna(subset=["incivility"]).head(2000)
        peer_rows, notes = peers(texts, (train["text"].tolist(), train["incivility"].astype(int).tolist()))
        rows |= peer_rows
    words_point, per_point = (20_000, 1_000) if args.quick else (100_000, 2_000)
    curves = {"length": length_curve(moderator, texts, (10, 100, 1000, 5000), words_point),
              "batch": batch_curve(moderator, texts, (1, 10, 100, 1000, 10_000), per_point)}
    multi = None if args.quick else all_cores(texts, os.cpu_count() or 1)
    report = {"model": moderator.version, "n_comments": len(texts), "rows": rows, "all_cores": multi,
              "memory_and_load": memory_and_load(), "curves": curves, "notes": notes,
              "load_average_before": load_avg_before, "load_average_after": os.getloadavg(),
              "mean_chars": float(np.mean([len(t) for t in texts]))}
    print_tables(report)
    plot_curves(curves, out)
    (out / "throughput.json").write_text(json.dumps(report, indent=2))
    print(f"wrote {out / 'throughput.json'} and {out}/throughput_length.png, throughput_batch.png")


if __name__ == "__main__":
    main()

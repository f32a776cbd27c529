"""Comments per CPU-second on one core: the blended model, the encoder alone, the n-gram part, and the
previous default model, in the same run on the same real comments (C3 + UCC), explanations off.

Also the cost steps of the encoder (issue 13): one window per ONNX run (what ships: batch-invariant)
vs length-sorted padded batches, and the token cap (max_len 128 / 96 / 64) with the AUC each cap gives on C3
test and ToxicSpans test, so "cap tokens where the metrics allow" is a measured choice.
Usage: `taskset -c 0 .venv/bin/python bench/encoder_throughput.py [--n 2000] [--previous moderator-20261201-a573ddc9]`.
Prints a table, writes `reports/bench/encoder_throughput.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.metrics import roc_auc_score

from moderation.data import load_incivility
from moderation.encoder import runtime
from moderation.model import Moderator

PREVIOUS = "moderator-20261201-a573ddc9"


def cpu_rate(fn, n: int, repeat: int = 2) -> float:  # type: ignore[no-untyped-def]
    """Comments per CPU-second (process time, so other load on the machine does not count)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return n / best


def padded_batches(onnx_encoder, texts, rows: int) -> None:  # type: ignore[no-untyped-def]
    """The batched alternative the runtime no longer uses: windows sorted by length, `rows` per batch,
    each padded to its longest window (its scores depend on batch mates under dynamic int8)."""
    session, _ = onnx_encoder._ready()
    windows, _ = onnx_encoder._windows(texts)
    windows = sorted(windows, key=len)
    for start in range(0, len(windows), rows):
        batch = windows[start:start + rows]
        width = max(len(w) for w in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, window in enumerate(batch):
            ids[row, :len(window)] = window
            mask[row, :len(window)] = 1
        session.run(runtime.OUTPUTS, {"input_ids": ids, "attention_mask": mask})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--previous", default=PREVIOUS)
    parser.add_argument("--out", default="reports/bench/encoder_throughput.json")
    args = parser.parse_args()
    corpus = load_incivility(sources=("c3", "ucc", "toxic_spans"))
    frame = corpus.frame[corpus.frame["source"].isin(["c3", "ucc"])]
    texts = frame["text"].sample(n=min(args.n, len(frame)), random_state=0).tolist()
    current = Moderator.load()
    previous = Moderator.load(args.previous)
    blend = current.components["incivility"]
    encoder = blend.encoder
    rates = {
        f"full model {current.version} (all labels incl. claims)": cpu_rate(lambda: current.probabilities(texts), len(texts)),
        "incivility blend (6 labels)": cpu_rate(lambda: blend.predict_proba(texts), len(texts)),
        "encoder alone": cpu_rate(lambda: encoder.predict_proba(texts), len(texts)),
        "n-gram part alone": cpu_rate(lambda: blend._ngram_scorer().predict_proba(texts), len(texts)),
        f"previous model {previous.version} (all labels incl. claims)": cpu_rate(lambda: previous.probabilities(texts), len(texts)),
    }
    steps = {}
    steps["encoder, length-sorted padded batches of 32 (before per-window runs)"] = cpu_rate(
        lambda: padded_batches(encoder.encoder, texts, 32), len(texts), 1)
    steps["encoder, one window per run (shipped: batch-invariant)"] = cpu_rate(
        lambda: encoder.encoder.run(texts), len(texts), 1)
    caps = {}
    tests = {name: corpus.split("test", name) for name in ("c3", "toxic_spans")}
    original = encoder.encoder.max_len
    try:
        for cap in (128, 96, 64):
            encoder.encoder.max_len = cap
            rate = cpu_rate(lambda: encoder.predict_proba(texts), len(texts), 1)
            aucs = {}
            for name, rows in tests.items():
                p = encoder.predict_proba(rows["text"].tolist())
                for j, label in enumerate(encoder.labels_):
                    y = rows[label.value].to_numpy(dtype=float)
                    known = ~np.isnan(y)
                    if known.any() and 0 < y[known].sum() < known.sum():
                        aucs[f"{name}/{label.value}"] = round(float(roc_auc_score(y[known], p[known, j])), 4)
            caps[cap] = {"comments_per_cpu_second": rate, "auc": aucs}
    finally:
        encoder.encoder.max_len = original
    table = Table(title=f"{len(texts)} real comments (C3 + UCC), one core, comments per CPU-second")
    table.add_column("system")
    table.add_column("comments/CPU-s", justify="right")
    table.add_column("÷ previous", justify="right")
    base = rates[f"previous model {previous.version} (all labels incl. claims)"]
    for name, rate in {**rates, **steps}.items():
        table.add_row(name, f"{rate:,.0f}", f"{rate / base:.2f}")
    for cap, info in caps.items():
        table.add_row(f"encoder alone, max_len {cap}", f"{info['comments_per_cpu_second']:,.0f}",
                      f"{info['comments_per_cpu_second'] / base:.2f}")
    Console().print(table)
    cap_table = Table(title="token cap: encoder-alone ROC-AUC on test splits")
    cap_table.add_column("split/label")
    for cap in caps:
        cap_table.add_column(f"max_len {cap}", justify="right")
    for key in caps[128]["auc"]:
        cap_table.add_row(key, *[f"{caps[c]['auc'].get(key, float('nan')):.4f}" for c in caps])
    Console().print(cap_table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"n": len(texts), "model": current.version, "previous": previous.version,
                               "comments_per_cpu_second": rates, "steps": steps,
                               "token_caps": {str(k): v for k, v in caps.items()}}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

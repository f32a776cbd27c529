"""Check that every offline peer really runs here, on real comments: ROC-AUC on SFU-CTC plus speed.

Runs in the core environment (`.venv/bin/python bench/peers/ctc_check.py`) through
`moderation.peers`, exactly as the evaluation and throughput benchmarks will. Prints a table and
writes JSON (default `reports/peers/ctc_check.json`).

Data: SFU-CTC (1,121 Globe and Mail comments), uncivil = `is_toxic_popular_answer_1 >= 2`, used
whole as a test set. The trained peer (MiniLM + LR) is fitted on C3 (Globe and Mail, uncivil =
`crowd_toxicity_level >= 2`) with every comment whose normalised text is also in CTC removed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from sklearn.metrics import average_precision_score, roc_auc_score
from tqdm import tqdm

from moderation.config import get_settings
from moderation.peers import PeerThroughput, available_peers, peer_throughput, score_with_peer

CTC = Path("incivility/sfu_ctc_constructiveness_toxicity/SFU_constructiveness_toxicity.csv")
C3 = Path("claims/c3_constructive_comments/C3_anonymized.csv")


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_ctc(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """Texts and the 1-4 toxicity rating; >= 2 (mildly toxic or worse) is the headline label."""
    frame = pd.read_csv(data_dir / CTC).dropna(subset=["comment"])
    return frame["comment"].astype(str).tolist(), frame["is_toxic_popular_answer_1"].to_numpy(int)


def load_c3_without(data_dir: Path, exclude: list[str]) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(data_dir / C3).dropna(subset=["comment_text", "crowd_toxicity_level"])
    excluded = {normalised(t) for t in exclude}
    frame = frame[~frame["comment_text"].astype(str).map(normalised).isin(excluded)]
    return frame["comment_text"].astype(str).tolist(), (frame["crowd_toxicity_level"] >= 2).to_numpy(int)


def evaluate_peer(peer: str, texts: list[str], ratings: np.ndarray, train: tuple[list[str], np.ndarray],
                  threads: list[int]) -> dict[str, object]:
    train_texts, train_labels = train if peer == "minilm_lr" else (None, None)
    start = time.perf_counter()
    scores = score_with_peer(peer, texts, train_texts, train_labels)
    row: dict[str, object] = {"peer": peer, "score_wall_seconds": time.perf_counter() - start}
    if scores is None:
        return {**row, "error": "did not run (see log)"}
    labels = ratings >= 2
    row |= {"roc_auc": roc_auc_score(labels, scores),
            "average_precision": average_precision_score(labels, scores),
            "roc_auc_toxic_ge3": roc_auc_score(ratings >= 3, scores)}
    for n in threads:
        speed: PeerThroughput | None = peer_throughput(peer, texts, train_texts, train_labels, threads=n)
        row[f"comments_per_second_{n}t"] = speed.comments_per_second if speed else None
        row[f"comments_per_cpu_second_{n}t"] = speed.comments_per_cpu_second if speed else None
        row[f"load_seconds_{n}t"] = speed.load_seconds if speed else None
    return row


def _rate(value: object) -> str:
    return f"{value:,.0f}" if isinstance(value, float) else "n/a"


def print_table(rows: list[dict[str, object]], threads: list[int]) -> None:
    table = Table(title="Offline peers on SFU-CTC (1,121 comments, uncivil = toxicity >= 2)")
    speed_columns = [f"wall c/s {n}t" for n in threads] + [f"CPU c/s {n}t" for n in threads]
    for column in ["peer", "ROC-AUC", "AP", "AUC (>=3)", *speed_columns, "load s"]:
        table.add_column(column, justify="left" if column == "peer" else "right")
    for row in rows:
        if "error" in row:
            table.add_row(str(row["peer"]), str(row["error"]), *["" for _ in range(3 + len(speed_columns))])
            continue
        speeds = [_rate(row[f"comments_per_second_{n}t"]) for n in threads]
        speeds += [_rate(row[f"comments_per_cpu_second_{n}t"]) for n in threads]
        load = row.get(f"load_seconds_{threads[0]}t")
        table.add_row(str(row["peer"]), f"{row['roc_auc']:.3f}", f"{row['average_precision']:.3f}",
                      f"{row['roc_auc_toxic_ge3']:.3f}", *speeds,
                      f"{load:.2f}" if isinstance(load, float) else "n/a")
    Console(width=140).print(table)
    print("wall c/s: comments per wall-clock second; CPU c/s: per CPU-second of the peer's process "
          "(steadier on a shared machine; with 2 threads it sums both threads' time).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=get_settings().data_dir)
    parser.add_argument("--out", type=Path, default=get_settings().reports_dir / "peers" / "ctc_check.json")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--peers", nargs="+", default=None, help="default: every available peer")
    args = parser.parse_args()

    texts, ratings = load_ctc(args.data_dir)
    train = load_c3_without(args.data_dir, texts)
    peers = args.peers or available_peers()
    load_before = os.getloadavg()
    rows = [evaluate_peer(peer, texts, ratings, train, args.threads) for peer in tqdm(peers, desc="peers")]
    print_table(rows, args.threads)
    report = {"test": {"corpus": str(CTC), "n": len(texts), "positives": int((ratings >= 2).sum()),
                       "positives_ge3": int((ratings >= 3).sum())},
              "minilm_train": {"corpus": str(C3), "n": len(train[0]), "positives": int(train[1].sum()),
                               "excluded": "texts whose normalised form is in CTC"},
              "machine": {"cpus": os.cpu_count(), "arch": platform.machine(),
                          "python": platform.python_version(), "loadavg_before": load_before,
                          "loadavg_after": os.getloadavg()},
              "peers": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

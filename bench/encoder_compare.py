"""A candidate fine-tuned encoder against the bundled model's encoder part, on every incivility test split.

Why: a new fine-tune (another seed, more epochs) is only worth the rest of the pipeline (`blend_fit`, the
span head, the claims refit) if its encoder part ranks the test comments better than the bundled one's.
Both encoders score the same rows in the same run; ROC-AUC of the raw label logits (calibration is
monotone, so it cannot change the ranking) per test split and label, plus the validation sources the
fine-tuning reported on, so seed noise (bench/ENCODER.md: about +-0.01) can be set beside the differences.

    .venv/bin/python bench/encoder_compare.py --onnx var/encoder/X/onnx/encoder.int8.onnx \
        --model-dir var/encoder/X/model --name "2 epochs" [--sample 0] [--data-dir ../shared/data]

Prints a table and writes reports/bench/encoder_compare.json (numbers only).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from moderation.config import get_settings
from moderation.data import load_incivility
from moderation.encoder import OnnxEncoder
from moderation.evaluation.splits import INCIVILITY_TEST_SOURCES
from moderation.incivility.encoder_head import EncoderIncivility
from moderation.model import Moderator
from moderation.types import INCIVILITY_LABELS

ROOT = Path(__file__).resolve().parents[1]


def aucs(logits: np.ndarray, rows, labels) -> dict[str, float]:
    out = {}
    for j, label in enumerate(labels):
        if label.value not in rows:
            continue
        y = rows[label.value].to_numpy(dtype=np.float64)
        known = ~np.isnan(y)
        positive = y[known] >= 0.5
        if 0 < positive.sum() < known.sum():
            out[label.value] = float(roc_auc_score(positive, logits[known, j]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", type=Path, required=True)
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--name", default="candidate")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--sample", type=int, default=0, help="seeded rows per split (0 = all)")
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "bench" / "encoder_compare.json")
    args = parser.parse_args()
    data_dir = args.data_dir or get_settings().data_dir
    bundled = Moderator.load()
    blend = bundled.components["incivility"]
    heads = {"bundled": blend.encoder}
    training = json.loads((args.model_dir / "training.json").read_text())
    heads[args.name] = EncoderIncivility(
        OnnxEncoder(args.onnx.read_bytes(), (args.model_dir / "tokenizer.json").read_text(), training["max_len"],
                    len(training["labels"])), tuple(INCIVILITY_LABELS))
    corpus = load_incivility(data_dir)
    splits = {f"{s}:test": corpus.split("test", source=s) for s in INCIVILITY_TEST_SOURCES}
    validation = corpus.split("validation")
    for source in ("c3", "ucc", "toxic_spans"):
        splits[f"{source}:validation"] = validation[validation["source"] == source]
    results: dict[str, dict[str, dict[str, float]]] = {}
    seconds = {name: 0.0 for name in heads}
    for split, rows in splits.items():
        if rows.empty:
            continue
        if args.sample and len(rows) > args.sample:
            rows = rows.sample(args.sample, random_state=0)
        texts = rows["text"].tolist()
        results[split] = {}
        for name, head in heads.items():
            started = time.process_time()
            logits = head.logits(texts)
            seconds[name] += time.process_time() - started
            results[split][name] = aucs(logits, rows, head.labels_)
        print(f"scored {split} ({len(texts)} rows)", flush=True)
    print(f"\n{'split':<24} {'label':<16} {'bundled':>8} {args.name[:12]:>12} {'diff':>7}")
    diffs = []
    for split, by_name in results.items():
        for label, value in by_name["bundled"].items():
            other = by_name[args.name].get(label)
            if other is None:
                continue
            diffs.append(other - value)
            print(f"{split:<24} {label:<16} {value:>8.3f} {other:>12.3f} {other - value:>+7.3f}")
    print(f"mean diff {np.mean(diffs):+.4f}, wins {sum(d > 0 for d in diffs)} of {len(diffs)}; "
          f"CPU s: " + ", ".join(f"{k} {v:.0f}" for k, v in seconds.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"bundled": bundled.card.get("artifact", {}).get("stem") if isinstance(
        bundled.card.get("artifact"), dict) else None, "candidate": args.name, "training": {
        k: v for k, v in training.items() if k != "history"}, "auc": results,
        "mean_diff": float(np.mean(diffs)), "cpu_seconds": seconds}, indent=1))


if __name__ == "__main__":
    main()

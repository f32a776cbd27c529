"""Cheaper incivility featurisations vs the default one: AUC on every incivility test split and speed, in one table.

The speed goal (20,000 comments/s/core for all labels) leaves 50 us per comment; the compiled incivility
kernel alone spends most of its time looking up ~1,200 hashed word 1-3 and char_wb 3-5 n-grams per mean
comment in a weight table far larger than the CPU caches. The only way to make that part several times
cheaper is fewer n-grams or a smaller table -- a different model. The issue allows at most 0.005 AUC lost on
any evaluation split versus the most accurate configuration; this measures whether any cheaper
featurisation stays inside that bound.

Every configuration is fitted exactly as `moderation train` fits the bundled model (same training rows,
weights, calibration on validation, seed), differing only in the featuriser, then scored on the official
test splits by the compiled kernel. Speed is the incivility component alone (one core, CPU time) on the
`bench/throughput.py` corpus.

    .venv/bin/python bench/speed_accuracy.py [--max-train-rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np
from throughput import fixed_corpus

from moderation.config import get_settings
from moderation.data import load_incivility
from moderation.evaluation.metrics import roc_auc
from moderation.evaluation.splits import incivility_test_splits
from moderation.inference.incivility import CompiledIncivility
from moderation.train import TrainOptions, fit_incivility

CONFIGS: dict[str, dict[str, object]] = {
    "default: word 1-3 + char_wb 3-5, 2x2^19": {},
    "word 1-3 + char_wb 3-4": {"char_ngrams": (3, 4)},
    "word 1-2 + char_wb 3-4, 2x2^18": {"word_ngrams": (1, 2), "char_ngrams": (3, 4), "n_word_features": 2**18,
                                       "n_char_features": 2**18},
    "word 1-3 only": {"char_ngrams": None},
    "word 1-2 only, 2^18": {"word_ngrams": (1, 2), "char_ngrams": None, "n_word_features": 2**18},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-train-rows", type=int, default=None, help="seeded sample of the training rows")
    parser.add_argument("--speed-n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20251122, help="the bundled model's seed")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "speed_accuracy.json"))
    args = parser.parse_args()
    data_dir = get_settings().data_dir
    corpus = load_incivility(data_dir)
    splits = incivility_test_splits(data_dir)
    speed_texts = fixed_corpus(args.speed_n)
    options = TrainOptions(max_train_rows=args.max_train_rows, progress=False)
    results = []
    for name, params in CONFIGS.items():
        start = time.process_time()
        model = fit_incivility(corpus, TrainOptions(**{**options.__dict__, "model_params": params}), args.seed)
        fit_seconds = time.process_time() - start
        compiled = CompiledIncivility(model)
        compiled.predict_proba(speed_texts[:10])
        start = time.process_time()
        compiled.predict_proba(speed_texts)
        speed = len(speed_texts) / (time.process_time() - start)
        aucs = {}
        for split in splits:
            p = compiled.predict_proba(list(split.texts))
            for j, label in enumerate(model.labels_):
                target = split.targets.get(label)
                if target is None:
                    continue
                known = ~np.isnan(target)
                if len(np.unique(target[known])) == 2:
                    aucs[f"{split.name} {label.value}"] = roc_auc(target[known], p[known, j])
        results.append({"config": name, "params": {k: v for k, v in params.items()}, "fit_cpu_seconds": fit_seconds,
                        "incivility_per_cpu_second": speed, "auc": aucs})
        print(f"{name}: {speed:,.0f} comments/CPU-s (incivility only), fit {fit_seconds:.0f} CPU-s", flush=True)
    reference = results[0]["auc"]
    keys = list(reference)
    print(f"\n{'split / label':<34}" + "".join(f"{r['config'][:22]:>24}" for r in results))
    for key in keys:
        print(f"{key:<34}" + "".join(f"{r['auc'].get(key, float('nan')):>24.4f}" for r in results))
    for r in results:
        r["max_auc_loss"] = max(reference[k] - r["auc"][k] for k in keys)
    print(f"{'largest AUC loss vs default':<34}" + "".join(f"{r['max_auc_loss']:>24.4f}" for r in results))
    print(f"{'incivility comments/CPU-s':<34}" + "".join(f"{r['incivility_per_cpu_second']:>24,.0f}" for r in results))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"max_train_rows": args.max_train_rows, "seed": args.seed, "results": results},
                              indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

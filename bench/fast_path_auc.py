"""Accuracy of the compiled path vs the scikit-learn path, on every incivility evaluation split, in one table.

The compiled path is meant to compute exactly what the model computes; this shows it on the official test
splits (the ones `moderation evaluate` reports): ROC-AUC per label and split for both paths, the AUC
difference (goal: at most 0.005 lost anywhere) and the largest probability difference, plus both speeds.

    .venv/bin/python bench/fast_path_auc.py [--max-rows N]
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

import numpy as np

from moderation.config import get_settings
from moderation.evaluation.metrics import roc_auc
from moderation.evaluation.splits import incivility_test_splits
from moderation.inference.incivility import CompiledIncivility
from moderation.model import Moderator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-rows", type=int, default=None, help="seeded sample per split (default: all)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "fast_path_auc.json"))
    args = parser.parse_args()
    moderator = Moderator.load()
    model = moderator.components["incivility"]
    compiled = CompiledIncivility(model)
    rows, worst = [], 0.0
    print(f"{moderator.version}: incivility labels, scikit-learn path vs compiled path")
    print(f"{'split':<16} {'label':<16} {'n':>6} {'AUC sklearn':>12} {'AUC compiled':>13} {'diff':>9} "
          f"{'max |dp|':>9}")
    for split in incivility_test_splits(get_settings().data_dir):
        split = split.sample(args.max_rows)
        texts = list(split.texts)
        start = time.process_time()
        reference = model.predict_proba(texts)
        sklearn_seconds = time.process_time() - start
        start = time.process_time()
        fast = compiled.predict_proba(texts)
        fast_seconds = time.process_time() - start
        for j, label in enumerate(model.labels_):
            target = split.targets.get(label)
            if target is None or np.isnan(target).all():
                continue
            a, b = roc_auc(target, reference[:, j]), roc_auc(target, fast[:, j])
            dp = float(np.abs(reference[:, j] - fast[:, j]).max())
            worst = max(worst, a - b)
            rows.append({"split": split.name, "label": label.value, "n": int((~np.isnan(target)).sum()),
                         "auc_sklearn": a, "auc_compiled": b, "auc_diff": b - a, "max_prob_diff": dp,
                         "sklearn_per_cpu_second": len(texts) / sklearn_seconds,
                         "compiled_per_cpu_second": len(texts) / fast_seconds})
            print(f"{split.name:<16} {label.value:<16} {rows[-1]['n']:>6} {a:>12.4f} {b:>13.4f} {b - a:>+9.5f} "
                  f"{dp:>9.1e}")
        print(f"{'':<16} speed (incivility, CPU time): scikit-learn {len(texts) / sklearn_seconds:,.0f}/s, "
              f"compiled {len(texts) / fast_seconds:,.0f}/s")
    print(f"largest AUC loss of the compiled path: {worst:.5f} (goal <= 0.005)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": moderator.version, "rows": rows, "max_auc_loss": worst}, indent=2))


if __name__ == "__main__":
    main()

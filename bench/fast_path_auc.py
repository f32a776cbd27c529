"""Accuracy of the fast path vs the scikit-learn path, on every evaluation split and label, in one table.

The fast path (compiled incivility kernel; claims heads as one weight matrix with compiled neighbour
features) is meant to compute exactly what the model computes. This shows it on the test splits
`moderation evaluate` reports, scored the way it scores them (`ModeratorSystem`: CDCP's gold
propositions inside their comment): ROC-AUC per label and split for both paths, the difference (goal:
at most 0.005 lost anywhere) and the largest probability difference, plus both speeds.
`MODERATION_FAST_PATH=0` is the scikit-learn path: scikit-learn's HashingVectorizer + LogisticRegression
for incivility, scipy matrices + `LogisticRegression` heads for claims. (Pieces both paths share -- cue
bitmasks, the numpy TF-IDF, Punkt without nltk's timeout wrapper -- are compared with their plain
references in tests/test_claims_fast.py.)

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
from moderation.evaluation.splits import EvalSplit, all_test_splits
from moderation.evaluation.systems import ModeratorSystem
from moderation.model import Moderator


def scored(split: EvalSplit, fast: bool) -> tuple[dict, float]:
    """Scores of every label on `split` by a freshly loaded Moderator on one path, and CPU seconds."""
    os.environ["MODERATION_FAST_PATH"] = "1" if fast else "0"
    system = ModeratorSystem(Moderator.load())
    system.moderator.score(["warm up"])
    start = time.process_time()
    if split.groups is not None:
        out = system.score_grouped(split.texts, split.groups)
    else:
        out = system.score(split.texts)
    return out, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-rows", type=int, default=None, help="seeded sample per split (default: all)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "fast_path_auc.json"))
    args = parser.parse_args()
    notes: list[str] = []
    splits = all_test_splits(get_settings().data_dir, notes)
    rows, speeds, worst, version = [], [], 0.0, Moderator.load().version
    print(f"{version}: scikit-learn path (MODERATION_FAST_PATH=0) vs fast path, whole test splits")
    print(f"{'split':<18} {'label':<18} {'n':>6} {'AUC sklearn':>12} {'AUC fast':>9} {'diff':>9} {'max |dp|':>9}")
    for split in splits:
        split = split.sample(args.max_rows)
        reference, slow_seconds = scored(split, fast=False)
        fast, fast_seconds = scored(split, fast=True)
        speeds.append({"split": split.name, "n": len(split), "sklearn_per_cpu_second": len(split) / slow_seconds,
                       "fast_per_cpu_second": len(split) / fast_seconds})
        for label, target in split.targets.items():
            known = ~np.isnan(target)
            if label not in fast or len(np.unique(target[known])) < 2:
                continue
            a, b = roc_auc(target[known], reference[label][known]), roc_auc(target[known], fast[label][known])
            dp = float(np.nanmax(np.abs(reference[label] - fast[label])))
            worst = max(worst, a - b)
            rows.append({"split": split.name, "label": label.value, "n": int(known.sum()), "auc_sklearn": a,
                         "auc_fast": b, "auc_diff": b - a, "max_prob_diff": dp})
            print(f"{split.name:<18} {label.value:<18} {rows[-1]['n']:>6} {a:>12.4f} {b:>9.4f} {b - a:>+9.5f} "
                  f"{dp:>9.1e}")
        print(f"{'':<18} all labels, CPU time: scikit-learn {speeds[-1]['sklearn_per_cpu_second']:,.0f}/s, "
              f"fast {speeds[-1]['fast_per_cpu_second']:,.0f}/s")
    os.environ.pop("MODERATION_FAST_PATH")
    for note in notes:
        print(f"note: {note}")
    print(f"largest AUC loss of the fast path: {worst:.5f} (goal <= 0.005)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": version, "rows": rows, "speeds": speeds, "max_auc_loss": worst,
                               "notes": notes}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""Threat phrases (`moderation.threats`) beside the bundled model's threat head, on real comments.

- ToxicSpans SemEval-2021 *test* posts (Civil Comments news comments, all flagged toxic by a rater):
  precision and recall against the label the model is calibrated to (a majority of raters marked a
  "threat" span), and the share of matches where at least one rater marked a threat span;
- C3 *test* comments (ordinary news comments): the share the table would send to review (queue cost);
- for comparison, the model's threat head at its shipped threshold, and the union the policy applies.
The table was written from general knowledge before this was run; nothing here tunes it.

    .venv/bin/python bench/threat_phrases.py     # table on stdout, JSON in reports/bench/threat_phrases.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderation.data.splits import load_incivility
from moderation.data.toxic_spans import TOXIC_SPANS_FILE
from moderation.model import Moderator
from moderation.threats import ThreatRules
from moderation.types import Label


def _rates(hit: np.ndarray, positive: np.ndarray, any_rater: np.ndarray | None = None) -> dict[str, float]:
    out = {"flagged": int(hit.sum()), "flagged_share": float(hit.mean()) if len(hit) else 0.0,
           "positives": int(positive.sum()),
           "precision": float(positive[hit].mean()) if hit.any() else float("nan"),
           "recall": float(hit[positive].mean()) if positive.any() else float("nan")}
    if any_rater is not None:
        out["any_rater_threat_share"] = float(any_rater[hit].mean()) if hit.any() else float("nan")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench" / "threat_phrases.json")
    parser.add_argument("--c3-rows", type=int, default=0, help="seeded sample of C3 test (0 = all)")
    args = parser.parse_args()
    if not args.data_dir.is_dir():
        sys.exit(f"error: {args.data_dir} is not a folder (give --data-dir).")
    rules = ThreatRules("en")
    moderator = Moderator.load(args.model)
    threshold = moderator.thresholds[Label.THREAT]
    threat_column = moderator.labels.index(Label.THREAT)

    posts = pd.read_csv(args.data_dir / TOXIC_SPANS_FILE)
    posts = posts[posts.semeval2021_split == "test"].reset_index(drop=True)
    c3 = load_incivility(args.data_dir, sources=("c3",)).split("test")
    if args.c3_rows:
        c3 = c3.sample(min(args.c3_rows, len(c3)), random_state=0).reset_index(drop=True)
    rows = []
    for name, texts, positive, any_rater in (
        ("toxic_spans:test", posts.comment_text.tolist(), (posts.frac_threat >= 0.5).to_numpy(),
         (posts.frac_threat > 0).to_numpy()),
        ("c3:test", c3.text.tolist(), np.zeros(len(c3), bool), None),
    ):
        table = np.array([bool(rules.matches(t)) for t in texts])
        model = moderator.probabilities(texts)[:, threat_column] >= threshold
        for system, hit in (("threat head >= threshold", model), ("threat phrases", table),
                            ("either (the policy)", model | table)):
            rows.append({"data": name, "system": system, "n": len(texts), **_rates(hit, positive, any_rater)})
    print(f"model {moderator.version}, threat threshold {threshold:.3f}\n")
    print("| data | system | n | flagged (share) | precision | recall | any rater marked a threat |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        extra = f"{r['any_rater_threat_share']:.2f}" if "any_rater_threat_share" in r else "–"
        precision = "–" if r["data"].startswith("c3") else f"{r['precision']:.2f}"
        recall = "–" if r["data"].startswith("c3") else f"{r['recall']:.2f}"
        print(f"| {r['data']} | {r['system']} | {r['n']} | {r['flagged']} ({r['flagged_share']:.2%}) | {precision} "
              f"| {recall} | {extra} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": moderator.version, "threshold": threshold, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()

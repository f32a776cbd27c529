"""Which test comments the denied-insult step (`moderation.negation`) rescores, and what it does to them.

It rescores only comments that deny an insult ("not an idiot"), so its whole effect on a test split is on
those rows: this prints, per incivility test split, how many rows deny one, how many of them are labelled
uncivil, and their mean incivility probability and flags at the shipped threshold with and without the step
(the bundled model, both ways in the same run). JSON to `reports/negation_effect.json`.

    MODERATION_DATA_DIR=../shared/data .venv/bin/python bench/negation_effect.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from moderation.config import get_settings
from moderation.evaluation.splits import incivility_test_splits
from moderation.model import Moderator, get_moderator
from moderation.negation import without_denied_insults
from moderation.types import Label


def main() -> None:
    moderator = get_moderator()
    threshold = moderator.thresholds[Label.INCIVILITY]
    column = moderator.labels.index(Label.INCIVILITY)
    rows = []
    for split in incivility_test_splits(Path(get_settings().data_dir)):
        target = split.targets.get(Label.INCIVILITY)
        hits = [i for i, text in enumerate(split.texts) if without_denied_insults(text) is not None]
        texts = [split.texts[i] for i in hits]
        with_step = moderator.probabilities(texts)[:, column] if texts else np.zeros(0)
        without = Moderator.__new__(Moderator)
        without.__dict__.update(moderator.__dict__)
        without._take_back_denials = lambda *args: None  # type: ignore[method-assign]
        without_step = without.probabilities(texts)[:, column] if texts else np.zeros(0)
        labelled = target[hits] if target is not None and hits else np.zeros(0)
        uncivil = labelled >= 0.5
        rows.append({
            "split": split.name, "rows": len(split), "denying": len(hits),
            "denying_uncivil": int(uncivil.sum()), "denying_civil": int((labelled < 0.5).sum()),
            "mean_p_without": float(without_step.mean()) if len(hits) else None,
            "mean_p_with": float(with_step.mean()) if len(hits) else None,
            "flagged_uncivil_without": int((without_step[uncivil] >= threshold).sum()),
            "flagged_uncivil_with": int((with_step[uncivil] >= threshold).sum()),
            "flagged_civil_without": int((without_step[labelled < 0.5] >= threshold).sum()),
            "flagged_civil_with": int((with_step[labelled < 0.5] >= threshold).sum()),
        })
    print(f"{'split':28} {'rows':>6} {'deny':>5} {'unciv':>5} {'civil':>5}  p without -> with   "
          f"flagged uncivil  flagged civil")
    for r in rows:
        p = f"{r['mean_p_without']:.3f} -> {r['mean_p_with']:.3f}" if r["denying"] else "      n/a     "
        print(f"{r['split']:28} {r['rows']:6d} {r['denying']:5d} {r['denying_uncivil']:5d} {r['denying_civil']:5d}"
              f"  {p}   {r['flagged_uncivil_without']:3d} -> {r['flagged_uncivil_with']:3d}"
              f"       {r['flagged_civil_without']:3d} -> {r['flagged_civil_with']:3d}")
    out = Path(get_settings().reports_dir) / "negation_effect.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": moderator.version, "threshold": threshold, "splits": rows}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()

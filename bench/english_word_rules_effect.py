"""What normalisation rules 6 and 7 (disguised ordinary words: "nati.onal", "plac3") do to real test comments.

The rules change a text only where they rewrite a word, so their whole effect on a test split is on the rows
they change: this prints, per incivility test split, how many rows they change, how many of them are labelled
uncivil, the rewrites, and the rows' mean incivility probability and flags at the shipped threshold with and
without the rules (the bundled model, both ways in the same run), plus ROC-AUC of the whole split both ways.
JSON to `reports/english_word_rules_effect.json`.

    MODERATION_DATA_DIR=../shared/data .venv/bin/python bench/english_word_rules_effect.py
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

import moderation.inference.normalise as fast_normalise
import moderation.text as text_module
from moderation.config import get_settings
from moderation.evaluation.splits import incivility_test_splits
from moderation.model import get_moderator
from moderation.types import INCIVILITY_LABELS, Label


@contextmanager
def without_english_word_rules() -> Iterator[None]:
    saved = text_module.WORD_RULES
    reduced = tuple(rule for rule in saved if rule not in text_module.ENGLISH_WORD_RULES)
    assert len(reduced) == len(saved) - len(text_module.ENGLISH_WORD_RULES), "rules 6 and 7 are not word rules"
    text_module.WORD_RULES = fast_normalise.WORD_RULES = reduced
    try:
        yield
    finally:
        text_module.WORD_RULES = fast_normalise.WORD_RULES = saved


def _auc(target: np.ndarray, p: np.ndarray) -> float | None:
    known = ~np.isnan(target)
    y = target[known] >= 0.5
    return float(roc_auc_score(y, p[known])) if 0 < y.sum() < len(y) else None


def main() -> None:
    moderator = get_moderator()
    threshold = moderator.thresholds[Label.INCIVILITY]
    labels = [label for label in moderator.labels if label in INCIVILITY_LABELS]
    rows = []
    for split in incivility_test_splits(Path(get_settings().data_dir)):
        with without_english_word_rules():
            before_text = [text_module.normalise(t) for t in split.texts]
        hits = [i for i, t in enumerate(split.texts) if text_module.normalise(t) != before_text[i]]
        joins: Counter[str] = Counter()
        for i in hits:
            before, after = before_text[i].split(), text_module.normalise(split.texts[i]).split()
            joins.update(f"{a}->{b}" for a, b in zip(before, after) if a != b)
        texts = [split.texts[i] for i in hits]
        with_rule = moderator.probabilities(texts) if texts else np.zeros((0, len(moderator.labels)))
        with without_english_word_rules():
            without = moderator.probabilities(texts) if texts else np.zeros((0, len(moderator.labels)))
            full = moderator.probabilities(list(split.texts))
        full_with = full.copy()
        full_with[hits] = with_rule
        column = moderator.labels.index(Label.INCIVILITY)
        target = split.targets.get(Label.INCIVILITY)
        labelled = target[hits] if target is not None and hits else np.zeros(0)
        uncivil, civil = labelled >= 0.5, labelled < 0.5
        aucs = {}
        for label in labels:
            if label in split.targets:
                j = moderator.labels.index(label)
                aucs[label.value] = {"without": _auc(split.targets[label], full[:, j]),
                                     "with": _auc(split.targets[label], full_with[:, j])}
        rows.append({
            "split": split.name, "rows": len(split), "changed": len(hits),
            "changed_uncivil": int(uncivil.sum()), "changed_civil": int(civil.sum()),
            "joins": dict(joins.most_common()),
            "mean_p_without": float(without[:, column].mean()) if hits else None,
            "mean_p_with": float(with_rule[:, column].mean()) if hits else None,
            "flagged_uncivil_without": int((without[:, column][uncivil] >= threshold).sum()) if hits else 0,
            "flagged_uncivil_with": int((with_rule[:, column][uncivil] >= threshold).sum()) if hits else 0,
            "flagged_civil_without": int((without[:, column][civil] >= threshold).sum()) if hits else 0,
            "flagged_civil_with": int((with_rule[:, column][civil] >= threshold).sum()) if hits else 0,
            "auc": aucs,
        })
    print(f"{'split':28} {'rows':>6} {'chg':>4} {'unciv':>5}  p without -> with   flagged uncivil  "
          f"flagged civil  max |dAUC|  joins")
    for r in rows:
        p = f"{r['mean_p_without']:.3f} -> {r['mean_p_with']:.3f}" if r["changed"] else "      n/a     "
        deltas = [abs(v["with"] - v["without"]) for v in r["auc"].values() if v["with"] is not None]
        print(f"{r['split']:28} {r['rows']:6d} {r['changed']:4d} {r['changed_uncivil']:5d}  {p}   "
              f"{r['flagged_uncivil_without']:3d} -> {r['flagged_uncivil_with']:3d}       "
              f"{r['flagged_civil_without']:3d} -> {r['flagged_civil_with']:3d}     "
              f"{max(deltas, default=0.0):.4f}   {', '.join(list(r['joins'])[:6])}")
    out = Path(get_settings().reports_dir) / "english_word_rules_effect.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": moderator.version, "threshold": threshold, "splits": rows}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()

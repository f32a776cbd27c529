"""End-to-end retraining demo: a newsroom whose norms differ from the base model teaches it, and the gate
refuses a poisoned batch. Prints a table, writes JSON to reports/retrain_demo.json.

The newsroom: SFU-CTC (1,121 Globe and Mail comments, toxicity rated 1-4; "mildly toxic" = frustration
and anger counts as uncivil here, a stricter norm than the base corpora's). IN THIS DEMO CTC IS THE
NEWSROOM'S OWN DATA: its comments arrive as moderator verdicts, in file order (which is article order),
into a temporary SQLite feedback store through the store API; the earlier 70 % train the candidate, the
later 30 % (mostly other articles) are the held-out slice. In `moderation train` CTC is a cross-corpus
test set; here its earlier slice is trained on, so the frozen `sfu_ctc:test` shrinks to the texts not
trained on (the retrain job removes trained texts from every frozen set, and reports how many).

Scenarios, each on a fresh copy of the bundled current model in a temporary models folder:
- `honest`: verdicts = CTC labels (`is_toxic_popular_answer_1 >= 2` -> reject, else approve).
- `poisoned`: the same verdicts with every decision flipped (held-out slice included).
- `poisoned-train` (with --poison-train): only verdicts before the held-out cutoff flipped.

    .venv/bin/python bench/retrain_demo.py [--scenarios honest,poisoned] [--feedback-weight W]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moderation.artifact import CURRENT_FILE
from moderation.config import get_settings
from moderation.data import load_incivility
from moderation.data.sfu_ctc import load as load_ctc
from moderation.feedback import Feedback, FeedbackStore
from moderation.retrain.config import get_gate_config
from moderation.retrain.job import RetrainOptions, RetrainResult, retrain
from moderation.types import Decision

AS_OF = datetime(2026, 12, 1, tzinfo=UTC)  # the card's time: fixed, so reruns give byte-identical cards
HOLDOUT = 0.3


def copy_current(source: Path, target: Path) -> str:
    """A private models folder holding only the current artifact (the demo never touches models/)."""
    stem = (source / CURRENT_FILE).read_text(encoding="utf-8").strip()
    target.mkdir(parents=True)
    for suffix in (".joblib", ".json", ".md"):
        shutil.copy2(source / f"{stem}{suffix}", target / f"{stem}{suffix}")
    (target / CURRENT_FILE).write_text(stem + "\n", encoding="utf-8")
    return stem


def feed(url: str, ctc: Any, flip_first: int) -> None:
    """One verdict per CTC comment, in file order; the first `flip_first` decisions flipped."""
    store = FeedbackStore(url)
    try:
        for i, row in enumerate(ctc.itertuples(index=False)):
            uncivil = bool(row.incivility == 1.0) != (i < flip_first)
            store.upsert(Feedback(comment_id=str(row.group), moderator_id=f"desk-{i % 3}", text=str(row.text),
                                  decision=Decision.REJECT if uncivil else Decision.APPROVE, site_id="globe"))
    finally:
        store.close()


def run(name: str, flip_first: int, ctc: Any, corpus: Any, workdir: Path, weight: float | None) -> dict[str, Any]:
    models = workdir / name / "models"
    copy_current(get_settings().models_dir, models)
    url = f"sqlite:///{workdir / name / 'feedback.db'}"
    started = time.perf_counter()
    feed(url, ctc, flip_first)
    feed_seconds = time.perf_counter() - started
    gate = get_gate_config()
    gate = replace(gate, holdout_fraction=HOLDOUT, **({"feedback_weight": weight} if weight else {}))
    print(f"\n== {name}: {len(ctc)} verdicts fed in {feed_seconds:.1f} s; retraining", file=sys.stderr)
    result = retrain(RetrainOptions(feedback_url=url, models_dir=models, gate=gate, as_of=AS_OF), corpus=corpus)
    return describe(name, result, models)


def describe(name: str, result: RetrainResult, models: Path) -> dict[str, Any]:
    card_sha = None
    if result.promoted:
        card_sha = hashlib.sha256((models / f"{result.promoted}.json").read_bytes()).hexdigest()
    return {"scenario": name, "promoted": result.promoted, "current": result.current,
            "decision": "promote" if result.decision.promote else "refused", "step_seconds": result.step_seconds,
            "reasons": list(result.decision.reasons), "seconds": result.seconds, "card_sha256": card_sha,
            "feedback": result.retraining["feedback"], "removed_from_frozen": result.retraining["removed_from_frozen"],
            "data_hash": result.retraining["data_hash"], "checks": [c.as_dict() for c in result.decision.checks],
            "current_metrics": result.measured["current"], "candidate_metrics": result.measured["candidate"]}


def table(report: dict[str, Any]) -> str:
    """Incivility ROC-AUC / AP per evaluation set, plus the fairness minima: current vs candidate."""
    now, new = report["current_metrics"], report["candidate_metrics"]
    lines = [f"{report['scenario']}: {report['decision'].upper()} ({report['seconds']:.0f} s)",
             f"{'set':<22}{'n':>6}{'pos':>5}  {'AUC now':>8}{'AUC new':>8}{'delta':>8}  {'AP now':>7}{'AP new':>7}"]
    for split, labels in now["splits"].items():
        a, b = labels.get("incivility"), new["splits"].get(split, {}).get("incivility")
        if a and b:
            label = split + (" (newsroom later)" if split == "feedback:held_out" else "")
            lines.append(f"{label:<22}{a['n']:>6}{a['positives']:>5}  {a['roc_auc']:>8.4f}{b['roc_auc']:>8.4f}"
                         f"{b['roc_auc'] - a['roc_auc']:>+8.4f}  {a['average_precision']:>7.4f}"
                         f"{b['average_precision']:>7.4f}")
    for metric in ("min_bpsn_auc", "min_subgroup_auc", "min_bnsp_auc"):
        a, b = now["fairness"].get(metric), new["fairness"].get(metric)
        if a is not None and b is not None:
            lines.append(f"{'fairness ' + metric:<33}{a:>8.4f}{b:>8.4f}{b - a:>+8.4f}")
    failed = [c for c in report["checks"] if not c["passed"]]
    lines.append(f"gate checks: {len(report['checks'])}, failed: {len(failed)}")
    lines += [f"  refused because {reason}" for reason in report["reasons"]] if failed else []
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", default="honest,poisoned", help="honest, poisoned, poisoned-train")
    parser.add_argument("--feedback-weight", type=float, default=None, help="default: the gate config's")
    args = parser.parse_args()
    settings = get_settings()
    print("NOTE: in this demo SFU-CTC is the newsroom's own data (its verdicts), not a cross-corpus test set.")
    ctc = load_ctc(settings.data_dir)
    corpus = load_incivility(settings.data_dir)
    n_train = int(len(ctc) * (1 - HOLDOUT))
    flips = {"honest": 0, "poisoned": len(ctc), "poisoned-train": n_train}
    reports = []
    with tempfile.TemporaryDirectory(prefix="retrain-demo-") as tmp:
        for name in args.scenarios.split(","):
            if name not in flips:
                parser.error(f"unknown scenario {name!r}; use {', '.join(flips)}")
            reports.append(run(name, flips[name], ctc, corpus, Path(tmp), args.feedback_weight))
            print(table(reports[-1]))
            print(f"  frozen rows removed (trained on): {reports[-1]['removed_from_frozen']}; "
                  f"card sha256 {reports[-1]['card_sha256']}", flush=True)
            write(settings.reports_dir / "retrain_demo.json", reports)


def write(out: Path, reports: list[dict[str, Any]]) -> None:
    """After every scenario, so a long run that is stopped keeps what it measured."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"note": "SFU-CTC is the newsroom's own data in this demo", "as_of": AS_OF.isoformat(),
                               "holdout_fraction": HOLDOUT, "scenarios": reports}, indent=2, default=str) + "\n")
    print(f"wrote {out}", flush=True)


if __name__ == "__main__":
    main()

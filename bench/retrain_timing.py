"""How long `moderation retrain` takes with N feedback rows (default 10,000) on this machine.

Verdict texts: the first N Davidson et al. tweets (`incivility/davidson_hate_offensive_tweets`, a corpus
the base model never uses; class 0/1 -> reject, 2 -> approve), bulk-inserted into a temporary SQLite
feedback store one second apart. The retrain runs as `--dry-run` against a private copy of the current
model (measures and gates everything, writes nothing), so only the time is the result here. Prints a
table, writes reports/retrain_timing.json. Not niced: it is a timing benchmark; the load average before
and after is recorded because the machine is shared, and so is the process's CPU time (user + system),
which is what the run costs on an otherwise idle machine (scoring and fitting are single-threaded here).

    .venv/bin/python bench/retrain_timing.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrain_demo import copy_current

from moderation.config import get_settings
from moderation.feedback import FeedbackStore
from moderation.feedback.models import FeedbackRow
from moderation.retrain.job import RetrainOptions, retrain

TWEETS = "incivility/davidson_hate_offensive_tweets/labeled_data.csv"


def fill(url: str, rows: int, data_dir: Path) -> int:
    tweets = pd.read_csv(data_dir / TWEETS).head(rows)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    values = [{"site_id": "bench", "comment_id": f"t{i}", "moderator_id": "desk", "text": str(text),
               "decision": "approve" if label == 2 else "reject", "labels": None, "model_version": None,
               "created_at": start + timedelta(seconds=i), "updated_at": start + timedelta(seconds=i)}
              for i, (text, label) in enumerate(zip(tweets["tweet"], tweets["class"]))]
    store = FeedbackStore(url)
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(FeedbackRow.__table__), values)
    finally:
        store.close()
    return len(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    settings = get_settings()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="retrain-timing-") as tmp:
        models = Path(tmp) / "models"
        copy_current(settings.models_dir, models)
        url = f"sqlite:///{tmp}/feedback.db"
        n = fill(url, args.rows, settings.data_dir)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = retrain(RetrainOptions(feedback_url=url, models_dir=models, dry_run=True))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    report = {"feedback_rows": n, "trained_rows": result.retraining["feedback"]["train_rows"],
              "held_out_rows": result.retraining["feedback"]["held_out_rows"], "seconds": round(seconds, 1),
              "cpu_seconds": round(cpu_seconds, 1),
              "cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load_before],
              "load_after": [round(x, 2) for x in os.getloadavg()], "budget_seconds": 600,
              "within_budget": seconds <= 600, "step_seconds": result.step_seconds}
    print(f"{'feedback rows':<16}{'trained':>8}{'held out':>9}{'wall s':>8}{'cpu s':>7}{'cpus':>6}  load before")
    print(f"{n:<16}{report['trained_rows']:>8}{report['held_out_rows']:>9}{seconds:>8.1f}{cpu_seconds:>7.1f}"
          f"{report['cpus']:>6}  {' / '.join(str(x) for x in report['load_before'])}")
    print("steps: " + ", ".join(f"{k} {v:.0f} s" for k, v in result.step_seconds.items()))
    out = settings.reports_dir / "retrain_timing.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

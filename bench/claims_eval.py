"""Claims components side by side, one run: `.venv/bin/python bench/claims_eval.py [--new ARTIFACT]
[--previous ARTIFACT] [--out bench/claims_eval.json] [--ablate-attribution]`. Prints a Markdown table, writes JSON.

`--new`/`--previous` name artifacts in the models folder (default: new = models/current, previous =
the artifact the new one's card names as `claims_previous`, if any). See
`moderation/evaluation/claims_bench.py` for the splits and systems.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main() -> None:
    from moderation.config import get_settings
    from moderation.evaluation.claims_bench import run, table
    from moderation.model import Moderator
    from moderation.types import Label

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", default="")
    parser.add_argument("--previous", action="append", default=[])
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--out", default="bench/claims_eval.json")
    parser.add_argument("--ablate-attribution", action="store_true",
                        help="also score the new model with its claims judged on the whole attributed sentence")
    args = parser.parse_args()
    settings = get_settings()
    systems, thresholds = {}, {}
    for name, path in [("new", args.new or None), *((f"previous:{p}", p) for p in args.previous)]:
        moderator = Moderator.load(path)
        systems[name if name == "new" else f"previous {moderator.version}"] = moderator.components["claims"]
        thresholds[name if name == "new" else f"previous {moderator.version}"] = moderator.thresholds[Label.UNSUPPORTED_CLAIM]
        if name == "new":
            systems[f"new {moderator.version}"] = systems.pop("new")
            thresholds[f"new {moderator.version}"] = thresholds.pop("new")
    if args.ablate_attribution:
        moderator = Moderator.load(args.new or None)
        component = moderator.components["claims"]
        component.judge_claim_without_attribution = False
        systems[f"new {moderator.version} without the attribution cut"] = component
        thresholds[f"new {moderator.version} without the attribution cut"] = moderator.thresholds[Label.UNSUPPORTED_CLAIM]
    start = time.perf_counter()
    results = run(systems, Path(args.data_dir) if args.data_dir else settings.data_dir, thresholds,
                  lambda m: print(m, file=sys.stderr))
    results["seconds"] = time.perf_counter() - start
    print(table(results))
    Path(args.out).write_text(json.dumps(results, indent=2, default=float) + "\n")


if __name__ == "__main__":
    main()

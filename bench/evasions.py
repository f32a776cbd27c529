"""Evasion table: does the bundled model still catch uncivil comments when the toxic words are disguised?

Uncivil ToxicSpans SemEval-2021 *test* posts (non-empty human spans, a seeded sample) are scored clean and with
every word inside a human span rewritten by one trick at a time (`moderation.evaluation.obfuscate.TRICKS`);
detection = incivility probability >= the model's shipped threshold. Goal (issue 13): each trick keeps at least
90 % of the clean detection rate. A few civil probes ("You are not an idiot") are scored beside it.

    .venv/bin/python bench/evasions.py --data-dir ../shared/data --out reports/evasions.json
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderation.evaluation.robustness import EVASION_GOAL, evasion_table
from moderation.evaluation.spans import load_posts
from moderation.model import Moderator
from moderation.types import Label

PROBES = ("You are not an idiot", "I am not calling anyone stupid.", "The moron in the film is the villain's dupe.",
          "Thanks for the thoughtful reporting on this story.")


def _runs(offsets: frozenset[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(offsets):
        if runs and i == runs[-1][1]:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "evasions.json")
    parser.add_argument("--label", default="", help="a name for this run in the JSON (e.g. before/after)")
    args = parser.parse_args()
    if not args.data_dir.is_dir():
        sys.exit(f"error: data folder {args.data_dir} not found; pass --data-dir.")
    posts = [p for p in load_posts(args.data_dir, "test") if p.gold]
    chosen = sorted(np.random.default_rng(args.seed).choice(len(posts), size=min(args.posts, len(posts)),
                                                            replace=False))
    texts = [posts[i].text for i in chosen]
    ranges = [_runs(posts[i].gold) for i in chosen]
    moderator = Moderator.load()
    column = list(moderator.labels).index(Label.INCIVILITY)
    threshold = moderator.thresholds[Label.INCIVILITY]

    def score(batch: list[str]) -> np.ndarray:
        return moderator.probabilities(batch)[:, column]

    rows = evasion_table(score, threshold, texts, ranges, seed=args.seed)
    probes = dict(zip(PROBES, score(list(PROBES)).tolist()))
    print(f"model {moderator.version}, incivility threshold {threshold:.3f}, {len(texts)} uncivil test posts")
    print(f"{'trick':<22}{'clean':>8}{'disguised':>11}{'kept':>8}  goal >= {EVASION_GOAL:.0%}")
    for row in rows:
        print(f"{row.trick:<22}{row.detected_clean:>8.1%}{row.detected_obfuscated:>11.1%}{row.kept:>8.1%}  "
              f"{'ok' if row.meets_goal else 'MISSED'}")
    for text, p in probes.items():
        print(f"probe {p:.3f} {'uncivil' if p >= threshold else 'civil'}: {text}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "run": args.label, "model": moderator.version, "threshold": threshold, "posts": len(texts),
        "seed": args.seed, "rows": [asdict(r) | {"kept": r.kept, "meets_goal": r.meets_goal} for r in rows],
        "probes": probes}, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

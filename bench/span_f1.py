"""Span F1 of every explainer on ToxicSpans SemEval-2021 test, with the time one explanation takes.

Explainers, side by side in one run:
- `bundled (union)`: `Moderator.load().explain(text)`, the union of the spans of every incivility label (since
  moderator-20261202 with the span explainer: the token head + word stacker); `bundled (incivility)`: its
  incivility spans only; `previous (union)` / `(incivility)`: the same for `--previous` (e.g. the n-gram
  occlusion explainer of moderator-20261202-fbd7478c);
- `word lexicon baseline`: words inside a gold span in most of their ToxicSpans *train* occurrences;
- `token head`: the linear head on the encoder's token states (`moderation.encoder.spans`), one forward pass;
- `token head ∩ occlusion`, `token head ∪ occlusion`: the two combined character by character.
Metric: the SemEval-2021 Task 5 per-post character F1, averaged over posts (`moderation.evaluation.spans`).
Latency: wall and CPU milliseconds per one-comment explanation, measured comment by comment (the token head
includes its forward pass). Prints a table and writes JSON.

    .venv/bin/python bench/span_f1.py --head var/span_head.pkl --encoder ENC.onnx --model-dir MODEL_DIR
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderation.encoder.spans import explain as head_explain
from moderation.evaluation.spans import (
    WordLexiconBaseline,
    load_posts,
    span_f1,
    typed_f1,
    union_offsets,
)
from moderation.types import Label

INCIVILITY_LABELS = (Label.INCIVILITY, Label.INSULT, Label.PROFANITY, Label.IDENTITY_ATTACK, Label.THREAT,
                     Label.MOCKERY)
TYPED = (Label.INSULT, Label.PROFANITY, Label.IDENTITY_ATTACK, Label.THREAT)


def _timed(explain: Callable[[str], object], texts: list[str]) -> tuple[list[object], list[float], list[float]]:
    out, wall, cpu = [], [], []
    for text in texts:
        w, c = time.perf_counter(), time.process_time()
        out.append(explain(text))
        wall.append(1000 * (time.perf_counter() - w))
        cpu.append(1000 * (time.process_time() - c))
    return out, wall, cpu


def _row(name: str, predicted: list[set[int]], gold: list[frozenset[int]], wall: list[float] | None,
         cpu: list[float] | None) -> dict[str, object]:
    scores = [span_f1(p, g) for p, g in zip(predicted, gold)]
    row: dict[str, object] = {"explainer": name, "span_f1": float(np.mean(scores)), "posts": len(scores)}
    if wall:
        row |= {"ms_wall_mean": float(np.mean(wall)), "ms_wall_p95": float(np.percentile(wall, 95)),
                "ms_cpu_mean": float(np.mean(cpu)), "ms_cpu_p95": float(np.percentile(cpu, 95))}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--head", type=Path, help="a pickled TokenSpanHead (moderation.encoder_training.span_head)")
    parser.add_argument("--encoder", type=Path, help="the int8 ONNX graph the head was fitted on")
    parser.add_argument("--model-dir", type=Path, help="the encoder's model folder (tokenizer.json)")
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--posts", type=int, default=0, help="a seeded sample of test posts (0 = all 2,000)")
    parser.add_argument("--no-occlusion", action="store_true", help="skip the bundled model's explainer")
    parser.add_argument("--previous", type=Path, default=None, help="another artifact whose explainer to compare")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "span_f1.json")
    args = parser.parse_args()
    if not args.data_dir.is_dir():
        sys.exit(f"error: data folder {args.data_dir} not found; pass --data-dir.")
    test = load_posts(args.data_dir, "test", typed=True)
    if args.posts:
        rng = np.random.default_rng(0)
        rng.permutation(690)  # the same sample `fit_span_head(max_eval_posts=...)` scores (trial is drawn first)
        test = [test[i] for i in sorted(rng.permutation(len(test))[:args.posts])]
    texts, gold = [p.text for p in test], [p.gold for p in test]
    rows, predictions, typed = [], {}, {}

    lexicon = WordLexiconBaseline().fit(load_posts(args.data_dir, "train"))
    predicted, wall, cpu = _timed(lexicon.explain, texts)
    predictions["word lexicon baseline"] = predicted
    rows.append(_row("word lexicon baseline", predicted, gold, wall, cpu))

    from moderation.model import Moderator

    models = [] if args.no_occlusion else [("bundled", None)]
    models += [("previous", args.previous)] if args.previous is not None else []
    for name, path in models:
        moderator = Moderator.load(path)
        moderator.explain("warm up")
        explained, wall, cpu = _timed(moderator.explain, texts)
        predictions[f"{name} (union)"] = [union_offsets(e, INCIVILITY_LABELS) for e in explained]
        rows.append(_row(f"{name} {moderator.version} (union)", predictions[f"{name} (union)"], gold, wall, cpu))
        only = [union_offsets(e, [Label.INCIVILITY]) for e in explained]
        rows.append(_row(f"{name} (incivility)", only, gold, None, None))
        cache = dict(zip(texts, explained))
        typed[name] = typed_f1(lambda t, cache=cache: cache[t], test, TYPED)

    if args.head is not None:
        from moderation.encoder_training.export import encoder_from

        head = pickle.loads(args.head.read_bytes())
        encoder = encoder_from(args.encoder, args.model_dir, args.max_len, 6)
        head_explain(encoder, head, "warm up")
        explained, wall, cpu = _timed(lambda t: head_explain(encoder, head, t), texts)  # type: ignore[arg-type]
        predictions["token head"] = [union_offsets(e, [Label.INCIVILITY]) for e in explained]
        rows.append(_row("token head", predictions["token head"], gold, wall, cpu))
        cache = dict(zip(texts, explained))
        typed["token head"] = typed_f1(lambda t: cache[t], test, TYPED)
        if "bundled (union)" in predictions:
            pairs = list(zip(predictions["token head"], predictions["bundled (union)"]))
            rows.append(_row("token head ∩ occlusion", [a & b for a, b in pairs], gold, None, None))
            rows.append(_row("token head ∪ occlusion", [a | b for a, b in pairs], gold, None, None))

    print(f"ToxicSpans SemEval-2021 test, {len(test)} posts (goal: span F1 >= 0.65, <= 50 ms per comment)")
    print(f"{'explainer':<34}{'span F1':>9}{'ms wall':>10}{'ms p95':>9}{'ms CPU':>9}")
    for row in rows:
        timing = (f"{row['ms_wall_mean']:>10.1f}{row['ms_wall_p95']:>9.1f}{row['ms_cpu_mean']:>9.1f}"
                  if "ms_wall_mean" in row else "")
        print(f"{row['explainer']:<34}{row['span_f1']:>9.3f}{timing}")
    for name, scores in typed.items():
        print(f"typed span F1 ({name}): " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"posts": len(test), "rows": rows, "typed": typed,
                                    "head_metrics": getattr(locals().get("head"), "metrics", None)}, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

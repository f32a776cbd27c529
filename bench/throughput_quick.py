"""Quick scoring throughput of the incivility component on 10k real comments, one thread.

Prints a table (comments/s per stage: normalisation, featurisation, full predict_proba) and writes JSON, so
each feature choice shows its cost. The full side-by-side benchmark is `bench/throughput.py` (issue 7).
Usage: `taskset -c 0 .venv/bin/python bench/throughput_quick.py [--model STEM] [--n 10000]`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from moderation.data import load_incivility  # noqa: E402
from moderation.model import Moderator  # noqa: E402
from moderation.text import normalise  # noqa: E402


def timed(fn, repeat: int = 2) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="artifact stem (default: models/current)")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", default="reports/bench/throughput_quick.json")
    args = parser.parse_args()
    corpus = load_incivility(sources=("c3", "ucc"))
    texts = corpus.frame["text"].tolist()[: args.n]
    load_start = time.perf_counter()
    moderator = Moderator.load(args.model)
    load_seconds = time.perf_counter() - load_start
    component = moderator.components["incivility"]
    featurizer = component.featurizer_
    normalised = [normalise(t) for t in texts]
    stages = {
        "normalise": lambda: [normalise(t) for t in texts],
        "featurise (given normalised)": lambda: featurizer.transform_normalised(normalised, texts),
        "predict_proba (all incivility labels)": lambda: component.predict_proba(texts),
        "Moderator.score (explain off)": lambda: moderator.score(texts),
    }
    rows = {name: len(texts) / timed(fn) for name, fn in stages.items()}
    table = Table(title=f"{moderator.version}: {len(texts)} real comments, one thread")
    table.add_column("stage")
    table.add_column("comments/s", justify="right")
    for name, rate in rows.items():
        table.add_row(name, f"{rate:,.0f}")
    Console().print(table)
    size = (Path(moderator.card.get("artifact", "")) and moderator.card.get("size_bytes"))
    print(f"load {load_seconds:.2f} s, artifact {size / 1e6 if size else float('nan'):.1f} MB")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": moderator.version, "n": len(texts), "comments_per_second": rows,
                               "load_seconds": load_seconds, "artifact_bytes": size}, indent=2))


if __name__ == "__main__":
    main()

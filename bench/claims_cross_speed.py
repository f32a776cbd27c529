"""Comments per CPU-second of the claims component with and without the cross-encoder, same run, one core.

`taskset -c 0 .venv/bin/python bench/claims_cross_speed.py CANDIDATE_STEM [--n 200]` with the candidate
(built by `moderation.encoder_training.attach_cross`) in MODERATION_MODELS_DIR beside its base. Real
comments: a seeded sample of C3 test. Writes `reports/bench/claims_cross_speed.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from moderation.data.c3_claims import load_c3_claims
from moderation.model import Moderator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("candidate")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--out", default="reports/bench/claims_cross_speed.json")
    args = parser.parse_args()
    candidate = Moderator.load(args.candidate)
    base = Moderator.load(candidate.card["claims_previous"])
    c3 = load_c3_claims(Path(os.environ.get("MODERATION_DATA_DIR", "../shared/data")))
    texts = c3[c3.split == "test"].text.sample(args.n, random_state=0).tolist()
    rates = {}
    for name, moderator in (("base " + base.version, base), ("cross " + candidate.version, candidate)):
        component = moderator.components["claims"]
        component.predict_proba(texts[:5])
        component.__dict__.pop("_last_batch", None)
        start = time.process_time()
        component.predict_proba(texts)
        rates[name] = args.n / (time.process_time() - start)
    base_rate, cross_rate = rates.values()
    result = {"comments": args.n, "claims_component_comments_per_cpu_s": rates,
              "ratio_cross_to_base": cross_rate / base_rate}
    print(json.dumps(result, indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

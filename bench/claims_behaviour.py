"""The README's claims behaviour table, from the golden cases of `tests/test_claims_golden.py`
scored by a model (default: the bundled one): `.venv/bin/python bench/claims_behaviour.py [ARTIFACT]`.
Prints Markdown; writes `bench/claims_behaviour.json`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main() -> None:
    from test_claims_golden import BARE_VS_SOURCED, NOT_CLAIMS

    from moderation.model import Moderator
    from moderation.types import Label

    parser = argparse.ArgumentParser(description="The README's claims behaviour table from the golden cases.")
    parser.add_argument("artifact", nargs="?", default=None, help="artifact path (default: models/current)")
    args = parser.parse_args()
    from moderation.errors import ArtifactError

    try:
        moderator = Moderator.load(args.artifact)
    except ArtifactError as exc:
        parser.exit(2, f"claims_behaviour: {exc}\n")
    bare = [b for b, _ in BARE_VS_SOURCED]
    sourced = [s for _, s in BARE_VS_SOURCED]
    p = [s[Label.UNSUPPORTED_CLAIM] for s in moderator.score(bare + sourced + NOT_CLAIMS)]
    pb, ps, pn = p[: len(bare)], p[len(bare): 2 * len(bare)], p[2 * len(bare):]
    lines = [f"Model `{moderator.version}`; `unsupported_claim` per comment.", "",
             "| bare claim | bare | with a source or reason | sourced | lower? |", "|---|---|---|---|---|"]
    lines += [f"| {b} | {x:.2f} | {s} | {y:.2f} | {'yes' if y < x else '**no**'} |"
              for b, s, x, y in zip(bare, sourced, pb, ps)]
    lines += ["", f"Sourced lower in {sum(y < x for x, y in zip(pb, ps))} of {len(pb)} pairs.", "",
              "| not a claim | unsupported_claim | < 0.3? |", "|---|---|---|"]
    lines += [f"| {t} | {x:.2f} | {'yes' if x < 0.3 else '**no**'} |" for t, x in zip(NOT_CLAIMS, pn)]
    print("\n".join(lines))
    Path("bench/claims_behaviour.json").write_text(json.dumps(
        {"model": moderator.version, "pairs": [[b, x, s, y] for b, s, x, y in zip(bare, sourced, pb, ps)],
         "not_claims": dict(zip(NOT_CLAIMS, pn))}, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Put the claims cross-encoder into an artifact: `python -m moderation.encoder_training.attach_cross
var/exp/cross/cross.int8.onnx [--base STEM] [--gate 0.2] [--current]`.

The base artifact's fitted claims heads are kept (`CrossEncodedClaimComponent.from_encoded`); the
comment aggregation and comment threshold are chosen again on C3 *validation* articles
(`train.choose_aggregation`, fixed rules only, as for the bundled component), because the sentence
scores changed. The card records the graph, its training and the C3 choice; `bench/claims_eval.py`
measures it against the base on the test splits.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from moderation.claims.cross import CrossEncoder
from moderation.claims.cross_encoded import CrossEncodedClaimComponent
from moderation.config import get_settings
from moderation.model import Moderator
from moderation.types import Label


def attach(graph: Path, base: str | None, gate: float, data_dir: Path) -> tuple[Moderator, dict]:
    from moderation.claims.train import choose_aggregation
    from moderation.encoder_training.finetune import base_model_path

    moderator = Moderator.load(base)
    cross = CrossEncoder(graph.read_bytes(), (Path(base_model_path()) / "tokenizer.json").read_text(), 128)
    component = CrossEncodedClaimComponent.from_encoded(moderator.components["claims"], cross, gate)
    aucs = choose_aggregation(component, data_dir, learned_may_win=False)
    card = dict(moderator.card.get("claims", {}))
    card.update({
        "component": "CrossEncodedClaimComponent",
        "cross_encoder": {"graph": "all-MiniLM-L6-v2 fine-tuned on CDCP train (moderation/encoder_training/"
                          "claims_cross.py, 3 epochs, seed 0, 128 tokens, [TARGET] context, 30 % context dropout), "
                          "ONNX int8 per channel, portable uint8 weights", "bytes": len(cross.model_bytes),
                          "gate": gate, "licence": "CDCP: see data.cdcp; base model Apache-2.0"},
        "aggregation": component.aggregation, "aggregation_c3_validation_auc": aucs,
        "comment_threshold": {**card.get("comment_threshold", {}), "value": float(component.comment_threshold_)},
        "metrics": {},
    })
    thresholds = {Label.UNSUPPORTED_CLAIM: float(component.comment_threshold_)}
    return moderator.with_component("claims", component, thresholds,
                                    {"claims": card, "claims_previous": moderator.version}), aucs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--base", default=None)
    parser.add_argument("--gate", type=float, default=0.2)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="models folder to write into (default: the configured one)")
    parser.add_argument("--current", action="store_true")
    args = parser.parse_args()
    settings = get_settings()
    moderator, aucs = attach(args.graph, args.base, args.gate, args.data_dir or settings.data_dir)
    stem = moderator.save(args.out or settings.models_dir, make_current=args.current)
    print(json.dumps({"artifact": stem, "aggregation": moderator.components["claims"].aggregation,
                      "comment_threshold": moderator.components["claims"].comment_threshold_, "c3_validation_auc": aucs}))


if __name__ == "__main__":
    main()

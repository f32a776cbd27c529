"""The candidate's model card: deterministic, so the same inputs give a byte-identical card.

Nothing in it comes from the wall clock or the machine: `trained_at` is the `as_of` time (default: the
latest feedback change that was read), the training time and the database URL go to `history.jsonl`
instead, and the artifact's date (in its file name) is `as_of`'s date. The rest is the current model's card
(e.g. its claims section, unchanged with that component) updated with the incivility pipeline's own card
content (`moderation.cards.incivility.build_card`) and a `retraining` section.
"""

from __future__ import annotations

from typing import Any

from moderation.data import Corpus
from moderation.cards.incivility import build_card
from moderation.retrain.candidate import Candidate
from moderation.train import TrainOptions

_PER_ARTIFACT = ("artifact", "sha256", "size_bytes", "format_version", "sklearn_version", "labels",
                 "training_seconds", "retraining")
FEEDBACK_DATA = {
    "description": "this newsroom's moderators' verdicts (feedback store), earlier than the held-out cutoff",
    "licence": "the newsroom's own data",
    "use": "train (weighted); the later slice is held out for evaluation only",
    "label_mapping": {
        "incivility": "corrected label >= 0.5; else reject -> 1, approve -> 0, review -> unknown; any "
                      "positive sub-label implies 1",
        "insult, profanity, identity_attack, threat, mockery": "corrected label >= 0.5; else unknown (a "
                                                               "decision says whether, not which)",
        "conflicts": "per comment and label: majority of moderators; ties -> the latest verdict",
    },
}


def candidate_card(current_card: dict[str, Any], corpus: Corpus, candidate: Candidate, options: TrainOptions,
                   seed: int, measured: dict[str, Any], retraining: dict[str, Any], trained_at: str) -> dict[str, Any]:
    """The JSON card of a retrained model (what `save_artifact` adds is left to it)."""
    base = {k: v for k, v in current_card.items() if k not in _PER_ARTIFACT}
    incivility = build_card(corpus, getattr(candidate.component, "ngram", candidate.component), options, seed=seed,
                            thresholds=candidate.thresholds,
                            justification=candidate.justification, metrics={}, fairness={}, seconds=0.0,
                            trained_at=trained_at)
    incivility.pop("training_seconds", None)
    thresholds = {**base.get("thresholds", {}), **incivility["thresholds"]}
    fairness = {**incivility["fairness"], "after_mitigation": measured["fairness"]}
    summary = (f"{incivility['summary']} Retrained from {retraining['parent']} with "
               f"{retraining['feedback']['train_rows']} moderator verdicts (moderation retrain).")
    return {
        **base, **incivility,
        "summary": summary,
        "components": {**base.get("components", {}), **incivility["components"]},
        "data": {**incivility["data"], "feedback": FEEDBACK_DATA},
        "thresholds": thresholds,
        "metrics": {"ours": measured["splits"]},
        "fairness": fairness,
        "retraining": retraining,
    }


def retraining_markdown(section: dict[str, Any]) -> list[str]:
    """The Markdown card's retraining section (rendered by `moderation.cards.markdown.render_markdown`)."""
    feedback = section.get("feedback", {})
    gate = section.get("gate", {})
    lines = ["", "## Retraining from moderators' verdicts", "",
             f"- parent model: `{section.get('parent')}`; data hash `{section.get('data_hash')}`",
             (f"- feedback: {feedback.get('train_rows')} comments trained on (weight "
              f"{section.get('feedback_weight')}), {feedback.get('held_out_rows')} held out from "
              f"{feedback.get('cutoff')} on; site {feedback.get('site') or 'all'}, since {feedback.get('since') or '-'}"),
             f"- verdict resolution: {feedback.get('resolution', {})}",
             f"- frozen-set rows removed because their text was trained on: {section.get('removed_from_frozen', {})}",
             f"- gate: {'promoted' if gate.get('promote') else 'refused'} ({'; '.join(gate.get('reasons', []))})",
             "", "| check | current | candidate | delta | rule | passed |", "|---|---|---|---|---|---|"]
    for check in gate.get("checks", []):
        def fmt(value: Any) -> str:
            return "–" if value is None else f"{value:.4f}"

        lines.append(f"| {check['name']} | {fmt(check['current'])} | {fmt(check['candidate'])} | "
                     f"{fmt(check['delta'])} | {check['rule']} | {'yes' if check['passed'] else 'NO'} |")
    return lines

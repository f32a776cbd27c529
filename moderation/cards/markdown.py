"""The Markdown model card, rendered from the JSON card (which stays the source of truth)."""

from __future__ import annotations

from typing import Any


def _metrics_table(metrics: dict[str, Any]) -> list[str]:
    lines = ["| model | split | label | n | positives | ROC-AUC | AP | F1@thr | ECE |",
             "|---|---|---|---|---|---|---|---|---|"]
    for model, splits in metrics.items():
        for split, labels in splits.items():
            for label, m in labels.items():
                def fmt(key: str, m: dict[str, Any] = m) -> str:
                    value = m.get(key)
                    return "–" if value is None else f"{value:.3f}"

                lines.append(f"| {model} | {split} | {label} | {m.get('n', '')} | {m.get('positives', '')} | "
                             f"{fmt('roc_auc')} | {fmt('average_precision')} | {fmt('f1')} | {fmt('ece')} |")
    return lines


def render_markdown(card: dict[str, Any]) -> str:
    lines = [f"# Model card: {card.get('artifact', '?')}", "",
             card.get("summary", ""), "",
             f"- format version {card.get('format_version')}, scikit-learn {card.get('sklearn_version')}, "
             f"seed {card.get('seed')}, trained {card.get('trained_at', '?')}"
             + (f" in {card['training_seconds']:.0f} s" if "training_seconds" in card else "")
             + f", {card.get('size_bytes', 0) / 1e6:.1f} MB",
             f"- sha256 `{card.get('sha256')}`",
             *([f"- converted from {card['converted_from']}"] if card.get("converted_from") else []),
             f"- labels: {', '.join(card.get('labels', []))}", "", "## Data, licences and label mapping", ""]
    for name, corpus in card.get("data", {}).items():
        lines.append(f"### {name}: {corpus.get('description', '')}")
        lines.append(f"- licence: {corpus.get('licence', '?')}")
        lines.append(f"- used for: {corpus.get('use', '')}")
        for label, rule in corpus.get("label_mapping", {}).items():
            lines.append(f"- `{label}`: {rule}")
        lines.append("")
    lines += ["## Splits", "", card.get("splits", {}).get("description", ""), ""]
    lines += ["## Thresholds", "", card.get("thresholds_method", ""), "", "| label | threshold | validation F1 |",
              "|---|---|---|"]
    for label, value in card.get("thresholds", {}).items():
        f1 = card.get("threshold_metrics", {}).get(label, {}).get("f1")
        lines.append(f"| {label} | {value:.3f} | {'' if f1 is None else f'{f1:.3f}'} |")
    lines += ["", "## Metrics (held-out; baseline = plain TF-IDF + LR trained on the same rows)", ""]
    lines += _metrics_table(card.get("metrics", {}))
    fairness = card.get("fairness")
    if fairness:
        lines += ["", "## Identity-term bias (evaluation only)", "", fairness.get("description", ""), ""]
        for key, value in fairness.items():
            if key != "description":
                lines.append(f"- {key}: {value}")
    if card.get("encoder"):
        encoder = card["encoder"]
        training = encoder.get("training", {})
        lines += ["", "## Encoder component", "", f"- base: {encoder.get('base_model', '?')}",
                  f"- fine-tuned: {training.get('epochs')} epoch(s), {training.get('train_rows')} rows, batch "
                  f"{training.get('batch_size')}, lr {training.get('lr')}, max_len {training.get('max_len')}, "
                  f"seed {training.get('seed')}, frozen: {training.get('frozen', '-')}",
                  f"- ONNX int8 (per channel): {encoder.get('onnx_bytes', 0) / 1e6:.1f} MB; int8 vs fp32: "
                  f"{encoder.get('quantisation', {})}",
                  "- blend weight of the encoder per label (chosen on validation): "
                  + ", ".join(f"{k} {v['weight']}" for k, v in encoder.get("blend", {}).items() if isinstance(v, dict))]
    if card.get("span_head"):
        spans = card["span_head"]
        lines += ["", "## Explanations (which words drove incivility)", "",
                  "- token head on the encoder's per-token states, then a word stacker (head probability + "
                  f"ToxicSpans-train word lexicon of {int(spans.get('lexicon_words', 0))} words)",
                  f"- span F1, ToxicSpans SemEval-2021: head alone trial {spans.get('trial_span_f1', 0):.3f} / "
                  f"test {spans.get('test_span_f1', 0):.3f}; with the stacker trial "
                  f"{spans.get('stacker_trial_span_f1', 0):.3f} / test {spans.get('stacker_test_span_f1', 0):.3f}",
                  f"- data: {spans.get('data', '?')}"]
    if card.get("claims"):
        from moderation.claims.card import claims_markdown

        lines += claims_markdown(card["claims"])
    if card.get("retraining"):
        from moderation.retrain.card import retraining_markdown

        lines += retraining_markdown(card["retraining"])
    lines += ["", "## Components", ""]
    for name, info in card.get("components", {}).items():
        lines.append(f"- `{name}`: {info}")
    lines += ["", "## Limitations", "", card.get("limitations", ""), ""]
    return "\n".join(lines)

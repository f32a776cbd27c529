"""The claims section of the model card, as Markdown (the JSON card stays the source of truth)."""

from __future__ import annotations

from typing import Any


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def claims_markdown(claims: dict[str, Any]) -> list[str]:
    metrics = claims.get("metrics", {})
    cdcp = metrics.get("cdcp_test", {})
    ours, base = cdcp.get("ours", {}), cdcp.get("baseline_tfidf_lr", {})
    c3 = metrics.get("c3_test_articles", {})
    lines = ["", "## Claims component (`claims`)", "", "### Data", ""]
    for name, corpus in claims.get("data", {}).items():
        lines.append(f"- **{name}** ({corpus.get('licence', '?')}): {corpus.get('use', '')}"
                     + (f"; mapping: {corpus['mapping']}" if corpus.get("mapping") else ""))
    lines += ["", f"- `none` type: {claims.get('none_type', '')}",
              f"- support threshold {_f(claims.get('support_threshold', {}).get('value'))} "
              f"({claims.get('support_threshold', {}).get('chosen_on', '')}); comment aggregation "
              f"`{claims.get('aggregation')}` (chosen on C3 validation articles: "
              f"{metrics.get('aggregation', {}).get('c3_validation_auc')})", "",
              f"### CDCP official test ({cdcp.get('n', '?')} propositions)", "",
              "| model | type macro-F1 (5 types) | without reference | F1 value / policy / fact / testimony / reference "
              "| unsupported_claim AUC | unsupported_isolated AUC |", "|---|---|---|---|---|---|"]
    for name, m in (("ours", ours), ("TF-IDF + LR baseline", base)):
        per = m.get("type_f1", {})
        lines.append(f"| {name} | {_f(m.get('type_macro_f1'))} | {_f(m.get('type_macro_f1_without_reference'))} | "
                     + " / ".join(_f(per.get(t)) for t in ("value", "policy", "fact", "testimony", "reference"))
                     + f" | {_f(m.get('unsupported_claim_auc'))} | {_f(m.get('unsupported_isolated_auc'))} |")
    lines += ["", f"### C3 evidence proxy, test articles ({c3.get('n', '?')} comments, {c3.get('articles', '?')} "
              "articles)", "",
              f"- ours AUC {_f(c3.get('ours', {}).get('evidence_proxy_auc'))}, baseline AUC "
              f"{_f(c3.get('baseline_tfidf_lr', {}).get('evidence_proxy_auc'))}",
              f"- claim_fact AUC (cross-domain): {metrics.get('claim_presence')}",
              f"- match classifier: {metrics.get('match_classifier')}", ""]
    return lines

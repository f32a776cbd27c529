"""The claims section of the model card, as Markdown (the JSON card stays the source of truth)."""

from __future__ import annotations

from typing import Any


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def _at(m: dict[str, Any]) -> str:
    if not m:
        return "–"
    return (f"threshold {_f(m.get('threshold'))}: precision {_f(m.get('precision'))}, recall {_f(m.get('recall'))}, "
            f"{m.get('flagged_share', 0):.0%} flagged")


def _data_lines(claims: dict[str, Any]) -> list[str]:
    lines = []
    for name, corpus in claims.get("data", {}).items():
        mapping = f"; mapping: {corpus['mapping']}" if corpus.get("mapping") else ""
        lines.append(f"- **{name}** ({corpus.get('licence', '?')}): {corpus.get('use', '')}{mapping}")
    return lines


def _cdcp_lines(cdcp: dict[str, Any]) -> list[str]:
    ours, base = cdcp.get("ours", {}), cdcp.get("baseline_tfidf_lr", {})
    header = ("| model | type macro-F1 (5 types) | without reference | F1 value / policy / fact / testimony / reference "
              "| unsupported_claim AUC | unsupported_isolated AUC |")
    lines = [f"### CDCP official test ({cdcp.get('n', '?')} propositions)", "", header, "|---|---|---|---|---|---|"]
    for name, m in (("ours", ours), ("TF-IDF + LR baseline", base)):
        per = " / ".join(_f(m.get("type_f1", {}).get(t)) for t in ("value", "policy", "fact", "testimony", "reference"))
        lines.append(f"| {name} | {_f(m.get('type_macro_f1'))} | {_f(m.get('type_macro_f1_without_reference'))} | "
                     f"{per} | {_f(m.get('unsupported_claim_auc'))} | {_f(m.get('unsupported_isolated_auc'))} |")
    questions = ours.get("questions_as_none", {})
    lines += ["", ("Five-type macro-F1 is the published convention (the single test `reference` unit counts 0.2); "
              "compare models by the four-type figure."),
              f"- sentence status `unsupported` at {_at(ours.get('at_sentence_threshold', {}))}",
              (f"- questions typed `none`: {questions.get('units', '?')} test units "
              f"({questions.get('unsupported_among_them', '?')} labelled unsupported claims by CDCP); AUC without "
              f"them {_f(questions.get('unsupported_claim_auc_without_them'))}")]
    return lines


def _encoded_lines(claims: dict[str, Any]) -> list[str]:
    from moderation.evaluation.claims_bench import table

    support, comment = claims.get("support_threshold", {}), claims.get("comment_threshold", {})
    return ["", "## Claims component (`claims`, EncodedClaimComponent)", "", f"- encoder: {claims.get('encoder')}",
            "", "### Data", "", *_data_lines(claims), "", f"- `none` type: {claims.get('none_type', '')}",
            f"- in-sentence support: {claims.get('attribution', '')}",
            f"- `related` similarity floor (learned): {claims.get('related_floor')}",
            f"- sentence `unsupported` threshold {_f(support.get('value'))} ({support.get('chosen_on', '')})",
            f"- comment `unsupported_claim` threshold {_f(comment.get('value'))} ({comment.get('chosen_on', '')})",
            "", "### Side by side (one run)", "", table(claims.get("metrics", {})) if claims.get("metrics") else "–", ""]


def claims_markdown(claims: dict[str, Any]) -> list[str]:
    if claims.get("component") == "EncodedClaimComponent":
        return _encoded_lines(claims)
    metrics = claims.get("metrics", {})
    c3 = metrics.get("c3_test_articles", {})
    support, comment = claims.get("support_threshold", {}), claims.get("comment_threshold", {})
    lines = ["", "## Claims component (`claims`)", "", "### Data", "", *_data_lines(claims), "",
             f"- `none` type: {claims.get('none_type', '')}",
             f"- in-sentence attribution: {claims.get('attribution', '')}",
             f"- sentence `unsupported` threshold {_f(support.get('value'))} ({support.get('chosen_on', '')})",
             f"- comment `unsupported_claim` threshold {_f(comment.get('value'))} ({comment.get('chosen_on', '')})",
             (f"- comment aggregation `{claims.get('aggregation')}` (chosen on C3 validation articles: "
             f"{metrics.get('aggregation', {}).get('c3_validation_auc')})"), "",
             *_cdcp_lines(metrics.get("cdcp_test", {})), "",
             f"### C3 evidence proxy, test articles ({c3.get('n', '?')} comments, {c3.get('articles', '?')} articles)",
             "",
             (f"- ours AUC {_f(c3.get('ours', {}).get('evidence_proxy_auc'))}, baseline AUC "
             f"{_f(c3.get('baseline_tfidf_lr', {}).get('evidence_proxy_auc'))}"),
             f"- flagged at the comment {_at(c3.get('ours', {}).get('at_comment_threshold', {}))}",
             f"- claim_fact AUC (cross-domain): {metrics.get('claim_presence')}",
             f"- match classifier: {metrics.get('match_classifier')}", ""]
    return lines

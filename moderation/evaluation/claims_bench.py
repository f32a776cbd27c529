"""Claims components side by side on every claims test split, in one run (`bench/claims_eval.py`).

Systems: any number of fitted claims components (the new one, the previous bundled one) and the
plain TF-IDF + LR baselines, each baseline fitted on the train split of the corpus it is scored on.
Splits: CDCP official test (types in context; `unsupported_claim` in context and each proposition
alone), UKP test (is it a claim / argument), IBM evidence sentences test (does the sentence carry
evidence), IBM CE test motions (bare claims vs their evidence: which is unsupported), IBM CE real
pairs (corroboration), C3 test articles (evidence proxy; share sent to review and its precision).
The Park & Cardie official test is withheld (blind evaluation) and is not reported.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score, roc_auc_score
from sklearn.pipeline import make_pipeline

from moderation.claims.heads import TYPES
from moderation.claims.train import _type_metrics
from moderation.claims.train import fit_baseline as _fit_baseline

_VPF = [0, 1, 2]


@lru_cache(maxsize=2)
def fit_baseline(data_dir: Path) -> dict[str, Any]:
    """The CDCP TF-IDF + LR baselines, fitted once per run."""
    return _fit_baseline(data_dir)


def _auc(y: Any, p: Any) -> float | None:
    y = np.asarray(y)
    return float(roc_auc_score(y, p)) if len(np.unique(y)) == 2 else None


def _tfidf(texts: Any, y: Any) -> Any:
    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         LogisticRegression(max_iter=2000, random_state=0)).fit(list(texts), np.asarray(y))


def _claimness(component: Any, texts: list[str]) -> np.ndarray:
    """P(the unit is a claim): the learned head when there is one, else 1 - P(none)."""
    if hasattr(component, "claim_and_self"):
        return component.claim_and_self(texts)[0]
    type_p, _, _ = component.score_units(texts, np.arange(len(texts)))
    return 1 - type_p[:, -1]


def _supported(component: Any, texts: list[str]) -> np.ndarray:
    """P(the sentence carries its own support), or 1 - P(unsupported) for components without that head."""
    if hasattr(component, "claim_and_self"):
        return component.claim_and_self(texts)[1]
    return 1 - component.score_units(texts, np.arange(len(texts)))[1]


def cdcp(systems: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    from moderation.data.cdcp import load_cdcp

    test = load_cdcp(data_dir)
    test = test[test.split == "test"].reset_index(drop=True)
    doc = pd.factorize(test.group)[0]
    y = test.unsupported_claim.to_numpy()
    out: dict[str, Any] = {"n": len(test)}
    for name, component in systems.items():
        type_p, in_context, _ = component.score_units(test.text.tolist(), doc)
        _, alone, _ = component.score_units(test.text.tolist(), np.arange(len(test)))
        m = _type_metrics(test.claim_type, np.array(TYPES)[type_p[:, : len(TYPES)].argmax(axis=1)])
        out[name] = {"type_macro_f1_5": m["type_macro_f1"], "type_macro_f1_4": m["type_macro_f1_without_reference"],
                     "f1_fact": m["type_f1"]["fact"], "unsupported_auc_in_context": _auc(y, in_context),
                     "unsupported_auc_alone": _auc(y, alone)}
    base = fit_baseline(data_dir)
    m = _type_metrics(test.claim_type, base["type"].predict(test.text))
    p = base["unsupported"].predict_proba(test.text)[:, 1]
    out["tfidf_lr"] = {"type_macro_f1_5": m["type_macro_f1"], "type_macro_f1_4": m["type_macro_f1_without_reference"],
                       "f1_fact": m["type_f1"]["fact"], "unsupported_auc_in_context": _auc(y, p),
                       "unsupported_auc_alone": _auc(y, p)}
    return out


def ukp(systems: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    from moderation.data.ukp_am import load_ukp

    frame = load_ukp(data_dir)
    train, test = frame[frame.split == "train"], frame[frame.split == "test"]
    train = train.sample(min(len(train), 8000), random_state=0)
    out: dict[str, Any] = {"n": len(test), "metric": "argument vs no argument ROC-AUC of P(claim)",
                           "baseline_train_rows": len(train)}
    for name, component in systems.items():
        out[name] = {"argument_auc": _auc(test.argument, _claimness(component, test.text.tolist()))}
    out["tfidf_lr"] = {"argument_auc": _auc(test.argument, _tfidf(train.text, train.argument).predict_proba(test.text)[:, 1])}
    return out


def ibm_evidence(systems: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    from moderation.data.ibm_evidence import load_ibm_evidence

    frame = load_ibm_evidence(data_dir)
    train, test = frame[frame.split == "train"], frame[frame.split == "test"]
    out: dict[str, Any] = {"n": len(test), "metric": "evidence vs not ROC-AUC of P(carries its own support)"}
    for name, component in systems.items():
        out[name] = {"evidence_auc": _auc(test.evidence, _supported(component, test.text.tolist()))}
    out["tfidf_lr"] = {"evidence_auc": _auc(test.evidence, _tfidf(train.text, train.evidence).predict_proba(test.text)[:, 1])}
    return out


def ibm_claims_vs_evidence(systems: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    """Test motions: the bare claims should score higher P(unsupported) than their evidence."""
    from moderation.data.ibm_ce import load_ibm_claims, load_ibm_evidence_pairs

    claims, pairs = load_ibm_claims(data_dir), load_ibm_evidence_pairs(data_dir)
    texts = claims[claims.split == "test"].text.tolist() + pairs[pairs.split == "test"].evidence.drop_duplicates().tolist()
    y = np.r_[np.ones((claims.split == "test").sum()), np.zeros(len(texts) - (claims.split == "test").sum())]
    out: dict[str, Any] = {"n": len(texts), "metric": "claim (1) vs its evidence (0) ROC-AUC of P(unsupported), alone"}
    for name, component in systems.items():
        out[name] = {"unsupported_auc": _auc(y, component.score_units(texts, np.arange(len(texts)))[1])}
    out["tfidf_lr"] = {"unsupported_auc": _auc(y, fit_baseline(data_dir)["unsupported"].predict_proba(texts)[:, 1])}
    return out


def corroboration(systems: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    from moderation.claims.corroboration import pair_metrics, real_pairs

    pairs = real_pairs(data_dir, "test", seed=1)
    out: dict[str, Any] = {"n": len(pairs), "labels": pairs.label.value_counts().to_dict()}
    for name, component in systems.items():
        if getattr(component, "matcher", None) is not None:
            out[name] = pair_metrics(component.matcher, pairs)
    return out


def c3(systems: dict[str, Any], data_dir: Path, thresholds: dict[str, float]) -> dict[str, Any]:
    from moderation.data.c3_claims import load_c3_claims

    frame = load_c3_claims(data_dir)
    every = frame[frame.split == "test"].reset_index(drop=True)
    labelled = every.evidence_proxy.notna().to_numpy()
    y = every.evidence_proxy.to_numpy()[labelled]
    out: dict[str, Any] = {"n": int(labelled.sum()), "n_all_test_comments": len(every)}
    for name, component in systems.items():
        p_all = component.predict_proba(every.text.tolist())[:, 0]
        p = p_all[labelled]
        threshold = thresholds.get(name)
        row: dict[str, Any] = {"evidence_proxy_auc": _auc(y, p)}
        if threshold is not None:
            row |= {"threshold": threshold, "review_share_all_test_comments": float((p_all >= threshold).mean()),
                    "review_share_labelled": float((p >= threshold).mean()),
                    "precision": float(precision_score(y, p >= threshold, zero_division=0)),
                    "base_rate": float(y.mean())}
        out[name] = row
    test = every[labelled]
    base = fit_baseline(data_dir)["unsupported"]
    out["tfidf_lr"] = {"evidence_proxy_auc": _auc(y, base.predict_proba(test.text)[:, 1])}
    return out


def run(systems: dict[str, Any], data_dir: Path, thresholds: dict[str, float], say: Any = print,
        checkpoint: Any = None) -> dict[str, Any]:
    """Every split in turn (the most asked-for first); `checkpoint(results)` after each one."""
    results: dict[str, Any] = {}
    for name, job in (("c3_test_articles", lambda: c3(systems, data_dir, thresholds)),
                      ("cdcp_test", lambda: cdcp(systems, data_dir)), ("ukp_test", lambda: ukp(systems, data_dir)),
                      ("ibm_ce_test_claims_vs_evidence", lambda: ibm_claims_vs_evidence(systems, data_dir)),
                      ("ibm_evidence_test", lambda: ibm_evidence(systems, data_dir)),
                      ("ibm_ce_test_pairs", lambda: corroboration(systems, data_dir))):
        say(f"claims bench: {name}")
        results[name] = job()
        if checkpoint is not None:
            checkpoint(results)
    results["park_cardie_test"] = "withheld for blind evaluation (only train.txt is shared); not reported"
    return results


def table(results: dict[str, Any]) -> str:
    """Markdown: one row per (split, metric), one column per system."""
    systems = sorted({k for v in results.values() if isinstance(v, dict) for k, m in v.items() if isinstance(m, dict)
                      and k not in ("labels",)})
    lines = ["| split | metric | " + " | ".join(systems) + " |", "|---|---|" + "---|" * len(systems)]
    for split, value in results.items():
        if not isinstance(value, dict):
            lines.append(f"| {split} | {value} |" + " |" * len(systems))
            continue
        metrics = sorted({m for s in systems for m, v in value.get(s, {}).items() if isinstance(v, float)})
        for metric in metrics:
            cells = [value.get(s, {}).get(metric) for s in systems]
            lines.append(f"| {split} (n={value.get('n')}) | {metric} | "
                         + " | ".join("–" if c is None else f"{c:.3f}" for c in cells) + " |")
    return "\n".join(lines)

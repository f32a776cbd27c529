"""Fit the claim component and measure it: CDCP official test, C3 by article, cross-domain claim sets.

Nothing here looks at a test split before the model is fixed: hyperparameters are the component's
defaults (chosen by grouped cross-validation on CDCP train + Park & Cardie), the support threshold
comes from out-of-fold predictions on train (a precision target), and the comment-level aggregation
and the comment threshold (a precision target) are chosen on the C3 *validation* articles. The plain TF-IDF + LR baseline is fitted on the same CDCP train rows and
scored in the same run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline

from moderation.claims.component import (
    ATTRIBUTION_SUPPORT,
    COMMENT_PRECISION,
    NONE_PROBABILITY,
    SENTENCE_PRECISION,
    ClaimComponent,
    precision_threshold,
)
from moderation.claims.context import ClaimMatcher
from moderation.claims.features import non_assertion_mask
from moderation.claims.heads import TYPES
from moderation.claims.matching import LABELS as MATCH_LABELS
from moderation.claims.pairs import make_pairs
from moderation.data.c3_claims import load_c3_claims
from moderation.data.cdcp import load_cdcp
from moderation.data.checkthat import load_checkthat
from moderation.data.claimbuster import load_claimbuster
from moderation.data.park_cardie import load_park_cardie
from moderation.types import Label

Progress = Callable[[str], None]
AGGREGATIONS = ("max", "noisy_or", "mean")


def joined_units(cdcp: pd.DataFrame) -> pd.DataFrame:
    """Adjacent CDCP propositions joined as one unit (as a sentence often holds both: "X, because Y",
    "X (see URL)"): supported when one is the reason/evidence of the other claim, else the first
    one's own label. Each joined unit is its own one-unit comment, so no context leaks in."""
    rows = []
    for _, doc in cdcp.groupby("group", sort=False):
        props = doc.to_dict("records")
        for first, second in itertools.pairwise(props):
            links = set(first["incoming_reason_from"]) | set(first["incoming_evidence_from"])
            back = set(second["incoming_reason_from"]) | set(second["incoming_evidence_from"])
            if second["prop_idx"] in links or first["prop_idx"] in back:
                target = first if second["prop_idx"] in links else second
                label = 1.0 if target["claim_type"] in ("value", "policy", "fact") else np.nan
            else:
                target, label = first, first["supported_by_link"]
            rows.append({"text": f"{first['text']} {second['text']}", "claim_type": target["claim_type"],
                         "supported": label, "doc": f"{first['group']}:{first['prop_idx']}+",
                         "fold_group": first["group"]})
    return pd.DataFrame(rows).assign(source="cdcp_joined")


def training_units(data_dir: Path, include_park_cardie: bool = True) -> pd.DataFrame:
    """CDCP train propositions (types + support), adjacent CDCP propositions joined (support inside
    one unit), and Park & Cardie propositions (verifiability only)."""
    cdcp = load_cdcp(data_dir)
    cdcp = cdcp[cdcp.split == "train"]
    supporters = [frozenset(a) | frozenset(b) for a, b in zip(cdcp.incoming_reason_from, cdcp.incoming_evidence_from)]
    units = pd.DataFrame({"text": cdcp.text, "doc": cdcp.group, "claim_type": cdcp.claim_type,
                          "supported": cdcp.supported_by_link, "supporters": supporters, "source": "cdcp"})
    units = pd.concat([units.assign(fold_group=units.doc), joined_units(cdcp)], ignore_index=True)
    if include_park_cardie:
        pc = load_park_cardie(data_dir)
        units = pd.concat([units, pd.DataFrame({
            "text": pc.text, "doc": pc.group, "claim_type": pc.verifiability, "supported": np.nan,
            "source": "park_cardie", "fold_group": pc.group})], ignore_index=True)
    return units.reset_index(drop=True)


def fit_baseline(data_dir: Path, seed: int = 0) -> dict[str, Pipeline]:
    """Plain TF-IDF + LR on proposition text alone: one for the type, one for `unsupported_claim`."""
    cdcp = load_cdcp(data_dir)
    train = cdcp[cdcp.split == "train"]

    def pipe() -> Pipeline:
        return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                             LogisticRegression(max_iter=2000, random_state=seed))

    return {"type": pipe().fit(train.text, train.claim_type),
            "unsupported": pipe().fit(train.text, train.unsupported_claim)}


def _auc(y: np.ndarray, p: np.ndarray) -> float | None:
    return float(roc_auc_score(y, p)) if len(np.unique(y)) == 2 else None


def _type_metrics(gold: pd.Series, predicted: np.ndarray) -> dict[str, Any]:
    """Type macro-F1 by the same definition `moderation evaluate` uses (`claim_type_macro_f1s`)."""
    from moderation.evaluation.claim_types import WITHOUT_REFERENCE, claim_type_macro_f1s

    labels = list(TYPES)
    one_hot = {Label(f"claim_{t}"): (gold.to_numpy() == t).astype(float) for t in labels}
    scores = {Label(f"claim_{t}"): (predicted == t).astype(float) for t in labels}
    macro = claim_type_macro_f1s(one_hot, scores)
    per_class = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return {"type_macro_f1": macro.get("", float("nan")),
            "type_macro_f1_without_reference": macro.get(WITHOUT_REFERENCE, float("nan")),
            "type_f1": {label: float(v) for label, v in zip(labels, per_class)}}


def _at_threshold(y: np.ndarray, p: np.ndarray, threshold: float | None) -> dict[str, float]:
    """Precision, recall and share flagged at a threshold chosen beforehand ({} when there is none)."""
    if threshold is None:
        return {}
    flagged = p >= threshold
    return {"threshold": float(threshold), "precision": float(precision_score(y, flagged, zero_division=0)),
            "recall": float(recall_score(y, flagged, zero_division=0)), "flagged_share": float(flagged.mean())}


def _head(frame: pd.DataFrame, sample: int | None) -> pd.DataFrame:
    return frame if sample is None else frame.head(sample)


def cdcp_metrics(component: ClaimComponent, baselines: dict[str, Pipeline], data_dir: Path,
                 sample: int | None = None) -> dict[str, Any]:
    """Proposition-level metrics on the official CDCP test split (gold propositions, in-comment context)."""
    test = load_cdcp(data_dir)
    test = _head(test[test.split == "test"], sample).reset_index(drop=True)
    type_p, unsupported, _ = component.score_units(test.text.tolist(), pd.factorize(test.group)[0])
    ours = _type_metrics(test.claim_type, np.array(TYPES)[type_p[:, : len(TYPES)].argmax(axis=1)])
    y = test.unsupported_claim.to_numpy()
    ours |= {"unsupported_claim_auc": _auc(y, unsupported),
             "unsupported_claim_f1": float(f1_score(y, unsupported >= component.threshold_)),
             "at_sentence_threshold": _at_threshold(y, unsupported, component.threshold_),
             "questions_as_none": _question_cost(test, unsupported),
             "unsupported_isolated_auc": _auc(test.unsupported_isolated.to_numpy(), unsupported)}
    base = _type_metrics(test.claim_type, baselines["type"].predict(test.text))
    base_p = baselines["unsupported"].predict_proba(test.text)[:, 1]
    base |= {"unsupported_claim_auc": _auc(y, base_p),
             "unsupported_isolated_auc": _auc(test.unsupported_isolated.to_numpy(), base_p)}
    return {"n": len(test), "ours": ours, "baseline_tfidf_lr": base}


def _question_cost(test: pd.DataFrame, unsupported: np.ndarray) -> dict[str, Any]:
    """What typing questions as `none` costs on CDCP, which types its rhetorical questions as claims:
    how many test units are questions, and the AUC over the other units."""
    question = non_assertion_mask(test.text.tolist())
    y = test.unsupported_claim.to_numpy()
    return {"units": int(question.sum()), "unsupported_among_them": int(y[question].sum()),
            "unsupported_claim_auc_without_them": _auc(y[~question], unsupported[~question])}


COMMENT_QUEUE_SHARE = 0.10
"""At most this share of validation comments goes to review for unsupported claims: C3's proxy marks 75 %
of comments "no evidence", so a threshold chosen for precision alone queued ~29 % of all comments, more
than a desk can read beside the incivility queue. The threshold is the higher of the two."""


def choose_aggregation(component: ClaimComponent, data_dir: Path,
                       learned_may_win: bool = True) -> dict[str, float | None]:
    """Fixed rules vs the learned `cue_shift`, compared on C3 validation articles (`cue_shift` by
    2-fold cross-validation grouped by article, then refitted on all of them); keeps the best.

    With `learned_may_win=False` the learned shift is measured and reported but only a fixed rule
    can be chosen: C3's evidence proxy (75 % of comments "unsupported") is explained by length and
    cues, not by what the sentences assert, so a shift fitted to it saturates near its base rate
    (thanks and bare claims alike at ~0.9) and a comment's claimness decides the order."""
    from sklearn.model_selection import GroupKFold

    c3 = load_c3_claims(data_dir)
    val = c3[(c3.split == "validation") & c3.evidence_proxy.notna()].reset_index(drop=True)
    y = val.evidence_proxy.to_numpy()
    unsupported, doc, cues, claimness = component.sentence_scores(val.text.tolist())

    def scores(how: str, rows: np.ndarray | None = None, n: int = len(y)) -> np.ndarray:
        keep = slice(None) if rows is None else rows
        index = doc if rows is None else remap[doc[keep]]
        return component.set_params(aggregation=how).aggregate_comments(unsupported[keep], index, cues[keep], n,
                                                                        claimness[keep])

    aucs = {how: _auc(y, scores(how)) for how in AGGREGATIONS}
    learned = np.zeros(len(y))
    remap = np.full(len(y), -1)
    for train, test in GroupKFold(2).split(val, groups=val.article_id):
        in_train, in_test = np.isin(doc, train), np.isin(doc, test)
        remap[train], remap[test] = np.arange(len(train)), np.arange(len(test))
        component.fit_aggregator(unsupported[in_train], remap[doc[in_train]], cues[in_train], y[train])
        learned[test] = scores("cue_shift", in_test, len(test))
    aucs["cue_shift"] = _auc(y, learned)
    component.fit_aggregator(unsupported, doc, cues, y)
    choosable = aucs if learned_may_win else {h: a for h, a in aucs.items() if h != "cue_shift"}
    chosen = max(choosable, key=lambda h: choosable[h] or 0.0)
    held_out = learned if chosen == "cue_shift" else scores(chosen)
    component.set_params(aggregation=chosen)
    component.comment_threshold_ = max(precision_threshold(held_out, y, COMMENT_PRECISION),
                                       float(np.quantile(held_out, 1 - COMMENT_QUEUE_SHARE)))
    return aucs


def c3_metrics(component: ClaimComponent, baselines: dict[str, Pipeline], data_dir: Path,
               sample: int | None = None) -> dict[str, Any]:
    """C3 evidence proxy (1 = no annotator saw evidence, 0 = >= 40 % did) on the test articles."""
    c3 = load_c3_claims(data_dir)
    test = _head(c3[(c3.split == "test") & c3.evidence_proxy.notna()], sample)
    y = test.evidence_proxy.to_numpy()
    ours = component.predict_proba(test.text.tolist())[:, 0]
    base = baselines["unsupported"].predict_proba(test.text)[:, 1]
    return {"n": len(test), "articles": int(test.article_id.nunique()),
            "ours": {"evidence_proxy_auc": _auc(y, ours),
                     "at_comment_threshold": _at_threshold(y, ours, getattr(component, "comment_threshold_", None)),
                     "unsubstantial_spearman": float(pd.Series(ours).corr(pd.Series(test.un.to_numpy()),
                                                                          method="spearman"))},
            "baseline_tfidf_lr": {"evidence_proxy_auc": _auc(y, base)}}


def fact_metrics(component: ClaimComponent, data_dir: Path, sample: int | None = None) -> dict[str, Any]:
    """Cross-domain sanity check: AUC of `claim_fact` for "has a verifiable factual claim"."""
    fact_column = 1 + list(Label).index(Label.CLAIM_FACT) - list(Label).index(Label.CLAIM_VALUE)
    checkthat = _head(load_checkthat(data_dir, "dev_test"), sample)
    claimbuster = load_claimbuster(data_dir)
    claimbuster = _head(claimbuster[claimbuster.split == "test"], sample)
    out = {}
    for name, frame, target in (("checkthat_1b_dev_test", checkthat, "claim"),
                                ("claimbuster_test", claimbuster, "cfs")):
        p = component.predict_proba(frame.text.tolist())[:, fact_column]
        out[name] = {"n": len(frame), "claim_fact_auc": _auc(frame[target].to_numpy(), p)}
    return out


def fit_matcher(data_dir: Path, seed: int = 0) -> tuple[ClaimMatcher, dict[str, Any]]:
    """The match classifier on synthetic pairs from ClaimBuster (train part), measured on synthetic
    pairs built the same way from CheckThat dev_test tweets (another corpus, another register)."""
    claimbuster = load_claimbuster(data_dir)
    pairs = make_pairs(claimbuster[claimbuster.split == "train"].text.tolist(), seed)
    matcher = ClaimMatcher(random_state=seed).fit(pairs.claim.tolist(), pairs.evidence.tolist(),
                                                  pairs.cosine.to_numpy(), pairs.label.tolist())
    held_out = make_pairs(load_checkthat(data_dir, "dev_test").text.tolist(), seed + 1)
    p = matcher.predict_proba(held_out.claim.tolist(), held_out.evidence.tolist(), held_out.cosine.to_numpy())
    predicted = np.array(MATCH_LABELS)[p.argmax(axis=1)]
    metrics = {"trained_on": f"{len(pairs)} synthetic pairs from ClaimBuster train sentences",
               "evaluated_on": f"{len(held_out)} synthetic pairs from CheckThat 1B dev_test tweets",
               "macro_f1": float(f1_score(held_out.label, predicted, average="macro")),
               **{f"{label}_auc": _auc((held_out.label == label).to_numpy(), p[:, k])
                  for k, label in enumerate(MATCH_LABELS)}}
    return matcher, metrics


def fit_claims(data_dir: Path, seed: int = 0, progress: Progress | None = None,
               include_park_cardie: bool = True) -> tuple[ClaimComponent, dict[str, Any]]:
    """The fitted component and its measurements (see `evaluate_claims`)."""
    say = progress or (lambda message: None)
    say("claims: loading CDCP train + Park & Cardie")
    units = training_units(Path(data_dir), include_park_cardie)
    say(f"claims: fitting on {len(units)} propositions")
    component = ClaimComponent(random_state=seed).fit(units)
    say("claims: fitting the claim-article match classifier")
    matcher, match_metrics = fit_matcher(Path(data_dir), seed)
    component.set_params(matcher=matcher)
    say("claims: choosing the comment aggregation on C3 validation articles")
    aggregation_aucs = choose_aggregation(component, Path(data_dir))
    say("claims: evaluating")
    metrics = evaluate_claims(component, Path(data_dir), seed=seed)
    metrics["aggregation"] = {"chosen": component.aggregation, "c3_validation_auc": aggregation_aucs}
    metrics["support_threshold"] = component.threshold_
    metrics["match_classifier"] = match_metrics
    metrics["training_units"] = units.source.value_counts().to_dict()
    return component, metrics


def evaluate_claims(component: ClaimComponent, data_dir: Path, seed: int = 0,
                    sample: int | None = None) -> dict[str, Any]:
    """Metrics per test split, ours beside the TF-IDF + LR baseline fitted on the same CDCP train.
    `sample` keeps the first rows of each test split (quick checks only; reported numbers use all)."""
    baselines = fit_baseline(Path(data_dir), seed)
    return {"cdcp_test": cdcp_metrics(component, baselines, Path(data_dir), sample),
            "c3_test_articles": c3_metrics(component, baselines, Path(data_dir), sample),
            "claim_presence": fact_metrics(component, Path(data_dir), sample)}


def claims_card(component: ClaimComponent, metrics: dict[str, Any]) -> dict[str, Any]:
    """The claims section of the model card: data, licences, label mapping, splits, metrics."""
    from moderation.data.c3_claims import C3_LICENCE
    from moderation.data.cdcp import CDCP_LICENCE
    from moderation.data.checkthat import CHECKTHAT_LICENCE
    from moderation.data.claimbuster import CLAIMBUSTER_LICENCE
    from moderation.data.park_cardie import PARK_CARDIE_LICENCE

    return {
        "labels": [label.value for label in component.labels_],
        "data": {
            "cdcp": {"licence": CDCP_LICENCE, "use": "types + support links; train split trains, official test reports",
                     "mapping": "type -> claim type; unsupported_claim = value/policy/fact with no incoming link"},
            "park_cardie_2014": {"licence": PARK_CARDIE_LICENCE, "use": "train: verifiability only",
                                 "mapping": "u -> value-or-policy (group head only), n -> fact, e -> testimony"},
            "c3": {"licence": C3_LICENCE, "use": "validation articles choose the comment aggregation; "
                   "test articles report", "mapping": "evidence_proxy: 1 if no evidence vote, 0 if >= 40 %"},
            "claimbuster": {"licence": CLAIMBUSTER_LICENCE,
                            "use": "train sentences -> synthetic match pairs; test part -> claim_fact AUC"},
            "checkthat_2022_1b": {"licence": CHECKTHAT_LICENCE,
                                  "use": "dev_test -> claim_fact AUC and held-out synthetic match pairs"},
        },
        "attribution": f"a sentence naming its source ('according to', 'reported by', 'data show', a URL) "
                       f"has its P(not supported) multiplied by {1 - ATTRIBUTION_SUPPORT} (set, not learned: "
                       "CDCP keeps such a source inside one proposition, so its links cannot teach it)",
        "none_type": "not learned (no corpus annotates non-propositions): greetings, thanks, interjections, "
                     f"letterless units and questions get P(none) = {NONE_PROBABILITY}",
        "support_threshold": {"value": component.threshold_,
                              "chosen_on": "out-of-fold CDCP train predictions: lowest threshold with precision "
                                           f">= {SENTENCE_PRECISION} for unsupported_claim"},
        "comment_threshold": {"value": getattr(component, "comment_threshold_", None),
                              "chosen_on": "C3 validation articles, held-out (article-grouped) comment scores: "
                                           f"lowest threshold with precision >= {COMMENT_PRECISION} for the "
                                           "evidence proxy; the artifact's unsupported_claim threshold"},
        "aggregation": component.aggregation,
        "params": {k: v for k, v in component.get_params().items() if k != "matcher"},
        "metrics": metrics,
    }


def claims_for_artifact(data_dir: Path, seed: int = 0,
                        progress: Progress | None = None) -> tuple[ClaimComponent, dict[Label, float], dict[str, Any]]:
    """What `moderation train` adds to the artifact: the component, its thresholds, its card section.

    `unsupported_claim`'s threshold is the comment threshold (C3 validation articles, a precision
    target); the six type columns keep 0.5 (argmax-like; not tuned)."""
    component, metrics = fit_claims(Path(data_dir), seed, progress)
    thresholds = {Label.UNSUPPORTED_CLAIM: float(component.comment_threshold_)}
    thresholds |= {label: 0.5 for label in component.labels_[1:]}
    return component, thresholds, claims_card(component, metrics)


def add_claims(moderator: Any, data_dir: Path, seed: int = 0, progress: Progress | None = None) -> Any:
    """`moderator` with the fitted `claims` component, its thresholds and its model-card section."""
    component, thresholds, card = claims_for_artifact(Path(data_dir), seed, progress)
    return moderator.with_component("claims", component, thresholds, {"claims": card})

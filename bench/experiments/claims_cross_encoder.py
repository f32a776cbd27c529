"""Experiment (issue 15): fine-tune MiniLM as a CDCP cross-encoder, (proposition, rest of the comment) -> 5 types + unsupported.

`taskset -c 1 .venv/bin/python bench/experiments/claims_cross_encoder.py --epochs 3 --out var/exp/claims_ft_a`
(training extra; ~30 min on one core). Validation = a seeded 15 % of CDCP train documents (fixed before
training); the CDCP official test is scored after every epoch and reported, never used to choose.
Not wired into the serving component yet: see bench/CLAIMS_CROSS.md.
"""
from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
import torch
from sklearn.metrics import f1_score, roc_auc_score
from transformers import AutoModel, AutoTokenizer

from moderation.data.cdcp import load_cdcp
from moderation.encoder_training.finetune import base_model_path

TYPES = ["value", "policy", "fact", "testimony", "reference"]


class Cross(torch.nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc = enc
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(enc.config.hidden_size, len(TYPES) + 1)

    def forward(self, ids, mask, seg):
        h = self.enc(input_ids=ids, attention_mask=mask, token_type_ids=seg).last_hidden_state
        m = (mask * (seg == 0)).unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return self.head(self.drop(pooled))


def contexts(frame):
    out = []
    for _, g in frame.groupby("group", sort=False):
        texts = g.text.tolist()
        for i in range(len(texts)):
            out.append(" ".join(texts[:i] + ["[TARGET]"] + texts[i + 1:]))
    return out


def encode(tok, a, b, max_len):
    enc = tok(a, b, truncation="longest_first", max_length=max_len)
    return enc["input_ids"], enc["token_type_ids"]


def collate(ids, segs, members, pad):
    w = max(len(ids[i]) for i in members)
    x = torch.full((len(members), w), pad, dtype=torch.long)
    s = torch.zeros((len(members), w), dtype=torch.long)
    m = torch.zeros((len(members), w), dtype=torch.long)
    for r, i in enumerate(members):
        n = len(ids[i])
        x[r, :n] = torch.tensor(ids[i]); s[r, :n] = torch.tensor(segs[i]); m[r, :n] = 1
    return x, m, s


@torch.no_grad()
def predict(model, ids, segs, pad, bs=64):
    model.eval()
    out = np.zeros((len(ids), len(TYPES) + 1), dtype=np.float32)
    order = np.argsort([len(x) for x in ids])
    for st in range(0, len(order), bs):
        mem = order[st:st + bs]
        out[mem] = model(*collate(ids, segs, mem, pad)).numpy()
    model.train()
    return out


def metrics(logits, frame):
    pred = np.array(TYPES)[logits[:, :5].argmax(1)]
    y = frame.claim_type.to_numpy()
    f5 = f1_score(y, pred, labels=TYPES, average="macro")
    f4 = f1_score(y, pred, labels=TYPES[:4], average="macro")
    auc = roc_auc_score(frame.unsupported_claim, logits[:, 5])
    return round(f5, 4), round(f4, 4), round(auc, 4)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--drop-context", type=float, default=0.3)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default="var/exp/claims_ft")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    f = load_cdcp("../shared/data")
    train_all, test = f[f.split == "train"].reset_index(drop=True), f[f.split == "test"].reset_index(drop=True)
    docs = train_all.group.unique()
    rng = np.random.default_rng(0)
    val_docs = set(rng.choice(docs, int(0.15 * len(docs)), replace=False))
    val = train_all[train_all.group.isin(val_docs)].reset_index(drop=True)
    train = train_all[~train_all.group.isin(val_docs)].reset_index(drop=True)
    tok = AutoTokenizer.from_pretrained(base_model_path())
    enc = AutoModel.from_pretrained(base_model_path())
    if args.layers < 6:
        enc.encoder.layer = enc.encoder.layer[:args.layers]
        enc.config.num_hidden_layers = args.layers
    model = Cross(enc)
    for p in model.enc.embeddings.word_embeddings.parameters():
        p.requires_grad_(False)
    sets = {}
    for name, fr in [("train", train), ("val", val), ("test", test)]:
        ctx = contexts(fr)
        sets[name] = (encode(tok, fr.text.tolist(), ctx, args.max_len), encode(tok, fr.text.tolist(), [""] * len(fr), args.max_len))
    (tr_ids, tr_seg), (tra_ids, tra_seg) = sets["train"]
    ytype = torch.tensor([TYPES.index(t) for t in train.claim_type])
    yuns = torch.tensor(train.unsupported_claim.to_numpy(), dtype=torch.float32)
    cw = torch.tensor(len(train) / (5 * np.bincount(ytype.numpy(), minlength=5).clip(1)), dtype=torch.float32).clamp(max=10)
    steps = math.ceil(len(train) / args.bs) * args.epochs
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warm = int(0.06 * steps)
    sch = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, (s + 1) / warm) * max(0, (steps - s) / (steps - warm)))
    pad = tok.pad_token_id
    step = 0
    t0 = time.time()
    history = []
    for epoch in range(args.epochs):
        order = np.random.default_rng(args.seed * 100 + epoch).permutation(len(train))
        for st in range(0, len(order), args.bs):
            mem = order[st:st + args.bs]
            drop = np.random.default_rng(step).random(len(mem)) < args.drop_context
            ids = [tra_ids[i] if d else tr_ids[i] for i, d in zip(mem, drop)]
            segs = [tra_seg[i] if d else tr_seg[i] for i, d in zip(mem, drop)]
            x, m, s = collate(ids, segs, np.arange(len(mem)), pad)
            out = model(x, m, s)
            loss = torch.nn.functional.cross_entropy(out[:, :5], ytype[mem], weight=cw) + \
                torch.nn.functional.binary_cross_entropy_with_logits(out[:, 5], yuns[mem])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step(); sch.step(); opt.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
        row = {"epoch": epoch + 1, "seconds": round(time.time() - t0)}
        for name in ("val", "test"):
            (ci, cs), (ai, as_) = sets[name]
            fr = val if name == "val" else test
            row[name + "_ctx"] = metrics(predict(model, ci, cs, pad), fr)
            row[name + "_alone"] = metrics(predict(model, ai, as_, pad), fr)
        print(json.dumps(row), flush=True)
        history.append(row)
    torch.save(model.state_dict(), args.out + ".pt")
    with open(args.out + ".json", "w") as handle:
        json.dump({"args": vars(args), "history": history}, handle, indent=1)


if __name__ == "__main__":
    main()

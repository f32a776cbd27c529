"""Fine-tune MiniLM as the claims cross-encoder on CDCP, and export it to a portable int8 ONNX graph.

    taskset -c 1 .venv/bin/python -m moderation.encoder_training.claims_cross train --epochs 3 --out var/exp/claims_ft_a
    .venv/bin/python -m moderation.encoder_training.claims_cross export var/exp/claims_ft_a.pt --out var/exp/cross

Training (training extra; ~30 min on one core): segment A the proposition, segment B the rest of its
comment built by `moderation.claims.cross.target_contexts` (the serving code's builder), 128 tokens,
longest-first truncation; mean pooling over segment A; a softmax over the 5 CDCP types (class-weighted)
and a sigmoid for `unsupported_claim` (value/policy/fact with no incoming link). Segment B is emptied for
30 % of rows so one model also scores a sentence alone. Word embeddings frozen; AdamW 5e-5, batch 16.
Validation = a seeded 15 % of CDCP train documents, fixed before training; the CDCP official test is
printed per epoch for the record, never used to choose. Results: bench/CLAIMS_CROSS.md.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import f1_score, roc_auc_score

from moderation.claims.cross import CROSS_TYPES, target_contexts

TYPES = list(CROSS_TYPES)


class Cross(torch.nn.Module):
    def __init__(self, enc: torch.nn.Module) -> None:
        super().__init__()
        self.enc = enc
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(enc.config.hidden_size, len(TYPES) + 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, seg: torch.Tensor) -> torch.Tensor:
        h = self.enc(input_ids=ids, attention_mask=mask, token_type_ids=seg).last_hidden_state
        m = (mask * (seg == 0)).unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return self.head(self.drop(pooled))


def contexts(frame: pd.DataFrame) -> list[str]:
    return target_contexts(frame.text.tolist(), pd.factorize(frame.group)[0])


def encode(tok, a, b, max_len):  # type: ignore[no-untyped-def]
    enc = tok(a, b, truncation="longest_first", max_length=max_len)
    return enc["input_ids"], enc["token_type_ids"]


def collate(ids, segs, members, pad):  # type: ignore[no-untyped-def]
    w = max(len(ids[i]) for i in members)
    x = torch.full((len(members), w), pad, dtype=torch.long)
    s = torch.zeros((len(members), w), dtype=torch.long)
    m = torch.zeros((len(members), w), dtype=torch.long)
    for r, i in enumerate(members):
        n = len(ids[i])
        x[r, :n] = torch.tensor(ids[i])
        s[r, :n] = torch.tensor(segs[i])
        m[r, :n] = 1
    return x, m, s


@torch.no_grad()
def predict(model, ids, segs, pad, bs=64):  # type: ignore[no-untyped-def]
    model.eval()
    out = np.zeros((len(ids), len(TYPES) + 1), dtype=np.float32)
    order = np.argsort([len(x) for x in ids])
    for st in range(0, len(order), bs):
        mem = order[st:st + bs]
        out[mem] = model(*collate(ids, segs, mem, pad)).numpy()
    model.train()
    return out


def metrics(logits: np.ndarray, frame: pd.DataFrame) -> tuple[float, float, float]:
    pred = np.array(TYPES)[logits[:, :5].argmax(1)]
    y = frame.claim_type.to_numpy()
    f5 = f1_score(y, pred, labels=TYPES, average="macro")
    f4 = f1_score(y, pred, labels=TYPES[:4], average="macro")
    auc = roc_auc_score(frame.unsupported_claim, logits[:, 5])
    return round(f5, 4), round(f4, 4), round(auc, 4)


def base_cross(layers: int = 6) -> tuple[Cross, object]:
    from transformers import AutoModel, AutoTokenizer

    from moderation.encoder_training.finetune import base_model_path

    tok = AutoTokenizer.from_pretrained(base_model_path())
    enc = AutoModel.from_pretrained(base_model_path())
    if layers < 6:
        enc.encoder.layer = enc.encoder.layer[:layers]
        enc.config.num_hidden_layers = layers
    return Cross(enc), tok


def train(args: argparse.Namespace) -> None:
    from moderation.data.cdcp import load_cdcp

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    f = load_cdcp(Path(args.data_dir))
    train_all, test = f[f.split == "train"].reset_index(drop=True), f[f.split == "test"].reset_index(drop=True)
    docs = train_all.group.unique()
    rng = np.random.default_rng(0)
    val_docs = set(rng.choice(docs, int(0.15 * len(docs)), replace=False))
    val = train_all[train_all.group.isin(val_docs)].reset_index(drop=True)
    train_rows = train_all[~train_all.group.isin(val_docs)].reset_index(drop=True)
    model, tok = base_cross(args.layers)
    for p in model.enc.embeddings.word_embeddings.parameters():
        p.requires_grad_(False)
    sets = {}
    for name, fr in [("train", train_rows), ("val", val), ("test", test)]:
        sets[name] = (encode(tok, fr.text.tolist(), contexts(fr), args.max_len),
                      encode(tok, fr.text.tolist(), [""] * len(fr), args.max_len))
    (tr_ids, tr_seg), (tra_ids, tra_seg) = sets["train"]
    ytype = torch.tensor([TYPES.index(t) for t in train_rows.claim_type])
    yuns = torch.tensor(train_rows.unsupported_claim.to_numpy(), dtype=torch.float32)
    cw = torch.tensor(len(train_rows) / (5 * np.bincount(ytype.numpy(), minlength=5).clip(1)),
                      dtype=torch.float32).clamp(max=10)
    steps = math.ceil(len(train_rows) / args.bs) * args.epochs
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warm = int(0.06 * steps)
    sch = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1, (s + 1) / warm) * max(0, (steps - s) / (steps - warm)))
    pad = tok.pad_token_id
    step, t0, history = 0, time.time(), []
    for epoch in range(args.epochs):
        order = np.random.default_rng(args.seed * 100 + epoch).permutation(len(train_rows))
        for st in range(0, len(order), args.bs):
            mem = order[st:st + args.bs]
            drop = np.random.default_rng(step).random(len(mem)) < args.drop_context
            ids = [tra_ids[i] if d else tr_ids[i] for i, d in zip(mem, drop, strict=True)]
            segs = [tra_seg[i] if d else tr_seg[i] for i, d in zip(mem, drop, strict=True)]
            out = model(*collate(ids, segs, np.arange(len(mem)), pad))
            loss = torch.nn.functional.cross_entropy(out[:, :5], ytype[mem], weight=cw) + \
                torch.nn.functional.binary_cross_entropy_with_logits(out[:, 5], yuns[mem])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sch.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
        row: dict[str, object] = {"epoch": epoch + 1, "seconds": round(time.time() - t0)}
        for name in ("val", "test"):
            (ci, cs), (ai, as_) = sets[name]
            fr = val if name == "val" else test
            row[name + "_ctx"] = metrics(predict(model, ci, cs, pad), fr)
            row[name + "_alone"] = metrics(predict(model, ai, as_, pad), fr)
        print(json.dumps(row), flush=True)
        history.append(row)
    torch.save(model.state_dict(), args.out + ".pt")
    Path(args.out + ".json").write_text(json.dumps({"args": vars(args), "history": history}, indent=1))


class _Logits(torch.nn.Module):
    def __init__(self, model: Cross) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids, attention_mask, token_type_ids)


def export(state_path: Path, out_dir: Path, layers: int = 6) -> tuple[Path, Path]:
    """fp32 ONNX graph, then dynamic int8 per channel, then the portable uint8 shift (`portable.py`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from moderation.encoder_training.portable import portable_bytes

    model, _ = base_cross(layers)
    model.load_state_dict(torch.load(state_path, weights_only=True))
    wrapped = _Logits(model.eval()).eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out_dir / "cross.fp32.onnx", out_dir / "cross.int8.onnx"
    ids = torch.ones((1, 12), dtype=torch.long)
    seg = torch.zeros_like(ids)
    seg[:, 6:] = 1
    axes = {"batch": 0, "tokens": 1}
    torch.onnx.export(wrapped, (ids, torch.ones_like(ids), seg), str(fp32), opset_version=17, dynamo=False,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={n: {v: k for k, v in axes.items()} for n in ("input_ids", "attention_mask", "token_type_ids")}
                      | {"logits": {0: "batch"}})
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    int8.write_bytes(portable_bytes(int8.read_bytes()))
    return fp32, int8


def check(int8: Path, data_dir: Path, max_len: int = 128) -> dict[str, object]:
    """CDCP official test through the serving runtime (`CrossEncoder`, one pair per run), in context and
    alone, and how often its tokens differ from the training tokenizer's."""
    from moderation.claims.cross import CrossEncoder
    from moderation.data.cdcp import load_cdcp
    from moderation.encoder_training.finetune import base_model_path

    _, tok = base_cross()
    test = load_cdcp(data_dir)
    test = test[test.split == "test"].reset_index(drop=True)
    runtime = CrossEncoder(int8.read_bytes(), (Path(base_model_path()) / "tokenizer.json").read_text(), max_len)
    ctx = contexts(test)
    ours = runtime.encode(test.text.tolist(), ctx)
    theirs, _ = encode(tok, test.text.tolist(), ctx, max_len)
    result: dict[str, object] = {"propositions": len(test),
                                 "token_mismatch_share": float(np.mean([a != b for (a, _), b in zip(ours, theirs, strict=True)]))}
    for name, second in (("in_context", ctx), ("alone", [""] * len(test))):
        f5, f4, auc = metrics(runtime.logits(test.text.tolist(), second), test)
        result[name] = {"type_macro_f1_5": f5, "type_macro_f1_4": f4, "unsupported_auc": auc}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--lr", type=float, default=5e-5)
    t.add_argument("--bs", type=int, default=16)
    t.add_argument("--max-len", type=int, default=128)
    t.add_argument("--drop-context", type=float, default=0.3)
    t.add_argument("--layers", type=int, default=6)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--data-dir", default="../shared/data")
    t.add_argument("--out", default="var/exp/claims_ft")
    e = sub.add_parser("export")
    e.add_argument("state", type=Path)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--layers", type=int, default=6)
    c = sub.add_parser("check")
    c.add_argument("int8", type=Path)
    c.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    if args.command == "train":
        train(args)
    elif args.command == "check":
        print(json.dumps(check(args.int8, args.data_dir), indent=1))
    else:
        fp32, int8 = export(args.state, args.out, args.layers)
        print(json.dumps({"fp32": str(fp32), "int8": str(int8), "int8_bytes": int8.stat().st_size}))


if __name__ == "__main__":
    main()

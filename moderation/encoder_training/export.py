"""Export a fine-tuned encoder (`finetune.py` output) to ONNX and quantise it to int8, per channel.

`python -m moderation.encoder_training.export var/encoder/seed0/model --out var/encoder/seed0/onnx`

Legacy (TorchScript) exporter at opset 17 with dynamic batch and sequence axes; outputs `logits` and
`pooled`. Dynamic int8 quantisation *per channel*: per-tensor int8 distorted MiniLM's embeddings (mean
cosine to fp32 0.954) while per-channel kept 0.992. The int8 weights are then shifted into uint8
(`portable.py`) so every CPU computes the same integers. `check` reports the int8 graph's agreement with fp32.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch


def load_classifier(model_dir: Path) -> torch.nn.Module:
    from transformers import AutoModel

    from moderation.encoder_training.finetune import EncoderClassifier

    head = torch.load(Path(model_dir) / "head.pt", weights_only=True)
    model = EncoderClassifier(AutoModel.from_pretrained(model_dir), head["weight"].shape[0])
    model.head.load_state_dict(head)
    return model.eval()


class _WithTokenStates(torch.nn.Module):
    """The classifier plus its last hidden states, so explanations need no second forward pass."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        hidden = self.model.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.model.head(pooled), pooled, hidden


def export(model_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from moderation.encoder_training.portable import portable_bytes

    out_dir.mkdir(parents=True, exist_ok=True)
    model = _WithTokenStates(load_classifier(model_dir)).eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    fp32, int8 = out_dir / "encoder.fp32.onnx", out_dir / "encoder.int8.onnx"
    torch.onnx.export(model, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["logits", "pooled", "hidden"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}, "pooled": {0: "batch"},
                                    "hidden": {0: "batch", 1: "tokens"}})
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    int8.write_bytes(portable_bytes(int8.read_bytes()))
    return fp32, int8


def encoder_from(onnx_path: Path, model_dir: Path, max_len: int, n_labels: int) -> object:
    from moderation.encoder import OnnxEncoder

    tokenizer_json = (Path(model_dir) / "tokenizer.json").read_text()
    return OnnxEncoder(Path(onnx_path).read_bytes(), tokenizer_json, max_len, n_labels)


def check(fp32_path: Path, int8_path: Path, model_dir: Path, texts: list[str], max_len: int, n_labels: int) -> dict:
    """Mean cosine of pooled embeddings and max |Δ sigmoid| between the fp32 and int8 graphs."""
    a = encoder_from(fp32_path, model_dir, max_len, n_labels)
    b = encoder_from(int8_path, model_dir, max_len, n_labels)
    (la, pa), (lb, pb) = a.run(texts), b.run(texts)  # type: ignore[attr-defined]
    cos = (pa * pb).sum(1) / (np.linalg.norm(pa, axis=1) * np.linalg.norm(pb, axis=1))
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    return {"mean_cosine": float(cos.mean()), "min_cosine": float(cos.min()),
            "max_abs_probability_change": float(np.abs(sig(la) - sig(lb)).max()), "texts": len(texts)}


def materialise_checkpoint(checkpoint: Path, model_dir: Path, max_len: int = 96) -> Path:
    """A `finetune.py`-style model folder from a mid-run checkpoint (to try the pipeline before the end)."""
    from transformers import AutoModel, AutoTokenizer

    from moderation.encoder_training.finetune import EncoderClassifier, base_model_path
    from moderation.types import INCIVILITY_LABELS

    model = EncoderClassifier(AutoModel.from_pretrained(base_model_path()), len(INCIVILITY_LABELS))
    state = torch.load(checkpoint, weights_only=False)
    model.load_state_dict(state["model"])
    model_dir.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(model_dir)
    AutoTokenizer.from_pretrained(base_model_path()).save_pretrained(model_dir)
    torch.save(model.head.state_dict(), model_dir / "head.pt")
    (model_dir / "training.json").write_text(json.dumps({
        "labels": [label.value for label in INCIVILITY_LABELS], "max_len": max_len,
        "checkpoint_step": state["step"], "history": state["history"]}))
    return model_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--from-checkpoint", type=Path, default=None)
    args = parser.parse_args()
    if args.from_checkpoint is not None:
        materialise_checkpoint(args.from_checkpoint, args.model_dir)
    fp32, int8 = export(args.model_dir, args.out)
    info = json.loads((args.model_dir / "training.json").read_text())
    texts = ["Thanks for the careful reporting on this.", "What an idiot.", "I will find you and hurt you.",
             "Muslims are vermin and should all be deported.", "The council voted 7-2 on the budget."]
    agreement = check(fp32, int8, args.model_dir, texts * 4, info["max_len"], len(info["labels"]))
    (args.out / "quantisation.json").write_text(json.dumps(agreement, indent=1))
    print(fp32, fp32.stat().st_size, int8, int8.stat().st_size, agreement)


if __name__ == "__main__":
    main()

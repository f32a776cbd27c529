"""Does the bundled encoder give the same scores on every CPU? The shipped graph vs the old one, one run.

The shipped graph has uint8 weights (U8U8 kernels: exact integer products on every CPU,
`moderation/encoder_training/portable.py`). Shifting them back by -128 rebuilds the graph the previous
artifact (moderator-20261203-d9da1626) shipped, with int8 weights (U8S8), whose AVX2 kernel saturates.
On a VNNI CPU the two give the same numbers; on an AVX2-only CPU they do not, and that difference is what
moved scores from one server to another. Reported: encoder comments per CPU-second for both graphs, the
largest probability change between them, and how many comments change flagged labels at the model's
thresholds. Usage: `taskset -c 0 .venv/bin/python bench/encoder_portability.py [--n 1000]`; writes
`reports/bench/encoder_portability.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import onnx
from onnx import numpy_helper
from rich.console import Console
from rich.table import Table

from moderation.data import load_incivility
from moderation.model import Moderator


def unshifted(graph: bytes) -> bytes:
    model = onnx.load_from_string(graph)
    inits = {i.name: i for i in model.graph.initializer}
    for name in {n.input[i] for n in model.graph.node if n.op_type == "MatMulInteger" for i in (1, 3)}:
        values = numpy_helper.to_array(inits[name]).astype(np.int16) - 128
        inits[name].CopyFrom(numpy_helper.from_array(values.astype(np.int8), name))
    return model.SerializeToString()


def cpu_flags() -> list[str]:
    try:
        words = set(Path("/proc/cpuinfo").read_text().split())
    except OSError:
        return []
    return sorted(words & {"avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", default="reports/bench/encoder_portability.json")
    args = parser.parse_args()
    frame = load_incivility(sources=("c3", "ucc")).frame
    texts = frame["text"].sample(n=min(args.n, len(frame)), random_state=0).tolist()
    moderator = Moderator.load()
    encoder = moderator.components["incivility"].encoder.encoder
    graphs = {"shipped (uint8 weights, U8U8)": bytes(encoder.model_bytes)}
    graphs["old (int8 weights, U8S8)"] = unshifted(graphs["shipped (uint8 weights, U8U8)"])
    probabilities, rates = {}, {}
    for name, graph in graphs.items():
        encoder.model_bytes, encoder._session = np.frombuffer(graph, dtype=np.uint8), None
        moderator.probabilities(texts[:20])
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            encoder.run(texts)
            best = min(best, time.process_time() - start)
        rates[name] = len(texts) / best
        probabilities[name] = moderator.probabilities(texts)
    new, old = probabilities.values()
    thresholds = np.array([moderator.thresholds.get(label, 0.5) for label in moderator.labels])
    flips = int(((new >= thresholds) != (old >= thresholds)).any(axis=1).sum())
    result = {"model": moderator.version, "cpu_flags": cpu_flags(), "comments": len(texts),
              "encoder_comments_per_cpu_s": rates,
              "speed_ratio_shipped_to_old": rates[next(iter(rates))] / rates[list(rates)[1]],
              "max_abs_probability_change": float(np.abs(new - old).max()),
              "mean_abs_probability_change": float(np.abs(new - old).mean()),
              "comments_whose_flags_change": flips}
    table = Table(title=f"Encoder graph portability on this CPU ({', '.join(result['cpu_flags']) or 'flags unknown'})")
    for column in ("graph", "encoder comments / CPU-s"):
        table.add_column(column)
    for name, rate in rates.items():
        table.add_row(name, f"{rate:.0f}")
    Console().print(table)
    print(f"max |dp| {result['max_abs_probability_change']:.3f}, mean |dp| {result['mean_abs_probability_change']:.4f}, "
          f"comments whose flags change: {flips} of {len(texts)}, speed ratio {result['speed_ratio_shipped_to_old']:.2f}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

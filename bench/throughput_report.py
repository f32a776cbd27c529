"""Tables and plots for `bench/throughput.py` (kept apart so the measuring script stays short)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from rich.console import Console
from rich.table import Table

REFERENCE = "ours: Moderator.score, all labels, explain off"


def print_tables(report: dict[str, Any]) -> None:
    console = Console(width=140)
    rows = report["rows"]
    ref = rows[REFERENCE]
    table = Table(title=f"{report['model']}: {report['n_comments']} real comments "
                        f"(mean {report['mean_chars']:.0f} chars), one core, one thread")
    for column in ("system", "comments/s (wall)", "comments/CPU-s", "ours ÷ it (CPU)", "n"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name, row in rows.items():
        ratio = ref["per_cpu_second"] / row["per_cpu_second"] if row["per_cpu_second"] else float("nan")
        table.add_row(name, f"{row['per_second']:,.0f}", f"{row['per_cpu_second']:,.0f}", f"{ratio:.2f}",
                      str(row["n"]))
    console.print(table)
    if report.get("all_cores"):
        multi = report["all_cores"]
        console.print(f"all cores: {multi['processes']} processes, {multi['per_second']:,.0f} comments/s (wall)")
    memory = report["memory_and_load"]
    console.print(
        f"artifact {memory['artifact_bytes'] / 1e6:.1f} MB; import {memory['import_seconds']:.2f} s, "
        f"load {memory['load_seconds']:.2f} s, first score {memory['first_score_seconds']:.2f} s; RSS after load "
        f"{memory['rss_after_load_mb']:.0f} MB, after 1,000 comments {memory['rss_after_1000_mb']:.0f} MB, "
        f"peak {memory['peak_rss_mb']:.0f} MB")
    curves = Table(title="cost curves (one core, CPU-time rates)")
    for column in ("words/comment", "comments/CPU-s", "words/CPU-s", "", "batch size", "comments/CPU-s "):
        curves.add_column(column, justify="right")
    length, batch = report["curves"]["length"], report["curves"]["batch"]
    for i in range(max(len(length), len(batch))):
        left = ([f"{length[i]['words']:,}", f"{length[i]['per_cpu_second']:,.0f}",
                 f"{length[i]['words_per_cpu_second']:,.0f}"] if i < len(length) else ["", "", ""])
        right = [f"{batch[i]['batch']:,}", f"{batch[i]['per_cpu_second']:,.0f}"] if i < len(batch) else ["", ""]
        curves.add_row(*left, "", *right)
    console.print(curves)
    for note in report.get("notes", []):
        console.print(f"note: {note}")
    console.print(f"load average before/after: {report['load_average_before']} / {report['load_average_after']}")


def plot_curves(curves: dict[str, list[dict[str, Any]]], out: Path) -> None:
    length = curves["length"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    words = [p["words"] for p in length]
    axes[0].loglog(words, [p["per_cpu_second"] for p in length], "o-")
    axes[0].set(xlabel="words per comment", ylabel="comments per CPU second", title="throughput vs length")
    axes[1].semilogx(words, [p["words_per_cpu_second"] for p in length], "o-")
    axes[1].set(xlabel="words per comment", ylabel="words per CPU second",
                title="flat = linear cost in length")
    axes[1].set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(out / "throughput_length.png", dpi=100)
    plt.close(fig)
    batch = curves["batch"]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.semilogx([p["batch"] for p in batch], [p["per_cpu_second"] for p in batch], "o-")
    ax.set(xlabel="batch size (comments per score call)", ylabel="comments per CPU second",
           title="throughput vs batch size")
    ax.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(out / "throughput_batch.png", dpi=100)
    plt.close(fig)

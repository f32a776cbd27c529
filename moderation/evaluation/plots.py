"""PNG figures for the evaluation report: ROC and precision-recall curves, reliability diagrams.

One figure per (split, label) with every system overlaid, so the side-by-side comparison the table
gives in numbers is also visible as curves. Agg backend: no display is needed (servers, CI).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray
from sklearn.metrics import precision_recall_curve, roc_curve

from moderation.evaluation.metrics import clean_pairs, reliability_bins

Curves = Mapping[str, tuple[NDArray[np.float64], NDArray[np.float64]]]


def _usable(y_true: NDArray[np.float64], y_score: NDArray[np.float64]) -> bool:
    y, _ = clean_pairs(y_true, y_score)
    return bool(y.size) and 0 < int(y.sum()) < y.size


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def roc_figure(curves: Curves, title: str, path: Path) -> Path:
    """`curves` maps a system name to (y_true, y_score)."""
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (y_true, y_score) in curves.items():
        if _usable(y_true, y_score):
            fpr, tpr, _ = roc_curve(*clean_pairs(y_true, y_score))
            ax.plot(fpr, tpr, label=name)
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title=f"ROC: {title}")
    ax.legend(loc="lower right", fontsize="small")
    return _save(fig, path)


def pr_figure(curves: Curves, title: str, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (y_true, y_score) in curves.items():
        if _usable(y_true, y_score):
            precision, recall, _ = precision_recall_curve(*clean_pairs(y_true, y_score))
            ax.plot(recall, precision, label=name)
    ax.set(xlabel="recall", ylabel="precision", title=f"Precision-recall: {title}", ylim=(0, 1.02))
    ax.legend(loc="upper right", fontsize="small")
    return _save(fig, path)


def reliability_figure(curves: Curves, title: str, path: Path) -> Path:
    """Observed positive rate against mean predicted probability per bin (calibrated systems only)."""
    fig, ax = plt.subplots(figsize=(5, 5))
    for name, (y_true, y_prob) in curves.items():
        bins = reliability_bins(y_true, y_prob)
        filled = [i for i, count in enumerate(bins.counts) if count]
        ax.plot([bins.mean_predicted[i] for i in filled], [bins.observed_rate[i] for i in filled],
                marker="o", label=name)
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    ax.set(xlabel="mean predicted probability", ylabel="observed positive rate",
           title=f"Reliability: {title}", xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="upper left", fontsize="small")
    return _save(fig, path)

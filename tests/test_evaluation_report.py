"""The whole comparison on a tiny fake model and tiny data: JSON keys, PNGs, tables, baseline, VADER."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from moderation.evaluation.job import EvaluationOptions, evaluate
from moderation.evaluation.report import print_report, write_report
from moderation.evaluation.splits import EvalSplit, TrainingRows
from moderation.types import Label, Scores

RUDE = ("idiot", "stupid", "moron", "liar", "hate")
CIVIL = ["Thanks for the article", "I agree with the minister", "Good point about the budget",
         "The report was clear", "We should fund schools", "Interesting analysis of the vote"]
UNCIVIL = ["You are an idiot", "What a stupid moron", "Liar in chief", "I hate you idiot",
           "Stupid liar", "Moron, read the article"]


class KeywordModerator:
    """Fake with Moderator's interface: incivility rises with rude words."""

    version = "keyword-fake"
    labels = (Label.INCIVILITY, Label.INSULT)
    def __init__(self) -> None:
        self.thresholds = {Label.INCIVILITY: 0.5, Label.INSULT: 0.5}
        self.card: dict[str, object] = {}

    def score(self, texts, explain=False, context=None):
        out = []
        for text in texts:
            hits = sum(word in text.lower() for word in RUDE)
            p = min(0.15 + 0.4 * hits, 0.95)
            out.append(Scores({Label.INCIVILITY: p, Label.INSULT: p * 0.9}))
        return out


def _split(name: str, civil: list[str], uncivil: list[str]) -> EvalSplit:
    y = np.r_[np.zeros(len(civil)), np.ones(len(uncivil))]
    insult = y.copy()
    insult[0] = np.nan
    return EvalSplit(name, f"{name} (tiny)", tuple(civil + uncivil), {Label.INCIVILITY: y, Label.INSULT: insult})


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    (root / "fairness").mkdir()
    rows = [("verb_adj", tox, f"{verb} {term}") for term in ("gay", "muslim", "canadian")
            for verb, tox in (("hug", "nontoxic"), ("love", "nontoxic"), ("hate", "toxic"), ("kill", "toxic"))]
    pd.DataFrame(rows, columns=["template", "toxicity", "phrase"]).to_csv(
        root / "fairness" / "en_sentence_templates.csv", index=False)
    return root


@pytest.fixture(scope="module")
def report(tiny_data: Path, tmp_path_factory) -> tuple[Path, object]:
    train = TrainingRows(tuple(CIVIL * 3 + UNCIVIL * 3), {Label.INCIVILITY: np.r_[np.zeros(18), np.ones(18)]})
    splits = [_split("alpha:test", CIVIL, UNCIVIL), _split("beta:test", CIVIL[:4], UNCIVIL[:3])]
    out = tmp_path_factory.mktemp("report")
    options = EvaluationOptions(data_dir=tiny_data, out_dir=out, peers=False, robustness_per_group=5)
    evaluation = evaluate(KeywordModerator(), splits, [train], options)
    return write_report(evaluation, out), evaluation


def test_json_has_every_section_and_all_systems(report) -> None:
    path, _ = report
    data = json.loads(path.read_text())
    assert set(data) >= {"context", "systems", "splits", "metrics", "fairness", "robustness", "plots", "notes"}
    assert set(data["systems"]) == {"ours", "tfidf_lr", "vader"}
    assert data["context"]["model_version"] == "keyword-fake"
    systems_on_alpha = {m["system"] for m in data["metrics"] if m["split"] == "alpha:test"
                        and m["label"] == "incivility"}
    assert systems_on_alpha == {"ours", "tfidf_lr", "vader"}
    assert set(data["fairness"]["summary"]) == {"ours", "tfidf_lr", "vader"}
    assert {"min_bpsn_auc", "min_bpsn_auc_term"} <= set(data["fairness"]["summary"]["ours"])


def test_metrics_are_the_fake_models_true_numbers(report) -> None:
    path, _ = report
    rows = json.loads(path.read_text())["metrics"]
    ours = next(m for m in rows if m["split"] == "alpha:test" and m["label"] == "incivility"
                and m["system"] == "ours")
    assert ours["roc_auc"] == pytest.approx(1.0)
    assert ours["f1"] == pytest.approx(1.0)
    assert (ours["n"], ours["positives"]) == (12, 6)
    insult = next(m for m in rows if m["split"] == "alpha:test" and m["label"] == "insult"
                  and m["system"] == "ours")
    assert insult["n"] == 11  # the NaN target row is left out, not counted as negative


def test_pngs_are_written_for_every_split_and_label(report) -> None:
    path, evaluation = report
    names = json.loads(path.read_text())["plots"]
    assert len(names) == 3 * len(evaluation.curves)
    assert "alpha_test__incivility__roc.png" in names
    for name in names:
        assert (path.parent / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_obfuscation_rows_cover_civil_and_uncivil(report) -> None:
    path, _ = report
    rows = json.loads(path.read_text())["robustness"]
    assert {(r["system"], r["group"]) for r in rows} >= {
        ("ours", "uncivil"), ("ours", "civil")}
    assert all(r["n"] == 5 for r in rows)


def test_console_report_prints_the_tables(report) -> None:
    _, evaluation = report
    console = Console(record=True, width=160)
    print_report(evaluation, console)
    text = console.export_text()
    assert "ROC-AUC" in text and "BPSN" in text and "Obfuscation" in text
    assert "tfidf_lr" in text and "vader" in text


@pytest.mark.shared_data
@pytest.mark.slow
def test_evaluate_command_end_to_end_on_a_tiny_model(data_dir: Path, tmp_path: Path) -> None:
    """The real CLI on the real splits, sampled small: a tiny saved model, no peers."""
    import os
    import subprocess
    import sys

    from tiny_incivility import tiny_model

    from moderation.model import Moderator

    component = tiny_model()
    moderator = Moderator({"incivility": component}, {label: 0.5 for label in component.labels_},
                          {"summary": "tiny test model", "metrics": {}})
    stem = moderator.save(tmp_path / "models", "tiny")
    out = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "moderation.cli", "evaluate", "--model", str(tmp_path / "models" / f"{stem}.joblib"),
         "--data-dir", str(data_dir), "--out", str(out), "--no-peers", "--max-rows", "80",
         "--max-train-rows", "400", "--fairness-rows", "400", "--robustness-rows", "20"],
        capture_output=True, text=True, check=False,
        env=os.environ | {"MODERATION_MODELS_DIR": str(tmp_path / "models")},
    )
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "evaluation.json").read_text())
    assert data["context"]["model_version"] == stem
    assert {"c3:test", "toxic_spans:test", "sfu_ctc:test"} <= set(data["splits"])
    ours = {(m["split"], m["label"]) for m in data["metrics"] if m["system"] == "ours"}
    assert ("sfu_ctc:test", "incivility") in ours and ("c3:test", "incivility") in ours
    assert {"ours", "tfidf_lr", "vader"} <= set(data["fairness"]["summary"])
    assert (out / "c3_test__incivility__roc.png").is_file()
    assert (out / "sfu_ctc_test__incivility__reliability.png").is_file()
    assert "ROC-AUC" in done.stdout and "BPSN" in done.stdout

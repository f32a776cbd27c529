"""The encoder at serving time (ONNX Runtime + tokenizers) and the blended component, on the bundled model."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest

from moderation.model import Moderator, get_moderator
from moderation.types import INCIVILITY_LABELS, Label


@pytest.fixture(scope="module")
def blend(request: pytest.FixtureRequest):
    component = get_moderator().components["incivility"]
    if not hasattr(component, "parts"):
        pytest.fail("the bundled model's incivility component is not the blended encoder + n-gram one")
    return component


def test_encoder_returns_one_row_per_text_and_nothing_for_none(blend) -> None:
    logits, pooled = blend.encoder.encoder.run(["What an idiot.", "Thanks for the report.", ""])
    assert logits.shape == (3, len(INCIVILITY_LABELS)) and pooled.shape == (3, 384)
    empty_logits, _ = blend.encoder.encoder.run([])
    assert empty_logits.shape == (0, len(INCIVILITY_LABELS))


def test_order_and_batching_do_not_change_scores(blend) -> None:
    texts = ["Thanks.", "You are a pathetic idiot and a liar. " * 3, "The budget passed 7-2.", "moron"]
    together = blend.encoder.predict_proba(texts)
    alone = np.vstack([blend.encoder.predict_proba([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-7)
    assert np.allclose(blend.encoder.predict_proba(texts[::-1])[::-1], together, atol=1e-7)


def test_a_comments_scores_do_not_depend_on_its_batch_mates(blend) -> None:
    """Dynamic int8 sets its activation scale per input tensor; batched, a comment's logits moved by up
    to 0.27 with its batch mates. Each window runs alone, so scoring is exact whatever the batch."""
    texts = ["Thanks.", "You are a pathetic idiot and a liar. " * 3, "The budget passed 7-2.", "moron",
             "A much longer comment about the council budget and its many line items. " * 12]
    together, pooled = blend.encoder.encoder.run(texts)
    for i, text in enumerate(texts):
        alone, alone_pooled = blend.encoder.encoder.run([text])
        assert np.array_equal(alone[0], together[i]) and np.array_equal(alone_pooled[0], pooled[i])


def test_an_insult_at_the_end_of_a_long_comment_still_counts(blend) -> None:
    civil = "The council met on Tuesday to discuss the new budget and the plans for the library. " * 12
    with_insult = civil + "Anyone who supports this is a brain-dead moron."
    p_civil, p_insult = blend.encoder.predict_proba([civil, with_insult])
    j = blend.labels_.index(Label.INSULT)
    assert p_insult[j] > p_civil[j] + 0.2


def test_encoder_pickles_without_its_session(blend) -> None:
    encoder = blend.encoder.encoder
    encoder.run(["warm up"])
    clone = pickle.loads(pickle.dumps(encoder))
    assert clone._session is None
    a, _ = encoder.run(["What an idiot."])
    b, _ = clone.run(["What an idiot."])
    assert np.allclose(a, b)


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_blend_weight_selects_a_part(blend, weight: float) -> None:
    n, e = np.array([[0.2] * 6]), np.array([[0.8] * 6])
    saved = list(blend.weights)
    try:
        blend.weights = [weight] * 6
        out = blend.combine(n, e)
        ref = blend.combine(e if weight == 1.0 else n, e if weight == 1.0 else n)
        assert np.allclose(out, ref)
    finally:
        blend.weights = saved


def test_blend_probabilities_are_monotone_in_each_part(blend) -> None:
    low, high = np.full((1, 6), 0.3), np.full((1, 6), 0.7)
    assert (blend.combine(high, high) >= blend.combine(low, low)).all()


def test_serving_path_imports_no_training_code_nor_torch() -> None:
    code = (
        "import sys\n"
        "from moderation.model import Moderator\n"
        "m = Moderator.load()\n"
        "m.score(['What an idiot.', 'Thanks for the report.'], explain=True)\n"
        "import api.main\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('torch', 'transformers') or k.startswith(("
        "'moderation.train', 'moderation.data', 'moderation.encoder_training', 'moderation.retrain', "
        "'moderation.evaluation', 'moderation.claims.train', 'moderation.cards')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == "", out.stdout


def test_card_names_the_encoder_and_every_training_corpus_with_its_licence() -> None:
    card = Moderator.load().card
    assert "MiniLM" in card["encoder"]["base_model"]
    for name in ("hatexplain", "hateval", "olid", "stormfront", "convabuse", "c3", "toxic_spans"):
        assert card["data"][name]["licence"], name

"""The short CI version of bench/soak.py: 30 s at 20 req/s on the real server and default model.

Same code as the 10-minute soak (every route in the mix, open loop, RSS of the server's process
tree sampled each second): no request may fail and RSS after a 10 s warm-up must stay within 10%
of its baseline. Latency is printed, not asserted (timing belongs to the bench, not to a test).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from moderation.config import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench" / "soak.py"


def _load_bench():
    sys.path.insert(0, str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("soak", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    from moderation.artifact import resolve_artifact
    from moderation.errors import ArtifactError

    try:
        resolve_artifact(None)  # the server loads (and verifies) it; here: is there one at all?
    except ArtifactError as exc:
        message = f"the committed default model is not available: {exc}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return _load_bench()


@pytest.mark.slow
def test_short_soak_has_no_errors_and_flat_memory(bench, tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    report = bench.main(
        [
            "--seconds",
            "30",
            "--rate",
            "20",
            "--warmup-seconds",
            "10",
            "--window-seconds",
            "5",
            "--out",
            str(out),
        ]
    )
    assert report.requests == 600
    assert report.errors == 0, report.error_kinds
    assert set(report.per_route) == {"moderate", "perspective", "coral", "feedback"}
    assert report.rss_flat, f"RSS grew {report.rss_growth:+.1%} after warm-up"
    assert out.is_file()

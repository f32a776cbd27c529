"""Ahead-of-time kernels (`moderation.inference.jit`): the build is used when it matches the sources, gives
the JIT's results, and anything it cannot serve (no build, a stale build, other argument types,
`MODERATION_AOT=0`) falls back to numba's JIT."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from moderation.inference import jit

TOY = '''
import numpy as np
from moderation.inference.jit import kernel


@kernel(inline=True)
def _square(x):
    return x * x


@kernel("f8(f8[::1])")
def sum_squares(values):
    total = 0.0
    for v in values:
        total += _square(v)
    return total
'''


@pytest.fixture(scope="module")
def toy_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-kernel module `toy_kernels` in a temporary folder, built once into its `build` folder."""
    folder = tmp_path_factory.mktemp("toy")
    (folder / "toy_kernels.py").write_text(TOY)
    saved = jit.AOT_MODULES
    sys.path.insert(0, str(folder))
    try:
        jit.AOT_MODULES = ("toy_kernels",)
        sys.modules.pop("toy_kernels", None)
        jit.build(folder / "build")
    finally:
        jit.AOT_MODULES = saved
        sys.path.remove(str(folder))
        sys.modules.pop("toy_kernels", None)
    return folder


@pytest.fixture()
def toy(toy_build: Path, monkeypatch: pytest.MonkeyPatch):
    (toy_build / "toy_kernels.py").write_text(TOY)
    monkeypatch.syspath_prepend(str(toy_build))
    monkeypatch.setattr(jit, "AOT_MODULES", ("toy_kernels",))
    monkeypatch.setattr(jit, "BUILD_DIR", toy_build / "build")
    monkeypatch.delenv("MODERATION_AOT", raising=False)
    yield toy_build
    sys.modules.pop("toy_kernels", None)
    jit._aot_module.cache_clear()


def _fresh_toy():
    sys.modules.pop("toy_kernels", None)
    jit._aot_module.cache_clear()
    return importlib.import_module("toy_kernels")


def test_build_is_used_and_matches_the_jit(toy: Path) -> None:
    module = _fresh_toy()
    values = np.linspace(-2, 3, 101)
    assert module.sum_squares(values) == pytest.approx(float(np.sum(values**2)), rel=1e-12)
    assert module.sum_squares.uses_aot
    assert module.sum_squares(values) == module.sum_squares.jit(values)


def test_other_argument_types_fall_back_to_the_jit(toy: Path) -> None:
    module = _fresh_toy()
    values = np.linspace(-2, 3, 101)
    assert module.sum_squares(values[::2]) == pytest.approx(float(np.sum(values[::2] ** 2)))  # not contiguous
    assert module.sum_squares(values.astype(np.float32)) == pytest.approx(float(np.sum(values**2)), rel=1e-5)


@pytest.mark.parametrize("how", ["stale-source", "disabled", "no-build"])
def test_unusable_build_means_jit(toy: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "stale-source":
        (toy / "toy_kernels.py").write_text(TOY + "\n# edited\n")
    elif how == "disabled":
        monkeypatch.setenv("MODERATION_AOT", "0")
    else:
        monkeypatch.setattr(jit, "BUILD_DIR", toy / "nothing-built-here")
    module = _fresh_toy()
    assert module.sum_squares(np.ones(4)) == 4.0
    assert not module.sum_squares.uses_aot


def test_ensure_built_reuses_a_current_build_and_reports_failures(
        toy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert jit.ensure_built() == jit.build_path()
    monkeypatch.setenv("MODERATION_AOT", "0")
    assert jit.ensure_built() is None
    monkeypatch.delenv("MODERATION_AOT")
    monkeypatch.setattr(jit, "BUILD_DIR", toy / "empty")
    monkeypatch.setattr(sys, "executable", "/bin/false")
    assert jit.ensure_built() is None
    assert "using numba's JIT" in capsys.readouterr().err


def test_ensure_built_without_waiting_starts_the_build_in_the_background(
        toy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **options: started.append(command))
    monkeypatch.setattr(jit, "BUILD_DIR", toy / "empty")
    assert jit.ensure_built(wait=False) is None
    assert started == [[sys.executable, "-m", "moderation.inference.jit", "ensure"]]


def test_real_kernels_build_matches_jit_when_present() -> None:
    """Whenever this checkout has a current build, it must give exactly the JIT's decision values."""
    from moderation.inference import kernel

    if jit._aot_module() is None:
        pytest.skip("no ahead-of-time build for these sources (python -m moderation.inference.jit build)")
    from tiny_incivility import tiny_model

    from moderation.inference.incivility import CompiledIncivility

    compiled = CompiledIncivility(tiny_model())
    texts = ["You STUPID idiot!!!", "thanks for the article", "", "é ü ß 😀 naïve café", "a" * 3000]
    aot = compiled.decision_function(texts)
    assert kernel.score_batch.uses_aot
    kernel.score_batch._aot = None  # force the JIT for the same call
    try:
        assert np.array_equal(compiled.decision_function(texts), aot)
    finally:
        kernel.score_batch._resolved = False

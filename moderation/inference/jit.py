"""Compiled kernels without numba at run time: an ahead-of-time build when there is one, numba's JIT otherwise.

Why: numba keeps LLVM (llvmlite, ~70 MB of resident library pages) and its own modules (~50 MB) in every
process that calls a kernel, even when the machine code comes from numba's on-disk cache, and importing it
costs ~0.35 s. The same kernels compiled ahead of time (numba's `pycc`) are a plain extension module of a
few hundred kB that needs only numpy. `python -m moderation.inference.jit build` writes that module into
this package's `__pycache__`, named by a hash of the kernel modules' sources and the numba / numpy / Python
versions, so a stale build is never used; `ensure_built()` (run by `scripts/_env.sh`, started in the
background by `moderation serve`) builds it when it is missing. Without a build (or with `MODERATION_AOT=0`, or for arguments
the build was not compiled for) a kernel is compiled by numba at first call, exactly as before.

Use `@kernel("f8[::1](u1[::1], i8[::1])")` instead of `@numba.njit(cache=True)` on an entry point
called from Python (the signature is what the ahead-of-time build compiles), and `@kernel(inline=True)` on a
helper only called from other kernels. The module must be listed in `AOT_MODULES`. Nothing imports numba
until a kernel actually needs the JIT.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import sys
import tempfile
import threading
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

AOT_MODULES: tuple[str, ...] = ("moderation.inference.kernel", "moderation.inference.normalise",
                                 "moderation.claims.features", "moderation.claims.links")
"""Modules whose `@kernel` entry points go into the ahead-of-time build (their sources key its name; a
module still on plain `numba.njit` contributes nothing to the build and keeps numba's JIT)."""
BUILD_DIR = Path(__file__).resolve().parent / "__pycache__"

_KERNELS: dict[tuple[str, str], Kernel] = {}
"""Every kernel by (module, name); a re-imported module's kernels replace the earlier ones."""
_LOCK = threading.RLock()


_DTYPES = {"u1": "uint8", "i8": "int64", "f4": "float32", "f8": "float64", "b1": "bool"}


def _split_top(text: str) -> list[str]:
    """`text` split at the commas outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += 1 if char in "[(" else -1 if char in "])" else 0
        if char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _argument_check(spec: str) -> Callable[[Any], bool]:
    """A predicate: does a Python argument have exactly the type `spec` (e.g. `f4[:, ::1]`) describes?

    The ahead-of-time module does not check its arguments (a float64 array where float32 was compiled
    crashes the process), so every call is checked here and anything else goes to the JIT.
    """
    import numpy as np

    if spec.startswith("UniTuple(") and spec.endswith(")"):
        inner, count = _split_top(spec[len("UniTuple("):-1])
        check, size = _argument_check(inner), int(count)
        return lambda value: isinstance(value, tuple) and len(value) == size and all(map(check, value))
    if "[" in spec:
        code, dims = spec[:-1].split("[", 1)
        dtype, ndim = np.dtype(_DTYPES[code]), len(_split_top(dims))
        contiguous = _split_top(dims)[-1] == "::1"
        return lambda value: (isinstance(value, np.ndarray) and value.dtype == dtype and value.ndim == ndim
                              and (not contiguous or value.flags.c_contiguous) and value.flags.aligned)
    if spec == "i8":
        return lambda value: isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
    if spec == "f8":
        return lambda value: isinstance(value, float | int | np.floating | np.integer)
    if spec == "b1":
        return lambda value: isinstance(value, bool | np.bool_)
    raise ValueError(f"kernel signature type {spec!r} is not supported by the argument check")


def _signature_checks(signature: str) -> list[Callable[[Any], bool]]:
    """One argument check per parameter of `"RETURN(ARG, ARG, ...)"` (the last parenthesised group)."""
    text = signature.strip()
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return [_argument_check(spec) for spec in _split_top(text[i + 1:-1])]
    raise ValueError(f"unbalanced kernel signature {signature!r}")


class Kernel:
    """A kernel function: calls the ahead-of-time build's version if there is one, else numba's JIT."""

    def __init__(self, func: Callable[..., Any], signature: str | None, inline: bool) -> None:
        self.py_func = func
        self.signature = signature
        self.inline = inline
        self.module = func.__module__
        self.name = func.__name__
        self.export_name = f"{self.module.rsplit('.', 1)[-1]}__{self.name}"
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__
        self.__wrapped__ = func
        self._checks = _signature_checks(signature) if signature is not None else []
        self._aot: Callable[..., Any] | None = None
        self._jit: Any = None
        self._resolved = False

    def __call__(self, *args: Any) -> Any:
        if not self._resolved:
            with _LOCK:
                self._aot = _aot_function(self)
                self._resolved = True
        if (self._aot is not None and len(args) == len(self._checks)
                and all(check(arg) for check, arg in zip(self._checks, args))):
            return self._aot(*args)
        return self.jit(*args)  # no build, or arguments of other types than it was compiled for

    @property
    def jit(self) -> Any:
        """numba's dispatcher for this kernel (imports numba and compiles or loads its cache)."""
        if self._jit is None:
            materialise()
        return self._jit

    @property
    def uses_aot(self) -> bool:
        """True when calls go to the ahead-of-time build (after the first call resolved it)."""
        return self._aot is not None


def kernel(signature: str | None = None, *, inline: bool = False) -> Callable[[Callable[..., Any]], Kernel]:
    """Decorator: a `Kernel` (see the module docstring)."""

    def wrap(func: Callable[..., Any]) -> Kernel:
        found = Kernel(func, signature, inline)
        with _LOCK:
            _KERNELS[found.module, found.name] = found
        return found

    return wrap


def materialise() -> None:
    """Give every registered kernel its numba dispatcher (imports numba).

    numba compiles a kernel's calls to other kernels by looking their names up in the function's globals,
    where it must find dispatchers, not `Kernel` objects. So each dispatcher wraps a copy of its function
    bound to a copy of its module's globals in which every `Kernel` is replaced by its dispatcher; the
    modules themselves keep the `Kernel` objects (Python callers keep going through the build check).
    """
    with _LOCK:
        pending = [item for item in _KERNELS.values() if item._jit is None]
        if not pending:
            return
        import numba

        namespaces: dict[str, dict[str, Any]] = {}
        for item in pending:
            namespace = namespaces.setdefault(item.module, dict(vars(sys.modules[item.module])))
            func = item.py_func
            clone = types.FunctionType(func.__code__, namespace, func.__name__, func.__defaults__, func.__closure__)
            clone.__qualname__, clone.__module__, clone.__doc__ = func.__qualname__, func.__module__, func.__doc__
            options: dict[str, Any] = {"cache": True}
            if item.inline:
                options["inline"] = "always"
            item._jit = numba.njit(**options)(clone)
        for namespace in namespaces.values():
            for name, value in namespace.items():
                if isinstance(value, Kernel):
                    namespace[name] = value.jit


def build_key() -> str:
    """Hash of what the ahead-of-time build depends on: kernel sources and numba / numpy / Python versions."""
    digest = hashlib.sha256(Path(__file__).read_bytes())  # this file: export names, argument checks
    for name in AOT_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"kernel module {name} not found")
        digest.update(name.encode() + b"\0" + Path(spec.origin).read_bytes())
    for dist in ("numba", "numpy"):
        digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    digest.update(f"{sys.version}|{platform.machine()}|{sys.implementation.cache_tag}".encode())
    return digest.hexdigest()[:16]


def _module_name(key: str) -> str:
    return f"_aot_kernels_{key}"


def build_path(key: str | None = None) -> Path:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    return BUILD_DIR / f"{_module_name(key or build_key())}{suffix}"


@lru_cache(maxsize=1)
def _aot_module() -> types.ModuleType | None:
    if os.environ.get("MODERATION_AOT", "1") == "0":
        return None
    key = build_key()
    path = build_path(key)
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(_module_name(key), path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        return None
    return module


def _aot_function(item: Kernel) -> Callable[..., Any] | None:
    if item.signature is None or item.module not in AOT_MODULES:
        return None
    module = _aot_module()
    return None if module is None else getattr(module, item.export_name, None)


def build(out_dir: Path = BUILD_DIR) -> Path:
    """Compile every `AOT_MODULES` entry point ahead of time into `out_dir`; returns the module's path.

    Needs numba and a C compiler (only here, not at run time). Written to a temporary folder first and
    moved into place with `os.replace`, so concurrent readers never see half a file.
    """
    from numba.pycc import CC

    for name in AOT_MODULES:
        importlib.import_module(name)
    materialise()
    key = build_key()
    final = out_dir / build_path(key).name
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".aot-build-") as folder:
        compiler = CC(_module_name(key))
        compiler.output_dir = folder
        compiler.verbose = False
        exported = 0
        for item in _KERNELS.values():
            if item.signature is not None and item.module in AOT_MODULES:
                compiler.export(item.export_name, item.signature)(item.jit.py_func)
                exported += 1
        if not exported:
            raise RuntimeError("no kernels with signatures to build")
        compiler.compile()
        built = next(Path(folder).glob(f"{_module_name(key)}*"))
        tmp = out_dir / f".{final.name}.tmp"
        shutil.move(str(built), tmp)
        os.replace(tmp, final)
    for stale in out_dir.glob("_aot_kernels_*"):
        if stale != final:
            stale.unlink(missing_ok=True)  # processes that loaded it keep their mapping
    return final


def ensure_built(timeout: float = 600.0, *, wait: bool = True) -> Path | None:
    """The current ahead-of-time build, building it first when it is missing; None if that fails.

    `scripts/_env.sh` (tests, CI, demo) runs it (`python -m moderation.inference.jit ensure`), so a fresh
    clone or a kernel edit gets a build without a manual step; run the same once when deploying.
    `moderation serve` calls it with `wait=False`: a missing build is started in the background (the
    workers starting now use numba's JIT, the next start the build) instead of delaying the service ~40 s.
    The build runs in a child process (this one never loads numba) under a file lock (concurrent callers
    wait for one build, then reuse it). A failure (e.g. no C compiler) is reported on stderr and the
    kernels keep using numba's JIT.
    """
    if os.environ.get("MODERATION_AOT", "1") == "0":
        return None
    path = build_path()
    if path.is_file():
        return path
    import fcntl
    import subprocess

    if not wait:
        subprocess.Popen([sys.executable, "-m", "moderation.inference.jit", "ensure"], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return None
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    with open(BUILD_DIR / ".aot-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file():
            return path
        print("building the compiled kernels ahead of time (once per install or kernel change) ...",
              file=sys.stderr)
        try:
            done = subprocess.run([sys.executable, "-m", "moderation.inference.jit", "build"], capture_output=True,
                                  text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            print(f"ahead-of-time kernel build timed out after {timeout:.0f} s; using numba's JIT",
                  file=sys.stderr)
            return None
        if done.returncode != 0 or not path.is_file():
            reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
            print(f"ahead-of-time kernel build failed ({reason}); using numba's JIT", file=sys.stderr)
            return None
    _aot_module.cache_clear()
    return path


if __name__ == "__main__":  # python -m moderation.inference.jit build|ensure
    if sys.argv[1:] not in (["build"], ["ensure"]):
        sys.exit("usage: python -m moderation.inference.jit build|ensure  (ensure: build only when missing)")
    # the kernel modules register with `moderation.inference.jit`, not with this `__main__` copy
    registry = importlib.import_module("moderation.inference.jit")
    if sys.argv[1] == "ensure":
        sys.exit(0 if registry.ensure_built() is not None else 1)
    try:
        print(registry.build())
    except Exception as error:  # noqa: BLE001 -- no compiler, numba without pycc, ...: one line, non-zero
        sys.exit(f"error: ahead-of-time build failed ({type(error).__name__}: {error}); "
                 "kernels keep using numba's JIT")

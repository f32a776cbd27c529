"""Versioned model artifacts: save, verify, load, and the model card that travels with them.

An artifact is three same-stem files in the models folder: `<name>-<YYYYMMDD>-<sha8>.joblib` (the fitted
components), `.json` (the machine-readable model card: format, labels, scikit-learn version, sha256 of the
components file, data and licences, splits, metrics, thresholds) and `.md` (the card for people). The
components file is pickle, so loading runs code: we only load from the configured models folder, and only a
file whose sha256 matches its card, whose format and labels we understand, and that was written by this
scikit-learn version. The file is read once and the sha256 is computed over the very bytes that are then
unpickled (no window in which the file could change between the check and the load).

Formats (the `.joblib` suffix is kept for both, so paths, the registry and `models/current` are unchanged):
- 2 (written now): `FORMAT_MAGIC`, a JSON table of sections, then the sections: a protocol-5 pickle of the
  payload whose large numpy arrays are *out-of-band* buffers, each cut into sections of `CHUNK_BYTES`, each
  section stored with the codec that makes it smallest (zlib; `nonzero32` for weight vectors; raw). Why: joblib's loader unpickles with the pure-Python `pickle._Unpickler`
  (~650,000 `read` calls for the claims vocabulary), which made loading ~1 s of Python; here the C unpickler
  runs and array bytes are decompressed straight into their final buffers (no second copy), on several
  threads (zlib releases the GIL), while the unpickler imports the component modules.
- 1 (earlier artifacts): `joblib.dump(compress=3)`; still loaded, with `joblib.load`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from moderation.config import get_settings
from moderation.errors import ArtifactError
from moderation.types import ALL_LABELS

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
FORMAT_MAGIC = b"MODERATION-ARTIFACT\0v2\n"
CURRENT_FILE = "current"
IN_BAND_BYTES = 1 << 16
"""Arrays smaller than this stay inside the pickle stream (one section per tiny array would cost more)."""
CHUNK_BYTES = 4 << 20
"""Out-of-band buffers are cut into independently compressed chunks of this size, decompressed in parallel."""
ZLIB_LEVEL = 3


@dataclass(frozen=True)
class LoadedArtifact:
    stem: str
    payload: dict[str, Any]
    card: dict[str, Any]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pack(data: memoryview) -> tuple[str, bytes]:
    """The smallest of: zlib, `nonzero32` (a bitmap of the non-zero 4-byte words, then those words), raw.

    `nonzero32` fits weight vectors of hashed features (a third of them exactly zero, the rest
    incompressible float32 mantissas): about as small as zlib but decoded ~5x faster, so it wins when
    within 5 % of zlib's size.
    """
    candidates = [("raw", bytes(data)), ("zlib", zlib.compress(data, ZLIB_LEVEL))]
    if data.nbytes % 4 == 0:
        words = np.frombuffer(data, dtype=np.uint32)
        nonzero = words != 0
        dense = np.packbits(nonzero).tobytes() + words[nonzero].tobytes()
        if len(dense) <= 1.05 * len(candidates[1][1]):
            candidates.append(("nonzero32", dense))
    codec, body = min(candidates, key=lambda candidate: len(candidate[1]) * (0.9 if candidate[0] != "zlib" else 1))
    return codec, body


def dumps_payload(payload: dict[str, Any]) -> bytes:
    """Format 2 bytes of `payload` (see the module docstring)."""
    buffers: list[pickle.PickleBuffer] = []

    def out_of_band(buffer: pickle.PickleBuffer) -> bool:
        if buffer.raw().nbytes < IN_BAND_BYTES:
            return True  # true = keep it in the pickle stream
        buffers.append(buffer)
        return False

    stream = pickle.dumps(payload, protocol=5, buffer_callback=out_of_band)
    sections: list[tuple[str, bytes]] = [_pack(memoryview(stream))]
    table: dict[str, Any] = {"pickle": 0, "buffers": []}
    for buffer in buffers:
        raw = buffer.raw()
        first = len(sections)
        for start in range(0, raw.nbytes, CHUNK_BYTES):
            sections.append(_pack(raw[start:start + CHUNK_BYTES]))
        table["buffers"].append({"bytes": raw.nbytes, "sections": [first, len(sections)]})
    table["sections"] = [[codec, len(body)] for codec, body in sections]
    header = json.dumps(table, separators=(",", ":")).encode("utf-8")
    return b"".join([FORMAT_MAGIC, struct.pack("<Q", len(header)), header, *(body for _, body in sections)])


def _unpack_into(target: memoryview, codec: str, body: memoryview) -> None:
    if codec == "raw":
        target[:] = body
        return
    if codec == "nonzero32":
        n_words = len(target) // 4
        n_mask = (n_words + 7) // 8
        nonzero = np.unpackbits(np.frombuffer(body[:n_mask], dtype=np.uint8), count=n_words).view(np.bool_)
        words = np.frombuffer(body[n_mask:], dtype=np.uint32)
        if len(target) % 4 or int(np.count_nonzero(nonzero)) != len(words):
            raise ValueError("a nonzero32 section does not match its bitmap")
        out = np.frombuffer(target, dtype=np.uint32)
        out[:] = 0
        out[nonzero] = words
        return
    if codec != "zlib":
        raise ValueError(f"unknown section codec {codec!r}")
    inflater = zlib.decompressobj()
    filled = 0
    for start in range(0, len(body), 1 << 20):
        piece = inflater.decompress(body[start:start + (1 << 20)])
        target[filled:filled + len(piece)] = piece
        filled += len(piece)
    piece = inflater.flush()
    target[filled:filled + len(piece)] = piece
    filled += len(piece)
    if filled != len(target) or not inflater.eof:
        raise ValueError("a section decompressed to the wrong size")


def loads_payload(data: bytes) -> Any:
    """Inverse of `dumps_payload`. Buffers are writable bytearrays the arrays then own (no extra copy)."""
    view = memoryview(data)
    (header_len,) = struct.unpack_from("<Q", data, len(FORMAT_MAGIC))
    start = len(FORMAT_MAGIC) + 8
    table = json.loads(bytes(view[start:start + header_len]))
    offsets, position = [], start + header_len
    for _codec, length in table["sections"]:
        offsets.append(position)
        position += length
    if position != len(data):
        raise ValueError("the section table does not match the file length")

    def section(i: int) -> tuple[str, memoryview]:
        codec, length = table["sections"][i]
        return codec, view[offsets[i]:offsets[i] + length]

    def fill(target: memoryview, codec: str, body: memoryview) -> None:
        _unpack_into(target, codec, body)

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        pending: list[tuple[bytearray, list[Future[None]]]] = []
        for buffer in table["buffers"]:
            target = bytearray(buffer["bytes"])
            window = memoryview(target)
            jobs, filled = [], 0
            for i in range(*buffer["sections"]):
                size = min(CHUNK_BYTES, buffer["bytes"] - filled)
                jobs.append(pool.submit(fill, window[filled:filled + size], *section(i)))
                filled += size
            pending.append((target, jobs))

        def ready() -> Iterator[bytearray]:
            for target, jobs in pending:
                for job in jobs:
                    job.result()
                yield target

        codec, body = section(table["pickle"])
        stream = bytes(body) if codec == "raw" else zlib.decompress(body)
        return pickle.loads(stream, buffers=ready())


def _unpickle(data: bytes) -> Any:
    """The payload of a components file's bytes: format 2 by its magic, anything else as a joblib file."""
    if data.startswith(FORMAT_MAGIC):
        return loads_payload(data)
    return joblib.load(io.BytesIO(data))


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def set_current(models_dir: Path, stem: str) -> None:
    """Point `models/current` at an artifact stem (temp file + os.replace, so readers never see half a name)."""
    if not (models_dir / f"{stem}.joblib").is_file():
        raise ArtifactError(f"No artifact {stem}.joblib in {models_dir}; train or copy it there first.")
    _write_atomically(models_dir / CURRENT_FILE, stem + "\n")


def save_artifact(payload: dict[str, Any], card: dict[str, Any], out_dir: Path, name: str = "moderator",
                  date: str | None = None) -> str:
    """Write joblib + JSON card + Markdown card; returns the stem. The card gets sha256 and file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".artifact.", suffix=".joblib.tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.write_bytes(dumps_payload(payload))
        os.chmod(tmp, 0o644)
        digest = sha256_of(tmp)
        stem = f"{name}-{date or datetime.now(UTC).strftime('%Y%m%d')}-{digest[:8]}"
        os.replace(tmp, out_dir / f"{stem}.joblib")
    finally:
        tmp.unlink(missing_ok=True)
    full_card = {**card, "artifact": stem, "format_version": FORMAT_VERSION, "sha256": digest,
                 "sklearn_version": sklearn.__version__, "labels": list(payload["labels"]),
                 "size_bytes": (out_dir / f"{stem}.joblib").stat().st_size}
    _write_atomically(out_dir / f"{stem}.json", json.dumps(full_card, indent=2, sort_keys=False) + "\n")
    from moderation.cards.markdown import render_markdown

    _write_atomically(out_dir / f"{stem}.md", render_markdown(full_card))
    return stem


def resolve_artifact(path: str | Path | None, models_dir: Path | None = None) -> Path:
    """The `.joblib` path for `path` (a stem, .joblib or .json path) or for `models/current` when None.

    Refuses anything outside the configured models folder: joblib files are code, never load uploads.
    """
    root = (models_dir or get_settings().models_dir).resolve()
    if path is None:
        current = root / CURRENT_FILE
        if not current.is_file():
            raise ArtifactError(f"No {current}; run `moderation train` or name an artifact in {root}.")
        path = current.read_text(encoding="utf-8").strip()
    candidate = Path(path)
    if candidate.suffix in {".joblib", ".json", ".md"}:
        candidate = candidate.with_suffix("")
    if not candidate.is_absolute() and candidate.parent == Path("."):
        candidate = root / candidate
    # resolve the file itself, not only its folder: a symlink inside the folder may point outside it
    joblib_path = candidate.with_name(candidate.name + ".joblib").resolve()
    if not joblib_path.is_relative_to(root):
        raise ArtifactError(
            f"Refusing to load {joblib_path}: artifacts load only from the models folder {root} "
            "(set MODERATION_MODELS_DIR to change it)."
        )
    if not joblib_path.is_file():
        raise ArtifactError(f"Artifact {joblib_path} does not exist; check models/current or the path given.")
    return joblib_path


def _check_card(card: dict[str, Any], joblib_path: Path, data: bytes) -> None:
    if card.get("format_version") not in READABLE_FORMATS:
        raise ArtifactError(
            f"{joblib_path.name} has format version {card.get('format_version')!r}, this code reads "
            f"{' and '.join(map(str, READABLE_FORMATS))}; retrain with `moderation train` or install the "
            "matching release."
        )
    known = {label.value for label in ALL_LABELS}
    unknown = [label for label in card.get("labels", []) if label not in known]
    if unknown or not card.get("labels"):
        raise ArtifactError(
            f"{joblib_path.name} has labels this code does not know ({unknown or 'none'}); retrain it."
        )
    if card.get("sklearn_version") != sklearn.__version__:
        raise ArtifactError(
            f"{joblib_path.name} was written by scikit-learn {card.get('sklearn_version')}, this is "
            f"{sklearn.__version__}; install that version or retrain with `moderation train`."
        )
    if card.get("sha256") != hashlib.sha256(data).hexdigest():
        raise ArtifactError(
            f"{joblib_path.name} does not match the sha256 in its model card (corrupt or tampered); "
            "restore it from git or retrain."
        )


def load_artifact(path: str | Path | None = None, models_dir: Path | None = None) -> LoadedArtifact:
    """Verify the card, then unpickle. Every refusal is an `ArtifactError` saying what to do."""
    joblib_path = resolve_artifact(path, models_dir)
    card_path = joblib_path.with_suffix(".json")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"Model card {card_path} is missing or unreadable ({exc}); retrain or restore it.") from exc
    try:
        data = joblib_path.read_bytes()
    except OSError as exc:
        raise ArtifactError(f"{joblib_path.name} could not be read ({exc}); restore it from git or retrain.") from exc
    _check_card(card, joblib_path, data)
    try:
        payload = _unpickle(data)
    except Exception as exc:
        raise ArtifactError(f"{joblib_path.name} could not be unpickled ({exc}); retrain it.") from exc
    if not isinstance(payload, dict) or list(payload.get("labels", [])) != list(card["labels"]):
        raise ArtifactError(f"{joblib_path.name} holds different labels than its card; retrain it.")
    return LoadedArtifact(joblib_path.stem, payload, card)


SAVE_ADDED_FIELDS = ("artifact", "format_version", "sha256", "sklearn_version", "labels", "size_bytes")


def convert_artifact(path: str | Path | None = None, models_dir: Path | None = None) -> str:
    """Re-save a verified artifact in the current format: same fitted components, same card (no retraining).

    The new stem keeps the old name and date; the card records `converted_from`. Returns the new stem
    (`models/current` is not moved: `set_current` does that).
    """
    loaded = load_artifact(path, models_dir)
    root = (models_dir or get_settings().models_dir).resolve()
    name, date, _ = loaded.stem.rsplit("-", 2)
    card = {key: value for key, value in loaded.card.items() if key not in SAVE_ADDED_FIELDS}
    card["converted_from"] = (f"{loaded.stem} (format {loaded.card.get('format_version')}): the same fitted "
                              f"components re-saved in format {FORMAT_VERSION}, so the same predictions")
    return save_artifact(loaded.payload, card, root, name, date=date)


if __name__ == "__main__":  # `python -m moderation.artifact convert [STEM] [--current]`
    import sys

    args = sys.argv[1:]
    if not args or args[0] != "convert":
        sys.exit("usage: python -m moderation.artifact convert [STEM] [--current]")
    stems = [a for a in args[1:] if not a.startswith("--")]
    try:
        new = convert_artifact(stems[0] if stems else None)
        if "--current" in args:
            set_current(get_settings().models_dir.resolve(), new)
    except ArtifactError as error:
        sys.exit(f"error: {error}")
    print(new)

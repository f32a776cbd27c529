"""API keys for the service: only their sha256 is kept, and checks take the same time for every key.

Keys are 256-bit random tokens, so a plain SHA-256 at rest is enough (a slow KDF such as scrypt
protects low-entropy passwords, and would cost milliseconds on every request). A check hashes the
presented key and compares it with *every* stored hash using `hmac.compare_digest`, so neither
the position of a match nor a shared prefix shows in the timing.

The key file is JSON: `{"keys": [{"name", "sha256", "scopes", "created_at", "revoked_at"}]}`, written
atomically with mode 0600; `moderation keys create NAME --scope feedback` prints the new key once,
`moderation keys revoke NAME` marks it revoked (kept, so `keys list` still says who had access).

A ring loaded from a file re-reads it whenever the file changes (a `stat` per check, microseconds),
so a key created or revoked while the service runs takes effect on the next request in every worker,
with no restart. A file that became unreadable fails closed: no key is accepted until it is fixed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from moderation.errors import InvalidInput

SCOPES: tuple[str, ...] = ("read", "feedback", "admin")
KEY_PREFIX = "mk_"
log = logging.getLogger("moderation.keys")


@dataclass(frozen=True)
class ApiKey:
    name: str
    sha256: str
    scopes: tuple[str, ...]
    created_at: str
    revoked_at: str | None = None

    def allows(self, scope: str) -> bool:
        return self.revoked_at is None and (scope in self.scopes or "admin" in self.scopes)


def default_keys_file() -> Path:
    """MODERATION_API_KEYS_FILE, else var/api_keys.json in the project (beside the feedback db)."""
    from moderation.config import PROJECT_ROOT

    configured = os.environ.get("MODERATION_API_KEYS_FILE")
    return Path(configured).expanduser().resolve() if configured else PROJECT_ROOT / "var" / "api_keys.json"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyRing:
    """The set of valid keys; `verify` answers which one (if any) a request presented."""

    def __init__(self, keys: Sequence[ApiKey] = (), *, path: Path | None = None) -> None:
        self.keys = tuple(keys)
        self.path = Path(path) if path is not None else None
        self._signature = _signature(self.path) if self.path is not None else None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def load(cls, path: Path | None) -> KeyRing:
        """Keys from `path`, re-read when it changes; a missing file means no keys yet (401 everywhere)."""
        if path is None:
            return cls()
        return cls(_read_keys(Path(path)), path=Path(path))

    @classmethod
    def from_plaintext(cls, keys: Iterable[tuple[str, str, Sequence[str]]]) -> KeyRing:
        """For configuration by environment and tests: (name, key, scopes) triples, hashed here."""
        now = datetime.now(UTC).isoformat()
        return cls(tuple(ApiKey(name, hash_key(key), tuple(scopes), now) for name, key, scopes in keys))

    def verify(self, presented: str | None) -> ApiKey | None:
        if not presented:
            return None
        return self.find(hash_key(presented))

    def find(self, digest: str) -> ApiKey | None:
        """The live (not revoked) key with this sha256, compared in constant time against every key."""
        self.refresh()
        found: ApiKey | None = None
        for key in self.keys:
            if hmac.compare_digest(digest, key.sha256) and found is None and key.revoked_at is None:
                found = key
        return found

    def refresh(self) -> None:
        """Re-read the key file if it changed since it was last read."""
        if self.path is None:
            return
        signature = _signature(self.path)
        if signature == self._signature:
            return
        with self._lock:
            if signature == self._signature:
                return
            try:
                self.keys = _read_keys(self.path)
            except InvalidInput as exc:
                log.error("%s No key is accepted until the file is fixed.", exc)
                self.keys = ()
            self._signature = signature


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _read_keys(path: Path) -> tuple[ApiKey, ...]:
    if not path.exists():
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(_parse_key(entry) for entry in data["keys"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"API key file {path} is malformed ({exc}); recreate it with `moderation keys create`."
        ) from None


def list_keys(path: Path) -> tuple[ApiKey, ...]:
    """Every key in the file, revoked ones included (their hashes, never the keys)."""
    return _read_keys(Path(path))


def revoke_key(path: Path, name: str) -> ApiKey:
    """Mark the key `name` revoked; every running worker refuses it from its next request on."""
    keys = list(_read_keys(Path(path)))
    for index, key in enumerate(keys):
        if key.name == name:
            if key.revoked_at is not None:
                raise InvalidInput(f"The key {name!r} was already revoked at {key.revoked_at}.")
            keys[index] = replace(key, revoked_at=datetime.now(UTC).isoformat())
            _write_atomically(Path(path), keys)
            return keys[index]
    known = ", ".join(k.name for k in keys) or "none"
    raise InvalidInput(f"No key named {name!r} in {path} (keys: {known}); see `moderation keys list`.")


def create_key(path: Path, name: str, scopes: Sequence[str]) -> str:
    """Add a new key to the key file and return it in clear text (the only time it is visible)."""
    name = name.strip()
    if not name:
        raise InvalidInput("A key needs a name (who or what uses it), e.g. `moderation keys create coral`.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise InvalidInput(f"Scopes must be one or more of {list(SCOPES)}, got {list(scopes)}.")
    ring = KeyRing.load(path)
    if any(k.name == name for k in ring.keys):
        raise InvalidInput(f"A key named {name!r} already exists in {path}; choose another name.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    entry = ApiKey(name, hash_key(key), tuple(dict.fromkeys(scopes)), datetime.now(UTC).isoformat())
    _write_atomically(Path(path), [*ring.keys, entry])
    return key


def _parse_key(entry: dict[str, object]) -> ApiKey:
    scopes = entry["scopes"]
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise ValueError("scopes must be a list of strings")
    digest = str(entry["sha256"])
    if len(digest) != 64:
        raise ValueError("sha256 must be 64 hex characters")
    revoked = entry.get("revoked_at")
    return ApiKey(
        str(entry["name"]), digest, tuple(scopes), str(entry.get("created_at", "")),
        str(revoked) if revoked else None,
    )


def _write_atomically(path: Path, keys: Sequence[ApiKey]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"keys": [asdict(k) | {"scopes": list(k.scopes)} for k in keys]}, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""API keys for the service: only their sha256 is kept, and checks take the same time for every key.

Keys are 256-bit random tokens, so a plain SHA-256 at rest is enough (a slow KDF such as scrypt
protects low-entropy passwords, and would cost milliseconds on every request). A check hashes the
presented key and compares it with *every* stored hash using `hmac.compare_digest`, so neither
the position of a match nor a shared prefix shows in the timing.

The key file is JSON: `{"keys": [{"name", "sha256", "scopes", "created_at"}]}`, written atomically
with mode 0600; `moderation keys create NAME --scope feedback` prints the new key once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from moderation.errors import InvalidInput

SCOPES: tuple[str, ...] = ("read", "feedback", "admin")
KEY_PREFIX = "mk_"


@dataclass(frozen=True)
class ApiKey:
    name: str
    sha256: str
    scopes: tuple[str, ...]
    created_at: str

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def default_keys_file() -> Path:
    """MODERATION_API_KEYS_FILE, else var/api_keys.json in the project (beside the feedback db)."""
    from moderation.config import PROJECT_ROOT

    configured = os.environ.get("MODERATION_API_KEYS_FILE")
    return Path(configured).expanduser().resolve() if configured else PROJECT_ROOT / "var" / "api_keys.json"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyRing:
    """The set of valid keys; `verify` answers which one (if any) a request presented."""

    def __init__(self, keys: Sequence[ApiKey] = ()) -> None:
        self.keys = tuple(keys)

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def load(cls, path: Path | None) -> KeyRing:
        """Keys from `path`; a missing file means no keys yet (every keyed route then answers 401)."""
        if path is None or not Path(path).exists():
            return cls()
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(tuple(_parse_key(entry) for entry in data["keys"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"API key file {path} is malformed ({exc}); recreate it with `moderation keys create`."
            ) from None

    @classmethod
    def from_plaintext(cls, keys: Iterable[tuple[str, str, Sequence[str]]]) -> KeyRing:
        """For configuration by environment and tests: (name, key, scopes) triples, hashed here."""
        now = datetime.now(UTC).isoformat()
        return cls(tuple(ApiKey(name, hash_key(key), tuple(scopes), now) for name, key, scopes in keys))

    def verify(self, presented: str | None) -> ApiKey | None:
        if not presented:
            return None
        digest = hash_key(presented)
        found: ApiKey | None = None
        for key in self.keys:
            if hmac.compare_digest(digest, key.sha256) and found is None:
                found = key
        return found


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
    return ApiKey(str(entry["name"]), digest, tuple(scopes), str(entry.get("created_at", "")))


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

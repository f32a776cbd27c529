"""Dependencies as `Annotated` aliases: the loaded model, the store, and API-key checks.

Keys come in `X-API-Key`, `Authorization: Bearer ...`, or (for Perspective clients, which append
it to the URL) the `key` query parameter. Every keyed or open request passes the rate limiter,
keyed by the key's name or else the client address.

Every dependency is `async def` although none awaits: they only read state, hash a key and take a
token from an in-memory bucket, and FastAPI runs a plain `def` dependency on the thread pool -- six
thread hand-offs per request, which cost more CPU than scoring a short comment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.config import Settings
from api.state import Loaded, ServiceState
from moderation.feedback import FeedbackStore
from moderation.keys import ApiKey

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
_bearer = HTTPBearer(auto_error=False, description="An API key as a bearer token.")


async def get_state(request: Request) -> ServiceState:
    return request.app.state.service  # type: ignore[no-any-return]


StateDep = Annotated[ServiceState, Depends(get_state)]


async def get_settings(state: StateDep) -> Settings:
    return state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_loaded(state: StateDep) -> Loaded:
    loaded = state.loaded
    if loaded is None:
        why = " (the last attempt failed; the server log says why)" if state.load_error else ""
        raise HTTPException(503, f"The model is not loaded yet{why}; retry shortly.", {"Retry-After": "5"})
    return loaded


LoadedDep = Annotated[Loaded, Depends(get_loaded)]


async def get_store(state: StateDep) -> FeedbackStore:
    return state.store


StoreDep = Annotated[FeedbackStore, Depends(get_store)]


async def presented_key(
    header: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    key: Annotated[str | None, Query(include_in_schema=False, max_length=512)] = None,
) -> str | None:
    return header or (bearer.credentials if bearer else None) or key


PresentedKeyDep = Annotated[str | None, Depends(presented_key)]


def _limit(state: ServiceState, identity: str) -> None:
    wait = state.limiter.acquire(identity)
    if wait > 0:
        retry = str(max(1, round(wait + 0.5)))
        raise HTTPException(429, f"Rate limit exceeded; retry in {retry} s.", {"Retry-After": retry})


def _client(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _check_scope(scope: str, request: Request, state: ServiceState, key: str | None) -> ApiKey:
    if not key:
        _limit(state, _client(request))  # unkeyed and wrongly keyed callers share their address's bucket
        raise HTTPException(
            401, "This route needs an API key (X-API-Key header).", {"WWW-Authenticate": "Bearer"}
        )
    found = state.keys.verify(key)
    if found is None:
        _limit(state, _client(request))
        raise HTTPException(401, "The API key is not valid.", {"WWW-Authenticate": "Bearer"})
    if not found.allows(scope):
        raise HTTPException(403, f"The API key {found.name!r} lacks the {scope!r} scope.")
    _limit(state, f"key:{found.name}")
    return found


def require_scope(scope: str) -> Callable[..., Awaitable[ApiKey]]:
    async def check(request: Request, state: StateDep, key: PresentedKeyDep) -> ApiKey:
        return _check_scope(scope, request, state, key)

    return check


async def read_access(request: Request, state: StateDep, key: PresentedKeyDep) -> ApiKey | None:
    """Open or keyed, as configured (`MODERATION_READ_REQUIRES_KEY`); rate-limited either way."""
    if state.settings.read_requires_key or key:
        return _check_scope("read", request, state, key)
    _limit(state, _client(request))
    return None


ReadAccess = Annotated[ApiKey | None, Depends(read_access)]
FeedbackKey = Annotated[ApiKey, Depends(require_scope("feedback"))]
AdminKey = Annotated[ApiKey, Depends(require_scope("admin"))]

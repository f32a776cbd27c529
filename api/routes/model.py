"""`GET /v1/model` (what is serving, with its card) and `POST /v1/admin/reload` (hot reload)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.deps import AdminKey, LoadedDep, ReadAccess, StateDep
from api.schemas.model import ModelPublic, ReloadPublic
from moderation.errors import ModerationError

router = APIRouter(prefix="/v1", tags=["model"])


@router.get("/model", response_model=ModelPublic, responses={503: {"description": "No model loaded yet."}})
def get_model(loaded: LoadedDep, _: ReadAccess) -> ModelPublic:
    m = loaded.moderator
    card = dict(m.card)
    return ModelPublic(
        version=m.version,
        labels=[label.value for label in m.labels],
        thresholds={label.value: float(t) for label, t in m.thresholds.items()},
        metrics=dict(card.get("metrics") or {}),
        data=card.get("data"),
        card=card,
    )


@router.post(
    "/admin/reload",
    response_model=ReloadPublic,
    responses={
        401: {"description": "API key missing or not valid."},
        403: {"description": "The key lacks the admin scope."},
        409: {"description": "The current artifact could not be loaded; the old model keeps serving."},
    },
)
def reload_model(state: StateDep, _: AdminKey) -> ReloadPublic:
    """Load what `models/current` names now and swap it in; in-flight requests finish on the old one."""
    try:
        previous, current = state.reload()
    except (ModerationError, ImportError, OSError) as exc:
        serving = state.loaded.moderator.version if state.loaded else None
        raise HTTPException(
            409, f"Could not load the current model ({exc}); still serving {serving}."
        ) from exc
    return ReloadPublic(previous_version=previous, model_version=current, reloaded=True)

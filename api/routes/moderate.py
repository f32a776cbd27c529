"""`POST /v1/comments:moderate` and `POST /v1/pages:moderate`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from api import queueing, service
from api.deps import LoadedDep, ReadAccess, StateDep
from api.observability import count_comments
from api.offload import for_request, run_scoring
from api.schemas.moderate import ModerateCommentsIn, ModeratePageIn, PagePublic, VerdictsPublic

router = APIRouter(prefix="/v1", tags=["moderation"])
log = logging.getLogger("moderation.api")
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Reading routes are keyed here and the key is missing or wrong."},
    408: {"description": "The body was not received within the body-read timeout."},
    413: {"description": "The body is larger than the configured limit, or over the per-request budget."},
    415: {"description": "The body is not JSON."},
    429: {"description": "Rate limit exceeded."},
    503: {"description": "The model is not loaded yet, or the request ran past its time budget."},
}


@router.post("/comments:moderate", response_model=VerdictsPublic, responses=_ERRORS)
async def moderate_comments(
    request: Request, body: ModerateCommentsIn, loaded: LoadedDep, state: StateDep, _: ReadAccess
) -> VerdictsPublic:
    """Scores for every label, sentence-level claims, explanation spans and a decision per comment."""
    moderated = await run_scoring(
        request, service.moderate_comments, for_request(request, loaded), body.comments, site_id=body.site_id, explain=body.explain,
        articles=state.articles, budget=state.budget,
    )
    verdicts = moderated.verdicts
    count_comments(request, len(verdicts))
    if body.store:
        await run_in_threadpool(queueing.queue_comments, state, loaded, body, verdicts)
    return VerdictsPublic(
        data=verdicts, count=len(verdicts), model_version=loaded.moderator.version, site_id=body.site_id,
        budget_notes=moderated.notes,
    )


_PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    422: {
        "description": (
            "The body does not match the schema (a list of errors), or the page is unreadable (one sentence): "
            "blank, or more than 1% control characters, which no JSON Schema keyword can state."
        )
    },
}


@router.post("/pages:moderate", response_model=PagePublic, responses=_PAGE_ERRORS)
async def moderate_page(
    request: Request, body: ModeratePageIn, loaded: LoadedDep, state: StateDep, _: ReadAccess
) -> PagePublic:
    """Split a raw page (text dump or HTML) and moderate every comment with the article as context."""
    heavy = for_request(request, loaded)
    page = await run_scoring(request, service.moderate_page, heavy, body, state.articles, state.budget)
    count_comments(request, page.comments.count)
    if body.store:
        await run_in_threadpool(queueing.queue_page, state, loaded, body, page)
    return page

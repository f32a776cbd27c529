"""The OpenAPI document says every status a route can answer, including the ones no route raises itself.

The body guard (api/middleware.py) answers 400 (not UTF-8), 408 (body too slow), 413 (too large) and
415 (not JSON) before any route runs, and the rate limiter 429 on every keyed or open scoring route;
FastAPI cannot know that, so they are added here to every operation with a request body (and 401, 403,
429 to every operation that has a security requirement). Perspective's route documents Google's envelope
and no 422: Google answers every invalid argument with 400, and so does that route.

A 422's `detail` is the list of validation errors when the schema refuses the request, or one sentence
when a well-formed request cannot be processed (`InvalidInput`: e.g. a page that looks binary), so
FastAPI's `HTTPValidationError` is documented as either.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.google import is_perspective_path

BODY_ERRORS = {
    "400": "The body is not valid UTF-8, or (Perspective) the request is invalid.",
    "408": "The body did not arrive within the body-read timeout; the connection is closed.",
    "413": "The body is larger than the configured limit, or the request is over its cost budget.",
    "415": "The body is not JSON (Content-Type must be application/json).",
}
KEYED = {
    "401": "An API key is needed here and is missing or not valid.",
    "403": "The API key lacks the scope this route needs.",
    "429": "Rate limit exceeded; retry after the Retry-After header's seconds.",
}
_ERROR_SCHEMA = {
    "title": "ErrorPublic",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"description": "Why; a string, or a list of validation errors."}},
}


_VALIDATION_DETAIL = {
    "title": "Detail",
    "description": "The validation errors, or one sentence saying why a well-formed request was refused.",
    "anyOf": [
        {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
        {"type": "string", "minLength": 1},
    ],
}


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            for path, item in document.get("paths", {}).items():
                for operation in item.values():
                    _add_errors(path, operation, document)
            _describe_validation_error(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_errors(path: str, operation: dict[str, Any], document: dict[str, Any]) -> None:
    extra: dict[str, str] = {}
    if "requestBody" in operation:
        extra |= BODY_ERRORS
    if operation.get("security"):
        extra |= KEYED
    schema = (
        {"$ref": "#/components/schemas/GoogleErrorResponse"}
        if is_perspective_path(path) and "GoogleErrorResponse" in document.get("components", {}).get("schemas", {})
        else _ERROR_SCHEMA
    )
    responses = operation.setdefault("responses", {})
    if is_perspective_path(path):
        responses.pop("422", None)
    for status, description in extra.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status == "422" and "content" not in response:  # a route's own 422 description, FastAPI's body
            response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
        elif status.startswith(("4", "5")) and "content" not in response:
            response["content"] = {"application/json": {"schema": schema}}


def _describe_validation_error(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    if "HTTPValidationError" in schemas:
        schemas["HTTPValidationError"]["properties"]["detail"] = _VALIDATION_DETAIL
        schemas["HTTPValidationError"]["required"] = ["detail"]

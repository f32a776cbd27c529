"""Google-API-style errors for the Perspective-compatible routes (what Perspective clients parse).

Perspective answers `{"error": {"code", "message", "status", "details": [{"@type":
"type.googleapis.com/google.commentanalyzer.v1alpha1.Error", "errorType": ...}]}}`; e.g.
`LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE` with `languageNotSupportedByAttributeError`, or `COMMENT_EMPTY`
("Comment must be non-empty."). The body is exactly Google's: no extra keys (a strict client
parsing it into Google's `Status` message would refuse one), and no `details` key when there are none.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

PERSPECTIVE_PREFIX = "/v1alpha1/"
ERROR_TYPE_URL = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    408: "DEADLINE_EXCEEDED",
    413: "INVALID_ARGUMENT",
    415: "INVALID_ARGUMENT",
    422: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


class PerspectiveError(Exception):
    """An error Perspective itself would return for this request."""

    def __init__(self, message: str, error_type: str | None = None, code: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = [{"@type": ERROR_TYPE_URL, "errorType": error_type, **extra}] if error_type else []


def is_perspective_path(path: str) -> bool:
    return path.startswith(PERSPECTIVE_PREFIX)


def google_error_response(
    code: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    # Google reports every invalid argument as 400, including what FastAPI calls 422.
    http_code = 400 if code == 422 else code
    error: dict[str, Any] = {
        "code": http_code,
        "message": message,
        "status": _STATUS.get(code, "INVALID_ARGUMENT" if code < 500 else "INTERNAL"),
    }
    if details:
        error["details"] = details
    return JSONResponse({"error": error}, status_code=http_code, headers=headers)

"""Hand-made hostile input on every route that takes text: each gets the documented 4xx or is scored.

A matrix of (route, input): empty and blank text, 20 KB + 1 byte, invalid UTF-8, NUL bytes,
10,000 emoji, RTL overrides, deeply nested JSON, wrong content types and a batch of 1001. Every
answer is < 500 and every 4xx carries a JSON `detail`. The odd-but-valid texts are also scored by
the real default model (session-loaded), since a fake cannot find a crash in the real feature code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from api_fakes import reason, CORAL_SECRET, FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.coral import SIGNATURE_HEADER, sign
from api.main import create_app
from api.schemas.coral import CORAL_EXAMPLE

LIMIT = 20 * 1024
PLACEHOLDER = "\ue000PLACEHOLDER\ue000"


def _comments(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1/comments:moderate", {"comments": [{"id": "c1", "text": text}]}


def _page(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1/pages:moderate", {"text": text}


def _html_page(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1/pages:moderate", {"html": f"<html><body><article><p>{text}</p></article></body></html>"}


def _feedback(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1/feedback", {"comment_id": "c1", "text": text, "decision": "reject", "moderator_id": "m1"}


def _perspective(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1alpha1/comments:analyze", {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}


def _coral(text: str) -> tuple[str, dict[str, Any]]:
    return "/v1/coral/moderate", {**CORAL_EXAMPLE, "comment": {"body": text, "parentID": None}}


ROUTES: dict[str, Callable[[str], tuple[str, dict[str, Any]]]] = {
    "comments": _comments,
    "page-text": _page,
    "page-html": _html_page,
    "feedback": _feedback,
    "perspective": _perspective,
    "coral": _coral,
}
# What a comment route answers for bad text: Perspective's route speaks Google's 400.
BAD_TEXT = {"comments": 422, "feedback": 422, "perspective": 400, "coral": 422}
# Perspective and Coral requests ignore fields they do not know (as Google's API and Coral do).
IGNORES_UNKNOWN_FIELDS = {"perspective", "coral"}


def _client(tmp_path_factory: pytest.TempPathFactory, loader: Callable[[], Any]) -> Iterator[TestClient]:
    """A client with an admin key (every scope), rate limiting off, its own database and key file."""
    tmp = tmp_path_factory.mktemp("hostile")
    keys = make_keys(tmp / "api_keys.json")
    with TestClient(create_app(make_settings(tmp, rate_limit_per_second=0), loader=loader)) as client:
        client.headers["X-API-Key"] = keys["admin"]
        yield client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _client(tmp_path_factory, FakeModerator)


def post_raw(
    client: TestClient, path: str, body: bytes, content_type: str | None = "application/json"
) -> Any:
    headers = {"content-type": content_type} if content_type else {}
    if path.startswith("/v1/coral/"):
        headers[SIGNATURE_HEADER] = sign(body, CORAL_SECRET)
    return client.post(path, content=body, headers=headers)


def post_text(client: TestClient, route: str, text: str) -> Any:
    path, payload = ROUTES[route](text)
    return post_raw(client, path, json.dumps(payload).encode())


def assert_answered(response: Any) -> None:
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert reason(response), response.text[:300]


TEXT_CASES: dict[str, tuple[str, dict[str, int]]] = {
    # name: (text, expected status per route; routes not named must answer 200/201)
    "empty": ("", {**BAD_TEXT, "page-text": 422}),
    "whitespace": (" \n\t\u00a0 ", {**BAD_TEXT, "page-text": 422}),
    "20KB+1-ascii": ("a" * LIMIT + "b", BAD_TEXT),
    "20KB+1-multibyte": ("é" * (LIMIT // 2) + "a", BAD_TEXT),
    "10000-emoji": ("😡" * 10_000, BAD_TEXT),
    "nul-bytes": ("you \x00idiot\x00 of a man", {"page-text": 422, "page-html": 422, "feedback": 422}),
    "rtl-override": ("I agree \u202etoidi na era uoy\u202c with that", {}),
    "bidi-isolates": ("\u2067\u05e9\u05dc\u05d5\u05dd\u2069 and \u2066hello\u2069 idiot", {}),
    "zalgo": ("i" + "\u0301\u0302\u0303" * 300 + "diot", {}),
}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_hostile_text_gets_the_documented_answer(client: TestClient, route: str, case: str) -> None:
    text, expected = TEXT_CASES[case]
    response = post_text(client, route, text)
    assert_answered(response)
    want = expected.get(route)
    if want is None:
        assert response.status_code in (200, 201), response.text[:300]
    else:
        assert response.status_code == want, response.text[:300]


def _with_raw_text(route: str, raw_text: bytes) -> tuple[str, bytes]:
    path, payload = ROUTES[route](PLACEHOLDER)
    encoded = json.dumps(payload, ensure_ascii=False).encode()
    return path, encoded.replace(PLACEHOLDER.encode(), raw_text)


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize(
    "raw",
    [b"caf\xe9", b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"ok\xf4\x90\x80\x80"],
    ids=["latin1", "bom-bytes", "surrogate-utf8", "overlong", "beyond-u10ffff"],
)
def test_invalid_utf8_is_400_on_every_route(client: TestClient, route: str, raw: bytes) -> None:
    path, body = _with_raw_text(route, raw)
    response = post_raw(client, path, body)
    assert response.status_code == 400
    assert "UTF-8" in reason(response)


@pytest.mark.parametrize("route", list(ROUTES))
def test_escaped_lone_surrogate_is_4xx_on_every_route(client: TestClient, route: str) -> None:
    path, body = _with_raw_text(route, b"bad \\ud800 half")
    response = post_raw(client, path, body)
    assert 400 <= response.status_code < 500
    assert reason(response)


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("depth", [100, 10_000, 100_000], ids=["100", "10k", "100k"])
def test_deeply_nested_json_is_refused_or_ignored_on_every_route(
    client: TestClient, route: str, depth: int
) -> None:
    path, payload = ROUTES[route]("fine")
    nested = b"[" * depth + b"]" * depth
    body = json.dumps({**payload, "nested": "X"}).encode().replace(b'"X"', nested)
    response = post_raw(client, path, body)
    assert_answered(response)
    if route in IGNORES_UNKNOWN_FIELDS:
        assert response.status_code in (200, 400, 422)
    else:
        assert 400 <= response.status_code < 500


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        None,
        "multipart/form-data; boundary=x",
        "application/xml",
    ],
    ids=["text-plain", "form", "none", "multipart", "xml"],
)
def test_wrong_content_type_is_415_on_every_route(
    client: TestClient, route: str, content_type: str | None
) -> None:
    path, payload = ROUTES[route]("fine words")
    response = post_raw(client, path, json.dumps(payload).encode(), content_type)
    assert response.status_code == 415
    assert "application/json" in reason(response)


@pytest.mark.parametrize(
    ("path", "payload", "status"),
    [
        ("/v1/comments:moderate", {"comments": [{"text": "ok"}] * 1001}, 422),
        (
            "/v1alpha1/comments:analyze",
            {
                "comment": {"text": "ok"},
                "context": {"entries": [{"text": "ok"}] * 11},
                "requestedAttributes": {"TOXICITY": {}},
            },
            400,
        ),
    ],
    ids=["comments-1001", "perspective-context-11"],
)
def test_batch_over_the_limit_is_refused(client: TestClient, path: str, payload: Any, status: int) -> None:
    response = post_raw(client, path, json.dumps(payload).encode())
    assert response.status_code == status
    assert reason(response)


def test_batch_of_exactly_1000_is_scored(client: TestClient) -> None:
    response = client.post(
        "/v1/comments:moderate", json={"comments": [{"text": "ok"}] * 1000, "explain": False}
    )
    assert response.status_code == 200
    assert response.json()["count"] == 1000


def test_exactly_20kb_of_multibyte_text_is_accepted(client: TestClient) -> None:
    response = post_text(client, "comments", "😡" * (LIMIT // 4))
    assert response.status_code == 200


@pytest.fixture(scope="module")
def real_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The service on the committed default model; skips locally (fails in CI) when it cannot load."""
    try:
        from moderation.model import get_moderator

        moderator = get_moderator()
    except Exception as exc:  # noqa: BLE001 - any reason the bundled model cannot load
        message = f"the committed default model did not load: {type(exc).__name__}: {exc}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    yield from _client(tmp_path_factory, lambda: moderator)


REAL_TEXTS = {
    "nul-bytes": "you \x00idiot\x00 of a man",
    "rtl-override": "I agree \u202etoidi na era uoy\u202c with that",
    "5000-emoji": "😡" * (LIMIT // 4),
    "20KB-one-letter": "a" * LIMIT,
    "20KB-one-word-repeated": "idiot " * (LIMIT // 6),
    "zalgo": "i" + "\u0301\u0302\u0303" * 300 + "diot",
    "zero-width-only": "\u200b\u200c\u200d\u2060 x",
    "control-chars": "".join(chr(c) for c in range(1, 32)) + " words",
    "private-use": "\ue000\uf8ff\U000f0000 words",
}


@pytest.mark.slow
@pytest.mark.parametrize("route", ["comments", "perspective", "coral", "page-text", "page-html"])
def test_real_model_scores_odd_text_without_a_5xx(real_client: TestClient, route: str) -> None:
    for name, text in REAL_TEXTS.items():
        response = post_text(real_client, route, text)
        assert_answered(response)
        if route in ("comments", "perspective", "coral"):
            assert response.status_code == 200, (name, response.text[:300])


@pytest.fixture(scope="module")
def postgres_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The feedback route on a real PostgreSQL server (it refuses what SQLite takes, e.g. NUL)."""
    from test_api_feedback import postgres_url

    url = postgres_url()
    tmp = tmp_path_factory.mktemp("hostile-pg")
    keys = make_keys(tmp / "api_keys.json")
    settings = make_settings(tmp, database_url=url, rate_limit_per_second=0)
    with TestClient(create_app(settings, loader=FakeModerator)) as client:
        client.headers["X-API-Key"] = keys["admin"]
        yield client


@pytest.mark.parametrize("case", list(TEXT_CASES))
@pytest.mark.parametrize("field", ["text", "comment_id", "moderator_id", "site_id"])
def test_hostile_feedback_on_postgresql_is_refused_or_stored_never_500(
    postgres_client: TestClient, case: str, field: str
) -> None:
    text, expected = TEXT_CASES[case]
    _, payload = _feedback("fine words")
    payload[field] = text if field == "text" else text[:200]
    response = post_raw(postgres_client, "/v1/feedback", json.dumps(payload).encode())
    assert_answered(response)
    if field == "text" and "feedback" in expected:
        assert response.status_code == expected["feedback"]
    if "\x00" in text:
        assert response.status_code == 422

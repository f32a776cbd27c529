"""Hostile and malformed input never gets a 500: body size, content type, encoding, nesting, rate."""

from __future__ import annotations

import json
import logging

import pytest
from api_fakes import reason, FakeModerator, make_settings
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app

MODERATE = "/v1/comments:moderate"


@pytest.fixture()
def client(tmp_path):
    app = create_app(make_settings(tmp_path, max_body_bytes=64 * 1024), loader=FakeModerator)
    with TestClient(app) as test_client:
        yield test_client


def _post_raw(client, body: bytes, content_type: str | None = "application/json", path: str = MODERATE):
    headers = {"content-type": content_type} if content_type else {}
    return client.post(path, content=body, headers=headers)


def test_body_over_the_limit_is_413_json(client):
    comments = [{"text": "x" * 20000} for _ in range(4)]
    response = client.post(MODERATE, json={"comments": comments})
    assert response.status_code == 413
    assert "larger than 65536 bytes" in reason(response)


def test_streamed_body_without_content_length_is_still_limited(client):
    def chunks():
        yield b'{"comments": [{"text": "'
        for _ in range(100):
            yield b"y" * 1024
        yield b'"}]}'

    response = client.post(MODERATE, content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b'{"comments": [{"text": "hi"}]}'),
        ("application/x-www-form-urlencoded", b"comments=hi"),
        (None, b'{"comments": [{"text": "hi"}]}'),
        ("multipart/form-data; boundary=x", b"--x--"),
    ],
    ids=["text-plain", "form", "no-content-type", "multipart"],
)
def test_wrong_content_type_is_415(client, content_type, body):
    response = _post_raw(client, body, content_type)
    assert response.status_code == 415
    assert "application/json" in reason(response)


def test_json_with_charset_and_vendor_types_is_accepted(client):
    body = json.dumps({"comments": [{"text": "hi"}]}).encode()
    assert _post_raw(client, body, "application/json; charset=utf-8").status_code == 200
    assert _post_raw(client, body, "application/vnd.api+json").status_code == 200


def test_invalid_utf8_is_400(client):
    response = _post_raw(client, b'{"comments": [{"text": "caf\xe9 \xff"}]}')
    assert response.status_code == 400
    assert "UTF-8" in reason(response)


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"comments": [',
        b"not json",
        b'{"comments": [{"text": "a"}]} trailing',
        b"[]",
        b"null",
        b'"text"',
    ],
    ids=["open-brace", "truncated", "bare-word", "trailing-garbage", "array", "null", "string"],
)
def test_malformed_json_is_4xx_with_detail(client, body):
    response = _post_raw(client, body)
    assert 400 <= response.status_code < 500
    assert reason(response)


def test_deeply_nested_json_is_4xx(client):
    depth = 20000
    body = b'{"comments": [{"text": "a", "article": ' + b"[" * depth + b"]" * depth + b"}]}"
    response = _post_raw(client, body)
    assert 400 <= response.status_code < 500
    assert reason(response)


@pytest.mark.parametrize(
    "text",
    ["\x00nul byte\x00", "\u202eRTL override\u202c", "😀" * 5000, "zero\u200bwidth", "a\r\nb\rc"],
    ids=["nul", "rtl-override", "5000-emoji", "zero-width", "line-endings"],
)
def test_odd_but_valid_text_is_moderated(client, text):
    response = client.post(MODERATE, json={"comments": [{"text": text}]})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_10000_emoji_exceed_20kb_and_get_422(client):
    response = client.post(MODERATE, json={"comments": [{"text": "😀" * 10000}]})
    assert response.status_code in (413, 422)
    assert reason(response)


def test_rate_limit_is_429_with_retry_after(tmp_path):
    settings = make_settings(tmp_path, rate_limit_per_second=0.5, rate_limit_burst=3)
    with TestClient(create_app(settings, loader=FakeModerator)) as client:
        statuses = [client.get("/v1/model").status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200]
        assert statuses[3:] == [429, 429]
        limited = client.get("/v1/model")
        assert limited.headers["retry-after"].isdigit()
        assert "Rate limit" in limited.json()["detail"]
        assert client.get("/healthz").status_code == 200


def test_unknown_route_and_method_are_json_4xx(client):
    assert client.get("/v1/nope").json()["detail"] == "Not Found"
    wrong_method = client.get(MODERATE)
    assert wrong_method.status_code == 405
    assert wrong_method.json()["detail"]


def test_moderation_logs_never_contain_comment_text(client, caplog):
    secret = "my private words about the mayor"
    with caplog.at_level(logging.DEBUG):
        response = client.post(MODERATE, json={"comments": [{"text": secret}]})
    assert response.status_code == 200
    assert secret not in caplog.text


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
_comment = st.fixed_dictionaries(
    {"text": st.text(max_size=200)},
    optional={"id": st.text(max_size=20), "author": _json, "article": _json},
)
_bodies = (
    _json
    | st.fixed_dictionaries({"comments": st.lists(_comment, max_size=5)}, optional={"site_id": _json})
    | st.fixed_dictionaries(
        {"comment": st.fixed_dictionaries({"text": st.text(max_size=100)}), "requestedAttributes": _json},
        optional={"languages": _json, "spanAnnotations": _json, "doNotStore": _json},
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_bodies, path=st.sampled_from([MODERATE, "/v1/pages:moderate", "/v1alpha1/comments:analyze"]))
def test_random_json_never_gets_a_5xx(client, body, path):
    response = client.post(path, json=body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert reason(response)


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        (MODERATE, b'{"comments": [{"text": "hi"}], "site_id": NaN}'),
        (
            "/v1alpha1/comments:analyze",
            b'{"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": NaN}}}',
        ),
        (
            "/v1alpha1/comments:analyze",
            b'{"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": Infinity}}}',
        ),
    ],
    ids=["nan-site", "nan-threshold", "infinite-threshold"],
)
def test_non_standard_json_numbers_are_4xx(client, path, raw):
    response = _post_raw(client, raw, path=path)
    assert 400 <= response.status_code < 500
    assert reason(response)

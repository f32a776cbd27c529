"""Strict request schemas: no coercion of booleans and numbers, "exactly one of" in the OpenAPI document
itself, and every status a route can answer documented (issue 17)."""

from __future__ import annotations

import itertools

import jsonschema_rs
import pytest
from api_fakes import FakeModerator, make_keys, make_settings, reason
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.main import create_app
from api.schemas.moderate import ArticleRef, ModeratePageIn

NOT_BOOLEANS = ["yes", "true", 0, 1, None, [], {}]


@pytest.fixture()
def client(tmp_path):
    keys = make_keys(tmp_path / "api_keys.json")
    app = create_app(make_settings(tmp_path), loader=FakeModerator)
    with TestClient(app) as test_client:
        test_client.keys = keys  # type: ignore[attr-defined]
        yield test_client


@pytest.mark.parametrize("value", NOT_BOOLEANS, ids=repr)
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/comments:moderate", {"comments": [{"text": "hello"}]}),
        ("/v1/pages:moderate", {"text": "Title\n\nSome article text."}),
    ],
    ids=["comments", "pages"],
)
def test_explain_must_be_a_json_boolean(client, path, body, value):
    response = client.post(path, json={**body, "explain": value})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == "explain"


@pytest.mark.parametrize("field", ["doNotStore", "spanAnnotations", "dropUnsupportedAttributes"])
@pytest.mark.parametrize("value", ["yes", 0, 1], ids=repr)
def test_perspective_flags_must_be_json_booleans(client, field, value):
    body = {"comment": {"text": "hello"}, "requestedAttributes": {"TOXICITY": {}}, field: value}
    response = client.post("/v1alpha1/comments:analyze", json=body)
    assert response.status_code == 400 and field in reason(response)


@pytest.mark.parametrize("value", [False, True, "1", "0.5", None], ids=repr)
def test_feedback_labels_must_be_numbers(client, value):
    body = {"comment_id": "c1", "text": "hi", "decision": "reject", "moderator_id": "m",
            "labels": {"incivility": value}}
    response = client.post("/v1/feedback", json=body, headers={"X-API-Key": client.keys["feedback"]})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("value", [1, 0, 0.25], ids=repr)
def test_feedback_labels_accept_json_numbers(client, value):
    body = {"comment_id": f"c-{value}", "text": "hi", "decision": "reject", "moderator_id": "m",
            "labels": {"incivility": value}}
    response = client.post("/v1/feedback", json=body, headers={"X-API-Key": client.keys["feedback"]})
    assert response.status_code == 201, response.text


def _combinations(fields):
    """Every way of sending each field: absent, null, or a string."""
    for states in itertools.product(("absent", "null", "value"), repeat=len(fields)):
        body = {}
        for name, state in zip(fields, states, strict=True):
            if state != "absent":
                body[name] = None if state == "null" else "x"
        yield body


@pytest.mark.parametrize(
    ("model", "schema_name", "fields"),
    [
        (ArticleRef, "ArticleRef", ("text", "url", "page_id")),
        (ModeratePageIn, "ModeratePageIn", ("text", "html")),
    ],
    ids=["article", "page"],
)
def test_exactly_one_of_is_in_the_openapi_schema_and_agrees_with_the_model(client, model, schema_name, fields):
    components = client.get("/openapi.json").json()["components"]["schemas"]
    schema = {**components[schema_name], "components": {"schemas": components}}
    assert "oneOf" in schema
    for body in _combinations(fields):
        try:
            model.model_validate(body)
            by_model = True
        except ValidationError:
            by_model = False
        by_schema = jsonschema_rs.Draft202012Validator(schema).is_valid(body)  # what schemathesis uses
        assert by_model == by_schema, body


def test_every_body_route_documents_the_guard_statuses(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert {"400", "408", "413", "415"} <= set(operation["responses"]), (method, path)
                # Google answers every invalid argument with 400; Perspective's route never sends a 422.
                assert ("422" in operation["responses"]) != path.startswith("/v1alpha1/"), (method, path)
            if operation.get("security"):
                assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)


@pytest.mark.parametrize("path", ["/v1/feedback", "/v1/coral/moderate"])
def test_invalid_utf8_answer_is_documented(client, path):
    response = client.post(path, content=b'{"text": "caf\xe9"}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    documented = client.get("/openapi.json").json()["paths"][path]["post"]["responses"]
    assert "400" in documented


def _documented(document, name):
    """A validator for one component schema of the OpenAPI document (its `$ref`s resolved in place)."""
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **document})


@pytest.mark.parametrize(
    ("path", "body", "detail_type"),
    [
        ("/v1/pages:moderate", {"text": "\x01\x02\x03\x04\x05\x06 binary \x07\x08\x0e\x0f\x10\x11"}, str),
        ("/v1/pages:moderate", {"text": 5}, list),
        ("/v1/comments:moderate", {"comments": []}, list),
    ],
    ids=["refused-sentence", "schema-error-list", "empty-batch"],
)
def test_every_422_body_matches_the_documented_schema(client, path, body, detail_type):
    document = client.get("/openapi.json").json()
    response = client.post(path, json=body, headers={"X-API-Key": client.keys["admin"]})
    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], detail_type)
    assert _documented(document, "HTTPValidationError").is_valid(response.json()), response.text


@pytest.mark.parametrize("method", ["OPTIONS", "DELETE", "PATCH"])
def test_an_unsupported_method_is_405_allowing_exactly_the_documented_methods(client, method):
    paths = client.get("/openapi.json").json()["paths"]
    for path, item in paths.items():
        documented = {m.upper() for m in item}
        if method in documented:
            continue
        response = client.request(method, path, headers={"X-API-Key": client.keys["admin"]})
        assert response.status_code == 405, (method, path, response.text)
        allowed = {m.strip() for m in response.headers["allow"].split(",")}
        assert allowed - {"HEAD"} == documented, (method, path, response.headers["allow"])
        assert response.json(), (method, path)


def test_the_not_blank_pattern_is_what_strip_removes():
    import re
    import sys

    from api.schemas.common import NOT_BLANK_PATTERN

    whitespace = {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
    documented = re.compile(NOT_BLANK_PATTERN)
    assert {c for c in map(chr, range(sys.maxunicode + 1)) if not documented.search(c)} == whitespace
    validator = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": NOT_BLANK_PATTERN})
    assert not validator.is_valid("\n\u3000\x1c ") and validator.is_valid(" a ")


@pytest.mark.parametrize("text", ["\n", " \u3000 ", "\x1c\x85"], ids=repr)
def test_a_blank_comment_is_schema_invalid_and_refused(client, text):
    document = client.get("/openapi.json").json()
    body = {"comments": [{"text": text}]}
    assert not _documented(document, "ModerateCommentsIn").is_valid(body)
    response = client.post("/v1/comments:moderate", json=body)
    assert response.status_code == 422, response.text

"""Schemathesis against the service's own OpenAPI schema: no 5xx, and every 4xx says why in JSON.

Every operation in `/openapi.json` gets a bounded number of generated requests, both valid ones
(positive mode: they must be answered, 2xx bodies must match the documented response schema) and
invalid ones (negative mode: wrong types, missing fields, out-of-range values, which must be 4xx).
The app runs in-process on the keyword `FakeModerator`, so a few hundred requests take seconds.
Requests carry an admin key (it has every scope) and Coral requests are signed, so generated bodies
reach the validation and handler code rather than stopping at the key check.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fakes import CORAL_SECRET, FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import response_schema_conformance

from api.coral import SIGNATURE_HEADER, sign
from api.google import is_perspective_path
from api.main import create_app

MAX_EXAMPLES = 40
TALLY: defaultdict[str, Counter[tuple[str, int]]] = defaultdict(Counter)


_WORKDIR = tempfile.TemporaryDirectory(prefix="moderation-fuzz-")
_TMP = Path(_WORKDIR.name)
_KEYS = make_keys(_TMP / "api_keys.json")
APP = create_app(make_settings(_TMP, rate_limit_per_second=0), loader=FakeModerator)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=list(GenerationMode), max_examples=MAX_EXAMPLES)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """One client for the module, inside the lifespan (model loaded, store migrated)."""
    with _WORKDIR, TestClient(APP) as test_client:
        test_client.headers["X-API-Key"] = _KEYS["admin"]
        yield test_client


def send(client: TestClient, case: schemathesis.Case) -> Any:
    """The case as one HTTP request; bodies are serialised here so Coral's signature covers the bytes."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    headers = {k: v for k, v in kwargs.get("headers", {}).items() if k.lower() != "x-api-key"}
    content = None
    if "json" in kwargs:
        content = json.dumps(kwargs["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif kwargs.get("data") is not None or kwargs.get("content") is not None:
        raw = kwargs.get("content", kwargs.get("data"))
        content = raw.encode() if isinstance(raw, str) else raw
    if case.path.startswith("/v1/coral/") and content is not None:
        headers[SIGNATURE_HEADER] = sign(content, CORAL_SECRET)
    return client.request(
        case.method, case.formatted_path, params=kwargs.get("params"), headers=headers, content=content
    )


def assert_explained_error(path: str, response: Any) -> None:
    """A 4xx is JSON with a non-empty reason: `detail`, or Google's `error.message` on Perspective's route."""
    body = response.json()
    if is_perspective_path(path):
        assert body["error"]["message"], body
        assert body["error"]["code"] == response.status_code
        assert set(body) == {"error"}, body
    else:
        assert body["detail"], body


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_generated_requests_never_get_a_5xx(case: schemathesis.Case, client: TestClient) -> None:
    response = send(client, case)
    mode = case.meta.generation.mode.value if case.meta is not None else "explicit"
    TALLY[f"{case.method} {case.path}"][(mode, response.status_code)] += 1
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if 400 <= response.status_code < 500:
        assert_explained_error(case.path, response)
    elif case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
        case.validate_response(response, checks=[response_schema_conformance])


@pytest.fixture(scope="module")
def postgres_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The same app on a real PostgreSQL server: it refuses what SQLite silently takes (NUL, long ids)."""
    from test_api_feedback import postgres_url

    url = postgres_url()
    tmp = tmp_path_factory.mktemp("fuzz-pg")
    keys = make_keys(tmp / "api_keys.json")
    app = create_app(make_settings(tmp, database_url=url, rate_limit_per_second=0), loader=FakeModerator)
    with TestClient(app) as client:
        client.headers["X-API-Key"] = keys["admin"]
        yield client


@schema.include(path="/v1/feedback").parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_generated_feedback_on_postgresql_never_gets_a_5xx(
    case: schemathesis.Case, postgres_client: TestClient
) -> None:
    response = send(postgres_client, case)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if 400 <= response.status_code < 500:
        assert_explained_error(case.path, response)


def test_every_operation_was_fuzzed_and_valid_requests_succeed() -> None:
    """Guards the test above against passing vacuously (e.g. every request stopped at a 401 or 415)."""
    if not TALLY:
        pytest.skip("run together with test_generated_requests_never_get_a_5xx")
    operations = {
        f"{method.upper()} {path}" for path, item in APP.openapi()["paths"].items() for method in item
    }
    assert operations <= set(TALLY), operations - set(TALLY)
    for operation in sorted(operations):
        outcomes = TALLY[operation]
        print(operation, dict(sorted(outcomes.items())))
        assert any(mode == "positive" and status < 300 for mode, status in outcomes), operation

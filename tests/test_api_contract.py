"""Schemathesis with every check, not only "no 5xx": each answer conforms to the OpenAPI document.

`tests/test_api_fuzz.py` proves no request the schema allows or forbids gets a 5xx; this module runs
all of schemathesis' checks over the same operations: status codes and content types documented,
response bodies and headers as documented, invalid data rejected (negative mode must be 4xx), valid
data accepted (positive mode must be 2xx), required headers, unsupported methods. Zero failures.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance
from test_api_fuzz import send

from api.main import create_app

MAX_EXAMPLES = 8  # per operation and mode, derandomized: the same requests every run (about 15 s)
# The one refusal of schema-valid data no JSON Schema keyword can state: a page that is blank or more than
# 1% control characters (moderation/page/detect.py). Documented on the route's 422; only that answer, with
# that sentence, is spared the "valid data is accepted" check, and every other check still runs on it.
UNREADABLE_PAGE = ("The page looks binary", "The page is empty")
_WORKDIR = tempfile.TemporaryDirectory(prefix="moderation-contract-")
_TMP = Path(_WORKDIR.name)
_KEYS = make_keys(_TMP / "api_keys.json")
APP = create_app(make_settings(_TMP, rate_limit_per_second=0), loader=FakeModerator)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=list(GenerationMode), max_examples=MAX_EXAMPLES)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with _WORKDIR, TestClient(APP) as test_client:
        test_client.headers["X-API-Key"] = _KEYS["admin"]
        yield test_client


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_answer_conforms_to_the_schema(case: schemathesis.Case, client: TestClient) -> None:
    response: Any = send(client, case)
    # ignored_auth is excluded: `send` replaces the generated key with a valid admin key on purpose
    # (so bodies reach validation); keys are tested by tests/test_api_security.py.
    excluded = [ignored_auth]
    if _refused_as_unreadable_page(case, response):
        excluded.append(positive_data_acceptance)
    case.validate_response(response, excluded_checks=excluded)


def _refused_as_unreadable_page(case: schemathesis.Case, response: Any) -> bool:
    if case.path != "/v1/pages:moderate" or response.status_code != 422:
        return False
    detail = response.json().get("detail")
    return isinstance(detail, str) and detail.startswith(UNREADABLE_PAGE)

"""Coral Talk's external moderation phase: signed requests in Coral's format, answers Coral accepts.

The request is the example of coralproject/talk EXTERNAL_MODERATION_PHASES.md, serialised as
Coral does (`JSON.stringify(data, null, 2)`) and signed as `generateSignatures` does.
"""

from __future__ import annotations

import json

import pytest
from api_fakes import CORAL_SECRET, FakeModerator, make_settings
from fastapi.testclient import TestClient

from api.coral import sign
from api.main import create_app
from api.schemas.coral import CORAL_EXAMPLE

CORAL = "/v1/coral/moderate"


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(make_settings(tmp_path), loader=FakeModerator)) as test_client:
        yield test_client


def _coral_body(comment: str = "Here's a comment!", **changes) -> bytes:
    payload = {**CORAL_EXAMPLE, "comment": {"body": comment, "parentID": None}, **changes}
    return json.dumps(payload, indent=2).encode()


def _send(client, body: bytes, signature: str | bytes | None):
    headers = {"content-type": "application/json", "user-agent": "Coral Moderation/7.0.0"}
    if signature is not None:
        headers["X-Coral-Signature"] = signature
    return client.post(CORAL, content=body, headers=headers)


def test_civil_comment_is_left_to_coral(client):
    body = _coral_body()
    response = _send(client, body, sign(body, CORAL_SECRET))
    assert response.status_code == 200, response.text
    payload = response.json()
    assert "status" not in payload and payload["actions"] == []
    assert payload["metadata"]["moderation"]["decision"] == "approve"


def test_uncivil_comment_is_rejected_with_a_toxic_flag(client):
    body = _coral_body("You are an idiot.")
    payload = _send(client, body, sign(body, CORAL_SECRET)).json()
    assert payload["status"] == "REJECTED"
    assert payload["actions"][0]["actionType"] == "FLAG"
    assert payload["actions"][0]["reason"] == "COMMENT_DETECTED_TOXIC"
    assert "insult" in payload["actions"][0]["additionalDetails"]


def test_review_is_a_flag_and_holds_the_comment_for_premoderation(client):
    body = _coral_body("I will hurt you.")
    payload = _send(client, body, sign(body, CORAL_SECRET)).json()
    assert payload["status"] == "PREMOD"
    assert [a["reason"] for a in payload["actions"]] == ["COMMENT_DETECTED_TOXIC"]


def test_a_review_caused_only_by_an_unsupported_claim_reaches_coral_as_a_flag(client):
    body = _coral_body("Everyone knows the vote was rigged.")
    payload = _send(client, body, sign(body, CORAL_SECRET)).json()
    assert payload["metadata"]["moderation"]["decision"] == "review"
    assert payload["status"] == "PREMOD"
    [action] = payload["actions"]
    assert action["actionType"] == "FLAG" and action["reason"] == "COMMENT_REPORTED_OTHER"
    assert "unsupported_claim" in action["additionalDetails"]


@pytest.mark.parametrize(("coral_table", "status", "reason"), [
    ('review_status = "NONE"', None, "COMMENT_REPORTED_OTHER"),
    ('unsupported_claim = "COMMENT_DETECTED_SPAM"', "PREMOD", "COMMENT_DETECTED_SPAM"),
    ('review_status = "SYSTEM_WITHHELD"', "SYSTEM_WITHHELD", "COMMENT_REPORTED_OTHER"),
], ids=["publish-and-report", "own-reason-code", "withheld"])
def test_the_coral_action_of_a_review_is_configurable_per_site(tmp_path, coral_table, status, reason):
    policy = tmp_path / "policy.toml"
    policy.write_text(f"[sites.daily.coral]\n{coral_table}\n")
    with TestClient(create_app(make_settings(tmp_path, policy_file=policy), loader=FakeModerator)) as client:
        daily = _coral_body("Everyone knows the vote was rigged.", site={"id": "daily"})
        payload = _send(client, daily, sign(daily, CORAL_SECRET)).json()
        other = _coral_body("Everyone knows the vote was rigged.", site={"id": "other"})
        default = _send(client, other, sign(other, CORAL_SECRET)).json()
    assert payload.get("status") == status
    assert [a["reason"] for a in payload["actions"]] == [reason]
    assert default["status"] == "PREMOD"


@pytest.mark.parametrize("coral_table", ['review_status = "APPROVED"', 'unsupported_claim = "MADE_UP"',
                                         'not_a_label = "COMMENT_REPORTED_OTHER"'],
                         ids=["status", "reason", "label"])
def test_a_bad_coral_policy_is_refused_with_a_reason(coral_table):
    import tomllib

    from moderation.errors import InvalidInput
    from moderation.policy import Policy

    with pytest.raises(InvalidInput, match="coral|label"):
        Policy.from_mapping(tomllib.loads(f"[default.coral]\n{coral_table}\n"), {})


def test_newer_coral_tenant_object_and_html_bodies_are_understood(client):
    body = _coral_body("<p>You are an <b>idiot</b>.</p>", tenant={"id": "t1", "domain": "news.example"})
    payload = _send(client, body, sign(body, CORAL_SECRET)).json()
    assert payload["status"] == "REJECTED"


def test_rotated_secrets_any_matching_signature_is_accepted(tmp_path):
    settings = make_settings(tmp_path, coral_signing_secrets="old-secret, new-secret")
    body = _coral_body()
    header = f"{sign(body, 'unknown')},{sign(body, 'new-secret')}"
    with TestClient(create_app(settings, loader=FakeModerator)) as client:
        assert _send(client, body, header).status_code == 200


@pytest.mark.parametrize(
    ("signature", "status"),
    [
        (None, 401),
        ("", 401),
        ("sha256=" + "0" * 64, 403),
        ("sha1=abcdef", 403),
        ("garbage", 403),
        ("sha256=ünïcode".encode("latin-1"), 403),
    ],
    ids=["missing", "empty", "wrong-digest", "wrong-algorithm", "garbage", "non-ascii"],
)
def test_bad_signatures_are_rejected_as_json(client, signature, status):
    response = _send(client, _coral_body(), signature)
    assert response.status_code == status
    assert response.json()["detail"]


def test_signature_over_a_different_body_is_rejected(client):
    signed = _coral_body("fine")
    tampered = _coral_body("You are an idiot.")
    assert _send(client, tampered, sign(signed, CORAL_SECRET)).status_code == 403


def test_unconfigured_coral_is_403(tmp_path):
    settings = make_settings(tmp_path, coral_signing_secrets=[])
    body = _coral_body()
    with TestClient(create_app(settings, loader=FakeModerator)) as client:
        response = _send(client, body, sign(body, CORAL_SECRET))
    assert response.status_code == 403
    assert "not configured" in response.json()["detail"]


def test_signed_but_malformed_request_is_422(client):
    body = json.dumps({"action": "DELETE", "comment": {"body": ""}}).encode()
    response = _send(client, body, sign(body, CORAL_SECRET))
    assert response.status_code == 422
    assert response.json()["detail"]

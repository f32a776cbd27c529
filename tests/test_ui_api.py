"""The operator surface the workspace needs: `GET /v1/feedback`, keys list/revoke/re-read without a
restart, `/docs` and `/redoc` offline, and the `store` flag of the moderation routes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.main import create_app
from moderation.keys import create_key
from moderation.queue import QueueFilter

CDN = re.compile(r"https?://(?!127\.0\.0\.1|localhost)[^\"'\s]+\.(?:js|css)")


@pytest.fixture()
def keys(tmp_path) -> dict[str, str]:
    return make_keys(tmp_path / "api_keys.json")


@pytest.fixture()
def client(tmp_path, keys):
    app = create_app(make_settings(tmp_path), loader=FakeModerator)
    with TestClient(app) as test_client:
        yield test_client


def _verdict(comment: str, moderator: str, site: str = "daily", decision: str = "reject") -> dict:
    return {"comment_id": comment, "text": f"text of {comment}", "decision": decision,
            "moderator_id": moderator, "site_id": site}


@pytest.fixture()
def stored(client, keys) -> None:
    for body in (_verdict("c1", "alice"), _verdict("c2", "bob"), _verdict("c3", "alice", "weekly", "approve")):
        assert client.post("/v1/feedback", json=body, headers={"X-API-Key": keys["feedback"]}).status_code == 201


def _list(client, key, **params):
    return client.get("/v1/feedback", params=params, headers={"X-API-Key": key})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["c3", "c2", "c1"]),
        ({"site": "daily"}, ["c2", "c1"]),
        ({"moderator": "alice"}, ["c3", "c1"]),
        ({"site": "daily", "moderator": "bob"}, ["c2"]),
        ({"since": "2999-01-01T00:00:00Z"}, []),
        ({"until": "2000-01-01T00:00:00Z"}, []),
        ({"since": "2000-01-01T00:00:00"}, ["c3", "c2", "c1"]),
        # Outside years 1-9999 once in UTC: clamped to them, not refused (valid RFC 3339).
        ({"since": "0001-01-01T00:00:00+05:00"}, ["c3", "c2", "c1"]),
        ({"until": "0001-01-01T00:00:00+05:00"}, []),
        ({"since": "9999-12-31T23:59:59-05:00"}, []),
        ({"until": "9999-12-31T23:59:59.5-05:00"}, ["c3", "c2", "c1"]),
    ],
    ids=["all", "site", "moderator", "both", "since-future", "until-past", "naive-is-utc",
         "since-before-year-1", "until-before-year-1", "since-after-9999", "until-after-9999"],
)
def test_get_feedback_filters(client, keys, stored, params, expected):
    response = _list(client, keys["feedback"], **params)
    assert response.status_code == 200, response.text
    assert [row["comment_id"] for row in response.json()["data"]] == expected
    assert response.json()["count"] == len(expected)


def test_get_feedback_pages(client, keys, stored):
    first = _list(client, keys["feedback"], limit=2).json()
    assert len(first["data"]) == 2 and first["count"] == 3 and first["next_offset"] == 2
    second = _list(client, keys["feedback"], limit=2, offset=first["next_offset"]).json()
    assert [r["comment_id"] for r in second["data"]] == ["c1"] and second["next_offset"] is None
    assert second["data"][0]["text"] == "text of c1" and second["data"][0]["decision"] == "reject"


@pytest.mark.parametrize(
    ("key", "params", "status"),
    [(None, {}, 401), ("read", {}, 403), ("feedback", {"limit": 0}, 422), ("feedback", {"since": "yesterday"}, 422)],
    ids=["no-key", "read-scope", "bad-limit", "bad-date"],
)
def test_get_feedback_refusals(client, keys, key, params, status):
    headers = {"X-API-Key": keys[key]} if key else {}
    response = client.get("/v1/feedback", params=params, headers=headers)
    assert response.status_code == status and "detail" in response.json()


NOT_TIMESTAMPS = [
    "0.5", "1733040000", "-1", "2026-12-01", "2026-12-01T09:30:00Z*", "2026-12-01t09:30:00z",
    "2026-12-01 09:30:00", "2024-01-01T12:99:00Z", "2026-02-30T00:00:00Z", "\uff12026-12-01T09:30:00Z", "",
]


@pytest.mark.parametrize("value", NOT_TIMESTAMPS, ids=repr)
@pytest.mark.parametrize("name", ["since", "until"])
def test_since_and_until_take_rfc_3339_date_times_only(client, keys, name, value):
    """Pydantic alone would read "0.5" or "1733040000" as Unix times: the schema says date-time, so 422."""
    response = _list(client, keys["feedback"], **{name: value})
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", name] and error["msg"]


def test_the_documented_timestamp_pattern_is_the_one_enforced(client):
    import jsonschema_rs

    [until] = [p for p in client.get("/openapi.json").json()["paths"]["/v1/feedback"]["get"]["parameters"]
               if p["name"] == "until"]
    [documented] = [s for s in until["schema"]["anyOf"] if s.get("type") == "string"]
    assert documented["format"] == "date-time"
    validator = jsonschema_rs.Draft202012Validator(documented, validate_formats=True)
    for value in NOT_TIMESTAMPS:
        assert not validator.is_valid(value), value
    assert validator.is_valid("2026-12-01T09:30:00.123456+05:30")


def test_a_key_created_while_running_is_accepted_without_restart(client, tmp_path):
    new = create_key(tmp_path / "api_keys.json", "late-key", ["feedback"])
    assert _list(client, new).status_code == 200


def test_keys_list_and_revoke_cli(client, keys, tmp_path):
    from typer.testing import CliRunner

    from moderation.cli import app

    file = str(tmp_path / "api_keys.json")
    runner = CliRunner()
    revoked = runner.invoke(app, ["keys", "revoke", "feedback-key", "--file", file])
    assert revoked.exit_code == 0, revoked.output
    assert _list(client, keys["feedback"]).status_code == 401  # the running app, at once
    listed = runner.invoke(app, ["keys", "list", "--file", file])
    lines = dict(line.split("\t", 1) for line in listed.stdout.splitlines())
    assert set(lines) == {"read-key", "feedback-key", "admin-key"}
    assert "revoked" in lines["feedback-key"] and "active" in lines["admin-key"]
    assert keys["feedback"] not in listed.stdout
    again = runner.invoke(app, ["keys", "revoke", "feedback-key", "--file", file])
    assert again.exit_code != 0 and "already revoked" in str(again.exception)
    unknown = subprocess.run(
        [sys.executable, "-m", "moderation.cli", "keys", "revoke", "nobody", "--file", file],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert unknown.returncode != 0 and "No key named 'nobody'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_are_served_offline(client, path):
    page = client.get(path)
    assert page.status_code == 200 and not CDN.search(page.text), "the page loads assets from another host"
    assets = re.findall(r"(/docs-assets/[\w.\-]+)", page.text)
    assert assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 1000, asset


def _queued(client) -> int:
    return client.app.state.service.queue.list(QueueFilter())[1]


@pytest.mark.parametrize("store", [None, False, True], ids=["default", "off", "on"])
def test_store_flag_on_comments(client, store):
    body = {"comments": [{"id": "k1", "text": "What an idiot."}], "site_id": "daily"}
    if store is not None:
        body["store"] = store
    assert client.post("/v1/comments:moderate", json=body).status_code == 200
    assert _queued(client) == (1 if store else 0)


def test_store_flag_on_pages_keeps_article_and_reply_context(client, comment_seed_text, monkeypatch):
    monkeypatch.setattr("api.service.build_context", lambda text: None)  # claims context: slow, not tested here
    body = {"text": comment_seed_text, "site_id": "daily", "url": "https://news.example/a", "store": True}
    response = client.post("/v1/pages:moderate", json=body)
    assert response.status_code == 200
    entries = client.app.state.service.queue.list(QueueFilter(per_page=50))[0]
    assert len(entries) == response.json()["comments"]["count"]
    assert {e.article_title for e in entries} == {response.json()["article"]["title"]}
    assert any(e.reply_to_text and e.reply_to_text.startswith("Giving credibility") for e in entries)
    client.post("/v1/pages:moderate", json=body)  # the same page again refreshes, never duplicates
    assert _queued(client) == len(entries)


def test_perspective_route_never_stores(client):
    body = {"comment": {"text": "What an idiot."}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": False}
    assert client.post("/v1alpha1/comments:analyze", json=body).status_code == 200
    assert _queued(client) == 0

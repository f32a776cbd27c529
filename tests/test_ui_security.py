"""The workspace's security rules, through the app in-process: no page or form without a moderator
session, CSRF refused, a revoked key refused at once, comment text escaped, no open redirect."""

from __future__ import annotations

import re

import pytest
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.main import create_app
from moderation.keys import revoke_key

SCRIPT = "<script>document.title='pwned'</script> What an idiot."


@pytest.fixture()
def keys(tmp_path) -> dict[str, str]:
    return make_keys(tmp_path / "api_keys.json")


@pytest.fixture()
def client(tmp_path, keys):
    app = create_app(make_settings(tmp_path), loader=FakeModerator)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        body = {"comments": [{"id": "x1", "text": SCRIPT, "author": "<b>Eve</b>"}], "site_id": "daily", "store": True}
        assert test_client.post("/v1/comments:moderate", json=body).status_code == 200
        yield test_client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def login(client: TestClient, key: str) -> str:
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"key": key, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return _csrf(client.get("/queue").text)


@pytest.mark.parametrize("path", ["/queue", "/queue?queue=rejected", "/queue/1", "/model", "/history"])
def test_no_page_without_a_session(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert "idiot" not in response.text


@pytest.mark.parametrize(
    ("path", "data"),
    [("/queue/1/verdict", {"decision": "reject"}), ("/queue/undo", {})],
    ids=["verdict", "undo"],
)
def test_no_form_without_a_session(client, path, data):
    token = _csrf(client.get("/login").text)  # an anonymous session's token is not enough
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 401
    assert client.app.state.service.store.count() == 0


def test_a_read_or_admin_scope_key_cannot_log_in(client, keys):
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"key": keys["read"], "csrf_token": token})
    assert response.status_code == 401 and "feedback scope" in response.text
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_wrong_key_is_refused(client):
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"key": "mk_wrong", "csrf_token": token})
    assert response.status_code == 401 and "not valid" in response.text


@pytest.mark.parametrize("token", ["", "forged-token"], ids=["missing", "forged"])
def test_csrf_is_refused(client, keys, token):
    login(client, keys["feedback"])
    response = client.post("/queue/1/verdict", data={"decision": "reject", "csrf_token": token})
    assert response.status_code == 403 and "security token" in response.text
    assert client.app.state.service.store.count() == 0


def test_login_form_itself_needs_its_csrf_token(client, keys):
    response = client.post("/login", data={"key": keys["feedback"], "csrf_token": "x"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_a_revoked_key_is_refused_at_once(client, keys, tmp_path):
    token = login(client, keys["feedback"])
    assert client.get("/queue").status_code == 200
    revoke_key(tmp_path / "api_keys.json", "feedback-key")
    assert client.get("/queue", follow_redirects=False).status_code == 303
    response = client.post("/queue/1/verdict", data={"decision": "reject", "csrf_token": token})
    assert response.status_code == 401 and client.app.state.service.store.count() == 0
    assert client.get("/v1/feedback", headers={"X-API-Key": keys["feedback"]}).status_code == 401


def test_comment_text_and_author_are_escaped(client, keys):
    login(client, keys["feedback"])
    for path in ("/queue", "/queue/1"):
        html = client.get(path).text
        assert "<script>document.title" not in html and "<b>Eve</b>" not in html
        assert "&lt;script&gt;document.title" in html and "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_pages_forbid_inline_script_and_framing(client, keys):
    login(client, keys["feedback"])
    policy = client.get("/queue").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_does_not_redirect_off_site(client, keys, target):
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"key": keys["feedback"], "csrf_token": token, "next": target}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/queue"


def test_session_cookie_is_httponly_and_strict(client, keys):
    token = _csrf(client.get("/login").text)
    response = client.post("/login", data={"key": keys["feedback"], "csrf_token": token}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_a_tampered_session_cookie_is_no_session(client, keys):
    login(client, keys["feedback"])
    value = client.cookies.get("moderation_session")
    client.cookies.clear()  # one cookie jar entry, not the old one beside the edited one
    client.cookies.set("moderation_session", ("x" if value[0] != "x" else "y") + value[1:])  # payload edited
    assert client.get("/queue", follow_redirects=False).status_code == 303

"""Routes of the moderation service with a fake Moderator: happy paths, each 4xx, readiness."""

from __future__ import annotations

import threading
import time

import pytest
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.main import create_app


@pytest.fixture()
def fake() -> FakeModerator:
    return FakeModerator()


@pytest.fixture()
def keys(tmp_path) -> dict[str, str]:
    return make_keys(tmp_path / "api_keys.json")


@pytest.fixture()
def client(tmp_path, fake, keys):
    app = create_app(make_settings(tmp_path), loader=lambda: fake)
    with TestClient(app) as test_client:
        yield test_client


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json() == {"status": "ok", "model_version": None}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["model_version"] == FakeModerator.version


def test_readyz_is_503_until_the_model_is_loaded(tmp_path):
    release = threading.Event()

    def slow_loader() -> FakeModerator:
        release.wait(10)
        return FakeModerator()

    app = create_app(make_settings(tmp_path, load_in_background=True), loader=slow_loader)
    with TestClient(app) as client:
        not_ready = client.get("/readyz")
        assert not_ready.status_code == 503
        assert "not loaded" in not_ready.json()["detail"]
        assert client.get("/healthz").status_code == 200
        moderate = client.post("/v1/comments:moderate", json={"comments": [{"text": "hello"}]})
        assert moderate.status_code == 503
        assert moderate.headers["retry-after"] == "5"
        release.set()
        for _ in range(200):
            if client.get("/readyz").status_code == 200:
                break
            threading.Event().wait(0.02)
        assert client.get("/readyz").status_code == 200


def test_readyz_says_loading_failed_and_only_the_log_says_where(tmp_path, caplog):
    """The reason names server paths: it goes to the log, the public 503 says only that it failed."""
    def broken_loader() -> FakeModerator:
        raise FileNotFoundError("/srv/moderation/models/current is missing")

    app = create_app(make_settings(tmp_path), loader=broken_loader)
    with caplog.at_level("ERROR"), TestClient(app) as client:
        for path in ("/readyz", "/v1/model"):
            response = client.get(path)
            assert response.status_code == 503
            detail = response.json()["detail"]
            assert "failed" in detail and "/srv" not in detail and "FileNotFoundError" not in detail
    assert "/srv/moderation/models/current is missing" in caplog.text


@pytest.mark.parametrize(("error", "leak"), [("artifact", "/srv/models/x.joblib"), ("data", "/srv/data/cdcp")])
def test_artifact_and_data_503s_are_fixed_sentences(tmp_path, error, leak):
    from moderation.errors import ArtifactError, DataUnavailable

    app = create_app(make_settings(tmp_path), loader=FakeModerator)
    exc = ArtifactError(f"Refusing to load {leak}") if error == "artifact" else DataUnavailable(f"missing {leak}")

    @app.get("/boom")
    def boom() -> None:
        raise exc

    with TestClient(app) as client:
        response = client.get("/boom")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert leak not in response.json()["detail"] and "server" in response.json()["detail"]


def test_moderate_comments_returns_scores_spans_sentences_and_decisions(client):
    body = {
        "site_id": "daily",
        "comments": [
            {"id": "c1", "text": "What an idiot. Go away."},
            {"id": "c2", "text": "I will hurt you."},
            {"text": "Everyone knows the mayor lied."},
            {"id": "c4", "text": "Thanks for the reporting."},
        ],
    }
    response = client.post("/v1/comments:moderate", json=body)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["count"] == 4 and len(payload["data"]) == 4
    assert payload["model_version"] == FakeModerator.version
    decisions = [(v["index"], v["id"], v["decision"]) for v in payload["data"]]
    assert decisions == [(0, "c1", "reject"), (1, "c2", "review"), (2, None, "review"), (3, "c4", "approve")]
    first = payload["data"][0]
    assert set(first["scores"]) == {
        "incivility",
        "insult",
        "profanity",
        "identity_attack",
        "threat",
        "mockery",
        "unsupported_claim",
        "claim_value",
        "claim_policy",
        "claim_fact",
        "claim_testimony",
        "claim_reference",
        "claim_none",
    }
    assert any(r.startswith("insult 0.95 >= reject threshold") for r in first["reasons"])
    assert first["spans"]["insult"][0] == {"start": 8, "end": 13, "text": "idiot", "weight": 1.0}
    assert [s["text"] for s in first["sentences"]] == ["What an idiot.", " Go away."]
    assert payload["data"][2]["sentences"][0]["support"] == "unsupported"
    assert payload["data"][3]["reasons"] == []


def test_moderate_comments_without_explanations(client, fake):
    response = client.post("/v1/comments:moderate", json={"comments": [{"text": "idiot"}], "explain": False})
    assert response.status_code == 200
    assert response.json()["data"][0]["spans"] == {}
    assert fake.calls[-1][1] is False


def test_comments_sharing_an_article_are_scored_together(client, fake):
    article = {"text": "The council approved the budget on Monday."}
    comments = [{"text": "good", "article": article}, {"text": "bad"}, {"text": "fine", "article": article}]
    response = client.post("/v1/comments:moderate", json={"comments": comments})
    assert response.status_code == 200
    assert sorted(len(texts) for texts, _, _ in fake.calls) == [1, 2]
    assert [v["index"] for v in response.json()["data"]] == [0, 1, 2]


def test_unknown_article_reference_is_a_warning_not_an_error(client):
    body = {"comments": [{"text": "hello", "article": {"page_id": "nope"}}]}
    response = client.post("/v1/comments:moderate", json=body)
    assert response.status_code == 200
    assert "not known to this server" in response.json()["data"][0]["warnings"][0]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"comments": []},
        {"comments": [{"text": ""}]},
        {"comments": [{"text": "   \n\t "}]},
        {"comments": [{"text": "x" * (20 * 1024 + 1)}]},
        {"comments": [{"text": "é" * 10241}]},
        {"comments": [{"text": "ok"}] * 1001},
        {"comments": [{"text": "ok", "extra": 1}]},
        {"comments": [{"text": 42}]},
        {"comments": [{"text": "ok", "article": {}}]},
        {"comments": [{"text": "ok", "article": {"text": "a", "url": "b"}}]},
        {"comments": "not a list"},
    ],
    ids=[
        "missing-comments",
        "empty-batch",
        "empty-text",
        "blank-text",
        "text-20KB+1",
        "multibyte-over-20KB",
        "batch-1001",
        "unknown-field",
        "text-not-string",
        "article-empty",
        "article-two-refs",
        "comments-not-list",
    ],
)
def test_bad_moderate_requests_are_422_with_detail(client, body):
    response = client.post("/v1/comments:moderate", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail and {"type", "loc", "msg"} <= set(detail[0])
    assert "input" not in detail[0]


def test_exactly_20kb_of_text_is_accepted(client):
    response = client.post("/v1/comments:moderate", json={"comments": [{"text": "a" * 20 * 1024}]})
    assert response.status_code == 200


def test_lone_surrogate_is_422_not_500(client):
    raw = b'{"comments": [{"text": "bad \\ud800 surrogate"}]}'
    response = client.post("/v1/comments:moderate", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "comments", "0", "text"]


def test_get_model_reports_version_labels_thresholds_metrics_and_data(client):
    payload = client.get("/v1/model").json()
    assert payload["version"] == FakeModerator.version
    assert "incivility" in payload["labels"] and payload["thresholds"]["insult"] == 0.5
    assert payload["metrics"] == FakeModerator.card["metrics"]
    assert payload["data"] == FakeModerator.card["data"]


def test_reading_routes_can_require_a_key(tmp_path, fake):
    keys = make_keys(tmp_path / "api_keys.json")
    app = create_app(make_settings(tmp_path, read_requires_key=True), loader=lambda: fake)
    body = {"comments": [{"text": "hello"}]}
    with TestClient(app) as client:
        assert client.post("/v1/comments:moderate", json=body).status_code == 401
        assert client.get("/v1/model").status_code == 401
        wrong = client.post("/v1/comments:moderate", json=body, headers={"X-API-Key": keys["feedback"]})
        assert wrong.status_code == 403
        ok = client.post(
            "/v1/comments:moderate", json=body, headers={"Authorization": f"Bearer {keys['read']}"}
        )
        assert ok.status_code == 200
        assert client.get("/healthz").status_code == 200


def test_admin_reload_swaps_the_model_and_needs_an_admin_key(tmp_path, keys):
    versions = iter(["fake-1", "fake-2"])
    app = create_app(make_settings(tmp_path), loader=lambda: FakeModerator(next(versions)))
    with TestClient(app) as client:
        assert client.post("/v1/admin/reload").status_code == 401
        assert client.post("/v1/admin/reload", headers={"X-API-Key": "mk_wrong"}).status_code == 401
        assert client.post("/v1/admin/reload", headers={"X-API-Key": keys["read"]}).status_code == 403
        response = client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]})
        assert response.status_code == 200
        assert response.json() == {"previous_version": "fake-1", "model_version": "fake-2", "reloaded": True}
        assert client.get("/v1/model").json()["version"] == "fake-2"


def test_failed_reload_keeps_serving_the_old_model(tmp_path, keys):
    calls = {"n": 0}

    def loader() -> FakeModerator:
        calls["n"] += 1
        if calls["n"] > 1:
            raise FileNotFoundError("artifact vanished")
        return FakeModerator("fake-1")

    app = create_app(make_settings(tmp_path), loader=loader)
    with TestClient(app) as client:
        response = client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]})
        assert response.status_code == 409
        assert "still serving fake-1" in response.json()["detail"]
        assert client.get("/readyz").json()["model_version"] == "fake-1"


def test_models_current_pointer_change_is_picked_up_by_polling(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "current").write_text("model-a\n")
    loaded_names: list[str] = []

    def loader() -> FakeModerator:
        name = (models / "current").read_text().strip()
        loaded_names.append(name)
        return FakeModerator(name)

    app = create_app(make_settings(tmp_path, model_poll_seconds=0.05), loader=loader)
    with TestClient(app) as client:
        assert client.get("/readyz").json()["model_version"] == "model-a"
        (models / "current").write_text("model-b\n")
        for _ in range(100):
            if client.get("/readyz").json()["model_version"] == "model-b":
                break
            threading.Event().wait(0.05)
        assert client.get("/readyz").json()["model_version"] == "model-b"
        assert loaded_names == ["model-a", "model-b"]


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/comments:moderate",
        "/v1/pages:moderate",
        "/v1/feedback",
        "/v1/model",
        "/healthz",
        "/readyz",
        "/v1alpha1/comments:analyze",
        "/v1/coral/moderate",
        "/v1/admin/reload",
    ):
        assert path in paths


def test_moderate_page_splits_and_moderates_every_comment(client, comment_seed_text, fake):
    before = len(fake.calls)
    response = client.post("/v1/pages:moderate", json={"text": comment_seed_text, "page_id": "seed-003"})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["has_comment_section"] is True
    assert page["article"]["paragraphs"] and page["article"]["title"]
    assert page["comments"]["count"] == len(page["comments"]["data"]) == 7
    for i, comment in enumerate(page["comments"]["data"]):
        assert comment["verdict"]["index"] == i and comment["verdict"]["id"] == comment["id"]
        assert comment["verdict"]["decision"] in {"approve", "review", "reject"}
    assert page["model_version"] == FakeModerator.version
    scored = [text for texts, _, context in fake.calls[before:] for text in texts if context is not None]
    assert scored == [c["text"] for c in page["comments"]["data"]]  # all with the article as context


def test_moderate_page_accepts_html(client):
    html = (
        "<html><head><title>Council passes budget</title></head><body><article><h1>Council passes budget</h1>"
        "<p>The council approved the budget on Monday after a long debate about schools.</p>"
        "<p>Critics said the plan cuts too deep into libraries and parks.</p></article></body></html>"
    )
    response = client.post("/v1/pages:moderate", json={"html": html})
    assert response.status_code == 200, response.text
    assert response.json()["source_format"] == "html"


@pytest.mark.parametrize(
    "body",
    [{}, {"text": "a", "html": "<p>a</p>"}, {"text": ""}, {"html": "x" * (5 * 1024 * 1024 + 1)}],
    ids=["neither", "both", "empty", "over-5MB"],
)
def test_bad_page_requests_are_4xx(client, body):
    response = client.post("/v1/pages:moderate", json=body)
    assert response.status_code in (413, 422)
    assert response.json()["detail"]


@pytest.mark.slow
def test_moderate_page_answers_a_100k_deep_page_within_two_seconds(client):
    """1.1 MB of nested <div>s: markup below a fixed depth is flattened, so the worker is not blocked."""
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "<p>deep words</p>" + "</div>" * depth + "</body></html>"
    client.post("/v1/pages:moderate", json={"html": "<html><body><p>warm-up words here.</p></body></html>"})
    started = time.process_time()  # CPU seconds of the app's threads: the machine is shared
    response = client.post("/v1/pages:moderate", json={"html": html})
    elapsed = time.process_time() - started
    assert response.status_code == 200, response.text
    assert elapsed < 2.0, f"{elapsed:.2f} s CPU"
    assert any("flattened" in warning for warning in response.json()["warnings"])


def test_page_that_cannot_be_split_is_422_not_500(client):
    response = client.post("/v1/pages:moderate", json={"text": "\x00\x01\x02 binary-looking \x00"})
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_reload_under_load_drops_no_request(tmp_path, keys):
    versions = iter(f"fake-{i}" for i in range(100))
    app = create_app(make_settings(tmp_path), loader=lambda: FakeModerator(next(versions)))
    statuses: list[int] = []
    seen: set[str] = set()
    stop = threading.Event()

    def hammer(client: TestClient) -> None:
        while not stop.is_set():
            response = client.post("/v1/comments:moderate", json={"comments": [{"text": "hello"}]})
            statuses.append(response.status_code)
            seen.add(response.json().get("model_version", "?"))

    with TestClient(app) as client:
        workers = [threading.Thread(target=hammer, args=(client,)) for _ in range(3)]
        for w in workers:
            w.start()
        for _ in range(5):
            assert client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]}).status_code == 200
        stop.set()
        for w in workers:
            w.join(10)
    assert statuses and set(statuses) == {200}
    assert len(seen) >= 2


def test_article_text_becomes_the_claims_context(client, fake):
    pytest.importorskip("moderation.claims.context")
    article = {"text": "The council approved the budget on Monday. Schools get more money."}
    response = client.post(
        "/v1/comments:moderate", json={"comments": [{"text": "Schools get more money."}] * 2}
    )
    assert response.status_code == 200 and fake.calls[-1][2] is None
    with_article = [{"text": "Schools get more money.", "article": article}]
    assert client.post("/v1/comments:moderate", json={"comments": with_article}).status_code == 200
    context = fake.calls[-1][2]
    assert type(context).__name__ == "ArticleContext"
    client.post("/v1/comments:moderate", json={"comments": with_article})
    assert fake.calls[-1][2] is context

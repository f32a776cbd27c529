"""Security properties of the service, one group per promise in docs/SECURITY.md.

Keys: every route that writes or administers needs a key with the right scope; keys are stored
only as sha256 (file mode 0600) and checked against every stored hash. Coral: only bodies signed
with a configured secret are answered; a captured signature is worthless for any other body, and
replaying a signed request changes nothing. Artifacts: only files inside the models folder, and
only after their sha256 matched the card (joblib is never called otherwise); no route accepts an
upload. Logs: `doNotStore` text appears in no log record, even when scoring fails. Rate limits are
per key.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest
from api_fakes import reason, CORAL_SECRET, FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.coral import SIGNATURE_HEADER, sign
from api.main import create_app
from api.schemas.coral import CORAL_EXAMPLE
from moderation import artifact, keys
from moderation.errors import ArtifactError
from moderation.feedback import FeedbackStore
from moderation.keys import KeyRing, create_key, hash_key

VERDICT = {"comment_id": "c1", "text": "What an idiot.", "decision": "reject", "moderator_id": "m1"}
# Routes anyone may call (reads are keyed only when MODERATION_READ_REQUIRES_KEY is set); Coral's
# route is protected by its signature instead. Every other state-changing route must need a key.
OPEN_POSTS = {"/v1/comments:moderate", "/v1/pages:moderate", "/v1alpha1/comments:analyze"}
SIGNED_POSTS = {"/v1/coral/moderate"}
KEYED = {"/v1/feedback": ("feedback", VERDICT), "/v1/admin/reload": ("admin", None)}


@pytest.fixture()
def api_keys(tmp_path: Path) -> dict[str, str]:
    return make_keys(tmp_path / "api_keys.json")


@pytest.fixture()
def client(tmp_path: Path, api_keys: dict[str, str]):
    with TestClient(create_app(make_settings(tmp_path), loader=FakeModerator)) as test_client:
        yield test_client


# --- API keys -------------------------------------------------------------------------------------


def test_every_state_changing_route_is_keyed_or_signed(client: TestClient) -> None:
    """A new POST/PUT/PATCH/DELETE route fails here until it is keyed (or listed as open on purpose)."""
    writes = {
        path
        for path, item in client.app.openapi()["paths"].items()
        for method in item
        if method in {"post", "put", "patch", "delete"}
    }
    assert writes == OPEN_POSTS | SIGNED_POSTS | set(KEYED)
    for path in KEYED:
        response = client.post(path, json=KEYED[path][1])
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", list(KEYED))
@pytest.mark.parametrize(
    ("presented", "status"),
    [
        (None, 401),
        ("", 401),
        ("mk_not-a-real-key", 401),
        ("read", 403),
        ("own-scope", 200),
        ("admin", 200),
    ],
    ids=["none", "empty", "unknown", "read-scope", "own-scope", "admin-scope"],
)
def test_keyed_routes_check_key_and_scope(
    client: TestClient, api_keys: dict[str, str], path: str, presented: str | None, status: int
) -> None:
    scope, body = KEYED[path]
    key = api_keys.get(scope if presented == "own-scope" else presented or "", presented)
    headers = {} if presented is None else {"X-API-Key": key}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in ((200, 201) if status == 200 else (status,)), response.text
    if status >= 400:
        assert reason(response)


@pytest.mark.parametrize("how", ["x-api-key", "bearer", "query"])
def test_a_key_works_in_every_documented_place(
    client: TestClient, api_keys: dict[str, str], how: str
) -> None:
    key = api_keys["feedback"]
    if how == "x-api-key":
        response = client.post("/v1/feedback", json=VERDICT, headers={"X-API-Key": key})
    elif how == "bearer":
        response = client.post("/v1/feedback", json=VERDICT, headers={"Authorization": f"Bearer {key}"})
    else:
        response = client.post(f"/v1/feedback?key={key}", json=VERDICT)
    assert response.status_code in (200, 201)


def test_keys_are_stored_only_as_sha256_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    key = create_key(path, "cms", ["feedback"])
    assert key.startswith("mk_") and len(key) > 40
    raw = path.read_text(encoding="utf-8")
    assert key not in raw and key.removeprefix("mk_") not in raw
    [entry] = json.loads(raw)["keys"]
    assert entry["sha256"] == hash_key(key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("which", ["first", "last", "unknown"])
def test_a_key_check_compares_against_every_stored_hash(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    """Constant time in the position of the match: no early exit, and only `hmac.compare_digest`."""
    presented = {"first": "key-0", "last": "key-4", "unknown": "key-x"}[which]
    ring = KeyRing.from_plaintext((f"name-{i}", f"key-{i}", ["read"]) for i in range(5))
    calls: list[tuple[str, str]] = []
    real = keys.hmac.compare_digest

    def counting(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(keys.hmac, "compare_digest", counting)
    found = ring.verify(presented)
    assert (found.name if found else None) == {"first": "name-0", "last": "name-4", "unknown": None}[which]
    assert len(calls) == 5
    assert all(a == hash_key(presented) for a, _ in calls), "compared the plaintext, not its hash"


# --- Coral signatures -----------------------------------------------------------------------------


def _coral(client: TestClient, body: bytes, signature: str | None):
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    return client.post("/v1/coral/moderate", content=body, headers=headers)


def _coral_body(text: str) -> bytes:
    return json.dumps({**CORAL_EXAMPLE, "comment": {"body": text, "parentID": None}}, indent=2).encode()


def test_replayed_coral_request_changes_nothing(client: TestClient, tmp_path: Path) -> None:
    """Coral's scheme has no timestamp or nonce, so a replay cannot be told apart; it must be harmless:
    the same answer, nothing stored, and the signature is worthless for any other body."""
    body = _coral_body("You are an idiot.")
    signature = sign(body, CORAL_SECRET)
    answers = [_coral(client, body, signature) for _ in range(3)]
    assert all(a.status_code == 200 for a in answers)
    assert len({a.text for a in answers}) == 1
    store = FeedbackStore(f"sqlite:///{tmp_path}/feedback.db")
    try:
        assert store.count() == 0
    finally:
        store.close()
    variants = [
        body.replace(b"idiot", b"angel"),
        body + b"\n",
        json.dumps(json.loads(body)).encode(),  # the same JSON, serialised differently
        body.replace(b'"NEW"', b'"EDIT"'),
    ]
    for variant in variants:
        assert _coral(client, variant, signature).status_code == 403


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=",
        sign(_coral_body("x"), CORAL_SECRET),  # valid, for another body
        sign(_coral_body("You are an idiot."), "another-secret"),
        sign(_coral_body("You are an idiot."), CORAL_SECRET).upper(),
        "sha1=" + sign(_coral_body("You are an idiot."), CORAL_SECRET).removeprefix("sha256="),
        ",".join(["sha256=" + "0" * 64] * 2000),
    ],
    ids=[
        "missing",
        "empty",
        "no-digest",
        "other-body",
        "other-secret",
        "uppercase",
        "wrong-algorithm",
        "2000-values",
    ],
)
def test_coral_refuses_anything_but_a_matching_signature(client: TestClient, signature: str | None) -> None:
    response = _coral(client, _coral_body("You are an idiot."), signature)
    assert response.status_code in (401, 403)
    assert reason(response)
    assert "status" not in response.json()


# --- artifacts ------------------------------------------------------------------------------------


@pytest.fixture()
def models_dir(tmp_path: Path) -> Path:
    """A models folder holding one saved tiny artifact named by `current`."""
    from tiny_incivility import tiny_model

    from moderation.model import Moderator

    folder = tmp_path / "models"
    component = tiny_model()
    moderator = Moderator({"incivility": component}, {label: 0.5 for label in component.labels_}, {})
    moderator.save(folder, "tiny", make_current=True)
    return folder


@pytest.fixture()
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Fails the test if joblib is asked to unpickle anything; returns the paths it was asked for."""
    asked: list[Path] = []

    def refuse(path, *args, **kwargs):
        asked.append(Path(path))
        raise AssertionError(f"joblib.load({path}) was called")

    monkeypatch.setattr(artifact.joblib, "load", refuse)
    monkeypatch.setattr(artifact, "_unpickle", lambda data: refuse("<format-2 bytes>"))  # format 2 files
    return asked


def _stem(models_dir: Path) -> str:
    return (models_dir / "current").read_text().strip()


@pytest.mark.parametrize(
    "where", ["absolute-outside", "dot-dot", "symlink-inside", "current-points-outside", "card-sha-mismatch"]
)
def test_artifacts_outside_the_folder_or_unverified_are_never_unpickled(
    models_dir: Path, tmp_path: Path, no_unpickling: list[Path], where: str
) -> None:
    stem = _stem(models_dir)
    outside = tmp_path / "uploads"
    outside.mkdir()
    for suffix in (".joblib", ".json"):
        (outside / f"evil{suffix}").write_bytes((models_dir / f"{stem}{suffix}").read_bytes())
    path: str | Path | None
    if where == "absolute-outside":
        path = outside / "evil.joblib"
    elif where == "dot-dot":
        path = "../uploads/evil"
    elif where == "symlink-inside":
        for suffix in (".joblib", ".json"):
            (models_dir / f"linked{suffix}").symlink_to(outside / f"evil{suffix}")
        path = "linked"
    elif where == "current-points-outside":
        (models_dir / "current").write_text("../uploads/evil\n")
        path = None
    else:
        joblib_path = models_dir / f"{stem}.joblib"
        joblib_path.write_bytes(joblib_path.read_bytes() + b"appended by someone")
        path = stem
    with pytest.raises(ArtifactError, match="models folder|sha256"):
        artifact.load_artifact(path, models_dir)
    assert no_unpickling == []


def test_admin_reload_cannot_be_pointed_outside_the_models_folder(
    models_dir: Path, tmp_path: Path, api_keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderation import config

    monkeypatch.setenv("MODERATION_MODELS_DIR", str(models_dir))
    config.get_settings.cache_clear()
    try:
        settings = make_settings(tmp_path, models_dir=models_dir)
        with TestClient(create_app(settings)) as client:  # the real loader
            serving = client.get("/readyz").json()["model_version"]
            (models_dir / "current").write_text("../uploads/evil\n")
            response = client.post("/v1/admin/reload", headers={"X-API-Key": api_keys["admin"]})
            assert response.status_code == 409
            assert "models folder" in reason(response)
            assert client.get("/readyz").json()["model_version"] == serving
    finally:
        config.get_settings.cache_clear()


def test_no_route_accepts_an_upload(client: TestClient) -> None:
    """Artifacts reach the server only through the file system; every request body is JSON."""
    for path, item in client.app.openapi()["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            assert set(content) <= {"application/json"}, (method, path, set(content))


# --- doNotStore and logs --------------------------------------------------------------------------

PRIVATE = "my neighbour Gertrude Featherstonehaugh is a fool"


class ExplodingModerator(FakeModerator):
    """Fails the way a library bug might: with the comment in the exception message."""

    def score(self, texts, *, explain=False, context=None):
        raise RuntimeError(f"could not score {texts[0]!r}")


@pytest.mark.parametrize("failing", [False, True], ids=["scored", "scoring-fails"])
def test_do_not_store_text_reaches_no_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, failing: bool
) -> None:
    loader = ExplodingModerator if failing else FakeModerator
    request = {"comment": {"text": PRIVATE}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": True}
    # raise_server_exceptions (the default) would re-raise anything Starlette re-raises: uvicorn logs those
    with (
        TestClient(create_app(make_settings(tmp_path), loader=loader)) as client,
        caplog.at_level(logging.DEBUG),
    ):
        response = client.post("/v1alpha1/comments:analyze", json=request)
    assert response.status_code == (500 if failing else 200)
    if failing:
        assert response.json()["error"]["message"] and set(response.json()) == {"error"}
        assert any("RuntimeError" in record.getMessage() for record in caplog.records)
    assert PRIVATE not in caplog.text
    assert all(PRIVATE not in str(record.args) for record in caplog.records)


@pytest.mark.parametrize("route", ["comments", "feedback"])
def test_unexpected_errors_never_log_request_text(
    tmp_path: Path, api_keys: dict[str, str], caplog: pytest.LogCaptureFixture, route: str, monkeypatch
) -> None:
    if route == "feedback":

        def broken_upsert(self, feedback):
            raise ValueError(f"[parameters: ({feedback.text!r},)]")  # what SQLAlchemy errors look like

        monkeypatch.setattr(FeedbackStore, "upsert", broken_upsert)
        path, body = "/v1/feedback", {**VERDICT, "text": PRIVATE}
    else:
        path, body = "/v1/comments:moderate", {"comments": [{"text": PRIVATE}]}
    loader = ExplodingModerator if route == "comments" else FakeModerator
    with (
        TestClient(create_app(make_settings(tmp_path), loader=loader)) as client,
        caplog.at_level(logging.DEBUG),
    ):
        response = client.post(path, json=body, headers={"X-API-Key": api_keys["admin"]})
    assert response.status_code == 500
    assert reason(response)
    assert PRIVATE not in caplog.text


def test_validation_errors_do_not_echo_the_text(client: TestClient) -> None:
    response = client.post("/v1/comments:moderate", json={"comments": [{"text": PRIVATE, "bogus": 1}]})
    assert response.status_code == 422
    assert PRIVATE not in response.text


# --- rate limits ----------------------------------------------------------------------------------


def test_rate_limits_are_per_key(tmp_path: Path) -> None:
    api_keys = make_keys(tmp_path / "api_keys.json")
    settings = make_settings(tmp_path, rate_limit_per_second=0.01, rate_limit_burst=3)
    body = {"comments": [{"text": "hello"}]}
    with TestClient(create_app(settings, loader=FakeModerator)) as client:

        def post(key: str | None) -> int:
            headers = {"X-API-Key": key} if key else {}
            return client.post("/v1/comments:moderate", json=body, headers=headers).status_code

        assert [post(api_keys["read"]) for _ in range(4)] == [200, 200, 200, 429]
        assert [post(api_keys["admin"]) for _ in range(3)] == [200, 200, 200], (
            "another key has its own bucket"
        )
        assert [post(None) for _ in range(4)] == [200, 200, 200, 429], "anonymous callers: per address"
        limited = client.post("/v1/feedback", json=VERDICT, headers={"X-API-Key": api_keys["read"]})
        assert limited.status_code == 403, "scope is checked before the bucket is charged"
        feedback = [
            client.post("/v1/feedback", json=VERDICT, headers={"X-API-Key": api_keys["feedback"]}).status_code
            for _ in range(4)
        ]
        assert feedback[:3] in ([201, 200, 200],) and feedback[3] == 429
        assert (
            client.post("/v1/comments:moderate", json=body, headers={"X-API-Key": api_keys["read"]})
            .headers["retry-after"]
            .isdigit()
        )


@pytest.mark.slow
def test_live_server_log_holds_no_do_not_store_text(tmp_path: Path) -> None:
    """End to end under uvicorn (its own loggers included): scored, refused and failing requests."""
    from live_server import LiveServer

    from moderation.artifact import resolve_artifact

    try:
        resolve_artifact(None)
    except ArtifactError as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"the committed default model is not available: {exc}")
        pytest.skip(f"the committed default model is not available: {exc}")
    env = {
        "MODERATION_DATABASE_URL": f"sqlite:///{tmp_path}/feedback.db",
        "MODERATION_API_KEYS_FILE": str(tmp_path / "api_keys.json"),
    }
    server = LiveServer(tmp_path, env).start("/readyz", timeout=120)
    try:
        import httpx

        analyze = server.base_url + "/v1alpha1/comments:analyze"
        requests = [
            {"comment": {"text": PRIVATE}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": True},
            {
                "comment": {"text": PRIVATE},
                "requestedAttributes": {"NOT_AN_ATTRIBUTE": {}},
                "doNotStore": True,
            },
            {
                "comment": {"text": PRIVATE, "type": 5},
                "requestedAttributes": {"TOXICITY": {}},
                "doNotStore": True,
            },
            {"comment": {"text": PRIVATE * 500}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": True},
        ]
        statuses = [httpx.post(analyze, json=r, timeout=60).status_code for r in requests]
        assert statuses[0] == 200 and all(400 <= s < 500 for s in statuses[1:]), statuses
    finally:
        server.stop()
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Application startup complete" in log, "the log captured nothing; the check would be empty"
    assert PRIVATE not in log and PRIVATE[:20] not in log


@pytest.mark.parametrize("presented", [None, "mk_guessed-key"], ids=["no-key", "wrong-key"])
def test_failed_key_checks_are_rate_limited_per_address(tmp_path: Path, presented: str | None) -> None:
    """Guessing keys costs a hash per try; the guesser's address runs out of tokens like anyone else."""
    api_keys = make_keys(tmp_path / "api_keys.json")
    settings = make_settings(tmp_path, rate_limit_per_second=0.01, rate_limit_burst=3)
    headers = {"X-API-Key": presented} if presented else {}
    with TestClient(create_app(settings, loader=FakeModerator)) as client:
        statuses = [client.post("/v1/feedback", json=VERDICT, headers=headers).status_code for _ in range(5)]
        assert statuses == [401, 401, 401, 429, 429]
        good = client.post("/v1/feedback", json=VERDICT, headers={"X-API-Key": api_keys["feedback"]})
        assert good.status_code == 201, "a valid key has its own bucket"

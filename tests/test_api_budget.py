"""The per-request cost budget (issue 17): refused fast when over it, optional work bounded and said so,
heavy requests scored in the helper process with the same answers, slow bodies cut off."""

from __future__ import annotations

import json
import socket
import time

import pytest
from api_fakes import FakeModerator, make_settings
from fastapi.testclient import TestClient
from live_server import LiveServer

from api.main import create_app

MODERATE = "/v1/comments:moderate"
BIG = ("Everyone knows the council lied about the budget, you idiot. " * 400)[:20_000]


def _client(tmp_path, **overrides):
    return TestClient(create_app(make_settings(tmp_path, **overrides), loader=FakeModerator))


def test_1000_comments_of_20_kb_with_explanations_are_refused_in_under_a_second(tmp_path):
    body = json.dumps({"comments": [{"text": BIG} for _ in range(1000)], "explain": True}).encode()
    with _client(tmp_path) as client:
        started = time.perf_counter()
        response = client.post(MODERATE, content=body, headers={"content-type": "application/json"})
        took = time.perf_counter() - started
    assert response.status_code == 413
    assert "per-request budget" in response.json()["detail"]
    assert "several smaller requests" in response.json()["detail"]
    assert took < 1.0, f"refusal took {took:.2f} s"


def test_explanations_beyond_the_budget_are_skipped_and_said_so(tmp_path):
    texts = [f"You idiot number {i}." for i in range(5)]
    with _client(tmp_path, budget_explain_max_comments=2) as client:
        body = client.post(MODERATE, json={"comments": [{"text": t} for t in texts]}).json()
    assert [bool(v["spans"]) for v in body["data"]] == [True, True, False, False, False]
    assert all("explanation skipped" in " ".join(v["warnings"]) for v in body["data"][2:])
    assert body["budget_notes"] and "3 of 5" in body["budget_notes"][0]


def test_no_budget_notes_when_nothing_was_skipped(tmp_path):
    with _client(tmp_path) as client:
        body = client.post(MODERATE, json={"comments": [{"text": "You idiot."}]}).json()
    assert body["budget_notes"] == [] and body["data"][0]["warnings"] == []


def test_a_long_article_is_cut_for_context_and_said_so(tmp_path):
    article = "The council met on Monday. " * 400
    with _client(tmp_path, budget_article_max_chars=1000, budget_seconds=300) as client:
        response = client.post(MODERATE, json={"comments": [{"text": "hi", "article": {"text": article}}]})
        assert response.status_code == 200, response.text
        body = response.json()
    assert any("first 1000 of" in note for note in body["budget_notes"])


def test_a_page_over_the_budget_is_a_413(tmp_path):
    with _client(tmp_path, budget_page_max_chars=2000) as client:
        response = client.post("/v1/pages:moderate", json={"text": "Headline\n\n" + "word " * 1000})
    assert response.status_code == 413 and "Send the article" in response.json()["detail"]


@pytest.mark.slow
def test_the_heavy_lane_gives_the_same_answers_as_in_process(tmp_path):
    body = {"comments": [{"id": str(i), "text": f"{BIG[:3000]} {i}"} for i in range(6)]}
    answers = []
    for lane in (False, True):
        with _client(tmp_path / str(lane), heavy_lane=lane) as client:
            response = client.post(MODERATE, json=body)
            assert response.status_code == 200, response.text
            answers.append(response.json())
    assert answers[0] == answers[1]


@pytest.mark.slow
def test_a_trickled_body_gets_a_408_and_the_connection_is_closed(tmp_path):
    (tmp_path / "models").mkdir()
    env = {"MODERATION_DATABASE_URL": f"sqlite:///{tmp_path}/f.db", "MODERATION_MODELS_DIR": str(tmp_path / "models"),
           "MODERATION_API_KEYS_FILE": str(tmp_path / "keys.json"), "MODERATION_BODY_READ_SECONDS": "1"}
    server = LiveServer(tmp_path, env).start(timeout=300)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
            conn.sendall(b"POST /v1/comments:moderate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n{\"comments\": [")
            started = time.monotonic()
            answer = b""
            while chunk := conn.recv(65536):  # ends when the server closes the connection
                answer += chunk
            took = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"did not arrive within 1 s" in answer
        assert took < 5.0
    finally:
        server.stop()

"""JSON request logs (id, route, status, latency, comment count; never text), Prometheus metrics,
and `/readyz` naming the model version (issue 17)."""

from __future__ import annotations

import json
import logging

import pytest
from api_fakes import FakeModerator, make_settings
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from api.observability import JsonFormatter

PRIVATE = "A private remark about my neighbour Gertrude, you idiot."


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(make_settings(tmp_path), loader=FakeModerator)) as test_client:
        yield test_client


def _request_lines(caplog):
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.getMessage() == "request"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/comments:moderate", {"comments": [{"text": PRIVATE}, {"text": "Fine."}]}),
        ("/v1alpha1/comments:analyze",
         {"comment": {"text": PRIVATE}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": True}),
    ],
    ids=["moderate", "perspective-doNotStore"],
)
def test_every_request_logs_one_json_line_without_text(client, caplog, path, body):
    with caplog.at_level(logging.INFO, logger="moderation.api"):
        response = client.post(path, json=body, headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200 and response.headers["x-request-id"] == "req-42"
    [line] = [entry for entry in _request_lines(caplog) if entry["route"] == path]
    assert line["request_id"] == "req-42" and line["status"] == 200 and line["method"] == "POST"
    assert line["latency_ms"] >= 0
    if path.startswith("/v1/comments"):
        assert line["comments"] == 2
    assert "Gertrude" not in caplog.text


def test_a_request_without_an_id_gets_one(client):
    response = client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


def test_unmatched_paths_do_not_become_metric_labels(client):
    client.get("/no/such/path/with-a-secret-key")
    assert "with-a-secret-key" not in client.get("/metrics").text


def test_metrics_expose_latency_decisions_scores_and_model_version(client):
    client.post("/v1/comments:moderate", json={"comments": [{"text": "You idiot."}, {"text": "Thanks."}]})
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    latency = [s for s in families["moderation_request_seconds"].samples
               if s.labels.get("route") == "/v1/comments:moderate" and s.name.endswith("_count")]
    assert latency and latency[0].value >= 1
    decisions = {s.labels["decision"] for s in families["moderation_decisions"].samples}
    assert decisions >= {"approve"} and len(decisions) >= 2
    assert any(s.labels.get("version") == FakeModerator.version and s.value == 1
               for s in families["moderation_model_info"].samples)
    assert "moderation_incivility_score" in families


def test_readyz_reports_the_model_version(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "model_version": FakeModerator.version}

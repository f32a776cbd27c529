"""The running service picks up a model promoted by `retrain` (and a rollback) without dropping requests."""

from __future__ import annotations

import threading
import time
from typing import Self

from api_fakes import make_settings
from fastapi.testclient import TestClient
from tiny_retrain import (
    TINY_PARAMS,
    fill_store,
    newsroom_verdicts,
    save_current,
    tiny_corpus,
    write_templates,
)

from api.main import create_app
from moderation.retrain import registry
from moderation.retrain.config import GateConfig
from moderation.retrain.job import RetrainOptions, retrain

BODY = {"comments": [{"text": "only sheeple believe the budget story"}, {"text": "thanks for the article"}]}


class Traffic:
    """Two threads posting comments non-stop; every response's status and model version is recorded."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.results: list[tuple[int, str | None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(2)]

    def _run(self) -> None:
        while not self._stop.is_set():
            response = self.client.post("/v1/comments:moderate", json=BODY)
            version = response.json()["data"][0]["model_version"] if response.status_code == 200 else None
            with self._lock:
                self.results.append((response.status_code, version))

    def __enter__(self) -> Self:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def wait_for(self, version: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.results[-5:] and all(v == version for _, v in self.results[-5:]):
                    return
            time.sleep(0.05)
        raise AssertionError(f"the service never served {version}")


def test_a_promoted_model_and_a_rollback_are_served_without_dropping_requests(tmp_path, models_dir):
    corpus = tiny_corpus()
    write_templates(tmp_path / "data")
    base = save_current(models_dir, corpus)
    url = f"sqlite:///{tmp_path}/newsroom.db"
    fill_store(url, newsroom_verdicts(80))
    settings = make_settings(tmp_path, models_dir=models_dir, model_poll_seconds=0.05)
    with TestClient(create_app(settings)) as client, Traffic(client) as traffic:
        traffic.wait_for(base)
        gate = GateConfig(min_holdout_rows=10, min_holdout_per_class=3, min_gated_per_class=5, tolerance=0.05)
        result = retrain(RetrainOptions(feedback_url=url, data_dir=tmp_path / "data", models_dir=models_dir,
                                        gate=gate, progress=False, model_params=TINY_PARAMS), corpus=corpus)
        assert result.promoted
        traffic.wait_for(result.promoted)
        promoted_scores = client.post("/v1/comments:moderate", json=BODY).json()["data"]
        registry.rollback(models_dir, reason="test")
        traffic.wait_for(base)
        base_scores = client.post("/v1/comments:moderate", json=BODY).json()["data"]
    statuses = {status for status, _ in traffic.results}
    assert statuses == {200}, f"dropped or failed requests: {statuses}"
    assert {v for _, v in traffic.results} == {base, result.promoted}
    assert promoted_scores[0]["scores"]["incivility"] > base_scores[0]["scores"]["incivility"]

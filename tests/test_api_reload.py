"""Hot reload with real artifacts: the service's default loader serves what `models/current` names,
and picks up a newly promoted artifact (polling, or the admin route) without a restart."""

from __future__ import annotations

import functools
import threading

from api_fakes import make_keys, make_settings
from fastapi.testclient import TestClient

from api.main import create_app
from moderation.types import Label


@functools.lru_cache(maxsize=2)
def _tiny_component(c: float):
    from tiny_incivility import tiny_model

    return tiny_model(C=c)


def _save_tiny(models_dir, c: float) -> str:
    from moderation.model import Moderator

    component = _tiny_component(c)
    thresholds = {label: 0.5 for label in component.labels_}
    moderator = Moderator({"incivility": component}, thresholds, {"summary": "tiny", "metrics": {}})
    return moderator.save(models_dir, "tiny", make_current=True)


def _version(client) -> str | None:
    response = client.get("/readyz")
    return response.json().get("model_version") if response.status_code == 200 else None


def test_default_loader_serves_and_polls_for_promoted_artifacts(tmp_path, models_dir):
    first = _save_tiny(models_dir, c=10.0)
    settings = make_settings(tmp_path, models_dir=models_dir, model_poll_seconds=0.05)
    with TestClient(create_app(settings)) as client:
        assert _version(client) == first
        body = {"comments": [{"text": "you are an idiot"}, {"text": "thanks for the thoughtful article"}]}
        rude, civil = client.post("/v1/comments:moderate", json=body).json()["data"]
        assert rude["scores"][Label.INCIVILITY.value] > civil["scores"][Label.INCIVILITY.value]
        second = _save_tiny(models_dir, c=0.5)
        assert second != first
        for _ in range(200):
            if _version(client) == second:
                break
            threading.Event().wait(0.05)
        assert _version(client) == second


def test_admin_reload_loads_the_promoted_artifact(tmp_path, models_dir):
    keys = make_keys(tmp_path / "api_keys.json")
    first = _save_tiny(models_dir, c=10.0)
    settings = make_settings(tmp_path, models_dir=models_dir)
    with TestClient(create_app(settings)) as client:
        second = _save_tiny(models_dir, c=0.5)
        response = client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]})
        assert response.json() == {"previous_version": first, "model_version": second, "reloaded": True}


def test_tampered_artifact_is_refused_and_the_old_model_keeps_serving(tmp_path, models_dir):
    keys = make_keys(tmp_path / "api_keys.json")
    first = _save_tiny(models_dir, c=10.0)
    settings = make_settings(tmp_path, models_dir=models_dir)
    with TestClient(create_app(settings)) as client:
        second = _save_tiny(models_dir, c=0.5)
        with open(models_dir / f"{second}.joblib", "ab") as handle:
            handle.write(b"tampered")
        response = client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]})
        assert response.status_code == 409
        assert _version(client) == first

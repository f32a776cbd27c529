"""`/v1/model`, `/v1/admin/reload`, health and readiness."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ModelPublic(BaseModel):
    version: str
    labels: list[str]
    thresholds: dict[str, float] = Field(description="Review thresholds chosen on validation data.")
    metrics: dict[str, Any] = Field(description="Evaluation metrics from the model card.")
    data: Any = Field(description="Training data and licences from the model card.")
    card: dict[str, Any] = Field(description="The whole model card.")


class StatusPublic(BaseModel):
    status: str
    model_version: str | None = None


class ReloadPublic(BaseModel):
    previous_version: str | None
    model_version: str
    reloaded: bool

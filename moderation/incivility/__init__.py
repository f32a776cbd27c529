"""Incivility component: NB-LR heads on shared hashed n-gram features, calibrated, explained by occlusion."""

from moderation.incivility.component import IncivilityModel

__all__ = ["IncivilityModel"]

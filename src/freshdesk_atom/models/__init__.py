"""Typed records returned by Freshdesk, and the enums used for inputs."""

from __future__ import annotations

from .common import FieldError, RateLimit

__all__ = ["FieldError", "RateLimit"]

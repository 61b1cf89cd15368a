"""freshdesk-atom: a typed, safe and fast client for the Freshdesk REST API v2."""

from __future__ import annotations

from ._version import __version__

__all__ = ["__version__"]

"""The web view and JSON API of parley: `create_app(settings)` builds the FastAPI app."""

from __future__ import annotations

from parley.web.app import create_app

__all__ = ["create_app"]

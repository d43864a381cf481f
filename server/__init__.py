"""The self-hosted context server (installed as ``contextlib_news_server``).

``create_app`` builds the Flask application (tests, gunicorn); ``serve`` runs it on one
machine with gunicorn and the same configuration as the documented production command.
"""

from __future__ import annotations

from .app import create_app
from .run import serve

__all__ = ["create_app", "serve"]

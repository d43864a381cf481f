"""The application factory: settings, one Annotator per process, cache, security, routes."""

from __future__ import annotations

import ipaddress
import logging
import re
import time
from typing import Any, Mapping

from flask import Flask, g, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from contextlib_news import Annotator
from contextlib_news.errors import SettingsError
from contextlib_news.settings import Settings

from .cache import open_result_cache
from .errors import register_error_handlers

log = logging.getLogger("contextlib_news_server")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(config: Settings | Mapping[str, Any] | None = None, *, annotator: Annotator | None = None) -> Flask:
    """Build the context server.

    ``config`` is a :class:`Settings`, a mapping of setting overrides, or None (environment and
    config file). ``annotator`` lets a caller share an already loaded model (tests, embedding).
    Refuses to build a server that would listen beyond loopback without API tokens.
    """
    settings = config if isinstance(config, Settings) else Settings.load(dict(config or {}))
    if not is_loopback(settings.host) and not settings.api_token_list:
        raise SettingsError(
            f"refusing to serve on {settings.host} without API tokens: set CONTEXTLIB_NEWS_API_TOKENS "
            "(clients then send 'Authorization: Bearer <token>'), or bind to 127.0.0.1"
        )
    app = Flask("contextlib_news_server")
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes, JSON_SORT_KEYS=False)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["contextlib_news"] = {
        "settings": settings,
        "annotator": annotator or Annotator(settings),
        "cache": open_result_cache(settings),
    }
    origins = [re.compile("^" + re.escape(o) + (".*" if o.endswith("://") else "$")) for o in settings.cors_origin_list]
    CORS(app, resources={r"/api/*": {"origins": origins}}, allow_headers=["Content-Type", "Authorization"],
         methods=["GET", "POST", "OPTIONS"], max_age=600)
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        default_limits=[],
        storage_uri=settings.redis_url or "memory://",
        strategy="fixed-window",
        headers_enabled=True,
    )
    app.extensions["contextlib_news"]["limiter"] = limiter

    from .api import api
    from .feedback import feedback_api

    app.register_blueprint(api)
    app.register_blueprint(feedback_api)
    # Per-client limit on the expensive route only; health probes and metadata stay free.
    app.view_functions["api.annotate"] = limiter.limit(settings.rate_limit)(app.view_functions["api.annotate"])
    # Reports are cheap to make and to store: a tighter limit keeps one client from filling the store.
    app.view_functions["feedback.feedback"] = limiter.limit(settings.feedback_rate_limit)(app.view_functions["feedback.feedback"])
    register_error_handlers(app)

    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _log(response):
        # Method, path, status, time, cache: never page text, HTML or tokens.
        took = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        log.info("%s %s %s %.1fms cache=%s", request.method, request.path, response.status_code, took,
                 g.get("cache_status", "-"))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app

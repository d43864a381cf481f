"""``contextlib-news serve``: the server on one machine, under gunicorn with our configuration."""

from __future__ import annotations

import logging
from typing import Any

from contextlib_news.errors import SettingsError
from contextlib_news.settings import Settings


def gunicorn_options(host: str, port: int) -> dict[str, Any]:
    from . import gunicorn_conf

    options = {k: getattr(gunicorn_conf, k) for k in dir(gunicorn_conf)
               if not k.startswith("_") and k not in ("Settings",)}
    options["bind"] = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return options


def serve(host: str, port: int, settings: Settings) -> None:
    """Run the server until interrupted. Each worker builds the app (and loads the model) once."""
    from gunicorn.app.base import BaseApplication

    from .app import create_app, is_loopback

    settings = settings.replace(host=host, port=port)
    if not is_loopback(host) and not settings.api_token_list:
        raise SettingsError(
            f"refusing to serve on {host} without API tokens: set CONTEXTLIB_NEWS_API_TOKENS, or bind to 127.0.0.1"
        )

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(host, port).items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self):
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
            return create_app(settings)

    print(f"contextlib-news server on http://{host}:{port}/api/v1 (Ctrl-C to stop)", flush=True)
    _Server().run()

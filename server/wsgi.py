"""WSGI entry point for gunicorn and other servers: ``contextlib_news_server.wsgi:app``."""

from contextlib_news_server import create_app

app = create_app()

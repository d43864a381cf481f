"""gunicorn configuration for the context server, sized for a small machine (2 cores).

    gunicorn -c python:contextlib_news_server.gunicorn_conf contextlib_news_server.wsgi:app

Address and port come from the project's settings (CONTEXTLIB_NEWS_HOST / _PORT or the config
file); gunicorn's own flags and GUNICORN_CMD_ARGS still override anything here.
"""

from contextlib_news.settings import Settings

_settings = Settings.load()

bind = f"{_settings.host}:{_settings.port}"
# One process per core; each loads the spaCy model once (no preload: the model is not fork-safe
# to share, and a worker restart must not take the others down).
workers = 2
worker_class = "gthread"
# Threads overlap network waits (page fetches, Wikimedia); NER itself is serialised per worker.
threads = 4
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so no slow leak can grow without bound. Rarely: a worker's
# restart reloads the model (1-2 s of one core), and at the 1,000+ cached answers a second
# two workers serve, 5,000 meant a restart every few seconds and 1.5 s stalls at p99. Memory
# stays flat without recycling (bench.soak: 30,000 requests, +0.0 MiB), so this is only a net.
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = None  # the app logs method, path, status, time and cache status itself
errorlog = "-"
loglevel = "info"
# gunicorn's control socket lives at one fixed path per user: two servers on one machine
# (or two test runs) would fight over it, and nothing of ours uses it.
control_socket_disable = True

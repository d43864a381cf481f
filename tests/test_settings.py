"""Settings come from defaults, a TOML file, the environment and overrides — in that order."""

from __future__ import annotations

import pytest

from contextlib_news import Settings, __version__
from contextlib_news.errors import SettingsError


def test_defaults():
    s = Settings.load(environ={}, config_file=None)
    assert s.wikipedia_url == "https://en.wikipedia.org" and s.lookup_budget == 3.0
    assert s.user_agent.startswith(f"contextlib-news/{__version__} (")


def test_environment_and_file_and_overrides(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('wikipedia_url = "http://127.0.0.1:9"\nlookup_budget = 1.5\noffline = true\n')
    env = {"CONTEXTLIB_NEWS_CONFIG": str(config), "CONTEXTLIB_NEWS_LOOKUP_BUDGET": "2.5",
           "CONTEXTLIB_NEWS_GLOSSARY": "/a.json:/b.json"}
    s = Settings.load({"offline": False}, environ=env)
    assert s.wikipedia_url == "http://127.0.0.1:9"  # file
    assert s.lookup_budget == 2.5  # environment beats file
    assert s.offline is False  # override beats both
    assert s.glossary == ("/a.json", "/b.json")


@pytest.mark.parametrize("name,value", [("CONTEXTLIB_NEWS_LOOKUP_BUDGET", "soon"),
                                        ("CONTEXTLIB_NEWS_OFFLINE", "maybe"),
                                        ("CONTEXTLIB_NEWS_PORT", "-1")])
def test_bad_values_are_named_in_the_error(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.load(environ={name: value})


def test_unknown_settings_and_missing_files(tmp_path):
    with pytest.raises(SettingsError, match="unknown"):
        Settings.load({"colour": "blue"}, environ={})
    with pytest.raises(SettingsError, match="not found"):
        Settings.load(environ={"CONTEXTLIB_NEWS_CONFIG": str(tmp_path / "missing.toml")})
    bad = tmp_path / "bad.toml"
    bad.write_text("wikipedia_url = [")
    with pytest.raises(SettingsError, match="cannot read"):
        Settings.load(environ={"CONTEXTLIB_NEWS_CONFIG": str(bad)})


def test_private_host_allow_list():
    s = Settings.load({"allow_private_hosts": "intranet.local, 10.0.0.0/8"}, environ={})
    assert s.private_host_allowed("intranet.local", "192.168.1.4")
    assert s.private_host_allowed("other", "10.2.3.4")
    assert not s.private_host_allowed("other", "192.168.1.4")

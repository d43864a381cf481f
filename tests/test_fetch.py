"""Fetching through a real loopback server: limits, redirects, the address guard, the cache."""

from __future__ import annotations

import pytest

from contextlib_news import __version__
from contextlib_news.errors import (
    BlockedAddressError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    NotFoundError,
    NotHTMLError,
    TooLargeError,
)
from contextlib_news.fetch import Fetcher, check_host, check_url, is_public_address

from .loopback import LoopbackServer, Reply

PAGE = b"<html><head><title>Story</title></head><body><article><p>" + b"Hello world. " * 50 + b"</p></article></body></html>"


@pytest.fixture
def local(settings):
    """Settings that let tests fetch from 127.0.0.1, as CONTEXTLIB_NEWS_ALLOW_PRIVATE_HOSTS would."""
    return settings.replace(allow_private_hosts="127.0.0.1", read_timeout=0.5, connect_timeout=0.5,
                            max_response_bytes=100_000)


def test_fetches_html_with_our_user_agent(local):
    with LoopbackServer({"/story": Reply(body=PAGE)}) as server:
        page = Fetcher(local).fetch(server.url("/story"))
        agent = server.requests[0].headers["User-Agent"]
    assert page.status == 200 and "Hello world." in page.html
    assert agent.startswith(f"contextlib-news/{__version__} (") and local.contact in agent


def test_second_fetch_comes_from_the_cache(local):
    with LoopbackServer({"/story": Reply(body=PAGE)}) as server:
        fetcher = Fetcher(local)
        first = fetcher.fetch(server.url("/story"))
        second = fetcher.fetch(server.url("/story"))
        assert server.hits("/story") == 1
    assert not first.from_cache and second.from_cache and second.html == first.html


def test_follows_redirects_and_reports_the_final_url(local):
    routes = {
        "/old": Reply(301, b"", {"Location": "/newer"}),
        "/newer": Reply(302, b"", {"Location": "/story"}),
        "/story": Reply(body=PAGE),
    }
    with LoopbackServer(routes) as server:
        page = Fetcher(local).fetch(server.url("/old"))
    assert page.url.endswith("/story") and "Hello world." in page.html


@pytest.mark.parametrize("target", ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"])
def test_a_redirect_to_an_internal_address_is_refused(local, target):
    with LoopbackServer({"/go": Reply(302, b"", {"Location": target})}) as server:
        with pytest.raises(BlockedAddressError):
            Fetcher(local).fetch(server.url("/go"))


def test_loopback_is_refused_unless_allowed(settings):
    with LoopbackServer({"/story": Reply(body=PAGE)}) as server:
        with pytest.raises(BlockedAddressError, match="CONTEXTLIB_NEWS_ALLOW_PRIVATE_HOSTS"):
            Fetcher(settings).fetch(server.url("/story"))
        assert server.requests == []  # refused before any byte was sent


def test_the_connected_peer_is_checked_too(settings):
    """Even if name resolution were fooled, the socket's real peer address is checked."""
    with LoopbackServer({"/story": Reply(body=PAGE)}) as server:
        session = Fetcher(settings)._session()
        with pytest.raises(BlockedAddressError, match="connected to non-public address"):
            session.get(server.url("/story"), timeout=2)
        assert server.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "017700000001", "127.1", "localhost",
                                  "::1", "::ffff:127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
                                  "169.254.169.254", "fc00::1", "0.0.0.0", "100.64.0.1", "224.0.0.1"])
def test_internal_address_forms_are_blocked(settings, host):
    with pytest.raises(BlockedAddressError):
        check_host(host, 80, settings)


def test_allow_list_accepts_named_hosts_and_networks(settings):
    assert check_host("127.0.0.1", 80, settings.replace(allow_private_hosts="127.0.0.0/8"))
    assert check_host("10.0.0.1", 80, settings.replace(allow_private_hosts="*"))
    with pytest.raises(BlockedAddressError):
        check_host("10.0.0.1", 80, settings.replace(allow_private_hosts="127.0.0.1"))


def test_public_addresses_pass():
    assert is_public_address("93.184.216.34") and is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    assert not is_public_address("::ffff:10.0.0.1") and not is_public_address("not an ip")


@pytest.mark.parametrize("url", ["", "ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)",
                                 "http://", "example.org/story", "http://example.org:99999/"])
def test_invalid_urls_are_refused(url):
    with pytest.raises(InvalidURLError):
        check_url(url)


def test_not_found_and_other_statuses(local):
    routes = {"/gone": Reply(410, b"gone"), "/broken": Reply(503, b"busy")}
    with LoopbackServer(routes) as server:
        with pytest.raises(NotFoundError):
            Fetcher(local).fetch(server.url("/missing"))
        with pytest.raises(NotFoundError):
            Fetcher(local).fetch(server.url("/gone"))
        with pytest.raises(HTTPStatusError) as info:
            Fetcher(local).fetch(server.url("/broken"))
    assert info.value.status == 503


def test_non_html_is_refused(local):
    routes = {"/file.pdf": Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}),
              "/data": Reply(body=b"{}", headers={"Content-Type": "application/json"})}
    with LoopbackServer(routes) as server:
        for path in routes:
            with pytest.raises(NotHTMLError):
                Fetcher(local).fetch(server.url(path))


def test_oversize_pages_are_refused_with_and_without_content_length(local):
    big = b"<html><body>" + b"x" * 200_000 + b"</body></html>"
    routes = {"/declared": Reply(body=big), "/chunked": Reply(body=big, chunked=True)}
    with LoopbackServer(routes) as server:
        with pytest.raises(TooLargeError):
            Fetcher(local).fetch(server.url("/declared"))
        with pytest.raises(TooLargeError):
            Fetcher(local).fetch(server.url("/chunked"))


def test_slow_servers_time_out(local):
    with LoopbackServer({"/slow": Reply(body=PAGE, delay=1.5)}) as server:
        with pytest.raises(FetchTimeoutError):
            Fetcher(local).fetch(server.url("/slow"))


def test_redirect_loops_end(local):
    with LoopbackServer({"/a": Reply(302, b"", {"Location": "/b"}), "/b": Reply(302, b"", {"Location": "/a"})}) as server:
        with pytest.raises(Exception, match="redirects"):
            Fetcher(local).fetch(server.url("/a"))

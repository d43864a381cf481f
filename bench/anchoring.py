"""Anchoring rate: the fraction of the server's mentions that the extension anchors in the live
page, on the corpus pages served from loopback, in URL mode and page-content mode.

    python -m bench.anchoring [--quick]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from .common import corpus_pages


def _measure(browser, pages, server_url, mode: str, timeout: float) -> dict:
    browser.configure(serverUrl=server_url, mode=mode, density="all", sites={})
    anchored = total = annotated = 0
    worst = []
    for sha, url in pages:
        page = browser.page()
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=15000)
            deadline = time.monotonic() + timeout
            figure = None
            tab = None
            while time.monotonic() < deadline and figure is None:
                figure = page.get_attribute("html", "data-contextlib-anchored")
                if figure is None:
                    # The server may have answered with an error (no article on the page):
                    # the extension then leaves the page alone and only the popup's status says so.
                    tab = tab if tab is not None else browser.tab_id(url)
                    status = browser.worker.evaluate("key => chrome.storage.session.get(key).then(f => f[key])", f"tab:{tab}")
                    if status and status.get("state") in ("error", "unreachable"):
                        break
                    time.sleep(0.1)
            if figure is None:
                continue  # nothing to anchor
            a, t = map(int, figure.split("/"))
            anchored, total, annotated = anchored + a, total + t, annotated + 1
            if t and a < t:
                worst.append((round(a / t, 3), sha[:10]))
        except Exception:
            continue
        finally:
            page.close()
    return {"pages": annotated, "mentions": total, "anchored": anchored,
            "rate": round(anchored / total, 4) if total else None, "lowest_pages": sorted(worst)[:5]}


def run(quick: bool = False) -> dict:
    from tests.browser import ExtensionBrowser, chromium_available
    from tests.loopback import LoopbackServer, Reply
    from tests.servers import ServerProcess

    if not chromium_available():
        return {"skipped": "needs /usr/bin/chromium and playwright"}
    corpus = corpus_pages(12 if quick else None)
    if not corpus:
        return {"skipped": "../shared/corpus is absent"}
    routes = {f"/{sha}.html": Reply(body=html.encode("utf-8")) for sha, html, _ in corpus}
    cache = Path(tempfile.mkdtemp(prefix="bench-anchor-"))
    with LoopbackServer(routes) as site, ServerProcess(cache / "cache", workers=2, env={"CONTEXTLIB_NEWS_RATE_LIMIT": "100000 per minute"}) as server, ExtensionBrowser() as browser:
        browser.loopback_only()
        pages = [(sha, site.url(f"/{sha}.html")) for sha, _, _ in corpus]
        result = {mode: _measure(browser, pages, server.url, mode, 20.0) for mode in ("url", "page")}
    result["target"] = ">= 98% anchored"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Anchoring rate of the extension on the corpus pages")
    parser.add_argument("--quick", action="store_true", help="12 pages instead of all")
    print(json.dumps(run(parser.parse_args().quick), indent=2))


if __name__ == "__main__":
    main()

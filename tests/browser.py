"""Debian's chromium with our extension loaded, driven by Playwright (headless), for tests
and the anchoring benchmark. Playwright's own browser download does not work here."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
CHROMIUM = Path("/usr/bin/chromium")


def chromium_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


class ExtensionBrowser:
    """A persistent Chromium profile with the unpacked extension; ``settings`` go to chrome.storage."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings or {}
        self.profile = Path(tempfile.mkdtemp(prefix="contextlib-chromium-"))

    def __enter__(self) -> "ExtensionBrowser":
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self.context = self._playwright.chromium.launch_persistent_context(
                str(self.profile), executable_path=str(CHROMIUM), headless=True,
                args=[f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}", "--no-sandbox",
                      "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                      "--disable-sync", "--no-first-run", "--disable-quic"],
            )
            worker = self.context.service_workers[0] if self.context.service_workers else \
                self.context.wait_for_event("serviceworker", timeout=30000)
            self.worker = worker
            self.extension_id = worker.url.split("/")[2]
            if self.settings:
                self.configure(**self.settings)
        except Exception:
            self.close()
            raise
        return self

    def loopback_only(self) -> None:
        """Abort every page request that is not for loopback. Real news pages name scripts,
        fonts and trackers on other hosts; with no internet each would hang until its DNS
        lookup timed out, and nothing off this machine may be contacted anyway."""
        def route(route) -> None:
            parts = urlsplit(route.request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
                route.abort("blockedbyclient")
            else:
                route.continue_()

        self.context.route("**/*", route)

    def configure(self, **settings: Any) -> None:
        self.worker.evaluate("s => chrome.storage.local.set(s)", settings)

    def page(self):
        return self.context.new_page()

    def tab_id(self, url_prefix: str) -> int:
        """The Chrome tab id of the open page whose URL starts with ``url_prefix``."""
        tabs = self.worker.evaluate("() => chrome.tabs.query({})")
        return next(t["id"] for t in tabs if t.get("url", "").startswith(url_prefix))

    def popup(self, tab_id: int):
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.extension_id}/popup/popup.html?tabId={tab_id}")
        return page

    def close(self) -> None:
        try:
            if getattr(self, "context", None) is not None:
                self.context.close()
        finally:
            self._playwright.stop()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        self.close()


def wait_for_anchoring(page, timeout: float = 30.0) -> str:
    """The page's ``anchored/total`` figure once the extension has anchored its notes."""
    page.wait_for_selector("html[data-contextlib-anchored]", state="attached", timeout=timeout * 1000)
    return page.get_attribute("html", "data-contextlib-anchored")


def settle(seconds: float) -> None:
    time.sleep(seconds)

"""Debian's firefox-esr, headless, driven over Marionette (marionette-driver from PyPI), with our
Firefox package installed as a temporary add-on — the way a developer loads it from
about:debugging. The process is started and stopped here, on a free loopback port."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .browser import EXTENSION
from .servers import free_port, stop_process_group

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

# Quiet, offline-friendly profile: no update checks, telemetry or first-run pages, and no
# remote-settings sync, which would reach for the internet.
PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "services.settings.server": "http://127.0.0.1:9/",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.getAddons.cache.enabled": False,
}


def firefox_available() -> bool:
    try:
        import marionette_driver  # noqa: F401
    except ImportError:
        return False
    return FIREFOX is not None


def build_package(out: Path) -> Path:
    """The Firefox zip exactly as ``extension/build.py`` makes it for users."""
    subprocess.run([sys.executable, str(EXTENSION / "build.py"), "--out", str(out)], check=True, timeout=60, capture_output=True)
    return out / "contextlib-news-firefox.zip"


class FirefoxExtension:
    """A fresh Firefox profile with the extension installed; ``client`` is the Marionette session."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="contextlib-firefox-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "FirefoxExtension":
        from marionette_driver.addons import Addons
        from marionette_driver.marionette import Marionette

        prefs = {**PREFS, "marionette.port": self.port}
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()), encoding="utf-8")
        self.log = open(self.profile / "firefox.log", "wb")
        # -remote-allow-system-access lets the test read the add-on's moz-extension:// host.
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "-remote-allow-system-access", "--no-remote", "--profile", str(self.profile)],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.client = Marionette(host="127.0.0.1", port=self.port, startup_timeout=60)
            self.client.start_session()
            self.addon_id = Addons(self.client).install(str(build_package(self.profile / "dist")), temp=True)
            with self.client.using_context("chrome"):
                self.host = self.client.execute_script(
                    "return WebExtensionPolicy.getByID(arguments[0]).mozExtensionHostname", script_args=[self.addon_id])
        except Exception:
            self.close()
            raise
        return self

    def extension_url(self, path: str) -> str:
        return f"moz-extension://{self.host}/{path}"

    def configure(self, **settings: object) -> None:
        """Write ``settings`` to the extension's storage, from one of its own pages."""
        self.client.navigate(self.extension_url("options/options.html"))
        answer = self.client.execute_async_script(
            """const [settings, done] = arguments, page = window.wrappedJSObject;
               page.chrome.storage.local.set(page.JSON.parse(settings)).then(() => done("ok"), e => done(String(e)));""",
            script_args=[json.dumps(settings)])
        assert answer == "ok", answer

    def wait_for(self, script: str, timeout: float = 30.0, args: list | None = None):
        """Poll ``script`` (a function body returning a value) in the page until it is truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.client.execute_script(script, script_args=args or [])
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.2)

    def close(self) -> None:
        try:
            if getattr(self, "client", None) is not None and self.client.session is not None:
                self.client.delete_session()
        except Exception:  # the browser may already be gone; stopping it below is what matters
            pass
        finally:
            stop_process_group(self.process)
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        self.close()


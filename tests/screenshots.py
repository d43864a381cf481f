"""Screenshots of the extension for extension/README.md, taken from the real extension in
Debian's chromium against the real context server and the fake Wikimedia on loopback:

    python3 -m tests.screenshots [--out extension/screenshots]

writes overview.png (the popup's "In this article"), card-de.png and card-ar.png (a note in
German and in Arabic). Everything runs on 127.0.0.1 and is stopped before it returns.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .browser import ROOT, ExtensionBrowser, wait_for_anchoring
from .conftest import EXAMPLE
from .fakewiki import FakeWikimedia
from .loopback import LoopbackServer, Reply
from .servers import ServerProcess

OUT = ROOT / "extension" / "screenshots"


def card_shot(browser, url: str, lang: str, entity: str, path: Path) -> None:
    browser.configure(lang=lang)
    page = browser.page()
    page.set_viewport_size({"width": 900, "height": 1400})  # room for the whole card
    page.goto(url)
    wait_for_anchoring(page)
    mark = page.locator(f'[data-contextlib-entity="{entity}"][tabindex]')
    mark.scroll_into_view_if_needed()
    mark.focus()
    card = page.locator(f"#{mark.get_attribute('aria-describedby')}")
    card.wait_for(state="visible", timeout=5000)
    card.locator(".card").screenshot(path=str(path))
    page.close()


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="contextlib-shots-") as tmp, FakeWikimedia() as wiki, \
            LoopbackServer({"/news/article.html": Reply(body=EXAMPLE.read_bytes())}) as pages, \
            ServerProcess(Path(tmp) / "cache", command="serve", env={
                "CONTEXTLIB_NEWS_OFFLINE": "0", "CONTEXTLIB_NEWS_WIKIPEDIA_URL": wiki.url,
                "CONTEXTLIB_NEWS_WIKIDATA_URL": wiki.url, "CONTEXTLIB_NEWS_WIKIPEDIA_LANGUAGE_URL": wiki.language_url}) as server, \
            ExtensionBrowser({"serverUrl": server.url, "lang": "en"}) as browser:
        browser.loopback_only()  # thumbnails name hosts off this machine: they fail, and the card drops them
        url = pages.url("/news/article.html")
        page = browser.page()
        page.goto(url)
        wait_for_anchoring(page)
        popup = browser.context.new_page()
        popup.set_viewport_size({"width": 400, "height": 760})
        popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html?tabId={browser.tab_id(url)}")
        popup.wait_for_selector("#overview:not([hidden]) button.entity", timeout=15000)
        made = [out / "overview.png"]
        popup.locator("main").screenshot(path=str(made[0]))
        popup.close()
        page.close()
        card_shot(browser, url, "de", "wikidata:Q4776155", out / "card-de.png")
        card_shot(browser, url, "ar", "wikidata:Q43723", out / "card-ar.png")
        return made + [out / "card-de.png", out / "card-ar.png"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    for path in take(parser.parse_args().out):
        print(path, f"{path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

"""The browser extension in a real Chromium (Debian's, headless, driven by Playwright), against
the real context server and page servers on loopback."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .browser import EXTENSION, ROOT, ExtensionBrowser, chromium_available, wait_for_anchoring
from .conftest import EXAMPLE
from .fakewiki import FakeWikimedia
from .loopback import LoopbackServer, Reply
from .servers import ServerProcess, free_port

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium and playwright")]

ARTICLE = EXAMPLE.read_bytes()
# The same article, rendered late by script as single-page apps do: the server sees the full
# HTML, the live page only gets the text a second after load.
LATE = ARTICLE.replace(b"</body>", b"""<script>
  const body = document.querySelector("article");
  const saved = body.innerHTML; body.innerHTML = "<p>Loading...</p>";
  setTimeout(() => { body.innerHTML = saved; }, 1200);
</script></body>""")
# The same article as news sites print it: names linked to topic pages, a dateline broken by <br>.
LINKED = ARTICLE.replace(b"Antony Blinken to speak", b'<a href="/topics/blinken">Antony Blinken</a> to speak', 1) \
    .replace(b"Hady Amr, Senior US diplomat", b"Hady Amr<br>Senior US diplomat", 1)
assert LINKED.count(b"/topics/blinken") == 1 and b"Amr<br>" in LINKED
EXPECTED = {"wikidata:Q6279", "wikidata:Q43723", "wikidata:Q4776155", "wikidata:Q105622873", "glossary:temple-mount",
            "glossary:east-jerusalem", "glossary:gaza", "glossary:hamas", "wikidata:Q801"}


class FakeContextServer:
    """A stand-in context server that answers every annotate call with a given JSON body and counts calls."""

    def __init__(self, answer: dict) -> None:
        self.calls = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                fake.calls += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Fake Wikimedia, a page server, the real context server (online against the fake) and a browser."""
    tmp = tmp_path_factory.mktemp("extension")
    with FakeWikimedia() as wiki, \
            LoopbackServer({"/news/article.html": Reply(body=ARTICLE), "/news/late.html": Reply(body=LATE),
                            "/news/linked.html": Reply(body=LINKED), "/topics/blinken": Reply(body=b"<p>Blinken topic page</p>")}) as pages, \
            ServerProcess(tmp / "cache", command="serve", env={
                "CONTEXTLIB_NEWS_OFFLINE": "0", "CONTEXTLIB_NEWS_WIKIPEDIA_URL": wiki.url,
                "CONTEXTLIB_NEWS_WIKIDATA_URL": wiki.url}) as server, \
            ExtensionBrowser({"serverUrl": server.url}) as browser:
        yield {"wiki": wiki, "pages": pages, "server": server, "browser": browser}


@pytest.fixture
def browser(stack):
    browser = stack["browser"]
    browser.configure(serverUrl=stack["server"].url, sites={}, mode="url", density="first", token="", lang="en")
    yield browser
    for page in browser.context.pages:
        page.close()


def open_article(browser, url):
    page = browser.page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return page, errors


def marked_ids(page) -> list[str]:
    return page.eval_on_selector_all("[data-contextlib-entity][tabindex]", "els => els.map(e => e.dataset.contextlibEntity)")


def test_marks_appear_for_the_expected_entities(stack, browser):
    page, errors = open_article(browser, stack["pages"].url("/news/article.html"))
    anchored, total = map(int, wait_for_anchoring(page).split("/"))
    assert anchored == total and total >= len(EXPECTED)
    ids = marked_ids(page)
    assert EXPECTED <= set(ids)
    assert len(ids) == len(set(ids)), "first mention only, by default"
    mark = page.locator('[data-contextlib-entity="wikidata:Q4776155"]').first
    assert mark.get_attribute("tabindex") == "0"
    card_id = mark.get_attribute("aria-describedby")
    assert page.locator(f"#{card_id}").count() == 1
    assert errors == []


def test_all_mentions_setting(stack, browser):
    browser.configure(density="all")
    page, _ = open_article(browser, stack["pages"].url("/news/article.html"))
    anchored, total = map(int, wait_for_anchoring(page).split("/"))
    assert anchored == total
    biden = page.eval_on_selector_all('[data-contextlib-entity="wikidata:Q6279"]', "els => els.map(e => e.textContent)")
    assert len(biden) == 4


def test_marks_never_move_the_page(stack, browser):
    url = stack["pages"].url("/news/article.html")
    geometry = "() => [...document.querySelectorAll('p, h1, h2')].map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"
    browser.configure(sites={"127.0.0.1": False})
    plain, _ = open_article(browser, url)
    time.sleep(1.0)
    before = plain.evaluate(geometry)
    browser.configure(sites={})
    marked, _ = open_article(browser, url)
    wait_for_anchoring(marked)
    assert marked.locator("[data-contextlib-entity]").count() > 0
    assert marked.evaluate(geometry) == before


def test_hover_and_keyboard_open_the_card(stack, browser):
    page, _ = open_article(browser, stack["pages"].url("/news/article.html"))
    wait_for_anchoring(page)
    mark = page.locator('[data-contextlib-entity="wikidata:Q4776155"][tabindex]')
    card = page.locator(f"#{mark.get_attribute('aria-describedby')}")
    assert not card.is_visible()
    mark.hover()
    card.wait_for(state="visible", timeout=5000)
    text = card.locator(".card").inner_text()  # Playwright's CSS locators pierce open shadow roots
    assert "Antony Blinken" in text and "As of 2021-05-12" in text
    assert "United States Secretary of State (since 2021-01-26; until 2025-01-20, after this article)" in text
    page.mouse.move(0, 0)
    card.wait_for(state="hidden", timeout=5000)
    temple = page.locator('[data-contextlib-entity="glossary:temple-mount"][tabindex]')
    temple.focus()
    temple_card = page.locator(f"#{temple.get_attribute('aria-describedby')}")
    temple_card.wait_for(state="visible", timeout=5000)
    temple_text = temple_card.locator(".card").inner_text()
    assert "Haram al-Sharif" in temple_text and "PERSPECTIVES" in temple_text.upper()
    page.keyboard.press("Escape")
    temple_card.wait_for(state="hidden", timeout=5000)
    assert page.evaluate("document.activeElement.dataset.contextlibEntity") == "glossary:temple-mount"


# A note whose every field carries markup and script: a card must show it as text, inert.
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
HOSTILE_ANSWER = {
    "article": {"url": None, "title": None, "published": None, "site": None, "language": "en",
                "text": "Israel said on Wednesday that it would respond."},
    "entities": [{"id": "x:1", "kind": "place", "label": "Israel " + HOSTILE, "confidence": 0.9,
                  "note": {"description": HOSTILE, "summary": "<b>bold</b>", "as_of": "2021-05-12", "roles": [HOSTILE],
                           "other_names": [], "perspectives": [{"holder": HOSTILE, "view": HOSTILE}],
                           "image": "javascript:window.__pwned=1", "facts": [],
                           "sources": [{"title": HOSTILE, "url": "javascript:window.__pwned=1", "retrieved": None}]},
                  "mentions": [{"start": 0, "end": 6, "exact": "Israel", "prefix": "", "suffix": " said on Wednesday"}]}],
    "meta": {}, "cache": {"status": "miss", "store": "off"},
}


def test_a_linked_name_is_marked_and_the_link_still_works(stack, browser):
    browser.configure(density="all")
    page, errors = open_article(browser, stack["pages"].url("/news/linked.html"))
    anchored, total = map(int, wait_for_anchoring(page).split("/"))
    assert anchored == total, "every mention, the one before a <br> too"
    assert page.locator('[data-contextlib-entity="wikidata:Q105622873"]').first.inner_text() == "Hady Amr"
    link = page.locator('a[href="/topics/blinken"]')
    mark = link.locator('[data-contextlib-entity="wikidata:Q4776155"]')
    assert mark.count() == 1 and mark.get_attribute("tabindex") is None, "the link, not the mark, takes focus"
    assert mark.evaluate("e => getComputedStyle(e).cursor") == "pointer"
    card = page.locator(f"#{link.get_attribute('aria-describedby')}")
    link.focus()
    card.wait_for(state="visible", timeout=5000)
    assert "Antony Blinken" in card.locator(".card").inner_text()
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=5000)
    mark.hover()
    card.wait_for(state="visible", timeout=5000)
    mark.click()
    page.wait_for_url("**/topics/blinken", timeout=5000)
    assert errors == []


def test_a_hostile_note_renders_inert(stack, browser):
    with FakeContextServer(HOSTILE_ANSWER) as fake:
        browser.configure(serverUrl=fake.url)
        page, errors = open_article(browser, stack["pages"].url("/news/article.html"))
        wait_for_anchoring(page)
        mark = page.locator('[data-contextlib-entity="x:1"]').first
        mark.hover()
        card = page.locator(f"#{mark.get_attribute('aria-describedby')}")
        card.wait_for(state="visible", timeout=5000)
        text = card.locator(".card").inner_text()
        assert "<img src=x" in text and "<b>bold</b>" in text
        inside = card.evaluate("host => host.shadowRoot.querySelectorAll('img, script, b, a[href^=javascript]').length")
        assert inside == 0
        time.sleep(0.5)
        assert page.evaluate("window.__pwned") is None and errors == []


def test_a_site_switched_off_sends_nothing(stack, browser):
    with FakeContextServer({}) as fake:
        browser.configure(serverUrl=fake.url, sites={"127.0.0.1": False})
        page, _ = open_article(browser, stack["pages"].url("/news/article.html"))
        time.sleep(2.0)
        assert fake.calls == 0 and page.locator("[data-contextlib-entity]").count() == 0
        popup = browser.popup(browser.tab_id(stack["pages"].url("/news/")))
        popup.wait_for_selector("#status[data-state]")
        assert popup.locator("#enabled").is_checked() is False
        assert "Off for this site" in popup.inner_text("#status")
        popup.locator("#enabled").check()  # switching it on reloads the page, which is then annotated
        deadline = time.monotonic() + 15
        while fake.calls == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert fake.calls >= 1


def test_a_server_that_is_down_shows_in_the_popup_only(stack, browser):
    browser.configure(serverUrl=f"http://127.0.0.1:{free_port()}")
    page, errors = open_article(browser, stack["pages"].url("/news/article.html"))
    popup = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        popup = browser.popup(browser.tab_id(stack["pages"].url("/news/article.html")))
        popup.wait_for_selector("#status[data-state]")
        if popup.get_attribute("#status", "data-state") == "unreachable":
            break
        popup.close()
        time.sleep(0.5)
    assert "Server unreachable" in popup.inner_text("#status")
    assert errors == [] and page.locator("[data-contextlib-entity]").count() == 0


def test_the_popup_counts_notes(stack, browser):
    page, _ = open_article(browser, stack["pages"].url("/news/article.html"))
    wait_for_anchoring(page)
    time.sleep(0.3)
    popup = browser.popup(browser.tab_id(stack["pages"].url("/news/article.html")))
    popup.wait_for_selector("#status[data-state=done]")
    assert "notes" in popup.inner_text("#count") and "marked on the page" in popup.inner_text("#count")


def test_content_rendered_late_is_anchored_when_it_arrives(stack, browser):
    page, errors = open_article(browser, stack["pages"].url("/news/late.html"))
    page.wait_for_function("() => document.querySelectorAll('[data-contextlib-entity]').length >= 9", timeout=20000)
    assert EXPECTED <= set(marked_ids(page)) and errors == []


def test_the_options_page_tests_the_connection(stack, browser):
    page = browser.page()
    page.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
    page.wait_for_selector("html[data-ready=true]", timeout=10000)  # the stored settings are in the fields
    page.fill("#serverUrl", stack["server"].url)
    page.click("#test")
    page.wait_for_selector("#result[data-ok=true]:has-text('Connected')", timeout=10000)
    page.fill("#serverUrl", f"http://127.0.0.1:{free_port()}")
    page.click("#test")
    page.wait_for_selector("#result[data-ok=false]:has-text('Server unreachable')", timeout=10000)
    assert "sent to your server" in page.inner_text("fieldset")


def test_build_makes_both_zips(tmp_path):
    out = tmp_path / "dist"
    subprocess.run(["python3", str(EXTENSION / "build.py"), "--out", str(out)], check=True, timeout=60)
    chrome = json.loads(zipfile.ZipFile(out / "contextlib-news-chromium.zip").read("manifest.json"))
    firefox = json.loads(zipfile.ZipFile(out / "contextlib-news-firefox.zip").read("manifest.json"))
    assert chrome["background"] == {"service_worker": "background.js", "type": "module"}
    assert firefox["background"] == {"scripts": ["background.js"], "type": "module"}
    assert "browser_specific_settings" not in chrome and firefox["browser_specific_settings"]["gecko"]["id"]


WEB_EXT = ROOT / ".ci" / "node_modules" / ".bin" / "web-ext"


@pytest.mark.skipif(not WEB_EXT.exists() or shutil.which("node") is None, reason="web-ext is installed by .ci/run")
def test_web_ext_lint_passes_for_firefox(tmp_path):
    out = tmp_path / "dist"
    subprocess.run(["python3", str(EXTENSION / "build.py"), "--out", str(out)], check=True, timeout=60)
    source = tmp_path / "firefox"
    zipfile.ZipFile(out / "contextlib-news-firefox.zip").extractall(source)
    result = subprocess.run([str(WEB_EXT), "lint", "--source-dir", str(source), "--output", "json", "--no-config-discovery"],
                            capture_output=True, text=True, timeout=180)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
    assert report["summary"]["errors"] == 0

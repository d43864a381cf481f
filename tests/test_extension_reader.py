"""The reader's side of the extension in a real Chromium (Debian's, headless, Playwright), against
the real context server and the fake Wikimedia on loopback: the "In this article" overview,
notes in German and Arabic, the "This note is wrong" round trip to suppression, card polish,
and a server that is down and then starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .browser import ExtensionBrowser, chromium_available, wait_for_anchoring
from .conftest import EXAMPLE
from .fakewiki import FakeWikimedia
from .loopback import LoopbackServer, Reply
from .servers import ServerProcess
from .test_extension import FakeContextServer, browser  # noqa: F401  (the per-test browser fixture, on this module's stack)
from .test_localize import GERMAN_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not chromium_available(), reason="needs /usr/bin/chromium and playwright")]

ARTICLE = EXAMPLE.read_bytes()
# A 1×1 PNG, so one thumbnail really loads beside one that cannot.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cf000000030101005d1e1a4b0000000049454e44ae426082")


def server_env(wiki: FakeWikimedia) -> dict[str, str]:
    return {"CONTEXTLIB_NEWS_OFFLINE": "0", "CONTEXTLIB_NEWS_WIKIPEDIA_URL": wiki.url, "CONTEXTLIB_NEWS_WIKIDATA_URL": wiki.url,
            "CONTEXTLIB_NEWS_WIKIPEDIA_LANGUAGE_URL": wiki.language_url}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader")
    with FakeWikimedia() as wiki, \
            LoopbackServer({"/news/article.html": Reply(body=ARTICLE), "/news/german.html": Reply(body=GERMAN_PAGE.encode()), "/img/ok.png": Reply(body=PNG, headers={"Content-Type": "image/png"}),
                            "/news/story.html": Reply(body=b"<html><body><p>Israel said on Wednesday that it would respond.</p>"
                                                            b"<p style='height:3000px'></p></body></html>")}) as pages, \
            ServerProcess(tmp / "cache", command="serve", env=server_env(wiki)) as server, \
            ExtensionBrowser({"serverUrl": server.url}) as browser:
        yield {"wiki": wiki, "pages": pages, "server": server, "browser": browser, "cache": tmp / "cache", "tmp": tmp}


def open_article(browser, url):
    page = browser.page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    # What our scripts say; the browser's own lines about the page's resources (its favicon,
    # thumbnails from hosts that do not resolve here) are not ours.
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") and not message.text.startswith("Failed to load resource") else None)
    page.goto(url)
    return page, problems


def card_of(page, entity_id):
    mark = page.locator(f'[data-contextlib-entity="{entity_id}"][tabindex]')
    return mark, page.locator(f"#{mark.get_attribute('aria-describedby')}")


def popup_for(browser, url_prefix, ready="#status[data-state=done]"):
    popup = browser.popup(browser.tab_id(url_prefix))
    popup.wait_for_selector(ready, timeout=15000)
    return popup


def test_the_overview_lists_the_article_and_jumps_to_a_name(stack, browser):
    url = stack["pages"].url("/news/article.html")
    page, problems = open_article(browser, url)
    wait_for_anchoring(page)
    popup = popup_for(browser, url)
    popup.wait_for_selector("#overview:not([hidden]) button.entity:not([aria-disabled])", timeout=15000)
    headings = popup.locator("#groups h3").all_inner_texts()
    assert headings[0].upper().startswith("DISPUTED TERMS") and any(h.upper().startswith("PEOPLE") for h in headings)
    assert headings.index(next(h for h in headings if h.upper().startswith("PEOPLE"))) > 0
    disputed = popup.locator('ul[aria-labelledby="group-disputed"] button.entity')
    assert "Temple Mount / Haram al-Sharif" in disputed.all_inner_texts()[0] or \
        any("Temple Mount" in t for t in disputed.all_inner_texts())
    temple = popup.locator('button.entity[data-id="glossary:temple-mount"]')
    assert "disputed" in temple.inner_text() and "mention" in temple.inner_text()
    blinken = popup.locator('button.entity[data-id="wikidata:Q4776155"]')
    assert "Antony Blinken" in blinken.inner_text()
    assert "United States Secretary of State from 2021 to 2025" in blinken.inner_text()
    assert "1 mention" in blinken.inner_text() or "mentions" in blinken.inner_text()

    # The page is scrolled away from the name first, so the jump has to bring it back.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    blinken.click()
    page.wait_for_function("document.activeElement && document.activeElement.dataset.contextlibEntity === 'wikidata:Q4776155'",
                           timeout=10000)
    mark, card = card_of(page, "wikidata:Q4776155")
    card.wait_for(state="visible", timeout=5000)
    assert "Antony Blinken" in card.locator(".card").inner_text()
    top, bottom, height = mark.evaluate("m => { const r = m.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; }")
    assert 0 <= top and bottom <= height, "the mark is in view"

    # Keyboard only: Tab to a disputed term in the overview, Enter.
    popup.locator('button.entity[data-id="glossary:temple-mount"]').focus()
    popup.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.dataset.contextlibEntity === 'glossary:temple-mount'", timeout=10000)
    _, temple_card = card_of(page, "glossary:temple-mount")
    temple_card.wait_for(state="visible", timeout=5000)
    assert problems == []
    # The side panel is the same page, laid out for the panel.
    side = browser.page()
    side.goto(f"chrome-extension://{browser.extension_id}/popup/panel.html?tabId={browser.tab_id(url)}")
    side.wait_for_selector('#overview:not([hidden]) button.entity[data-id="wikidata:Q4776155"]', timeout=15000)
    assert side.get_attribute("body", "data-view") == "panel" and side.locator("#open-panel").is_hidden()


def test_the_overview_says_when_the_site_is_off(stack, browser):
    browser.configure(sites={"127.0.0.1": False})
    url = stack["pages"].url("/news/article.html")
    open_article(browser, url)
    popup = popup_for(browser, url, "#status[data-state=off]")
    assert "nothing is sent" in popup.inner_text("#status") and "Switch" in popup.inner_text("#status")
    assert popup.locator("#overview").is_hidden()


def test_a_german_note_with_english_where_german_is_missing(stack, browser):
    browser.configure(lang="de")
    page, problems = open_article(browser, stack["pages"].url("/news/article.html"))
    wait_for_anchoring(page)
    mark, card = card_of(page, "wikidata:Q4776155")
    mark.hover()
    card.wait_for(state="visible", timeout=5000)
    inner = card.locator(".card")
    assert inner.get_attribute("lang") == "de" and inner.get_attribute("dir") == "ltr"
    text = inner.inner_text()
    assert "US-amerikanischer Diplomat und Politiker, Außenminister (2021–2025)" in text
    assert "Antony John Blinken (* 16. April 1962 in New York City)" in text
    # Hady Amr: a German name, but an English description and summary, marked as English.
    amr, amr_card = card_of(page, "wikidata:Q105622873")
    amr.hover()
    amr_card.wait_for(state="visible", timeout=5000)
    assert amr_card.locator(".card").get_attribute("lang") == "de"
    assert amr_card.locator(".description").get_attribute("lang") == "en"
    assert amr_card.locator(".description").inner_text() == "American diplomat"
    assert problems == []


def test_an_arabic_note_reads_right_to_left(stack, browser):
    browser.configure(lang="ar")
    page, _ = open_article(browser, stack["pages"].url("/news/article.html"))
    wait_for_anchoring(page)
    mark, card = card_of(page, "wikidata:Q6279")
    mark.focus()
    card.wait_for(state="visible", timeout=5000)
    inner = card.locator(".card")
    assert inner.get_attribute("lang") == "ar" and inner.get_attribute("dir") == "rtl"
    assert inner.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert card.locator("h2").inner_text() == "جو بايدن"
    assert "الرئيس السادس والأربعون للولايات المتحدة" in inner.inner_text()
    # English parts inside the Arabic card run left to right.
    assert card.locator(".roles").get_attribute("dir") == "ltr"
    # The overview shows the Arabic name, right to left.
    popup = popup_for(browser, stack["pages"].url("/news/article.html"))
    popup.wait_for_selector('button.entity[data-id="wikidata:Q6279"]', timeout=15000)
    name = popup.locator('button.entity[data-id="wikidata:Q6279"] .name span').first
    assert name.inner_text() == "جو بايدن" and name.get_attribute("dir") == "rtl"


def feedback_cli(stack, *args):
    env = {**os.environ, "CONTEXTLIB_NEWS_CACHE_DIR": str(stack["cache"]), "CONTEXTLIB_NEWS_CONFIG": ""}
    return subprocess.run([sys.executable, "-m", "contextlib_news.cli", "feedback", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_this_note_is_wrong_round_trip_to_suppression(stack, browser):
    url = stack["pages"].url("/news/article.html")
    page, problems = open_article(browser, url)
    wait_for_anchoring(page)
    mark, card = card_of(page, "wikidata:Q105622873")
    mark.click()  # a click (a tap) pins the card while the reader uses the form
    card.wait_for(state="visible", timeout=5000)
    toggle = card.locator("button.wrong")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    card.locator("input[value=outdated]").check()
    card.locator("textarea").fill("He left this post in 2025.")
    card.locator("form button[type=submit]").click()
    card.locator(".said[data-ok=true]").wait_for(timeout=10000)
    assert stack["server"].url in card.locator(".said").inner_text()

    listed = json.loads(feedback_cli(stack, "list", "--json").stdout)
    report = next(r for r in listed if r["entity"] == "wikidata:Q105622873")
    assert report["reason"] == "outdated" and report["comment"] == "He left this post in 2025."
    assert report["exact"] == "Hady Amr" and report["url"] == url and report["site"] == "127.0.0.1" and report["time"]

    assert feedback_cli(stack, "suppress", "wikidata:Q105622873").returncode == 0
    try:
        page.reload()
        wait_for_anchoring(page)
        ids = page.eval_on_selector_all("[data-contextlib-entity]", "els => els.map(e => e.dataset.contextlibEntity)")
        assert "wikidata:Q105622873" not in ids and "wikidata:Q4776155" in ids
    finally:
        assert feedback_cli(stack, "unsuppress", "wikidata:Q105622873").returncode == 0
    assert problems == []


LONG_ANSWER = {
    "article": {"url": None, "title": None, "published": None, "site": None, "language": "en",
                "text": "Israel said on Wednesday that it would respond."},
    "entities": [{"id": "x:israel", "kind": "place", "label": "Israel", "confidence": 0.9,
                  "note": {"description": "A state in the Middle East.", "summary": "", "as_of": "2021-05-12", "roles": [],
                           "other_names": [], "image": None, "facts": [], "lang": "en", "label": None, "languages": {},
                           "perspectives": [{"holder": f"Holder {n}", "view": f"Holder {n} says something rather long about it, "
                                             "so that the whole note is much taller than any screen." * 2} for n in range(40)],
                           "sources": [{"title": "Example", "url": "https://example.org/", "retrieved": None}]},
                  "mentions": [{"start": 0, "end": 6, "exact": "Israel", "prefix": "", "suffix": " said on Wednesday"}]}],
    "meta": {}, "cache": {"status": "miss", "store": "off"},
}


def test_card_polish_images_scrolling_and_taps(stack, browser):
    pages = stack["pages"]
    answer = json.loads(json.dumps(LONG_ANSWER))
    answer["entities"][0]["note"]["image"] = pages.url("/img/missing.png")
    with FakeContextServer(answer) as fake:
        browser.configure(serverUrl=fake.url)
        page, problems = open_article(browser, pages.url("/news/story.html"))
        wait_for_anchoring(page)
        mark, card = card_of(page, "x:israel")
        mark.click()
        card.wait_for(state="visible", timeout=5000)
        # The thumbnail that cannot load is removed, not shown broken.
        page.wait_for_function("id => document.getElementById(id).shadowRoot.querySelectorAll('img').length === 0",
                               arg=card.get_attribute("id"), timeout=10000)
        box = card.locator(".card").bounding_box()
        viewport = page.viewport_size
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] and box["x"] + box["width"] <= viewport["width"]
        assert card.locator(".card").evaluate("e => e.scrollHeight > e.clientHeight + 100"), "a long note scrolls inside"
        # Pinned by the tap: leaving with the pointer keeps it; a tap outside closes it.
        page.mouse.move(viewport["width"] - 5, viewport["height"] - 5)
        page.wait_for_timeout(400)  # longer than the hover close delay; the card must still be there
        assert card.is_visible()
        page.mouse.click(viewport["width"] - 5, viewport["height"] - 5)
        card.wait_for(state="hidden", timeout=5000)
        mark.click()
        card.wait_for(state="visible", timeout=5000)
        page.mouse.click(viewport["width"] - 5, viewport["height"] - 5)
        card.wait_for(state="hidden", timeout=5000)
        assert problems == []

    answer["entities"][0]["note"]["image"] = pages.url("/img/ok.png")
    with FakeContextServer(answer) as fake:
        browser.configure(serverUrl=fake.url)
        page, _ = open_article(browser, pages.url("/news/story.html"))
        wait_for_anchoring(page)
        mark, card = card_of(page, "x:israel")
        mark.hover()
        card.wait_for(state="visible", timeout=5000)
        image = card.locator("img")
        image.wait_for(state="attached", timeout=5000)
        page.wait_for_function("id => { const i = document.getElementById(id).shadowRoot.querySelector('img'); return i && i.complete && i.naturalWidth > 0; }",
                               arg=card.get_attribute("id"), timeout=10000)
        assert image.get_attribute("referrerpolicy") == "no-referrer"
    seen = [r for r in pages.requests if r.path == "/img/ok.png"]
    assert seen and all("Referer" not in r.headers for r in seen), "images load without a referrer"


def test_a_server_that_is_down_then_starts(stack, browser):
    url = stack["pages"].url("/news/article.html")
    later = ServerProcess(stack["tmp"] / "later-cache", command="serve", env=server_env(stack["wiki"]))
    browser.configure(serverUrl=later.url)
    page, problems = open_article(browser, url)
    before = page.evaluate("document.body.innerHTML")
    popup = popup_for(browser, url, "#status[data-state=unreachable]")
    status = popup.inner_text("#status")
    assert "Server unreachable" in status and later.url in status and "contextlib-news serve" in status
    assert page.evaluate("document.body.innerHTML") == before, "the page is left exactly as it was"
    assert page.get_attribute("html", "data-contextlib-anchored") is None
    with later:
        # The content script asks again by itself, after a growing wait (2, 4, 8, 16, 32, 60 s…).
        wait_for_anchoring(page, timeout=150)
        assert page.locator("[data-contextlib-entity]").count() > 0
        popup.wait_for_selector("#status[data-state=done]", timeout=15000)
    assert problems == [], "nothing in the page's console while the server was down"


def test_the_options_page_sets_the_language_and_says_where_reports_go(stack, browser):
    page = browser.page()
    page.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
    page.wait_for_selector("html[data-ready=true]", timeout=10000)  # the stored settings are in the fields
    privacy = page.inner_text("#privacy")
    assert "Nothing is sent anywhere but the server above" in privacy and "This note is wrong" in privacy
    assert page.locator("#browser-language").inner_text().startswith("The browser's language (")
    page.select_option("#lang", "ar")
    page.click("button[type=submit]")
    page.wait_for_selector("#result[data-ok=true]", timeout=5000)
    assert browser.worker.evaluate("() => chrome.storage.local.get('lang')") == {"lang": "ar"}


def test_the_popup_says_when_a_page_has_no_notes_or_is_not_english(stack, browser):
    german = stack["pages"].url("/news/german.html")
    open_article(browser, german)
    popup = popup_for(browser, german, "#status[data-state=error]")
    assert "This page is not in English" in popup.inner_text("#status")
    assert "not supported yet" in popup.inner_text("#status") and popup.locator("#overview").is_hidden()
    empty = {"article": {"url": None, "title": None, "published": None, "site": None, "language": "en", "text": "Nothing."},
             "entities": [], "meta": {}, "cache": {"status": "miss", "store": "off"}}
    with FakeContextServer(empty) as fake:
        browser.configure(serverUrl=fake.url)
        story = stack["pages"].url("/news/story.html")
        open_article(browser, story)
        popup = popup_for(browser, story)
        assert "No notes for this page" in popup.inner_text("#status") and popup.locator("#overview").is_hidden()

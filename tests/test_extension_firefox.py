"""The browser extension's Firefox package in a real Firefox (Debian's firefox-esr, headless,
over Marionette), against the real context server and a page server on loopback."""

from __future__ import annotations

import time

import pytest

from .conftest import EXAMPLE
from .fakewiki import FakeWikimedia
from .firefox import FirefoxExtension, firefox_available
from .loopback import LoopbackServer, Reply
from .servers import ServerProcess, free_port
from .test_extension import EXPECTED, HOSTILE_ANSWER, FakeContextServer

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not firefox_available(), reason="needs firefox-esr and marionette-driver")]

MARKS = "return [...document.querySelectorAll('[data-contextlib-entity][tabindex]')].map(e => e.dataset.contextlibEntity)"
ANCHORED = "return document.documentElement.dataset.contextlibAnchored || null"
# The text of a mark's card, read through its open shadow root, or null while the card is hidden.
CARD_TEXT = """const mark = document.querySelector(`[data-contextlib-entity="${arguments[0]}"][tabindex]`);
    const host = document.getElementById(mark.getAttribute("aria-describedby"));
    return host.style.display === "block" ? host.shadowRoot.querySelector(".card").innerText : null;"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("firefox")
    with FakeWikimedia() as wiki, \
            LoopbackServer({"/news/article.html": Reply(body=EXAMPLE.read_bytes())}) as pages, \
            ServerProcess(tmp / "cache", command="serve", env={
                "CONTEXTLIB_NEWS_OFFLINE": "0", "CONTEXTLIB_NEWS_WIKIPEDIA_URL": wiki.url,
                "CONTEXTLIB_NEWS_WIKIDATA_URL": wiki.url}) as server, \
            FirefoxExtension() as firefox:
        yield {"pages": pages, "server": server, "firefox": firefox}


@pytest.fixture
def firefox(stack):
    firefox = stack["firefox"]
    firefox.configure(serverUrl=stack["server"].url, sites={}, mode="url", density="first", token="", lang="en")
    return firefox


def test_marks_and_cards_in_firefox(stack, firefox):
    client = firefox.client
    client.navigate(stack["pages"].url("/news/article.html"))
    anchored, total = map(int, firefox.wait_for(ANCHORED).split("/"))
    assert anchored == total and total >= len(EXPECTED)
    ids = client.execute_script(MARKS)
    assert EXPECTED <= set(ids) and len(ids) == len(set(ids))

    # Keyboard focus opens the card as of the article's date; Escape closes it.
    client.execute_script('document.querySelector(\'[data-contextlib-entity="wikidata:Q4776155"][tabindex]\').focus()')
    text = firefox.wait_for(CARD_TEXT, args=["wikidata:Q4776155"], timeout=5)
    assert "Antony Blinken" in text and "As of 2021-05-12" in text
    assert "United States Secretary of State (since 2021-01-26; until 2025-01-20, after this article)" in text
    from marionette_driver.keys import Keys

    client.actions.sequence("key", "keyboard").key_down(Keys.ESCAPE).key_up(Keys.ESCAPE).perform()
    deadline = time.monotonic() + 5
    while client.execute_script(CARD_TEXT, script_args=["wikidata:Q4776155"]) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.execute_script(CARD_TEXT, script_args=["wikidata:Q4776155"]) is None

    # Hover opens the card of a disputed term with the names each party uses.
    from marionette_driver.by import By

    temple = client.find_element(By.CSS_SELECTOR, '[data-contextlib-entity="glossary:temple-mount"][tabindex]')
    client.execute_script("arguments[0].scrollIntoView({block: 'center'})", script_args=[temple])
    client.actions.sequence("pointer", "mouse", {"pointerType": "mouse"}).pointer_move(0, 0, origin=temple).perform()
    temple_text = firefox.wait_for(CARD_TEXT, args=["glossary:temple-mount"], timeout=5)
    assert "Haram al-Sharif" in temple_text and "PERSPECTIVES" in temple_text.upper()


def test_a_hostile_note_renders_inert_in_firefox(stack, firefox):
    with FakeContextServer(HOSTILE_ANSWER) as fake:
        firefox.configure(serverUrl=fake.url)
        client = firefox.client
        client.navigate(stack["pages"].url("/news/article.html"))
        firefox.wait_for(ANCHORED)
        client.execute_script('document.querySelector(\'[data-contextlib-entity="x:1"]\').focus()')
        text = firefox.wait_for(CARD_TEXT, args=["x:1"], timeout=5)
        assert "<img src=x" in text and "<b>bold</b>" in text
        inside = client.execute_script(
            """const mark = document.querySelector('[data-contextlib-entity="x:1"]');
               return document.getElementById(mark.getAttribute("aria-describedby")).shadowRoot
                 .querySelectorAll("img, script, b, a[href^=javascript]").length""")
        assert inside == 0
        time.sleep(0.5)
        assert client.execute_script("return window.wrappedJSObject.__pwned ?? null") is None


def test_a_site_switched_off_sends_nothing_in_firefox(stack, firefox):
    with FakeContextServer({}) as fake:
        firefox.configure(serverUrl=fake.url, sites={"127.0.0.1": False})
        firefox.client.navigate(stack["pages"].url("/news/article.html"))
        time.sleep(2.0)
        assert fake.calls == 0
        assert firefox.client.execute_script("return document.querySelectorAll('[data-contextlib-entity]').length") == 0


def test_the_options_page_in_firefox(stack, firefox):
    client = firefox.client
    from marionette_driver.by import By

    client.navigate(firefox.extension_url("options/options.html"))
    # Typing before the page has put the stored settings in the fields would be overwritten.
    assert firefox.wait_for("return document.documentElement.dataset.ready === 'true' ? 'ready' : null", timeout=10) == "ready"
    field = client.find_element(By.ID, "serverUrl")
    field.clear()
    field.send_keys(stack["server"].url)
    client.find_element(By.ID, "test").click()
    assert "Connected" in firefox.wait_for(
        "const r = document.getElementById('result'); return r.dataset.ok === 'true' && r.textContent.startsWith('Connected') ? r.textContent : null",
        timeout=10)
    field.clear()
    field.send_keys(f"http://127.0.0.1:{free_port()}")
    client.find_element(By.ID, "test").click()
    assert "Server unreachable" in firefox.wait_for(
        "const r = document.getElementById('result'); return r.dataset.ok === 'false' ? r.textContent : null", timeout=10)


# The popup's overview, opened as a page in a second tab (as the keyboard-only flow does),
# pointed at the article's tab by id.
OTHER_TAB = """const [done] = arguments, page = window.wrappedJSObject;
    page.chrome.tabs.getCurrent().then(me => page.chrome.tabs.query({}).then(
      tabs => done(tabs.map(t => t.id).find(id => id !== me.id) ?? null)), e => done(String(e)));"""


def test_the_overview_lists_and_jumps_in_firefox(stack, firefox):
    from marionette_driver.by import By

    client = firefox.client
    client.navigate(stack["pages"].url("/news/article.html"))
    firefox.wait_for(ANCHORED)
    article = client.current_window_handle
    popup = client.open(type="tab", focus=True)["handle"]
    try:
        client.switch_to_window(popup)
        client.navigate(firefox.extension_url("popup/popup.html"))
        tab_id = client.execute_async_script(OTHER_TAB)
        assert isinstance(tab_id, int), tab_id
        client.navigate(firefox.extension_url(f"popup/popup.html?tabId={tab_id}"))
        listed = firefox.wait_for(
            "return [...document.querySelectorAll('#overview:not([hidden]) button.entity')].map(b => b.dataset.id)", timeout=15)
        assert listed and listed[0].startswith("glossary:"), "disputed terms first"
        assert "wikidata:Q4776155" in listed and "glossary:temple-mount" in listed
        headings = client.execute_script("return [...document.querySelectorAll('#groups h3')].map(h => h.textContent)")
        assert headings[0].startswith("Disputed terms") and any(h.startswith("People") for h in headings)
        button = client.find_element(By.CSS_SELECTOR, 'button.entity[data-id="wikidata:Q4776155"]')
        assert "United States Secretary of State from 2021 to 2025" in button.text
        button.click()
    finally:
        client.close()
        client.switch_to_window(article)
    focused = firefox.wait_for("return document.activeElement && document.activeElement.dataset.contextlibEntity", timeout=10)
    assert focused == "wikidata:Q4776155"
    text = firefox.wait_for(CARD_TEXT, args=["wikidata:Q4776155"], timeout=5)
    assert "Antony Blinken" in text

"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright, against the app served by
uvicorn on 127.0.0.1. A person's path through the app — overview, search, a filter, an article, a
highlighted statement, a citation to its span — with a screenshot of each page in
test-artifacts/screenshots/ and no console error (a CSP violation is one) on any of them."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect, sync_playwright

from parley.config import Settings
from parley.web import analysis, create_app
from tests.conftest import ROOT
from tests.web.corpus import HOSTILE_ID

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(web_settings: Settings) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(web_settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)"
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    # an injected script that ran would call alert(): fail loudly instead of waiting on a dialog
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield opened
    context.close()
    assert problems == [], problems


def click_words(page: Page, locator: Locator) -> None:
    """Click the first line of an inline highlight: the centre of a span that wraps over lines may
    fall outside it, on the words between its first and last line."""
    box = locator.evaluate(
        "e => { const r = e.getClientRects()[0];"
        " return {x: r.left + Math.min(8, r.width / 2), y: r.top + r.height / 2}; }"
    )
    page.mouse.click(box["x"], box["y"])


def shot(page: Page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def test_home(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Negotiations", exact=True)).to_be_visible()
    shot(page, "01-home")
    page.get_by_role("link", name="Russia–Ukraine talks").click()
    expect(page).to_have_url("/negotiations/russia-ukraine")


def test_overview_draws_the_charts(page: Page) -> None:
    page.goto("/negotiations/russia-ukraine")
    # Plotly draws an SVG into each chart; the barometer's seven bands are shapes in it
    expect(page.locator("#barometer ~ figure .main-svg").first).to_be_visible()
    expect(page.locator("[data-figure='issues-figure'] .main-svg").first).to_be_visible()
    assert page.locator("[data-figure='barometer-figure'] .shapelayer path").count() >= 7
    shot(page, "02-overview")


def test_search_filter_open_article_and_click_a_statement(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Search what was said").fill("Donetsk")
    page.get_by_label("Search what was said").press("Enter")
    expect(page).to_have_url("/search?q=Donetsk")
    expect(page.locator("ol.records > li").first).to_be_visible()
    shot(page, "03-search")

    # a facet narrows the results to one speaker
    page.locator(".facets").get_by_role("link", name="Dmitry Peskov").click()
    expect(page.locator(".active-filters")).to_contain_text("speaker: Dmitry Peskov")
    for meta in page.locator("ol.records > li .meta").all()[::2]:
        expect(meta).to_contain_text("Dmitry Peskov")
    shot(page, "04-search-filtered")

    # the statement's link opens the article at its span, the record shown
    page.locator("ol.records > li").first.get_by_role("link", name="in “").click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]+#s-st_"))
    target = page.locator(".hl.statement.selected").first
    expect(target).to_be_visible()
    expect(page.locator(".record.shown")).to_have_count(1)
    expect(page.locator(".record.shown")).to_contain_text("Dmitry Peskov")
    shot(page, "05-reader-at-statement")


def test_reader_click_and_keyboard(page: Page) -> None:
    page.goto("/articles/vance-miami-talks")
    panel = page.locator("#records")
    expect(panel.locator(".panel-hint")).to_be_visible()
    # clicking a likelihood phrase shows its record, and from there its statement
    likelihood = page.locator("#article-text .hl.likelihood").first
    likelihood.scroll_into_view_if_needed()
    click_words(page, likelihood)
    expect(panel.locator(".record.shown")).to_contain_text("Likelihood")
    panel.locator(".record.shown").get_by_role("link", name="in the statement").click()
    expect(panel.locator(".record.shown")).to_contain_text("J.D. Vance")
    shot(page, "06-reader-record")
    # keyboard only: Tab to the first statement, Enter shows its record and moves focus to it
    page.goto("/articles/vance-miami-talks")
    first = page.locator("#article-text .hl.statement[tabindex='0']").first
    first.focus()
    page.keyboard.press("Enter")
    expect(panel.locator(".record.shown")).to_be_focused()


def test_hostile_article_runs_nothing(page: Page) -> None:
    page.goto(f"/articles/{HOSTILE_ID}")
    text = page.locator("#article-text")
    expect(text).to_contain_text("<script>alert('text')</script>")  # shown as the characters it is
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator("#article-text img, #article-text script, #article-text a").count() == 0
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>alert('title')</script>")
    shot(page, "07-reader-hostile")


def test_a_citation_leads_to_its_span(page: Page) -> None:
    """From the brief when parley has one, else from the issue board: a cited source opens the article
    with exactly the cited characters highlighted."""
    start = "/negotiations/russia-ukraine/brief" if analysis.available()["brief"] else None
    if start is None and analysis.available()["board"]:
        start = "/negotiations/russia-ukraine/board"
    if start is None:
        pytest.skip("neither the brief nor the board is in this version of parley")
    page.goto(start)
    shot(page, "08-brief" if "brief" in start else "08-board")
    citation = page.locator("a[href*='?cite=']").first
    href = citation.get_attribute("href") or ""
    span = href.split("cite=", 1)[1].split("#", 1)[0]
    citation.click()
    expect(page.locator("#cite")).to_be_visible()
    article_id = page.url.split("/articles/", 1)[1].split("?", 1)[0]
    text = page.request.get(f"/api/v1/articles/{article_id}").json()["text"]
    begin, end = (int(x) for x in span.split("-"))
    assert page.locator("#cite").inner_text() == text[begin:end]
    shot(page, "09-citation-span")


def test_development_page(page: Page) -> None:
    if not page.request.get("/api/v1/developments").json()["items"]:
        pytest.skip("this version of parley builds no developments")
    page.goto("/negotiations/russia-ukraine")
    page.locator("#developments ~ ol a[href^='/developments/']").first.click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    shot(page, "15-development")
    page.locator("a[href*='#s-st_']").first.click()
    expect(page.locator(".record.shown")).to_have_count(1)


def test_actor_page(page: Page) -> None:
    page.goto("/actors")
    page.get_by_role("link", name="J.D. Vance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("J.D. Vance")
    expect(page.get_by_text("Vice President of the United States").first).to_be_visible()
    shot(page, "10-actor")


def test_error_pages(browser: Browser, base_url: str) -> None:
    # the browser logs the 400 and 404 of these pages as errors: that is what they are, so this test
    # does not use the `page` fixture that fails on them
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/search?q=%22unbalanced")
    expect(page.get_by_role("alert")).to_contain_text("cannot search for")
    shot(page, "11-search-error")
    page.goto("/articles/nothing-here")
    expect(page.get_by_role("alert")).to_contain_text("no article")
    shot(page, "12-not-found")
    context.close()


def test_narrow_screen(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/articles/vance-miami-talks")
    click_words(page, page.locator("#article-text .hl.statement").first)
    expect(page.locator(".record.shown")).to_be_visible()
    shot(page, "13-reader-phone", full=False)
    page.goto("/search?q=settlement")
    shot(page, "14-search-phone", full=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    context.close()

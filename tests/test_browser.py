"""The query page in a real browser: Debian's chromium, headless, driven by playwright.

Opens the query page, runs a catalog query, sees the table, follows a resource link to its HTML page,
and checks that no request leaves the server (every asset is bundled). Skipped when chromium or
playwright is absent (Debian: apt-get install chromium; PyPI: playwright — never `playwright install`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetgraph.web import WebConfig
from webdata import DOCS, LiveServer, load_store, write_docs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("browser")
    load_store(root / "store", write_docs(root / "docs.trig"))
    live = LiveServer(WebConfig(store=root / "store", workers=1))
    yield live
    live.close()


def test_query_page_runs_a_catalog_query_and_follows_a_link(server: LiveServer) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    requested: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(server.url + "/query")
            page.select_option("#catalog", "expenditure_by_function")
            assert "bg:ExpenditureTable" in page.input_value("#editor")
            page.click("#run")
            page.wait_for_selector("#results tbody tr")
            rows = page.locator("#results tbody tr")
            assert rows.count() == sum(len(d.lines) for d in DOCS)
            headers = page.locator("#results thead th").all_inner_texts()
            assert headers == ["unitName", "year", "code", "name", "total", "basic", "project"]
            body = page.inner_text("#results")
            assert "<script>alert('x')</script>一般公共服务支出" in body  # shown as text, not run
            assert not errors
            link = page.locator("#results tbody tr a").first
            unit = link.inner_text()
            assert unit in {d.unit for d in DOCS}
            link.click()
            page.wait_for_selector("h1")
            assert page.inner_text("h1") == unit
            assert "/id/unit/" in page.url
        finally:
            browser.close()
    assert requested and all(url.startswith(server.url) for url in requested), requested

"""The HTML edition in a real headless browser (Debian's chromium driven by Playwright; no browser download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.build import build_editions

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"
SCREENSHOTS = ROOT / "output" / "screenshots"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = PROJECT if any(PROJECT.glob("*.xml")) else FIXTURES
    output = tmp_path_factory.mktemp("browser")
    report = build_editions([corpus], ["html"], output)
    assert not report.has_errors
    return output / "html"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append("failed request " + request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems


def _document_page(site: Path) -> Path:
    candidates = [p for p in sorted(site.glob("*.html"))
                  if p.name not in {"index.html", "chronology.html", "persons.html", "places.html",
                                    "organisations.html", "events.html"}]
    return max(candidates, key=lambda p: p.read_text(encoding="utf-8").count("ent-person"))


@pytest.mark.slow
def test_every_page_loads_from_file_without_console_errors(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        page, problems = _open(browser, path.as_uri())
        assert problems == [], f"{path.name}: {problems}"
        assert page.evaluate("document.body.classList.contains('js')"), f"{path.name}: edition.js did not run"
        page.close()


@pytest.mark.slow
def test_switch_hides_and_shows_a_kind(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page, problems = _open(browser, _document_page(site).as_uri())
    for kind in ("place", "person"):
        marked = page.locator(f".reading-text .ent-{kind}").first
        assert marked.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        box = page.locator(f".switches input[data-kind='{kind}']")
        box.uncheck()
        assert marked.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        assert page.evaluate(f"document.body.classList.contains('hide-{kind}')")
        box.check()
        assert marked.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    place = page.locator(".reading-text .ent-place[data-entry]").first
    place.hover()
    popover = page.locator("#popover")
    popover.wait_for(state="visible")
    assert popover.inner_text().strip() != ""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "document-page.png"), full_page=False)
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no horizontal scrolling on a phone"
    page.screenshot(path=str(SCREENSHOTS / "document-page-phone.png"), full_page=False)
    assert problems == []
    page.close()


@pytest.mark.slow
def test_register_link_leads_back_to_the_occurrence(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page, problems = _open(browser, (site / "places.html").as_uri())
    link = page.locator("a.occurrence").first
    expected = link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    document, fragment = expected.split("#")
    assert page.url.endswith(f"/{document}#{fragment}")
    target = page.locator(f"[id='{fragment}']")
    assert "ent-place" in target.get_attribute("class")
    assert target.is_visible() and target.evaluate("e => e.matches(':target')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "occurrence-from-register.png"))
    assert problems == []
    page.close()

"""The HTML edition in a real headless browser (Debian's chromium driven by Playwright; no browser download)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from teitools.build import build_editions
from teitools.render.search import fold

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"
#: TEITOOLS_SCREENSHOTS=docs keeps the screenshots the README shows (docs/*.png); else they go to a temporary folder.
SCREENSHOTS_FOLDER = os.environ.get("TEITOOLS_SCREENSHOTS", "")
#: axe-core (npm), installed by scripts/run-tests.sh, or by the first test that needs it, into this folder.
AXE_VERSION = "4.14"
AXE_HOME = Path(os.environ.get("TEITOOLS_AXE_DIR")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "teitools" / "axe-core")
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
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = ROOT / SCREENSHOTS_FOLDER if SCREENSHOTS_FOLDER else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_source() -> str:
    script = AXE_HOME / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is not installed and there is no npm to install it: run scripts/run-tests.sh")
        done = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(AXE_HOME),
                               f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0 or not script.is_file():
            pytest.fail(f"npm could not install axe-core into {AXE_HOME}: {done.stderr.strip()[-500:]}")
    return script.read_text(encoding="utf-8")


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
def test_switch_hides_and_shows_a_kind(site: Path, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
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
    page.screenshot(path=str(screenshots / "document-page.png"), full_page=False)
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no horizontal scrolling on a phone"
    page.screenshot(path=str(screenshots / "document-page-phone.png"), full_page=False)
    assert problems == []
    page.close()


@pytest.mark.slow
def test_register_link_leads_back_to_the_occurrence(site: Path, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page, problems = _open(browser, (site / "places.html").as_uri())
    page.screenshot(path=str(screenshots / "register-page.png"), full_page=False)
    link = page.locator("a.occurrence").first
    expected = link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    document, fragment = expected.split("#")
    assert page.url.endswith(f"/{document}#{fragment}")
    target = page.locator(f"[id='{fragment}']")
    assert "ent-place" in target.get_attribute("class")
    assert target.is_visible() and target.evaluate("e => e.matches(':target')")
    page.screenshot(path=str(screenshots / "occurrence-from-register.png"))
    assert problems == []
    page.close()


def _search(browser, site: Path, query: str, **limits: str):  # type: ignore[no-untyped-def]
    """The search page asked for ``query`` (and document=…, kind=…), once it has answered."""
    asked = "&".join(f"{name}={quote(value)}" for name, value in {"q": query, **limits}.items())
    page, problems = _open(browser, (site / "search.html").as_uri() + "?" + asked)
    page.wait_for_function("document.getElementById('search-status').textContent.match(/results?|No result/)")
    return page, problems


@pytest.mark.slow
def test_search_for_a_person_without_diacritics_finds_the_name_and_jumps_to_it(site: Path, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    document = _document_page(site)
    page, problems = _open(browser, document.as_uri())
    names = page.eval_on_selector_all(".reading-text .ent-person[data-entry]", "es => es.map(e => [e.id, e.textContent.trim()])")
    occurrence, written = max(names, key=lambda name: sum(ord(c) > 127 for c in name[1]))  # the most diacritics
    page.close()
    query = fold(written)  # "Võ Nguyên Giáp" asked as "vo nguyen giap"
    page, problems = _search(browser, site, query, kind="person")
    links = page.locator("#search-results a.search-link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert f"{document.name}#{occurrence}" in hrefs, (query, hrefs)
    kinds = page.eval_on_selector_all("#search-results .search-result", "es => es.map(e => e.querySelector('.search-kind').textContent)")
    assert set(kinds) == {"person"}
    marked = page.eval_on_selector_all("#search-results .search-result mark", "es => es.map(e => e.textContent)")
    assert marked and all(fold(word) in query.split() for word in marked), marked
    page.screenshot(path=str(screenshots / "search-page.png"), full_page=False)
    links.nth(hrefs.index(f"{document.name}#{occurrence}")).click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{document.name}#{occurrence}")
    target = page.locator(f"[id='{occurrence}']")
    assert "ent-person" in target.get_attribute("class").split()
    assert target.is_visible() and target.evaluate("e => e.matches(':target')")
    assert fold(target.inner_text()) == query
    assert problems == []
    page.close()


@pytest.mark.slow
def test_search_box_leads_to_results_limited_by_document_and_kind(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page, problems = _open(browser, (site / "index.html").as_uri())
    place = (site / "places.html").read_text(encoding="utf-8")
    assert 'data-kind="place"' in place  # the register page of places exists
    word = max(fold(_first_occurrence_text(site, "place")).split(), key=len)
    page.fill("header .site-search input[name=q]", word)
    page.press("header .site-search input[name=q]", "Enter")
    page.wait_for_load_state("load")
    assert "search.html?q=" in page.url
    page.wait_for_function("document.getElementById('search-status').textContent.match(/results?/)")
    everywhere = page.locator("#search-results .search-result").count()
    assert everywhere > 0
    documents = page.eval_on_selector_all("#search-document option", "es => es.map(e => e.value).filter(v => v)")
    assert len(documents) == len([p for p in site.glob("*.html")]) - len(_CORPUS_PAGES & {p.name for p in site.glob("*.html")})
    counted = 0
    for slug in documents:
        page.select_option("#search-document", slug)
        page.wait_for_function("!document.getElementById('search-status').textContent.startsWith('Searching')")
        hrefs = page.eval_on_selector_all("#search-results a.search-link", "es => es.map(e => e.getAttribute('href'))")
        assert all(href.startswith(f"{slug}.html#") for href in hrefs), (slug, hrefs)
        counted += len(hrefs)
    assert counted >= min(everywhere, 20)
    page.select_option("#search-document", "")
    page.check("input[name=kind][value=place]")
    page.wait_for_function("!document.getElementById('search-status').textContent.startsWith('Searching')")
    kinds = page.eval_on_selector_all("#search-results .search-kind", "es => es.map(e => e.textContent)")
    assert kinds and set(kinds) == {"place"}
    page.fill("#search-q", "zzqxj")
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('No results')")
    assert page.locator("#search-results .search-result").count() == 0
    assert problems == []
    page.close()


_CORPUS_PAGES = {"index.html", "chronology.html", "persons.html", "places.html", "organisations.html", "events.html",
                 "search.html"}


def _first_occurrence_text(site: Path, kind: str) -> str:
    import lxml.html

    for path in sorted(site.glob("*.html")):
        if path.name in _CORPUS_PAGES:
            continue
        found = lxml.html.document_fromstring(path.read_bytes()).xpath(
            f"//div[@class='reading-text']//span[contains(concat(' ', @class, ' '), ' ent-{kind} ')]")
        if found:
            return found[0].text_content()
    raise AssertionError(f"no {kind} in the edition")


@pytest.mark.slow
def test_axe_finds_no_serious_or_critical_violation(site: Path, browser, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    document = _document_page(site)
    pages = {"index": site / "index.html", "document": document, "register": site / "places.html",
             "persons": site / "persons.html", "chronology": site / "chronology.html"}
    found: dict[str, list[str]] = {}
    for name, path in pages.items():
        page, problems = _open(browser, path.as_uri())
        assert problems == [], (name, problems)  # before axe, which reads the style sheets (refused on file://)
        found[name] = _axe(page, axe_source)
        page.close()
    page, problems = _search(browser, site, fold(_first_occurrence_text(site, "place")))
    found["search"] = _axe(page, axe_source)
    page.close()
    page, problems = _open(browser, document.as_uri())
    page.locator(".reading-text .ent-place[data-entry]").first.hover()
    page.locator("#popover").wait_for(state="visible")
    found["document with a popover"] = _axe(page, axe_source)
    page.close()
    assert {name: v for name, v in found.items() if v} == {}


def _axe(page, axe_source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The serious and critical violations axe-core finds on the page: "rule-id: selector …"."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '))""")
    return list(violations)

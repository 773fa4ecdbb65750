"""HTML edition: well-formed HTML5, lang, marked entities, links and back-links that resolve, chronology order."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from teitools.build import build_editions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"
PROJECT = Path(__file__).resolve().parent.parent / "tei"
KINDS = ("person", "place", "organisation", "event", "date")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("html")
    report = build_editions([FIXTURES], ["html"], output)
    assert not report.has_errors, report.diagnostics
    return output / "html"


def _page(site: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((site / name).read_bytes())


def test_pages_are_html5_with_language_and_viewport(site: Path) -> None:
    for page in site.glob("*.html"):
        data = page.read_bytes()
        assert data.lower().startswith(b"<!doctype html>"), page.name
        root = _page(site, page.name)
        assert root.tag == "html" and root.get("lang"), page.name
        assert root.find(".//meta[@name='viewport']") is not None
        assert root.find(".//link[@rel='stylesheet']").get("href") == "assets/edition.css"
    letters = _page(site, "letters.html")
    assert letters.get("lang") == "vi"
    english = letters.xpath("//p[contains(., 'An English passage')]")
    assert english and english[0].get("lang") == "en"


def test_every_kind_is_marked_with_its_class_and_link(site: Path) -> None:
    letters = _page(site, "letters.html")
    for kind in KINDS:
        marked = letters.xpath(f"//div[@class='reading-text']//span[contains(concat(' ', @class, ' '), ' ent-{kind} ')]")
        assert marked, kind
        for span in marked:
            assert span.get("id", "").startswith("occ-")
            assert span.xpath(".//a[@href]"), f"{kind} occurrence without a link"
    ada = letters.xpath("//span[@data-entry='entry-per-ada']")[0]
    assert ada.xpath("a")[0].get("href") == "persons.html#per-ada"
    assert letters.get_element_by_id("entry-per-ada") is not None, "the popover entry is embedded in the page"


def test_every_internal_link_resolves_to_an_existing_id(site: Path) -> None:
    ids = {page.name: set(_page(site, page.name).xpath("//@id")) for page in site.glob("*.html")}
    checked = 0
    for page in site.glob("*.html"):
        for href in _page(site, page.name).xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.scheme:
                continue
            target = parts.path or page.name
            assert target in ids, f"{page.name}: link to missing page {href}"
            if parts.fragment:
                assert parts.fragment in ids[target], f"{page.name}: link to missing id {href}"
                checked += 1
    assert checked > 20


def test_register_pages_list_every_occurrence(site: Path) -> None:
    expected: set[tuple[str, str]] = set()
    for name in ("letters.html", "diary.html"):
        for span in _page(site, name).xpath("//span[@data-entry='entry-per-ada']"):
            expected.add((name, span.get("id")))
    persons = _page(site, "persons.html")
    links = persons.get_element_by_id("per-ada").xpath(".//a[@class='occurrence']/@href")
    assert {tuple(link.split("#")) for link in links} == expected
    assert len(expected) == 3
    assert persons.get_element_by_id("per-nobody").xpath(".//*[@class='no-occurrence']")


def test_chronology_is_sorted_and_links_back(site: Path) -> None:
    rows = _page(site, "chronology.html").xpath("//table[@class='chronology']/tbody/tr")
    dates = [row.get("data-date") for row in rows]
    assert dates == sorted(dates) and len(dates) == 5
    assert dates[0] == "1949-01-02" and dates[-1] == "1955"
    first = [href for href in rows[0].xpath(".//a/@href") if "#" in href][0]
    page, fragment = first.split("#")
    assert _page(site, page).get_element_by_id(fragment).get("data-date") == "1949-01-02"


def test_corrections_notes_and_citations(site: Path) -> None:
    letters = _page(site, "letters.html")
    (corr,) = letters.xpath("//span[contains(@class, 'corr')]")
    assert corr.text_content() == "chống" and corr.get("title") == "original: chông"
    marker = letters.xpath("//sup[@class='note-ref']/a")[0]
    assert marker.get("href") == "#note-1"
    assert "Một chú thích nhỏ" in letters.get_element_by_id("note-1").text_content()
    citation = letters.xpath("//a[@class='citation']")[0]
    assert citation.get("href") == "#wc-1"
    assert "Tài liệu số 1" in letters.get_element_by_id("wc-1").text_content()
    toc = letters.xpath("//nav[@class='toc']//a/@href")
    assert toc == ["#sec-1", "#sec-2", "#back-1"]
    ids = letters.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique"


def test_index_links_every_document(site: Path) -> None:
    links = set(_page(site, "index.html").xpath("//ol[@class='documents']//h3/a/@href"))
    assert links == {"letters.html", "diary.html"}


def test_assets_need_no_network() -> None:
    from teitools.resources import stylesheet_path
    for name in ("edition.css", "edition.js"):
        text = stylesheet_path("html", "assets", name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "fetch(" not in text and "@import" not in text


@pytest.mark.slow
@pytest.mark.skipif(not any(PROJECT.glob("*.xml")), reason="the project corpus has no documents yet")
def test_project_corpus_builds_with_resolving_links(tmp_path: Path) -> None:
    report = build_editions([PROJECT], ["html"], tmp_path)
    assert not report.has_errors, [d for d in report.diagnostics if d.is_error]
    site = tmp_path / "html"
    ids = {page.name: set(_page(site, page.name).xpath("//@id")) for page in site.glob("*.html")}
    for page in site.glob("*.html"):
        for href in _page(site, page.name).xpath("//a/@href"):
            parts = urlsplit(href)
            if not parts.scheme and parts.fragment:
                assert parts.fragment in ids[parts.path or page.name], f"{page.name}: {href}"

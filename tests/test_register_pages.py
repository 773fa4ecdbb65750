"""Register pages as reference works: labelled facts, links to authorities, occurrences in context."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from teitools.build import build_editions

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("registers")
    report = build_editions([ROOT / "tei"], formats=("html",), output_dir=output)
    assert not report.has_errors, report.diagnostics
    return output / "html"


def _entry(site: Path, page: str, identifier: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / page)).getroot().get_element_by_id(identifier)


def _fields(entry: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    fields = entry.find_class("entry-fields")
    if not fields:
        return {}
    terms = fields[0].findall("dt")
    return {term.text_content(): term.getnext() for term in terms}


def test_facts_are_labelled_and_authorities_linked(site: Path) -> None:
    town = _entry(site, "places.html", "pla-thi-xa-thai-nguyen")
    fields = _fields(town)
    assert fields["Type"].text_content() == "city"
    assert fields["Coordinates"].text_content() == "21.59422, 105.84817"
    assert fields["Coordinates"].find("a").get("href") == "https://www.geonames.org/1566319"
    assert fields["GeoNames"].find("a").get("href") == "https://www.geonames.org/1566319"
    assert "Thị xã Thái Nguyên" in fields["Other names"].text_content()


def test_occurrences_are_grouped_by_document_with_context_and_exact_links(site: Path) -> None:
    town = _entry(site, "places.html", "pla-thi-xa-thai-nguyen")
    groups = town.find_class("occurrences")[0].findall("li")
    assert len(groups) == 1
    group = groups[0]
    assert group.find_class("document-link")[0].text_content().startswith("Thái Nguyên với chiến dịch Biên giới")
    snippets = group.find_class("occurrence")
    count = int(re.search(r"\((\d+) occurrences?\)", group.find_class("occurrence-count")[0].text_content()).group(1))
    assert count == len(snippets) > 1
    page = lxml.html.parse(str(site / "thai-nguyen-voi-chien-dich-bien-gioi-1950.html")).getroot()
    for snippet in snippets:
        document, _, anchor = snippet.get("href").partition("#")
        assert document == "thai-nguyen-voi-chien-dich-bien-gioi-1950.html"
        target = page.get_element_by_id(anchor)
        name = snippet.find("mark").text_content()
        assert " ".join(target.text_content().split()) == name
        before = snippet.find_class("kwic-before")[0].text_content()
        after = snippet.find_class("kwic-after")[0].text_content()
        assert before.startswith("… ") or after.endswith(" …")
        # the context is the text around the occurrence on the document page
        block = " ".join(target.getparent().text_content().split())
        assert before.removeprefix("… ").strip().split()[-1:] == [] or before.removeprefix("… ").strip() in block


def test_documents_are_cited_by_title_not_by_number(site: Path) -> None:
    for page in ("persons.html", "places.html", "organisations.html", "events.html"):
        root = lxml.html.parse(str(site / page)).getroot()
        statements = root.find_class("entry-note") + root.find_class("entry-fields")
        assert statements
        for statement in statements:
            assert not re.search(r"\b00[024]\b", statement.text_content()), (page, statement.text_content())


def test_entries_are_not_tinted_in_the_entity_colour(site: Path) -> None:
    root = lxml.html.parse(str(site / "places.html")).getroot()
    for section in root.find_class("entry"):
        assert not any(name.startswith("ent-") for name in section.get("class").split())
        assert section.get("data-kind") == "place"


def test_the_index_page_is_the_front_door_of_the_edition(site: Path) -> None:
    root = lxml.html.parse(str(site / "index.html")).getroot()
    assert root.find(".//h1").text_content() == "Three Vietnamese texts on the resistance war, 1950–1954"
    assert root.find(".//title").text_content() == "Three Vietnamese texts on the resistance war, 1950–1954"
    introduction = root.find_class("introduction")[0].text_content()
    assert "three Vietnamese texts" in introduction
    entries = {article.find(".//h3").text_content(): article for article in root.find_class("document-entry")}
    assert len(entries) == 3
    article = entries["Thái Nguyên với chiến dịch Biên giới Thu - Đông năm 1950"]
    facts = {dt.text_content(): dt.getnext().text_content() for dt in article.find(".//dl").findall("dt")}
    assert facts["Author"] == "Đặng Văn Duy"
    assert facts["Source"] == ("THÁI NGUYÊN VỚI CHIẾN DỊCH BIÊN GIỚI THU - ĐÔNG NĂM 1950. "
                               "Đặng Văn Duy, Trường Đại học Khoa học - ĐH Thái Nguyên")
    abstract = article.find_class("abstract")[0].text_content()
    assert abstract.startswith("Thainguyen province is a vital strategic position")  # the corrected reading
    for article in entries.values():
        assert article.find_class("abstract"), "every document of tei/ has an abstract"


def test_the_document_metadata_is_a_compact_collapsible_panel(site: Path) -> None:
    root = lxml.html.parse(str(site / "thai-nguyen-voi-chien-dich-bien-gioi-1950.html")).getroot()
    panel = root.find_class("metadata-panel")[0]
    assert panel.tag == "details" and panel.find("summary") is not None
    labels = [dt.text_content() for dt in panel.iter("dt")]
    assert len(labels) == len(set(labels) - {"Identifier (seed)", "Identifier (teitools)"}) + 2  # "Language" once
    assert all(len(label.split()) <= 3 for label in labels)  # labels, not statements
    licence = next(dt for dt in panel.iter("dt") if dt.text_content() == "Licence").getnext()
    link = licence.find("a")
    assert link.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert len(link.text_content()) < len(licence.text_content()) / 3  # the link is the address, not the paragraph


def test_the_chronology_has_one_row_per_date_with_its_mentions_by_document(site: Path) -> None:
    root = lxml.html.parse(str(site / "chronology.html")).getroot()
    rows = root.xpath("//table[@class='chronology']/tbody/tr")
    labels = [row.findall("td")[0].text_content() for row in rows]
    assert len(labels) == len(set(labels)), "each date once"
    war = rows[labels.index("1945 – 1954")]
    mentions = war.find_class("mentions")
    assert len(mentions) == 1  # one document mentions it, named once
    links = [a for a in mentions[0].iter("a") if "#" in a.get("href", "")]
    assert len(links) == 4  # its four mentions, each linking to its place

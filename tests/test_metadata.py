"""Dublin Core from the teiHeader (xslt/metadata/dc.xsl, teitools.metadata).

The record of every seed document is compared field by field with what the test
reads from the header itself with lxml XPath.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.corpus import parse_document
from teitools.metadata import (
    DC_NS,
    OAI_DC_NS,
    DcValue,
    DublinCoreRecord,
    describe_documents,
    dublin_core,
    metadata_engine,
)
from teitools.xslt import XsltEngine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "deposit"
SEEDS = (
    ROOT / "tei" / "dong-xuan-1953-1954-va-dien-bien-phu.xml",
    ROOT / "tei" / "thai-nguyen-voi-chien-dich-bien-gioi-1950.xml",
    ROOT / "tei" / "ha-noi-chia-lua-voi-mat-tran-dien-bien-phu.xml",
)
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Elements whose text is not part of a value: the uncorrected reading and notes.
LEFT_OUT = {f"{{{NS['t']}}}{name}" for name in ("sic", "orig", "abbr", "note", "ptr")}


@pytest.fixture(scope="module")
def engine() -> XsltEngine:
    return metadata_engine()


# ----------------------------------------------------------------- an independent reading

def text_of(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in LEFT_OUT and etree.QName(child).localname not in skip:
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return " ".join("".join(pieces).split())


def lang_of(element: etree._Element) -> str | None:
    found = element.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    return str(found[0]) if found else None


def person(element: etree._Element) -> str:
    names = element.xpath("t:persName | t:name | t:orgName", namespaces=NS)
    return text_of(names[0]) if names else text_of(element, frozenset({"affiliation", "email"}))


def description(abstract: etree._Element) -> str:
    """The abstract's text with each ptr to '#id' replaced by the target's text (head left out)."""
    root = abstract.getroottree()
    copy = etree.fromstring(etree.tostring(abstract))
    for pointer in copy.xpath(".//t:ptr", namespaces=NS):
        target = pointer.get("target", "")
        found = root.xpath("//*[@xml:id = $id]", id=target[1:]) if target.startswith("#") else []
        replacement = " " + text_of(found[0], frozenset({"head"})) if found else ""
        pointer.tail = replacement + (pointer.tail or "")
    return text_of(copy, frozenset({"head"}))


def expected_record(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    tree = etree.parse(str(path))
    file = tree.find("t:teiHeader/t:fileDesc", NS)
    profile = tree.find("t:teiHeader/t:profileDesc", NS)
    titles = file.findall("t:titleStmt/t:title", NS)
    main = ([t for t in titles if t.get("type") == "main"]
            + [t for t in titles if t.get("type") in (None, "supplied")] + titles)[0]
    contributors = []
    for editor in file.xpath("(t:titleStmt | t:editionStmt)/t:editor", namespaces=NS):
        contributors.append((f"{person(editor)} ({editor.get('role') or 'editor'})", None))
    for statement in file.xpath("(t:titleStmt | t:editionStmt)/t:respStmt", namespaces=NS):
        resps = statement.findall("t:resp", NS)
        role = "; ".join(text_of(r) for r in resps)
        for name in statement.xpath("t:persName | t:orgName | t:name", namespaces=NS):
            contributors.append((f"{text_of(name)} ({role})", lang_of(resps[0]) if resps else None))
    dates = [d.get("when") or text_of(d) for d in file.xpath(
        "t:publicationStmt/t:date | t:sourceDesc//t:date[not(ancestor::t:note)]", namespaces=NS)]
    sources: list[tuple[str, str | None]] = []
    for bibl in file.findall("t:sourceDesc/t:bibl", NS):
        parts = bibl.xpath(".//*[not(ancestor-or-self::t:note) and not(ancestor-or-self::t:affiliation)]",
                           namespaces=NS)
        local = [etree.QName(p).localname for p in parts]
        authors = ", ".join(person(p) for p, n in zip(parts, local) if n in ("author", "editor"))
        imprint = ", ".join(text_of(p) for p, n in zip(parts, local)
                            if n in ("pubPlace", "publisher", "date", "biblScope"))
        citation = [authors] + [text_of(p) for p, n in zip(parts, local) if n == "title"] + [imprint]
        sources.append((". ".join(c for c in citation if c), lang_of(bibl)))
        urls = [p.get("target") for p, n in zip(parts, local) if n in ("ptr", "ref")
                and (p.get("target") or "").startswith(("http://", "https://"))]
        sources.extend((url, None) for url in dict.fromkeys(urls))
    sources.extend((text_of(p), lang_of(p)) for p in file.findall("t:sourceDesc/t:p", NS))
    rights: list[tuple[str, str | None]] = []
    for availability in file.findall("t:publicationStmt/t:availability", NS):
        for licence in availability.findall("t:licence", NS):
            rights += [(text_of(licence), lang_of(licence)), (licence.get("target"), None)]
        rights += [(text_of(p), lang_of(p)) for p in availability.findall("t:p", NS)]
    abstracts = profile.findall("t:abstract", NS) if profile is not None else []
    languages = profile.xpath("t:langUsage/t:language/@ident", namespaces=NS) if profile is not None else []
    terms = profile.xpath("t:textClass/t:keywords/t:term", namespaces=NS) if profile is not None else []
    return {
        "title": [(text_of(t), lang_of(t)) for t in [main] + [t for t in titles if t is not main]],
        "creator": [(person(a), None) for a in file.findall("t:titleStmt/t:author", NS)],
        "subject": [(text_of(t), lang_of(t)) for t in terms],
        "description": [(description(a), lang_of(a)) for a in abstracts],
        "publisher": [(text_of(p), None) for p in file.findall("t:publicationStmt/t:publisher", NS)],
        "contributor": contributors,
        "date": [(d, None) for d in dates],
        "type": [("Text", None)],
        "format": [("application/tei+xml", None)],
        "identifier": [(i, None) for i in dict.fromkeys(text_of(i) for i in
                                                         file.findall("t:publicationStmt/t:idno", NS))],
        "source": sources,
        "language": [(str(code), None) for code in dict.fromkeys(languages)] or [(tree.getroot().get(XML_LANG), None)],
        "rights": rights,
    }


def as_pairs(record: DublinCoreRecord, element: str) -> list[tuple[str, str | None]]:
    return [(value.text, value.lang) for value in record.values(element)]


# ----------------------------------------------------------------- tests

@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_dublin_core_of_each_seed_matches_its_header(path: Path, engine: XsltEngine) -> None:
    if not path.is_file():
        pytest.skip(f"{path.name} is not encoded yet")
    document = parse_document(path).document
    assert document is not None
    record = dublin_core(document, engine)
    expected = expected_record(path)
    for element, values in expected.items():
        assert as_pairs(record, element) == values, element
    for element in ("relation", "coverage"):
        assert record.values(element) == ()
    # fields the issue names are never empty for the seeds
    for element in ("title", "date", "language", "subject", "description", "source", "rights", "identifier"):
        assert record.values(element), element
    assert any(value.text.endswith(".txt") for value in record.identifier), "the seed file name is an identifier"


def test_description_follows_only_in_document_pointers(engine: XsltEngine) -> None:
    document = parse_document(FIXTURES / "abstract-pointers.xml").document
    assert document is not None
    record = dublin_core(document, engine)
    assert as_pairs(record, "description") == [
        ("Summary: The text of the abstract. Loop end.", "vi")]
    assert as_pairs(record, "contributor") == [("Anna Editor (translator)", None)]
    assert as_pairs(record, "source") == [("A. Writer. A book. Huế, Nhà xuất bản, 1960", "en"),
                                          ("https://example.org/book", None)]
    assert as_pairs(record, "date") == [("1960", None)]
    assert as_pairs(record, "language") == [("en", None)]


def test_record_serialisations_agree(engine: XsltEngine) -> None:
    document = parse_document(SEEDS[1] if SEEDS[1].is_file() else FIXTURES / "abstract-pointers.xml").document
    assert document is not None
    record = dublin_core(document, engine)
    root = etree.fromstring(record.as_oai_dc_xml().encode("utf-8"))
    assert root.tag == f"{{{OAI_DC_NS}}}dc"
    from_xml = [(etree.QName(e).localname, e.text, e.get(XML_LANG)) for e in root]
    assert all(etree.QName(e).namespace == DC_NS for e in root)
    from_record = [(name, v.text, v.lang) for name in record.element_names() for v in record.values(name)]
    assert from_xml == from_record
    from_json = json.loads(record.as_json())
    assert from_json["title"][0] == {"value": record.title[0].text, "lang": record.title[0].lang}
    assert from_json["type"] == [{"value": "Text"}]


def test_describe_documents_reports_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><teiHeader>", encoding="utf-8")
    report = describe_documents([FIXTURES / "abstract-pointers.xml", broken])
    assert [d.record.first("title") for d in report.documents] == ["Pointer test"]
    assert report.diagnostics and report.diagnostics[0].file == str(broken)
    assert int(report.exit_status) == 1
    single = etree.fromstring(report.as_oai_dc_xml().encode("utf-8"))
    assert single.tag == f"{{{OAI_DC_NS}}}dc", "one record is printed bare"
    several = describe_documents([FIXTURES / "abstract-pointers.xml", FIXTURES / "hostile-slug.xml"])
    wrapped = etree.fromstring(several.as_oai_dc_xml().encode("utf-8"))
    assert [r.get("file") for r in wrapped] == [str(FIXTURES / "abstract-pointers.xml"),
                                                str(FIXTURES / "hostile-slug.xml")]
    assert all(r[0].tag == f"{{{OAI_DC_NS}}}dc" for r in wrapped)
    assert json.loads(report.as_json())[0]["dc"]["publisher"] == [{"value": "Test press"}]


def test_record_rejects_unknown_element_names() -> None:
    with pytest.raises(KeyError):
        DublinCoreRecord(title=(DcValue("x"),)).values("author")


def test_metadata_command_prints_the_same_record() -> None:
    from teitools.cli import cli

    if "metadata" not in cli.commands:
        pytest.skip("the metadata command is not registered in teitools.cli yet")
    path = FIXTURES / "abstract-pointers.xml"
    result = CliRunner().invoke(cli, ["metadata", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(describe_documents([path]).as_json())

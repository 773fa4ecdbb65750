"""The order of sorted lists: the Unicode Collation Algorithm by ICU (teitools.collation), tailored to the
language, whose keys the stylesheets look up (xslt/common/collation.xsl) for register pages, the print index,
the ePub's registers and the chronology."""

from __future__ import annotations

import random
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from teitools.build import build_editions
from teitools.collation import sort_key
from teitools.render.sorting import sort_keys
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

ROOT = Path(__file__).resolve().parent.parent

VIETNAMESE = ["à", "an", "Anh", "ăn", "ân", "Ba Hàng", "Bá Vân", "Bản Kéo", "Dương", "Đà Nẵng", "Đường số 1",
              "đường số 4", "đường số 19", "ma", "mà", "mả", "mã", "má", "mạ", "On", "Ô Lâu", "Ơn", "Uông Bí", "Ưng",
              "Việt Nam", "Việt Nam học xá", "Zebra"]
GERMAN = ["Abend", "Äbte", "Affe", "Maß", "Masse", "Mast", "Ober", "Ölberg", "Oz", "Szene 2", "Szene 10", "Zoll"]


def _shuffled(names: list[str]) -> list[str]:
    shuffled = list(names)
    random.Random(7).shuffle(shuffled)
    assert shuffled != names
    return shuffled


def _collated(names: list[str], language: str) -> list[str]:
    return sorted(_shuffled(names), key=lambda name: sort_key(name, language))


def test_vietnamese_letters_tones_words_and_numbers() -> None:
    assert _collated(VIETNAMESE, "vi") == VIETNAMESE


def test_german_umlauts_eszett_and_numbers() -> None:
    assert _collated(GERMAN, "de") == GERMAN
    assert _collated(GERMAN, "de-DE") == GERMAN


def test_vietnamese_tailoring_applies_only_to_vietnamese() -> None:
    # untailored, ă is a with a breve (a difference of the second level): it sorts among the a's
    assert _collated(["Aa", "Ăa", "Az"], "en") == ["Aa", "Ăa", "Az"]
    assert _collated(["Aa", "Az", "Ăa"], "vi") == ["Aa", "Az", "Ăa"]


def test_every_script_has_its_place_without_a_language() -> None:
    # the DUCET: Latin, then Greek, then Cyrillic; accents and case after the letters
    names = ["ábc", "Abd", "Zebra", "Άλφα", "Βήτα", "Ωμέγα", "Борис", "Яков"]
    assert _collated(names, "") == names
    assert _collated(names, "x-unknown-tag") == names
    assert _collated(names, "<not a tag & \"quoted\">") == names


def test_space_and_case_differences_are_kept_apart() -> None:
    assert _collated(["X 1", "x 2", "x 19", "xa"], "en") == ["X 1", "x 2", "x 19", "xa"]
    assert sort_key("Việt  Nam\n", "vi") == sort_key("Việt Nam", "vi")
    assert sort_key("việt nam", "vi") != sort_key("Việt Nam", "vi")


SORTER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tt="urn:teitools" exclude-result-prefixes="#all">
  <xsl:import href="{common}"/>
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="list/item">
      <xsl:sort select="tt:collation-key(string(.), string(../@lang))"/>
      <xsl:value-of select="."/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


def test_the_stylesheets_sort_by_the_keys_they_are_handed(tmp_path: Path) -> None:
    sorter = tmp_path / "sorter.xsl"
    sorter.write_text(SORTER.format(common=stylesheet_path("common", "common.xsl").as_uri()), encoding="utf-8")
    engine = XsltEngine([sorter])
    items = etree.Element("list", lang="de")
    for name in _shuffled(GERMAN):
        etree.SubElement(items, "item").text = name
    keys = sort_keys(("de", name) for name in GERMAN)
    sorted_names = engine.transform(engine.stylesheet(sorter), items, {"sort-keys": keys}).output.splitlines()
    assert sorted_names == GERMAN
    # without keys (no build hands none) the order would be the code points': the keys decide
    assert engine.transform(engine.stylesheet(sorter), items).output.splitlines() == sorted(GERMAN)


TEI = "http://www.tei-c.org/ns/1.0"
REGISTER = f"""<TEI xmlns="{TEI}" xml:lang="de"><teiHeader><fileDesc><titleStmt><title>Orte</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<standOff><listPlace>
  <place xml:id="oz"><placeName>Oz</placeName></place>
  <place xml:id="zell"><placeName>Zell</placeName></place>
  <place xml:id="oelberg"><placeName>Ölberg</placeName></place>
  <place xml:id="fluss" sortKey="Main"><placeName>Fluss Main</placeName></place>
  <place xml:id="abend"><placeName>Abendberg</placeName></place>
</listPlace></standOff><text><body><p/></body></text></TEI>"""
DOCUMENT = f"""<TEI xmlns="{TEI}" xml:lang="de"><teiHeader><fileDesc><titleStmt><title>Reise</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc><particDesc><listPerson>
  <person xml:id="zoe"><persName>Zoë</persName></person>
  <person xml:id="aebte"><persName>Äbte</persName></person>
  <person xml:id="affe"><persName>Affe</persName></person>
</listPerson></particDesc></profileDesc></teiHeader>
<text><body><p><persName ref="#zoe">Zoë</persName>, <persName ref="#affe">Affe</persName> und
<persName ref="#aebte">Äbte</persName> reisten von <placeName ref="registers/places.xml#zell">Zell</placeName> über
<placeName ref="registers/places.xml#oz">Oz</placeName>, den <placeName ref="registers/places.xml#fluss">Fluss
Main</placeName> und <placeName ref="registers/places.xml#oelberg">Ölberg</placeName> nach
<placeName ref="registers/places.xml#abend">Abendberg</placeName>.</p></body></text></TEI>"""
PLACES_IN_ORDER = ["Abendberg", "Fluss Main", "Ölberg", "Oz", "Zell"]
PERSONS_IN_ORDER = ["Äbte", "Affe", "Zoë"]


def _in_order(text: str, names: list[str]) -> bool:
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


@pytest.mark.slow
def test_register_page_epub_and_print_index_follow_the_collation_and_sort_key(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "registers").mkdir(parents=True)
    (corpus / "registers" / "places.xml").write_text(REGISTER, encoding="utf-8")
    (corpus / "reise.xml").write_text(DOCUMENT, encoding="utf-8")
    output = tmp_path / "out"
    report = build_editions([corpus], formats=("html", "epub", "pdf"), output_dir=output)
    assert not report.has_errors, report.diagnostics

    page = lxml.html.parse(str(output / "html" / "places.html")).getroot()
    labels = [section.find_class("entry-label")[0].find("strong").text_content() for section in page.find_class("entry")]
    assert labels == PLACES_IN_ORDER  # "Fluss Main" under M (its @sortKey); Ö with O, before Oz (German)

    with zipfile.ZipFile(output / "epub" / "reise.epub") as book:
        registers = etree.fromstring(book.read("EPUB/registers.xhtml"))
    headings = ["".join(h.itertext()) for h in registers.iter("{http://www.w3.org/1999/xhtml}h3")]
    assert headings == PERSONS_IN_ORDER + PLACES_IN_ORDER  # the document's own persons too

    text = subprocess.run(["pdftotext", "-layout", str(output / "pdf" / "reise.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    index = text[text.rindex("Register"):] if "Register" in text else text[text.rindex("Index"):]
    assert _in_order(index, PERSONS_IN_ORDER) and _in_order(index, PLACES_IN_ORDER)


@pytest.mark.slow
def test_the_places_of_the_edition_are_in_vietnamese_order(tmp_path: Path) -> None:
    output = tmp_path / "out"
    report = build_editions([ROOT / "tei"], formats=("html",), output_dir=output)
    assert not report.has_errors
    page = lxml.html.parse(str(output / "html" / "places.html")).getroot()
    names = [section.find_class("entry-label")[0].find("strong").text_content() for section in page.find_class("entry")]
    assert names.index("Việt Nam") == names.index("Việt Nam học xá") - 1
    assert names.index("Đường số 1") < names.index("đường số 4") < names.index("đường số 5") < names.index("đường số 19")
    assert names.index("Ba Hàng") < names.index("Bá Vân") < names.index("Bản Kéo") < names.index("Bắc Bộ")
    assert names.index("Đa Phúc") < names.index("Đại Từ") < names.index("Đèo Nhe") < names.index("Geneva")
    assert names == sorted(names, key=lambda name: sort_key(name, "vi"))

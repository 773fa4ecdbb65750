"""The order of sorted lists (xslt/common/collation.xsl): register pages, the print index, the chronology."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from teitools.build import build_editions
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

ROOT = Path(__file__).resolve().parent.parent

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


@pytest.fixture(scope="module")
def sort_names(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("collation")
    sorter = folder / "sorter.xsl"
    sorter.write_text(SORTER.format(common=stylesheet_path("common", "common.xsl").as_uri()), encoding="utf-8")
    engine = XsltEngine([sorter])

    def run(names: list[str], language: str) -> list[str]:
        shuffled = list(names)
        random.Random(7).shuffle(shuffled)
        items = etree.Element("list", lang=language)
        for name in shuffled:
            etree.SubElement(items, "item").text = name
        return engine.transform(engine.stylesheet(sorter), items).output.splitlines()

    return run


VIETNAMESE = ["à", "an", "Anh", "ăn", "ân", "Ba Hàng", "Bá Vân", "Bản Kéo", "Dương", "Đà Nẵng", "Đường số 1",
              "đường số 4", "đường số 19", "ma", "mà", "mả", "mã", "má", "mạ", "On", "Ô Lâu", "Ơn", "Uông Bí", "Ưng",
              "Việt Nam", "Việt Nam học xá", "Zebra"]
GERMAN = ["Abend", "Äbte", "Affe", "Maß", "Masse", "Mast", "Ober", "Ölberg", "Oz", "Szene 2", "Szene 10", "Zoll"]


def test_vietnamese_letters_tones_words_and_numbers(sort_names) -> None:  # type: ignore[no-untyped-def]
    assert sort_names(VIETNAMESE, "vi") == VIETNAMESE


def test_german_umlauts_eszett_and_numbers(sort_names) -> None:  # type: ignore[no-untyped-def]
    assert sort_names(GERMAN, "de") == GERMAN


def test_vietnamese_tailoring_applies_only_to_vietnamese(sort_names) -> None:  # type: ignore[no-untyped-def]
    # untailored, ă is a with a breve (a difference of the second level): it sorts among the a's
    assert sort_names(["Az", "Ăa", "Aa"], "en") == ["Aa", "Ăa", "Az"]
    assert sort_names(["Az", "Ăa", "Aa"], "vi") == ["Aa", "Az", "Ăa"]


@pytest.mark.slow
def test_register_pages_and_the_print_index_are_in_collation_order(tmp_path: Path) -> None:
    output = tmp_path / "out"
    report = build_editions([ROOT / "tei"], formats=("html",), output_dir=output)
    assert not report.has_errors
    page = lxml.html.parse(str(output / "html" / "places.html")).getroot()
    names = [section.find_class("entry-label")[0].find("strong").text_content() for section in page.find_class("entry")]
    assert names.index("Việt Nam") == names.index("Việt Nam học xá") - 1
    assert names.index("Đường số 1") < names.index("đường số 4") < names.index("đường số 5") < names.index("đường số 19")
    assert names.index("Ba Hàng") < names.index("Bá Vân") < names.index("Bản Kéo") < names.index("Bắc Bộ")
    assert names.index("Đa Phúc") < names.index("Đại Từ") < names.index("Đèo Nhe") < names.index("Geneva")

"""Layout details of the editions (issue 12, item 4), on the project's own edition in every format."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pytest

from teitools.build import build_editions

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "thai-nguyen-voi-chien-dich-bien-gioi-1950"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("layout")
    report = build_editions([ROOT / "tei"], formats=("html", "txt", "pdf"), output_dir=output)
    assert not report.has_errors, report.diagnostics
    return output


def _pdf_text(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_quotation_run_into_a_paragraph_keeps_its_citation_and_full_stop(built: Path) -> None:
    page = lxml.html.parse(str(built / "html" / f"{ARTICLE}.html")).getroot()
    assert not page.findall(".//blockquote"), "the article's quotations are run into their paragraphs"
    citation = next(a for a in page.iter("a") if a.get("href") == "#wc-1")
    paragraph = citation.getparent()
    while paragraph.tag != "p":
        paragraph = paragraph.getparent()
    assert "Việt Bắc” [1, tr. 83]." in " ".join(paragraph.text_content().split())
    text = (built / "txt" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    assert "Bắc” [1, tr. 83]." in text
    assert not re.search(r"\n\n[.,;:]", text), "no line of the text edition starts a paragraph with punctuation"
    pdf = _pdf_text(built / "pdf" / f"{ARTICLE}.pdf")
    assert "Việt Bắc” [1, tr. 83]." in pdf
    assert not re.search(r"\n\s*\.\s*\n", pdf)


def test_works_cited_are_numbered_in_the_text_edition(built: Path) -> None:
    text = (built / "txt" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    for number in (1, 2, 3):
        assert re.search(rf"^\[{number}\] Source no\. {number} of the article", text, re.M), number


def test_the_parts_of_a_source_description_are_punctuated(built: Path) -> None:
    text = (built / "txt" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    source = " ".join(text[text.index("Source:"):].split("\n\n")[0].split())
    assert source == ("Source: THÁI NGUYÊN VỚI CHIẾN DỊCH BIÊN GIỚI THU - ĐÔNG NĂM 1950. "
                      "Đặng Văn Duy, Trường Đại học Khoa học - ĐH Thái Nguyên")
    title_page = " ".join(_pdf_text(built / "pdf" / f"{ARTICLE}.pdf", "-l", "1").split())
    assert "NĂM 1950. Đặng Văn Duy, Trường Đại học Khoa học - ĐH Thái Nguyên Một bài báo khoa học" in title_page


def test_copied_pdf_text_has_no_invisible_characters(built: Path) -> None:
    for pdf in (built / "pdf").glob("*.pdf"):
        text = _pdf_text(pdf)
        assert not re.search("[\u200b-\u200d\u2060\ufeff]", text), pdf.name


def test_running_heads_hold_one_line_and_title_pages_keep_names_whole(built: Path) -> None:
    pdf = built / "pdf" / f"{ARTICLE}.pdf"
    head = _pdf_text(pdf, "-f", "4", "-l", "4").splitlines()[0]
    assert head == "Thái Nguyên với chiến dịch Biên giới Thu - Đông …"
    title_page = _pdf_text(built / "pdf" / "dong-xuan-1953-1954-va-dien-bien-phu.pdf", "-l", "1").splitlines()
    assert any("Điện Biên Phủ" in line for line in title_page[:3])
    assert not any(line.rstrip().endswith(("Điện", "Biên")) for line in title_page[:3])


def test_title_pages_are_in_the_language_of_the_text(built: Path) -> None:
    # the header gives its statements in English and Vietnamese (xml:lang): the Vietnamese title page takes the
    # Vietnamese ones under its Vietnamese labels, the English panel of the HTML page the English ones
    for pdf in (built / "pdf").glob("*.pdf"):
        title_page = " ".join(_pdf_text(pdf, "-l", "1").split())
        assert "Trách nhiệm Mã hoá TEI" in title_page, pdf.name
        assert "Giấy phép Phần mã hoá" in title_page, pdf.name
        for english in ("TEI encoding", "licensed under", "Rights in the source", "A TEI P5 edition", "seed file"):
            assert english not in title_page, (pdf.name, english)
    panel = lxml.html.parse(str(built / "html" / f"{ARTICLE}.html")).getroot().find_class("metadata-panel")[0]
    text = " ".join(" ".join(panel.itertext()).split())
    assert "Responsibility teitools project: TEI encoding" in text and "Licence The encoding" in text
    assert "Mã hoá TEI" not in text and "Phần mã hoá" not in text and "Ấn bản TEI P5" not in text

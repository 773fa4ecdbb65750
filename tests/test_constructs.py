"""Every element's text in every format (issue 10, item 4): one fixture, tests/fixtures/constructs/constructs.xml,
built in html, txt and pdf; each test asserts what one construct becomes in each format."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from edition_words import reading_words, text_words
from teitools.build import build_editions

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "constructs"
MATHML = "http://www.w3.org/1998/Math/MathML"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    corpus = tmp_path_factory.mktemp("corpus") / "constructs"
    shutil.copytree(FIXTURE, corpus)
    output = tmp_path_factory.mktemp("out")
    report = build_editions([corpus], ["html", "txt", "pdf"], output)
    assert not report.has_errors, report.diagnostics
    page = html.parse(str(output / "html" / "constructs.html")).getroot()
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(output / "pdf" / "constructs.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    return {"report": report, "output": output, "page": page, "html": page.find("body").text_content(),
            "txt": (output / "txt" / "constructs.txt").read_text("utf-8"), "pdf": " ".join(pdf_text.split()),
            "source": corpus / "constructs.xml"}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_name_parts_are_set_apart_in_every_format(built: dict) -> None:
    for fmt in ("html", "txt", "pdf"):
        text = _flat(built[fmt])
        assert "Charles Dickens" in text, fmt
        assert "Sir Walter van Scott Jr Wizard" in text, fmt
        assert "CharlesDickens" not in text, fmt
    assert "Author: Charles Dickens" in built["txt"]


@pytest.mark.slow
def test_a_note_keeps_its_list_and_paragraph(built: dict) -> None:
    notes_part = built["txt"][built["txt"].index("\nNotes\n"):]
    for word in ("Notebook", "alpha", "beta", "gamma"):
        assert word in notes_part
    assert text_words(built["html"][built["html"].rindex("Notebook"):])[:5] == ["notebook", "items", "alpha", "beta", "gamma"]
    assert "alpha" in built["pdf"] and "gamma paragraph" in built["pdf"]
    for fmt in ("html", "txt", "pdf"):  # a note inside a note: in parentheses where it is
        assert "gamma paragraph (delta inner)" in _flat(built[fmt]), fmt
    # an apparatus entry in a note: its variant in the apparatus (txt, html) or in parentheses (pdf)
    assert "[a] noted] annotated (wB)" in built["txt"]
    assert "a noted] annotated wB" in _flat(built["html"])
    assert "noted (annotated wB)" in built["pdf"]


@pytest.mark.slow
def test_choice_shows_the_reading_and_keeps_the_original(built: dict) -> None:
    for fmt in ("txt", "pdf"):
        text = _flat(built[fmt])
        without_marks = re.sub(r"(?<=\w) ?\d+(?=[ ,.])", "", text)  # footnote marks of the PDF
        assert "A correction, an regular spelling, an Doctor, and nested Yuletide words" in without_marks, fmt
    assert "mistak" not in built["txt"]
    assert "sic: mistak" in built["pdf"] and "abbr: Xmas" in built["pdf"]  # the originals in footnotes
    choices = built["page"].xpath("//span[contains(@class, 'choice')]")
    assert {c.get("data-original") for c in choices} >= {"mistak", "olde", "Dr.", "Christmas"}


@pytest.mark.slow
def test_apparatus_lemma_in_text_variants_with_witnesses(built: dict) -> None:
    txt = built["txt"]
    assert "The lemma[b] reading and first[c] without lemma." in _flat(txt)
    assert "variant" not in txt[:txt.index("\nApparatus\n=")]  # the heading of the text is "Apparatus" too
    apparatus = txt[txt.rindex("\nApparatus\n"):]
    assert "[b] lemma (wA)] variant (wB)" in apparatus and "[c] first (wA)] second (wB)" in apparatus
    assert "lemma wA] variant wB" in built["pdf"] and "first wA] second wB" in built["pdf"]
    entry = built["page"].xpath("//span[@class='app'][@id='app-b']")[0]
    assert entry.get("title") == "variant (wB)"
    assert entry.xpath("string(span[@class='lem'])") == "lemma"
    listed = built["page"].xpath("string(//li[@id='appnote-b'])")
    assert "variant" in listed and "wB" in listed


@pytest.mark.slow
def test_formula_mathml_in_html_text_elsewhere(built: dict) -> None:
    maths = built["page"].xpath("//*[local-name()='math']")
    assert len(maths) == 1
    raw = (built["output"] / "html" / "constructs.html").read_text("utf-8")
    assert re.search(r"<math[^>]*>.*<msup>\s*<mi>c</mi>\s*<mn>2</mn>\s*</msup>", raw, re.S)
    assert "E = m c^2" in built["txt"] and "E = m c^2" in built["pdf"]  # factors apart, powers with ^
    assert "a^2+b^2" in built["txt"] and "a^2+b^2" in built["pdf"]
    assert "formula" not in " ".join(d.message for d in built["report"].diagnostics)


@pytest.mark.slow
def test_images_beside_the_document_are_copied_and_placed_others_are_placeholders(built: dict) -> None:
    output = built["output"]
    images = built["page"].xpath("//img[@class='graphic']")
    assert [i.get("src") for i in images] == ["media/constructs/image-2.png"]
    assert (output / "html" / "media" / "constructs" / "image-2.png").read_bytes() == (FIXTURE / "beside.png").read_bytes()
    assert not list(output.rglob("outside.png"))
    for fmt in ("html", "txt", "pdf"):
        assert "missing.png" in built[fmt] and "../outside.png" in built[fmt], fmt
    listing = subprocess.run(["pdfimages", "-list", str(output / "pdf" / "constructs.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r"\bimage\s+8\s+4\b", listing)  # beside.png, 8 x 4 pixels
    warned = [d for d in built["report"].diagnostics if d.rule == "build.image-not-local"]
    assert sorted(d.message.split("'")[1] for d in warned) == ["../outside.png", "fake.png", "missing.png"]
    # a file that is not the image its name says: a placeholder, never copied, never given to Typst
    assert not (output / "html" / "media" / "constructs" / "image-3.png").exists()
    for fmt in ("html", "pdf"):
        assert "image: fake.png" in built[fmt], fmt
    assert all(d.line > 0 for d in warned)


@pytest.mark.slow
def test_the_head_of_a_figure_is_its_caption_not_a_heading(built: dict) -> None:
    page = built["page"]
    assert page.xpath("//figure/p[contains(@class, 'figure-title')]/text()") == ["Outside", "A missing image"]
    assert "Outside" not in page.xpath("string(//nav[@class='toc'])")
    assert "\nOutside\n=" not in built["txt"] and "    Outside" in built["txt"]


@pytest.mark.slow
def test_binary_object_is_never_its_base64_text(built: dict) -> None:
    for fmt in ("html", "txt", "pdf"):
        assert "JVBERi0xLjQK" not in built[fmt] and "iVBORw0KGgo" not in built[fmt], fmt
        assert "embedded application/pdf" in built[fmt], fmt
    (img,) = built["page"].xpath("//img[@class='binary-object']")
    assert img.get("src").startswith("data:image/png;base64,iVBORw0KGgo")


@pytest.mark.slow
def test_page_breaks_link_their_page_image(built: dict) -> None:
    (link,) = built["page"].xpath("//a[contains(@class, 'facs')]")
    assert link.get("href") == "media/constructs/image-1.png" and link.text == "[1]"
    assert (built["output"] / "html" / "media" / "constructs" / "image-1.png").exists()
    assert built["page"].xpath("//section[@class='facsimile']//a/@href") == ["media/constructs/image-1.png"]


@pytest.mark.slow
def test_transcription_marks_diplomatic_in_html_reading_text_elsewhere(built: dict) -> None:
    page = built["page"]
    assert page.xpath("string(//del[contains(@class, 'deletion')])") == "⟦struck⟧"  # the brackets: for copies only
    assert page.xpath("//ins[contains(@class, 'addition')]/@title") == ["added (above)"]
    assert page.xpath("//span[@class='gap']/@title") == ["text not given by the source: illegible, 2 words"]
    assert page.xpath("//span[@class='space']/@title") == ["space left blank in the source: 3 chars"]
    assert page.xpath("//span[contains(@class, 'unclear')]/@title") == ["unclear faded"]
    for fmt in ("txt", "pdf"):
        text = _flat(built[fmt])
        assert "One [… illegible, 2 words] two three faint [added] inserted after end linebroken and line break." in text \
            or "One […] two three faint [added] inserted after end linebroken and line break." in text, fmt
        assert "struck" not in text and "before" not in text, fmt
    assert "linebroken" in _flat(built["html"]) and "line break" in _flat(built["html"])


@pytest.mark.slow
def test_every_word_of_the_reading_text_is_in_every_format(built: dict) -> None:
    source = etree.parse(str(built["source"])).getroot()
    for formula in source.iter("{http://www.tei-c.org/ns/1.0}formula"):  # its text is "E = m c^2": see the formula test
        formula.getparent().remove(formula)
    body, notes = reading_words(source)
    for fmt in ("html", "txt", "pdf"):
        words = text_words(built[fmt])
        position = 0
        for word in body:
            assert word in words[position:], (fmt, word)
            position = words.index(word, position) + 1
        assert set(notes) <= set(words), fmt


@pytest.mark.slow
def test_no_unknown_element_warning_for_the_known_constructs(built: dict) -> None:
    assert [d for d in built["report"].diagnostics if d.rule == "build.unknown-element"] == []


def test_mathml_is_copied_without_links_scripts_or_foreign_markup(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "maths.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>M</title></titleStmt>'
        '<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>'
        '<text><body><p>Bad <formula><math xmlns="http://www.w3.org/1998/Math/MathML">'
        '<mi href="javascript:alert(1)" onclick="x()" mathvariant="bold">x</mi><script>alert(2)</script>'
        '<annotation-xml><div xmlns="http://www.w3.org/1999/xhtml">html</div></annotation-xml></math></formula> end.</p>'
        '</body></text></TEI>', encoding="utf-8")
    report = build_editions([corpus], ["html"], tmp_path / "out")
    assert not report.has_errors
    page = (tmp_path / "out" / "html" / "maths.html").read_text("utf-8")
    formula = page[page.index('<span class="formula'):page.index("</math>")]
    assert '<mi mathvariant="bold">x</mi>' in formula
    for unwanted in ("javascript", "onclick", "<script", "<div", "html</"):
        assert unwanted not in formula, unwanted
    assert "alert(2)" in formula  # the text of an element that is not MathML is kept, as text


@pytest.mark.slow
def test_interpretative_annotations_keep_their_words_in_parentheses(built: dict) -> None:
    for fmt in ("html", "txt", "pdf"):
        assert "An annotated passage. (a marginal gloss) (satirical tone) Done." in _flat(built[fmt]), fmt

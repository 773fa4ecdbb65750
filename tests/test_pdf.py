"""The print edition: TEI → Typst → PDF/A-3b, checked with poppler-utils and pypdf."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from teitools.corpus import parse_document
from teitools.namespaces import TEI_NS
from teitools.render.base import UNKNOWN_ELEMENT_RULE, EditionSource
from teitools.render.pdf_edition import (
    STYLESHEET,
    PdfEdition,
    attachment_name,
    bundled_coverage,
    render_pdf_edition,
)
from teitools.render.pdf_typst import compile_pdf
from teitools.xslt import XsltEngine

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tei"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
SHARED_PLAYS = ROOT.parent / "shared" / "corpora" / "gerdracor-sample"
PLAYS = ("schiller-wallensteins-lager.xml", "wagner-parsifal.xml", "lenz-der-englaender.xml")
SHARED_TESTS = ROOT.parent / "shared" / "corpora" / "tei-p5-tests"
SCREENSHOTS = ROOT / "output" / "screenshots"
T = f"{{{TEI_NS}}}"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@lru_cache(maxsize=1)
def engine() -> XsltEngine:
    from teitools.render.pdf import PdfRenderer

    return XsltEngine(PdfRenderer().stylesheets)


@lru_cache(maxsize=1)
def registers() -> etree._ElementTree:
    """The corpus registers as the $registers parameter (tt:registers with tt:href)."""
    holder = etree.Element("{urn:teitools}registers", nsmap={"tt": "urn:teitools"})
    for path in sorted((CORPUS / "registers").glob("*.xml")):
        parsed = parse_document(path).document
        if parsed is not None:
            root = parsed.root
            root.set("{urn:teitools}href", f"registers/{path.name}")
            holder.append(root)
    return etree.ElementTree(holder)


def edition_source(path: Path) -> EditionSource:
    document = parse_document(path).document
    assert document is not None
    href = path.relative_to(CORPUS).as_posix() if path.is_relative_to(CORPUS) else path.name
    return EditionSource(path=path, name=href, slug=path.stem, document=document)


@lru_cache(maxsize=None)
def edition(path: Path) -> PdfEdition:
    return render_pdf_edition(engine(), edition_source(path), registers=registers(),
                              coverage=coverage(), timestamp=1_700_000_000)


@lru_cache(maxsize=1)
def coverage():  # type: ignore[no-untyped-def]
    return bundled_coverage()


def pdf_file(path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = edition(path)
    assert result.pdf is not None, [d.message for d in result.diagnostics]
    target = tmp_path_factory.mktemp("pdf") / (path.stem + ".pdf")
    target.write_bytes(result.pdf)
    return target


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", text.replace("\u00ad\n", "").replace("\u00ad", ""))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFC", text))


def _hidden_alternative(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == T + "choice" and element.tag in (T + "sic", T + "orig", T + "abbr")


def reading_words(path: Path) -> tuple[list[str], list[str]]:
    """Words of the text in reading order, and the words printed elsewhere (notes, originals)."""
    root = etree.parse(str(path)).getroot()
    main: list[str] = []
    elsewhere: list[str] = []

    def walk(element: etree._Element, aside: bool) -> None:
        if element.tag in (T + "note",) or _hidden_alternative(element):
            aside = True
        skip = element.tag in (T + "index", T + "interpGrp", T + "interp")
        if isinstance(element.tag, str) and not skip:
            (elsewhere if aside else main).extend(words(element.text or ""))
            for child in element:
                walk(child, aside)
                (elsewhere if aside else main).extend(words(child.tail or ""))

    for text in root.iter(T + "text"):
        walk(text, False)
    return main, elsewhere


def assert_in_order(expected: list[str], actual: list[str]) -> None:
    position = 0
    for index, word in enumerate(expected):
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            context = " ".join(expected[max(0, index - 8):index + 3])
            raise AssertionError(f"word {index} {word!r} missing or out of order (near: {context!r})") from None


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.xml"))


def shared_plays() -> list[Path]:
    return [SHARED_PLAYS / name for name in PLAYS if (SHARED_PLAYS / name).is_file()]


# --------------------------------------------------------------------------- corpus


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem)
def test_corpus_document_prints_completely_as_pdfa(path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    result = edition(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    pdf = pdf_file(path, tmp_path_factory)
    printed = words(pdf_text(pdf))
    main, elsewhere = reading_words(path)
    assert main
    assert_in_order(main, printed)
    assert set(elsewhere) <= set(printed)

    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts

    reader = pypdf.PdfReader(str(pdf))
    root = etree.parse(str(path)).getroot()
    title = root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")
    assert reader.metadata.title == " ".join("".join(title.itertext()).split())
    assert reader.metadata.author
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_language == ["vi"]
    raw_xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in raw_xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in raw_xmp

    assert reader.attachments == {attachment_name(path): [path.read_bytes()]}
    if root.find(f".//{T}body//{T}div/{T}head") is not None:
        assert reader.outline, "sections must appear as PDF bookmarks"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SCREENSHOTS / f"pdf-{path.stem}")], check=True)


@needs_poppler
def test_attachment_extracts_byte_identical(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = corpus_documents()[0]
    pdf = pdf_file(path, tmp_path_factory)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(pdf)], check=True)
    assert (tmp_path / path.name).read_bytes() == path.read_bytes()


# --------------------------------------------------------------------------- any TEI


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("path", shared_plays(), ids=lambda p: p.stem)
def test_shared_play_prints_every_word(path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    result = edition(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    printed = words(pdf_text(pdf_file(path, tmp_path_factory)))
    main, elsewhere = reading_words(path)
    assert_in_order(main, printed)
    assert set(elsewhere) <= set(printed)


def test_unknown_elements_keep_their_text_and_warn(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = FIXTURES / "unknown.xml"
    result = edition(path)
    unknown = [d for d in result.diagnostics if d.rule == UNKNOWN_ELEMENT_RULE]
    assert {re.search(r"'(\w+)'", d.message).group(1) for d in unknown} == {"mysteryElement", "strangeBlock"}
    mystery = next(d for d in unknown if "mysteryElement" in d.message)
    assert (mystery.line, mystery.column) == (15, 25)
    assert all(d.severity.value == "warning" for d in unknown)
    if shutil.which("pdftotext"):
        printed = words(pdf_text(pdf_file(path, tmp_path_factory)))
        assert_in_order(words("chữ bí ẩn giữ lại kết thúc Khối lạ vẫn in ra"), printed)
        assert "Chú" in printed


# --------------------------------------------------------------------------- safety


HOSTILE_PIECES = ('#read("/etc/passwd")', '#import "x"', "$x$", "*bold*", "_under_", "`raw`", "]", "\\",
                  "@ref", "<label>", "//comment", "/* block */", "= heading", "- item", "+ item",
                  "/ term: description", "1. numbered", "#let x = 1", ']#panic("escape")[',
                  "#set page(width: 1cm)", "https://example.com")


@needs_poppler
def test_hostile_text_is_printed_never_run(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = FIXTURES / "hostile.xml"
    result = edition(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    text = pdf_text(pdf_file(path, tmp_path_factory))
    flat = " ".join(text.split())
    for piece in HOSTILE_PIECES:
        assert piece in flat, piece
    assert "root:" not in text  # /etc/passwd was not read
    assert "'single' \"double\"" in flat and "-- --- ..." in flat  # no smart quotes, no dashes
    reader = pypdf.PdfReader(str(pdf_file(path, tmp_path_factory)))
    assert reader.metadata.title == '#read("/etc/passwd") $title$ ]'
    assert float(reader.pages[0].mediabox.width) > 500  # "#set page(width: 1cm)" stayed text


#: The characters Typst could read as markup or code, and the constructs that start a line.
SPECIAL_CHARACTERS = '# $ @ < > * _ \\ ` [ ] = - + / ~ " &'
LINE_STARTS = ("= not a heading", "- not a list item", "+ not a numbered item", "/ not: a term", "1. not numbered")


@needs_poppler
def test_special_characters_in_text_and_attributes_print_literally(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = FIXTURES / "special-characters.xml"
    result = edition(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    pdf = pdf_file(path, tmp_path_factory)
    flat = " ".join(pdf_text(pdf).split())
    assert f"All at once: {SPECIAL_CHARACTERS} end." in flat
    for character in SPECIAL_CHARACTERS.split():
        assert character in flat, character
    assert "$LastChangedDate: 2001-01-01 $" in flat  # header (title page) and text
    assert flat.count("<ota.ahds.ac.uk>") == 2  # an addrLine of the header and one of the text
    assert "<other@example.org>" in flat and "$Id: special-characters.xml 42 $" in flat
    for line in LINE_STARTS:
        assert line in flat, line
    assert "[[#$@]]" in flat  # pb/@n
    assert "x$y*z" in flat  # a pointer without text prints its target
    assert "[#1 $] A work cited." in flat  # bibl/@n
    assert "Head # $ @ <label> *" in flat
    reader = pypdf.PdfReader(str(pdf))
    assert reader.metadata.title == f"Special characters: {SPECIAL_CHARACTERS}"
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()]
    assert "https://example.org/a?b=c&d=[e]#f" in links


@needs_poppler
@pytest.mark.parametrize("name", ["testrdf.xml", "testfrag.xml"])
def test_tei_written_elsewhere_with_markup_characters_prints(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The two documents of the TEI test suite that Typst once read as code ($LastChangedDate$, an e-mail address)."""
    path = SHARED_TESTS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the shared corpora are needed for this test")
    result = edition(path)
    assert result.pdf is not None and not [d for d in result.diagnostics if d.is_error], result.diagnostics
    printed = "".join(words(pdf_text(pdf_file(path, tmp_path_factory))))
    main, _ = reading_words(path)
    position = 0
    for index, word in enumerate(main):  # in order; words joined where pdftotext mends a hyphen at a line end
        position = printed.find(word, position)
        assert position >= 0, f"word {index} {word!r} missing or out of order"
        position += len(word)


def test_compiler_cannot_read_outside_its_root() -> None:
    outcome = compile_pdf('#read("/etc/passwd")', {})
    assert outcome.pdf is None and outcome.error is not None
    outcome = compile_pdf('#read("../../../../../../etc/passwd")', {})
    assert outcome.pdf is None and outcome.error is not None


def test_compile_failure_is_one_error_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    import teitools.render.pdf_edition as pdf_edition

    monkeypatch.setattr(pdf_edition, "compile_pdf", lambda markup, files, *_: compile_pdf("#panic()", {}))
    result = pdf_edition.render_pdf_edition(engine(), edition_source(FIXTURES / "glyphs.xml"), registers=None,
                                            coverage=coverage())
    assert result.pdf is None
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.rule for d in errors] == ["pdf.compile-failed"]
    assert "panicked" in errors[0].message  # Typst's own words
    assert "not at fault" in errors[0].hint and "report" in errors[0].hint and "fix the document" not in errors[0].hint


# --------------------------------------------------------------------------- index and glyphs


@needs_poppler
def test_index_lists_each_page_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = FIXTURES / "index.xml"
    reader = pypdf.PdfReader(str(pdf_file(path, tmp_path_factory)))
    pages = [page.extract_text() for page in reader.pages]
    first = next(n for n, text in enumerate(pages, 1) if "gặp anh Minh" in text)
    last = next(n for n, text in enumerate(pages, 1) if "Cuối cùng Lan" in text)
    assert last > first + 1
    index_page = " ".join(pages[-1].split())
    assert f"Lan, {first}, {last}" in index_page
    assert f"Lan, {first}, {first}" not in index_page
    assert f"Minh, {first}" in index_page and f"Thái Nguyên, {first}, {last}" in index_page
    assert [item.title for item in reader.outline if not isinstance(item, list)][:1] == ["Mở đầu"]


def test_missing_glyphs_are_reported_with_their_position() -> None:
    result = edition(FIXTURES / "glyphs.xml")
    missing = [d for d in result.diagnostics if d.rule == "pdf.missing-glyph"]
    assert [d.message.split(" (")[0].split(" ", 1)[0] for d in missing] == ["U+1F600", "U+10000"]
    emoji, linear_b = missing
    assert "GRINNING FACE" in emoji.message and "1 more occurrence" in emoji.message
    assert "LINEAR B SYLLABLE B008 A" in linear_b.message
    assert (emoji.line, emoji.column) == (15, 7) and (linear_b.line, linear_b.column) == (16, 7)
    assert all(not d.is_error for d in missing)
    assert result.pdf is not None
    if shutil.which("pdftotext"):
        printed = subprocess.run(["pdftotext", "-", "-"], input=result.pdf, capture_output=True, check=True).stdout.decode()
        assert "\u2039U+1F600\u203a" in printed and "\u2039U+10000\u203a" in printed


def test_vietnamese_is_fully_covered() -> None:
    for path in corpus_documents():
        assert not [d for d in edition(path).diagnostics if d.rule == "pdf.missing-glyph"], path


# --------------------------------------------------------------------------- renderer interface


def test_renderer_interface() -> None:
    from teitools.render import base
    from teitools.render.pdf import PdfRenderer
    from teitools.render.sorting import SORT_TEXTS

    renderer = PdfRenderer(timestamp=1_700_000_000)
    assert renderer.format_name == "pdf" and renderer.stylesheets == (STYLESHEET, SORT_TEXTS)
    path = FIXTURES / "glyphs.xml"
    source = base.EditionSource(path=path, name="glyphs.xml", slug="glyphs", document=parse_document(path).document)
    result = renderer.render_document(XsltEngine(list(renderer.stylesheets)), source, registers())
    assert [f.relative_path for f in result.files] == ["pdf/glyphs.pdf"]
    assert result.files[0].content.startswith(b"%PDF-")
    assert any(d.rule == "pdf.missing-glyph" for d in result.diagnostics)


def test_renderer_reports_failure_when_no_pdf_is_made(tmp_path: Path) -> None:
    """Nesting deeper than Typst's show rules allow: no PDF, a failed result, and a message that does not blame the text."""
    from teitools.render.pdf import PdfRenderer

    deep = "<hi>" * 80 + "deep" + "</hi>" * 80
    path = tmp_path / "deep.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
                    '<titleStmt><title>Deep</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>'
                    f'</sourceDesc></fileDesc></teiHeader><text><body><p>{deep}</p></body></text></TEI>', encoding="utf-8")
    result = PdfRenderer(timestamp=1_700_000_000).render_document(engine(), edition_source(path), registers())
    assert result.failed and result.files == ()
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.rule for d in errors] == ["pdf.compile-failed"]
    assert "depth" in errors[0].message and "nested" in errors[0].hint


# --------------------------------------------------------------------------- one layer for every format

XSL = "{http://www.w3.org/1999/XSL/Transform}"


def test_print_is_a_format_of_the_common_layer() -> None:
    """xslt/print implements every hook of common's interface and matches no TEI element itself."""
    interface = etree.parse(str(ROOT / "xslt" / "common" / "interface.xsl"))
    hooks = {t.get("name") for t in interface.iter(XSL + "template") if (t.get("name") or "").startswith("tt:make-")}
    assert len(hooks) >= 14
    named: set[str] = set()
    patterns: list[str] = []
    for path in sorted(STYLESHEET.parent.glob("*.xsl")):
        for template in etree.parse(str(path)).iter(XSL + "template"):
            if template.get("name"):
                named.add(template.get("name"))
            if template.get("match") and template.get("mode") is None:
                patterns.append(" ".join(template.get("match").split()))
    assert hooks <= named, hooks - named
    # the document skeleton, the text (escaped) and passages in another language: nothing else is print's own
    assert sorted(patterns) == ["/", "tei:text//*[@xml:lang][not(self::tei:row | self::tei:cell)][tp:changes-language(.)]",
                                "text()"]
    entry = etree.parse(str(STYLESHEET)).getroot()
    assert [i.get("href") for i in entry.iter(XSL + "import")] == ["../common/common.xsl"]


# --------------------------------------------------------------------------- every text node and attribute value

SEED = '= #$@<>*_\\`[]-+/~"& '


def seeded(path: Path) -> bytes:
    """The document with SEED at the start of every text node and tail, and inside every attribute value."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    for element in tree.getroot().iter():
        if isinstance(element.tag, str):
            element.text = SEED + (element.text or "")
            for name, value in element.attrib.items():
                element.set(name, value[:1] + SEED + value[1:])
        if element.getparent() is not None:
            element.tail = SEED + (element.tail or "")
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)


def seedable_documents() -> list[Path]:
    """The TEI test documents that parse and have a TEI ``text`` (what the edition prints)."""
    if not SHARED_TESTS.is_dir():
        return []
    chosen = []
    for path in sorted(SHARED_TESTS.glob("*.xml")):
        document = parse_document(path).document
        if document is not None and document.root.find(f".//{T}text") is not None:
            chosen.append(path)
    return chosen


def test_the_tei_test_documents_are_there() -> None:
    assert len(seedable_documents()) >= 40, f"{SHARED_TESTS}: the shared corpora are needed"


@needs_poppler
@pytest.mark.parametrize("path", seedable_documents(), ids=lambda p: p.stem)
def test_markup_characters_in_every_text_and_attribute_print_literally(path: Path, tmp_path: Path) -> None:
    """Typst never reads a document's text or attribute values as markup or code (TEI test documents, seeded)."""
    document = parse_document(path, name=path.name, source=seeded(path)).document
    assert document is not None
    source = EditionSource(path=path, name=path.name, slug=path.stem, document=document)
    result = render_pdf_edition(engine(), source, registers=None, coverage=coverage(), timestamp=1_700_000_000)
    assert result.pdf is not None, [d.message for d in result.diagnostics if d.is_error]
    (tmp_path / "seeded.pdf").write_bytes(result.pdf)
    flat = " ".join(pdf_text(tmp_path / "seeded.pdf").split())
    assert SEED.strip() in flat


# --------------------------------------------------------------------------- fallback fonts

CJK_FONTS = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk, which scripts/run-tests.sh installs


def test_characters_the_bundled_fonts_lack_come_from_fonts_of_the_system(tmp_path: Path) -> None:
    from teitools.render.pdf_fonts import font_folders

    assert font_folders({"TEITOOLS_FONT_PATH": f"{tmp_path}{os.pathsep}{CJK_FONTS}"}) == (tmp_path, CJK_FONTS)
    assert CJK_FONTS in font_folders({}) or Path("/usr/share/fonts") in font_folders({})
    path = tmp_path / "poem.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="zh"><teiHeader><fileDesc><titleStmt><title>秋胡行</title>'
        "</titleStmt><publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>"
        "</teiHeader><text><body><p>樂府詩集卷第三十六 相和歌辭十一</p><p>문단을 표시한다</p></body></text></TEI>",
        encoding="utf-8")
    source = edition_source(path)
    with_fonts = render_pdf_edition(engine(), source, registers=None, coverage=coverage(),
                                    timestamp=1_700_000_000, font_folders=(CJK_FONTS,))
    assert not [d for d in with_fonts.diagnostics if d.rule == "pdf.missing-glyph"]
    printed = subprocess.run(["pdftotext", "-", "-"], input=with_fonts.pdf, capture_output=True, check=True).stdout.decode()
    assert "樂府詩集卷第三十六" in printed and "문단을" in printed
    fonts = subprocess.run(["pdffonts", "-"], input=with_fonts.pdf, capture_output=True).stdout.decode()
    assert "NotoSansCJK" in fonts or "NotoSerifCJK" in fonts

    without = render_pdf_edition(engine(), source, registers=None, coverage=coverage(), timestamp=1_700_000_000,
                                 font_folders=(tmp_path / "no-fonts-here",))
    assert len([d for d in without.diagnostics if d.rule == "pdf.missing-glyph"]) >= 10
    assert without.pdf is not None

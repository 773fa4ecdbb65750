"""The print edition: TEI → Typst → PDF/A-3b, checked with poppler-utils and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from teitools.corpus import TEI_NS, parse_document
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
SCREENSHOTS = ROOT / "output" / "screenshots"
T = f"{{{TEI_NS}}}"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@lru_cache(maxsize=1)
def engine() -> XsltEngine:
    return XsltEngine([STYLESHEET])


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


@lru_cache(maxsize=None)
def edition(path: Path) -> PdfEdition:
    document = parse_document(path).document
    assert document is not None
    href = path.relative_to(CORPUS).as_posix() if path.is_relative_to(CORPUS) else path.name
    return render_pdf_edition(engine(), document, document_href=href, registers=registers(),
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
    unknown = [d for d in result.diagnostics if d.rule == "pdf.unknown-element"]
    assert {re.search(r"<(\w+)>", d.message).group(1) for d in unknown} == {"mysteryElement", "strangeBlock"}
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


def test_compiler_cannot_read_outside_its_root() -> None:
    outcome = compile_pdf('#read("/etc/passwd")', {})
    assert outcome.pdf is None and outcome.error is not None
    outcome = compile_pdf('#read("../../../../../../etc/passwd")', {})
    assert outcome.pdf is None and outcome.error is not None


def test_compile_failure_is_one_error_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    import teitools.render.pdf_edition as pdf_edition

    monkeypatch.setattr(pdf_edition, "compile_pdf", lambda markup, files, timestamp: compile_pdf("#panic()", {}))
    document = parse_document(FIXTURES / "glyphs.xml").document
    result = pdf_edition.render_pdf_edition(engine(), document, document_href="glyphs.xml", registers=None,
                                            coverage=coverage())
    assert result.pdf is None
    assert [d.rule for d in result.diagnostics if d.is_error] == ["pdf.compile-failed"]


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
    base = pytest.importorskip("teitools.render.base")
    from teitools.render.pdf import PdfRenderer

    renderer = PdfRenderer(timestamp=1_700_000_000)
    assert renderer.format_name == "pdf" and renderer.stylesheets == (STYLESHEET,)
    path = FIXTURES / "glyphs.xml"
    source = base.EditionSource(path=path, name="glyphs.xml", slug="glyphs", document=parse_document(path).document)
    result = renderer.render_document(XsltEngine(list(renderer.stylesheets)), source, registers())
    assert [f.relative_path for f in result.files] == ["pdf/glyphs.pdf"]
    assert result.files[0].content.startswith(b"%PDF-")
    assert any(d.rule == "pdf.missing-glyph" for d in result.diagnostics)

"""ePub 3 edition: the container, the metadata, every word, notes as footnotes, the register back
matter, the TEI attached, links that never break, and ``epubcheck`` (Debian package epubcheck)
with no error on the golden fixtures, the project corpus and a document built to break links.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition_words import TEI, missing_in_order, reading_words, text_words
from teitools.build import EDITION_FORMATS, available_renderers, build_editions
from teitools.cli import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOLDEN = TESTS / "fixtures" / "golden"
LETTERS = TESTS / "fixtures" / "tei-corpus" / "letters.xml"
PROJECT = ROOT / "tei"
TIMESTAMP = 1_700_000_000  # 2023-11-14T22:13:20Z

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"h": XHTML, "epub": OPS, "opf": OPF, "dc": DC}
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "nav", "ol", "p", "pre", "section",
           "table", "td", "th", "tr", "ul"}

#: Links and ids that could break: a pointer to an element the edition does not show (an anchor),
#: to a note by its xml:id, to another document, an xml:id the edition also makes ("note-1",
#: "occ-1"), and a note inside a link; and markup that HTML's content model refuses: a list inside a
#: phrase, an item outside a list, a language that is no language tag, a web link with a space.
LINK_TRAPS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader><fileDesc>
    <titleStmt><title>Links that could break</title></titleStmt>
    <publicationStmt><p>Unpublished.</p></publicationStmt>
    <sourceDesc><p>Made for the ePub tests.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p xml:id="note-1">See <ref target="#here">the anchor</ref>, <ref target="#n1">the note</ref>,
      <ref target="other.xml#x">another document</ref> and <ref target="#occ-1">this paragraph</ref>.<anchor xml:id="here"/></p>
    <p xml:id="occ-1">A <ref target="https://example.org/">link with a note<note xml:id="n1">Inside the link.</note></ref>.</p>
    <p>A <hi>phrase holding <list><item>a list</item></list> and <quote><p>a paragraph</p></quote></hi>.</p>
    <item>An item outside a list</item>
    <p xml:lang="not a tag">A <ref target="https://example.org/a%20b/é">web link</ref> in no language.</p>
  </body></text>
</TEI>
"""


def _build(paths: list[Path], out: Path) -> Path:
    report = build_editions(paths, ("epub",), out, renderers=available_renderers(timestamp=TIMESTAMP, formats=("epub",)))
    assert not report.has_errors, report.diagnostics
    return out / "epub"


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build([GOLDEN], tmp_path_factory.mktemp("epub-golden"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build([PROJECT], tmp_path_factory.mktemp("epub-project"))


@pytest.fixture(scope="module")
def traps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("epub-traps")
    (folder / "traps.xml").write_text(LINK_TRAPS, encoding="utf-8")
    return _build([folder], folder / "out")


def _xml(book: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(book) as container:
        return etree.fromstring(container.read(name))


def _package(book: Path) -> etree._Element:
    container = _xml(book, "META-INF/container.xml")
    (path,) = container.xpath("//c:rootfile/@full-path", namespaces={"c": "urn:oasis:names:tc:opendocument:xmlns:container"})
    assert path == "EPUB/package.opf"
    return _xml(book, path)


def _words(element: etree._Element) -> list[str]:
    for node in element.iter():
        if isinstance(node.tag, str) and etree.QName(node).localname in _BLOCKS:
            node.text = " " + (node.text or "")
            node.tail = " " + (node.tail or "")
    return text_words("".join(element.itertext()))


def _tei(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


# --- the container ----------------------------------------------------------------------------

def test_the_container_starts_with_the_stored_mimetype(golden: Path) -> None:
    with zipfile.ZipFile(golden / "notes-names-dates.epub") as container:
        first = container.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        assert container.read("mimetype") == b"application/epub+zip"
        assert {i.date_time for i in container.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    raw = (golden / "notes-names-dates.epub").read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:58] == b"application/epub+zip"  # readable at a fixed offset


def test_the_same_input_gives_the_same_bytes(golden: Path, tmp_path: Path) -> None:
    again = _build([GOLDEN], tmp_path)
    for book in golden.glob("*.epub"):
        assert (again / book.name).read_bytes() == book.read_bytes(), book.name


def test_every_manifest_item_is_in_the_container_and_the_spine_reads_in_order(golden: Path) -> None:
    book = golden / "notes-names-dates.epub"
    package = _package(book)
    with zipfile.ZipFile(book) as container:
        names = set(container.namelist())
    items = {i.get("id"): i.get("href") for i in package.iterfind("opf:manifest/opf:item", NS)}
    assert {"EPUB/" + href for href in items.values()} | {"mimetype", "META-INF/container.xml", "EPUB/package.opf"} == names
    spine = [items[i.get("idref")] for i in package.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["title.xhtml", "text.xhtml", "registers.xhtml", "source/notes-names-dates.xml"]
    (nav,) = package.xpath("opf:manifest/opf:item[@properties = 'nav']/@href", namespaces=NS)
    assert nav == "nav.xhtml"


# --- metadata ---------------------------------------------------------------------------------

def test_metadata_comes_from_the_header(project: Path) -> None:
    book = project / "thai-nguyen-voi-chien-dich-bien-gioi-1950.epub"
    metadata = _package(book).find("opf:metadata", NS)
    assert metadata.findtext("dc:title", namespaces=NS) == "Thái Nguyên với chiến dịch Biên giới Thu - Đông năm 1950"
    assert metadata.findtext("dc:creator", namespaces=NS) == "Đặng Văn Duy"
    assert metadata.findtext("dc:language", namespaces=NS) == "vi"
    assert metadata.findtext("opf:meta[@property='dcterms:modified']", namespaces=NS) == "2023-11-14T22:13:20Z"
    identifier = metadata.findtext("dc:identifier", namespaces=NS)
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", identifier)


def test_identifiers_are_stable_and_distinct(project: Path, tmp_path: Path) -> None:
    def identifiers(folder: Path) -> dict[str, str]:
        return {b.name: _package(b).findtext("opf:metadata/dc:identifier", namespaces=NS) for b in folder.glob("*.epub")}

    first = identifiers(project)
    assert len(first) == 3 and len(set(first.values())) == 3
    # from the idno: a renamed file keeps its identifier
    copy = tmp_path / "corpus"
    shutil.copytree(PROJECT, copy)
    (copy / "thai-nguyen-voi-chien-dich-bien-gioi-1950.xml").rename(copy / "renamed.xml")
    again = identifiers(_build([copy], tmp_path / "out"))
    assert again["renamed.epub"] == first["thai-nguyen-voi-chien-dich-bien-gioi-1950.epub"]


# --- the reading text, notes, registers ---------------------------------------------------------

@pytest.mark.parametrize("folder_name", ["golden", "project"])
def test_every_word_of_the_text_and_the_notes_is_in_the_book(folder_name: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(folder_name)
    sources = sorted((GOLDEN if folder_name == "golden" else PROJECT).glob("*.xml"))
    assert sources
    for source in sources:
        text = _xml(folder / f"{source.stem}.epub", "EPUB/text.xhtml")
        body_words, note_words = reading_words(_tei(source))
        assert body_words, source.name
        (reading,) = text.xpath("//h:div[@class = 'reading-text']", namespaces=NS)
        assert missing_in_order(body_words, _words(reading)) == [], f"{source.name}: words lost or out of order"
        asides = text.xpath("//h:aside[@epub:type = 'footnote']", namespaces=NS)
        notes_words = [w for aside in asides for w in _words(aside)]
        assert missing_in_order(note_words, notes_words) == [], f"{source.name}: note words lost"


def test_notes_are_footnotes_linked_from_noterefs(golden: Path) -> None:
    for source in (GOLDEN / "notes-names-dates.xml", GOLDEN / "drama.xml"):
        folder = golden
        tei = _tei(source)
        notes = [n for n in tei.iter(f"{{{TEI}}}note") if n.xpath("ancestor::t:text", namespaces={"t": TEI})
                 and not n.xpath("ancestor::t:note", namespaces={"t": TEI})]
        text = _xml(folder / f"{source.stem}.epub", "EPUB/text.xhtml")
        refs = text.xpath("//h:a[@epub:type = 'noteref']", namespaces=NS)
        asides = text.xpath("//h:aside[@epub:type = 'footnote']", namespaces=NS)
        assert len(notes) == len(refs) == len(asides) > 0, source.name
        for ref, aside in zip(refs, asides):
            assert ref.get("href") == "#" + aside.get("id")
            (back,) = aside.xpath(".//h:a[@role = 'doc-backlink']/@href", namespaces=NS)
            assert back == "#" + ref.get("id")
        first = "".join(asides[0].xpath("h:div", namespaces=NS)[0].itertext())
        assert " ".join(first.split()) == " ".join("".join(notes[0].itertext()).split())


def test_registers_are_back_matter_in_collation_order_linked_both_ways(project: Path) -> None:
    book = project / "thai-nguyen-voi-chien-dich-bien-gioi-1950.epub"
    text = _xml(book, "EPUB/text.xhtml")
    registers = _xml(book, "EPUB/registers.xhtml")
    assert registers.find("h:body", NS).get(f"{{{OPS}}}type") == "backmatter"
    entry_ids = set(registers.xpath("//h:section[contains(@class, 'entry')]/@id", namespaces=NS))
    name_links = text.xpath("//h:span[contains(@class, 'ent-')]/h:a/@href", namespaces=NS)
    assert name_links and {href.split("#")[1] for href in name_links} == entry_ids
    text_ids = set(text.xpath("//@id"))
    for entry in registers.xpath("//h:section[contains(@class, 'entry')]", namespaces=NS):
        occurrences = entry.xpath(".//h:dd[@class = 'occurrences']/h:a/@href", namespaces=NS)
        assert occurrences, entry.get("id")
        assert all(href.startswith("text.xhtml#") and href.split("#")[1] in text_ids for href in occurrences)
    places = registers.xpath("//h:section[@id = 'register-place']/h:section/h:h3", namespaces=NS)
    labels = [h.text for h in places]
    assert labels.index("Việt Bắc") > labels.index("Thái Nguyên") > labels.index("Cao Bằng")
    geonames = registers.xpath("//h:a[starts-with(@href, 'https://www.geonames.org/')]", namespaces=NS)
    assert geonames


def test_the_tei_source_is_attached_with_a_readable_fallback(golden: Path) -> None:
    book = golden / "drama.epub"
    with zipfile.ZipFile(book) as container:
        assert container.read("EPUB/source/drama.xml") == (GOLDEN / "drama.xml").read_bytes()
        page = etree.fromstring(container.read("EPUB/source.xhtml"))
    (item,) = _package(book).xpath("//opf:item[@href = 'source/drama.xml']", namespaces=NS)
    assert item.get("media-type") == "application/tei+xml"
    (fallback,) = _package(book).xpath(f"//opf:item[@id = '{item.get('fallback')}']/@href", namespaces=NS)
    assert fallback == "source.xhtml"
    shown = "".join(page.xpath("//h:pre", namespaces=NS)[0].itertext())
    assert etree.fromstring(shown.encode("utf-8")).findtext(f".//{{{TEI}}}speaker") == "ADA"
    title = _xml(book, "EPUB/title.xhtml")
    assert title.xpath("//h:a[@href = 'source/drama.xml']", namespaces=NS)


def test_the_navigation_lists_the_divisions(golden: Path) -> None:
    nav = _xml(golden / "notes-names-dates.epub", "EPUB/nav.xhtml")
    toc = nav.xpath("//h:nav[@epub:type = 'toc']//h:a", namespaces=NS)
    labels = [a.text for a in toc]
    assert labels[:4] == ["Title page", "Notes, names and dates", "Names and dates", "Choice, lists and a quotation"]
    text_ids = set(_xml(golden / "notes-names-dates.epub", "EPUB/text.xhtml").xpath("//@id"))
    for a in toc:
        path, _, fragment = a.get("href").partition("#")
        assert not fragment or (path == "text.xhtml" and fragment in text_ids) or path == "registers.xhtml"


def test_links_that_could_break_are_kept_as_text(traps: Path) -> None:
    book = traps / "traps.epub"
    with zipfile.ZipFile(book) as container:
        documents = {name[len("EPUB/"):]: etree.fromstring(container.read(name))
                     for name in container.namelist() if name.endswith(".xhtml")}
    ids = {name: document.xpath("//@id") for name, document in documents.items()}
    for name, found in ids.items():
        assert len(found) == len(set(found)), (name, found)
    for name, document in documents.items():
        for href in document.xpath("//h:a/@href", namespaces=NS):
            if re.match(r"^[a-z]+:", href) or href.startswith("source/"):
                continue
            path, _, fragment = href.partition("#")
            target = path or name
            assert target in documents and (not fragment or fragment in ids[target]), (name, href)
        assert not document.xpath("//h:a//h:a", namespaces=NS)
    text = documents["text.xhtml"]
    words = _words(text.find("h:body", NS))
    assert missing_in_order(text_words("See the anchor, the note, another document and this paragraph"), words) == []
    assert missing_in_order(text_words("A phrase holding a list and a paragraph An item outside a list"), words) == []
    phrases = "h:p | h:span | h:em | h:q | h:a | h:cite | h:i"
    blocks = "h:div | h:p | h:ul | h:li | h:blockquote | h:section"
    assert not text.xpath(f"//*[self::{' or self::'.join(phrases.replace('h:', 'h:').split(' | '))}]"
                          f"//*[self::{' or self::'.join(blocks.split(' | '))}]", namespaces=NS)
    assert all(li.getparent().tag in (f"{{{XHTML}}}ul", f"{{{XHTML}}}ol") for li in text.iter(f"{{{XHTML}}}li"))
    assert "not a tag" not in text.xpath("//@lang")
    assert "https://example.org/a%20b/%C3%A9" in text.xpath("//h:a/@href", namespaces=NS)
    assert text.xpath("//h:a[@href = 'text.xhtml#note-1' or @href = '#note-1']", namespaces=NS)  # the note by its xml:id


# --- registration, CLI, teiCorpus -------------------------------------------------------------

def test_a_change_to_the_html_hooks_the_epub_imports_rebuilds_the_epub() -> None:
    from teitools.build.manifest import stylesheet_folders
    from teitools.render.epub import EpubRenderer

    assert stylesheet_folders(EpubRenderer().stylesheets) >= {ROOT / "xslt" / "epub", ROOT / "xslt" / "html"}


def test_epub_is_one_of_the_edition_formats() -> None:
    assert "epub" in EDITION_FORMATS and "epub" in available_renderers()
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0 and "epub" in result.output


def test_each_text_of_a_corpus_gets_its_own_book(tmp_path: Path) -> None:
    shutil.copy(LETTERS, tmp_path / "letters.xml")
    result = CliRunner().invoke(cli, ["build", "--format", "epub", "--output", str(tmp_path / "out"), str(tmp_path)])
    assert result.exit_code == 0, result.output
    books = sorted(p.name for p in (tmp_path / "out" / "epub").glob("*.epub"))
    assert books == ["letters.1.epub", "letters.2.epub", "letters.3.epub"]
    titles = [_package(tmp_path / "out" / "epub" / b).findtext("opf:metadata/dc:title", namespaces=NS) for b in books]
    assert titles == ["First letter: the lighthouse keeper", "Second letter: the council answers",
                      "Third letter: a compromise"]
    third = _xml(tmp_path / "out" / "epub" / "letters.3.epub", "EPUB/text.xhtml")
    assert "Fishing boats" in "".join(third.itertext()) and "Anchorage" not in "".join(third.itertext())


# --- epubcheck --------------------------------------------------------------------------------

def _epubcheck_command() -> list[str]:
    """epubcheck as Debian installs it: /usr/bin/epubcheck is the jar itself, run by java."""
    found = shutil.which("epubcheck")
    if found is None:
        pytest.fail("epubcheck is needed (Debian package epubcheck; scripts/run-tests.sh installs it)")
    path = Path(found).resolve()
    if path.suffix == ".jar" or path.read_bytes()[:2] == b"PK":
        java = shutil.which("java")
        if java is None:
            pytest.fail("java is needed to run epubcheck (installed with the Debian package epubcheck)")
        return [java, "-jar", str(path)]
    return [str(path)]


def _epubcheck(book: Path, report: Path) -> list[dict]:
    completed = subprocess.run([*_epubcheck_command(), str(book), "--json", str(report)], capture_output=True,
                               text=True, timeout=300)
    assert report.is_file(), completed.stdout + completed.stderr
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    return [m for m in messages if m["severity"] in ("FATAL", "ERROR")]


@pytest.mark.slow
def test_epubcheck_finds_no_error(golden: Path, project: Path, traps: Path, tmp_path: Path) -> None:
    shutil.copy(LETTERS, tmp_path / "letters.xml")
    letters = _build([tmp_path], tmp_path / "out")
    books = [*sorted(golden.glob("*.epub")), *sorted(project.glob("*.epub")), traps / "traps.epub",
             letters / "letters.3.epub"]  # the third text of a nested teiCorpus
    assert len(books) == 7
    for book in books:
        errors = _epubcheck(book, tmp_path / f"{book.stem}.json")
        assert errors == [], (book.name, [(e["ID"], e["message"], e["locations"][:1]) for e in errors])

"""TEI written elsewhere: corpus files, and every word of every document in every format.

The corpus-wide test builds the three shared corpora (``../shared/corpora/``: GerDraCor plays,
the TEI Guidelines' test documents, ELTeC novels) in html, txt, pdf and epub and checks, per
document (per text of a ``teiCorpus``) and per format, that at least 99% of the words of the
reading text and of the notes appear in order.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from edition_words import TEI, matched_share, pdf_words, reading_words, text_words
from teitools.build import build_editions
from teitools.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
SHARED = ("gerdracor-sample", "tei-p5-tests", "eltec-eng-sample")
LETTERS = Path(__file__).resolve().parent / "fixtures" / "tei-corpus" / "letters.xml"
_HTML_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
                "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
                "section", "table", "td", "th", "tr", "ul",
                "mi", "mo", "ms", "mtext"}  # MathML tokens, each drawn as a symbol of its own (a number's digits together)
#: The least share of a text's words each edition must show, in order.
REQUIRED_SHARE = 0.99


def _source_parser() -> etree.XMLParser:
    # internal entities expanded as teitools expands them; nothing external read
    return etree.XMLParser(resolve_entities="internal", load_dtd=False, no_network=True, collect_ids=False)


def _texts(path: Path, slug: str) -> list[tuple[str, etree._Element]]:
    """(output slug, TEI element) for each text of a document, as teitools names them."""
    root = etree.parse(str(path), _source_parser()).getroot()
    if root.tag != f"{{{TEI}}}teiCorpus":
        return [(slug, root)]
    return [(f"{slug}.{n}", tei) for n, tei in enumerate(root.iter(f"{{{TEI}}}TEI"), start=1)]


def _epub_body(path: Path) -> etree._Element:
    """The body of the reading text's content document in an ePub (its footnotes included)."""
    with zipfile.ZipFile(path) as book:
        return etree.fromstring(book.read("EPUB/text.xhtml")).find("{http://www.w3.org/1999/xhtml}body")


def _edition_words(path: Path, format_name: str) -> list[str]:
    if format_name == "pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        return pdf_words(text)
    if format_name in ("html", "epub"):
        body = html.parse(str(path)).getroot().find("body") if format_name == "html" else _epub_body(path)
        for element in body.iter():  # a browser shows a block on a line of its own
            if isinstance(element.tag, str) and etree.QName(element).localname in _HTML_BLOCKS:
                element.text = " " + (element.text or "")
                element.tail = " " + (element.tail or "")
        return text_words(body.text_content() if format_name == "html" else "".join(body.itertext()))
    return text_words(path.read_text(encoding="utf-8"))


def _share(tei: etree._Element, edition: Path, format_name: str) -> tuple[float, list[str]]:
    body, notes = reading_words(tei, join_hyphens=format_name == "pdf")
    words = _edition_words(edition, format_name)
    body_share, body_lost = matched_share(body, words)
    notes_share, notes_lost = matched_share(notes, words)
    total = len(body) + len(notes)
    share = (body_share * len(body) + notes_share * len(notes)) / total if total else 1.0
    return share, body_lost + notes_lost


# --- teiCorpus --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def letters_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    shutil.copy(LETTERS, folder / "letters.xml")
    report = build_editions([folder], formats=("html", "txt"), output_dir=folder / "out")
    assert not report.has_errors, report.diagnostics
    return folder / "out"


def test_every_text_of_a_nested_corpus_gets_its_own_editions(letters_built: Path) -> None:
    texts = _texts(LETTERS, "letters")
    assert [slug for slug, _ in texts] == ["letters.1", "letters.2", "letters.3"]
    for slug, tei in texts:
        for format_name in ("html", "txt"):
            share, lost = _share(tei, letters_built / format_name / f"{slug}.{format_name}", format_name)
            assert share == 1.0, (slug, format_name, lost)
    third = (letters_built / "txt" / "letters.3.txt").read_text(encoding="utf-8")
    assert "Anchorage" not in third and "council regrets" not in third  # only its own text


def test_the_corpus_headers_are_the_shared_metadata_of_each_text(letters_built: Path) -> None:
    third = (letters_built / "txt" / "letters.3.txt").read_text(encoding="utf-8")
    head = third[:third.index("Fishing boats")]
    assert "Third letter: a compromise" in head
    assert "Part of: Letters of the Harbour Office" in head and "Part of: Replies of the council" in head
    assert "Publisher: Harbour Archive Press" in head  # its own publicationStmt names no publisher
    first = (letters_built / "txt" / "letters.1.txt").read_text(encoding="utf-8")
    assert "Replies of the council" not in first  # not inside the nested corpus


def test_notes_are_numbered_within_each_text(letters_built: Path) -> None:
    for slug, note in (("letters.1", "By order of the council."), ("letters.3", "Signed by the harbour master.")):
        text = (letters_built / "txt" / f"{slug}.txt").read_text(encoding="utf-8")
        assert f"[1] {note}" in text, slug


def test_the_corpus_pages_list_every_text(letters_built: Path) -> None:
    index = html.parse(str(letters_built / "html" / "index.html")).getroot()
    links = {a.get("href"): a.text_content() for a in index.iter("a")}
    assert links.get("letters.1.html") == "First letter: the lighthouse keeper"
    assert links.get("letters.2.html") == "Second letter: the council answers"
    assert links.get("letters.3.html") == "Third letter: a compromise"


def test_a_corpus_without_texts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.xml").write_text(
        '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Empty</title>'
        "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
        "</teiCorpus>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--format", "txt", "--output", str(tmp_path / "out"), str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.xml:1:1: error: the teiCorpus holds no TEI text" in result.output


@pytest.mark.slow
def test_each_text_of_a_corpus_gets_a_pdf(tmp_path: Path) -> None:
    shutil.copy(LETTERS, tmp_path / "letters.xml")
    report = build_editions([tmp_path], formats=("pdf",), output_dir=tmp_path / "out")
    assert not report.has_errors, report.diagnostics
    for slug, tei in _texts(LETTERS, "letters"):
        share, lost = _share(tei, tmp_path / "out" / "pdf" / f"{slug}.pdf", "pdf")
        assert share == 1.0, (slug, lost)


# --- every document written elsewhere -----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not there")
def test_every_shared_document_keeps_its_words_in_every_format(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in SHARED:
        shutil.copytree(CORPORA / name, corpus / name)
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--jobs", "2", "--output", str(output), str(corpus)])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output

    # A document the build refuses must be refused for a reason of its own: say which, with the reason.
    refused = {}
    for line in result.output.splitlines():
        match = re.match(r"^(\S+?):\d+:\d+: error: (.*)$", line)
        if match:
            refused.setdefault(match.group(1), match.group(2))
    not_wellformed = {name: why for name, why in refused.items() if "[wellformed." in why}
    assert set(refused) == set(not_wellformed), f"documents refused for a reason that is teitools': {refused}"

    shortfalls = []
    for document in sorted(corpus.rglob("*.xml")):
        name = document.relative_to(corpus).as_posix()
        if name in not_wellformed:
            continue
        for slug, tei in _texts(document, document.stem):
            for format_name in ("html", "txt", "pdf", "epub"):
                edition = output / format_name / f"{slug}.{format_name}"
                if not edition.is_file():
                    shortfalls.append(f"{name} ({slug}): no {format_name} edition")
                    continue
                share, lost = _share(tei, edition, format_name)
                if share < REQUIRED_SHARE:
                    shortfalls.append(f"{name} ({slug}) {format_name}: {share:.1%} of the words, lost e.g. {lost[:8]}")
    assert not shortfalls, "\n".join(shortfalls)
    if not_wellformed:
        print("refused as not well-formed:", not_wellformed)


@pytest.mark.slow
def test_a_corpus_file_is_deposited_with_one_mets_division_per_text(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    valid = re.sub(r"<publicationStmt><p>[^<]*</p></publicationStmt>",
                   "<publicationStmt><authority>Harbour office</authority></publicationStmt>",
                   LETTERS.read_text(encoding="utf-8"))
    (source / "letters.xml").write_text(valid, encoding="utf-8")
    made = CliRunner().invoke(cli, ["deposit", "--output", str(tmp_path / "bags"), str(source)])
    assert made.exit_code == 0, made.output
    bag = tmp_path / "bags" / "letters"
    data = bag / "data" / "editions"
    for slug in ("letters.1", "letters.2", "letters.3"):
        for format_name in ("html", "txt", "pdf", "epub"):
            assert (data / format_name / f"{slug}.{format_name}").is_file(), (slug, format_name)
    mets = etree.parse(str(bag / "data" / "mets.xml"))
    ns = {"m": "http://www.loc.gov/METS/", "dc": "http://purl.org/dc/elements/1.1/"}
    texts = mets.findall(".//m:structMap//m:div[@TYPE='text']", ns)
    assert [t.get("LABEL") for t in texts] == ["First letter: the lighthouse keeper",
                                              "Second letter: the council answers", "Third letter: a compromise"]
    assert all(len(t.findall("m:fptr", ns)) == 4 for t in texts)
    assert mets.findtext(".//dc:title", namespaces=ns) == "Letters of the Harbour Office"
    verified = CliRunner().invoke(cli, ["deposit", "--verify", str(bag)])
    assert verified.exit_code == 0, verified.output


#: The characters that mean something to Typst or HTML, as one string inserted everywhere.
SPECIAL = ' #$@<>*_\\`[]=-+/~"& '


def _with_special_characters(source: Path, target: Path) -> None:
    """A copy of ``source`` with :data:`SPECIAL` appended to every text node and attribute value."""
    tree = etree.parse(str(source), _source_parser())
    for element in tree.getroot().iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and element.text.strip():
            element.text += SPECIAL
        if element.tail and element.tail.strip():
            element.tail += SPECIAL
        for name, value in element.attrib.items():
            element.set(name, value + SPECIAL)
    tree.write(str(target), encoding="UTF-8", xml_declaration=True)


@pytest.mark.slow
@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not there")
def test_no_text_reaches_typst_or_html_as_markup(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in SHARED:
        (corpus / name).mkdir(parents=True)
        for document in sorted((CORPORA / name).glob("*.xml")):
            _with_special_characters(document, corpus / name / document.name)
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--jobs", "2", "--output", str(output), str(corpus)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line and "[wellformed." not in line]
    assert not errors, "\n".join(errors)

    marker = SPECIAL.strip()
    missing = []
    for document in sorted(corpus.rglob("*.xml")):
        for slug, tei in _texts(document, document.stem):
            reading_text = tei.find(f"{{{TEI}}}text")
            if reading_text is None or marker not in "".join(reading_text.itertext()):
                continue  # no reading text to show the characters in
            for format_name in ("html", "txt", "pdf", "epub"):
                edition = output / format_name / f"{slug}.{format_name}"
                if not edition.is_file():
                    missing.append(f"{document.name} ({slug}): no {format_name} edition")
                    continue
                if format_name == "pdf":
                    shown = subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition), "-"], capture_output=True,
                                           text=True, check=True).stdout
                elif format_name == "html":
                    shown = html.parse(str(edition)).getroot().find("body").text_content()
                elif format_name == "epub":
                    shown = "".join(_epub_body(edition).itertext())
                else:
                    shown = edition.read_text(encoding="utf-8")
                if marker not in shown:
                    missing.append(f"{document.name} ({slug}) {format_name}: the characters are not shown as text")
                share, lost = _share(tei, edition, format_name)
                if share < REQUIRED_SHARE:
                    missing.append(f"{document.name} ({slug}) {format_name}: {share:.1%} of the words, lost e.g. {lost[:8]}")
    assert not missing, "\n".join(missing)

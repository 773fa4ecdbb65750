"""XInclude, opt-in: parts from the document's folder only, fallbacks, loops, incremental builds, bags.

"Nothing outside the folder is read" is proved with FIFOs (opening one without a writer
blocks) and a loopback HTTP server that must receive no request.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from loopback import recording_server
from teitools.build import build_editions
from teitools.cli import cli
from teitools.corpus import load_corpus, parse_document
from teitools.corpus.xinclude import MAX_DEPTH, without_parts
from teitools.validate import ValidationOptions, validate_paths

TEI = "http://www.tei-c.org/ns/1.0"
XI = "http://www.w3.org/2001/XInclude"
HEADER = ('<teiHeader><fileDesc><titleStmt><title>Assembled</title></titleStmt><publicationStmt><p>p</p>'
          '</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>')


def _main(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI}" xmlns:xi="{XI}">\n{HEADER}\n'
            f'<text><body>\n{body}\n</body></text></TEI>\n')


def _part(content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{content}\n'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def edition(tmp_path: Path) -> Path:
    """tei/main.xml including a chapter (which includes a paragraph), a text file, and a missing file with fallback."""
    folder = tmp_path / "tei"
    _write(folder / "main.xml", _main(
        '<xi:include href="parts/ch1.xml"/>\n'
        '<p>Quote: <xi:include href="parts/quote.txt" parse="text"/> end.</p>\n'
        '<xi:include href="parts/later.xml"><xi:fallback><p>Chapter two is not written yet.</p></xi:fallback>'
        '</xi:include>'))
    _write(folder / "parts" / "ch1.xml", _part(
        f'<div xmlns="{TEI}" xmlns:xi="{XI}"><head>Chapter one</head>\n<p>It begins.</p>\n'
        '<xi:include href="para.xml"/></div>'))
    _write(folder / "parts" / "para.xml", _part(f'<p xmlns="{TEI}">A nested <hi>part</hi>.</p>'))
    _write(folder / "parts" / "quote.txt", "bread & <butter>")
    return folder


def _words(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def test_includes_are_expanded_from_the_folder(edition: Path) -> None:
    result = parse_document(edition / "main.xml", "main.xml", xinclude=True)
    document = result.document
    assert document is not None, result.diagnostics
    assert not [d for d in result.diagnostics if d.is_error]
    body = document.root.find(f"{{{TEI}}}text/{{{TEI}}}body")
    text = " ".join("".join(body.itertext()).split())
    assert text == ("Chapter one It begins. A nested part. Quote: bread & <butter> end. "
                    "Chapter two is not written yet.")
    assert next(document.root.iter(f"{{{XI}}}include"), None) is None
    parts = edition / "parts"
    assert document.included == ((parts / "ch1.xml").resolve(), (parts / "para.xml").resolve(),
                                 (parts / "quote.txt").resolve(), (parts / "later.xml").resolve())
    # included elements are found at the include that brought them (also through a nested part)
    assert document.position(document.root.find(f".//{{{TEI}}}hi")) == (5, 1)
    assert document.position(document.root.find(f".//{{{TEI}}}head")) == (5, 1)
    assert b"bread &amp; &lt;butter&gt;" in document.source  # the source is the expanded document


def test_without_the_flag_an_include_is_a_warning_naming_the_flag(edition: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--skip", "xsd", "--skip", "schematron",
                                      str(edition / "main.xml")])
    assert result.exit_code == 1  # the grammar does not allow xi:include in a TEI text
    assert ("warning: xi:include of 'parts/ch1.xml' is not expanded: its content is missing from the editions "
            "[wellformed.xinclude]") in result.output
    assert "run with --xinclude" in result.output


def test_parts_are_not_documents_of_their_own(edition: Path) -> None:
    corpus = without_parts(load_corpus([edition]))
    assert [m.name for m in corpus.members] == ["main.xml"]
    report = validate_paths([edition], ValidationOptions(skip=frozenset({"xsd", "schematron"}), xinclude=True))
    assert {o.name for o in report.documents} == {str(edition / "main.xml")}
    assert not [d for d in report.diagnostics if d.layer == "wellformed" and d.is_error]


def test_a_finding_in_an_included_file_names_that_file(edition: Path, tmp_path: Path) -> None:
    _write(edition / "parts" / "para.xml", _part(f'<p xmlns="{TEI}">broken <hi>part</p>'))
    result = parse_document(edition / "main.xml", "main.xml", xinclude=True)
    assert result.document is None
    errors = [(d.file, d.rule) for d in result.diagnostics if d.is_error]
    assert ("parts/para.xml", "wellformed.syntax") in errors
    assert ("parts/ch1.xml", "xinclude.not-included") in errors


def test_a_missing_file_without_fallback_is_an_error_and_the_document_is_not_built(edition: Path,
                                                                                   tmp_path: Path) -> None:
    (edition / "parts" / "para.xml").unlink()
    report = build_editions([edition], ["txt"], tmp_path / "out", xinclude=True)
    errors = [(d.file, d.line, d.column, d.rule, d.message) for d in report.diagnostics if d.is_error]
    assert errors == [("parts/ch1.xml", 4, 1, "xinclude.missing",
                       "xi:include of 'para.xml': parts/para.xml: no such file or directory")]
    assert not (tmp_path / "out" / "txt" / "main.txt").exists()


@pytest.fixture()
def trap(tmp_path: Path) -> Path:
    """A FIFO outside the document's folder: opening it for reading would block forever."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    fifo = folder / "secret.xml"
    os.mkfifo(fifo)
    return fifo


@pytest.fixture()
def loopback() -> Iterator[tuple[str, list[str]]]:
    with recording_server(b"<p>LEAKED</p>") as server:
        yield server


def test_nothing_outside_the_folder_is_included(tmp_path: Path, trap: Path,
                                                loopback: tuple[str, list[str]]) -> None:
    url, requests = loopback
    folder = tmp_path / "tei"
    (folder / "parts").mkdir(parents=True)
    os.symlink(trap, folder / "parts" / "link.xml")
    hrefs = [f"../elsewhere/{trap.name}", str(trap), trap.as_uri(), f"{url}/part.xml", "parts/link.xml",
             "parts/../../elsewhere/secret.xml"]
    body = "\n".join(f'<p><xi:include href="{href}"><xi:fallback>fell back</xi:fallback></xi:include></p>'
                     for href in hrefs)
    _write(folder / "main.xml", _main(body))
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["result"] = parse_document(folder / "main.xml", "main.xml", xinclude=True)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():
        with open(trap, "wb"):
            pass
        pytest.fail("a file outside the document's folder was opened")
    assert requests == []
    result = outcome["result"]
    found = [(d.line, d.rule) for d in result.diagnostics if d.is_error]  # type: ignore[attr-defined]
    assert found == [(line, "xinclude.outside-folder") for line in range(5, 5 + len(hrefs))]
    assert result.document is None  # type: ignore[attr-defined]


def test_include_loops_and_depth_are_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    _write(folder / "main.xml", _main('<xi:include href="a.xml"/>'))
    _write(folder / "a.xml", _part(f'<div xmlns="{TEI}" xmlns:xi="{XI}"><xi:include href="b.xml"/></div>'))
    _write(folder / "b.xml", _part(f'<div xmlns="{TEI}" xmlns:xi="{XI}"><xi:include href="a.xml"/></div>'))
    result = parse_document(folder / "main.xml", "main.xml", xinclude=True)
    assert [(d.file, d.rule) for d in result.diagnostics if d.is_error] == [("b.xml", "xinclude.loop")]

    deep = tmp_path / "deep"
    _write(deep / "main.xml", _main('<xi:include href="p0.xml"/>'))
    for level in range(MAX_DEPTH + 2):
        _write(deep / f"p{level}.xml", _part(f'<div xmlns="{TEI}" xmlns:xi="{XI}"><p>{level}</p>'
                                             f'<xi:include href="p{level + 1}.xml"/></div>'))
    result = parse_document(deep / "main.xml", "main.xml", xinclude=True)
    assert [d.rule for d in result.diagnostics if d.is_error] == ["xinclude.too-deep"]


def test_a_change_to_an_included_file_rebuilds_the_document(edition: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = build_editions([edition], ["txt"], output, xinclude=True)
    assert not first.has_errors, first.diagnostics
    assert "It begins. A nested part." in _words(output / "txt" / "main.txt")
    assert set(first.rebuilt) == {"txt:main.xml", "txt:corpus"}
    assert build_editions([edition], ["txt"], output, xinclude=True).nothing_rebuilt

    _write(edition / "parts" / "para.xml", _part(f'<p xmlns="{TEI}">A revised part.</p>'))
    second = build_editions([edition], ["txt"], output, xinclude=True)
    assert "txt:main.xml" in second.rebuilt
    assert "It begins. A revised part." in _words(output / "txt" / "main.txt")
    assert build_editions([edition], ["txt"], output, xinclude=True).nothing_rebuilt

    # the file the fallback stood in for appears: the document is built again with it
    _write(edition / "parts" / "later.xml", _part(f'<p xmlns="{TEI}">Chapter two, at last.</p>'))
    third = build_editions([edition], ["txt"], output, xinclude=True)
    assert "txt:main.xml" in third.rebuilt
    assert "Chapter two, at last." in _words(output / "txt" / "main.txt")


@pytest.mark.slow
def test_included_files_go_into_the_bag(edition: Path, tmp_path: Path) -> None:
    from teitools.deposit import check_bag

    bags = tmp_path / "bags"
    result = CliRunner().invoke(cli, ["deposit", "--xinclude", "--allow-invalid", "-o", str(bags), str(edition)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in bags.iterdir()) == ["main"]
    tei = bags / "main" / "data" / "tei"
    assert sorted(str(p.relative_to(tei)) for p in tei.rglob("*") if p.is_file()) == [
        "main.xml", "parts/ch1.xml", "parts/para.xml", "parts/quote.txt"]
    mets = (bags / "main" / "data" / "mets.xml").read_text(encoding="utf-8")
    assert "tei/parts/para.xml" in mets
    verification = check_bag(bags / "main")
    assert not [d for d in verification.diagnostics if d.rule != "deposit.tei-invalid"], verification.diagnostics
    assert "A nested part" in _words(bags / "main" / "data" / "editions" / "txt" / "main.txt")

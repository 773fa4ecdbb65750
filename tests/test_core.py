"""The core: safe parsing with positions, document discovery, the locked-down XSLT
engine, atomic writes and the three report formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import cli
from teitools.corpus import find_documents, parse_document
from teitools.diagnostics import Diagnostic, Severity, error, warning
from teitools.errors import InputError, TransformError
from teitools.files import write_atomically
from teitools.report import format_diagnostic, report_as_json, report_as_junit, report_as_text
from teitools.validate import DocumentOutcome, ValidationReport
from teitools.xslt import XsltEngine, handover_text

XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'


def test_element_positions_count_characters_not_bytes(tmp_path: Path) -> None:
    source = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>Điện Biên Phủ <persName ref="per:x">Nava</persName>\n'
              '  <date when="1954">1954</date><num value="2">hai</num></p></TEI>\n')
    path = tmp_path / "doc.xml"
    path.write_text(source, encoding="utf-8")
    document = parse_document(path).document
    assert document is not None
    positions = {etree.QName(e).localname: document.position(e) for e in document.root.iter()}
    assert positions == {"TEI": (2, 1), "p": (2, 42), "persName": (2, 59), "date": (3, 3), "num": (3, 32)}


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.xml"
    path.write_bytes(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<TEI/>')
    result = parse_document(path)
    assert result.document is not None and result.diagnostics == ()


def test_missing_declaration_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "nodecl.xml"
    path.write_text("<TEI/>", encoding="utf-8")
    result = parse_document(path)
    assert result.document is not None
    assert [(d.rule, d.severity) for d in result.diagnostics] == [("encoding.no-declaration", Severity.WARNING)]


def test_find_documents_expands_folders_in_order_and_lists_the_rest(tmp_path: Path) -> None:
    for name in ("b.xml", "a.xml", "sub/c.tei", "notes.txt", ".hidden/d.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    found = find_documents([tmp_path, tmp_path / "a.xml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.documents] == ["a.xml", "b.xml", "sub/c.tei"]
    assert [p.name for p in found.skipped] == ["notes.txt"]
    with pytest.raises(InputError, match="no such file or directory"):
        find_documents([tmp_path / "missing"])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> tuple[XsltEngine, Path]:
    folder = tmp_path_factory.mktemp("xsl")
    (folder / "common.xsl").write_text(
        f'<xsl:stylesheet version="3.0" {XSL}><xsl:template name="greeting"><g>hello</g></xsl:template>'
        '</xsl:stylesheet>')
    (folder / "main.xsl").write_text(
        '<xsl:stylesheet version="3.0" ' + XSL + ' xmlns:xs="http://www.w3.org/2001/XMLSchema" exclude-result-prefixes="xs">'
        '<xsl:import href="common.xsl"/>'
        '<xsl:param name="who" as="xs:string" select="\'nobody\'"/>'
        '<xsl:template match="/">'
        '<xsl:message>starting for <xsl:value-of select="$who"/></xsl:message>'
        '<r who="{$who}"><xsl:call-template name="greeting"/></r>'
        '<xsl:result-document href="side.txt" method="text">side output</xsl:result-document>'
        '</xsl:template></xsl:stylesheet>')
    return XsltEngine([folder / "main.xsl"]), folder


def test_engine_runs_imports_parameters_messages_and_captures_result_documents(
        engine: tuple[XsltEngine, Path]) -> None:
    xslt, folder = engine
    result = xslt.transform(xslt.stylesheet(folder / "main.xsl"), etree.fromstring("<a/>"), {"who": "Duy"})
    assert '<r who="Duy"><g>hello</g></r>' in result.output
    assert result.messages == ("starting for Duy",)
    assert list(result.documents.values()) == ["side output"]
    assert not (folder / "side.txt").exists()


def test_engine_cannot_read_files_or_urls(engine: tuple[XsltEngine, Path], tmp_path: Path) -> None:
    xslt, _ = engine
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    for expression in (f"unparsed-text('{secret.as_uri()}')", f"string(doc('{secret.as_uri()}'))",
                       "unparsed-text('http://127.0.0.1:9/x')", f"string(document('{secret.as_uri()}'))"):
        stylesheet = xslt.stylesheet_from_text(
            f'<xsl:stylesheet version="3.0" {XSL}><xsl:template match="/"><r><xsl:value-of select="{expression}"/>'
            '</r></xsl:template></xsl:stylesheet>', expression)
        with pytest.raises(TransformError, match="prohibited"):
            xslt.transform(stylesheet, etree.fromstring("<a/>"))


def test_engine_takes_document_bytes_only_without_a_doctype(engine: tuple[XsltEngine, Path], tmp_path: Path) -> None:
    """The bytes go to Saxon only when they cannot make it read anything; else the safe tree goes."""
    xslt, _ = engine
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET">')
    stylesheet = xslt.stylesheet_from_text(
        f'<xsl:stylesheet version="3.0" {XSL}><xsl:template match="/"><r><xsl:value-of select="count(//node())"/>'
        '|<xsl:value-of select="/*"/></r></xsl:template></xsl:stylesheet>', "count-nodes")
    plain = tmp_path / "plain.xml"
    plain.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<!-- before --><a>Điện <b>Biên</b></a>', encoding="utf-8")
    with_doctype = tmp_path / "doctype.xml"
    with_doctype.write_text(f'<!DOCTYPE a SYSTEM "{secret.as_uri()}"><a>Điện <b>Biên</b></a>', encoding="utf-8")
    plain_doc, doctype_doc = parse_document(plain).document, parse_document(with_doctype).document
    assert plain_doc is not None and doctype_doc is not None
    assert handover_text(plain_doc.root, plain_doc.source) == plain.read_text(encoding="utf-8")
    assert handover_text(doctype_doc.root, doctype_doc.source) is None
    from_bytes = xslt.transform(stylesheet, xslt.document(plain_doc.tree, source=plain_doc.source)).output
    from_tree = xslt.transform(stylesheet, xslt.document(doctype_doc.tree, source=doctype_doc.source)).output
    assert from_bytes.endswith("<r>5|Điện Biên</r>"), "the comment before the root came with the bytes"
    assert from_tree.endswith("<r>4|Điện Biên</r>") and "TOP-SECRET" not in from_tree


def test_engine_hands_a_document_over_once_for_the_formats_that_ask_in_a_row(engine: tuple[XsltEngine, Path],
                                                                             tmp_path: Path) -> None:
    xslt, _ = engine
    paths = [tmp_path / "one.xml", tmp_path / "two.xml"]
    for number, path in enumerate(paths, start=1):
        path.write_text(f"<a>{number}</a>", encoding="utf-8")
    one, two = (parse_document(path).document for path in paths)
    assert one is not None and two is not None
    node = xslt.document(one.tree, source=one.source)
    assert xslt.document(one.tree, source=one.source) is node  # html, txt, pdf, epub, each text of a teiCorpus
    other = xslt.document(two.tree, source=two.source)
    assert other is not node and str(other).endswith("<a>2</a>")
    assert xslt.document(one.tree, source=one.source) is not node  # only the last one is kept
    assert xslt.document(one.tree) is not xslt.document(one.tree)  # a tree without its bytes: every time


def test_engine_reports_runtime_errors_and_terminating_messages(engine: tuple[XsltEngine, Path]) -> None:
    xslt, _ = engine
    stylesheet = xslt.stylesheet_from_text(
        f'<xsl:stylesheet version="3.0" {XSL}><xsl:template match="/">'
        '<xsl:message terminate="yes">cannot go on</xsl:message></xsl:template></xsl:stylesheet>', "terminate")
    with pytest.raises(TransformError, match="^cannot go on"):
        xslt.transform(stylesheet, etree.fromstring("<a/>"))
    with pytest.raises(TransformError, match="nested 120 levels"):
        xslt.transform(stylesheet, etree.fromstring("<a>" * 120 + "</a>" * 120))
    with pytest.raises(TransformError, match="was not compiled"):
        xslt.stylesheet(Path("elsewhere.xsl"))


def test_write_atomically_leaves_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "edition.txt"
    write_atomically(target, b"first")
    monkeypatch.setattr("os.replace", lambda *_: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        write_atomically(target, b"second")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["edition.txt"]


def _report() -> ValidationReport:
    return ValidationReport(
        documents=(
            DocumentOutcome("a.xml", (error("a.xml", 3, 7, "relaxng", "relaxng.element-not-allowed",
                                            "element 'x' is not allowed here in 'p'", "allowed: hi, num"),
                                      warning("a.xml", 1, 1, "hygiene", "hygiene.not-nfc", "text not in NFC"))),
            DocumentOutcome("b.xml", ()),
        ),
        corpus_diagnostics=(error("b.xml", 2, 4, "references", "references.unresolved-id", "no id 'p1'"),),
    )


def test_text_report_is_compiler_style() -> None:
    assert report_as_text(_report()).splitlines() == [
        "a.xml:1:1: warning: text not in NFC [hygiene.not-nfc]",
        "a.xml:3:7: error: element 'x' is not allowed here in 'p' [relaxng.element-not-allowed]",
        "    hint: allowed: hi, num",
        "b.xml:2:4: error: no id 'p1' [references.unresolved-id]",
        "2 documents checked: 0 valid, 2 invalid; 2 errors, 1 warning",
    ]
    assert format_diagnostic(Diagnostic("c.xml", 0, 0, Severity.ERROR, "input", "input.unreadable", "gone")) \
        == "c.xml: error: gone [input.unreadable]"


def test_json_report_lists_documents_and_findings() -> None:
    payload = json.loads(report_as_json(_report()))
    assert [(d["file"], d["valid"], [f["rule"] for f in d["diagnostics"]]) for d in payload["documents"]] == [
        ("a.xml", False, ["hygiene.not-nfc", "relaxng.element-not-allowed"]),
        ("b.xml", False, ["references.unresolved-id"]),
    ]
    assert payload["summary"] == {"documents": 2, "errors": 2, "warnings": 1, "skipped": []}
    assert payload["documents"][0]["diagnostics"][1] == {
        "file": "a.xml", "line": 3, "column": 7, "severity": "error", "layer": "relaxng",
        "rule": "relaxng.element-not-allowed", "message": "element 'x' is not allowed here in 'p'",
        "hint": "allowed: hi, num"}


def test_junit_report_has_one_case_per_document() -> None:
    suites = etree.fromstring(report_as_junit(_report()).encode())
    cases = suites.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["a.xml", "b.xml"]
    assert suites.get("tests") == "2" and suites.get("failures") == "2"
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "relaxng.element-not-allowed"
    assert "a.xml:3:7: error: element 'x' is not allowed here in 'p'" in failure.text
    assert "hygiene.not-nfc" in cases[0].findtext("system-out")


@pytest.mark.parametrize("command", ["validate", "build", "deposit", "metadata"])
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and command in result.output

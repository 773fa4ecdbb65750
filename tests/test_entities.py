"""DOCTYPEs as archives bring them: internal entities expanded, nothing outside the document read,
undeclared entities named with the character they most likely stand for."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from teitools.build import build_editions
from teitools.corpus import parse_document
from teitools.validate import ValidationOptions, validate_paths

HEADER = ('<teiHeader><fileDesc><titleStmt><title>Entities</title></titleStmt><publicationStmt><p>p</p>'
          '</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>')


def _document(doctype: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
            f'{HEADER}\n<text><body>\n{body}\n</body></text></TEI>\n')


P4_STYLE = ('<!DOCTYPE TEI SYSTEM "../DTD/tei.dtd" [\n<!ENTITY % TEI.core "INCLUDE">\n'
            '<!ENTITY mdash "&#x2014;">\n<!ENTITY editor "<persName>Ann Editor</persName>">\n]>')


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_internal_entities_are_expanded_and_the_dtd_is_named_once(tmp_path: Path) -> None:
    doc = _write(tmp_path, "p4.xml", _document(P4_STYLE, "<p>Edited by &editor; &mdash; in 1890.</p>"))
    result = parse_document(doc)
    assert result.document is not None
    paragraph = result.document.root.find(".//{http://www.tei-c.org/ns/1.0}body/{http://www.tei-c.org/ns/1.0}p")
    assert "".join(paragraph.itertext()) == "Edited by Ann Editor \u2014 in 1890."
    assert paragraph[0].tag == "{http://www.tei-c.org/ns/1.0}persName"
    assert [(f.rule, f.severity.value, f.line, f.column) for f in result.diagnostics] == [
        ("wellformed.external-dtd", "warning", 2, 1)]
    assert "'../DTD/tei.dtd'" in result.diagnostics[0].message


def test_positions_stay_right_after_an_internal_subset(tmp_path: Path) -> None:
    doc = _write(tmp_path, "p4.xml", _document(P4_STYLE, "<p>&editor;</p>\n  <p>second <hi>x</hi></p>"))
    document = parse_document(doc).document
    assert document is not None
    tei = "{http://www.tei-c.org/ns/1.0}"
    hi = document.root.find(f".//{tei}hi")
    assert document.position(hi) == (11, 13)
    assert document.position(document.root.find(f".//{tei}body")) == (9, 7)


@pytest.mark.slow
def test_a_document_with_internal_entities_validates_like_the_same_text_written_out(tmp_path: Path) -> None:
    """Every layer reads the expanded tree, at the positions of the document's own lines."""
    body = '<p><bogus/> date <date when="1890-13-45">x</date></p>\n<p>{} &#x2014;</p>'
    with_entities = _write(tmp_path, "entities.xml", _document(P4_STYLE, body.format("&editor; &mdash;")))
    written_out = _write(tmp_path, "plain.xml", _document("<!--\n\n\n\n-->", body.format(
        "<persName>Ann Editor</persName> \u2014")))
    report = validate_paths([with_entities, written_out])
    found = report.findings_by_file()
    seen = {name: {(f.rule, f.line, f.column) for f in findings if f.rule != "wellformed.external-dtd"}
            for name, findings in found.items()}
    assert seen[str(with_entities)] == seen[str(written_out)]
    rules = {rule for rule, _, _ in seen[str(with_entities)]}
    assert any(rule.startswith("relaxng.") for rule in rules) and any(rule.startswith("dates.") for rule in rules)
    assert ("wellformed.external-dtd", 2, 1) in {(f.rule, f.line, f.column) for f in found[str(with_entities)]}


@pytest.mark.slow
def test_a_document_with_internal_entities_builds_in_every_format(tmp_path: Path) -> None:
    corpus = tmp_path / "tei"
    _write(corpus, "p4.xml", _document(P4_STYLE, "<p>Edited by &editor; &mdash; in 1890.</p>"))
    output = tmp_path / "out"
    report = build_editions([corpus], ["html", "txt", "pdf"], output)
    assert not report.has_errors, [d for d in report.diagnostics if d.is_error]
    text = (output / "txt" / "p4.txt").read_text(encoding="utf-8")
    assert "Edited by Ann Editor \u2014 in 1890." in " ".join(text.split())
    html = (output / "html" / "p4.html").read_text(encoding="utf-8")
    assert "Ann Editor" in html and "\u2014" in html and "DOCTYPE TEI SYSTEM" not in html
    assert (output / "pdf" / "p4.pdf").stat().st_size > 1000


def test_an_undeclared_entity_names_the_character_it_stands_for(tmp_path: Path) -> None:
    doc = _write(tmp_path, "p4.xml", _document('<!DOCTYPE TEI SYSTEM "tei2.dtd">',
                                               "<p>caf&eacute; &uuml;ber &eacute; &frobnicate;</p>"))
    result = parse_document(doc)
    assert result.document is None
    errors = [(f.line, f.column, f.rule, f.message) for f in result.diagnostics if f.is_error]
    assert errors == [
        (6, 7, "wellformed.undefined-entity", "&eacute; is not declared (the DTD 'tei2.dtd' is not read); "
         "it most likely stands for é (U+00E9 LATIN SMALL LETTER E WITH ACUTE)"),
        (6, 16, "wellformed.undefined-entity", "&uuml; is not declared (the DTD 'tei2.dtd' is not read); "
         "it most likely stands for ü (U+00FC LATIN SMALL LETTER U WITH DIAERESIS)"),
        (6, 35, "wellformed.undefined-entity", "&frobnicate; is not declared (the DTD 'tei2.dtd' is not read)"),
    ]
    hint = next(f.hint for f in result.diagnostics if f.is_error)
    assert '<!ENTITY eacute "&#xE9;">' in hint


def test_an_undeclared_entity_without_any_doctype_is_named_too(tmp_path: Path) -> None:
    doc = _write(tmp_path, "plain.xml", _document("", "<p>&mdash;</p>"))
    report = validate_paths([doc], ValidationOptions(skip=frozenset({"relaxng", "xsd", "schematron"})))
    errors = [f for f in report.diagnostics if f.is_error]
    assert [(f.rule, f.message) for f in errors] == [
        ("wellformed.undefined-entity", "&mdash; is not declared; it most likely stands for — (U+2014 EM DASH)")]


def test_an_undeclared_entity_in_an_attribute_is_not_dropped(tmp_path: Path) -> None:
    doc = _write(tmp_path, "attr.xml", _document('<!DOCTYPE TEI SYSTEM "tei2.dtd">', '<p n="caf&eacute;">x</p>'))
    result = parse_document(doc)
    assert result.document is None
    assert [f.rule for f in result.diagnostics if f.is_error] == ["wellformed.undefined-entity"]


def test_parameter_entities_are_not_read(tmp_path: Path) -> None:
    doc = _write(tmp_path, "pe.xml", _document(
        '<!DOCTYPE TEI [<!ENTITY % decls "<!ENTITY q \'quoted\'>"> %decls;]>', "<p>&q;</p>"))
    result = parse_document(doc)
    assert result.document is None
    assert [f.rule for f in result.diagnostics if f.is_error][0] == "wellformed.parameter-entity"
    assert "'%decls;'" in result.diagnostics[0].message


@pytest.mark.slow
def test_a_dtd_that_cannot_be_read_blocks_nothing(tmp_path: Path) -> None:
    """The DOCTYPE names a FIFO: opening it would block the build forever."""
    trap = tmp_path / "elsewhere" / "tei.dtd"
    trap.parent.mkdir()
    os.mkfifo(trap)
    corpus = tmp_path / "tei"
    _write(corpus, "p4.xml", _document(f'<!DOCTYPE TEI SYSTEM "{trap.as_uri()}" [<!ENTITY mdash "&#x2014;">]>',
                                       "<p>a &mdash; b</p>"))
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["report"] = build_editions([corpus], ["txt"], tmp_path / "out")

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the reader so that the test process can end, then fail
        with open(trap, "wb"):
            pass
        pytest.fail("the build opened the DTD")
    report = outcome["report"]
    assert not report.has_errors  # type: ignore[attr-defined]
    assert "a \u2014 b" in (tmp_path / "out" / "txt" / "p4.txt").read_text(encoding="utf-8")

"""The Schematron layer: ISO Schematron compiled to XSLT 3.0 and run through saxonche."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from teitools.corpus import ParsedDocument, parse_document
from teitools.diagnostics import Severity
from teitools.errors import SchemaError
from teitools.validate.schematron import SchematronSchema, compile_schematron, load_schematron
from teitools.xslt import XsltEngine

FIXTURES = Path(__file__).parent / "fixtures" / "layers" / "schematron"
E, W = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="module")
def engine() -> XsltEngine:
    return XsltEngine()


@pytest.fixture(scope="module")
def features_document() -> ParsedDocument:
    document = parse_document(FIXTURES / "features.xml").document
    assert document is not None
    return document


def findings(schema: SchematronSchema, document: ParsedDocument) -> list[tuple[str, Severity, int, int, str]]:
    return sorted((d.rule, d.severity, d.line, d.column, d.message) for d in schema.check(document))


def test_every_feature_reports_at_the_context_element(engine: XsltEngine, features_document: ParsedDocument) -> None:
    schema = SchematronSchema(FIXTURES / "features.sch", engine)
    assert findings(schema, features_document) == sorted([
        # report with role="info" → warning; the special rule wins over the generic p rule
        ("schematron.special-p-seen", W, 6, 9, "special paragraph special"),
        # <name/> in the message; whitespace-only paragraph is empty
        ("schematron.p-not-empty", E, 7, 9, "paragraph p is empty"),
        # abstract rule through extends; pattern-level let, rule-level let, value-of
        ("schematron.name-has-ref", E, 8, 62, "a persName without @ref"),
        ("schematron.persname-type", E, 8, 62, 'persName type "general" is not one of person, collective'),
        # every … satisfies, tokenize(), matches(); no id anywhere but the pattern's
        ("schematron.pointer-syntax", W, 9, 12, 'ref "pla:ha-noi pla:Bad" is not prefix:value'),
        # the included pattern (include from the schema's folder)
        ("schematron.num-value", E, 9, 68, 'num value "ba" is not a number'),
        # attribute context → the element holding the attribute; xs:date casts; flag="warn"
        ("schematron.when-valid", E, 10, 12, '@when "1950-13-01" is not a date'),
        ("schematron.when-future", W, 10, 45, "date 2030-01-02 after 2026"),
        # abstract pattern instantiated with param
        ("schematron.required-attribute", E, 12, 7, "a div needs @type"),
    ])


def test_diagnostics_become_the_hint_and_otherwise_the_rule_is_named(
        engine: XsltEngine, features_document: ParsedDocument) -> None:
    schema = SchematronSchema(FIXTURES / "features.sch", engine)
    hints = {d.rule: d.hint for d in schema.check(features_document)}
    assert hints["schematron.name-has-ref"] == "Add @ref pointing to the register entry of “Cogny”."
    assert hints["schematron.p-not-empty"] == "see rule p-not-empty in features.sch"
    assert all(d.layer == "schematron" and d.file == features_document.name
               for d in schema.check(features_document))


def test_phase_selects_patterns(engine: XsltEngine, features_document: ParsedDocument) -> None:
    schema = SchematronSchema(FIXTURES / "features.sch", engine, phase="dates-only")
    assert [d.rule for d in sorted(schema.check(features_document), key=lambda d: d.sort_key())] == [
        "schematron.when-valid", "schematron.when-future"]


def test_default_phase_and_phase_level_let(engine: XsltEngine, features_document: ParsedDocument) -> None:
    loose = SchematronSchema(FIXTURES / "phases.sch", engine)
    assert loose.check(features_document) == []
    strict = SchematronSchema(FIXTURES / "phases.sch", engine, phase="strict")
    assert [(d.line, d.message) for d in sorted(strict.check(features_document), key=lambda d: d.sort_key())] == [
        (line, "paragraph longer than 5 characters") for line in (8, 9, 10, 12)]
    with pytest.raises(SchemaError, match="phase 'nonexistent' is not defined"):
        SchematronSchema(FIXTURES / "phases.sch", engine, phase="nonexistent")


def test_schematron_embedded_in_an_odd(engine: XsltEngine, features_document: ParsedDocument) -> None:
    schema = SchematronSchema(FIXTURES / "odd.xml", engine)
    assert findings(schema, features_document) == sorted([
        ("schematron.odd-div-head", W, 5, 7, "div without head"),
        ("schematron.odd-div-head", W, 12, 7, "div without head"),
        ("schematron.odd-persname-ref", E, 8, 62, "persName needs @ref"),
    ])


def test_compiled_once_per_schema_object(engine: XsltEngine, features_document: ParsedDocument,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = engine.stylesheet_from_text

    def counting(text: str, key: str):  # type: ignore[no-untyped-def]
        calls.append(key)
        return original(text, key)

    monkeypatch.setattr(engine, "stylesheet_from_text", counting)
    schema = SchematronSchema(FIXTURES / "features.sch", engine)
    for _ in range(3):
        schema.check(features_document)
    assert len(calls) == 1


def test_compile_schematron_gives_xslt_3(features_document: ParsedDocument) -> None:
    xslt = etree.fromstring(compile_schematron(load_schematron(FIXTURES / "features.sch")).encode())
    assert xslt.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    assert xslt.get("version") == "3.0"


def test_hostile_schema_is_one_clean_error_and_reads_nothing(
        engine: XsltEngine, features_document: ParsedDocument, tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text("<secret>secret token 7f3a</secret>", encoding="utf-8")
    text = (FIXTURES / "hostile.sch").read_text(encoding="utf-8").replace("SECRET_URI", secret.as_uri())
    (tmp_path / "hostile.sch").write_text(text, encoding="utf-8")
    schema = SchematronSchema(tmp_path / "hostile.sch", engine)
    result = schema.check(features_document)
    assert len(result) == 1
    (finding,) = result
    assert (finding.rule, finding.severity, finding.line, finding.column) == ("schematron.runtime-error", E, 0, 0)
    assert "prohibited" in finding.message
    assert "7f3a" not in finding.message + finding.hint
    assert "\n" not in finding.message


def test_passwd_is_never_read(engine: XsltEngine, features_document: ParsedDocument, tmp_path: Path) -> None:
    text = (FIXTURES / "hostile.sch").read_text(encoding="utf-8").replace("SECRET_URI", "file:///etc/passwd")
    (tmp_path / "passwd.sch").write_text(text, encoding="utf-8")
    (finding,) = SchematronSchema(tmp_path / "passwd.sch", engine).check(features_document)
    assert finding.rule == "schematron.runtime-error"
    assert "root:" not in finding.message


def test_schema_that_does_not_compile_is_one_line_schema_error(engine: XsltEngine) -> None:
    with pytest.raises(SchemaError) as raised:
        SchematronSchema(FIXTURES / "broken.sch", engine)
    message = str(raised.value)
    assert "\n" not in message
    assert "broken.sch" in message and "schema line 6" in message and "XPST0003" in message


def _schema(tmp_path: Path, body: str, name: str = "schema.sch", binding: str = "xslt3") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="{binding}">'
        f'<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>{body}</schema>', encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "binding", "reason"), [
    ('<pattern documents="doc(\'x.xml\')"><rule context="*"><assert test="true()">x</assert></rule></pattern>',
     "xslt3", "@documents"),
    ('<include href="../outside.sch"/>', "xslt3", "outside the schema's folder"),
    ('<include href="https://example.org/rules.sch"/>', "xslt3", "refused"),
    ('<include href="missing.sch"/>', "xslt3", "no such file"),
    ('<pattern><rule context="*"><assert test="true()">x</assert></rule></pattern>', "stx", "queryBinding"),
    ('<pattern><rule context="tei:TEI"><report test="environment-variable(\'HOME\')">x</report></rule></pattern>',
     "xslt3", "environment"),
    ('<pattern><rule context="tei:TEI"><report test="function-lookup(xs:QName(\'fn:environment-variable\'), 1)'
     '(\'HOME\')">x</report></rule></pattern>', "xslt3", "environment"),
    ('<pattern><rule context="tei:TEI"><report test="exists(transform(map{}))">x</report></rule></pattern>',
     "xslt3", "evaluates code"),
    ('<ns prefix="saxon" uri="http://saxon.sf.net/"/>', "xslt3", "refused"),
    ('<pattern><rule context="*"><extends rule="nowhere"/></rule></pattern>', "xslt3", "no abstract rule"),
    ('<pattern><rule context="*"><assert test="true()" diagnostics="none">x</assert></rule></pattern>',
     "xslt3", "no sch:diagnostic"),
])
def test_unusable_schemas_are_refused(engine: XsltEngine, tmp_path: Path, body: str, binding: str,
                                      reason: str) -> None:
    (tmp_path / "inner").mkdir()
    (tmp_path / "outside.sch").write_text('<pattern xmlns="http://purl.oclc.org/dsdl/schematron"/>',
                                          encoding="utf-8")
    with pytest.raises(SchemaError, match=reason) as raised:
        SchematronSchema(_schema(tmp_path / "inner", body, binding=binding), engine)
    assert "\n" not in str(raised.value)


def test_include_by_fragment_from_the_schema_folder(engine: XsltEngine, features_document: ParsedDocument,
                                                    tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "included-pattern.sch", tmp_path / "library.sch")
    path = _schema(tmp_path, '<include href="library.sch#included"/>')
    assert [d.rule for d in SchematronSchema(path, engine).check(features_document)] == ["schematron.num-value"]


def test_first_matching_rule_wins_even_when_a_later_rule_is_more_specific(
        engine: XsltEngine, features_document: ParsedDocument, tmp_path: Path) -> None:
    path = _schema(tmp_path, """
      <pattern id="order">
        <rule context="tei:*" id="generic"><report test="self::tei:persName">generic</report></rule>
        <rule context="tei:persName[@type]" id="specific"><report test="true()">specific</report></rule>
      </pattern>
      <pattern id="independent">
        <rule context="tei:persName[@type]" id="other-pattern"><report test="true()">other pattern</report></rule>
      </pattern>""")
    result = sorted((d.rule, d.line, d.column) for d in SchematronSchema(path, engine).check(features_document))
    assert result == [("schematron.generic", 8, 12), ("schematron.generic", 8, 62),
                      ("schematron.other-pattern", 8, 62)]


def test_schema_level_xslt_functions_can_be_used(engine: XsltEngine, features_document: ParsedDocument,
                                                 tmp_path: Path) -> None:
    path = _schema(tmp_path, """
      <ns prefix="f" uri="urn:test:functions"/>
      <xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:test:functions"
                    xmlns:xs="http://www.w3.org/2001/XMLSchema" name="f:shout" as="xs:string">
        <xsl:param name="text" as="xs:string"/>
        <xsl:sequence select="upper-case($text)"/>
      </xsl:function>
      <pattern id="functions">
        <rule context="tei:persName[@type]"><report test="true()">name <value-of select="f:shout(.)"/></report></rule>
      </pattern>""")
    assert [d.message for d in SchematronSchema(path, engine).check(features_document)] == ["name COGNY"]


def test_compile_refuses_unresolved_includes() -> None:
    tree = etree.parse(str(FIXTURES / "features.sch"))
    with pytest.raises(SchemaError, match="load_schematron"):
        compile_schematron(tree)

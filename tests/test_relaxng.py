"""RELAX NG layer: pruned verdicts equal full verdicts (and jing's), messages, safety."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teitools.corpus import parse_document
from teitools.errors import SchemaError
from teitools.validate.relaxng import RelaxNGSchema
from teitools.validate.rng_load import read_grammar
from teitools.validate.rng_model import (
    AnyName,
    Attribute,
    Choice,
    Element,
    Empty,
    Group,
    Interleave,
    Name,
    NotAllowed,
    OneOrMore,
    Ref,
    Text,
)
from teitools.validate.rng_prune import attribute_names, element_names, inline_defines, prune
from teitools.validate.rng_write import grammar_xml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEI_ALL = SHARED / "schemas" / "tei" / "tei_all.rng"
PLAYS = SHARED / "corpora" / "gerdracor-sample"
FIXTURES = Path(__file__).parent / "fixtures" / "relaxng"
TEI = "http://www.tei-c.org/ns/1.0"

needs_shared = pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared reference material is not present")

#: rule, line, column, message part, hint part of the one finding in each invalid fixture
EXPECTED = {
    "unknown-element.xml": ("relaxng.element-not-allowed", 20, 9,
                            "element 'scene' is not allowed here in 'div' (the schema does not define it)",
                            "allowed in 'div' at this point: the end of 'div', ab,"),
    "wrong-place.xml": ("relaxng.element-not-allowed", 20, 9, "element 'head' is not allowed here in 'div'",
                        "allowed in 'div' at this point: the end of 'div',"),
    "missing-child.xml": ("relaxng.missing-element", 16, 3, "element 'text' is incomplete",
                          "'text' needs next one of: addSpan"),
    # sourceDesc occurs nowhere in the document, so pruning to its names alone admits nothing
    "missing-absent-child.xml": ("relaxng.missing-element", 4, 5, "element 'fileDesc' is incomplete",
                                 "'fileDesc' needs next one of: notesStmt, seriesStmt, sourceDesc"),
    "bad-attribute.xml": ("relaxng.attribute-not-allowed", 18, 7, "attribute 'colour' is not allowed on 'div'",
                          "attributes allowed on 'div': ana, cert,"),
    "bad-attribute-value.xml": ("relaxng.invalid-value", 19, 9,
                                "attribute 'xml:space' of 'p' has an invalid value 'keep'",
                                "allowed values: default, preserve"),
    "text-not-allowed.xml": ("relaxng.text-not-allowed", 17, 5, "text is not allowed in 'body'",
                             "put the text inside an element allowed in 'body', such as: ab,"),
    "missing-attribute.xml": ("relaxng.missing-attribute", 19, 22,
                              "element 'milestone' lacks the required attribute 'unit'", 'add unit="…"'),
}


def _document(path: Path):  # type: ignore[no-untyped-def]
    result = parse_document(path, name=path.name)
    assert result.document is not None, result.diagnostics
    return result.document


@pytest.fixture(scope="module")
def tei_all() -> RelaxNGSchema:
    return RelaxNGSchema(TEI_ALL)


@pytest.fixture(scope="module")
def unpruned_tei_all() -> etree.RelaxNG:
    """libxml2's own compilation of the whole of tei_all (about 10 s: once per module)."""
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


# ---------------------------------------------------------------- (a) verdicts


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.xml")), ids=lambda p: p.name)
def test_fixture_verdict_equals_unpruned(path: Path, tei_all: RelaxNGSchema,
                                         unpruned_tei_all: etree.RelaxNG) -> None:
    document = _document(path)
    assert (tei_all.check(document) == []) == unpruned_tei_all.validate(document.tree)
    assert (path.name == "valid.xml") == unpruned_tei_all.validate(document.tree)


@pytest.mark.slow
@needs_shared
def test_plays_verdicts_equal_unpruned_and_jing(tei_all: RelaxNGSchema, unpruned_tei_all: etree.RelaxNG) -> None:
    plays = sorted(PLAYS.glob("*.xml"))
    assert len(plays) == 25
    for path in plays:
        document = _document(path)
        findings = tei_all.check(document)
        assert (findings == []) == unpruned_tei_all.validate(document.tree), path.name
        if path.name == "alexander-die-verpfaendung.xml":
            # jing: line 208, column 14: element "stage" not allowed here
            assert [(f.line, f.rule) for f in findings] == [(208, "relaxng.element-not-allowed")]
            assert "'stage' is not allowed here in 'body'" in findings[0].message
            assert "the end of 'body'" in findings[0].hint
        else:
            assert findings == [], path.name
    # documents of one corpus share one compiled grammar after a few misses
    assert tei_all.compiled_grammar_count() <= 2


@pytest.mark.slow
@needs_shared
def test_order_of_documents_does_not_change_findings() -> None:
    fresh = RelaxNGSchema(TEI_ALL)
    alone = fresh.check(_document(PLAYS / "alexander-die-verpfaendung.xml"))
    other = RelaxNGSchema(TEI_ALL)
    for path in sorted(FIXTURES.glob("*.xml")):
        other.check(_document(path))
    assert other.check(_document(PLAYS / "alexander-die-verpfaendung.xml")) == alone


# ---------------------------------------------------------------- (b) findings


@needs_shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings(name: str, tei_all: RelaxNGSchema) -> None:
    rule, line, column, message, hint = EXPECTED[name]
    findings = tei_all.check(_document(FIXTURES / name))
    assert len(findings) == 1, findings
    finding = findings[0]
    assert (finding.file, finding.rule, finding.line, finding.column) == (name, rule, line, column)
    assert finding.layer == "relaxng" and finding.is_error
    assert message in finding.message
    assert hint in finding.hint


@needs_shared
def test_valid_fixture_has_no_findings(tei_all: RelaxNGSchema) -> None:
    assert tei_all.check(_document(FIXTURES / "valid.xml")) == []


@pytest.mark.slow
@needs_shared
def test_jing_agrees_on_fixtures(tei_all: RelaxNGSchema) -> None:
    jing = shutil.which("jing")
    assert jing is not None, "jing is not installed: the test set-up installs it (apt-get install jing)"
    paths = sorted(FIXTURES.glob("*.xml"))
    run = subprocess.run([jing, str(TEI_ALL), *map(str, paths)], capture_output=True, text=True, timeout=300)
    lines: dict[str, set[int]] = {}
    for match in re.finditer(r"^(.*?):(\d+):(\d+): error:", run.stdout, re.M):
        lines.setdefault(Path(match.group(1)).name, set()).add(int(match.group(2)))
    for path in paths:
        findings = tei_all.check(_document(path))
        assert bool(findings) == (path.name in lines), path.name
    # where jing points at the element itself, so do we
    for name in ("unknown-element.xml", "wrong-place.xml", "bad-attribute.xml", "bad-attribute-value.xml",
                 "missing-attribute.xml"):
        assert {f.line for f in tei_all.check(_document(FIXTURES / name))} == lines[name], name


# ---------------------------------------------------------------- (c) pruning

GRAMMAR = """<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:t"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="root"/></start>
  <define name="root"><element name="root">{content}</element></define>
  {defines}
</grammar>"""


def _grammar(tmp_path: Path, content: str, defines: str = ""):  # type: ignore[no-untyped-def]
    path = tmp_path / "g.rng"
    path.write_text(GRAMMAR.format(content=content, defines=defines), encoding="utf-8")
    return read_grammar(path)


def _names(*locals_: str) -> frozenset[tuple[str, str]]:
    return frozenset(("urn:t", local) for local in ("root", *locals_))


def _body(grammar, name: str = "root"):  # type: ignore[no-untyped-def]
    element = grammar.defines[name]
    assert isinstance(element, Element)
    return element.content


def test_choice_drops_pruned_alternative(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<choice><element name='a'><empty/></element><element name='b'><empty/></element></choice>")
    content = _body(prune(grammar, _names("a")))
    assert isinstance(content, Element) and content.name == Name("urn:t", "a")


def test_choice_of_only_pruned_alternatives_is_not_allowed(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<optional><choice><element name='a'><empty/></element>"
                                 "<element name='b'><empty/></element></choice></optional>")
    assert isinstance(_body(prune(grammar, _names())), Empty)


@pytest.mark.parametrize("wrapper", ["group", "interleave"])
def test_group_and_interleave_with_pruned_part_are_not_allowed(tmp_path: Path, wrapper: str) -> None:
    grammar = _grammar(tmp_path, f"<optional><{wrapper}><element name='a'><empty/></element>"
                                 f"<element name='b'><empty/></element></{wrapper}></optional>")
    assert isinstance(_body(prune(grammar, _names("a"))), Empty)
    kept = _body(prune(grammar, _names("a", "b")))
    assert isinstance(kept, Choice) and isinstance(kept.items[0], Group if wrapper == "group" else Interleave)


def test_one_or_more_of_pruned_is_not_allowed_and_makes_element_not_allowed(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<choice><text/><element name='a'><oneOrMore><element name='b'><empty/></element>"
                                 "</oneOrMore></element></choice>")
    assert isinstance(_body(prune(grammar, _names("a"))), Text)
    assert isinstance(_body(prune(grammar, _names("a", "b"))), Choice)


def test_attribute_with_not_allowed_content(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<optional><attribute name='x'><notAllowed/></attribute></optional>"
                                 "<optional><attribute name='y'/></optional>")
    content = _body(prune(grammar, _names()))
    assert isinstance(content, Choice) and isinstance(content.items[0], Attribute)
    assert content.items[0].name == Name("", "y")  # attribute names default to no namespace


def test_references_to_dead_defines_and_unreachable_defines_are_removed(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<zeroOrMore><choice><ref name='a'/><ref name='b'/></choice></zeroOrMore>",
                       "<define name='a'><element name='a'><ref name='c'/></element></define>"
                       "<define name='b'><element name='b'><empty/></element></define>"
                       "<define name='c'><element name='c'><empty/></element></define>"
                       "<define name='unused'><element name='a'><empty/></element></define>")
    pruned = prune(grammar, _names("a", "b"))  # no 'c': 'a' can never be complete
    assert set(pruned.defines) == {"root", "b"}
    content = _body(pruned)
    assert content == Choice((OneOrMore(Ref("b")), Empty()))
    assert "unused" not in prune(grammar, None).defines


def test_recursive_defines_terminate_and_keep_what_may_be_needed(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<ref name='list'/>",
                       "<define name='list'><element name='list'><zeroOrMore><ref name='list'/></zeroOrMore>"
                       "<optional><ref name='item'/></optional></element></define>"
                       "<define name='item'><element name='item'><text/></element></define>")
    pruned = prune(grammar, _names("list"))
    assert set(pruned.defines) == {"root", "list"}


def test_any_name_is_kept_when_some_element_matches(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<zeroOrMore><element><anyName><except><nsName/></except></anyName>"
                                 "<empty/></element></zeroOrMore>")
    assert isinstance(_body(prune(grammar, _names())), Empty)  # every name here is in urn:t
    foreign = _names() | {("urn:other", "x")}
    kept = _body(prune(grammar, foreign))
    assert isinstance(kept, Choice) and isinstance(kept.items[0].item, Element)
    assert isinstance(kept.items[0].item.name, AnyName)


def test_name_class_choice_and_ns_inheritance(tmp_path: Path) -> None:
    grammar = _grammar(tmp_path, "<element><choice><name>a</name><name ns='urn:o'>b</name></choice><empty/></element>")
    # ('urn:t', 'b') is not ('urn:o', 'b'): the only element of root is pruned, and so is root
    assert isinstance(prune(grammar, _names("b")).start, NotAllowed)
    assert isinstance(_body(prune(grammar, _names() | {("urn:o", "b")})), Element)


def test_combine_nested_grammar_and_parent_ref(tmp_path: Path) -> None:
    (tmp_path / "g.rng").write_text("""<grammar xmlns="http://relaxng.org/ns/structure/1.0">
      <start combine="choice"><ref name="x"/></start>
      <start combine="choice"><element name="y"><grammar>
          <start><element name="z"><parentRef name="x"/></element></start>
          <define name="x"><text/></define></grammar></element></start>
      <define name="x"><element name="x"><empty/></element></define>
      <define name="x" combine="choice"><element name="w"><empty/></element></define>
    </grammar>""", encoding="utf-8")
    grammar = read_grammar(tmp_path / "g.rng")
    assert set(grammar.defines) == {"x", "x.g1"}
    pruned = prune(grammar, frozenset({("", "y"), ("", "z"), ("", "x")}))
    assert pruned.defines["x"] == Element(Name("", "x"), Empty()) or isinstance(pruned.defines["x"], Element)
    schema = RelaxNGSchema(tmp_path / "g.rng")
    doc = tmp_path / "d.xml"
    doc.write_text("<y><z><x/></z></y>", encoding="utf-8")
    assert schema.check(_document(doc)) == []
    doc.write_text("<y><z>text</z></y>", encoding="utf-8")
    assert [f.rule for f in schema.check(_document(doc))] != []


def test_pruned_and_full_verdicts_agree_on_small_grammar(tmp_path: Path) -> None:
    grammar_path = tmp_path / "g.rng"
    grammar_path.write_text(GRAMMAR.format(
        content="<zeroOrMore><choice><ref name='a'/><ref name='b'/></choice></zeroOrMore>",
        defines="<define name='a'><element name='a'><attribute name='n'><data type='integer'/></attribute>"
                "</element></define><define name='b'><element name='b'><ref name='a'/></element></define>"),
        encoding="utf-8")
    full = etree.RelaxNG(etree.parse(str(grammar_path)))
    schema = RelaxNGSchema(grammar_path)
    for text in ('<root xmlns="urn:t"/>', '<root xmlns="urn:t"><a n="1"/></root>', '<root xmlns="urn:t"><b/></root>',
                 '<root xmlns="urn:t"><b><a n="x"/></b></root>', '<root xmlns="urn:t"><c/></root>'):
        doc = tmp_path / "d.xml"
        doc.write_text(text, encoding="utf-8")
        document = _document(doc)
        assert (schema.check(document) == []) == full.validate(document.tree), text


ATTRIBUTE_GRAMMAR = dict(
    content="<optional><attribute name='x'><value>1</value></attribute></optional>"
            "<zeroOrMore><choice><ref name='classes'/><text/></choice></zeroOrMore>",
    defines="<define name='classes'><choice><ref name='inner'/><choice><ref name='a'/><ref name='b'/></choice>"
            "</choice></define><define name='inner'><choice><ref name='a'/><ref name='c'/></choice></define>"
            "<define name='a'><element name='a'><attribute name='n'><data type='integer'/></attribute>"
            "<optional><attribute name='m'/></optional><optional><attribute><anyName><except><name>n</name>"
            "<name>m</name><nsName ns=''/></except></anyName></attribute></optional></element></define>"
            "<define name='b'><element name='b'><zeroOrMore><ref name='classes'/></zeroOrMore></element></define>"
            "<define name='c'><element name='c'><empty/></element></define>")

ATTRIBUTE_CASES = (
    '<root xmlns="urn:t"/>', '<root xmlns="urn:t" x="1"/>', '<root xmlns="urn:t" x="2"/>',
    '<root xmlns="urn:t" y="1"/>', '<root xmlns="urn:t">t<a n="1"/>t</root>', '<root xmlns="urn:t"><a/></root>',
    '<root xmlns="urn:t"><a n="1" m="q"/></root>', '<root xmlns="urn:t"><a n="1" z="q"/></root>',
    '<root xmlns="urn:t" xmlns:o="urn:o"><a n="1" o:z="q"/></root>', '<root xmlns="urn:t"><b><c/><a n="2"/></b></root>',
    '<root xmlns="urn:t"><b><c m="1"/></b></root>', '<root xmlns="urn:t"><c/><d/></root>')


def test_attribute_pruning_and_inlining_keep_every_verdict(tmp_path: Path) -> None:
    grammar_path = tmp_path / "g.rng"
    grammar_path.write_text(GRAMMAR.format(**ATTRIBUTE_GRAMMAR), encoding="utf-8")
    full = etree.RelaxNG(etree.parse(str(grammar_path)))
    grammar = read_grammar(grammar_path)
    for text in ATTRIBUTE_CASES:
        document = _document(_write_doc(tmp_path, text))
        expected = full.validate(document.tree)
        pruned = prune(grammar, element_names(document.root.iter()), attribute_names(document.root.iter()))
        fast = None if isinstance(pruned.start, NotAllowed) else etree.RelaxNG(
            etree.fromstring(grammar_xml(inline_defines(pruned))))
        assert (fast is not None and fast.validate(document.tree)) == expected, text
        assert (RelaxNGSchema(grammar_path).check(document) == []) == expected, text


def test_inlining_leaves_one_define_per_element_and_flat_choices(tmp_path: Path) -> None:
    grammar_path = tmp_path / "g.rng"
    grammar_path.write_text(GRAMMAR.format(**ATTRIBUTE_GRAMMAR), encoding="utf-8")
    inlined = inline_defines(prune(read_grammar(grammar_path), None))
    assert all(isinstance(body, Element) for body in inlined.defines.values())
    assert len(inlined.defines) == 4  # root, a, b, c
    body_of_b = next(b for b in inlined.defines.values() if b.name == Name("urn:t", "b")).content
    choice = body_of_b.items[0].item if isinstance(body_of_b, Choice) else body_of_b.item
    assert isinstance(choice, Choice) and len(choice.items) == 3  # a, c, b once each, no nesting
    assert all(isinstance(item, Ref) for item in choice.items)


def _write_doc(folder: Path, text: str) -> Path:
    path = folder / "d.xml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- (d) hostile schemas


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("reference", [
    '<externalRef href="http://example.org/evil.rng"/>',
    '<externalRef href="file:///etc/passwd"/>',
])
def test_external_ref_to_url_is_refused(tmp_path: Path, no_network: None, reference: str) -> None:
    path = tmp_path / "g.rng"
    path.write_text(GRAMMAR.format(content=reference, defines=""), encoding="utf-8")
    with pytest.raises(SchemaError, match="refused"):
        RelaxNGSchema(path)


@pytest.mark.parametrize("href", ["/etc/passwd", "../outside.rng", "sub/../../outside.rng"])
def test_include_outside_the_schema_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      no_network: None, href: str) -> None:
    folder = tmp_path / "schema"
    folder.mkdir()
    (tmp_path / "outside.rng").write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"/>')
    path = folder / "g.rng"
    path.write_text(f'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="{href}"/>'
                    '<start><element name="a"><empty/></element></start></grammar>', encoding="utf-8")
    read: list[Path] = []
    original = Path.read_bytes

    def recording(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    with pytest.raises(SchemaError, match="refused"):
        RelaxNGSchema(path)
    assert read == [path.resolve()]


def test_include_inside_the_schema_folder_is_resolved(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "base.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="a"/></start>'
        '<define name="a"><element name="a"><empty/></element></define></grammar>', encoding="utf-8")
    path = tmp_path / "g.rng"
    path.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="parts/base.rng">'
                    '<define name="a"><element name="b"><empty/></element></define></include></grammar>',
                    encoding="utf-8")
    schema = RelaxNGSchema(path)
    doc = tmp_path / "d.xml"
    doc.write_text("<b/>", encoding="utf-8")
    assert schema.check(_document(doc)) == []
    doc.write_text("<a/>", encoding="utf-8")
    findings = schema.check(_document(doc))
    assert [f.rule for f in findings] == ["relaxng.element-not-allowed"]
    assert "allows as document element: b" in findings[0].hint


def test_unreadable_schema_is_one_line_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "g.rng"
    path.write_text("<grammar", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        RelaxNGSchema(path)
    assert "\n" not in str(caught.value)

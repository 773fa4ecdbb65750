"""The hygiene layer: NFC, problematic code points and xml:lang tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.corpus import parse_document
from teitools.diagnostics import Severity
from teitools.validate.hygiene import check_text_hygiene, problematic_code_point

FIXTURE = Path(__file__).parent / "fixtures" / "layers" / "hygiene" / "hygiene.xml"


def test_findings_in_the_fixture() -> None:
    document = parse_document(FIXTURE, name="hygiene.xml").document
    assert document is not None
    result = check_text_hygiene(document)
    assert all(d.severity is Severity.WARNING and d.layer == "hygiene" for d in result)
    found = sorted((d.rule, d.line, d.column, d.message) for d in result)
    nfc_hanoi = ("“a\u0300” (U+0061 U+0300) → “\u00e0” (U+00E0); "
                 "“o\u0302\u0323” (U+006F U+0302 U+0323) → “\u1ed9” (U+1ED9)")
    assert found == sorted([
        ("hygiene.not-nfc", 6, 7, f"the text of <p> is not in Unicode NFC: {nfc_hanoi}"),
        ("hygiene.not-nfc", 7, 10, f"@n is not in Unicode NFC: {nfc_hanoi}"),
        ("hygiene.control-character", 8, 7, "the text of <p> contains U+200B ZERO WIDTH SPACE, "
         "an invisible zero-width or direction mark (first at character 5)"),
        ("hygiene.control-character", 8, 7, "the text of <p> contains U+202E RIGHT-TO-LEFT OVERRIDE, "
         "a bidirectional control (first at character 21)"),
        ("hygiene.control-character", 8, 7, "the text of <p> contains U+202C POP DIRECTIONAL FORMATTING, "
         "a bidirectional control (first at character 30)"),
        ("hygiene.control-character", 9, 7, "the text of <p> contains U+0085, a control character "
         "(first at character 4)"),
        ("hygiene.control-character", 9, 7, "the text of <p> contains U+FFFD REPLACEMENT CHARACTER, "
         "the replacement character (text lost in a conversion) (first at character 20)"),
        ("hygiene.control-character", 9, 7, "the text of <p> contains U+E000, a private-use character "
         "(first at character 36)"),
        ("hygiene.invalid-language-tag", 10, 7, 'xml:lang="vn" is not a registered BCP 47 language tag'),
        ("hygiene.invalid-language-tag", 11, 7, 'xml:lang="en_US" is not a well-formed BCP 47 tag'),
        ("hygiene.invalid-language-tag", 12, 7, 'xml:lang="foo-bar-baz" is not a registered BCP 47 language tag'),
        ("hygiene.not-nfc", 14, 7, "the text of <p> is not in Unicode NFC: “\u212b” (U+212B) → “\u00c5” (U+00C5)"),
    ])
    hints = {(d.line, d.rule): d.hint for d in result}
    assert hints[(11, "hygiene.invalid-language-tag")] == 'did you mean xml:lang="en-US"?'


def test_text_of_children_belongs_to_the_child(tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>clean <hi>bad\u200b</hi> clean</p>\n</TEI>',
                    encoding="utf-8")
    document = parse_document(path).document
    assert document is not None
    assert [(d.line, d.column) for d in check_text_hygiene(document)] == [(2, 10)]


@pytest.mark.parametrize(("character", "problem"), [
    ("\t", False), ("\n", False), ("a", False), ("ạ", False), ("\u00a0", False), ("\u00ad", False),
    ("\u0085", True), ("\u009f", True), ("\ufffd", True), ("\u200b", True), ("\u200f", True), ("\u202a", True),
    ("\u2066", True), ("\u2069", True), ("\ue000", True), ("\U000f0000", True), ("\ufeff", True), ("\ufdd0", True),
])
def test_problematic_code_points(character: str, problem: bool) -> None:
    assert (problematic_code_point(character) is not None) is problem


def test_the_one_pass_class_finds_exactly_the_problematic_code_points() -> None:
    from teitools.validate.hygiene import _PROBLEMATIC

    differing = [point for point in range(0x110000) if 0xD800 > point or point > 0xDFFF
                 if bool(_PROBLEMATIC.fullmatch(chr(point))) != bool(problematic_code_point(chr(point)))]
    assert differing == []


@pytest.mark.parametrize("text", [
    "e\u0301",                 # decomposed: the mark composes with the letter before it
    "a\u0301 after a tag",     # the same at the start of a text node
    "\u212b",                  # a singleton that NFC replaces
    "a\u0323\u0302 ordered",   # marks in canonical order, then composed
    "\u1100\u1161",            # Hangul jamo that compose into a syllable
    "a&#x0301;",               # the mark written as a character reference
    "&#x85;",                  # a control character written as a reference
    "\u200b",
])
def test_the_source_screen_never_hides_a_finding(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
                    f'<p>Dürer — «ok» <hi>x</hi>{text}</p><p n="{text}">y</p></TEI>', encoding="utf-8")
    document = parse_document(path).document
    assert document is not None
    from teitools.validate.hygiene import _text_findings_per_element

    found = check_text_hygiene(document)
    assert found == _text_findings_per_element(document)  # what reading every element finds
    assert {d.rule for d in found} in ({"hygiene.not-nfc"}, {"hygiene.control-character"})


def test_plain_text_with_composed_letters_and_typography_passes_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
                    "<p>Hà Nội, Điện Biên Phủ — „Dürer“ « ça » 1950–1954 … ©</p></TEI>", encoding="utf-8")
    document = parse_document(path).document
    assert document is not None
    assert check_text_hygiene(document) == []

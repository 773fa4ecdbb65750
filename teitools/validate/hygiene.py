"""Text hygiene: Unicode NFC, problematic code points and language tags.

Every finding is a warning at the element that holds the text (an element's own text
and the tails of its children belong to it) or the attribute.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import langcodes
from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import XML_NS
from teitools.diagnostics import Diagnostic, warning
from teitools.validate.attributes import XML_LANG, AttributeIndex, AttributeIndexer, Found

LAYER = "hygiene"

_MAX_REPORTED = 3
#: BCP 47 syntax: alphanumeric subtags of 1 to 8 characters joined by hyphens.
_WELL_FORMED_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def problematic_code_point(character: str) -> str | None:
    """Why ``character`` does not belong in edition text, or None if it is fine."""
    point = ord(character)
    if (point < 0x20 and character not in "\t\n\r") or 0x7F <= point <= 0x9F:
        return "a control character"
    if point == 0xFFFD:
        return "the replacement character (text lost in a conversion)"
    if 0x200B <= point <= 0x200F or point in (0x2060, 0xFEFF):
        return "an invisible zero-width or direction mark"
    if 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        return "a bidirectional control"
    if point in (0x2028, 0x2029):
        return "a line or paragraph separator"
    if 0xE000 <= point <= 0xF8FF or point >= 0xF0000:
        return "a private-use character"
    if 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE:
        return "a noncharacter"
    return None


#: One class of every code point :func:`problematic_code_point` objects to.
_PROBLEMATIC = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ue000-\uf8ff\ufdd0-\ufdef\U000f0000-\U0010ffff"
    "\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff]")
#: The bytes of plain ASCII text: UTF-8 without them keeps every other character whole.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_LANGUAGE_INDEXER = AttributeIndexer([XML_LANG])


def check_text_hygiene(document: ParsedDocument, attributes: AttributeIndex | None = None) -> list[Diagnostic]:
    """Non-NFC text, problematic code points and invalid ``xml:lang`` values.

    The source is screened first in one pass: a document whose characters are all plain
    and composed needs no look at its elements (nearly every document).  Only a
    document that fails the screen is read element by element.
    """
    findings: list[Diagnostic] = []
    if not _plainly_clean(document.source):
        findings.extend(_text_findings_per_element(document))
    index = attributes if attributes is not None else _LANGUAGE_INDEXER.index(document.root)
    findings.extend(_language_findings(document, index.values(XML_LANG)))
    return findings


def _plainly_clean(source: bytes) -> bool:
    """True when the UTF-8 source holds no problematic character and nothing that could be
    non-NFC: every non-ASCII character is a starter that composes with nothing.
    False means "look closer", never "there is a problem"."""
    body = source[3:] if source.startswith(codecs.BOM_UTF8) else source
    if b"&#" in body:
        return False  # a character reference can stand for anything
    try:
        rare = body.translate(None, _PLAIN_ASCII).decode("utf-8")
    except UnicodeDecodeError:
        return False  # UTF-16: read element by element
    if not rare:
        return True
    characters = set(rare)
    if _PROBLEMATIC.search("".join(characters)):
        return False
    return characters.isdisjoint(_maybe_not_composed()) and all(
        unicodedata.is_normalized("NFC", c) and not unicodedata.combining(c) for c in characters)


def load_character_tables() -> None:
    """Compute the character tables of the screen now (in a parent, before workers fork)."""
    _maybe_not_composed()


@cache
def _maybe_not_composed() -> frozenset[str]:
    """Characters that can combine with the character before them under NFC: every
    non-first character of a canonical decomposition, and the Hangul vowel and final jamo."""
    found: set[str] = set(map(chr, range(0x1161, 0x1176))) | set(map(chr, range(0x11A8, 0x11C3)))
    for point in range(0x80, 0x30000):
        decomposition = unicodedata.decomposition(chr(point))
        if decomposition and not decomposition.startswith("<"):
            found.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    return frozenset(found)


def _text_findings_per_element(document: ParsedDocument) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for element in document.root.iter(etree.Element):
        text = _own_text(element)
        if text and _needs_look(text):
            line, column = document.position(element)
            label = f"the text of <{etree.QName(element).localname}>"
            findings.extend(_text_findings((document.name, line, column, LAYER), label, text))
        for name, value in element.attrib.items():
            if _needs_look(value):
                line, column = document.position(element)
                findings.extend(_text_findings((document.name, line, column, LAYER),
                                               f"@{_attribute_label(name)}", value))
    return findings


def _needs_look(text: str) -> bool:
    return bool(_PROBLEMATIC.search(text)) or not unicodedata.is_normalized("NFC", text)


def _language_findings(document: ParsedDocument, tags: list[Found]) -> list[Diagnostic]:
    """Each distinct tag is judged once; a bad one is reported on every element that has it."""
    bad = {tag for tag in {tag for _, tag in tags}
           if tag and not (_WELL_FORMED_TAG.match(tag) and langcodes.tag_is_valid(tag))}
    findings: list[Diagnostic] = []
    for element, tag in tags:
        if tag in bad:
            line, column = document.position(element)
            finding = _language_finding((document.name, line, column, LAYER), tag)
            if finding is not None:
                findings.append(finding)
    return findings


def _own_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)


def _attribute_label(name: str) -> str:
    if name.startswith(f"{{{XML_NS}}}"):
        return "xml:" + name.split("}", 1)[1]
    return name.split("}", 1)[1] if "}" in name else name


def _text_findings(where: tuple[str, int, int, str], label: str, text: str) -> list[Diagnostic]:
    findings = []
    if not unicodedata.is_normalized("NFC", text):
        changes = list(dict.fromkeys(_non_nfc_clusters(text)))
        shown = "; ".join(f"“{old}” ({_code_points(old)}) → “{new}” ({_code_points(new)})"
                          for old, new in changes[:_MAX_REPORTED])
        more = f" and {len(changes) - _MAX_REPORTED} more" if len(changes) > _MAX_REPORTED else ""
        findings.append(warning(*where, "hygiene.not-nfc",
                                f"{label} is not in Unicode NFC: {shown or 'its composition changes'}{more}",
                                "normalise the file to NFC (precomposed characters), e.g. with "
                                "unicodedata.normalize('NFC', text) or your editor's normalisation command"))
    seen: dict[str, int] = {}
    for match in _PROBLEMATIC.finditer(text):
        seen.setdefault(match.group(), match.start())
    for character, offset in seen.items():
        name = unicodedata.name(character, "")
        findings.append(warning(*where, "hygiene.control-character",
                                f"{label} contains U+{ord(character):04X}{' ' + name if name else ''}, "
                                f"{problematic_code_point(character)} (first at character {offset + 1})",
                                "remove the character, or replace it with what the source shows"))
    return findings


def _non_nfc_clusters(text: str) -> Iterator[tuple[str, str]]:
    """Each base character with its combining marks whose NFC form differs."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0:
            cluster = text[start:index]
            normal = unicodedata.normalize("NFC", cluster)
            if cluster != normal:
                yield cluster, normal
            start = index


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in text)


def _language_finding(where: tuple[str, int, int, str], tag: str) -> Diagnostic | None:
    well_formed = bool(_WELL_FORMED_TAG.match(tag))
    if well_formed and langcodes.tag_is_valid(tag):
        return None
    suggestion = _suggested_tag(tag)
    reason = "is not a registered BCP 47 language tag" if well_formed else "is not a well-formed BCP 47 tag"
    hint = (f"did you mean xml:lang=\"{suggestion}\"?" if suggestion
            else "use a registered BCP 47 tag such as vi, en, fr or zh-Hant (IANA language subtag registry)")
    return warning(*where, "hygiene.invalid-language-tag", f"xml:lang=\"{tag}\" {reason}", hint)


def _suggested_tag(tag: str) -> str | None:
    try:
        standard = langcodes.standardize_tag(tag)
    except (ValueError, LookupError):
        return None
    if standard != tag and _WELL_FORMED_TAG.match(standard) and langcodes.tag_is_valid(standard):
        return standard
    return None

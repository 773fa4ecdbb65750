"""Text hygiene: Unicode NFC, problematic code points and language tags.

Every finding is a warning at the element that holds the text (an element's own text
and the tails of its children belong to it) or the attribute.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import langcodes
from lxml import etree

from teitools.corpus import XML_NS, ParsedDocument
from teitools.diagnostics import Diagnostic, warning

LAYER = "hygiene"

_XML_LANG = f"{{{XML_NS}}}lang"
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


def check_text_hygiene(document: ParsedDocument) -> list[Diagnostic]:
    """Non-NFC text, problematic code points and invalid ``xml:lang`` values."""
    findings: list[Diagnostic] = []
    for element in document.root.iter():
        if not isinstance(element.tag, str):
            continue
        line, column = document.position(element)
        where = (document.name, line, column, LAYER)
        text = _own_text(element)
        if text:
            findings.extend(_text_findings(where, f"the text of <{etree.QName(element).localname}>", text))
        for name, value in element.attrib.items():
            label = f"@{_attribute_label(name)}"
            findings.extend(_text_findings(where, label, value))
        language = element.get(_XML_LANG)
        if language:
            finding = _language_finding(where, language)
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
    for offset, character in enumerate(text):
        if character not in seen and problematic_code_point(character):
            seen[character] = offset
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

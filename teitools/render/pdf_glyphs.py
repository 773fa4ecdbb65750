"""Characters of a document that the print edition's fonts cannot show.

Every character of the printed parts of a document (the file description of the header,
which makes the title page, and the ``text``) is looked up in the fonts the Typst page
design uses; each character none of them has is reported once per document, at its first
occurrence, with the number of further occurrences.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS
from teitools.diagnostics import Diagnostic, warning
from teitools.render.pdf_fonts import GlyphCoverage

LAYER = "pdf"
RULE = "pdf.missing-glyph"

#: Unicode categories that are not drawn (controls, format characters, separators).
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp"})


@dataclass(frozen=True, slots=True)
class MissingGlyph:
    """A character without a glyph: where it first occurs and how often."""

    character: str
    element: etree._Element
    occurrences: int


def character_label(character: str) -> str:
    """``U+1F600 GRINNING FACE`` (the number alone for a character without a name)."""
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    return f"{code} {name}" if name else code


def printed_elements(document: ParsedDocument) -> list[etree._Element]:
    """The elements whose text reaches the PDF: the header's fileDesc and the text."""
    root = document.root
    parts = root.findall(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc") + root.findall(f"{{{TEI_NS}}}text")
    if not parts and root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        parts = [root]
    if root.tag == f"{{{TEI_NS}}}teiCorpus":
        parts += root.findall(f"{{{TEI_NS}}}TEI/{{{TEI_NS}}}text")
    return parts


def find_missing_glyphs(document: ParsedDocument, coverage: GlyphCoverage) -> tuple[MissingGlyph, ...]:
    """Each character of the printed text that no font of ``coverage`` has, in order of first use."""
    first: dict[str, etree._Element] = {}
    counts: dict[str, int] = {}
    for part in printed_elements(document):
        for element in part.iter():
            if not isinstance(element.tag, str):
                continue
            pieces = [(element.text or "", element)]
            pieces += [(child.tail or "", element) for child in element if child.tail]
            for text, owner in pieces:
                for character in text:
                    if _is_drawn(character) and not coverage.covers(character):
                        first.setdefault(character, owner)
                        counts[character] = counts.get(character, 0) + 1
    return tuple(MissingGlyph(character, element, counts[character]) for character, element in first.items())


def missing_glyph_diagnostics(document: ParsedDocument, coverage: GlyphCoverage) -> tuple[Diagnostic, ...]:
    """One warning per character that would print as a missing-glyph box."""
    families = ", ".join(coverage.families)
    findings: list[Diagnostic] = []
    for missing in find_missing_glyphs(document, coverage):
        line, column = document.position(missing.element)
        more = missing.occurrences - 1
        findings.append(warning(
            document.name, line, column, LAYER, RULE,
            f"{character_label(missing.character)} ('{missing.character}') in <{etree.QName(missing.element).localname}> "
            f"has no glyph in the fonts of the print edition ({families}); the PDF shows {placeholder(missing.character)} instead"
            + (f" (and {more} more occurrence{'s' if more > 1 else ''} in this document)" if more else ""),
            "replace the character, or describe it with <g> or <gap>; the PDF keeps the fonts bundled with Typst"))
    return tuple(findings)


def placeholder(character: str) -> str:
    """What the PDF shows instead of a character without a glyph: ``‹U+1F600›``.

    PDF/A forbids missing glyphs (Typst refuses to write one), so the character is
    replaced by its code point; the placeholder contains no Typst markup character that
    could start code or markup in any position (text, content block or string literal).
    """
    return f"\u2039U+{ord(character):04X}\u203a"


def substitute_missing_glyphs(markup: str, coverage: GlyphCoverage) -> str:
    """``markup`` with every drawn character the fonts lack replaced by its placeholder."""
    missing = {character for character in set(markup) if _is_drawn(character) and not coverage.covers(character)}
    if not missing:
        return markup
    return "".join(placeholder(character) if character in missing else character for character in markup)


def _is_drawn(character: str) -> bool:
    return not character.isspace() and unicodedata.category(character) not in _NOT_DRAWN

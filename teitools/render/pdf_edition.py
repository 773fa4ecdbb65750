"""One document to one PDF/A-3b print edition: XSLT to Typst, glyph check, Typst compile.

This is the work of :class:`teitools.render.pdf.PdfRenderer` without the renderer
interface, so that it can be called (and tested) on any parsed document.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error, warning
from teitools.errors import TransformError
from teitools.render.pdf_fonts import GlyphCoverage, bundled_faces, coverage_of
from teitools.render.pdf_glyphs import LAYER, missing_glyph_diagnostics, substitute_missing_glyphs
from teitools.render.pdf_typst import MAIN_FILE, compile_pdf
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

#: The entry stylesheet and the Typst page design it writes for.
STYLESHEET = stylesheet_path("print", "typst.xsl")
PAGE_DESIGN = stylesheet_path("print", "edition.typ")
PAGE_DESIGN_NAME = "edition.typ"

#: The font families the page design sets text in (xslt/print/edition.typ, tt-fonts).
FONT_FAMILIES = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(xml|tei)$")
_UNKNOWN_ELEMENT = re.compile(r"^unknown element (\S+) at (\S+)$")
_PATH_STEP = re.compile(r"^Q\{([^}]*)\}([^\[]+)\[(\d+)\]$")


@functools.cache
def bundled_coverage() -> GlyphCoverage:
    """The characters the page design's fonts (bundled with typst) can print.

    Read from the typst package once per process, when a PDF is first made.
    """
    return coverage_of(FONT_FAMILIES, bundled_faces())


@dataclass(frozen=True, slots=True)
class PdfEdition:
    """The PDF (None if it could not be made) and every finding on the way."""

    pdf: bytes | None
    diagnostics: tuple[Diagnostic, ...] = ()
    typst_markup: str = field(default="", repr=False)


def attachment_name(path: Path) -> str:
    """The name the TEI source is attached under: its own file name when that is plain."""
    name = path.name
    return name if _SAFE_NAME.match(name) else "source.xml"


def render_pdf_edition(
    engine: XsltEngine,
    document: ParsedDocument,
    *,
    document_href: str,
    registers: etree._ElementTree | etree._Element | None,
    coverage: GlyphCoverage,
    timestamp: int | None = None,
) -> PdfEdition:
    """Transform, check glyphs and compile one document; never raises for a bad document."""
    attached = attachment_name(document.path)
    parameters = {
        "document-href": document_href,
        "attachment-name": attached,
        "library-name": PAGE_DESIGN_NAME,
        "registers": registers,
    }
    try:
        result = engine.transform(engine.stylesheet(STYLESHEET), document.tree, parameters)
    except TransformError as exc:
        return PdfEdition(None, (error(document.name, 0, 0, LAYER, "pdf.transform-failed",
                                       f"the print stylesheet failed: {exc}",
                                       "fix the document at the place the message names; the other editions are not affected"),))
    findings = [message_diagnostic(document, message) for message in result.messages]
    findings.extend(missing_glyph_diagnostics(document, coverage))
    files = {PAGE_DESIGN_NAME: PAGE_DESIGN.read_bytes(), attached: document.source}
    markup = substitute_missing_glyphs(result.output, coverage)
    outcome = compile_pdf(markup, files, timestamp)
    findings.extend(warning(document.name, 0, 0, LAYER, "pdf.typst-warning", f"Typst: {item.text()}")
                    for item in outcome.warnings)
    if outcome.error is not None:
        findings.append(error(document.name, 0, 0, LAYER, "pdf.compile-failed",
                              f"the PDF could not be compiled: {outcome.error.text()}",
                              "this is a fault of teitools' print stylesheet, not of the document: please report it"))
    return PdfEdition(outcome.pdf, tuple(findings), markup)


def message_diagnostic(document: ParsedDocument, message: str) -> Diagnostic:
    """An ``xsl:message`` of the print stylesheet as a warning at the element it names."""
    match = _UNKNOWN_ELEMENT.match(message.strip())
    if match is None:
        return warning(document.name, 0, 0, LAYER, "pdf.stylesheet-message", message.strip())
    element = element_at_path(document.tree, match.group(2))
    line, column = document.position(element) if element is not None else (0, 0)
    return warning(document.name, line, column, LAYER, "pdf.unknown-element",
                   f"element <{match.group(1)}> is not known to the print edition; its text is kept as plain text",
                   "nothing is lost; a teitools template for this element would give it its own layout")


def element_at_path(tree: etree._ElementTree, path: str) -> etree._Element | None:
    """The element an XPath 3.1 ``path()`` result (``/Q{ns}TEI[1]/Q{ns}text[1]…``) names."""
    steps = [step for step in re.split(r"/(?![^{]*\})", path) if step]
    current: etree._Element | None = None
    for step in steps:
        match = _PATH_STEP.match(step)
        if match is None:
            return None
        namespace, local, position = match.group(1), match.group(2), int(match.group(3))
        tag = f"{{{namespace}}}{local}" if namespace else local
        if current is None:
            root = tree.getroot()
            current = root if root.tag == tag and position == 1 else None
        else:
            same = [child for child in current if child.tag == tag]
            current = same[position - 1] if len(same) >= position else None
        if current is None:
            return None
    return current


__all__ = [
    "FONT_FAMILIES", "MAIN_FILE", "PAGE_DESIGN", "STYLESHEET", "PdfEdition", "attachment_name",
    "bundled_coverage", "element_at_path", "message_diagnostic", "render_pdf_edition",
]

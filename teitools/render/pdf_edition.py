"""One document to one PDF/A-3b print edition: XSLT to Typst, glyph check, Typst compile.

This is the work of :class:`teitools.render.pdf.PdfRenderer` without the renderer
interface, so that it can be called (and tested) on any document.  Like every format,
the print stylesheet (xslt/print/typst.xsl) is the common layer plus the hooks of one
format; its messages are read by :func:`teitools.render.base.message_diagnostics`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.diagnostics import Diagnostic, error, warning
from teitools.errors import TransformError
from teitools.render.base import EditionSource, attachment_name, message_diagnostics, transform_failure
from teitools.render.images import PDF_SUFFIXES, local_images
from teitools.render.pdf_fonts import FallbackFonts, GlyphCoverage, bundled_faces, coverage_of, fallback_fonts
from teitools.render.pdf_glyphs import LAYER, find_missing_glyphs, missing_glyph_diagnostics, substitute_missing_glyphs
from teitools.render.pdf_typst import MAIN_FILE, compile_pdf
from teitools.render.sorting import document_sort_keys
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

#: The entry stylesheet and the Typst page design it writes for.
STYLESHEET = stylesheet_path("print", "typst.xsl")
PAGE_DESIGN = stylesheet_path("print", "edition.typ")
PAGE_DESIGN_NAME = "edition.typ"

#: The font families the page design sets text in (xslt/print/edition.typ, tt-fonts).
FONT_FAMILIES = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")

#: A failed Typst compilation: no PDF.
COMPILE_FAILED_RULE = "pdf.compile-failed"


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
    #: the image files the PDF was made from (see RenderResult.inputs)
    inputs: tuple[Path, ...] = ()


def render_pdf_edition(
    engine: XsltEngine,
    source: EditionSource,
    *,
    registers: etree._ElementTree | etree._Element | None,
    coverage: GlyphCoverage,
    timestamp: int | None = None,
    font_folders: tuple[Path, ...] = (),
) -> PdfEdition:
    """Transform, check glyphs and compile one document; never raises for a bad document.

    The stylesheet's messages (unknown elements) are read as for every format
    (:func:`teitools.render.base.message_diagnostics`); the findings of the PDF's own are
    missing glyphs, Typst's warnings and a failed compilation.  Characters ``coverage`` lacks
    are looked for in the fonts of ``font_folders`` (:func:`teitools.render.pdf_fonts.fallback_fonts`).
    """
    document = source.document
    attached = attachment_name(source.path)
    images = local_images(source)
    parameters = {
        "local-images": images.parameter(PDF_SUFFIXES, text_only=True),
        **source.parameters,
        "attachment-name": attached,
        "library-name": PAGE_DESIGN_NAME,
        "registers": registers,
    }
    try:
        node = engine.document(document.tree, source=document.source)
        parameters.update(document_sort_keys(engine, node, registers))
        result = engine.transform(engine.stylesheet(STYLESHEET), node, parameters)
    except TransformError as exc:
        return PdfEdition(None, (transform_failure(source, "pdf", str(exc)),))
    findings = [*message_diagnostics(source, result.messages), *images.diagnostics]
    lacking = find_missing_glyphs(document, coverage)
    fallback = fallback_fonts((ord(m.character) for m in lacking), font_folders) if lacking else FallbackFonts()
    coverage = coverage.with_fallback(fallback)
    findings.extend(missing_glyph_diagnostics(document, coverage))
    files = {PAGE_DESIGN_NAME: PAGE_DESIGN.read_bytes(), attached: document.source,
             **dict(images.copies(PDF_SUFFIXES, text_only=True))}
    markup = substitute_missing_glyphs(result.output, coverage)
    outcome = compile_pdf(markup, files, timestamp, fallback.folders, fallback.families)
    findings.extend(warning(source.name, 0, 0, LAYER, "pdf.typst-warning", f"Typst: {item.text()}")
                    for item in outcome.warnings)
    if outcome.error is not None:
        findings.append(error(source.name, 0, 0, LAYER, COMPILE_FAILED_RULE,
                              f"the PDF could not be made: Typst refused the markup teitools wrote ({outcome.error.text()})",
                              "the document's text always reaches Typst as plain text, so its content is not at fault; "
                              "this is a limit of teitools' print edition (very deeply nested elements) or a fault of "
                              "teitools: please report it; the other editions are not affected"))
    return PdfEdition(outcome.pdf, tuple(findings), markup, images.inputs)


__all__ = [
    "COMPILE_FAILED_RULE", "FONT_FAMILIES", "MAIN_FILE", "PAGE_DESIGN", "STYLESHEET", "PdfEdition",
    "attachment_name", "bundled_coverage", "render_pdf_edition",
]

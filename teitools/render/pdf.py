"""The print edition: one PDF/A-3b per document, with its TEI source attached.

``PdfRenderer`` implements the renderer interface of :mod:`teitools.render.base`; the
work itself is :func:`teitools.render.pdf_edition.render_pdf_edition`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from teitools.render.base import EditionSource, RenderedFile, RenderResult
from teitools.render.pdf_edition import STYLESHEET, bundled_coverage, render_pdf_edition
from teitools.render.pdf_fonts import GlyphCoverage
from teitools.render.sorting import SORT_TEXTS
from teitools.xslt import XsltEngine


def registers_parameter(registers: Any) -> etree._ElementTree | etree._Element | None:
    """The ``$registers`` tree of a RegisterSet (or a tree given as it is, or None)."""
    if registers is None or isinstance(registers, (etree._ElementTree, etree._Element)):
        return registers
    tree = getattr(registers, "parameter_tree", None)
    return tree() if callable(tree) else tree


@dataclass(frozen=True)
class PdfRenderer:
    """Renders ``pdf/<slug>.pdf`` for each document; nothing for the corpus as a whole.

    ``timestamp`` (UNIX seconds) is written as the PDF's creation date, so that the same
    input gives the same bytes; None writes the time of the build.
    """

    format_name: ClassVar[str] = "pdf"
    stylesheets: tuple[Path, ...] = (STYLESHEET, SORT_TEXTS)
    timestamp: int | None = None
    #: the fonts' characters; None: those of the fonts bundled with typst, read on first use
    coverage: GlyphCoverage | None = field(default=None, repr=False, compare=False)
    #: where fonts for the characters the bundled fonts lack are looked for (see pdf_fonts.font_folders)
    font_folders: tuple[Path, ...] = ()

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: Any) -> RenderResult:
        edition = render_pdf_edition(
            engine,
            source,
            registers=registers_parameter(registers),
            coverage=self.coverage if self.coverage is not None else bundled_coverage(),
            timestamp=self.timestamp,
            font_folders=self.font_folders,
        )
        files = (RenderedFile(f"pdf/{source.slug}.pdf", edition.pdf),) if edition.pdf is not None else ()
        return RenderResult(files=files, diagnostics=edition.diagnostics, failed=edition.pdf is None,
                            inputs=edition.inputs)

    def render_corpus(self, engine: XsltEngine, sources: Any, registers: Any) -> RenderResult:
        return RenderResult(files=(), diagnostics=())

    def corpus_index(self, entries: Any) -> Iterator[RenderedFile]:
        return iter(())

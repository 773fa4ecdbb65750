"""The plain-text edition: ``txt/<slug>.txt``, UTF-8 NFC, wrapped at 72 columns (xslt/text/text.xsl)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teitools.errors import TransformError
from teitools.registers import RegisterSet
from teitools.render.base import (EditionSource, RenderedFile, RenderResult, message_diagnostics,
                                  transform_failure)
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine


def _text_stylesheets() -> tuple[Path, ...]:
    return (stylesheet_path("text", "text.xsl"),)


@dataclass(frozen=True)
class TextRenderer:
    """Renders each document as plain text; there are no corpus pages."""

    format_name: str = "txt"
    stylesheets: tuple[Path, ...] = field(default_factory=_text_stylesheets)
    line_width: int = 72

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        try:
            document = engine.document(source.document.tree, source=source.document.source)
            result = engine.transform(engine.stylesheet(self.stylesheets[0]), document, {
                "document-href": source.name,
                "line-width": self.line_width,
            })
        except TransformError as exc:
            return RenderResult.failure(transform_failure(source, self.format_name, str(exc)))
        text = unicodedata.normalize("NFC", result.output)
        return RenderResult(
            (RenderedFile(f"txt/{source.slug}.txt", text.encode("utf-8")),),
            message_diagnostics(source, result.messages),
        )

    def render_corpus(self, engine: XsltEngine, sources: Sequence[EditionSource], registers: RegisterSet) -> RenderResult:
        return RenderResult((), ())

"""The HTML edition: ``html/<slug>.html`` per document, plus index, register pages, chronology and assets.

Document pages come from ``xslt/html/html.xsl``; the corpus pages from ``xslt/html/corpus.xsl``
applied to a corpus tree ``<tt:corpus><TEI tt:href="…" tt:slug="…">…</TEI>…</tt:corpus>``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.errors import TransformError
from teitools.registers import TT_NS, RegisterSet
from teitools.render.base import (EditionSource, RenderedFile, RenderResult, message_diagnostics,
                                  transform_failure)
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

#: The register kinds that get a page, in navigation order.
REGISTER_KINDS = ("person", "place", "organisation", "event")
_KIND_PAGES = {"person": "persons", "place": "places", "organisation": "organisations", "event": "events"}
_ASSETS = ("edition.css", "edition.js")


def _html_stylesheets() -> tuple[Path, ...]:
    return (stylesheet_path("html", "html.xsl"), stylesheet_path("html", "corpus.xsl"))


def register_page_name(kind: str) -> str:
    """The file name of a register page: "persons.html"."""
    return f"{_KIND_PAGES[kind]}.html"


def corpus_tree(sources: Sequence[EditionSource]) -> etree._ElementTree:
    """Every document's TEI root under one ``tt:corpus`` element, with its corpus path and slug."""
    root = etree.Element(f"{{{TT_NS}}}corpus", nsmap={"tt": TT_NS})
    for source in sources:
        copied = copy.deepcopy(source.document.root)
        copied.set(f"{{{TT_NS}}}href", source.name)
        copied.set(f"{{{TT_NS}}}slug", source.slug)
        root.append(copied)
    return etree.ElementTree(root)


@dataclass(frozen=True)
class HtmlRenderer:
    """Renders the static HTML site of the edition."""

    format_name: str = "html"
    stylesheets: tuple[Path, ...] = field(default_factory=_html_stylesheets)

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        try:
            document = engine.document(source.document.tree, source=source.document.source)
            result = engine.transform(engine.stylesheet(self.stylesheets[0]), document, {
                **self._common_parameters(registers),
                "document-href": source.name,
            })
        except TransformError as exc:
            return RenderResult.failure(transform_failure(source, self.format_name, str(exc)))
        return RenderResult(
            (RenderedFile(f"html/{source.slug}.html", _html_bytes(result.output)),),
            message_diagnostics(source, result.messages),
        )

    def render_corpus(self, engine: XsltEngine, sources: Sequence[EditionSource], registers: RegisterSet) -> RenderResult:
        corpus = engine.document(corpus_tree(sources))
        parameters = self._common_parameters(registers)
        pages = [("index", "index.html"), ("chronology", "chronology.html")]
        pages += [(kind, register_page_name(kind)) for kind in REGISTER_KINDS if kind in registers.kinds()]
        files: list[RenderedFile] = []
        stylesheet = engine.stylesheet(self.stylesheets[1])
        for page, file_name in pages:
            result = engine.transform(stylesheet, corpus, {**parameters, "page": page, "document-href": "index.xml"})
            files.append(RenderedFile(f"html/{file_name}", _html_bytes(result.output)))
        assets = stylesheet_path("html", "assets")
        files.extend(RenderedFile(f"html/assets/{name}", (assets / name).read_bytes()) for name in _ASSETS)
        return RenderResult(tuple(files), ())

    def _common_parameters(self, registers: RegisterSet) -> dict[str, object]:
        return {
            "registers": registers.parameter_tree(),
            "register-kinds": " ".join(kind for kind in REGISTER_KINDS if kind in registers.kinds()),
        }


def _html_bytes(output: str) -> bytes:
    text = output if output.lstrip().lower().startswith("<!doctype") else "<!DOCTYPE html>\n" + output
    return text.encode("utf-8")

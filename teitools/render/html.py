"""The HTML edition: ``html/<slug>.html`` per document, plus index, register pages, chronology, search page and
assets, and the search index (:mod:`teitools.render.search`, merged from the documents' entries).

Document pages come from ``xslt/html/html.xsl``, and with each page the document's summary
from ``xslt/html/summary.xsl``; the corpus pages from ``xslt/html/corpus.xsl`` applied to the
summaries under one element, ``<tt:corpus><tt:document …>…</tt:document>…</tt:corpus>``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

from lxml import etree

from teitools.corpus import safe_parser
from teitools.errors import TransformError
from teitools.registers import TT_NS, RegisterSet
from teitools.render.base import (EditionSource, RenderedFile, RenderResult, message_diagnostics,
                                  transform_failure)
from teitools.render.images import HTML_SUFFIXES, local_images
from teitools.render.search import document_search, search_index_files
from teitools.render.sorting import SORT_TEXTS, register_sort_keys, sort_keys
from teitools.resources import stylesheet_path

if TYPE_CHECKING:
    from teitools.xslt import XsltEngine

#: The register kinds that get a page, in navigation order.
REGISTER_KINDS = ("person", "place", "organisation", "event")
_KIND_PAGES = {"person": "persons", "place": "places", "organisation": "organisations", "event": "events"}
_ASSETS = ("edition.css", "edition.js", "search.js")


def _html_stylesheets() -> tuple[Path, ...]:
    return (stylesheet_path("html", "html.xsl"), stylesheet_path("html", "corpus.xsl"),
            stylesheet_path("html", "summary.xsl"), SORT_TEXTS)


def register_page_name(kind: str) -> str:
    """The file name of a register page: "persons.html"."""
    return f"{_KIND_PAGES[kind]}.html"


def corpus_tree(summaries: Sequence[str]) -> etree._ElementTree:
    """The documents' summaries (summary.xsl, without their passages) under one ``tt:corpus`` element, in corpus order."""
    text = f'<tt:corpus xmlns:tt="{TT_NS}">' + "".join(summaries) + "</tt:corpus>"
    return etree.ElementTree(etree.fromstring(text.encode("utf-8"), safe_parser()))


@dataclass(frozen=True)
class HtmlRenderer:
    """Renders the static HTML site of the edition."""

    format_name: str = "html"
    stylesheets: tuple[Path, ...] = field(default_factory=_html_stylesheets)

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        images = local_images(source)
        try:
            document = engine.document(source.document.tree, source=source.document.source)
            result = engine.transform(engine.stylesheet(self.stylesheets[0]), document, {
                **self._common_parameters(registers),
                **source.parameters,
                "local-images": images.parameter(HTML_SUFFIXES),
            })
            summary = engine.transform(engine.stylesheet(self.stylesheets[2]), document, {
                "registers": registers.parameter_tree(),
                **source.parameters,
                "slug": source.slug,
            })
        except TransformError as exc:
            return RenderResult.failure(transform_failure(source, self.format_name, str(exc)))
        copies = tuple(RenderedFile(f"html/media/{source.slug}/{name}", data)
                       for name, data in images.copies(HTML_SUFFIXES))
        summary_text, words, search_files = document_search(summary.output)
        return RenderResult(
            (RenderedFile(f"html/{source.slug}.html", _html_bytes(result.output)), *copies, *search_files),
            (*message_diagnostics(source, result.messages), *images.diagnostics),
            summary=summary_text,
            inputs=images.inputs,
            index=(words,),
        )

    def render_corpus(self, engine: XsltEngine, summaries: Sequence[str], registers: RegisterSet) -> RenderResult:
        tree = corpus_tree(summaries)
        corpus = engine.document(tree)
        parameters = {**self._common_parameters(registers),
                      "register-sort-keys": register_sort_keys(engine, registers.parameter_tree()),
                      "sort-keys": sort_keys((d.get("lang", ""), d.get("title", "")) for d in tree.getroot())}
        pages = [("index", "index.html"), ("chronology", "chronology.html"), ("search", "search.html")]
        pages += [(kind, register_page_name(kind)) for kind in REGISTER_KINDS if kind in registers.kinds()]
        files: list[RenderedFile] = []
        stylesheet = engine.stylesheet(self.stylesheets[1])
        for page, file_name in pages:
            result = engine.transform(stylesheet, corpus, {**parameters, "page": page, "document-href": "index.xml"})
            files.append(RenderedFile(f"html/{file_name}", _html_bytes(result.output)))
        assets = stylesheet_path("html", "assets")
        files.extend(RenderedFile(f"html/assets/{name}", (assets / name).read_bytes()) for name in _ASSETS)
        return RenderResult(tuple(files), ())

    def corpus_index(self, entries: Sequence[Path]) -> Iterator[RenderedFile]:
        """The word index of the search page (``html/search/w-N.js`` and ``meta.js``), merged from the entries' files."""
        return search_index_files(entries)

    def _common_parameters(self, registers: RegisterSet) -> dict[str, object]:
        return {
            "registers": registers.parameter_tree(),
            "register-kinds": " ".join(kind for kind in REGISTER_KINDS if kind in registers.kinds()),
        }


def _html_bytes(output: str) -> bytes:
    text = output if output.lstrip().lower().startswith("<!doctype") else "<!DOCTYPE html>\n" + output
    return text.encode("utf-8")

"""The renderer interface every edition format implements (html, txt, pdf).

A renderer names the stylesheets it runs (compiled once per process by
:class:`~teitools.xslt.XsltEngine`) and renders one document at a time, returning its
files and, if the format has corpus pages, a small summary of the document (an XML
fragment).  The corpus pages (index, registers, chronology) are rendered from the
summaries of every document, never from the documents themselves, so that a build holds
one document at a time; a corpus index (the HTML search index) is merged from entries
that the build keeps in files.  Files are bytes with their path below the output folder; the
build writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error, warning
from teitools.registers import RegisterSet

if TYPE_CHECKING:
    from teitools.xslt import XsltEngine

__all__ = [
    "EditionSource", "RenderedFile", "RenderResult", "Renderer", "RegisterSet",
    "attachment_name", "message_diagnostics", "transform_failure", "UNKNOWN_ELEMENT_RULE", "TRANSFORM_FAILED_RULE",
]

UNKNOWN_ELEMENT_RULE = "build.unknown-element"
TRANSFORM_FAILED_RULE = "build.transform-failed"
LAYER = "build"


@dataclass(frozen=True)
class EditionSource:
    """One text of the edition: where it is, its display name, its output slug, its parsed tree.

    ``text_number`` says which text of the document the edition shows: 0 for a TEI
    document, n for the n-th TEI of a teiCorpus (see :mod:`teitools.corpus.texts`).
    """

    path: Path
    name: str
    slug: str
    document: ParsedDocument
    text_number: int = 0

    @property
    def parameters(self) -> dict[str, object]:
        """The stylesheet parameters that say which document and which of its texts is rendered."""
        return {"document-href": self.name, "text-number": self.text_number}


@dataclass(frozen=True)
class RenderedFile:
    """A file to write, relative to the output folder ("html/<slug>.html", "txt/<slug>.txt")."""

    relative_path: str
    content: bytes


@dataclass(frozen=True)
class RenderResult:
    """The files of one unit of work and its findings.

    ``failed`` says the unit could not be made: the build keeps no record of it, so the
    next build tries it again (and exits 1 again while it still fails).  ``summary`` is
    what the format's corpus pages need of the document ("" when it has none).  ``inputs`` are
    the files besides the document the files were made from (its images): the build renders
    the document again when one of them changes, appears or goes.  ``index``
    is the document's part of the format's corpus index, one entry per text (HTML: the
    words of the search index, see :mod:`teitools.render.search`): the build keeps each in a
    file and gives the files to :meth:`Renderer.corpus_index`, so that no process holds
    the entries of every document.
    """

    files: tuple[RenderedFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    failed: bool = False
    summary: str = ""
    inputs: tuple[Path, ...] = ()
    index: tuple[str, ...] = ()

    @classmethod
    def failure(cls, *diagnostics: Diagnostic) -> "RenderResult":
        return cls((), tuple(diagnostics), failed=True)


class Renderer(Protocol):
    format_name: str                      # "html" | "txt" | "pdf"
    stylesheets: tuple[Path, ...]         # compiled once per process by XsltEngine(stylesheets)

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        """The files of one document (and its summary, if the format has corpus pages)."""
        ...

    def render_corpus(self, engine: XsltEngine, summaries: Sequence[str], registers: RegisterSet) -> RenderResult:
        """The corpus pages from the summaries of the documents, in corpus order (no pages: no files)."""
        ...

    def corpus_index(self, entries: Sequence[Path]) -> Iterator[RenderedFile]:
        """The corpus index from the files of the documents' index entries (:attr:`RenderResult.index`), in
        corpus order, one file at a time and without an XSLT engine (no index: no files)."""
        ...


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(xml|tei)$")


def attachment_name(path: Path) -> str:
    """The name the TEI source is attached under (PDF, ePub): its own file name when that is plain."""
    name = path.name
    return name if _SAFE_NAME.match(name) else "source.xml"


_UNKNOWN = re.compile(r"^unknown element (\S+) at (\S+)$")
_STEP = re.compile(r"^([^\[/]+)\[(\d+)\]$")


def merge_results(results: Sequence[RenderResult]) -> RenderResult:
    """One unit's result from the results of each text of a document (a teiCorpus has several).

    The unit fails if one text failed (its other files are still written, so that nothing
    that could be made is lost, and the next build tries the whole unit again).
    """
    if len(results) == 1:
        return results[0]
    return RenderResult(
        files=tuple(f for r in results for f in r.files),
        diagnostics=tuple(dict.fromkeys(d for r in results for d in r.diagnostics)),
        failed=any(r.failed for r in results),
        summary="".join(r.summary for r in results),
        inputs=tuple(dict.fromkeys(path for r in results for path in r.inputs)),
        index=tuple(entry for r in results for entry in r.index),
    )


def empty_corpus(name: str) -> Diagnostic:
    """The finding for a teiCorpus that holds no TEI text: there is nothing to make an edition of."""
    return error(name, 1, 1, LAYER, "build.empty-corpus", "the teiCorpus holds no TEI text, so it has no edition",
                 "add the TEI documents of the corpus inside the teiCorpus element")


def message_diagnostics(source: EditionSource, messages: Sequence[str]) -> tuple[Diagnostic, ...]:
    """``xsl:message`` texts as diagnostics: unknown elements become warnings at their first occurrence."""
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for message in messages:
        match = _UNKNOWN.match(message.strip())
        if match is None:
            found.append(warning(source.name, 0, 0, LAYER, "build.message", message.strip()))
            continue
        name, path = match.groups()
        if name in seen:
            continue
        seen.add(name)
        element = element_at_path(source.document.root, path)
        line, column = source.document.position(element) if element is not None else (0, 0)
        found.append(warning(
            source.name, line, column, LAYER, UNKNOWN_ELEMENT_RULE,
            f"element '{name}' is not known to the edition stylesheets; its text is kept without formatting",
            "nothing to do if the text reads well; otherwise ask for a rule for this element"))
    return tuple(found)


def element_at_path(root: etree._Element, path: str) -> etree._Element | None:
    """The element at a path written by the stylesheets' tt:path ("/TEI[1]/text[1]/body[1]")."""
    steps = [step for step in path.split("/") if step]
    if not steps:
        return None
    current: etree._Element | None = None
    for step in steps:
        match = _STEP.match(step)
        if match is None:
            return None
        name, position = match.group(1).split(":")[-1], int(match.group(2))
        candidates = [root] if current is None else [c for c in current if isinstance(c.tag, str)]
        same = [c for c in candidates if etree.QName(c).localname == name]
        if len(same) < position:
            return None
        current = same[position - 1]
    return current


def transform_failure(source: EditionSource, format_name: str, reason: str) -> Diagnostic:
    """The error reported when a document cannot be transformed; the other documents still build."""
    return error(source.name, 0, 0, LAYER, TRANSFORM_FAILED_RULE,
                 f"the {format_name} edition could not be built: {reason}",
                 "fix the document (validate it with 'teitools validate') or report the stylesheet error")

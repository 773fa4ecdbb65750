"""The ePub 3 edition: ``epub/<slug>.epub`` for each text, with its TEI source inside.

``xslt/epub/epub.xsl`` (the common layer, the HTML format's block and inline hooks, and the
modules particular to an ePub) writes the whole book as one ``tt:book`` element whose
``tt:file`` children are the container document, the package document, the navigation
document and the XHTML content documents (title page, reading text with its footnotes,
register back matter, the TEI source as text).  This module gives the stylesheet what it
cannot know (a stable identifier, the date, where the source and the style sheet go), splits
the book into its files, adds the TEI source and the style sheet, and zips them as the OCF
container wants: ``mimetype`` first and stored, every date the same, so that the same input
gives the same bytes.

(The stylesheet does not use ``xsl:result-document``: the captured result documents come back
re-serialised with indentation, which would add white space inside the text.)
"""

from __future__ import annotations

import io
import time
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from teitools.corpus import safe_parser
from teitools.errors import TransformError
from teitools.namespaces import TEI_NS
from teitools.registers import TT_NS, RegisterSet
from teitools.render.base import (EditionSource, RenderedFile, RenderResult, attachment_name,
                                  message_diagnostics, transform_failure)
from teitools.render.sorting import SORT_TEXTS, document_sort_keys
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

#: The folder of the package document inside the container (xslt/epub/epub-book.xsl says the same).
PACKAGE_FOLDER = "EPUB/"
#: The book's style sheet, relative to the package document, and where it comes from.
STYLE_SHEET = "edition.css"
STYLE_SHEET_SOURCE = stylesheet_path("epub", "epub.css")
MIMETYPE = "application/epub+zip"
#: The namespace of the books' name-based UUIDs (RFC 4122 version 5).
IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://teitools.invalid/epub")
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
#: The earliest date a zip entry can carry (1980-01-01T00:00:00Z).
_ZIP_EPOCH = 315532800


def _epub_stylesheets() -> tuple[Path, ...]:
    return (stylesheet_path("epub", "epub.xsl"), SORT_TEXTS)


def text_element(source: EditionSource) -> etree._Element:
    """The TEI element of the text the edition shows (the root, or the n-th TEI of a teiCorpus)."""
    root = source.document.root
    if source.text_number == 0:
        return root
    texts = list(root.iter(f"{{{TEI_NS}}}TEI"))
    return texts[source.text_number - 1] if source.text_number <= len(texts) else root


def book_identifier(source: EditionSource) -> str:
    """A ``urn:uuid:`` that stays the same from build to build: from the text's ``idno`` in its
    publication statement if it has one (so that renaming the file keeps it), else from the
    document's name and the number of the text."""
    idnos = text_element(source).xpath(
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno", namespaces={"t": TEI_NS})
    values = [" ".join(f"{i.get('type', '')}:{''.join(i.itertext())}".split()) for i in idnos]
    values = [v for v in values if v.partition(":")[2]]
    key = "idno " + "|".join(values) if values else f"name {source.name}#{source.text_number}"
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, key)}"


def modified_date(timestamp: int | None) -> str:
    """The book's ``dcterms:modified``: ``timestamp`` (UNIX seconds; None: now) as CCYY-MM-DDThh:mm:ssZ."""
    moment = time.time() if timestamp is None else timestamp
    return datetime.fromtimestamp(int(moment), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def book_files(book: str) -> list[tuple[str, bytes]]:
    """The files of the stylesheet's ``tt:book`` as (path in the container, XML bytes), in book order."""
    root = etree.fromstring(book.encode("utf-8"), safe_parser())
    if root.tag != f"{{{TT_NS}}}book":
        raise TransformError(f"the ePub stylesheet wrote <{root.tag}>, not a tt:book")
    files: list[tuple[str, bytes]] = []
    for entry in root.iterchildren(f"{{{TT_NS}}}file"):
        content = [child for child in entry if isinstance(child.tag, str)]
        if len(content) != 1:
            raise TransformError(f"the ePub stylesheet wrote {len(content)} root elements for {entry.get('path')}")
        document = etree.ElementTree(etree.fromstring(etree.tostring(content[0])))
        etree.cleanup_namespaces(document)
        files.append((str(entry.get("path")), _XML_DECLARATION + etree.tostring(document, encoding="UTF-8")))
    return files


def zip_container(files: Sequence[tuple[str, bytes]], timestamp: int | None) -> bytes:
    """The OCF zip container: ``mimetype`` first and uncompressed, then ``files`` deflated, every
    entry dated ``timestamp`` (None: now), so that the same files give the same bytes."""
    moment = max(_ZIP_EPOCH, int(time.time() if timestamp is None else timestamp))
    date_time = datetime.fromtimestamp(moment, tz=timezone.utc).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        for name, content in (("mimetype", MIMETYPE.encode("ascii")), *files):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            container.writestr(info, content)
    return buffer.getvalue()


@dataclass(frozen=True)
class EpubRenderer:
    """Renders ``epub/<slug>.epub`` for each text; nothing for the corpus as a whole.

    ``timestamp`` (UNIX seconds) is the book's modification date and the date of its zip
    entries; None writes the time of the build.
    """

    format_name: str = "epub"
    stylesheets: tuple[Path, ...] = field(default_factory=_epub_stylesheets)
    timestamp: int | None = None

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        source_href = f"source/{attachment_name(source.path)}"
        try:
            document = engine.document(source.document.tree, source=source.document.source)
            result = engine.transform(engine.stylesheet(self.stylesheets[0]), document, {
                "registers": registers.parameter_tree(),
                **document_sort_keys(engine, document, registers.parameter_tree()),
                **source.parameters,
                "identifier": book_identifier(source),
                "modified": modified_date(self.timestamp),
                "source-href": source_href,
                "css-href": STYLE_SHEET,
            })
            files = book_files(result.output)
        except (TransformError, etree.XMLSyntaxError) as exc:
            return RenderResult.failure(transform_failure(source, self.format_name, str(exc)))
        files.append((PACKAGE_FOLDER + STYLE_SHEET, STYLE_SHEET_SOURCE.read_bytes()))
        files.append((PACKAGE_FOLDER + source_href, source.document.source))
        return RenderResult(
            (RenderedFile(f"epub/{source.slug}.epub", zip_container(files, self.timestamp)),),
            message_diagnostics(source, result.messages),
        )

    def render_corpus(self, engine: XsltEngine, summaries: Sequence[str], registers: RegisterSet) -> RenderResult:
        return RenderResult((), ())

    def corpus_index(self, entries: Sequence[Path]) -> Iterator[RenderedFile]:
        return iter(())

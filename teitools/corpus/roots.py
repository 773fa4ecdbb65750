"""Is this a TEI document?  The one rule, decided from the document element.

A TEI document's element is ``<TEI>`` or ``<teiCorpus>`` in the TEI namespace.  Anything
else (an XHTML page, ``<TEI>`` in no namespace, a METS file) is not: validation, the build
and deposit each report it with the same finding instead of treating the file as an edition.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teitools.corpus.parse import ParsedDocument, ParseResult, parse_document
from teitools.diagnostics import Diagnostic, error
from teitools.namespaces import TEI_NS

#: Document elements of TEI documents (in the TEI namespace).
TEI_ROOTS = frozenset({"TEI", "teiCorpus"})

LAYER = "wellformed"


def is_tei_root(element: etree._Element) -> bool:
    """True for ``<TEI>`` or ``<teiCorpus>`` in the TEI namespace."""
    if not isinstance(element.tag, str):
        return False
    name = etree.QName(element)
    return name.namespace == TEI_NS and name.localname in TEI_ROOTS


def not_tei_finding(document: ParsedDocument) -> Diagnostic | None:
    """One error naming what the document element is when it is not a TEI one (None for TEI)."""
    root = document.root
    if is_tei_root(root):
        return None
    name = etree.QName(root)
    line, column = document.position(root)
    where = f"in the namespace {name.namespace}" if name.namespace else "in no namespace"
    if name.localname.lower() == "html":
        return error(document.name, line, column, LAYER, "wellformed.not-tei",
                     "this is an HTML file, not a TEI document (its document element is <html>)",
                     "teitools reads TEI XML, whose document element is <TEI> in the TEI namespace: "
                     "leave this file out, or give the TEI source instead")
    if name.localname in TEI_ROOTS:
        return error(document.name, line, column, LAYER, "wellformed.not-tei-namespace",
                     f"the document element <{name.localname}> is not in the TEI namespace (it is {where})",
                     f'declare the TEI namespace on it: <{name.localname} xmlns="{TEI_NS}">')
    return error(document.name, line, column, LAYER, "wellformed.not-tei",
                 f"this is not a TEI document: its document element is <{name.localname}> {where}",
                 f'a TEI document\'s element is <TEI> or <teiCorpus> in the namespace {TEI_NS}: '
                 "leave this file out, or give the TEI source instead")


def parse_edition(path: Path, name: str | None = None, *, xinclude: bool = False,
                  source: bytes | None = None) -> ParseResult:
    """:func:`~teitools.corpus.parse.parse_document` for a document meant to become an edition:
    one that is not TEI gives no document and the finding that says what it is.  ``source``:
    the document's bytes when they were read elsewhere (a Dask client shipping its inputs)."""
    parsed = parse_document(path, name, source, xinclude=xinclude)
    if parsed.document is None:
        return parsed
    finding = not_tei_finding(parsed.document)
    if finding is None:
        return parsed
    return ParseResult(parsed.name, None, (*parsed.diagnostics, finding))

"""One finding per grammar problem: documents that are not TEI at all, and errors the
RELAX NG and the XSD of one ODD both see.

A file whose document element is ``<html>``, or ``<TEI>`` outside the TEI namespace, is
not a TEI document: one plain finding says so instead of every grammar's complaints.
When the RELAX NG and the XSD are derived from the same ODD they describe the same
language, so an element both reject is reported once, by RELAX NG (whose messages say
what is allowed there); the XSD keeps what only it says, such as a datatype error
RELAX NG has no finding for at that place.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS
from teitools.diagnostics import Diagnostic, error

#: Document elements of TEI documents.
TEI_ROOTS = frozenset({"TEI", "teiCorpus"})


def not_a_tei_document(document: ParsedDocument) -> Diagnostic | None:
    """One finding when the document element shows that this is not a TEI document."""
    root = document.root
    name = etree.QName(root)
    if name.namespace == TEI_NS:
        return None
    line, column = document.position(root)
    if name.localname.lower() == "html":
        return error(document.name, line, column, "wellformed", "wellformed.not-tei",
                     "this is an HTML file, not a TEI document (its document element is <html>)",
                     "teitools validates TEI XML, whose document element is <TEI> in the TEI namespace: "
                     "leave this file out, or give the TEI source instead")
    if name.localname in TEI_ROOTS:
        where = f"in the namespace {name.namespace}" if name.namespace else "in no namespace"
        return error(document.name, line, column, "wellformed", "wellformed.not-tei-namespace",
                     f"the document element <{name.localname}> is not in the TEI namespace (it is {where})",
                     f'declare the TEI namespace on it: <{name.localname} xmlns="{TEI_NS}">')
    return None


def merge_grammar_findings(findings: Sequence[Diagnostic]) -> list[Diagnostic]:
    """``findings`` without the XSD findings that repeat a RELAX NG finding at the same place:
    the same kind of error (``xsd.element-not-allowed`` beside ``relaxng.element-not-allowed``),
    or the XSD's unspecific ``xsd.invalid``."""
    said = {(f.line, f.column, _kind(f.rule)) for f in findings if f.layer == "relaxng"}
    places = {(line, column) for line, column, _ in said}
    return [f for f in findings
            if f.layer != "xsd"
            or ((f.line, f.column, _kind(f.rule)) not in said
                and not (f.rule == "xsd.invalid" and (f.line, f.column) in places))]


def _kind(rule: str) -> str:
    return rule.split(".", 1)[-1]

"""One finding per grammar problem: documents that are not TEI at all, and errors the
RELAX NG and the XSD of one ODD both see.

A file that is not a TEI document gets one plain finding instead of every grammar's
complaints (:func:`teitools.corpus.roots.not_tei_finding`, checked before the grammars).
When the RELAX NG and the XSD are derived from the same ODD they describe the same
language, so an element both reject is reported once, by RELAX NG (whose messages say
what is allowed there); the XSD keeps what only it says, such as a datatype error
RELAX NG has no finding for at that place.
"""

from __future__ import annotations

from collections.abc import Sequence

from teitools.diagnostics import Diagnostic


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

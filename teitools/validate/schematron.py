"""ISO Schematron (XPath 2+/3.1) compiled to XSLT 3.0 by teitools and run with saxonche.

The compiler follows ISO/IEC 19757-3: ``ns``, ``let`` (schema, phase, pattern and rule
level), ``phase``/``active``, ``pattern``, abstract patterns with ``param``, ``rule``
(the first rule of a pattern whose context matches a node wins), abstract rules with
``extends``, ``assert``/``report`` with ``name``/``value-of`` in their text,
``diagnostics``, ``include`` (only files in the schema's own folder) and top-level
``xsl:key``/``xsl:function``.  Schematron embedded in an ODD
(``constraintSpec/constraint/sch:*``) is accepted too.

Each failed assertion or successful report becomes one ``finding`` record carrying the
document-order index of the element that holds the context node (attributes, text and
the document node map to their element), so that every :class:`Diagnostic` has the exact
line and column of that element.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teitools.corpus import ParsedDocument, parse_trusted
from teitools.diagnostics import Diagnostic, Severity
from teitools.errors import InputError, SchemaError, TransformError
from teitools.odd import schematron_from_odd
from teitools.validate.schematron_compiler import REPORT_NS, SCH_NS, XSL_NS, XS_NS, _R, _S, stylesheet_for
from teitools.xslt import XsltEngine

__all__ = ["LAYER", "REPORT_NS", "SCH_NS", "XSL_NS", "XS_NS", "SchematronFinding", "SchematronSchema",
           "compile_schematron", "load_schematron", "parse_findings"]

LAYER = "schematron"

_WARNING_ROLES = {"warning", "warn", "info", "information", "informational"}
_INCLUDE_DEPTH = 10


# --------------------------------------------------------------------------- reading

def compile_schematron(schema: etree._ElementTree, phase: str | None = None) -> str:
    """The XSLT 3.0 text that checks documents against ``schema`` in ``phase``.

    ``schema`` is a standalone ISO Schematron schema (includes already resolved, see
    :func:`load_schematron`) or an ODD holding ``constraintSpec`` Schematron.  Anything
    the compiler cannot honour raises :class:`SchemaError` with a one-line reason.
    """
    root = schema.getroot()
    if root.tag != f"{_S}schema":
        root = schematron_from_odd(root)
    else:
        root = copy.deepcopy(root)
    return stylesheet_for(root, phase)


def load_schematron(path: Path) -> etree._ElementTree:
    """Parse a Schematron file (or ODD) and splice in its ``sch:include``s.

    Included files must sit in the schema's own folder (or below it); URLs and paths
    leading elsewhere are refused.
    """
    tree = _parse_schema_file(path)
    _resolve_includes(tree.getroot(), path.resolve().parent, path.resolve().parent, 0)
    return tree


def _parse_schema_file(path: Path) -> etree._ElementTree:
    try:
        return parse_trusted(path)
    except InputError as exc:
        raise SchemaError(str(exc)) from None


def _resolve_includes(element: etree._Element, folder: Path, home: Path, depth: int) -> None:
    for include in list(element.iter(f"{_S}include")):
        href = include.get("href", "")
        if depth >= _INCLUDE_DEPTH:
            raise SchemaError(f"sch:include of '{href}': includes nested more than {_INCLUDE_DEPTH} deep")
        if not href or re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", href) or href.startswith(("/", "\\")):
            raise SchemaError(f"sch:include of '{href}' refused: only files in the schema's folder can be included")
        file_part = href.split("#", 1)[0]
        target = (folder / file_part).resolve()
        if home != target and home not in target.parents:
            raise SchemaError(f"sch:include of '{href}' refused: it leads outside the schema's folder")
        if not target.is_file():
            raise SchemaError(f"sch:include of '{href}': no such file in {home}")
        included = _parse_schema_file(target).getroot()
        if "#" in href:
            fragment = href.split("#", 1)[1]
            found = included.xpath("//*[@id=$id or @xml:id=$id]", id=fragment)
            if not found:
                raise SchemaError(f"sch:include of '{href}': no element with id '{fragment}'")
            included = found[0]
        included = copy.deepcopy(included)
        _resolve_includes(included, target.parent, home, depth + 1)
        parent = include.getparent()
        if parent is None:
            raise SchemaError(f"sch:include of '{href}' cannot be the root element")
        included.tail = include.tail
        parent.replace(include, included)


@dataclass(frozen=True, slots=True)
class SchematronFinding:
    """One failed assertion or successful report, as the compiled stylesheet emits it."""

    kind: str
    rule_id: str
    role: str
    test: str
    context: str
    element_index: int
    location: str
    text: str
    diagnostics: tuple[str, ...]


class SchematronSchema:
    """A Schematron schema compiled once and applied to any number of documents."""

    layer = LAYER

    def __init__(self, path: Path, engine: XsltEngine, *, phase: str | None = None) -> None:
        self.path = path
        self.phase = phase
        self._engine = engine
        tree = load_schematron(path)
        self.xslt = compile_schematron(tree, phase)
        digest = hashlib.sha256(self.xslt.encode("utf-8")).hexdigest()[:16]
        try:
            self._executable = engine.stylesheet_from_text(self.xslt, f"schematron:{path.name}:{digest}")
        except TransformError as exc:
            raise SchemaError(f"{path}: {_compile_report(str(exc), self.xslt)}") from None

    def check(self, document: ParsedDocument) -> list[Diagnostic]:
        """The findings of the schema on ``document``, each at its context element."""
        try:
            result = self._engine.transform(self._executable, document.tree)
        except TransformError as exc:
            message = " ".join(str(exc).split())
            return [Diagnostic(document.name, 0, 0, Severity.ERROR, LAYER, "schematron.runtime-error",
                               f"the Schematron {self.path.name} failed on this document: {message}",
                               "the schema's expressions fail at run time (they may try to read files or URLs, "
                               "which is refused); fix the schema")]
        elements = [e for e in document.tree.iter() if isinstance(e.tag, str)]
        return [self._diagnostic(document, elements, finding) for finding in parse_findings(result.output)]

    def _diagnostic(self, document: ParsedDocument, elements: list[etree._Element],
                    finding: SchematronFinding) -> Diagnostic:
        if 0 <= finding.element_index < len(elements):
            line, column = document.position(elements[finding.element_index])
        else:
            line, column = 0, 0
        severity = Severity.WARNING if finding.role.strip().lower() in _WARNING_ROLES else Severity.ERROR
        rule = f"schematron.{finding.rule_id}" if finding.rule_id else f"schematron.{finding.kind}"
        where = f"rule {finding.rule_id}" if finding.rule_id else f"the rule for '{finding.context}'"
        hint = " ".join(finding.diagnostics) or f"see {where} in {self.path.name}"
        message = finding.text or f"{finding.kind} failed: {finding.test}"
        return Diagnostic(document.name, line, column, severity, LAYER, rule, message, hint)


def parse_findings(output: str) -> list[SchematronFinding]:
    """The finding records of a compiled schema's output, in document order."""
    root = etree.fromstring(output.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    findings = []
    for record in root.iter(f"{_R}finding"):
        text = record.find(f"{_R}text")
        findings.append(SchematronFinding(
            kind=record.get("kind", ""),
            rule_id=record.get("id", ""),
            role=record.get("role", ""),
            test=record.get("test", ""),
            context=record.get("context", ""),
            element_index=int(record.get("index", "-1")),
            location=record.get("location", ""),
            text=_normalised(text),
            diagnostics=tuple(_normalised(d) for d in record.iter(f"{_R}diagnostic") if _normalised(d)),
        ))
    return findings


def _normalised(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


_STYLESHEET_LINE = re.compile(r"\(at \S* ?line (\d+)\)|on line (\d+)")


def _compile_report(report: str, xslt: str) -> str:
    """Saxon's compile error on one line, pointing at the schema line where possible."""
    message = " ".join(report.split())
    message = re.sub(r"^schematron:\S+: cannot compile stylesheet: ", "", message)
    match = _STYLESHEET_LINE.search(message)
    if match:
        number = int(match.group(1) or match.group(2))
        lines = xslt.splitlines()
        for candidate in reversed(lines[:number]):
            found = re.search(r'tts:line="(\d+)"', candidate)
            if found:
                message = _STYLESHEET_LINE.sub("", message).strip()
                return f"cannot compile the Schematron (schema line {found.group(1)}): {message}"
    return f"cannot compile the Schematron: {message}"

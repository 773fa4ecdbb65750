"""W3C XML Schema layer, with xmlschema, offline."""

from __future__ import annotations

import re
from pathlib import Path

import xmlschema
from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error
from teitools.errors import SchemaError

LAYER = "xsd"


class XsdSchema:
    """An XSD loaded once (imports only from its own folder, never the network)."""

    layer = LAYER

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # an absolute path: xmlschema resolves a relative one against its own folder again
            self._schema = xmlschema.XMLSchema(str(Path(path).resolve()), allow="sandbox", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.XMLSyntaxError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SchemaError(f"{path}: cannot load the XML schema: {first}") from None

    def check(self, document: ParsedDocument) -> list[Diagnostic]:
        findings: list[Diagnostic] = []
        seen: set[tuple[int, int, str]] = set()
        # The tree is already parsed with the safe parser: the resource may read nothing more.
        resource = xmlschema.XMLResource(document.tree, allow="none", defuse="always")
        for failure in self._schema.iter_errors(resource):
            element = failure.elem if isinstance(failure.elem, etree._Element) else None
            reason = _readable((failure.reason or failure.message or "invalid").strip().splitlines()[0])
            child = _offending_child(failure, element)
            if child is not None and element is not None:
                # xmlschema reports a wrong child on its parent; point at the child itself
                message = (f"element '{etree.QName(child).localname}' is not allowed here in "
                           f"'{etree.QName(element).localname}' ({reason})")
                element = child
            else:
                message = f"{_element_label(element)}: {reason}"
            line, column = document.position(element) if element is not None else (failure.sourceline or 1, 1)
            key = (line, column, reason)
            if key in seen:
                continue
            seen.add(key)
            findings.append(error(document.name, line, column, LAYER, _rule_of(reason), message,
                                  _hint_of(failure, self.path)))
        return findings


_NAMESPACES = (("{http://www.tei-c.org/ns/1.0}", ""), ("{http://www.w3.org/XML/1998/namespace}", "xml:"))


def _readable(reason: str) -> str:
    """xmlschema's reason with TEI names unqualified, xml: attributes prefixed and any
    other ``{uri}name`` written as "name (in the namespace uri)"."""
    for clark, prefix in _NAMESPACES:
        reason = reason.replace(clark, prefix)
    reason = _CLARK.sub(lambda m: f"{m.group(2)} (in the namespace {m.group(1)})" if m.group(1)
                        else m.group(2), reason)
    return reason.replace("'tei:", "'")


_CLARK = re.compile(r"\{([^{}\s]*)\}([\w.\-]+)")


def _offending_child(failure: xmlschema.XMLSchemaValidationError,
                     parent: etree._Element | None) -> etree._Element | None:
    index = getattr(failure, "index", None)
    if parent is None or not isinstance(index, int):
        return None
    children = [c for c in parent if isinstance(c.tag, str)]
    return children[index] if 0 <= index < len(children) else None


def _element_label(element: etree._Element | None) -> str:
    if element is None:
        return "document"
    return f"element '{etree.QName(element).localname}'"


def _rule_of(reason: str) -> str:
    lowered = reason.lower()
    if "unexpected child" in lowered or "not allowed" in lowered and "element" in lowered:
        return "xsd.element-not-allowed"
    if "missing required attribute" in lowered:
        return "xsd.missing-attribute"
    if "attribute" in lowered and ("not allowed" in lowered or "unexpected" in lowered):
        return "xsd.attribute-not-allowed"
    if "duplicated xs:id" in lowered:
        return "xsd.duplicate-id"
    if "must be one of" in lowered or "not an element of the set" in lowered or "enumeration" in lowered or "value doesn't match" in lowered \
            or "invalid value" in lowered or "not a valid value" in lowered:
        return "xsd.invalid-value"
    if "character data" in lowered or "simple content" in lowered or "mixed" in lowered:
        return "xsd.text-not-allowed"
    if "the content of element" in lowered and "not complete" in lowered:
        return "xsd.missing-element"
    return "xsd.invalid"


def _hint_of(failure: xmlschema.validators.exceptions.XMLSchemaValidationError, schema: Path) -> str:
    expected = getattr(failure, "expected", None)
    if expected:
        names = []
        for item in expected:
            name = getattr(item, "local_name", None) or getattr(item, "name", None) or str(item)
            if name and name not in names:
                names.append(str(name).split("}")[-1])
        if names:
            return "expected here: " + ", ".join(names[:20]) + (" …" if len(names) > 20 else "")
    reason = failure.reason or ""
    if "duplicated xs:ID" in reason:
        return "every xml:id must be unique within its document: rename one of them"
    if "must be one of" in reason:
        return "use one of the values listed, or extend the list in the customization (ODD)"
    return f"see the declaration in {schema.name}"

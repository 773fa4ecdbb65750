"""libxml2's RELAX NG errors for one document turned into jing-like findings.

libxml2 reports terse, often vague faults ("failed to validate content"); the
:class:`Explainer` finds the element really at fault (checking children against the
content model of the full grammar, see :mod:`rng_expect`, or validating a lone subtree)
and says what the schema allows there.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error
from teitools.validate.rng_expect import ContentModel, display_name, display_names
from teitools.validate.rng_model import NotAllowed, QName

LAYER = "relaxng"

#: How many names a hint lists before it says how many more there are.
HINT_NAMES = 14

_ELEMENT_MESSAGES = re.compile(
    r"Did not expect element (?P<a>\S+) there|Expecting element (?P<b>\S+), got (?P<c>\S+)"
    r"|Extra element (?P<d>\S+) in interleave|Element (?P<e>\S+) has extra content: (?P<f>\S+)")
_CONTENT_FAILED = re.compile(r"Element (\S+) failed to validate content")
_ATTRIBUTES_FAILED = re.compile(r"Element (\S+) failed to validate attributes")
_INVALID_ATTRIBUTE = re.compile(r"Invalid attribute (\S+) for element (\S+)")
_VALUE_ERRORS = ("RELAXNG_ERR_TYPEVAL", "RELAXNG_ERR_DATATYPE", "RELAXNG_ERR_VALUE", "RELAXNG_ERR_LIST",
                 "RELAXNG_ERR_LACKDATA", "RELAXNG_ERR_DATAELEM", "RELAXNG_ERR_VALELEM", "RELAXNG_ERR_LISTELEM")
_TYPE_VALUE = re.compile(r"Type (\S+) doesn't allow value '(.*)'", re.S)


@dataclass(frozen=True, slots=True)
class Fault:
    """One libxml2 error located on an element."""

    kind: str
    message: str
    element: etree._Element


class Explainer:
    """Turns libxml2's faults for one document into diagnostics.

    ``validator_for`` gives a validator of a lone element of a name (None when the grammar
    allows no such element), to find the real error below a vague fault."""

    def __init__(self, model: ContentModel, validator_for: Callable[[QName], etree.RelaxNG | None],
                 document: ParsedDocument) -> None:
        self._validator_for = validator_for
        self._model = model
        self._document = document
        self._home = etree.QName(document.root).namespace or ""
        self._found: dict[tuple[int, int, str, str], Diagnostic] = {}

    def explain(self, faults: list[Fault]) -> list[Diagnostic]:
        self._explain(faults, depth=0)
        if not self._found:
            root = self._document.root
            self._add(root, "relaxng.invalid", "the document is not valid against the schema",
                      "; ".join(f.message for f in faults[:3]))
        return sorted(self._found.values(), key=Diagnostic.sort_key)

    # ------------------------------------------------------------ dispatch

    def _explain(self, faults: list[Fault], depth: int) -> None:
        precise = [f for f in faults if not _vague(f)]
        failed_attributes = {id(f.element) for f in faults if f.kind == "RELAXNG_ERR_INVALIDATTR"}
        for fault in precise:
            self._explain_one(fault, failed_attributes)
        explained = [f.element for f in precise]
        for fault in faults:
            if not _vague(fault):
                continue
            if any(_contains(fault.element, inner) for inner in explained):
                continue  # a cascade of an error already explained inside this element
            if fault.kind == "RELAXNG_ERR_ATTRVALID":
                if id(fault.element) not in failed_attributes:
                    self._missing_attribute(fault)
                explained.append(fault.element)
                continue
            before = len(self._found)
            self._drill_down(fault, depth)
            if len(self._found) == before:
                self._add(fault.element, "relaxng.invalid",
                          f"element '{self._name(fault.element)}' is not valid here", fault.message)
            explained.append(fault.element)

    def _explain_one(self, fault: Fault, failed_attributes: set[int]) -> None:
        kind, element = fault.kind, fault.element
        match = _ELEMENT_MESSAGES.search(fault.message)
        if kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_INTEREXTRA") and match:
            wrong = next(g for g in (match.group("a"), match.group("c"), match.group("d")) if g)
            if _local(element) != wrong and element.getparent() is not None:
                # libxml2 sometimes points at the parent: find the child it names
                element = next((c for c in element if _local(c) == wrong), element)
            parent = element.getparent()
            if parent is None or not self._sequence_fault(parent):
                self._element_not_allowed(element)
        elif kind == "RELAXNG_ERR_NOELEM":
            if not self._sequence_fault(element):
                self._add(element, "relaxng.missing-element",
                          f"element '{self._name(element)}' is incomplete: a required child element is missing",
                          "")
        elif kind in ("RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_NOTELEM", "RELAXNG_ERR_ELEMNOTEMPTY"):
            self._text_not_allowed(element)
        elif kind == "RELAXNG_ERR_INVALIDATTR":
            found = _INVALID_ATTRIBUTE.search(fault.message)
            self._attribute_fault(element, found.group(1) if found else "")
        elif kind in _VALUE_ERRORS:
            self._content_value(element, fault.message)
        else:
            self._add(element, "relaxng.invalid", fault.message, "")

    # ------------------------------------------------------------ children

    def _sequence_fault(self, element: etree._Element) -> bool:
        """Check an element's children by name; add a finding and say so if they break."""
        content = self._model.content_of(qname(element))
        if isinstance(content, NotAllowed):
            return False
        children = [c for c in element if isinstance(c.tag, str)]
        check = self._model.check_sequence(content, [qname(c) for c in children])
        if check.bad_child is not None:
            self._element_not_allowed(children[check.bad_child], preceding=check.bad_child)
            return True
        if _has_text(element) and not self._model.allows_text(content):
            self._text_not_allowed(element)
            return True
        if not check.complete:
            allowed = display_names(check.allowed, self._home)
            self._add(element, "relaxng.missing-element",
                      f"element '{self._name(element)}' is incomplete: a required child element is missing",
                      f"'{self._name(element)}' needs next one of: {cut(allowed)}")
            return True
        return False

    def _element_not_allowed(self, element: etree._Element, preceding: int | None = None) -> None:
        parent = element.getparent()
        name = self._name(element)
        if parent is None:
            self._add(element, "relaxng.element-not-allowed",
                      f"element '{name}' is not allowed as the document element",
                      f"the schema allows as document element: "
                      f"{cut(display_names(self._model.start_names(), self._home))}")
            return
        siblings = [c for c in parent if isinstance(c.tag, str)]
        index = siblings.index(element) if preceding is None else preceding
        content = self._model.content_of(qname(parent))
        check = self._model.check_sequence(content, [qname(c) for c in siblings[:index]])
        allowed = display_names(check.allowed, self._home)
        if check.can_end:
            allowed.insert(0, f"the end of '{self._name(parent)}'")
        unknown = "" if self._model.knows(qname(element)) else " (the schema does not define it)"
        self._add(element, "relaxng.element-not-allowed",
                  f"element '{name}' is not allowed here in '{self._name(parent)}'{unknown}",
                  f"allowed in '{self._name(parent)}' at this point: {cut(allowed)}" if allowed
                  else f"'{self._name(parent)}' allows no child element here")

    def _text_not_allowed(self, element: etree._Element) -> None:
        content = self._model.content_of(qname(element))
        first = self._model.check_sequence(content, [])
        allowed = display_names(first.allowed, self._home)
        self._add(element, "relaxng.text-not-allowed",
                  f"text is not allowed in '{self._name(element)}'",
                  f"put the text inside an element allowed in '{self._name(element)}', such as: {cut(allowed)}"
                  if allowed else f"'{self._name(element)}' must be empty")

    def _drill_down(self, fault: Fault, depth: int) -> None:
        """Find the real error below a vague 'failed to validate content' or 'extra content'."""
        element = fault.element
        if self._sequence_fault(element) or depth > 64:
            return
        named = _ELEMENT_MESSAGES.search(fault.message)
        wanted = named.group("f") if named and named.group("f") else None
        children = [c for c in element if isinstance(c.tag, str)]
        children.sort(key=lambda c: 0 if wanted is None or _local(c) == wanted else 1)
        for child in children:
            validator = self._validator_for(qname(child))
            if validator is None:
                self._element_not_allowed(child)
                return
            alone = etree.ElementTree(copy.deepcopy(child))
            if validator.validate(alone):
                continue
            faults = [Fault(entry.type_name, entry.message,
                             _element_at_relative(child, alone, entry.path, entry.line))
                      for entry in validator.error_log]
            self._explain(faults, depth + 1)
            return

    # ------------------------------------------------------------ attributes and values

    def _attribute_fault(self, element: etree._Element, local: str) -> None:
        content = self._model.content_of(qname(element))
        rules = self._model.attributes(content)
        present = [a for a in element.attrib if etree.QName(a).localname == local] or [local]
        attribute = present[0]
        name = _attribute_qname(attribute)
        shown = display_name(name, "")
        matching = [r for r in rules if r.name.contains(name)]
        if not matching:
            allowed = display_names([r.name for r in rules], "")
            self._add(element, "relaxng.attribute-not-allowed",
                      f"attribute '{shown}' is not allowed on '{self._name(element)}'",
                      f"attributes allowed on '{self._name(element)}': {cut(allowed)}" if allowed
                      else f"'{self._name(element)}' takes no attributes")
            return
        value = element.get(attribute, "")
        if self._model.datatype_of(matching[0].content) == "ID" and self._id_used_elsewhere(element, attribute, value):
            self._add(element, "relaxng.duplicate-id",
                      f"attribute '{shown}' of '{self._name(element)}': the identifier '{value}' is used more than once",
                      "every xml:id must be unique within its document: rename one of them")
            return
        self._add(element, "relaxng.invalid-value",
                  f"attribute '{shown}' of '{self._name(element)}' has an invalid value '{value}'",
                  self._value_hint(matching[0].content))

    def _id_used_elsewhere(self, element: etree._Element, attribute: str, value: str) -> bool:
        return any(other is not element and other.get(attribute) == value
                   for other in self._document.root.iter() if isinstance(other.tag, str))

    def _missing_attribute(self, fault: Fault) -> None:
        element = fault.element
        content = self._model.content_of(qname(element))
        present = {_attribute_qname(a) for a in element.attrib}
        missing = [r for r in self._model.attributes(content)
                   if r.required and not any(r.name.contains(p) for p in present)]
        names = display_names([r.name for r in missing], "")
        if names:
            listed = ", ".join(f"'{n}'" for n in names)
            additions = " and ".join(f'{n}="…"' for n in names)
            self._add(element, "relaxng.missing-attribute",
                      f"element '{self._name(element)}' lacks the required attribute {listed}",
                      f"add {additions} to '{self._name(element)}'")
        else:
            self._add(element, "relaxng.missing-attribute",
                      f"the attributes of '{self._name(element)}' do not fit the schema "
                      "(a required attribute is missing or a combination is not allowed)",
                      f"attributes allowed on '{self._name(element)}': "
                      f"{cut(display_names([r.name for r in self._model.attributes(content)], ''))}")

    def _content_value(self, element: etree._Element, message: str) -> None:
        content = self._model.content_of(qname(element))
        text = "".join(element.itertext())
        self._add(element, "relaxng.invalid-value",
                  f"the content of '{self._name(element)}' is not a valid value: '{_short(text)}'",
                  self._value_hint(content) or message)

    def _value_hint(self, content: object) -> str:
        values = self._model.closed_values(content)  # type: ignore[arg-type]
        if values:
            return f"allowed values: {cut(sorted(set(values)))}"
        datatype = self._model.datatype_of(content)  # type: ignore[arg-type]
        return f"the schema expects a value of type '{datatype}'" if datatype else "see the schema for allowed values"

    # ------------------------------------------------------------ recording

    def _name(self, element: etree._Element) -> str:
        """An element's name as the document writes it (``x:y`` for a prefixed foreign one)."""
        ns, local = qname(element)
        if ns != self._home and element.prefix and ns != "http://www.w3.org/XML/1998/namespace":
            return f"{element.prefix}:{local}"
        return display_name((ns, local), self._home)

    def _add(self, element: etree._Element, rule: str, message: str, hint: str) -> None:
        line, column = self._document.position(element)
        key = (line, column, rule, message)
        if key not in self._found:
            self._found[key] = error(self._document.name, line, column, LAYER, rule, message, hint)


# ---------------------------------------------------------------- helpers


def faults_of(tree: etree._ElementTree, log: etree._ListErrorLog, root: etree._Element) -> list[Fault]:
    """libxml2's error log, each entry located on its element."""
    return [Fault(entry.type_name, entry.message, _element_at(tree, entry.path, entry.line, root)) for entry in log]


def _vague(fault: Fault) -> bool:
    if fault.kind in ("RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_ATTRVALID", "RELAXNG_ERR_EXTRACONTENT"):
        return True
    return bool(_CONTENT_FAILED.search(fault.message) or _ATTRIBUTES_FAILED.search(fault.message))


def _contains(ancestor: etree._Element, element: etree._Element) -> bool:
    current: etree._Element | None = element
    while current is not None:
        if current is ancestor:
            return True
        current = current.getparent()
    return False


def _element_at(tree: etree._ElementTree, path: str | None, line: int, root: etree._Element) -> etree._Element:
    """The element libxml2's ``path`` names; its prefixed steps (``x:y``, for a foreign
    element) are matched by local name, since the prefixes are not bound here."""
    for candidate in (path, _PREFIXED_STEP.sub(r"*[local-name()='\2']", path)) if path else ():
        try:
            found = tree.xpath(candidate)
        except etree.XPathError:
            continue
        if found and isinstance(found[0], etree._Element):
            return found[0]
    on_line = [e for e in root.iter() if isinstance(e.tag, str) and e.sourceline == line]
    return on_line[0] if on_line else root


_PREFIXED_STEP = re.compile(r"(?<=/)([\w.\-]+):([\w.\-]+)")


def _element_at_relative(original: etree._Element, alone: etree._ElementTree, path: str | None,
                         line: int) -> etree._Element:
    """The element of ``original``'s subtree that a path into its lone copy names."""
    copied = _element_at(alone, path, line, alone.getroot())
    steps: list[int] = []
    current = copied
    while current.getparent() is not None:
        parent = current.getparent()
        steps.append([c for c in parent if isinstance(c.tag, str)].index(current))
        current = parent
    target = original
    for step in reversed(steps):
        target = [c for c in target if isinstance(c.tag, str)][step]
    return target


def qname(element: etree._Element) -> QName:
    name = etree.QName(element)
    return (name.namespace or "", name.localname)


def _attribute_qname(attribute: str) -> QName:
    name = etree.QName(attribute)
    return (name.namespace or "", name.localname)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _has_text(element: etree._Element) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def cut(names: list[str]) -> str:
    if len(names) <= HINT_NAMES:
        return ", ".join(names)
    return ", ".join(names[:HINT_NAMES]) + f", … ({len(names) - HINT_NAMES} more)"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"

"""RELAX NG validation, fast against big schemas such as tei_all, with jing-like messages.

libxml2 compiles all of tei_all in seconds; a document uses a few dozen of its ~600
elements.  :class:`RelaxNGSchema` therefore compiles, per set of element names, only
the part of the grammar those names can reach (see :mod:`rng_prune` for why the verdict
is unchanged), and keeps the compiled grammars.  libxml2's terse error log is turned
into one :class:`Diagnostic` per real error, with what the schema allows at that point
computed from the full grammar (see :mod:`rng_expect`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error
from teitools.errors import SchemaError
from teitools.validate.rng_expect import ContentModel, display_name, display_names
from teitools.validate.rng_load import read_grammar
from teitools.validate.rng_model import NOT_ALLOWED, Choice, Grammar, NotAllowed, QName, combined, listed_names
from teitools.validate.rng_prune import attribute_names, element_names, grammar_xml, inline_defines, prune

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


@dataclass(slots=True)
class _Compiled:
    """A grammar pruned to a set of element names, compiled by libxml2."""

    names: frozenset[QName]
    grammar: Grammar
    validator: etree.RelaxNG | None
    per_element: dict[QName, etree.RelaxNG | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _FastGrammar:
    """A grammar pruned to element and attribute names and inlined, compiled by libxml2."""

    names: frozenset[QName]
    attributes: frozenset[QName]
    validator: etree.RelaxNG | None


@dataclass(frozen=True, slots=True)
class _Fault:
    """One libxml2 error located on an element."""

    kind: str
    message: str
    element: etree._Element


class RelaxNGSchema:
    """A RELAX NG schema (XML syntax) that checks parsed documents.

    The grammar is read and simplified once, when the object is made; grammars pruned
    to the element names of the documents checked are compiled on demand and kept.
    """

    layer = LAYER

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._grammar = read_grammar(self.path)
        self._model: ContentModel | None = None
        # Compiled grammars, newest last.  Each is keyed by its name set; a document is
        # checked with any grammar whose set includes all of the document's names.
        self._compiled: list[_Compiled] = []
        # Grammars pruned to element and attribute names, for the verdict alone.
        self._fast: list[_FastGrammar] = []

    # ------------------------------------------------------------ public

    def check(self, document: ParsedDocument) -> list[Diagnostic]:
        """The validity errors of a document (empty when it is valid)."""
        # Pruning only ever replaces patterns by notAllowed, and every RELAX NG operator is
        # monotone, so a pruned grammar admits a subset of what the full grammar admits:
        # a document valid against *any* pruned grammar is valid.  Only an invalid verdict
        # needs a grammar pruned for a superset of the document's names.
        if self._passes_fast_check(document):
            return []
        names = element_names(document.root.iter())
        compiled = self._compiled_for(names)
        if compiled.validator is None:
            # Pruned to the document's names, nothing is allowed at the start: either the
            # root is not allowed at all, or some element lacks a required child whose name
            # is not in the document.  Add the names the schema asks for there, and retry.
            completed = names | self._names_to_complete(document)
            if completed == names:
                return [self._root_not_allowed(document)]
            compiled = self._compiled_for(completed)
            if compiled.validator is None:
                return [self._root_not_allowed(document)]
        if compiled.validator.validate(document.tree):
            return []  # cannot happen: both grammars give the same verdict (see rng_prune)
        faults = self._faults(document.tree, compiled.validator.error_log, document.root)
        explainer = _Explainer(self, compiled, document)
        return explainer.explain(faults)

    def _passes_fast_check(self, document: ParsedDocument) -> bool:
        """Whether the document is valid, by the grammar pruned to element *and* attribute
        names and inlined (see :func:`rng_prune.inline_defines`): several times faster than
        the grammar the explanations need, with the same verdict."""
        # Valid against any pruned grammar means valid (see check): try the newest one
        # before spending time on the document's names; in a corpus it is nearly always enough.
        latest = self._fast[-1] if self._fast else None
        if latest is not None and latest.validator is not None and latest.validator.validate(document.tree):
            return True
        elements = element_names(document.root.iter())
        attributes = attribute_names(document.root.iter())
        for fast in reversed(self._fast):
            if elements <= fast.names and attributes <= fast.attributes:
                if fast is latest:
                    return False  # already tried: the document is invalid
                return fast.validator is not None and fast.validator.validate(document.tree)
        # grow towards one grammar for a stream of similar documents, as _compiled_for does
        elements = elements.union(*(f.names for f in self._fast))
        attributes = attributes.union(*(f.attributes for f in self._fast))
        pruned = prune(self._grammar, elements, attributes)
        validator = None if isinstance(pruned.start, NotAllowed) else _relaxng(
            grammar_xml(inline_defines(pruned)), self.path)
        self._fast = [f for f in self._fast if not (f.names <= elements and f.attributes <= attributes)]
        self._fast.append(_FastGrammar(elements, attributes, validator))
        return validator is not None and validator.validate(document.tree)

    def _names_to_complete(self, document: ParsedDocument) -> frozenset[QName]:
        """Element names the schema requires below some element of the document, closed
        over the required children of those names in turn (bounded, for open schemas)."""
        model = self.model
        wanted: set[QName] = set()
        pending: list[tuple[QName, list[QName]]] = [
            (_qname(e), [_qname(c) for c in e if isinstance(c.tag, str)])
            for e in document.root.iter() if isinstance(e.tag, str)]
        seen: set[QName] = set()
        while pending and len(wanted) < 256:
            name, children = pending.pop()
            content = model.content_of(name)
            if isinstance(content, NotAllowed):
                continue
            check = model.check_sequence(content, children)
            if check.bad_child is None and check.complete:
                continue
            for name_class in check.allowed:
                for listed in listed_names(name_class)[0]:
                    wanted.add(listed)
                    if listed not in seen:
                        seen.add(listed)
                        pending.append((listed, []))
        return frozenset(wanted)

    def compiled_grammar_count(self) -> int:
        """How many pruned grammars have been compiled so far (for tests and benchmarks)."""
        return len(self._compiled)

    # ------------------------------------------------------------ compiling

    @property
    def model(self) -> ContentModel:
        if self._model is None:
            self._model = ContentModel(self._grammar)
        return self._model

    def _compiled_for(self, names: frozenset[QName]) -> _Compiled:
        # Any grammar pruned for a superset of the document's names gives the document's
        # verdict (proof in rng_prune).  On a miss the grammar is pruned for the union of
        # everything seen so far, so that a stream of similar documents converges on one
        # compiled grammar; the grammars it supersedes are dropped.
        for compiled in reversed(self._compiled):
            if names <= compiled.names:
                return compiled
        wanted = names.union(*(c.names for c in self._compiled))
        compiled = self._compile(wanted)
        self._compiled = [c for c in self._compiled if not c.names <= wanted] + [compiled]
        return compiled

    def _compile(self, names: frozenset[QName]) -> _Compiled:
        pruned = prune(self._grammar, names)
        if isinstance(pruned.start, NotAllowed):
            return _Compiled(names, pruned, None)
        return _Compiled(names, pruned, _relaxng(grammar_xml(pruned), self.path))

    def element_validator(self, compiled: _Compiled, name: QName) -> etree.RelaxNG | None:
        """A validator of a lone element named ``name`` (and its subtree)."""
        if name not in compiled.per_element:
            patterns = self.model.patterns_for(name)
            start = combined(Choice, list(patterns)) if patterns else NOT_ALLOWED
            pruned = prune(Grammar(start, self._grammar.defines), compiled.names)
            compiled.per_element[name] = (
                None if isinstance(pruned.start, NotAllowed) else _relaxng(grammar_xml(pruned), self.path))
        return compiled.per_element[name]

    # ------------------------------------------------------------ errors

    @staticmethod
    def _faults(tree: etree._ElementTree, log: etree._ListErrorLog, root: etree._Element) -> list[_Fault]:
        faults: list[_Fault] = []
        for entry in log:
            element = _element_at(tree, entry.path, entry.line, root)
            faults.append(_Fault(entry.type_name, entry.message, element))
        return faults

    def _root_not_allowed(self, document: ParsedDocument) -> Diagnostic:
        root = document.root
        home = etree.QName(root).namespace or ""
        line, column = document.position(root)
        allowed = display_names(self.model.start_names(), home)
        return error(document.name, line, column, LAYER, "relaxng.element-not-allowed",
                     f"element '{display_name(_qname(root), home)}' is not allowed as the document element",
                     f"the schema allows as document element: {_cut(allowed)}")


class _Explainer:
    """Turns libxml2's faults for one document into diagnostics."""

    def __init__(self, schema: RelaxNGSchema, compiled: _Compiled, document: ParsedDocument) -> None:
        self._schema = schema
        self._model = schema.model
        self._compiled = compiled
        self._document = document
        self._home = etree.QName(document.root).namespace or ""
        self._found: dict[tuple[int, int, str, str], Diagnostic] = {}

    def explain(self, faults: list[_Fault]) -> list[Diagnostic]:
        self._explain(faults, depth=0)
        if not self._found:
            root = self._document.root
            self._add(root, "relaxng.invalid", "the document is not valid against the schema",
                      "; ".join(f.message for f in faults[:3]))
        return sorted(self._found.values(), key=Diagnostic.sort_key)

    # ------------------------------------------------------------ dispatch

    def _explain(self, faults: list[_Fault], depth: int) -> None:
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

    def _explain_one(self, fault: _Fault, failed_attributes: set[int]) -> None:
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
        content = self._model.content_of(_qname(element))
        if isinstance(content, NotAllowed):
            return False
        children = [c for c in element if isinstance(c.tag, str)]
        check = self._model.check_sequence(content, [_qname(c) for c in children])
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
                      f"'{self._name(element)}' needs next one of: {_cut(allowed)}")
            return True
        return False

    def _element_not_allowed(self, element: etree._Element, preceding: int | None = None) -> None:
        parent = element.getparent()
        name = self._name(element)
        if parent is None:
            self._add(element, "relaxng.element-not-allowed",
                      f"element '{name}' is not allowed as the document element",
                      f"the schema allows as document element: "
                      f"{_cut(display_names(self._model.start_names(), self._home))}")
            return
        siblings = [c for c in parent if isinstance(c.tag, str)]
        index = siblings.index(element) if preceding is None else preceding
        content = self._model.content_of(_qname(parent))
        check = self._model.check_sequence(content, [_qname(c) for c in siblings[:index]])
        allowed = display_names(check.allowed, self._home)
        if check.can_end:
            allowed.insert(0, f"the end of '{self._name(parent)}'")
        unknown = "" if self._model.knows(_qname(element)) else " (the schema does not define it)"
        self._add(element, "relaxng.element-not-allowed",
                  f"element '{name}' is not allowed here in '{self._name(parent)}'{unknown}",
                  f"allowed in '{self._name(parent)}' at this point: {_cut(allowed)}" if allowed
                  else f"'{self._name(parent)}' allows no child element here")

    def _text_not_allowed(self, element: etree._Element) -> None:
        content = self._model.content_of(_qname(element))
        first = self._model.check_sequence(content, [])
        allowed = display_names(first.allowed, self._home)
        self._add(element, "relaxng.text-not-allowed",
                  f"text is not allowed in '{self._name(element)}'",
                  f"put the text inside an element allowed in '{self._name(element)}', such as: {_cut(allowed)}"
                  if allowed else f"'{self._name(element)}' must be empty")

    def _drill_down(self, fault: _Fault, depth: int) -> None:
        """Find the real error below a vague 'failed to validate content' or 'extra content'."""
        element = fault.element
        if self._sequence_fault(element) or depth > 64:
            return
        named = _ELEMENT_MESSAGES.search(fault.message)
        wanted = named.group("f") if named and named.group("f") else None
        children = [c for c in element if isinstance(c.tag, str)]
        children.sort(key=lambda c: 0 if wanted is None or _local(c) == wanted else 1)
        for child in children:
            validator = self._schema.element_validator(self._compiled, _qname(child))
            if validator is None:
                self._element_not_allowed(child)
                return
            alone = etree.ElementTree(copy.deepcopy(child))
            if validator.validate(alone):
                continue
            faults = [_Fault(entry.type_name, entry.message,
                             _element_at_relative(child, alone, entry.path, entry.line))
                      for entry in validator.error_log]
            self._explain(faults, depth + 1)
            return

    # ------------------------------------------------------------ attributes and values

    def _attribute_fault(self, element: etree._Element, local: str) -> None:
        content = self._model.content_of(_qname(element))
        rules = self._model.attributes(content)
        present = [a for a in element.attrib if etree.QName(a).localname == local] or [local]
        attribute = present[0]
        qname = _attribute_qname(attribute)
        shown = display_name(qname, "")
        matching = [r for r in rules if r.name.contains(qname)]
        if not matching:
            allowed = display_names([r.name for r in rules], "")
            self._add(element, "relaxng.attribute-not-allowed",
                      f"attribute '{shown}' is not allowed on '{self._name(element)}'",
                      f"attributes allowed on '{self._name(element)}': {_cut(allowed)}" if allowed
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

    def _missing_attribute(self, fault: _Fault) -> None:
        element = fault.element
        content = self._model.content_of(_qname(element))
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
                      f"{_cut(display_names([r.name for r in self._model.attributes(content)], ''))}")

    def _content_value(self, element: etree._Element, message: str) -> None:
        content = self._model.content_of(_qname(element))
        text = "".join(element.itertext())
        self._add(element, "relaxng.invalid-value",
                  f"the content of '{self._name(element)}' is not a valid value: '{_short(text)}'",
                  self._value_hint(content) or message)

    def _value_hint(self, content: object) -> str:
        values = self._model.closed_values(content)  # type: ignore[arg-type]
        if values:
            return f"allowed values: {_cut(sorted(set(values)))}"
        datatype = self._model.datatype_of(content)  # type: ignore[arg-type]
        return f"the schema expects a value of type '{datatype}'" if datatype else "see the schema for allowed values"

    # ------------------------------------------------------------ recording

    def _name(self, element: etree._Element) -> str:
        return display_name(_qname(element), self._home)

    def _add(self, element: etree._Element, rule: str, message: str, hint: str) -> None:
        line, column = self._document.position(element)
        key = (line, column, rule, message)
        if key not in self._found:
            self._found[key] = error(self._document.name, line, column, LAYER, rule, message, hint)


# ---------------------------------------------------------------- helpers


def _relaxng(xml: bytes, path: Path) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.fromstring(xml))
    except etree.RelaxNGParseError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "cannot be compiled"
        raise SchemaError(f"{path}: {first}") from None


def _vague(fault: _Fault) -> bool:
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
    if path:
        try:
            found = tree.xpath(path)
        except etree.XPathError:
            found = []
        if found and isinstance(found[0], etree._Element):
            return found[0]
    on_line = [e for e in root.iter() if isinstance(e.tag, str) and e.sourceline == line]
    return on_line[0] if on_line else root


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


def _qname(element: etree._Element) -> QName:
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


def _cut(names: list[str]) -> str:
    if len(names) <= HINT_NAMES:
        return ", ".join(names)
    return ", ".join(names[:HINT_NAMES]) + f", … ({len(names) - HINT_NAMES} more)"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


__all__ = ["RelaxNGSchema", "LAYER"]

"""What a grammar allows inside an element: next children, attributes, values.

Used to explain a validity error the way jing does ("allowed here: head, p, sp…").  The
children of an element are matched by name only, with derivatives of the element's
content pattern (J. Clark, "An algorithm for RELAX NG validation"): a child matches an
``element`` pattern whose name class contains its name, whatever the child holds.
Attributes are matched separately; text is ignored in the child sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

from teitools.validate.rng_model import (
    EMPTY,
    NOT_ALLOWED,
    Attribute,
    Choice,
    Data,
    Element,
    Empty,
    Grammar,
    Group,
    Interleave,
    ListPattern,
    AnyName,
    NameChoice,
    NameClass,
    NsName,
    NotAllowed,
    OneOrMore,
    Pattern,
    QName,
    Ref,
    Text,
    Value,
    listed_names,
)


@dataclass(frozen=True, slots=True)
class SequenceCheck:
    """Where a child sequence first breaks the content model (``None``: nowhere)."""

    bad_child: int | None
    complete: bool
    allowed: tuple[NameClass, ...]
    can_end: bool


@dataclass(frozen=True, slots=True)
class AttributeRule:
    name: NameClass
    content: Pattern
    required: bool


class ContentModel:
    """Questions about the content of elements, answered from one grammar."""

    def __init__(self, grammar: Grammar) -> None:
        self._grammar = grammar
        self._by_name: dict[QName, list[Element]] = {}
        self._open: list[Element] = []
        for element in grammar.elements():
            names, open_ = listed_names(element.name)
            for name in names:
                self._by_name.setdefault(name, []).append(element)
            if open_:
                self._open.append(element)
        self._nullable: dict[str, bool] = {}

    # ------------------------------------------------------------ lookup

    def patterns_for(self, name: QName) -> list[Element]:
        """The element patterns whose name class contains ``name``."""
        found = [e for e in self._by_name.get(name, []) if e.name.contains(name)]
        return found + [e for e in self._open if e.name.contains(name)]

    def knows(self, name: QName) -> bool:
        return bool(self.patterns_for(name))

    def content_of(self, name: QName) -> Pattern:
        patterns = self.patterns_for(name)
        if not patterns:
            return NOT_ALLOWED
        return _choice([p.content for p in patterns])

    def start_names(self) -> tuple[NameClass, ...]:
        return tuple(e.name for e in self._first(self._grammar.start, set()))

    # ------------------------------------------------------------ children

    def check_sequence(self, content: Pattern, children: list[QName]) -> SequenceCheck:
        """Match the child names in order; report the first child no pattern admits."""
        current = content
        for index, child in enumerate(children):
            following = self._derive(current, child)
            if isinstance(following, NotAllowed):
                return SequenceCheck(index, False, self._next_names(current), self.nullable(current))
            current = following
        can_end = self.nullable(current)
        return SequenceCheck(None, can_end, self._next_names(current), can_end)

    def allows_text(self, content: Pattern) -> bool:
        """Whether character data may appear among the children."""
        seen: set[str] = set()
        stack = [content]
        while stack:
            pattern = stack.pop()
            if isinstance(pattern, (Text, Data, Value, ListPattern)):
                return True
            if isinstance(pattern, (Group, Interleave, Choice)):
                stack.extend(pattern.items)
            elif isinstance(pattern, OneOrMore):
                stack.append(pattern.item)
            elif isinstance(pattern, Ref) and pattern.name not in seen:
                seen.add(pattern.name)
                stack.append(self._grammar.defines[pattern.name])
        return False

    def _next_names(self, pattern: Pattern) -> tuple[NameClass, ...]:
        return tuple(e.name for e in self._first(pattern, set()))

    def nullable(self, pattern: Pattern) -> bool:
        if isinstance(pattern, (Empty, Text, Attribute, Data, Value, ListPattern)):
            return True
        if isinstance(pattern, (NotAllowed, Element)):
            return False
        if isinstance(pattern, (Group, Interleave)):
            return all(self.nullable(item) for item in pattern.items)
        if isinstance(pattern, Choice):
            return any(self.nullable(item) for item in pattern.items)
        if isinstance(pattern, OneOrMore):
            return self.nullable(pattern.item)
        if isinstance(pattern, Ref):
            known = self._nullable.get(pattern.name)
            if known is None:
                self._nullable[pattern.name] = False  # a reference cycle without an element
                known = self.nullable(self._grammar.defines[pattern.name])
                self._nullable[pattern.name] = known
            return known
        return False

    def _derive(self, pattern: Pattern, name: QName) -> Pattern:
        if isinstance(pattern, Element):
            return EMPTY if pattern.name.contains(name) else NOT_ALLOWED
        if isinstance(pattern, Ref):
            return self._derive(self._grammar.defines[pattern.name], name)
        if isinstance(pattern, Choice):
            return _choice([self._derive(item, name) for item in pattern.items])
        if isinstance(pattern, Group):
            head, rest = pattern.items[0], _group(list(pattern.items[1:]))
            derived = _group([self._derive(head, name), rest])
            if self.nullable(head):
                return _choice([derived, self._derive(rest, name)])
            return derived
        if isinstance(pattern, Interleave):
            options = []
            for index, item in enumerate(pattern.items):
                items = list(pattern.items)
                items[index] = self._derive(item, name)
                options.append(_interleave(items))
            return _choice(options)
        if isinstance(pattern, OneOrMore):
            return _group([self._derive(pattern.item, name), _choice([pattern, EMPTY])])
        return NOT_ALLOWED

    def _first(self, pattern: Pattern, seen: set[str]) -> list[Element]:
        if isinstance(pattern, Element):
            return [pattern]
        if isinstance(pattern, Ref):
            if pattern.name in seen:
                return []
            seen.add(pattern.name)
            return self._first(self._grammar.defines[pattern.name], seen)
        if isinstance(pattern, (Choice, Interleave)):
            return [e for item in pattern.items for e in self._first(item, seen)]
        if isinstance(pattern, Group):
            found: list[Element] = []
            for item in pattern.items:
                found.extend(self._first(item, seen))
                if not self.nullable(item):
                    break
            return found
        if isinstance(pattern, OneOrMore):
            return self._first(pattern.item, seen)
        return []

    # ------------------------------------------------------------ attributes

    def attributes(self, content: Pattern) -> list[AttributeRule]:
        """The attribute patterns of an element's content, with whether each is required."""
        found: list[AttributeRule] = []
        self._collect_attributes(content, True, set(), found)
        return found

    def _collect_attributes(self, pattern: Pattern, required: bool, seen: set[str],
                            found: list[AttributeRule]) -> None:
        if isinstance(pattern, Attribute):
            found.append(AttributeRule(pattern.name, pattern.content, required))
        elif isinstance(pattern, (Group, Interleave)):
            for item in pattern.items:
                self._collect_attributes(item, required, seen, found)
        elif isinstance(pattern, Choice):
            for item in pattern.items:  # one of several: none of them is required as such
                self._collect_attributes(item, False, seen, found)
        elif isinstance(pattern, OneOrMore):
            self._collect_attributes(pattern.item, required, seen, found)
        elif isinstance(pattern, Ref) and pattern.name not in seen:
            seen.add(pattern.name)
            self._collect_attributes(self._grammar.defines[pattern.name], required, seen, found)

    def closed_values(self, content: Pattern) -> list[str] | None:
        """The values a pattern admits when it is a closed list of ``value``s, else ``None``."""
        values: list[str] = []
        stack = [content]
        seen: set[str] = set()
        while stack:
            pattern = stack.pop()
            if isinstance(pattern, Value):
                values.append(pattern.text)
            elif isinstance(pattern, Choice):
                stack.extend(reversed(pattern.items))
            elif isinstance(pattern, Ref) and pattern.name not in seen:
                seen.add(pattern.name)
                stack.append(self._grammar.defines[pattern.name])
            else:
                return None
        return values

    def datatype_of(self, content: Pattern) -> str | None:
        """The name of the datatype a pattern admits, when it is a single ``data``."""
        seen: set[str] = set()
        while isinstance(content, Ref) and content.name not in seen:
            seen.add(content.name)
            content = self._grammar.defines[content.name]
        if isinstance(content, Data):
            return content.type
        if isinstance(content, ListPattern):
            return "list of tokens"
        return None


def _choice(patterns: list[Pattern]) -> Pattern:
    items: list[Pattern] = []
    seen: set[Pattern] = set()
    for pattern in patterns:
        for item in pattern.items if isinstance(pattern, Choice) else (pattern,):
            if isinstance(item, NotAllowed) or item in seen:
                continue
            seen.add(item)
            items.append(item)
    if not items:
        return NOT_ALLOWED
    return items[0] if len(items) == 1 else Choice(tuple(items))


def _group(patterns: list[Pattern]) -> Pattern:
    items: list[Pattern] = []
    for pattern in patterns:
        if isinstance(pattern, NotAllowed):
            return NOT_ALLOWED
        if isinstance(pattern, Empty):
            continue
        items.extend(pattern.items if isinstance(pattern, Group) else (pattern,))
    if not items:
        return EMPTY
    return items[0] if len(items) == 1 else Group(tuple(items))


def _interleave(patterns: list[Pattern]) -> Pattern:
    if any(isinstance(p, NotAllowed) for p in patterns):
        return NOT_ALLOWED
    items = [p for p in patterns if not isinstance(p, Empty)]
    if not items:
        return EMPTY
    return items[0] if len(items) == 1 else Interleave(tuple(items))


def display_names(name_classes: tuple[NameClass, ...] | list[NameClass], home_ns: str) -> list[str]:
    """Sorted readable names (see :func:`display_name`)."""
    names: set[str] = set()
    for name_class in name_classes:
        listed, open_ = listed_names(name_class)
        for name in listed:
            names.add(display_name(name, home_ns))
        if open_:
            names.add(_open_description(name_class))
    return sorted(names, key=lambda n: (n.startswith("any "), n.lower(), n))


def _open_description(name_class: NameClass) -> str:
    if isinstance(name_class, NsName):
        return f"any name {namespace_phrase(name_class.ns)}"
    if isinstance(name_class, NameChoice):
        return "; ".join(_open_description(o) for o in name_class.options if listed_names(o)[1])
    return "any name" if isinstance(name_class, AnyName) and name_class.except_ is None else "other names"


def display_name(name: QName, home_ns: str) -> str:
    """A name as a reader writes it: the local name in the document's own namespace,
    ``xml:`` for the XML namespace, otherwise the local name and which namespace it is in
    (never ``{uri}name``)."""
    ns, local = name
    if ns == home_ns:
        return local
    if ns == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    return f"{local} {namespace_phrase(ns)}"


def namespace_phrase(ns: str) -> str:
    """``in the TEI namespace``, ``in no namespace`` or ``in the namespace URI``."""
    if ns == "http://www.tei-c.org/ns/1.0":
        return "in the TEI namespace"
    return f"in the namespace {ns}" if ns else "in no namespace"
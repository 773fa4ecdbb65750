"""Prune a grammar to the element and attribute names documents use (:mod:`rng_write` writes it back).

Why pruning keeps every verdict
-------------------------------
Let ``N`` be a set of element names (namespace, local name) that contains every element
name occurring in a document ``D``.  Pruning replaces each ``element`` pattern whose name
class matches no name in ``N`` by ``notAllowed``.  Such a pattern can only match an element
whose name it contains; ``D`` has no such element, so *for the trees of D* the pattern
matches nothing, exactly like ``notAllowed``.  Validity of ``D`` is decided only by
matching ``D``'s elements against patterns, so ``D`` is valid against the pruned grammar
iff it is valid against the original one.

The remaining steps are the ``notAllowed`` rules of RELAX NG section 4.19 (ISO 19757-2,
7.20), which preserve the language of every pattern exactly: ``group``, ``interleave``,
``oneOrMore``, ``list`` and ``attribute`` with a ``notAllowed`` part are ``notAllowed``;
``notAllowed`` alternatives are dropped from a ``choice`` (a choice of nothing left is
``notAllowed``); a ``notAllowed`` ``except`` is dropped; a ``ref`` to a define whose body is
``notAllowed`` is ``notAllowed``; defines no longer reachable from ``start`` are removed.
One more rule is used: an ``element`` whose content is ``notAllowed`` matches no element
at all, so it is ``notAllowed`` too.

Defines are marked ``notAllowed`` only when their body simplifies to ``notAllowed`` under
the defines already marked, starting from none (the greatest fixpoint): every mark is
justified by the rules above, so a recursive define that might be empty is at worst kept,
which is always safe.

Attribute names are pruned the same way: an ``attribute`` pattern whose name class
contains no attribute name of ``D`` matches no attribute of ``D``, so it may become
``notAllowed`` (an optional attribute then drops out of its choice; a required one makes
its element ``notAllowed``, which is right: ``D`` cannot satisfy it).

Reusing a grammar pruned for a larger set ``N' ⊇ N`` is correct by the same argument:
the argument above needs only that ``N'`` contains every name of ``D``.  Such a grammar
merely keeps some element patterns that ``D`` cannot reach.
"""

from __future__ import annotations

from collections.abc import Iterable

from teitools.validate.rng_model import (
    NOT_ALLOWED,
    Attribute,
    Choice,
    Data,
    Element,
    Grammar,
    Group,
    Interleave,
    ListPattern,
    Name,
    NameClass,
    NotAllowed,
    OneOrMore,
    Pattern,
    QName,
    Ref,
    children_of,
    combined,
)

class _Simplifier:
    """Applies pruning and the ``notAllowed`` rules to patterns, one define body at a time."""

    def __init__(self, names: frozenset[QName] | None, dead: set[str],
                 attributes: frozenset[QName] | None = None) -> None:
        self._names = names
        self._attributes = attributes
        self._dead = dead
        self._verdicts: dict[NameClass, bool] = {}
        self._attribute_verdicts: dict[NameClass, bool] = {}

    def admits(self, name_class: NameClass) -> bool:
        """Whether an element name class contains a name of the set (always, without a set)."""
        return _admits(name_class, self._names, self._verdicts)

    def admits_attribute(self, name_class: NameClass) -> bool:
        """The same for an attribute name class and the attribute names."""
        return _admits(name_class, self._attributes, self._attribute_verdicts)

    def live_references(self, pattern: Pattern) -> set[str]:
        """Defines referred to from a pattern, not counting the content of pruned elements."""
        found: set[str] = set()
        stack = [pattern]
        while stack:
            current = stack.pop()
            if isinstance(current, Ref):
                found.add(current.name)
            elif isinstance(current, Element):
                if self.admits(current.name):
                    stack.append(current.content)
            else:
                stack.extend(children_of(current))
        return found

    def is_dead(self, pattern: Pattern) -> bool:
        """Whether a pattern simplifies to ``notAllowed`` (without building the result)."""
        if isinstance(pattern, Ref):
            return pattern.name in self._dead
        if isinstance(pattern, Choice):
            return all(self.is_dead(item) for item in pattern.items)
        if isinstance(pattern, (Group, Interleave)):
            return any(self.is_dead(item) for item in pattern.items)
        if isinstance(pattern, Element):
            return not self.admits(pattern.name) or self.is_dead(pattern.content)
        if isinstance(pattern, Attribute):
            return not self.admits_attribute(pattern.name) or self.is_dead(pattern.content)
        if isinstance(pattern, (OneOrMore, ListPattern)):
            return self.is_dead(pattern.item)
        return isinstance(pattern, NotAllowed)

    def simplify(self, pattern: Pattern) -> Pattern:
        if isinstance(pattern, Ref):
            return NOT_ALLOWED if pattern.name in self._dead else pattern
        if isinstance(pattern, Element):
            if not self.admits(pattern.name):
                return NOT_ALLOWED
            content = self.simplify(pattern.content)
            if isinstance(content, NotAllowed):
                return NOT_ALLOWED
            return pattern if content is pattern.content else Element(pattern.name, content)
        if isinstance(pattern, Choice):
            items = [self.simplify(item) for item in pattern.items]
            kept = [item for item in items if not isinstance(item, NotAllowed)]
            if all(a is b for a, b in zip(kept, pattern.items)) and len(kept) == len(pattern.items):
                return pattern
            return combined(Choice, kept)
        if isinstance(pattern, (Group, Interleave)):
            items = [self.simplify(item) for item in pattern.items]
            if any(isinstance(item, NotAllowed) for item in items):
                return NOT_ALLOWED
            if all(a is b for a, b in zip(items, pattern.items)):
                return pattern
            return combined(type(pattern), items)
        if isinstance(pattern, Attribute) and not self.admits_attribute(pattern.name):
            return NOT_ALLOWED
        if isinstance(pattern, (OneOrMore, ListPattern, Attribute)):
            inner = pattern.content if isinstance(pattern, Attribute) else pattern.item
            simplified = self.simplify(inner)
            if isinstance(simplified, NotAllowed):
                return NOT_ALLOWED
            if simplified is inner:
                return pattern
            if isinstance(pattern, Attribute):
                return Attribute(pattern.name, simplified)
            return type(pattern)(simplified)
        if isinstance(pattern, Data) and pattern.except_ is not None:
            except_ = self.simplify(pattern.except_)
            if except_ is pattern.except_:
                return pattern
            if isinstance(except_, NotAllowed):
                return Data(pattern.library, pattern.type, pattern.params, None)
            return Data(pattern.library, pattern.type, pattern.params, except_)
        return pattern


def _admits(name_class: NameClass, names: frozenset[QName] | None, verdicts: dict[NameClass, bool]) -> bool:
    if names is None:
        return True
    verdict = verdicts.get(name_class)
    if verdict is None:
        if isinstance(name_class, Name):
            verdict = (name_class.ns, name_class.local) in names
        else:
            verdict = any(name_class.contains(name) for name in names)
        verdicts[name_class] = verdict
    return verdict


def prune(grammar: Grammar, names: frozenset[QName] | None,
          attributes: frozenset[QName] | None = None) -> Grammar:
    """The grammar restricted to element names in ``names`` and, if given, attribute names
    in ``attributes`` (``None``: keep all), simplified.

    Only defines reachable from the start pattern are kept.  The start pattern may end up
    ``notAllowed``: then no document using only these names is valid.
    """
    dead: set[str] = set()
    simplifier = _Simplifier(names, dead, attributes)
    # 1. the defines reachable from start through element patterns that are kept
    users: dict[str, list[str]] = {}
    reached: list[str] = []
    seen: set[str] = set()
    pending = list(simplifier.live_references(grammar.start))
    seen.update(pending)
    while pending:
        name = pending.pop()
        reached.append(name)
        for target in simplifier.live_references(grammar.defines[name]):
            users.setdefault(target, []).append(name)
            if target not in seen:
                seen.add(target)
                pending.append(target)
    # 2. the greatest fixpoint of "this define is notAllowed"
    worklist = list(reached)
    while worklist:
        name = worklist.pop()
        if name not in dead and simplifier.is_dead(grammar.defines[name]):
            dead.add(name)
            worklist.extend(users.get(name, ()))
    # 3. rebuild what is still reachable
    start = simplifier.simplify(grammar.start)
    kept: dict[str, Pattern] = {}
    pending = list(references_in(start))
    while pending:
        name = pending.pop()
        if name in kept:
            continue
        kept[name] = body = simplifier.simplify(grammar.defines[name])
        pending.extend(target for target in references_in(body) if target not in kept)
    return Grammar(start, kept)


def inline_defines(grammar: Grammar) -> Grammar:
    """The same grammar with one define per element pattern and every other define inlined.

    This is the form of RELAX NG section 4.19 (a ``ref`` only ever names an ``element``),
    with nested choices flattened and repeated alternatives dropped.  Each step replaces
    a pattern by one with the same language, so every verdict is unchanged.  libxml2 then
    sees each element's content as one flat choice it can index by element name, which
    validates several times faster than TEI's layers of class and macro defines.
    """
    defines: dict[str, Pattern] = {}
    by_element: dict[int, str] = {}
    inlined: dict[str, Pattern] = {}

    def element_ref(element: Element) -> Ref:
        name = by_element.get(id(element))
        if name is None:
            name = by_element[id(element)] = f"e{len(by_element)}"
            defines[name] = NOT_ALLOWED  # placeholder while the content is expanded
            defines[name] = Element(element.name, expand(element.content))
        return Ref(name)

    def expand(pattern: Pattern) -> Pattern:
        if isinstance(pattern, Ref):
            body = grammar.defines[pattern.name]
            if isinstance(body, Element):
                return element_ref(body)
            if pattern.name not in inlined:
                # refs that do not pass through an element cannot be recursive (RELAX NG 4.19)
                inlined[pattern.name] = expand(body)
            return inlined[pattern.name]
        if isinstance(pattern, Element):
            return element_ref(pattern)
        if isinstance(pattern, Choice):
            items: list[Pattern] = []
            for item in pattern.items:
                expanded = expand(item)
                for option in expanded.items if isinstance(expanded, Choice) else (expanded,):
                    if not isinstance(option, NotAllowed) and option not in items:
                        items.append(option)
            return combined(Choice, items)
        if isinstance(pattern, (Group, Interleave)):
            parts = [expand(item) for item in pattern.items]
            if any(isinstance(part, NotAllowed) for part in parts):
                return NOT_ALLOWED
            return combined(type(pattern), parts)
        if isinstance(pattern, (OneOrMore, ListPattern)):
            item = expand(pattern.item)
            return NOT_ALLOWED if isinstance(item, NotAllowed) else type(pattern)(item)
        if isinstance(pattern, Attribute):
            content = expand(pattern.content)
            return NOT_ALLOWED if isinstance(content, NotAllowed) else Attribute(pattern.name, content)
        if isinstance(pattern, Data) and pattern.except_ is not None:
            except_ = expand(pattern.except_)
            return Data(pattern.library, pattern.type, pattern.params,
                        None if isinstance(except_, NotAllowed) else except_)
        return pattern

    start = expand(grammar.start)
    return Grammar(start, defines)


def references_in(pattern: Pattern) -> set[str]:
    """Names of the defines a pattern refers to directly (not through other defines)."""
    found: set[str] = set()
    stack = [pattern]
    while stack:
        current = stack.pop()
        if isinstance(current, Ref):
            found.add(current.name)
        else:
            stack.extend(children_of(current))
    return found


def attribute_names(elements: Iterable[object]) -> frozenset[QName]:
    """The (namespace, local name) pairs of the attributes of lxml elements."""
    found: set[str] = set()
    for element in elements:
        attrib = getattr(element, "attrib", None)
        if attrib:
            found.update(attrib.keys())
    return frozenset((n[1:].partition("}")[0], n.partition("}")[2]) if n[0] == "{" else ("", n) for n in found)


def element_names(elements: Iterable[object]) -> frozenset[QName]:
    """The (namespace, local name) pairs of lxml elements (comments and PIs are skipped)."""
    found: set[QName] = set()
    for element in elements:
        tag = getattr(element, "tag", None)
        if not isinstance(tag, str):
            continue
        if tag[0] == "{":
            ns, _, local = tag[1:].partition("}")
            found.add((ns, local))
        else:
            found.add(("", tag))
    return frozenset(found)



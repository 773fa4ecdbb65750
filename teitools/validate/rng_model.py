"""The simplified RELAX NG pattern model teitools works on (name classes and patterns).

A grammar is a start pattern and a table of named patterns (defines); references are by
name.  ``optional``, ``zeroOrMore`` and ``mixed`` are already expanded into ``choice``,
``oneOrMore`` and ``interleave``, every name class carries its namespace, every data and
value pattern its datatype library, and nested grammars are flattened into one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: A namespace URI and a local name; ``""`` is the null namespace.
QName = tuple[str, str]


# ---------------------------------------------------------------- name classes


@dataclass(frozen=True, slots=True)
class Name:
    ns: str
    local: str

    def contains(self, name: QName) -> bool:
        return name == (self.ns, self.local)


@dataclass(frozen=True, slots=True)
class AnyName:
    except_: NameClass | None = None

    def contains(self, name: QName) -> bool:
        return self.except_ is None or not self.except_.contains(name)


@dataclass(frozen=True, slots=True)
class NsName:
    ns: str
    except_: NameClass | None = None

    def contains(self, name: QName) -> bool:
        return name[0] == self.ns and (self.except_ is None or not self.except_.contains(name))


@dataclass(frozen=True, slots=True)
class NameChoice:
    options: tuple[NameClass, ...]

    def contains(self, name: QName) -> bool:
        return any(option.contains(name) for option in self.options)


NameClass = Name | AnyName | NsName | NameChoice


def listed_names(name_class: NameClass) -> tuple[list[QName], bool]:
    """The names a name class lists explicitly, and whether it also admits open sets."""
    if isinstance(name_class, Name):
        return [(name_class.ns, name_class.local)], False
    if isinstance(name_class, NameChoice):
        names: list[QName] = []
        open_ = False
        for option in name_class.options:
            found, more = listed_names(option)
            names.extend(found)
            open_ = open_ or more
        return names, open_
    return [], True


# ---------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class Empty:
    pass


@dataclass(frozen=True, slots=True)
class NotAllowed:
    pass


@dataclass(frozen=True, slots=True)
class Text:
    pass


@dataclass(frozen=True, slots=True, eq=False)
class Element:
    """An element pattern; compared by identity (its content may be large and recursive)."""

    name: NameClass
    content: Pattern


@dataclass(frozen=True, slots=True)
class Attribute:
    name: NameClass
    content: Pattern


@dataclass(frozen=True, slots=True)
class Group:
    items: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class Interleave:
    items: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    items: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class OneOrMore:
    item: Pattern


@dataclass(frozen=True, slots=True)
class ListPattern:
    item: Pattern


@dataclass(frozen=True, slots=True)
class Data:
    library: str
    type: str
    params: tuple[tuple[str, str], ...] = ()
    except_: Pattern | None = None


@dataclass(frozen=True, slots=True)
class Value:
    library: str
    type: str
    ns: str
    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


Pattern = Empty | NotAllowed | Text | Element | Attribute | Group | Interleave | Choice | OneOrMore \
    | ListPattern | Data | Value | Ref

EMPTY = Empty()
NOT_ALLOWED = NotAllowed()
TEXT = Text()


@dataclass(slots=True)
class Grammar:
    """A whole schema after simplification: one start pattern and one table of defines."""

    start: Pattern
    defines: dict[str, Pattern] = field(default_factory=dict)

    def elements(self) -> list[Element]:
        """Every element pattern of the grammar, each once."""
        found: list[Element] = []
        seen: set[int] = set()
        stack: list[Pattern] = [self.start, *self.defines.values()]
        while stack:
            pattern = stack.pop()
            if isinstance(pattern, Element):
                if id(pattern) in seen:
                    continue
                seen.add(id(pattern))
                found.append(pattern)
                stack.append(pattern.content)
            else:
                stack.extend(children_of(pattern))
        return found


def children_of(pattern: Pattern) -> tuple[Pattern, ...]:
    """The direct sub-patterns of a pattern (not following references)."""
    if isinstance(pattern, (Group, Interleave, Choice)):
        return pattern.items
    if isinstance(pattern, (OneOrMore, ListPattern)):
        return (pattern.item,)
    if isinstance(pattern, (Element, Attribute)):
        return (pattern.content,)
    if isinstance(pattern, Data) and pattern.except_ is not None:
        return (pattern.except_,)
    return ()


def combined(kind: type[Group] | type[Interleave] | type[Choice], patterns: list[Pattern]) -> Pattern:
    """``kind`` of the patterns, flattening nested ``kind`` nodes; one pattern stands alone.

    ``empty`` parts of a group or interleave are dropped (RELAX NG 4.20); no pattern at all
    gives ``empty`` for a group or interleave and ``notAllowed`` for a choice.
    """
    items: list[Pattern] = []
    for pattern in patterns:
        if isinstance(pattern, kind):
            items.extend(pattern.items)
        elif kind is Choice or not isinstance(pattern, Empty):
            items.append(pattern)
    if not items:
        return NOT_ALLOWED if kind is Choice else EMPTY
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))

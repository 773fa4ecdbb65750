"""A grammar of the model (:mod:`rng_model`) written back as RELAX NG in the XML syntax,
in the forms libxml2 validates fastest (``optional``/``zeroOrMore`` rather than a choice
with ``empty``; an element's group written as its own children)."""

from __future__ import annotations

from html import escape

from teitools.validate.rng_model import (
    AnyName,
    Attribute,
    Choice,
    Data,
    Element,
    Empty,
    Grammar,
    Group,
    Interleave,
    ListPattern,
    Name,
    NameChoice,
    NameClass,
    NotAllowed,
    NsName,
    OneOrMore,
    Pattern,
    Ref,
    Text,
    Value,
    children_of,
)

RNG_NS = "http://relaxng.org/ns/structure/1.0"


def grammar_xml(grammar: Grammar) -> bytes:
    """The grammar as a RELAX NG document in the XML syntax."""
    parts: list[str] = [f'<grammar xmlns="{RNG_NS}"><start>']
    _write(grammar.start, parts)
    parts.append("</start>")
    for name, body in grammar.defines.items():
        parts.append(f'<define name="{escape(name)}">')
        _write(body, parts)
        parts.append("</define>")
    parts.append("</grammar>")
    return "".join(parts).encode("utf-8")


_SIMPLE = {Empty: "<empty/>", NotAllowed: "<notAllowed/>", Text: "<text/>"}
_NARY = {Group: "group", Interleave: "interleave", Choice: "choice", OneOrMore: "oneOrMore", ListPattern: "list"}


def _write(pattern: Pattern, parts: list[str]) -> None:
    simple = _SIMPLE.get(type(pattern))
    if simple is not None:
        parts.append(simple)
    elif isinstance(pattern, Ref):
        parts.append(f'<ref name="{escape(pattern.name)}"/>')
    elif isinstance(pattern, (Element, Attribute)):
        tag = "element" if isinstance(pattern, Element) else "attribute"
        parts.append(f"<{tag}>")
        _write_name_class(pattern.name, parts)
        # the parts of a group are written as the element's own children, as schemas are
        # written by hand: libxml2 mis-validates some explicit groups that hold attributes
        for item in pattern.content.items if isinstance(pattern.content, Group) else (pattern.content,):
            _write(item, parts)
        parts.append(f"</{tag}>")
    elif isinstance(pattern, Choice) and len(pattern.items) == 2 and isinstance(pattern.items[1], Empty):
        # written back as optional / zeroOrMore: libxml2 validates those much faster
        item = pattern.items[0]
        tag = "zeroOrMore" if isinstance(item, OneOrMore) else "optional"
        parts.append(f"<{tag}>")
        _write(item.item if isinstance(item, OneOrMore) else item, parts)
        parts.append(f"</{tag}>")
    elif isinstance(pattern, (Group, Interleave, Choice, OneOrMore, ListPattern)):
        tag = _NARY[type(pattern)]
        parts.append(f"<{tag}>")
        for item in children_of(pattern):
            _write(item, parts)
        parts.append(f"</{tag}>")
    elif isinstance(pattern, Value):
        parts.append(f'<value datatypeLibrary="{escape(pattern.library)}" type="{escape(pattern.type)}" '
                     f'ns="{escape(pattern.ns)}">{escape(pattern.text, quote=False)}</value>')
    elif isinstance(pattern, Data):
        parts.append(f'<data datatypeLibrary="{escape(pattern.library)}" type="{escape(pattern.type)}">')
        for name, value in pattern.params:
            parts.append(f'<param name="{escape(name)}">{escape(value, quote=False)}</param>')
        if pattern.except_ is not None:
            parts.append("<except>")
            _write(pattern.except_, parts)
            parts.append("</except>")
        parts.append("</data>")
    else:  # pragma: no cover - the model has no other pattern
        raise TypeError(f"not a pattern: {pattern!r}")


def _write_name_class(name_class: NameClass, parts: list[str]) -> None:
    if isinstance(name_class, Name):
        parts.append(f'<name ns="{escape(name_class.ns)}">{escape(name_class.local, quote=False)}</name>')
    elif isinstance(name_class, NameChoice):
        parts.append("<choice>")
        for option in name_class.options:
            _write_name_class(option, parts)
        parts.append("</choice>")
    else:
        tag = "anyName" if isinstance(name_class, AnyName) else "nsName"
        ns = f' ns="{escape(name_class.ns)}"' if isinstance(name_class, NsName) else ""
        if name_class.except_ is None:
            parts.append(f"<{tag}{ns}/>")
        else:
            parts.append(f"<{tag}{ns}><except>")
            _write_name_class(name_class.except_, parts)
            parts.append(f"</except></{tag}>")

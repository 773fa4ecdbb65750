"""The customization model: what one self-contained ODD declares, as frozen dataclasses.

The reader (:mod:`teitools.odd.reader`) builds it; each emitter turns it into one schema
language.  The two rules both grammars share (how a content model is simplified, and
which content counts as mixed) live here, so RELAX NG and XSD cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lxml import etree

from teitools.errors import SchemaError

XML_NAMESPACE_XSD_NAME = "xml.xsd"

BUILTIN_DATATYPES = frozenset(
    {
        "string", "token", "normalizedString", "anyURI", "ID", "NCName", "Name", "language",
        "boolean", "decimal", "integer", "nonNegativeInteger", "positiveInteger", "double",
        "date", "gYear", "gYearMonth", "dateTime", "time",
    }
)

UNBOUNDED = None
GENERATED_NOTE = " Generated from {odd} by teitools.odd (python -m teitools.odd). Do not edit. "


class OddError(SchemaError):
    """The ODD cannot be compiled: unreadable, or outside the self-contained subset."""


ParticleKind = Literal["element", "text", "empty", "data", "sequence", "alternate"]


@dataclass(frozen=True)
class Datatype:
    """A datatype: a built-in XSD type (maybe with a pattern), a named dataSpec, or an alternation."""

    kind: Literal["builtin", "named", "alternate"]
    name: str = ""
    pattern: str | None = None
    members: tuple[Datatype, ...] = ()


@dataclass(frozen=True)
class Particle:
    """A node of a content model; ``max_occurs`` None means unbounded.

    ``data`` (typed text, e.g. the xsd:Name content of <gi>) is only allowed as a whole content.
    """

    kind: ParticleKind
    name: str = ""
    children: tuple[Particle, ...] = ()
    min_occurs: int = 1
    max_occurs: int | None = 1
    datatype: Datatype | None = None


@dataclass(frozen=True)
class AttributeDecl:
    """An attribute: its datatype, closed values if any, whether it is a list, whether required."""

    name: str
    required: bool
    datatype: Datatype
    closed_values: tuple[str, ...] | None
    is_list: bool
    description: str


@dataclass(frozen=True)
class ElementDecl:
    """An element with its full content model and attributes."""

    name: str
    gloss: str
    description: str
    content: Particle
    attributes: tuple[AttributeDecl, ...]


@dataclass(frozen=True)
class SchematronRule:
    """One Schematron rule; ``rule`` is an ``sch:rule`` element carrying its ``@id``."""

    rule_id: str
    rule: etree._Element


@dataclass(frozen=True)
class Customization:
    """Everything a schemaSpec declares, in document order."""

    ident: str
    namespace: str
    start: tuple[str, ...]
    datatypes: tuple[tuple[str, Datatype], ...]
    elements: tuple[ElementDecl, ...]
    rules: tuple[SchematronRule, ...]



def simplify(particle: Particle) -> Particle:
    """Splice once-only groups into parents of the same kind; drop empty inside groups."""
    if particle.kind not in ("sequence", "alternate"):
        return particle
    children: list[Particle] = []
    for child in map(simplify, particle.children):
        if child.kind == particle.kind and (child.min_occurs, child.max_occurs) == (1, 1):
            children.extend(child.children)
        else:
            children.append(child)
    if len(children) == 1 and (particle.min_occurs, particle.max_occurs) == (1, 1):
        return children[0]
    return Particle(particle.kind, children=tuple(children), min_occurs=particle.min_occurs,
                    max_occurs=particle.max_occurs)


def contains_text(particle: Particle) -> bool:
    return particle.kind == "text" or any(contains_text(child) for child in particle.children)


def mixed_members(particle: Particle, element: str) -> tuple[str, ...] | None:
    """Element names allowed in mixed content, or None if the content holds no text.

    Mixed content must be ``textNode`` alone or a repeatable alternate (0..unbounded)
    of text and elements: the one form RELAX NG and XSD (mixed="true") express alike.
    """
    if not contains_text(particle):
        return None
    if particle.kind == "text":
        return ()
    if not (particle.kind == "alternate" and particle.min_occurs == 0 and particle.max_occurs is UNBOUNDED):
        raise OddError(
            f"element {element!r}: textNode is only supported in mixed content, i.e. as the whole "
            "content or inside one alternate with minOccurs='0' maxOccurs='unbounded'"
        )
    names: list[str] = []

    def collect(node: Particle) -> None:
        if node.kind == "element":
            if node.name not in names:
                names.append(node.name)
        elif node.kind == "alternate":
            for child in node.children:
                collect(child)
        elif node.kind != "text":
            raise OddError(f"element {element!r}: mixed content may hold only text and element alternatives")

    collect(particle)
    return tuple(names)



def element_summary(element: ElementDecl) -> str:
    """The documentation both grammars attach to an element: "(gloss) description"."""
    return f"({element.gloss}) {element.description}" if element.gloss else element.description


def serialize(root: etree._Element) -> bytes:
    """A derived schema as indented UTF-8 XML with a declaration."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

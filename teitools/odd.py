"""Compile the self-contained, pure-ODD TEI customization into RELAX NG, XSD and Schematron.

The compiler reads one ``schemaSpec`` that declares everything it uses (``elementSpec``,
``classSpec type="atts"``, ``macroSpec``, ``dataSpec``, ``constraintSpec scheme="schematron"``)
and refuses anything that would need the TEI source (``moduleRef``, ``classRef``, ``mode="change"``…).

Usage: ``python -m teitools.odd schema/teitools.odd [--out-dir DIR]``.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from teitools.errors import SchemaError

TEI_NS = "http://www.tei-c.org/ns/1.0"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
ANNOTATION_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"

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


@dataclass(frozen=True)
class CompiledSchemas:
    """The schemas derived from one ODD; ``xsd`` imports ``xml_namespace_xsd`` as ``xml.xsd``."""

    relaxng: bytes
    xsd: bytes
    schematron: bytes
    xml_namespace_xsd: bytes


# ---------------------------------------------------------------- the customization model

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


# ---------------------------------------------------------------- reading the ODD


def _tei(local: str) -> str:
    return f"{{{TEI_NS}}}{local}"


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _where(node: etree._Element) -> str:
    return f"line {node.sourceline}" if node.sourceline else "unknown line"


def _children(node: etree._Element) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str)]


def _plain_text(node: etree._Element | None) -> str:
    return "" if node is None else " ".join("".join(node.itertext()).split())


def _parse_odd(odd: Path) -> etree._ElementTree:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        return etree.parse(str(odd), parser)
    except OSError as error:
        raise OddError(f"{odd}: cannot read the ODD: {error}") from error
    except etree.XMLSyntaxError as error:
        raise OddError(f"{odd}: the ODD is not well-formed XML: {error}") from error


def _occurs(node: etree._Element) -> tuple[int, int | None]:
    try:
        minimum = int(node.get("minOccurs", "1"))
        raw_max = node.get("maxOccurs", "1")
        maximum = UNBOUNDED if raw_max == "unbounded" else int(raw_max)
    except ValueError as error:
        raise OddError(f"{_where(node)}: bad minOccurs/maxOccurs: {error}") from error
    if minimum < 0 or (maximum is not None and maximum < max(minimum, 1)):
        raise OddError(f"{_where(node)}: minOccurs/maxOccurs out of range")
    return minimum, maximum


class _OddReader:
    """Reads one schemaSpec into a Customization, refusing what it cannot compile alone."""

    SPEC_KINDS = ("elementSpec", "classSpec", "macroSpec", "dataSpec", "constraintSpec")

    def __init__(self, schema_spec: etree._Element) -> None:
        self.schema_spec = schema_spec
        self.namespace = schema_spec.get("ns", TEI_NS)
        self.specs: dict[str, dict[str, etree._Element]] = {kind: {} for kind in self.SPEC_KINDS}
        self._macro_stack: list[str] = []
        for spec in _children(schema_spec):
            kind = _local(spec)
            if spec.tag in (_tei("gloss"), _tei("desc"), _tei("remarks")):
                continue
            if etree.QName(spec).namespace != TEI_NS or kind not in self.SPEC_KINDS:
                raise OddError(
                    f"{_where(spec)}: <{kind}> is not supported in a self-contained ODD: "
                    "declare every element, class, macro and datatype in this schemaSpec "
                    "(moduleRef, specGrpRef and friends would need the TEI source)"
                )
            self._check_mode(spec)
            ident = spec.get("ident")
            if not ident:
                raise OddError(f"{_where(spec)}: <{kind}> without @ident")
            if ident in self.specs[kind]:
                raise OddError(f"{_where(spec)}: {kind} {ident!r} is declared twice")
            self.specs[kind][ident] = spec

    @staticmethod
    def _check_mode(spec: etree._Element) -> None:
        mode = spec.get("mode", "add")
        if mode != "add":
            raise OddError(
                f"{_where(spec)}: {_local(spec)} {spec.get('ident')!r} has mode={mode!r}; "
                "only new declarations (mode='add') can be compiled without the TEI source"
            )
        if spec.get("ns") not in (None, spec.getparent().get("ns", TEI_NS)):
            raise OddError(f"{_where(spec)}: a namespace other than the schemaSpec's is not supported")

    def read(self) -> Customization:
        start = tuple(self.schema_spec.get("start", "TEI").split())
        for name in start:
            if name not in self.specs["elementSpec"]:
                raise OddError(f"schemaSpec/@start names {name!r}, which has no elementSpec")
        datatypes = tuple(
            (ident, self._datatype_of_spec(spec)) for ident, spec in self.specs["dataSpec"].items()
        )
        for ident, spec in self.specs["classSpec"].items():
            if spec.get("type") != "atts":
                raise OddError(
                    f"{_where(spec)}: classSpec {ident!r} has type={spec.get('type')!r}; only "
                    "attribute classes are supported (write content models with elementRef/macroRef)"
                )
        elements = tuple(self._element(spec) for spec in self.specs["elementSpec"].values())
        rules = [
            rule
            for spec in self.specs["elementSpec"].values()
            for constraint in spec.iterchildren(_tei("constraintSpec"))
            for rule in self._rules(constraint, context_element=spec.get("ident", ""))
        ]
        for constraint in self.specs["constraintSpec"].values():
            rules.extend(self._rules(constraint, context_element=None))
        seen: set[str] = set()
        for rule in rules:
            if rule.rule_id in seen:
                raise OddError(f"Schematron rule id {rule.rule_id!r} is used twice")
            seen.add(rule.rule_id)
        return Customization(
            ident=self.schema_spec.get("ident", "schema"),
            namespace=self.namespace,
            start=start,
            datatypes=datatypes,
            elements=elements,
            rules=tuple(rules),
        )

    # -- elements

    def _element(self, spec: etree._Element) -> ElementDecl:
        name = spec.get("ident", "")
        allowed = {"gloss", "desc", "classes", "content", "constraintSpec", "attList", "remarks", "exemplum"}
        for child in _children(spec):
            if etree.QName(child).namespace != TEI_NS or _local(child) not in allowed:
                raise OddError(f"{_where(child)}: <{_local(child)}> is not supported in elementSpec {name!r}")
        content_node = spec.find(_tei("content"))
        if content_node is None:
            raise OddError(f"{_where(spec)}: elementSpec {name!r} has no <content>")
        particles = _children(content_node)
        if len(particles) != 1:
            raise OddError(f"{_where(content_node)}: <content> of {name!r} must hold exactly one particle")
        if particles[0].tag == _tei("dataRef"):
            datatype = self._datatype(particles[0])
            if datatype.kind == "alternate" or datatype.pattern is not None:
                raise OddError(f"{_where(particles[0])}: typed content needs a dataSpec or a plain XSD type")
            content = Particle(kind="data", datatype=datatype)
        else:
            content = _simplify(self._particle(particles[0]))
        _mixed_members(content, name)  # validates the shape of mixed content
        attributes: dict[str, AttributeDecl] = {}
        classes = spec.find(_tei("classes"))
        for class_name in self._class_keys(classes):
            for attribute in self._class_attributes(class_name, set()):
                _add_attribute(attributes, attribute, name)
        for attribute in self._att_list(spec.find(_tei("attList"))):
            _add_attribute(attributes, attribute, name)
        return ElementDecl(
            name=name,
            gloss=_plain_text(spec.find(_tei("gloss"))),
            description=_plain_text(spec.find(_tei("desc"))),
            content=content,
            attributes=tuple(attributes.values()),
        )

    def _class_keys(self, classes: etree._Element | None) -> list[str]:
        if classes is None:
            return []
        keys = []
        for member in _children(classes):
            if member.tag != _tei("memberOf") or not member.get("key"):
                raise OddError(f"{_where(member)}: <classes> may hold only <memberOf key=…>")
            if member.get("key") not in self.specs["classSpec"]:
                raise OddError(
                    f"{_where(member)}: memberOf key={member.get('key')!r}: no such classSpec in this "
                    "ODD (TEI's own classes are not available without the TEI source)"
                )
            keys.append(member.get("key", ""))
        return keys

    def _class_attributes(self, class_name: str, visiting: set[str]) -> list[AttributeDecl]:
        if class_name in visiting:
            raise OddError(f"attribute class {class_name!r} is a member of itself")
        spec = self.specs["classSpec"][class_name]
        inherited = [
            attribute
            for parent in self._class_keys(spec.find(_tei("classes")))
            for attribute in self._class_attributes(parent, visiting | {class_name})
        ]
        return inherited + self._att_list(spec.find(_tei("attList")))

    def _att_list(self, att_list: etree._Element | None) -> list[AttributeDecl]:
        if att_list is None:
            return []
        declarations = []
        for att_def in _children(att_list):
            if att_def.tag != _tei("attDef"):
                raise OddError(f"{_where(att_def)}: <{_local(att_def)}> is not supported in attList")
            declarations.append(self._attribute(att_def))
        return declarations

    def _attribute(self, att_def: etree._Element) -> AttributeDecl:
        name = att_def.get("ident", "")
        if not name:
            raise OddError(f"{_where(att_def)}: attDef without @ident")
        if att_def.get("mode", "add") != "add":
            raise OddError(f"{_where(att_def)}: attDef {name!r}: only mode='add' is supported")
        if ":" in name and not name.startswith("xml:"):
            raise OddError(f"{_where(att_def)}: attDef {name!r}: only the xml: prefix is supported")
        datatype_node = att_def.find(_tei("datatype"))
        if datatype_node is None:
            raise OddError(f"{_where(att_def)}: attDef {name!r} has no <datatype>")
        minimum, maximum = _occurs(datatype_node)
        if (minimum, maximum) not in ((1, 1), (1, UNBOUNDED)):
            raise OddError(f"{_where(datatype_node)}: datatype occurrence must be 1..1 or 1..unbounded")
        references = _children(datatype_node)
        if len(references) != 1:
            raise OddError(f"{_where(datatype_node)}: <datatype> must hold exactly one dataRef")
        closed_values = None
        value_list = att_def.find(_tei("valList"))
        if value_list is not None and value_list.get("type") == "closed":
            closed_values = tuple(item.get("ident", "") for item in value_list.iterchildren(_tei("valItem")))
            if not closed_values:
                raise OddError(f"{_where(value_list)}: closed valList without valItem")
        usage = att_def.get("usage", "opt")
        if usage not in ("req", "opt", "rec"):
            raise OddError(f"{_where(att_def)}: attDef {name!r}: usage={usage!r} is not supported")
        return AttributeDecl(
            name=name,
            required=usage == "req",
            datatype=self._datatype(references[0]),
            closed_values=closed_values,
            is_list=maximum is UNBOUNDED,
            description=_plain_text(att_def.find(_tei("desc"))),
        )

    # -- datatypes

    def _datatype_of_spec(self, spec: etree._Element) -> Datatype:
        content = spec.find(_tei("content"))
        nodes = [] if content is None else _children(content)
        if len(nodes) != 1:
            raise OddError(f"{_where(spec)}: dataSpec {spec.get('ident')!r} needs <content> with one dataRef or alternate")
        return self._datatype(nodes[0])

    def _datatype(self, node: etree._Element) -> Datatype:
        kind = _local(node)
        if node.tag == _tei("alternate"):
            return Datatype(kind="alternate", members=tuple(self._datatype(child) for child in _children(node)))
        if node.tag != _tei("dataRef"):
            raise OddError(f"{_where(node)}: <{kind}> is not supported in a datatype (use dataRef or alternate)")
        if _children(node):
            raise OddError(f"{_where(node)}: dataFacet is not supported; use dataRef/@restriction")
        if node.get("key"):
            key = node.get("key", "")
            if key not in self.specs["dataSpec"]:
                raise OddError(f"{_where(node)}: dataRef key={key!r}: no such dataSpec in this ODD")
            if node.get("restriction"):
                raise OddError(f"{_where(node)}: @restriction is only supported with dataRef/@name")
            return Datatype(kind="named", name=key)
        name = node.get("name", "")
        if name not in BUILTIN_DATATYPES:
            raise OddError(f"{_where(node)}: dataRef name={name!r} is not a supported XSD datatype")
        return Datatype(kind="builtin", name=name, pattern=node.get("restriction"))

    # -- content models

    def _particle(self, node: etree._Element) -> Particle:
        kind = _local(node)
        if etree.QName(node).namespace != TEI_NS:
            raise OddError(f"{_where(node)}: {node.tag} is not an ODD content particle")
        if kind in ("sequence", "alternate"):
            minimum, maximum = _occurs(node)
            children = tuple(self._particle(child) for child in _children(node))
            if not children:
                raise OddError(f"{_where(node)}: empty <{kind}>")
            return Particle(kind=kind, children=children, min_occurs=minimum, max_occurs=maximum)
        if kind == "elementRef":
            key = node.get("key", "")
            if key not in self.specs["elementSpec"]:
                raise OddError(
                    f"{_where(node)}: elementRef key={key!r}: no elementSpec for it in this ODD"
                )
            minimum, maximum = _occurs(node)
            return Particle(kind="element", name=key, min_occurs=minimum, max_occurs=maximum)
        if kind == "macroRef":
            return self._macro(node)
        if kind == "textNode":
            return Particle(kind="text")
        if kind == "empty":
            return Particle(kind="empty")
        raise OddError(
            f"{_where(node)}: <{kind}> is not supported in content (use sequence, alternate, "
            "elementRef, macroRef, textNode, empty; classRef and anyElement need the TEI source)"
        )

    def _macro(self, node: etree._Element) -> Particle:
        key = node.get("key", "")
        spec = self.specs["macroSpec"].get(key)
        if spec is None:
            raise OddError(f"{_where(node)}: macroRef key={key!r}: no macroSpec in this ODD")
        if key in self._macro_stack:
            raise OddError(f"{_where(node)}: macro {key!r} refers to itself")
        content = spec.find(_tei("content"))
        particles = [] if content is None else _children(content)
        if len(particles) != 1:
            raise OddError(f"{_where(spec)}: macroSpec {key!r} needs <content> with one particle")
        self._macro_stack.append(key)
        try:
            return self._particle(particles[0])
        finally:
            self._macro_stack.pop()

    # -- Schematron

    def _rules(self, constraint_spec: etree._Element, context_element: str | None) -> list[SchematronRule]:
        ident = constraint_spec.get("ident", "")
        if constraint_spec.get("scheme") != "schematron":
            raise OddError(
                f"{_where(constraint_spec)}: constraintSpec {ident!r}: only scheme='schematron' is supported"
            )
        constraint = constraint_spec.find(_tei("constraint"))
        if constraint is None:
            raise OddError(f"{_where(constraint_spec)}: constraintSpec {ident!r} has no <constraint>")
        rules: list[etree._Element] = []
        loose: list[etree._Element] = []
        for child in _children(constraint):
            if etree.QName(child).namespace != SCH_NS:
                raise OddError(f"{_where(child)}: only ISO Schematron (sch:) elements may appear in <constraint>")
            (rules if _local(child) == "rule" else loose).append(child)
        if loose:
            if rules or context_element is None:
                raise OddError(
                    f"{_where(constraint)}: constraintSpec {ident!r}: asserts outside sch:rule are "
                    "only allowed alone, inside an elementSpec (they apply to that element)"
                )
            rule = etree.Element(f"{{{SCH_NS}}}rule", context=f"tei:{context_element}")
            rule.extend(copy.deepcopy(node) for node in loose)
            rules = [rule]
        if not rules:
            raise OddError(f"{_where(constraint)}: constraintSpec {ident!r} holds no Schematron rule")
        compiled = []
        for number, rule in enumerate(rules, start=1):
            if not rule.get("context"):
                raise OddError(f"{_where(rule)}: sch:rule without @context")
            rule_copy = copy.deepcopy(rule)
            rule_id = rule.get("id") or (ident if len(rules) == 1 else f"{ident}-{number}")
            if not rule_id:
                raise OddError(f"{_where(rule)}: give the constraintSpec an @ident or the rule an @id")
            rule_copy.set("id", rule_id)
            compiled.append(SchematronRule(rule_id=rule_id, rule=rule_copy))
        return compiled


def _add_attribute(attributes: dict[str, AttributeDecl], attribute: AttributeDecl, element: str) -> None:
    if attribute.name in attributes:
        raise OddError(f"element {element!r}: attribute {attribute.name!r} is declared twice")
    attributes[attribute.name] = attribute


def _simplify(particle: Particle) -> Particle:
    """Splice once-only groups into parents of the same kind; drop empty inside groups."""
    if particle.kind not in ("sequence", "alternate"):
        return particle
    children: list[Particle] = []
    for child in map(_simplify, particle.children):
        if child.kind == particle.kind and (child.min_occurs, child.max_occurs) == (1, 1):
            children.extend(child.children)
        else:
            children.append(child)
    if len(children) == 1 and (particle.min_occurs, particle.max_occurs) == (1, 1):
        return children[0]
    return Particle(particle.kind, children=tuple(children), min_occurs=particle.min_occurs,
                    max_occurs=particle.max_occurs)


def _contains_text(particle: Particle) -> bool:
    return particle.kind == "text" or any(_contains_text(child) for child in particle.children)


def _mixed_members(particle: Particle, element: str) -> tuple[str, ...] | None:
    """Element names allowed in mixed content, or None if the content holds no text.

    Mixed content must be ``textNode`` alone or a repeatable alternate (0..unbounded)
    of text and elements: the one form RELAX NG and XSD (mixed="true") express alike.
    """
    if not _contains_text(particle):
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


def read_customization(odd: Path) -> Customization:
    """Read the single schemaSpec of an ODD file into a Customization."""
    document = _parse_odd(odd)
    schema_specs = document.getroot().findall(f".//{_tei('schemaSpec')}")
    if document.getroot().tag == _tei("schemaSpec"):
        schema_specs = [document.getroot()]
    if len(schema_specs) != 1:
        raise OddError(f"{odd}: expected exactly one TEI schemaSpec, found {len(schema_specs)}")
    for forbidden in ("moduleRef", "specGrpRef", "classRef", "anyElement", "attRef"):
        found = schema_specs[0].find(f".//{_tei(forbidden)}")
        if found is not None:
            raise OddError(
                f"{odd}: {_where(found)}: <{forbidden}> is not supported: this compiler handles only "
                "self-contained ODDs (the TEI source, p5subset.xml, is not available)"
            )
    return _OddReader(schema_specs[0]).read()


# ---------------------------------------------------------------- RELAX NG


def _rng(local: str, parent: etree._Element | None = None, **attributes: str) -> etree._Element:
    tag = f"{{{RNG_NS}}}{local}"
    return etree.Element(tag, attributes) if parent is None else etree.SubElement(parent, tag, attributes)


def _rng_occurs(pattern: etree._Element, minimum: int, maximum: int | None) -> etree._Element:
    if (minimum, maximum) == (1, 1):
        return pattern
    if (minimum, maximum) == (0, 1):
        wrapper = _rng("optional")
    elif (minimum, maximum) == (0, UNBOUNDED):
        wrapper = _rng("zeroOrMore")
    elif (minimum, maximum) == (1, UNBOUNDED):
        wrapper = _rng("oneOrMore")
    else:
        wrapper = _rng("group")
        for _ in range(minimum):
            wrapper.append(copy.deepcopy(pattern))
        if maximum is UNBOUNDED:
            _rng("zeroOrMore", wrapper).append(copy.deepcopy(pattern))
        else:
            tail = wrapper
            for _ in range(maximum - minimum):
                tail = _rng("optional", tail)
                tail.append(copy.deepcopy(pattern))
        return wrapper
    wrapper.append(pattern)
    return wrapper


def _rng_particle(particle: Particle) -> etree._Element:
    if particle.kind == "element":
        pattern = _rng("ref", name=particle.name)
    elif particle.kind == "data" and particle.datatype is not None:
        pattern = _rng_datatype(particle.datatype)
    elif particle.kind == "empty":
        pattern = _rng("empty")
    elif particle.kind == "text":
        pattern = _rng("text")
    else:
        pattern = _rng("group" if particle.kind == "sequence" else "choice")
        for child in particle.children:
            pattern.append(_rng_particle(child))
    return _rng_occurs(pattern, particle.min_occurs, particle.max_occurs)


def _rng_datatype(datatype: Datatype) -> etree._Element:
    if datatype.kind == "named":
        return _rng("ref", name=datatype.name)
    if datatype.kind == "alternate":
        choice = _rng("choice")
        for member in datatype.members:
            choice.append(_rng_datatype(member))
        return choice
    data = _rng("data", type=datatype.name)
    if datatype.pattern is not None:
        _rng("param", data, name="pattern").text = datatype.pattern
    return data


def _rng_attribute(attribute: AttributeDecl) -> etree._Element:
    node = _rng("attribute", name=attribute.name)
    if attribute.closed_values is not None:
        item = _rng("choice") if len(attribute.closed_values) > 1 else None
        values = [_rng("value") for _ in attribute.closed_values]
        for value, text in zip(values, attribute.closed_values):
            value.text = text
        if item is None:
            item = values[0]
        else:
            item.extend(values)
    else:
        item = _rng_datatype(attribute.datatype)
    if attribute.is_list:
        _rng("oneOrMore", _rng("list", node)).append(item)
    else:
        node.append(item)
    if attribute.required:
        return node
    optional = _rng("optional")
    optional.append(node)
    return optional


def _documentation(parent: etree._Element, text: str, namespace: str) -> None:
    if text:
        tag = f"{{{ANNOTATION_NS}}}documentation" if namespace == RNG_NS else f"{{{XSD_NS}}}documentation"
        node = etree.SubElement(parent, tag)
        node.text = text


def _element_summary(element: ElementDecl) -> str:
    return f"({element.gloss}) {element.description}" if element.gloss else element.description


def compile_relaxng(customization: Customization, odd_name: str) -> bytes:
    """The RELAX NG (XML syntax) schema of a customization."""
    grammar = etree.Element(
        f"{{{RNG_NS}}}grammar",
        {"ns": customization.namespace, "datatypeLibrary": XSD_DATATYPES},
        nsmap={None: RNG_NS, "a": ANNOTATION_NS},
    )
    grammar.append(etree.Comment(GENERATED_NOTE.format(odd=odd_name)))
    start = _rng("start", grammar)
    if len(customization.start) == 1:
        _rng("ref", start, name=customization.start[0])
    else:
        choice = _rng("choice", start)
        for name in customization.start:
            _rng("ref", choice, name=name)
    for name, datatype in customization.datatypes:
        _rng("define", grammar, name=name).append(_rng_datatype(datatype))
    for element in customization.elements:
        define = _rng("define", grammar, name=element.name)
        node = _rng("element", define, name=element.name)
        _documentation(node, _element_summary(element), RNG_NS)
        members = _mixed_members(element.content, element.name)
        if members is None:
            node.append(_rng_particle(element.content))
        elif not members:
            _rng("text", node)
        else:
            choice = _rng("choice", _rng("zeroOrMore", node))
            _rng("text", choice)
            for member in members:
                _rng("ref", choice, name=member)
        for attribute in element.attributes:
            node.append(_rng_attribute(attribute))
    return _serialize(grammar)


# ---------------------------------------------------------------- W3C XML Schema


def _xs(local: str, parent: etree._Element | None = None, **attributes: str) -> etree._Element:
    tag = f"{{{XSD_NS}}}{local}"
    return etree.Element(tag, attributes) if parent is None else etree.SubElement(parent, tag, attributes)


def _xs_occurs(node: etree._Element, minimum: int, maximum: int | None) -> etree._Element:
    if minimum != 1:
        node.set("minOccurs", str(minimum))
    if maximum != 1:
        node.set("maxOccurs", "unbounded" if maximum is UNBOUNDED else str(maximum))
    return node


def _xs_particle(particle: Particle) -> etree._Element:
    if particle.kind == "element":
        node = _xs("element", ref=f"tei:{particle.name}")
    elif particle.kind in ("sequence", "alternate"):
        node = _xs("sequence" if particle.kind == "sequence" else "choice")
        for child in particle.children:
            if child.kind in ("empty", "text"):
                raise OddError(f"<{child.kind}> inside a group cannot be expressed in XSD")
            node.append(_xs_particle(child))
    else:
        raise OddError(f"<{particle.kind}> cannot be expressed as an XSD particle here")
    return _xs_occurs(node, particle.min_occurs, particle.max_occurs)


class _XsdTypes:
    """Builds simple types; ``inline_named`` expands dataSpecs (used for xml.xsd)."""

    def __init__(self, customization: Customization, inline_named: bool) -> None:
        self.named = dict(customization.datatypes)
        self.inline_named = inline_named

    def simple_type(self, datatype: Datatype, name: str | None = None) -> etree._Element:
        node = _xs("simpleType", name=name) if name else _xs("simpleType")
        if datatype.kind == "alternate":
            union = _xs("union", node)
            for member in datatype.members:
                union.append(self.simple_type(member))
        elif datatype.kind == "named" and self.inline_named:
            return self.simple_type(self.named[datatype.name], name)
        else:
            restriction = _xs("restriction", node, base=self.type_name(datatype))
            if datatype.kind == "builtin" and datatype.pattern is not None:
                _xs("pattern", restriction, value=datatype.pattern)
        return node

    @staticmethod
    def type_name(datatype: Datatype) -> str:
        return f"tei:{datatype.name}" if datatype.kind == "named" else f"xs:{datatype.name}"

    def attribute_type(self, attribute: AttributeDecl) -> etree._Element:
        if attribute.closed_values is not None:
            item = _xs("simpleType")
            base = self.type_name(attribute.datatype) if attribute.datatype.kind != "alternate" else "xs:token"
            restriction = _xs("restriction", item, base=base if not self.inline_named else "xs:token")
            for value in attribute.closed_values:
                _xs("enumeration", restriction, value=value)
        else:
            item = self.simple_type(attribute.datatype)
        if not attribute.is_list:
            return item
        outer = _xs("simpleType")
        restriction = _xs("restriction", outer)
        listed = _xs("list", _xs("simpleType", restriction))
        listed.append(item)
        _xs("minLength", restriction, value="1")
        return outer


def _xs_attribute(attribute: AttributeDecl, types: _XsdTypes) -> etree._Element:
    use = "required" if attribute.required else "optional"
    if attribute.name.startswith("xml:"):
        return _xs("attribute", ref=attribute.name, use=use)
    node = _xs("attribute", name=attribute.name, use=use)
    type_node = types.attribute_type(attribute)
    restriction = type_node.find(f"{{{XSD_NS}}}restriction")
    if len(type_node) == 1 and restriction is not None and len(restriction) == 0:
        node.set("type", restriction.get("base", ""))  # a plain reference to a named or built-in type
    else:
        node.append(type_node)
    return node


def compile_xsd(customization: Customization, odd_name: str) -> bytes:
    """The XSD 1.0 schema of a customization (elements global, mixed content as mixed='true')."""
    schema = etree.Element(
        f"{{{XSD_NS}}}schema",
        {
            "targetNamespace": customization.namespace,
            "elementFormDefault": "qualified",
            "attributeFormDefault": "unqualified",
        },
        nsmap={"xs": XSD_NS, "tei": customization.namespace, "xml": XML_NS},
    )
    schema.append(etree.Comment(GENERATED_NOTE.format(odd=odd_name)))
    _xs("import", schema, namespace=XML_NS, schemaLocation=XML_NAMESPACE_XSD_NAME)
    types = _XsdTypes(customization, inline_named=False)
    for name, datatype in customization.datatypes:
        schema.append(types.simple_type(datatype, name))
    for element in customization.elements:
        node = _xs("element", schema, name=element.name)
        annotation = _xs("annotation", node)
        _documentation(annotation, _element_summary(element), XSD_NS)
        complex_type = _xs("complexType", node)
        members = _mixed_members(element.content, element.name)
        if members is not None:
            complex_type.set("mixed", "true")
            if members:
                choice = _xs("choice", complex_type, minOccurs="0", maxOccurs="unbounded")
                for member in members:
                    _xs("element", choice, ref=f"tei:{member}")
        elif element.content.kind == "data" and element.content.datatype is not None:
            base = types.type_name(element.content.datatype)
            complex_type = _xs("extension", _xs("simpleContent", complex_type), base=base)
        elif element.content.kind == "element":
            _xs("sequence", complex_type).append(_xs_particle(element.content))
        elif element.content.kind != "empty":
            complex_type.append(_xs_particle(element.content))
        for attribute in element.attributes:
            complex_type.append(_xs_attribute(attribute, types))
    return _serialize(schema)


def compile_xml_namespace_xsd(customization: Customization, odd_name: str) -> bytes:
    """The XSD for the attributes of the XML namespace the customization uses (xml:id, xml:lang…)."""
    schema = etree.Element(
        f"{{{XSD_NS}}}schema", {"targetNamespace": XML_NS}, nsmap={"xs": XSD_NS}
    )
    schema.append(etree.Comment(GENERATED_NOTE.format(odd=odd_name)))
    types = _XsdTypes(customization, inline_named=True)
    declared: dict[str, AttributeDecl] = {}
    for element in customization.elements:
        for attribute in element.attributes:
            if not attribute.name.startswith("xml:"):
                continue
            previous = declared.setdefault(attribute.name, attribute)
            if (previous.datatype, previous.closed_values, previous.is_list) != (
                attribute.datatype, attribute.closed_values, attribute.is_list
            ):
                raise OddError(f"{attribute.name} has different datatypes on different elements")
    for name in sorted(declared):
        node = _xs("attribute", schema, name=name.removeprefix("xml:"))
        node.append(types.attribute_type(declared[name]))
    return _serialize(schema)


# ---------------------------------------------------------------- Schematron


def compile_schematron(customization: Customization, odd_name: str) -> bytes:
    """An ISO Schematron schema (XSLT 2 query binding): one pattern per rule, rule ids kept."""
    schema = etree.Element(
        f"{{{SCH_NS}}}schema", {"queryBinding": "xslt2"}, nsmap={"sch": SCH_NS}
    )
    schema.append(etree.Comment(GENERATED_NOTE.format(odd=odd_name)))
    title = etree.SubElement(schema, f"{{{SCH_NS}}}title")
    title.text = f"Rules of the TEI customization {customization.ident}"
    etree.SubElement(schema, f"{{{SCH_NS}}}ns", prefix="tei", uri=customization.namespace)
    for rule in customization.rules:
        pattern = etree.SubElement(schema, f"{{{SCH_NS}}}pattern", id=f"pattern-{rule.rule_id}")
        rule_copy = copy.deepcopy(rule.rule)
        rule_copy.text = None
        for child in rule_copy:
            child.tail = None
        pattern.append(rule_copy)
    etree.cleanup_namespaces(schema, top_nsmap={"sch": SCH_NS}, keep_ns_prefixes=["tei"])
    return _serialize(schema)


# ---------------------------------------------------------------- public API


def _serialize(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def compile_odd(odd: Path) -> CompiledSchemas:
    """Compile a self-contained ODD into RELAX NG, XSD (+ xml.xsd) and Schematron."""
    customization = read_customization(odd)
    return CompiledSchemas(
        relaxng=compile_relaxng(customization, odd.name),
        xsd=compile_xsd(customization, odd.name),
        schematron=compile_schematron(customization, odd.name),
        xml_namespace_xsd=compile_xml_namespace_xsd(customization, odd.name),
    )


def derived_paths(odd: Path, out_dir: Path) -> tuple[Path, Path, Path, Path]:
    """Where the RNG, XSD, SCH and xml.xsd derived from ``odd`` are written."""
    stem = odd.stem
    return (
        out_dir / f"{stem}.rng",
        out_dir / f"{stem}.xsd",
        out_dir / f"{stem}.sch",
        out_dir / XML_NAMESPACE_XSD_NAME,
    )


def write_schemas(odd: Path, out_dir: Path) -> list[Path]:
    """Compile ``odd`` and write its derived schemas into ``out_dir``; return the paths written."""
    compiled = compile_odd(odd)
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = (compiled.relaxng, compiled.xsd, compiled.schematron, compiled.xml_namespace_xsd)
    written = []
    for path, content in zip(derived_paths(odd, out_dir), contents):
        path.write_bytes(content)
        written.append(path)
    return written


def iter_element_names(odd: Path) -> Iterator[str]:
    """The names of the elements the ODD declares, in document order."""
    yield from (element.name for element in read_customization(odd).elements)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teitools.odd", description=__doc__.splitlines()[0])
    parser.add_argument("odd", type=Path, help="the ODD file (e.g. schema/teitools.odd)")
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the ODD's directory")
    arguments = parser.parse_args(argv)
    try:
        for path in write_schemas(arguments.odd, arguments.out_dir or arguments.odd.parent):
            print(path)
    except OddError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

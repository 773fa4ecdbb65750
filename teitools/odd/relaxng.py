"""Emit the RELAX NG (XML syntax) grammar of a customization."""

from __future__ import annotations

import copy

from lxml import etree

from teitools.namespaces import RELAXNG_ANNOTATIONS_NS, RELAXNG_NS, XSD_DATATYPES
from teitools.odd.model import (
    GENERATED_NOTE,
    UNBOUNDED,
    AttributeDecl,
    Customization,
    Datatype,
    Particle,
    element_summary,
    mixed_members,
    serialize,
)


def _rng(local: str, parent: etree._Element | None = None, **attributes: str) -> etree._Element:
    tag = f"{{{RELAXNG_NS}}}{local}"
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


def _documentation(parent: etree._Element, text: str) -> None:
    if text:
        etree.SubElement(parent, f"{{{RELAXNG_ANNOTATIONS_NS}}}documentation").text = text


def compile_relaxng(customization: Customization, odd_name: str) -> bytes:
    """The RELAX NG (XML syntax) schema of a customization."""
    grammar = etree.Element(
        f"{{{RELAXNG_NS}}}grammar",
        {"ns": customization.namespace, "datatypeLibrary": XSD_DATATYPES},
        nsmap={None: RELAXNG_NS, "a": RELAXNG_ANNOTATIONS_NS},
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
        _documentation(node, element_summary(element))
        members = mixed_members(element.content, element.name)
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
    return serialize(grammar)


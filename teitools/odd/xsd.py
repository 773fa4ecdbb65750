"""Emit the W3C XML Schema (1.0) of a customization, and the ``xml.xsd`` it imports."""

from __future__ import annotations

from lxml import etree

from teitools.namespaces import XML_NS, XSD_NS
from teitools.odd.model import (
    GENERATED_NOTE,
    UNBOUNDED,
    XML_NAMESPACE_XSD_NAME,
    AttributeDecl,
    Customization,
    Datatype,
    OddError,
    Particle,
    element_summary,
    mixed_members,
    serialize,
)


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
        summary = element_summary(element)
        if summary:
            _xs("documentation", annotation).text = summary
        complex_type = _xs("complexType", node)
        members = mixed_members(element.content, element.name)
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
    return serialize(schema)


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
    return serialize(schema)


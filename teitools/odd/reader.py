"""Read one self-contained ``schemaSpec`` into a :class:`Customization`.

The reader refuses anything that would need the TEI source (``moduleRef``, ``classRef``,
``mode="change"``…) with a one-line reason and the line of the offending element.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teitools.namespaces import TEI_NS
from teitools.odd.constraints import check_unique_ids, read_constraint
from teitools.odd.model import (
    BUILTIN_DATATYPES,
    UNBOUNDED,
    AttributeDecl,
    Customization,
    Datatype,
    ElementDecl,
    OddError,
    Particle,
    mixed_members,
    simplify,
)
from teitools.odd.nodes import element_children, local_name, occurs, parse_odd, plain_text, tei, where


class _OddReader:
    """Reads one schemaSpec into a Customization, refusing what it cannot compile alone."""

    SPEC_KINDS = ("elementSpec", "classSpec", "macroSpec", "dataSpec", "constraintSpec")

    def __init__(self, schema_spec: etree._Element) -> None:
        self.schema_spec = schema_spec
        self.namespace = schema_spec.get("ns", TEI_NS)
        self.specs: dict[str, dict[str, etree._Element]] = {kind: {} for kind in self.SPEC_KINDS}
        self._macro_stack: list[str] = []
        for spec in element_children(schema_spec):
            kind = local_name(spec)
            if spec.tag in (tei("gloss"), tei("desc"), tei("remarks")):
                continue
            if etree.QName(spec).namespace != TEI_NS or kind not in self.SPEC_KINDS:
                raise OddError(
                    f"{where(spec)}: <{kind}> is not supported in a self-contained ODD: "
                    "declare every element, class, macro and datatype in this schemaSpec "
                    "(moduleRef, specGrpRef and friends would need the TEI source)"
                )
            self._check_mode(spec)
            ident = spec.get("ident")
            if not ident:
                raise OddError(f"{where(spec)}: <{kind}> without @ident")
            if ident in self.specs[kind]:
                raise OddError(f"{where(spec)}: {kind} {ident!r} is declared twice")
            self.specs[kind][ident] = spec

    @staticmethod
    def _check_mode(spec: etree._Element) -> None:
        mode = spec.get("mode", "add")
        if mode != "add":
            raise OddError(
                f"{where(spec)}: {local_name(spec)} {spec.get('ident')!r} has mode={mode!r}; "
                "only new declarations (mode='add') can be compiled without the TEI source"
            )
        if spec.get("ns") not in (None, spec.getparent().get("ns", TEI_NS)):
            raise OddError(f"{where(spec)}: a namespace other than the schemaSpec's is not supported")

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
                    f"{where(spec)}: classSpec {ident!r} has type={spec.get('type')!r}; only "
                    "attribute classes are supported (write content models with elementRef/macroRef)"
                )
        elements = tuple(self._element(spec) for spec in self.specs["elementSpec"].values())
        rules = [
            rule
            for spec in self.specs["elementSpec"].values()
            for constraint in spec.iterchildren(tei("constraintSpec"))
            for rule in read_constraint(constraint, context=f"tei:{spec.get('ident', '')}")
        ]
        for constraint in self.specs["constraintSpec"].values():
            rules.extend(read_constraint(constraint, context=None))
        check_unique_ids(rules)
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
        for child in element_children(spec):
            if etree.QName(child).namespace != TEI_NS or local_name(child) not in allowed:
                raise OddError(f"{where(child)}: <{local_name(child)}> is not supported in elementSpec {name!r}")
        content_node = spec.find(tei("content"))
        if content_node is None:
            raise OddError(f"{where(spec)}: elementSpec {name!r} has no <content>")
        particles = element_children(content_node)
        if len(particles) != 1:
            raise OddError(f"{where(content_node)}: <content> of {name!r} must hold exactly one particle")
        if particles[0].tag == tei("dataRef"):
            datatype = self._datatype(particles[0])
            if datatype.kind == "alternate" or datatype.pattern is not None:
                raise OddError(f"{where(particles[0])}: typed content needs a dataSpec or a plain XSD type")
            content = Particle(kind="data", datatype=datatype)
        else:
            content = simplify(self._particle(particles[0]))
        mixed_members(content, name)  # validates the shape of mixed content
        attributes: dict[str, AttributeDecl] = {}
        classes = spec.find(tei("classes"))
        for class_name in self._class_keys(classes):
            for attribute in self._class_attributes(class_name, set()):
                _add_attribute(attributes, attribute, name)
        for attribute in self._att_list(spec.find(tei("attList"))):
            _add_attribute(attributes, attribute, name)
        return ElementDecl(
            name=name,
            gloss=plain_text(spec.find(tei("gloss"))),
            description=plain_text(spec.find(tei("desc"))),
            content=content,
            attributes=tuple(attributes.values()),
        )

    def _class_keys(self, classes: etree._Element | None) -> list[str]:
        if classes is None:
            return []
        keys = []
        for member in element_children(classes):
            if member.tag != tei("memberOf") or not member.get("key"):
                raise OddError(f"{where(member)}: <classes> may hold only <memberOf key=…>")
            if member.get("key") not in self.specs["classSpec"]:
                raise OddError(
                    f"{where(member)}: memberOf key={member.get('key')!r}: no such classSpec in this "
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
            for parent in self._class_keys(spec.find(tei("classes")))
            for attribute in self._class_attributes(parent, visiting | {class_name})
        ]
        return inherited + self._att_list(spec.find(tei("attList")))

    def _att_list(self, att_list: etree._Element | None) -> list[AttributeDecl]:
        if att_list is None:
            return []
        declarations = []
        for att_def in element_children(att_list):
            if att_def.tag != tei("attDef"):
                raise OddError(f"{where(att_def)}: <{local_name(att_def)}> is not supported in attList")
            declarations.append(self._attribute(att_def))
        return declarations

    def _attribute(self, att_def: etree._Element) -> AttributeDecl:
        name = att_def.get("ident", "")
        if not name:
            raise OddError(f"{where(att_def)}: attDef without @ident")
        if att_def.get("mode", "add") != "add":
            raise OddError(f"{where(att_def)}: attDef {name!r}: only mode='add' is supported")
        if ":" in name and not name.startswith("xml:"):
            raise OddError(f"{where(att_def)}: attDef {name!r}: only the xml: prefix is supported")
        datatype_node = att_def.find(tei("datatype"))
        if datatype_node is None:
            raise OddError(f"{where(att_def)}: attDef {name!r} has no <datatype>")
        minimum, maximum = occurs(datatype_node)
        if (minimum, maximum) not in ((1, 1), (1, UNBOUNDED)):
            raise OddError(f"{where(datatype_node)}: datatype occurrence must be 1..1 or 1..unbounded")
        references = element_children(datatype_node)
        if len(references) != 1:
            raise OddError(f"{where(datatype_node)}: <datatype> must hold exactly one dataRef")
        closed_values = None
        value_list = att_def.find(tei("valList"))
        if value_list is not None and value_list.get("type") == "closed":
            closed_values = tuple(item.get("ident", "") for item in value_list.iterchildren(tei("valItem")))
            if not closed_values:
                raise OddError(f"{where(value_list)}: closed valList without valItem")
        usage = att_def.get("usage", "opt")
        if usage not in ("req", "opt", "rec"):
            raise OddError(f"{where(att_def)}: attDef {name!r}: usage={usage!r} is not supported")
        return AttributeDecl(
            name=name,
            required=usage == "req",
            datatype=self._datatype(references[0]),
            closed_values=closed_values,
            is_list=maximum is UNBOUNDED,
            description=plain_text(att_def.find(tei("desc"))),
        )

    # -- datatypes

    def _datatype_of_spec(self, spec: etree._Element) -> Datatype:
        content = spec.find(tei("content"))
        nodes = [] if content is None else element_children(content)
        if len(nodes) != 1:
            raise OddError(f"{where(spec)}: dataSpec {spec.get('ident')!r} needs <content> with one dataRef or alternate")
        return self._datatype(nodes[0])

    def _datatype(self, node: etree._Element) -> Datatype:
        kind = local_name(node)
        if node.tag == tei("alternate"):
            return Datatype(kind="alternate", members=tuple(self._datatype(child) for child in element_children(node)))
        if node.tag != tei("dataRef"):
            raise OddError(f"{where(node)}: <{kind}> is not supported in a datatype (use dataRef or alternate)")
        if element_children(node):
            raise OddError(f"{where(node)}: dataFacet is not supported; use dataRef/@restriction")
        if node.get("key"):
            key = node.get("key", "")
            if key not in self.specs["dataSpec"]:
                raise OddError(f"{where(node)}: dataRef key={key!r}: no such dataSpec in this ODD")
            if node.get("restriction"):
                raise OddError(f"{where(node)}: @restriction is only supported with dataRef/@name")
            return Datatype(kind="named", name=key)
        name = node.get("name", "")
        if name not in BUILTIN_DATATYPES:
            raise OddError(f"{where(node)}: dataRef name={name!r} is not a supported XSD datatype")
        return Datatype(kind="builtin", name=name, pattern=node.get("restriction"))

    # -- content models

    def _particle(self, node: etree._Element) -> Particle:
        kind = local_name(node)
        if etree.QName(node).namespace != TEI_NS:
            raise OddError(f"{where(node)}: {node.tag} is not an ODD content particle")
        if kind in ("sequence", "alternate"):
            minimum, maximum = occurs(node)
            children = tuple(self._particle(child) for child in element_children(node))
            if not children:
                raise OddError(f"{where(node)}: empty <{kind}>")
            return Particle(kind=kind, children=children, min_occurs=minimum, max_occurs=maximum)
        if kind == "elementRef":
            key = node.get("key", "")
            if key not in self.specs["elementSpec"]:
                raise OddError(
                    f"{where(node)}: elementRef key={key!r}: no elementSpec for it in this ODD"
                )
            minimum, maximum = occurs(node)
            return Particle(kind="element", name=key, min_occurs=minimum, max_occurs=maximum)
        if kind == "macroRef":
            return self._macro(node)
        if kind == "textNode":
            return Particle(kind="text")
        if kind == "empty":
            return Particle(kind="empty")
        raise OddError(
            f"{where(node)}: <{kind}> is not supported in content (use sequence, alternate, "
            "elementRef, macroRef, textNode, empty; classRef and anyElement need the TEI source)"
        )

    def _macro(self, node: etree._Element) -> Particle:
        key = node.get("key", "")
        spec = self.specs["macroSpec"].get(key)
        if spec is None:
            raise OddError(f"{where(node)}: macroRef key={key!r}: no macroSpec in this ODD")
        if key in self._macro_stack:
            raise OddError(f"{where(node)}: macro {key!r} refers to itself")
        content = spec.find(tei("content"))
        particles = [] if content is None else element_children(content)
        if len(particles) != 1:
            raise OddError(f"{where(spec)}: macroSpec {key!r} needs <content> with one particle")
        self._macro_stack.append(key)
        try:
            return self._particle(particles[0])
        finally:
            self._macro_stack.pop()


def _add_attribute(attributes: dict[str, AttributeDecl], attribute: AttributeDecl, element: str) -> None:
    if attribute.name in attributes:
        raise OddError(f"element {element!r}: attribute {attribute.name!r} is declared twice")
    attributes[attribute.name] = attribute




def read_customization(odd: Path) -> Customization:
    """Read the single schemaSpec of an ODD file into a Customization."""
    document = parse_odd(odd)
    schema_specs = document.getroot().findall(f".//{tei('schemaSpec')}")
    if document.getroot().tag == tei("schemaSpec"):
        schema_specs = [document.getroot()]
    if len(schema_specs) != 1:
        raise OddError(f"{odd}: expected exactly one TEI schemaSpec, found {len(schema_specs)}")
    for forbidden in ("moduleRef", "specGrpRef", "classRef", "anyElement", "attRef"):
        found = schema_specs[0].find(f".//{tei(forbidden)}")
        if found is not None:
            raise OddError(
                f"{odd}: {where(found)}: <{forbidden}> is not supported: this compiler handles only "
                "self-contained ODDs (the TEI source, p5subset.xml, is not available)"
            )
    return _OddReader(schema_specs[0]).read()


"""Emit the ISO Schematron of an ODD: one pattern per rule, rule ids kept.

Two entries, one emitter: :func:`compile_schematron` writes the ``.sch`` of a
self-contained customization; :func:`schematron_from_odd` gives the Schematron layer of
``teitools validate`` the rules of any ODD (or a TEI document holding one), whether or
not the rest of it could be compiled without the TEI source.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

from lxml import etree

from teitools.namespaces import SCHEMATRON_NS, TEI_NS
from teitools.odd.constraints import SCHEMATRON_SCHEMES, check_unique_ids, element_context, read_constraint
from teitools.odd.model import GENERATED_NOTE, Customization, SchematronRule, serialize
from teitools.odd.nodes import tei

_S = f"{{{SCHEMATRON_NS}}}"


def schematron_schema(ident: str, namespaces: Mapping[str, str], rules: Sequence[SchematronRule],
                      generated_from: str | None = None) -> etree._Element:
    """An ``sch:schema`` (XSLT 2 query binding) declaring ``namespaces``, one pattern per rule.

    ``generated_from`` names the ODD file in a "do not edit" comment.
    """
    schema = etree.Element(f"{_S}schema", {"queryBinding": "xslt2"}, nsmap={"sch": SCHEMATRON_NS})
    if generated_from is not None:
        schema.append(etree.Comment(GENERATED_NOTE.format(odd=generated_from)))
    etree.SubElement(schema, f"{_S}title").text = f"Rules of the TEI customization {ident}"
    for prefix, uri in namespaces.items():
        etree.SubElement(schema, f"{_S}ns", prefix=prefix, uri=uri)
    for rule in rules:
        pattern = etree.SubElement(schema, f"{_S}pattern", id=f"pattern-{rule.rule_id}")
        rule_copy = copy.deepcopy(rule.rule)
        rule_copy.text = None
        for child in rule_copy:
            child.tail = None
        pattern.append(rule_copy)
    etree.cleanup_namespaces(schema, top_nsmap={"sch": SCHEMATRON_NS}, keep_ns_prefixes=list(namespaces))
    return schema


def compile_schematron(customization: Customization, odd_name: str) -> bytes:
    """The ``.sch`` file of a self-contained customization read from ``odd_name``."""
    schema = schematron_schema(customization.ident, {"tei": customization.namespace}, customization.rules,
                               generated_from=odd_name)
    return serialize(schema)


def schematron_from_odd(odd: etree._Element) -> etree._Element:
    """The ``sch:schema`` of every Schematron ``constraintSpec`` in ``odd``, an ODD or a TEI
    document holding one; constraints in other schemes are left out.

    Asserts written outside an ``sch:rule`` apply to the enclosing ``elementSpec`` (or its
    ``attDef``); the ``sch:ns`` declarations anywhere in the ODD are kept, ``tei`` bound to
    TEI by default.
    """
    namespaces: dict[str, str] = {}
    for declaration in odd.iter(f"{_S}ns"):
        namespaces.setdefault(declaration.get("prefix", ""), declaration.get("uri", ""))
    namespaces.setdefault("tei", TEI_NS)
    rules = [
        rule
        for spec in odd.iter(tei("constraintSpec"))
        if spec.get("scheme", "schematron") in SCHEMATRON_SCHEMES
        for rule in read_constraint(spec, element_context(spec))
    ]
    check_unique_ids(rules)
    schema_spec = next(odd.iter(tei("schemaSpec")), None)
    ident = "" if schema_spec is None else schema_spec.get("ident", "")
    return schematron_schema(ident or "schema", namespaces, rules)


"""Read the Schematron of an ODD's ``constraintSpec`` elements into :class:`SchematronRule` s.

One rule for every ODD: the compiler of self-contained customizations
(:mod:`teitools.odd.reader`) and the Schematron layer of ``teitools validate``, which
accepts any ODD or TEI document holding one (:func:`teitools.odd.schematron_from_odd`),
both read constraints here.
"""

from __future__ import annotations

import copy

from lxml import etree

from teitools.namespaces import SCHEMATRON_NS, TEI_NS
from teitools.odd.model import OddError, SchematronRule
from teitools.odd.nodes import element_children, local_name, tei, where

#: ``constraintSpec/@scheme`` values that mean ISO Schematron.
SCHEMATRON_SCHEMES = ("schematron", "isoschematron")


def read_constraint(constraint_spec: etree._Element, context: str | None) -> list[SchematronRule]:
    """The rules of one ``constraintSpec``; ``context`` is the XPath that asserts written
    outside an ``sch:rule`` apply to (the enclosing element), None where there is none.

    ``sch:ns`` declarations are left to the caller (they belong to the whole schema).
    """
    ident = constraint_spec.get("ident", "")
    if constraint_spec.get("scheme", "schematron") not in SCHEMATRON_SCHEMES:
        raise OddError(
            f"{where(constraint_spec)}: constraintSpec {ident!r}: only scheme='schematron' is supported"
        )
    constraint = constraint_spec.find(tei("constraint"))
    if constraint is None:
        raise OddError(f"{where(constraint_spec)}: constraintSpec {ident!r} has no <constraint>")
    rules: list[etree._Element] = []
    loose: list[etree._Element] = []
    for child in element_children(constraint):
        if etree.QName(child).namespace != SCHEMATRON_NS:
            raise OddError(f"{where(child)}: only ISO Schematron (sch:) elements may appear in <constraint>")
        kind = local_name(child)
        if kind in ("pattern", "diagnostics", "phase"):
            raise OddError(f"{where(child)}: constraintSpec {ident!r}: sch:{kind} inside an ODD constraint "
                           "is not supported (write sch:rule, or asserts and reports alone)")
        if kind != "ns":
            (rules if kind == "rule" else loose).append(child)
    if loose:
        if rules or context is None:
            raise OddError(
                f"{where(constraint)}: constraintSpec {ident!r}: asserts outside sch:rule are "
                "only allowed alone, inside an elementSpec (they apply to that element)"
            )
        rule = etree.Element(f"{{{SCHEMATRON_NS}}}rule", context=context)
        rule.extend(copy.deepcopy(node) for node in loose)
        rules = [rule]
    if not rules:
        raise OddError(f"{where(constraint)}: constraintSpec {ident!r} holds no Schematron rule")
    compiled = []
    for number, rule in enumerate(rules, start=1):
        if not rule.get("context"):
            raise OddError(f"{where(rule)}: sch:rule without @context")
        rule_copy = copy.deepcopy(rule)
        rule_id = rule.get("id") or (ident if len(rules) == 1 else f"{ident}-{number}")
        if not rule_id:
            raise OddError(f"{where(rule)}: give the constraintSpec an @ident or the rule an @id")
        rule_copy.set("id", rule_id)
        compiled.append(SchematronRule(rule_id=rule_id, rule=rule_copy))
    return compiled


def check_unique_ids(rules: list[SchematronRule]) -> None:
    """Refuse two rules with the same id (their findings could not be told apart)."""
    seen: set[str] = set()
    for rule in rules:
        if rule.rule_id in seen:
            raise OddError(f"Schematron rule id {rule.rule_id!r} is used twice")
        seen.add(rule.rule_id)


def element_context(constraint_spec: etree._Element) -> str | None:
    """The XPath of what a ``constraintSpec`` inside an ``elementSpec`` (or its ``attDef``)
    is about: ``tei:name``, ``tei:name/@att``; None for a constraint outside any elementSpec."""
    element_spec = next(constraint_spec.iterancestors(tei("elementSpec")), None)
    if element_spec is None or not element_spec.get("ident"):
        return None
    namespace = element_spec.get("ns", TEI_NS)
    name = element_spec.get("ident")
    context = f"tei:{name}" if namespace == TEI_NS else (f"Q{{{namespace}}}{name}" if namespace else name)
    attribute = next(constraint_spec.iterancestors(tei("attDef")), None)
    if attribute is not None and attribute.get("ident"):
        context += f"/@{attribute.get('ident')}"
    return context

"""What a document's DOCTYPE says, and what teitools does with it.

Internal general entities (``<!ENTITY mdash "&#x2014;">``) are plain XML: the safe parser
expands them, within libxml2's own amplification limit, so entity bombs stay refused.
Nothing outside the document is read: an external DTD, an external entity or a parameter
entity is never opened.  This module turns what that leaves into findings:

* the external DTD a DOCTYPE names gets one warning (it is not read);
* an external entity declared but never used gets a warning (a parameter entity that is
  never used, such as the ``%TEI.core;`` switches of P4 documents, gets none);
* an entity that is used but cannot be expanded is an error: one declared external (its text
  would be lost), a parameter entity used in the DOCTYPE, or one that is declared nowhere, in
  which case the finding names the character it most likely stands for (the HTML5 table).
"""

from __future__ import annotations

import html.entities
import re
import unicodedata

from lxml import etree

from teitools.diagnostics import Diagnostic, error, warning

LAYER = "wellformed"

_NOT_DEFINED = re.compile(r"Entity '([^']+)' not defined")
_AMPLIFICATION = ("amplification", "entity loop", "depth")


def doctype_findings(name: str, data: bytes, tree: etree._ElementTree) -> list[Diagnostic]:
    """Warnings about what the DOCTYPE of a parsed document names but teitools does not read."""
    findings: list[Diagnostic] = []
    docinfo = tree.docinfo
    if docinfo.system_url:
        line, column = position_of(data, rb"<!DOCTYPE")
        findings.append(warning(
            name, line, column, LAYER, "wellformed.external-dtd",
            f"the DOCTYPE refers to the external DTD '{docinfo.system_url}', which is not read",
            "internal entities declared in the DOCTYPE are expanded; TEI P5 is validated with RELAX NG, "
            "XSD and Schematron, so the DOCTYPE can be removed"))
    dtd = docinfo.internalDTD
    for entity in dtd.iterentities() if dtd is not None else ():
        # unused parameter entities (the P4 "%TEI.core;" switches) only served the DTD: no finding
        if entity.system_url and not _is_parameter_entity(data, entity.name):
            line, column = _declaration_position(data, entity.name)
            findings.append(warning(
                name, line, column, LAYER, "wellformed.unread-entity-declaration",
                f"the DOCTYPE declares the external entity '{entity.name}' pointing to '{entity.system_url}', "
                "which is not read (it is not used)",
                "remove the declaration"))
    for node in tree.getroot().iter(etree.Entity):  # libxml2 leaves none when expanding; never silently kept
        line, column = position_of(data, b"&" + re.escape(node.name.encode()) + b";")
        findings.append(error(
            name, line, column, LAYER, "wellformed.entity-reference",
            f"entity reference '&{node.name};' is not expanded",
            "replace the entity reference with the character or text it stands for"))
    return findings


def entities_hold_markup(tree: etree._ElementTree) -> bool:
    """True when an internal entity of the DOCTYPE holds an element (not only text or characters)."""
    dtd = tree.docinfo.internalDTD
    return dtd is not None and any("<" in (entity.content or "") for entity in dtd.iterentities())


def unexpanded_entity_findings(name: str, data: bytes, parser: etree.XMLParser) -> list[Diagnostic]:
    """One error per entity that the document uses but that cannot be expanded (empty if none).

    Called when the strict parse failed on an undefined entity: ``parser`` (a recovering
    safe parser) reads the document again to list every such entity, not only the first.
    A document that also holds an entity bomb gives no list (the bomb is reported instead).
    """
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        pass
    messages = [entry for entry in parser.error_log if entry.level >= etree.ErrorLevels.ERROR]
    if any(part in entry.message.lower() for entry in messages for part in _AMPLIFICATION):
        return []
    dtd = _system_url(data)
    findings: list[Diagnostic] = []
    seen: set[str] = set()
    for entry in messages:
        match = _NOT_DEFINED.search(entry.message)
        if match is None or match.group(1) in seen:
            continue
        entity = match.group(1)
        seen.add(entity)
        findings.append(_unexpanded(name, data, entity, (max(entry.line, 1), max(entry.column, 1)), dtd))
    return findings


def _unexpanded(name: str, data: bytes, entity: str, where: tuple[int, int], dtd: str | None) -> Diagnostic:
    declaration = re.search(rb"<!ENTITY\s+(%\s*)?" + re.escape(entity.encode()) + rb"\s+(SYSTEM|PUBLIC)?"
                            rb"\s*(?:\"([^\"]*)\"|'([^']*)')(?:\s*(?:\"([^\"]*)\"|'([^']*)'))?", data)
    if declaration is not None and declaration.group(1):
        line, column = _declaration_position(data, entity)
        return error(name, line, column, LAYER, "wellformed.parameter-entity",
                     f"the DOCTYPE uses the parameter entity '%{entity};', which teitools does not read",
                     "write the declarations it holds into the DOCTYPE itself")
    if declaration is not None and declaration.group(2):
        line, column = _declaration_position(data, entity)
        identifiers = [g for g in declaration.groups()[2:] if g is not None]
        target = identifiers[-1].decode("utf-8", errors="replace") if identifiers else ""
        return error(name, line, column, LAYER, "wellformed.external-entity-declaration",
                     f"the DOCTYPE declares the external entity '{entity}' pointing to '{target}', "
                     "which teitools does not read",
                     f"replace &{entity}; with the text it stands for (teitools reads only the files it is given)")
    where = _reference_position(data, entity, where)
    unread = f" (the DTD '{dtd}' is not read)" if dtd else ""
    character = likely_character(entity)
    if character is None:
        return error(name, *where, LAYER, "wellformed.undefined-entity",
                     f"&{entity}; is not declared{unread}",
                     f"write the text it stands for, or declare it in the DOCTYPE: <!ENTITY {entity} \"…\">")
    codes = "".join(f"&#x{ord(c):X};" for c in character)
    return error(name, *where, LAYER, "wellformed.undefined-entity",
                 f"&{entity}; is not declared{unread}; it most likely stands for {describe(character)}",
                 f"write the character itself, or declare it in the DOCTYPE: <!ENTITY {entity} \"{codes}\">")


def likely_character(entity: str) -> str | None:
    """The text an entity name stands for in the HTML5 named-character table, if it is there."""
    return html.entities.html5.get(entity + ";")


def describe(text: str) -> str:
    """``é (U+00E9 LATIN SMALL LETTER E WITH ACUTE)``: the text, with each code point named."""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in text)
    return f"{text} ({names})"


def position_of(data: bytes, pattern: bytes) -> tuple[int, int]:
    """1-based line and column of the first match of ``pattern`` in UTF-8 ``data``."""
    match = re.search(pattern, data)
    if match is None:
        return (1, 1)
    start = match.start()
    line_start = data.rfind(b"\n", 0, start) + 1
    return (data.count(b"\n", 0, start) + 1, len(data[line_start:start].decode("utf-8", errors="replace")) + 1)


def _reference_position(data: bytes, entity: str, reported: tuple[int, int]) -> tuple[int, int]:
    """Where ``&entity;`` starts on the reported line (libxml2 points after it), else ``reported``."""
    line, column = reported
    lines = data.split(b"\n")
    if not 1 <= line <= len(lines):
        return reported
    text = lines[line - 1].decode("utf-8", errors="replace")
    found = text.rfind(f"&{entity};", 0, max(column, 1) - 1 + len(entity) + 2)
    return (line, found + 1) if found >= 0 else reported


def _declaration_position(data: bytes, entity: str) -> tuple[int, int]:
    return position_of(data, rb"<!ENTITY\s+%?\s*" + re.escape(entity.encode()) + rb"\b")


def _is_parameter_entity(data: bytes, entity: str) -> bool:
    return re.search(rb"<!ENTITY\s+%\s*" + re.escape(entity.encode()) + rb"\s", data) is not None


def _system_url(data: bytes) -> str | None:
    match = re.search(rb"<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC\s+([\"'])[^\"']*\1)\s*([\"'])([^\"']*)\2", data)
    return match.group(3).decode("utf-8", errors="replace") if match else None

"""Register entries: one entity, one entry; every statement names its source.

A register entry is a ``person``, ``personGrp``, ``place``, ``org``, ``event`` or
``object`` outside the ``teiHeader`` (a cast list in ``particDesc`` is not a register).
The check takes one already parsed document, compares its entries with each other (not
with those of other files) and reports warnings:

``registers.duplicate-authority-id``
    two entries carry the same authority identifier: an ``idno`` of the same ``@type``
    with the same value (a GeoNames id given twice means one place registered twice);
``registers.duplicate-name``
    two entries of the same kind (element and ``@type``) share a name, compared after
    Unicode NFC, case folding, collapsing white space and dropping surrounding quotation
    marks;
``registers.unsourced-statement``
    a statement of an entry (``desc``, ``note``, ``occupation``, ``affiliation`` and the
    other facts in :data:`STATEMENT_ELEMENTS`, or a name with ``@cert``, which is an
    editorial identification) has no ``@source`` (on itself, an ancestor or the entry),
    no ``bibl`` and no pointer to a document (a web address, or another file that is not
    an entry ``file.xml#id`` of a register in the same folder).  A note that
    holds only pointers (``<note type="mentions"><ptr …/></note>``) states nothing.

The statement check is off unless the register asks for it, since registers taken from
elsewhere rarely follow it: the processing instruction
``<?teitools register-sources="required"?>`` before the root element turns it on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS, XML_NS
from teitools.diagnostics import Diagnostic, warning

LAYER = "registers"

ENTRY_ELEMENTS = frozenset({"person", "personGrp", "place", "org", "event", "object"})
NAME_ELEMENTS = frozenset({"persName", "placeName", "orgName", "name", "label", "objectName", "geogName"})
STATEMENT_ELEMENTS = frozenset({
    "desc", "note", "occupation", "affiliation", "residence", "birth", "death", "floruit", "state", "trait",
    "education", "faith", "nationality", "langKnowledge", "socecStatus", "sex", "age"})
SOURCE_ELEMENTS = frozenset({"bibl", "biblStruct", "biblFull", "listBibl"})
POINTER_ELEMENTS = frozenset({"ptr", "ref"})
#: URI schemes of pointers to documents on the web; other schemes are private prefixes.
WEB_SCHEMES = frozenset({"http", "https", "ftp", "doi", "urn"})

_SOURCES_REQUIRED = re.compile(r"""\bregister-sources\s*=\s*["']required["']""")
_QUOTES = "\"'“”‘’„«»‹›"
_XML_ID = f"{{{XML_NS}}}id"
_HEADER = f"{{{TEI_NS}}}teiHeader"
_CONTAINERS = frozenset({f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"})


@dataclass(frozen=True, slots=True)
class _Entry:
    element: etree._Element
    kind: tuple[str, str]  # element name and @type

    def label(self, document: ParsedDocument) -> str:
        """Its xml:id, or "<place> at line N" (positions are looked up only for a finding)."""
        identifier = self.element.get(_XML_ID)
        return f"'{identifier}'" if identifier else f"<{self.kind[0]}> at line {document.position(self.element)[0]}"


def sources_required(tree: etree._ElementTree) -> bool:
    """True when the document asks for the statement check with ``<?teitools register-sources="required"?>``."""
    root = tree.getroot()
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "teitools" \
                and _SOURCES_REQUIRED.search(node.text or ""):
            return True
    return False


def check_register_entries(document: ParsedDocument) -> list[Diagnostic]:
    """Duplicate entries always; unsourced statements when the register asks for it."""
    entries = [_Entry(element, (_local(element), element.get("type", ""))) for element in _entry_elements(document.tree)]
    findings = _duplicate_authority_ids(entries, document) + _duplicate_names(entries, document)
    if sources_required(document.tree):
        findings.extend(_unsourced_statements(entries, document))
    return findings


def _entry_elements(tree: etree._ElementTree) -> list[etree._Element]:
    """The entries outside every ``teiHeader`` (of the TEI root or of the TEIs of a teiCorpus)."""
    tags = [f"{{{TEI_NS}}}{name}" for name in sorted(ENTRY_ELEMENTS)]
    found: list[etree._Element] = []
    pending = [tree.getroot()]
    while pending:
        element = pending.pop()
        if element.tag == _HEADER:
            continue
        if element.tag in _CONTAINERS:
            pending.extend(reversed([child for child in element if isinstance(child.tag, str)]))
        elif element.tag in tags:
            found.append(element)
            found.extend(element.iterdescendants(*tags))
        else:
            found.extend(element.iterdescendants(*tags))
    return found


def _duplicate_authority_ids(entries: list[_Entry], document: ParsedDocument) -> list[Diagnostic]:
    findings = []
    first: dict[tuple[str, str], _Entry] = {}
    for entry in entries:
        for idno in _own_children(entry.element, {"idno"}):
            value = " ".join("".join(idno.itertext()).split()).casefold()
            if not value:
                continue
            key = (idno.get("type", ""), value)
            earlier = first.setdefault(key, entry)
            if earlier is not entry:
                id_type = f"{key[0]} id" if key[0] else "identifier"
                findings.append(_warning(
                    document, idno, "registers.duplicate-authority-id",
                    f"{entry.label(document)} has the {id_type} {value!r} that {earlier.label(document)} "
                    f"(line {document.position(earlier.element)[0]}) already has",
                    "if both are one entity, merge the entries (every spelling into one) and point every @ref to it"))
    return findings


def _duplicate_names(entries: list[_Entry], document: ParsedDocument) -> list[Diagnostic]:
    findings = []
    first: dict[tuple[str, str, str], _Entry] = {}
    for entry in entries:
        seen: set[str] = set()
        for name in _own_children(entry.element, NAME_ELEMENTS):
            normal = normalised_name("".join(name.itertext()))
            if not normal or normal in seen:
                continue
            seen.add(normal)
            earlier = first.setdefault((*entry.kind, normal), entry)
            if earlier is not entry:
                kind = f"<{entry.kind[0]}" + (f' type="{entry.kind[1]}"' if entry.kind[1] else "") + ">"
                findings.append(_warning(
                    document, name, "registers.duplicate-name",
                    f"two {kind} entries have the name {' '.join(''.join(name.itertext()).split())!r}: "
                    f"{earlier.label(document)} (line {document.position(earlier.element)[0]}) and {entry.label(document)}",
                    "if they are one entity, merge the entries and point every @ref to the one left; "
                    "if two, say how they differ (@type, a fuller name)"))
    return findings


def normalised_name(text: str) -> str:
    """A name as the duplicate check compares it: NFC, case-folded, single spaces, no outer quotes."""
    return " ".join(unicodedata.normalize("NFC", text).split()).strip(_QUOTES + " ").casefold()


def _unsourced_statements(entries: list[_Entry], document: ParsedDocument) -> list[Diagnostic]:
    findings = []
    register_folder = document.path.resolve().parent
    for entry in entries:
        for statement in _statements(entry.element):
            if _is_supported(statement, entry.element, register_folder, document.path):
                continue
            findings.append(_warning(
                document, statement, "registers.unsourced-statement",
                f"<{_local(statement)}> of {entry.label(document)} names no source: "
                f"{_excerpt(statement)!r}",
                "add @source with the document(s) that say it (source=\"../document.xml\") or a <bibl> "
                "inside it; or remove the statement"))
    return findings


def _statements(entry: etree._Element) -> list[etree._Element]:
    """The outermost statements that belong to ``entry`` (not to an entry nested in it)."""
    found = []
    for element in entry.iterdescendants():
        if not isinstance(element.tag, str) or _nearest_entry(element) is not entry:
            continue
        local = _local(element)
        is_statement = local in STATEMENT_ELEMENTS or (local in NAME_ELEMENTS and element.get("cert") is not None
                                                        and element.getparent() is entry)
        if is_statement and _has_prose(element) and not _inside_statement(element, entry):
            found.append(element)
    return found


def _nearest_entry(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if isinstance(ancestor.tag, str) and _local(ancestor) in ENTRY_ELEMENTS:
            return ancestor
    return None


def _inside_statement(element: etree._Element, entry: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is entry:
            return False
        if _local(ancestor) in STATEMENT_ELEMENTS:
            return True
    return False


def _has_prose(element: etree._Element) -> bool:
    return bool("".join(element.itertext()).strip())


def _is_supported(statement: etree._Element, entry: etree._Element, register_folder: Path,
                  register_path: Path) -> bool:
    for holder in (statement, *statement.iterancestors()):
        if (holder.get("source") or "").strip():
            return True
        if holder is entry:
            break
    for element in statement.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        local = _local(element)
        if local in SOURCE_ELEMENTS:
            return True
        if local in POINTER_ELEMENTS and any(_points_to_a_document(target, register_folder, register_path)
                                             for target in (element.get("target") or "").split()):
            return True
    return False


def _points_to_a_document(target: str, register_folder: Path, register_path: Path) -> bool:
    """True for a web address or another file, unless it names an entry (``#id``) of a
    register in the same folder: that is a cross-reference, not a source."""
    parts = urlsplit(target)
    if parts.scheme:
        return parts.scheme.lower() in WEB_SCHEMES
    if not parts.path:
        return False  # "#id": an element of the register itself
    resolved = (register_folder / parts.path).resolve()
    if resolved == register_path.resolve():
        return False
    return not (parts.fragment and resolved.parent == register_folder)  # an entry of a neighbouring register


def _own_children(entry: etree._Element, names: frozenset[str] | set[str]) -> list[etree._Element]:
    return [child for child in entry if isinstance(child.tag, str) and _local(child) in names]


def _excerpt(element: etree._Element, length: int = 60) -> str:
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _warning(document: ParsedDocument, element: etree._Element, rule: str, message: str, hint: str) -> Diagnostic:
    line, column = document.position(element)
    return warning(document.name, line, column, LAYER, rule, message, hint)

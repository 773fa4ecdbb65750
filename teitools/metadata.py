"""Dublin Core records of TEI documents, taken from the teiHeader by ``xslt/metadata/dc.xsl``.

One record serves ``teitools metadata`` (harvesting, catalogue import) and the
``dmdSec`` of a deposit bag's METS document.  The stylesheet decides what each field
holds (see its header comment); this module runs it and reads the result back into a
:class:`DublinCoreRecord`.

Public API: :func:`dublin_core`, :func:`metadata_engine`, :func:`describe_documents`,
:class:`DublinCoreRecord`, :class:`DcValue`, :class:`MetadataReport`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from lxml import etree

from teitools.corpus import ParsedDocument, find_documents, parse_document, safe_parser
from teitools.diagnostics import Diagnostic, error
from teitools.errors import ExitStatus, InputError, TransformError
from teitools.namespaces import TEITOOLS_METADATA_NS, XML_NS
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

__all__ = [
    "DC_NS",
    "OAI_DC_NS",
    "DcValue",
    "DescribedDocument",
    "DublinCoreRecord",
    "MetadataReport",
    "describe_documents",
    "dublin_core",
    "dublin_core_stylesheet",
    "metadata_engine",
]

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
#: Wrapper of several records in ``teitools metadata --format dc`` output.
RECORDS_NS = TEITOOLS_METADATA_NS

LAYER = "metadata"


@dataclass(frozen=True, slots=True)
class DcValue:
    """One value of a Dublin Core element and its language (``None``: not language text)."""

    text: str
    lang: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {"value": self.text, "lang": self.lang} if self.lang else {"value": self.text}


@dataclass(frozen=True, slots=True)
class DublinCoreRecord:
    """The fifteen Dublin Core elements, each a tuple of values in record order."""

    title: tuple[DcValue, ...] = ()
    creator: tuple[DcValue, ...] = ()
    subject: tuple[DcValue, ...] = ()
    description: tuple[DcValue, ...] = ()
    publisher: tuple[DcValue, ...] = ()
    contributor: tuple[DcValue, ...] = ()
    date: tuple[DcValue, ...] = ()
    type: tuple[DcValue, ...] = ()
    format: tuple[DcValue, ...] = ()
    identifier: tuple[DcValue, ...] = ()
    source: tuple[DcValue, ...] = ()
    language: tuple[DcValue, ...] = ()
    relation: tuple[DcValue, ...] = ()
    coverage: tuple[DcValue, ...] = ()
    rights: tuple[DcValue, ...] = ()

    @classmethod
    def element_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def values(self, element: str) -> tuple[DcValue, ...]:
        """The values of one element by its Dublin Core name (``title``, ``rights``…)."""
        if element not in self.element_names():
            raise KeyError(f"{element!r} is not a Dublin Core element")
        return getattr(self, element)  # type: ignore[no-any-return]

    def texts(self, element: str) -> tuple[str, ...]:
        return tuple(value.text for value in self.values(element))

    def first(self, element: str, default: str = "") -> str:
        """The first value of an element (the main title for ``title``), or ``default``."""
        found = self.values(element)
        return found[0].text if found else default

    def as_element(self) -> etree._Element:
        """The record as an ``oai_dc:dc`` element (for embedding, e.g. in METS ``xmlData``)."""
        root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
        root.set(f"{{{XSI_NS}}}schemaLocation", OAI_DC_SCHEMA_LOCATION)
        for name in self.element_names():
            for value in self.values(name):
                element = etree.SubElement(root, f"{{{DC_NS}}}{name}")
                element.text = value.text
                if value.lang:
                    element.set(f"{{{XML_NS}}}lang", value.lang)
        return root

    def as_oai_dc_xml(self) -> str:
        """The record as a standalone OAI-PMH ``oai_dc`` XML document."""
        return _serialise(self.as_element())

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        """Element name → values (``{"value", "lang"}``), only the elements that have values."""
        return {name: [v.as_dict() for v in self.values(name)] for name in self.element_names() if self.values(name)}

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"


def dublin_core_stylesheet() -> Path:
    """The XSLT that maps a teiHeader to ``oai_dc:dc``."""
    return stylesheet_path("metadata", "dc.xsl")


def metadata_engine() -> XsltEngine:
    """An XSLT engine with the Dublin Core stylesheet compiled (create one per process)."""
    return XsltEngine([dublin_core_stylesheet()])


def dublin_core(document: ParsedDocument, engine: XsltEngine) -> DublinCoreRecord:
    """The Dublin Core record of ``document``, from its teiHeader.

    ``engine`` must have been created with :func:`dublin_core_stylesheet` among its
    stylesheets (:func:`metadata_engine` does that).  Raises :class:`TransformError`
    if the stylesheet fails.
    """
    stylesheet = engine.stylesheet(dublin_core_stylesheet())
    result = engine.transform(stylesheet, document.tree, {"document-name": document.path.name})
    return record_from_oai_dc(result.output.encode("utf-8"))


def record_from_oai_dc(data: bytes) -> DublinCoreRecord:
    """Read an ``oai_dc:dc`` document (as written by dc.xsl) into a record."""
    root = etree.fromstring(data, safe_parser())
    if root.tag != f"{{{OAI_DC_NS}}}dc":
        raise TransformError(f"the Dublin Core stylesheet returned <{root.tag}>, not oai_dc:dc")
    collected: dict[str, list[DcValue]] = {name: [] for name in DublinCoreRecord.element_names()}
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if etree.QName(element).namespace != DC_NS or name not in collected:
            raise TransformError(f"the Dublin Core stylesheet returned an unknown element <{element.tag}>")
        collected[name].append(DcValue(element.text or "", element.get(f"{{{XML_NS}}}lang") or None))
    return DublinCoreRecord(**{name: tuple(values) for name, values in collected.items()})


@dataclass(frozen=True, slots=True)
class DescribedDocument:
    """A document and its Dublin Core record."""

    name: str
    record: DublinCoreRecord


@dataclass(frozen=True, slots=True)
class MetadataReport:
    """The records of the documents that could be read, and why the others could not."""

    documents: tuple[DescribedDocument, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if any(d.is_error for d in self.diagnostics) else ExitStatus.OK

    def as_oai_dc_xml(self) -> str:
        """One document: its bare ``oai_dc:dc`` record.  Several: the records wrapped in
        ``<records xmlns="urn:teitools:metadata">``, each in a ``<record file="…">``."""
        if len(self.documents) == 1:
            return self.documents[0].record.as_oai_dc_xml()
        wrapper = etree.Element(f"{{{RECORDS_NS}}}records", nsmap={None: RECORDS_NS})
        for described in self.documents:
            record = etree.SubElement(wrapper, f"{{{RECORDS_NS}}}record", file=described.name)
            record.append(described.record.as_element())
        return _serialise(wrapper)

    def as_json(self) -> str:
        """A JSON list: ``[{"file": …, "dc": {element: [{"value", "lang"}]}}]``."""
        payload: list[dict[str, Any]] = [{"file": d.name, "dc": d.record.as_dict()} for d in self.documents]
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

    def formatted(self, output_format: str) -> str:
        """``dc`` (OAI Dublin Core XML) or ``json``."""
        if output_format == "dc":
            return self.as_oai_dc_xml()
        if output_format == "json":
            return self.as_json()
        raise InputError(f"unknown metadata format {output_format!r}; use dc or json")


def describe_documents(paths: Sequence[Path]) -> MetadataReport:
    """The Dublin Core record of every document found below ``paths``.

    A document that cannot be parsed or transformed is left out with an error
    diagnostic; a path that does not exist raises :class:`InputError`.
    """
    found = find_documents(list(paths))
    engine = metadata_engine()
    described: list[DescribedDocument] = []
    findings: list[Diagnostic] = []
    for path in found.documents:
        name = str(path)
        parsed = parse_document(path, name)
        if parsed.document is None:
            findings.extend(d for d in parsed.diagnostics if d.is_error)
            continue
        try:
            described.append(DescribedDocument(name, dublin_core(parsed.document, engine)))
        except TransformError as exc:
            findings.append(error(name, 0, 0, LAYER, "metadata.transform-failed",
                                  f"no Dublin Core record: {exc}", "check the teiHeader of this document"))
    return MetadataReport(tuple(described), tuple(findings))


def _serialise(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", pretty_print=True,
                          doctype='<?xml version="1.0" encoding="UTF-8"?>')

"""PREMIS 3 provenance of a bag's files, as METS administrative sections.

One ``amdSec`` per payload file (the Archivematica convention): a ``techMD`` with the file as
a PREMIS object (size, SHA-256 and SHA-512 fixity, format with its PRONOM id where PRONOM has
one, the application that created an edition, the TEI it derives from) and ``digiprovMD``
sections with its events (validation, creation, message digest calculation, bagging) and the
three software agents those events name.  Identifiers are UUID 5 of what they describe (bag,
path, content digest, outcome), so the same inputs give the same identifiers.
"""

from __future__ import annotations

import importlib.metadata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from teitools import __version__

PREMIS_NS = "http://www.loc.gov/premis/v3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_SCHEMA_LOCATION = f"{PREMIS_NS} http://www.loc.gov/standards/premis/v3/premis.xsd"
#: The namespace of every identifier teitools derives (uuid5 of a name in it).
IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:teitools:deposit")

#: PREMIS eventType values (Library of Congress vocabulary, id.loc.gov/vocabulary/preservation/eventType).
VALIDATION = "validation"
CREATION = "creation"
DIGEST = "message digest calculation"
BAGGING = "information package creation"
EVENT_TYPE_URIS = {
    VALIDATION: "http://id.loc.gov/vocabulary/preservation/eventType/val",
    CREATION: "http://id.loc.gov/vocabulary/preservation/eventType/cre",
    DIGEST: "http://id.loc.gov/vocabulary/preservation/eventType/mes",
    BAGGING: "http://id.loc.gov/vocabulary/preservation/eventType/ipc",
}

#: (format name, version, PRONOM id or "") by file suffix; XML files whose vocabulary PRONOM does
#: not distinguish (TEI, RELAX NG, Schematron, XSD, JUnit) are generic XML 1.0, fmt/101.
_XML = ("Extensible Markup Language", "1.0", "fmt/101")
_HTML = ("Hypertext Markup Language", "5", "fmt/471")
_FORMATS: dict[str, tuple[str, str, str]] = {
    ".xml": _XML, ".odd": _XML, ".rng": _XML, ".sch": _XML, ".xsd": _XML,
    ".pdf": ("Acrobat PDF/A - Portable Document Format", "3b", "fmt/480"),
    ".html": _HTML, ".htm": _HTML,
    ".txt": ("Plain Text File", "", "x-fmt/111"),
    ".json": ("JSON Data Interchange Format", "", "fmt/817"),
    ".css": ("Cascading Style Sheet", "", "x-fmt/224"),
    ".epub": ("ePub format", "", "fmt/483"),
}


def file_format(relative: str, mimetype: str) -> tuple[str, str, str]:
    """(name, version, PRONOM id or "") of a payload file, from its suffix (its MIME type otherwise)."""
    return _FORMATS.get(PurePosixPath(relative).suffix.lower(), (mimetype, "", ""))


@dataclass(frozen=True, slots=True)
class Agent:
    """A program that acted on the files, with its version."""

    key: str
    name: str
    version: str
    role: str

    @property
    def identifier(self) -> str:
        return f"{self.name}-{self.version}"


def software_agents() -> dict[str, Agent]:
    """teitools and the libraries it ran, each with its installed version."""
    def version(distribution: str) -> str:
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            return "unknown"

    return {
        "teitools": Agent("teitools", "teitools", __version__, "executing program"),
        "lxml": Agent("lxml", "lxml", version("lxml"), "validator (XML, RELAX NG, XSD)"),
        "saxonche": Agent("saxonche", "saxonche", version("saxonche"), "XSLT 3.0 processor (Schematron, editions)"),
        "typst": Agent("typst", "typst", version("typst"), "PDF/A typesetter"),
    }


@dataclass(frozen=True, slots=True)
class Verdict:
    """What validation said about one TEI file: its errors (``file:line:column rule message``) and warnings."""

    errors: tuple[str, ...]
    warnings: int = 0

    @property
    def outcome(self) -> str:
        return "failure" if self.errors else "success"


@dataclass(frozen=True, slots=True)
class EditionOrigin:
    """How one edition file was made: its format, the stylesheet digest and when."""

    format_name: str
    stylesheet_digest: str
    created: str  # ISO 8601


@dataclass(frozen=True, slots=True)
class Provenance:
    """Everything PREMIS says about a bag beyond the files themselves."""

    bag: str
    deposited: str  # ISO 8601, UTC
    validated: str
    verdicts: Mapping[str, Verdict]  # tei/... path -> verdict
    reports: tuple[str, ...]  # paths of the validation reports
    editions: Mapping[str, EditionOrigin]  # editions/... path -> origin
    agents: Mapping[str, Agent] = field(default_factory=software_agents)


@dataclass(frozen=True, slots=True)
class PremisFile:
    """What PREMIS needs of a payload file (paths relative to ``data/``)."""

    path: str
    mimetype: str
    size: int
    sha256: str
    sha512: str
    sources: tuple[str, ...] = ()  # the TEI files an edition was made from


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(IDENTIFIER_NAMESPACE, "\x1f".join(parts)))


def object_uuid(bag: str, entry: PremisFile) -> str:
    return stable_uuid("object", bag, entry.path, entry.sha256)


def _p(tag: str) -> str:
    return f"{{{PREMIS_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _p(tag), **attributes)
    if text is not None:
        element.text = text
    return element


def _root(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(_p(tag), nsmap={"premis": PREMIS_NS, "xsi": XSI_NS}, version="3.0", **attributes)
    element.set(f"{{{XSI_NS}}}schemaLocation", PREMIS_SCHEMA_LOCATION)
    return element


def _identifier(parent: etree._Element, kind: str, value: str, prefix: str) -> None:
    holder = _sub(parent, f"{prefix}Identifier")
    _sub(holder, f"{prefix}IdentifierType", "UUID" if kind == "UUID" else kind)
    _sub(holder, f"{prefix}IdentifierValue", value)


@dataclass(frozen=True, slots=True)
class Event:
    """One PREMIS event about one file."""

    type: str
    identifier: str
    date: str
    detail: str
    outcome: str
    note: str
    agents: tuple[Agent, ...]
    objects: tuple[tuple[str, str], ...]  # (object uuid, role)

    def element(self) -> etree._Element:
        event = _root("event")
        _identifier(event, "UUID", self.identifier, "event")
        _sub(event, "eventType", self.type, authority="eventType", authorityURI=
             "http://id.loc.gov/vocabulary/preservation/eventType", valueURI=EVENT_TYPE_URIS[self.type])
        _sub(event, "eventDateTime", self.date)
        _sub(_sub(event, "eventDetailInformation"), "eventDetail", self.detail)
        outcome = _sub(event, "eventOutcomeInformation")
        _sub(outcome, "eventOutcome", self.outcome)
        if self.note:
            _sub(_sub(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", self.note)
        for agent in self.agents:
            linking = _sub(event, "linkingAgentIdentifier")
            _sub(linking, "linkingAgentIdentifierType", "preservation system")
            _sub(linking, "linkingAgentIdentifierValue", agent.identifier)
            _sub(linking, "linkingAgentRole", agent.role)
        for identifier, role in self.objects:
            linking = _sub(event, "linkingObjectIdentifier")
            _sub(linking, "linkingObjectIdentifierType", "UUID")
            _sub(linking, "linkingObjectIdentifierValue", identifier)
            _sub(linking, "linkingObjectRole", role)
        return event


def agent_element(agent: Agent) -> etree._Element:
    element = _root("agent")
    _identifier(element, "preservation system", agent.identifier, "agent")
    _sub(element, "agentName", agent.name)
    _sub(element, "agentType", "software")
    _sub(element, "agentVersion", agent.version)
    _sub(element, "agentNote", agent.role)
    return element


def events_of(entry: PremisFile, provenance: Provenance, uuids: Mapping[str, str]) -> list[Event]:
    """The events of one file, in the order they happened."""
    agents = provenance.agents
    teitools = agents["teitools"]
    this = uuids[entry.path]
    events: list[Event] = []
    verdict = provenance.verdicts.get(entry.path)
    if verdict is not None:
        reports = tuple((uuids[r], "outcome") for r in provenance.reports if r in uuids)
        note = (f"{len(verdict.errors)} error(s), {verdict.warnings} warning(s); "
                f"deposited with --allow-invalid: " + " | ".join(verdict.errors[:20])
                if verdict.errors else f"valid; {verdict.warnings} warning(s)")
        note += f"; report: {', '.join(provenance.reports)}"
        events.append(Event(
            VALIDATION, stable_uuid(VALIDATION, provenance.bag, entry.path, entry.sha256, verdict.outcome,
                                    *verdict.errors),
            provenance.validated, "TEI validated by teitools: well-formedness, RELAX NG, XSD, Schematron, "
            "references and dates against the schemas in schema/", verdict.outcome, note,
            (teitools, agents["lxml"], agents["saxonche"]), ((this, "source"), *reports)))
    if entry.path in provenance.reports:
        events.append(Event(
            CREATION, stable_uuid(CREATION, provenance.bag, entry.path, entry.sha256),
            provenance.validated, "validation report written by teitools", "success", "",
            (teitools, agents["lxml"], agents["saxonche"]),
            (*((uuids[s], "source") for s in provenance.verdicts if s in uuids), (this, "outcome"))))
    origin = provenance.editions.get(entry.path)
    if origin is not None:
        tools = (teitools, agents["saxonche"], agents["typst"] if origin.format_name == "pdf" else agents["lxml"])
        events.append(Event(
            CREATION, stable_uuid(CREATION, provenance.bag, entry.path, entry.sha256, origin.stylesheet_digest),
            origin.created, f"{origin.format_name} edition made by teitools from the TEI with the stylesheets of "
            f"xslt/{'print' if origin.format_name == 'pdf' else origin.format_name}/ and xslt/common/ "
            f"(stylesheet digest sha256:{origin.stylesheet_digest})", "success", "",
            tools, (*((uuids[s], "source") for s in entry.sources if s in uuids), (this, "outcome"))))
    events.append(Event(
        DIGEST, stable_uuid(DIGEST, provenance.bag, entry.path, entry.sha256, entry.sha512),
        provenance.deposited, "SHA-256 and SHA-512 calculated by teitools (Python hashlib)", "success",
        f"sha256:{entry.sha256}", (teitools,), ((this, "source"),)))
    events.append(Event(
        BAGGING, stable_uuid(BAGGING, provenance.bag, entry.path, entry.sha256),
        provenance.deposited, f"bagged by teitools into the BagIt bag {provenance.bag} (sha256 and sha512 "
        "manifests)", "success", "", (teitools,), ((this, "source"),)))
    return events


def object_element(entry: PremisFile, provenance: Provenance, uuids: Mapping[str, str],
                   events: Iterable[Event]) -> etree._Element:
    """The file as a PREMIS object."""
    element = _root("object")
    element.set(f"{{{XSI_NS}}}type", "premis:file")
    _identifier(element, "UUID", uuids[entry.path], "object")
    characteristics = _sub(element, "objectCharacteristics")
    _sub(characteristics, "compositionLevel", "0")
    for algorithm, digest in (("SHA-256", entry.sha256), ("SHA-512", entry.sha512)):
        fixity = _sub(characteristics, "fixity")
        _sub(fixity, "messageDigestAlgorithm", algorithm)
        _sub(fixity, "messageDigest", digest)
        _sub(fixity, "messageDigestOriginator", "teitools")
    _sub(characteristics, "size", str(entry.size))
    name, version, pronom = file_format(entry.path, entry.mimetype)
    format_element = _sub(characteristics, "format")
    designation = _sub(format_element, "formatDesignation")
    _sub(designation, "formatName", name)
    if version:
        _sub(designation, "formatVersion", version)
    if pronom:
        registry = _sub(format_element, "formatRegistry")
        _sub(registry, "formatRegistryName", "PRONOM")
        _sub(registry, "formatRegistryKey", pronom)
        _sub(registry, "formatRegistryRole", "specification")
    _sub(format_element, "formatNote", f"MIME type {entry.mimetype}")
    origin = provenance.editions.get(entry.path)
    if origin is not None:
        agent = provenance.agents["typst" if origin.format_name == "pdf" else "saxonche"]
        application = _sub(characteristics, "creatingApplication")
        _sub(application, "creatingApplicationName", agent.name)
        _sub(application, "creatingApplicationVersion", agent.version)
        _sub(application, "dateCreatedByApplication", origin.created)
    _sub(element, "originalName", f"data/{entry.path}")
    for source in entry.sources:
        if source not in uuids:
            continue
        relationship = _sub(element, "relationship")
        _sub(relationship, "relationshipType", "derivation")
        _sub(relationship, "relationshipSubType", "has source")
        related = _sub(relationship, "relatedObjectIdentifier")
        _sub(related, "relatedObjectIdentifierType", "UUID")
        _sub(related, "relatedObjectIdentifierValue", uuids[source])
    for event in events:
        linking = _sub(element, "linkingEventIdentifier")
        _sub(linking, "linkingEventIdentifierType", "UUID")
        _sub(linking, "linkingEventIdentifierValue", event.identifier)
    return element


def agents_of(events: Iterable[Event]) -> list[Agent]:
    """The agents the events name, each once, in the order they are first named."""
    return list(dict.fromkeys(agent for event in events for agent in event.agents))

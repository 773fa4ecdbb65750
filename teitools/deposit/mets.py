"""The METS 1.12 document of a bag: header, Dublin Core per document, PREMIS 3 provenance per
file (:mod:`teitools.deposit.premis`), every payload file with MIME type, size and SHA-256, a
physical structural map (the folders of ``data/``, which Archivematica's tools read) and a
logical one tying each document to its editions."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from teitools import __version__
from teitools.corpus import belongs_to_edition, edition_texts
from teitools.deposit.plan import BagPlan, TeiLayout
from teitools.deposit.premis import (XSI_NS, PremisFile, Provenance, agent_element, agents_of, events_of,
                                     object_element, object_uuid)
from teitools.metadata import DublinCoreRecord
from teitools.namespaces import TEI_NS
from teitools.resources import schema_path

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
METS_FILE = "mets.xml"

_MIME_TYPES = {
    ".xml": "application/xml", ".odd": "application/tei+xml", ".rng": "application/xml",
    ".xsd": "application/xml", ".sch": "application/xml", ".html": "text/html", ".htm": "text/html",
    ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".txt": "text/plain",
    ".pdf": "application/pdf", ".epub": "application/epub+zip", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
}


@dataclass(frozen=True, slots=True)
class PayloadFile:
    path: str  # relative to data/, "/" separators, NFC
    group: str
    mimetype: str
    size: int
    sha256: str
    sha512: str


def payload_files(staging: Path, tei: TeiLayout) -> tuple[PayloadFile, ...]:
    """Every file below ``staging`` but ``mets.xml``, in METS order (by group, then path)."""
    files: list[PayloadFile] = []
    for root, dirs, names in os.walk(staging):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            relative = (Path(root) / name).relative_to(staging).as_posix()
            if relative != METS_FILE:
                files.append(payload_entry(staging, relative, tei))
    return in_mets_order(files)


def in_mets_order(files: Iterable[PayloadFile]) -> tuple[PayloadFile, ...]:
    return tuple(sorted(files, key=lambda f: (_GROUP_ORDER.index(f.group.split("-")[0]), f.group, f.path)))


def payload_entry(staging: Path, relative: str, tei: TeiLayout) -> PayloadFile:
    """One payload file (``relative`` to ``staging``) with its group, type, size and digests."""
    path = staging / relative
    return PayloadFile(relative, _file_group(relative, set(tei.registers), set(tei.included)), _mime_type(relative),
                       path.stat().st_size, file_digest(path, "sha256"), file_digest(path, "sha512"))


_GROUP_ORDER = ("TEI", "registers", "schema", "edition", "reports", "metadata", "other")
#: The RO-Crate metadata file (:mod:`teitools.deposit.rocrate`), in the METS file group "metadata".
ROCRATE_FILE = "ro-crate-metadata.json"


def _file_group(relative: str, registers: set[str], included: set[str]) -> str:
    """The METS file group: TEI (documents), TEI-included (files XInclude brought into them),
    registers, schema, edition-FORMAT, reports, metadata (RO-Crate), other."""
    if relative == ROCRATE_FILE:
        return "metadata"
    parts = relative.split("/")
    if parts[0] == "tei":
        return "registers" if relative in registers else "TEI-included" if relative in included else "TEI"
    if parts[0] == "editions" and len(parts) > 2:
        return f"edition-{parts[1]}"
    return parts[0] if parts[0] in {"schema", "reports"} else "other"


def _mime_type(relative: str) -> str:
    suffix = PurePosixPath(relative).suffix.lower()
    if relative.startswith("tei/") and suffix in {".xml", ".tei"}:
        return "application/tei+xml"
    return _MIME_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"


def file_digest(path: Path, algorithm: str) -> str:
    hasher = hashlib.new(algorithm)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _href(relative: str) -> str:
    return urllib.parse.quote(relative, safe="/")


def mets_tag(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def mets_document(plan: BagPlan, records: tuple[DublinCoreRecord, ...], payload: tuple[PayloadFile, ...],
                  tei: TeiLayout, provenance: Provenance) -> etree._Element:
    label = records[0].first("title", plan.name) if len(records) == 1 else \
        f"TEI corpus of {len(records)} documents"
    mets = etree.Element(mets_tag("mets"), nsmap={"mets": METS_NS, "xlink": XLINK_NS},
                         OBJID=plan.name, LABEL=label, TYPE="TEI edition")
    # to the microsecond: metsrw refuses a CREATEDATE it compares as later than its clock, and
    # "…:18Z" compares as later than "…:18.9" (the same second)
    created = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    header = etree.SubElement(mets, mets_tag("metsHdr"), CREATEDATE=created, RECORDSTATUS="complete")
    agent = etree.SubElement(header, mets_tag("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, mets_tag("name")).text = f"teitools {__version__}"
    for number, record in enumerate(records, start=1):
        section = etree.SubElement(mets, mets_tag("dmdSec"), ID=f"dmd-{number}")
        wrap = etree.SubElement(section, mets_tag("mdWrap"), MDTYPE="DC", MIMETYPE="text/xml", LABEL="Dublin Core")
        etree.SubElement(wrap, mets_tag("xmlData")).append(record.as_element())
    premis_files = [PremisFile(entry.path, entry.mimetype, entry.size, entry.sha256, entry.sha512,
                               _sources(entry, tei, plan.slugs)) for entry in payload]
    uuids = {entry.path: object_uuid(plan.name, entry) for entry in premis_files}
    admids = _administrative_sections(mets, premis_files, provenance, uuids)
    file_ids = _file_section(mets, payload, premis_files, uuids, admids)
    _physical_map(mets, plan.name, payload, file_ids)
    _structure_map(mets, tei, plan.slugs, payload, file_ids)
    return mets


def _sources(entry: PayloadFile, tei: TeiLayout, slugs: tuple[str, ...]) -> tuple[str, ...]:
    """The TEI files an edition file was made from: its document's, or every document and register
    for the corpus pages (index, registers, chronology); () for a file that is not an edition."""
    if not entry.group.startswith("edition-"):
        return ()
    stem = PurePosixPath(entry.path).stem
    own = tuple(relative for (_, relative), slug in zip(tei.documents, slugs) if belongs_to_edition(stem, slug))
    return own or tuple(relative for _, relative in tei.documents) + tei.registers


def _wrap(parent: etree._Element, section: str, identifier: str, mdtype: str, content: etree._Element) -> None:
    holder = etree.SubElement(parent, mets_tag(section), ID=identifier)
    wrap = etree.SubElement(holder, mets_tag("mdWrap"), MDTYPE=mdtype)
    etree.SubElement(wrap, mets_tag("xmlData")).append(content)


def _administrative_sections(mets: etree._Element, files: list[PremisFile], provenance: Provenance,
                             uuids: dict[str, str]) -> dict[str, str]:
    """One amdSec per file: its PREMIS object, its events and the agents they name; path -> amdSec ID."""
    admids: dict[str, str] = {}
    for number, entry in enumerate(files, start=1):
        admids[entry.path] = identifier = f"amdSec_{number}"
        section = etree.SubElement(mets, mets_tag("amdSec"), ID=identifier)
        events = events_of(entry, provenance, uuids)
        _wrap(section, "techMD", f"techMD_{number}", "PREMIS:OBJECT", object_element(entry, provenance, uuids, events))
        for order, event in enumerate(events, start=1):
            _wrap(section, "digiprovMD", f"digiprovMD_{number}_{order}", "PREMIS:EVENT", event.element())
        for agent in agents_of(events):
            _wrap(section, "digiprovMD", f"digiprovMD_{number}_{agent.key}", "PREMIS:AGENT", agent_element(agent))
    return admids


def _file_section(mets: etree._Element, payload: tuple[PayloadFile, ...], files: list[PremisFile],
                  uuids: dict[str, str], admids: dict[str, str]) -> dict[str, str]:
    """The fileSec; FILEID is ``file-`` and GROUPID ``Group-`` and a UUID (metsrw's convention): an
    edition shares the GROUPID of its TEI document, from which metsrw reads it as derived."""
    section = etree.SubElement(mets, mets_tag("fileSec"))
    groups: dict[str, etree._Element] = {}
    file_ids: dict[str, str] = {}
    for entry, described in zip(payload, files):
        group = groups.get(entry.group)
        if group is None:
            group = groups[entry.group] = etree.SubElement(section, mets_tag("fileGrp"), ID=f"grp-{entry.group}",
                                                           USE=entry.group)
        file_ids[entry.path] = identifier = f"file-{uuids[entry.path]}"
        origin = uuids.get(described.sources[0], uuids[entry.path]) if len(described.sources) == 1 \
            else uuids[entry.path]
        element = etree.SubElement(group, mets_tag("file"), ID=identifier, GROUPID=f"Group-{origin}",
                                   ADMID=admids[entry.path], MIMETYPE=entry.mimetype, SIZE=str(entry.size),
                                   CHECKSUM=entry.sha256, CHECKSUMTYPE="SHA-256")
        etree.SubElement(element, mets_tag("FLocat"), LOCTYPE="URL").set(f"{{{XLINK_NS}}}href", _href(entry.path))
    return file_ids


def _physical_map(mets: etree._Element, name: str, payload: tuple[PayloadFile, ...],
                  file_ids: dict[str, str]) -> None:
    """The folders and files of ``data/`` as Directory and Item divisions."""
    structure = etree.SubElement(mets, mets_tag("structMap"), ID="structMap_physical", TYPE="physical",
                                 LABEL="Folders and files of the bag's data/")
    top = etree.SubElement(structure, mets_tag("div"), TYPE="Directory", LABEL=name)
    folders: dict[tuple[str, ...], etree._Element] = {(): top}
    for entry in sorted(payload, key=lambda e: PurePosixPath(e.path).parts):
        parts = PurePosixPath(entry.path).parts
        for depth in range(1, len(parts)):
            if parts[:depth] not in folders:
                folders[parts[:depth]] = etree.SubElement(folders[parts[:depth - 1]], mets_tag("div"),
                                                          TYPE="Directory", LABEL=parts[depth - 1])
        item = etree.SubElement(folders[parts[:-1]], mets_tag("div"), TYPE="Item", LABEL=parts[-1])
        etree.SubElement(item, mets_tag("fptr"), FILEID=file_ids[entry.path])


def _structure_map(mets: etree._Element, tei: TeiLayout, slugs: tuple[str, ...], payload: tuple[PayloadFile, ...],
                   file_ids: dict[str, str]) -> None:
    structure = etree.SubElement(mets, mets_tag("structMap"), ID="structMap_logical", TYPE="logical",
                                 LABEL="Documents and their editions")
    top = etree.SubElement(structure, mets_tag("div"), TYPE="edition", LABEL="TEI edition")
    for number, ((document, relative), slug) in enumerate(zip(tei.documents, slugs), start=1):
        div = etree.SubElement(top, mets_tag("div"), TYPE="document", ORDER=str(number), DMDID=f"dmd-{number}",
                               LABEL=PurePosixPath(relative).name)
        etree.SubElement(div, mets_tag("fptr"), FILEID=file_ids[relative])
        editions = [entry for entry in payload if entry.group.startswith("edition-")
                    and belongs_to_edition(PurePosixPath(entry.path).stem, slug)]
        texts = edition_texts(document.root, slug)
        if len(texts) == 1 and texts[0].number == 0:
            for entry in editions:
                etree.SubElement(div, mets_tag("fptr"), FILEID=file_ids[entry.path])
            continue
        # a teiCorpus: one division per text, with the editions of that text
        teis = list(document.root.iter(f"{{{TEI_NS}}}TEI"))
        for text in texts:
            part = etree.SubElement(div, mets_tag("div"), TYPE="text", ORDER=str(text.number),
                                    LABEL=_text_title(teis[text.number - 1]) or text.slug)
            for entry in editions:
                if PurePosixPath(entry.path).stem == text.slug:
                    etree.SubElement(part, mets_tag("fptr"), FILEID=file_ids[entry.path])
    if tei.registers:
        div = etree.SubElement(top, mets_tag("div"), TYPE="registers", LABEL="Registers")
        for relative in tei.registers:
            etree.SubElement(div, mets_tag("fptr"), FILEID=file_ids[relative])


def _text_title(tei: etree._Element) -> str:
    title = tei.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}title")
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def mets_schema():  # type: ignore[no-untyped-def]
    """The shipped METS 1.12 schema, loaded offline (XLink mapped to the local copy)."""
    import xmlschema

    return xmlschema.XMLSchema(str(schema_path("mets", "mets.xsd")),
                               locations={XLINK_NS: str(schema_path("mets", "xlink.xsd"))}, allow="sandbox")


def offline_resource(tree: etree._ElementTree, folder: Path):  # type: ignore[no-untyped-def]
    """The METS document for the METS schema check, offline.  ``xmlData`` is checked laxly and no
    PREMIS schema is at hand (PREMIS is checked on its own), so the ``xsi:type`` of the metadata
    inside it is dropped from the copy checked: xmlschema would look that type up and fail."""
    import xmlschema

    copy = etree.fromstring(etree.tostring(tree.getroot()))
    for element in copy.iterfind(f".//{mets_tag('xmlData')}//*[@{{{XSI_NS}}}type]"):
        del element.attrib[f"{{{XSI_NS}}}type"]
    return xmlschema.XMLResource(copy, base_url=str(folder), allow="sandbox")



"""The METS 1.12 document of a bag: header, Dublin Core per document, every payload file with
MIME type, size and SHA-256, and a structural map tying each document to its editions."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from teitools import __version__
from teitools.corpus import belongs_to_edition, edition_texts
from teitools.deposit.plan import BagPlan, TeiLayout
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


def payload_files(staging: Path, tei: TeiLayout) -> tuple[PayloadFile, ...]:
    registers = set(tei.registers)
    files: list[PayloadFile] = []
    for root, dirs, names in os.walk(staging):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            relative = path.relative_to(staging).as_posix()
            if relative == METS_FILE:
                continue
            files.append(PayloadFile(relative, _file_group(relative, registers), _mime_type(relative),
                                      path.stat().st_size, file_digest(path, "sha256")))
    return tuple(sorted(files, key=lambda f: (_GROUP_ORDER.index(f.group.split("-")[0]), f.group, f.path)))


_GROUP_ORDER = ("TEI", "registers", "schema", "edition", "reports", "other")


def _file_group(relative: str, registers: set[str]) -> str:
    parts = relative.split("/")
    if parts[0] == "tei":
        return "registers" if relative in registers else "TEI"
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
                   tei: TeiLayout) -> etree._Element:
    label = records[0].first("title", plan.name) if len(records) == 1 else \
        f"TEI corpus of {len(records)} documents"
    mets = etree.Element(mets_tag("mets"), nsmap={"mets": METS_NS, "xlink": XLINK_NS},
                         OBJID=plan.name, LABEL=label, TYPE="TEI edition")
    header = etree.SubElement(mets, mets_tag("metsHdr"),
                              CREATEDATE=dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
                              .strftime("%Y-%m-%dT%H:%M:%SZ"), RECORDSTATUS="complete")
    agent = etree.SubElement(header, mets_tag("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, mets_tag("name")).text = f"teitools {__version__}"
    for number, record in enumerate(records, start=1):
        section = etree.SubElement(mets, mets_tag("dmdSec"), ID=f"dmd-{number}")
        wrap = etree.SubElement(section, mets_tag("mdWrap"), MDTYPE="DC", MIMETYPE="text/xml", LABEL="Dublin Core")
        etree.SubElement(wrap, mets_tag("xmlData")).append(record.as_element())
    file_ids = _file_section(mets, payload)
    _structure_map(mets, tei, plan.slugs, payload, file_ids)
    return mets


def _file_section(mets: etree._Element, payload: tuple[PayloadFile, ...]) -> dict[str, str]:
    section = etree.SubElement(mets, mets_tag("fileSec"))
    groups: dict[str, etree._Element] = {}
    file_ids: dict[str, str] = {}
    for number, entry in enumerate(payload, start=1):
        group = groups.get(entry.group)
        if group is None:
            group = groups[entry.group] = etree.SubElement(section, mets_tag("fileGrp"), ID=f"grp-{entry.group}",
                                                           USE=entry.group)
        file_ids[entry.path] = identifier = f"file-{number:04d}"
        element = etree.SubElement(group, mets_tag("file"), ID=identifier, MIMETYPE=entry.mimetype,
                                   SIZE=str(entry.size), CHECKSUM=entry.sha256, CHECKSUMTYPE="SHA-256")
        etree.SubElement(element, mets_tag("FLocat"), LOCTYPE="URL").set(f"{{{XLINK_NS}}}href", _href(entry.path))
    return file_ids


def _structure_map(mets: etree._Element, tei: TeiLayout, slugs: tuple[str, ...], payload: tuple[PayloadFile, ...],
                   file_ids: dict[str, str]) -> None:
    structure = etree.SubElement(mets, mets_tag("structMap"), TYPE="logical", LABEL="Documents and their editions")
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
    import xmlschema

    return xmlschema.XMLResource(tree.getroot(), base_url=str(folder), allow="sandbox")



"""RO-Crate 1.1 metadata of a bag: ``data/ro-crate-metadata.json``, the payload folder being the
crate's root (RO-Crate 1.1, "Combining with other packaging schemes").

The root is a Dataset with the title, description, authors, publishers, licence, dates,
languages and identifiers of the documents' Dublin Core records (:mod:`teitools.metadata`);
every payload file is a File with its MIME type and PRONOM format, size and SHA-256; the
validation and each edition format are CreateActions whose instrument is teitools (and the
libraries it ran), SoftwareApplications with their versions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from teitools.deposit.mets import ROCRATE_FILE
from teitools.deposit.premis import Agent, EditionOrigin, file_format
from teitools.metadata import DublinCoreRecord

CONTEXT = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "https://w3id.org/ro/crate/1.1"
PRONOM = "https://www.nationalarchives.gov.uk/PRONOM/"
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class CrateFile:
    """A payload file as the crate describes it (path relative to ``data/``)."""

    path: str
    mimetype: str
    size: int
    sha256: str


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _texts(records: Sequence[DublinCoreRecord], element: str) -> list[str]:
    return _unique(text for record in records for text in record.texts(element))


def _licence(records: Sequence[DublinCoreRecord]) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """(references for the root's ``license``, their contextual entities) from dc:rights."""
    rights = _texts(records, "rights")
    statements = [text for text in rights if not _URL.match(text)]
    urls = [text for text in rights if _URL.match(text)]
    if urls:
        entities: list[dict[str, Any]] = [{"@id": url, "@type": "CreativeWork", "name": statements[0]
                                           if statements else url, "url": url} for url in urls]
    elif statements:
        entities = [{"@id": "#license", "@type": "CreativeWork", "name": "Licence",
                     "description": " ".join(statements)}]
    else:
        return [], []
    return [{"@id": entity["@id"]} for entity in entities], entities


def crate_metadata(name: str, records: Sequence[DublinCoreRecord], files: Sequence[CrateFile], *,
                   deposited: str, validated: str, valid: bool, tei: Sequence[str], reports: Sequence[str],
                   editions: Mapping[str, EditionOrigin], agents: Mapping[str, Agent]) -> dict[str, Any]:
    """The crate as JSON-LD data."""
    graph: list[dict[str, Any]] = [{"@id": ROCRATE_FILE, "@type": "CreativeWork",
                                    "conformsTo": {"@id": PROFILE}, "about": {"@id": "./"}}]
    titles = [record.first("title", name) for record in records]
    root: dict[str, Any] = {
        "@id": "./", "@type": "Dataset",
        "name": titles[0] if len(titles) == 1 else f"TEI corpus of {len(titles)} documents: " + "; ".join(titles),
        "description": " ".join(_texts(records, "description")) or
                       f"TEI edition {name}: the TEI documents, their schemas, editions and validation reports",
        "datePublished": deposited,
        "identifier": _texts(records, "identifier") or [name],
        "inLanguage": _texts(records, "language"),
        "keywords": _texts(records, "subject"),
        "hasPart": [{"@id": f.path} for f in files],
    }
    created = _texts(records, "date")
    if created:
        root["dateCreated"] = created[0] if len(created) == 1 else created
    contextual: list[dict[str, Any]] = []
    people = [{"@id": f"#author-{n}", "@type": "Person", "name": text}
              for n, text in enumerate(_texts(records, "creator"), start=1)]
    if people:
        root["author"] = [{"@id": person["@id"]} for person in people]
    publishers = [{"@id": f"#publisher-{n}", "@type": "Organization", "name": text}
                  for n, text in enumerate(_texts(records, "publisher"), start=1)]
    if publishers:
        root["publisher"] = [{"@id": p["@id"]} for p in publishers]
    licences, licence_entities = _licence(records)
    if licences:
        root["license"] = licences if len(licences) > 1 else licences[0]
    contextual += people + publishers + licence_entities
    formats: dict[str, dict[str, Any]] = {}
    for entry in files:
        format_name, version, pronom = file_format(entry.path, entry.mimetype)
        encoding: list[Any] = [entry.mimetype]
        if pronom:
            formats.setdefault(pronom, {"@id": PRONOM + pronom, "@type": "WebSite",
                                        "name": f"{format_name} {version}".strip()})
            encoding.append({"@id": PRONOM + pronom})
        described: dict[str, Any] = {"@id": entry.path, "@type": "File", "name": PurePosixPath(entry.path).name,
                                     "encodingFormat": encoding}
        if entry.size >= 0:
            described.update(contentSize=str(entry.size), sha256=entry.sha256)
        graph.append(described)
    software = [{"@id": f"#{agent.key}", "@type": "SoftwareApplication", "name": agent.name,
                 "version": agent.version, "description": agent.role} for agent in agents.values()]
    actions = _actions(files, deposited, validated, valid, tei, reports, editions)
    graph[1:1] = [root]
    return {"@context": CONTEXT, "@graph": graph + actions + software + list(formats.values()) + contextual}


def _actions(files: Sequence[CrateFile], deposited: str, validated: str, valid: bool, tei: Sequence[str],
             reports: Sequence[str], editions: Mapping[str, EditionOrigin]) -> list[dict[str, Any]]:
    present = {f.path for f in files}
    actions: list[dict[str, Any]] = [{
        "@id": "#validation", "@type": "CreateAction", "name": "Validation of the TEI",
        "description": "well-formedness, RELAX NG, XSD, Schematron, references and dates against schema/; "
                       + ("every document is valid" if valid else
                          "validation found errors: deposited with --allow-invalid"),
        "endTime": validated, "actionStatus": {"@id": "http://schema.org/CompletedActionStatus"},
        "instrument": [{"@id": "#teitools"}, {"@id": "#lxml"}, {"@id": "#saxonche"}],
        "object": [{"@id": path} for path in tei if path in present],
        "result": [{"@id": path} for path in reports if path in present],
    }]
    by_format: dict[str, list[str]] = {}
    for path, origin in sorted(editions.items()):
        if path in present:
            by_format.setdefault(origin.format_name, []).append(path)
    for format_name, paths in by_format.items():
        origins = [editions[p] for p in paths]
        tool = "#typst" if format_name == "pdf" else "#lxml"
        actions.append({
            "@id": f"#edition-{format_name}", "@type": "CreateAction", "name": f"The {format_name} edition",
            "description": f"made by teitools with the stylesheets of digest sha256:{origins[0].stylesheet_digest}",
            "endTime": max(o.created for o in origins),
            "actionStatus": {"@id": "http://schema.org/CompletedActionStatus"},
            "instrument": [{"@id": "#teitools"}, {"@id": "#saxonche"}, {"@id": tool}],
            "object": [{"@id": path} for path in tei if path in present],
            "result": [{"@id": path} for path in paths],
        })
    return actions


def crate_json(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

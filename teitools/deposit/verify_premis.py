"""Check the PREMIS provenance in a bag's METS: every file has its administrative section, its
PREMIS object agrees with the file entry (size, SHA-256) and every event the deposit records
for such a file is there (message digest calculation and bagging for all; validation for the
TEI documents and registers; creation for the editions), with the agents it names."""

from __future__ import annotations

import urllib.parse

from lxml import etree

from teitools.deposit.mets import XLINK_NS, mets_tag
from teitools.deposit.premis import BAGGING, CREATION, DIGEST, PREMIS_NS, VALIDATION

_EXPECTED = {"TEI": (VALIDATION,), "registers": (VALIDATION,)}


def _p(path: str) -> str:
    return "/".join(f"{{{PREMIS_NS}}}{step}" for step in path.split("/"))


def expected_events(group: str) -> tuple[str, ...]:
    """The event types every file of a METS file group must have."""
    own = _EXPECTED.get(group, (CREATION,) if group.startswith("edition-") else ())
    return (*own, DIGEST, BAGGING)


def premis_problems(tree: etree._ElementTree) -> list[tuple[str, str, int]]:
    """(file path inside data/, problem, METS line) for every PREMIS gap of every file entry."""
    sections = {section.get("ID"): section for section in tree.getroot().iterfind(mets_tag("amdSec"))}
    problems: list[tuple[str, str, int]] = []
    for entry in tree.iter(mets_tag("file")):
        location = entry.find(mets_tag("FLocat"))
        relative = urllib.parse.unquote(location.get(f"{{{XLINK_NS}}}href", "")) if location is not None else ""
        line = entry.sourceline or 0
        section = sections.get(entry.get("ADMID", ""))
        if section is None:
            problems.append((relative, f"METS file {entry.get('ID')} has no PREMIS section "
                                       f"(ADMID {entry.get('ADMID')!r} names no amdSec)", line))
            continue
        problems.extend((relative, problem, section.sourceline or line)
                        for problem in _section_problems(section, entry))
    return problems


def _section_problems(section: etree._Element, entry: etree._Element) -> list[str]:
    found: list[str] = []
    premis_object = section.find(f"{mets_tag('techMD')}/{mets_tag('mdWrap')}/{mets_tag('xmlData')}/{_p('object')}")
    if premis_object is None:
        return [f"amdSec {section.get('ID')} has no PREMIS object"]
    digests = {fixity.findtext(_p("messageDigestAlgorithm")): fixity.findtext(_p("messageDigest"))
               for fixity in premis_object.iterfind(_p("objectCharacteristics/fixity"))}
    if digests.get("SHA-256") != entry.get("CHECKSUM"):
        found.append("the SHA-256 of its PREMIS object differs from the METS file entry")
    if "SHA-512" not in digests:
        found.append("its PREMIS object has no SHA-512 fixity")
    if premis_object.findtext(_p("objectCharacteristics/size")) != entry.get("SIZE"):
        found.append("the size of its PREMIS object differs from the METS file entry")
    events = {event.findtext(_p("eventIdentifier/eventIdentifierValue")): event
              for event in section.iterfind(f"{mets_tag('digiprovMD')}/{mets_tag('mdWrap')}/{mets_tag('xmlData')}/"
                                            f"{_p('event')}")}
    agents = {agent.findtext(_p("agentIdentifier/agentIdentifierValue"))
              for agent in section.iterfind(f"{mets_tag('digiprovMD')}/{mets_tag('mdWrap')}/{mets_tag('xmlData')}/"
                                            f"{_p('agent')}")}
    types = {" ".join((event.findtext(_p("eventType")) or "").split()) for event in events.values()}
    group = entry.getparent().get("USE", "")
    for wanted in expected_events(group):
        if wanted not in types:
            found.append(f"PREMIS event '{wanted}' is missing")
    for linked in premis_object.iterfind(_p("linkingEventIdentifier/linkingEventIdentifierValue")):
        if linked.text not in events:
            found.append(f"its PREMIS object links to event {linked.text}, which is not in amdSec {section.get('ID')}")
    for event in events.values():
        for agent in event.iterfind(_p("linkingAgentIdentifier/linkingAgentIdentifierValue")):
            if agent.text not in agents:
                found.append(f"PREMIS event '{event.findtext(_p('eventType'))}' names agent {agent.text}, "
                             "which is not described")
    return found

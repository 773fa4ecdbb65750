"""PREMIS 3 provenance in the bag's METS, read back by Archivematica's own library (metsrw) and
checked with the Archivematica METS Schematron shipped inside it."""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
from collections import Counter
from pathlib import Path

import bagit
import metsrw
import pytest
from lxml import etree, isoschematron

import teitools.deposit as deposit
from teitools.build import available_renderers
from teitools.build.manifest import FileDigests, stylesheet_digest
from teitools.deposit import deposit_documents, verify_bag

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "tei" / "dong-xuan-1953-1954-va-dien-bien-phu.xml"
SLUG = "dong-xuan-1953-1954-va-dien-bien-phu"
NS = {"mets": "http://www.loc.gov/METS/", "premis": "http://www.loc.gov/premis/v3",
      "xlink": "http://www.w3.org/1999/xlink", "svrl": "http://purl.oclc.org/dsdl/svrl"}
SCHEMATRON = Path(metsrw.__file__).parent / "resources" / "archivematica_mets_schematron.xml"
#: Archivematica rules that do not apply to a teitools deposit: its own list of event types (which
#: lacks "information package creation", the Library of Congress term for bagging) and its three
#: agents per file (Archivematica, the organisation, the user); teitools names the agents that acted.
NOT_APPLICABLE = {"A PREMIS event MUST be of a recognized eventType.",
                  "Each amdSec MUST contain 3 digiprovMD elements that contain mdWraps of MDTYPE PREMIS:AGENT"}


@pytest.fixture(scope="module")
def bag(deposited_bag: Path) -> Path:
    return deposited_bag


def premis_objects(tree: etree._ElementTree) -> dict[str, etree._Element]:
    """PREMIS object by its file's path inside data/."""
    found = {}
    for entry in tree.iterfind(".//mets:file", NS):
        href = entry.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
        found[href] = tree.find(f"mets:amdSec[@ID='{entry.get('ADMID')}']/mets:techMD//premis:object", NS)
    return found


def events_of(tree: etree._ElementTree, entry_path: str) -> list[etree._Element]:
    entry = tree.xpath("//mets:file[mets:FLocat/@xlink:href=$p]", namespaces=NS, p=entry_path)[0]
    return tree.findall(f"mets:amdSec[@ID='{entry.get('ADMID')}']/mets:digiprovMD//premis:event", NS)


def schematron_failures(mets: Path) -> Counter[str]:
    schematron = isoschematron.Schematron(etree.parse(str(SCHEMATRON)), store_report=True)
    schematron.validate(etree.parse(str(mets)))
    texts = (" ".join(f.findtext("svrl:text", namespaces=NS).split())
             for f in schematron.validation_report.iterfind(".//svrl:failed-assert", NS))
    return Counter(text.split(" (")[0] for text in texts)


@pytest.mark.slow
def test_metsrw_reads_files_structure_and_premis_events(bag: Path) -> None:
    document = metsrw.METSDocument.fromfile(str(bag / "data" / "mets.xml"))
    items = {entry.path: entry for entry in document.all_files() if entry.type == "Item"}
    payload = {p.relative_to(bag / "data").as_posix() for p in (bag / "data").rglob("*") if p.is_file()}
    assert set(items) == payload - {"mets.xml"}
    manifest = bagit.Bag(str(bag)).entries
    tei = items[f"tei/{SLUG}.xml"]
    assert tei.checksum == manifest[f"data/tei/{SLUG}.xml"]["sha256"] and tei.checksumtype == "SHA-256"
    assert [e.event_type for e in tei.get_premis_events()] == [
        "validation", "message digest calculation", "information package creation"]
    assert {a.agent_name for a in tei.get_premis_agents()} == {"teitools", "lxml", "saxonche"}
    pdf = items[f"editions/pdf/{SLUG}.pdf"]
    assert [e.event_type for e in pdf.get_premis_events()][0] == "creation"
    assert {a.agent_name for a in pdf.get_premis_agents()} == {"teitools", "saxonche", "typst"}
    assert pdf.derived_from is tei, "an edition is read as derived from its TEI document"
    top = document.get_file(type="Directory", label=SLUG)
    assert {child.label for child in top.children} == {"tei", "schema", "editions", "reports", "ro-crate-metadata.json"}


@pytest.mark.slow
def test_archivematica_schematron_finds_nothing_that_applies(bag: Path) -> None:
    failures = schematron_failures(bag / "data" / "mets.xml")
    assert set(failures) <= NOT_APPLICABLE, failures
    tree = etree.parse(str(bag / "data" / "mets.xml"))
    # the agent-count rule fails only for the shipped schema files and the RO-Crate metadata, whose
    # only events are teitools' own
    short = [s for s in tree.iterfind("mets:amdSec", NS)
             if len(s.findall("mets:digiprovMD/mets:mdWrap[@MDTYPE='PREMIS:AGENT']", NS)) != 3]
    files = {tree.find(f".//mets:file[@ADMID='{s.get('ID')}']/mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
             for s in short}
    assert files and all(f.startswith("schema/") or f == "ro-crate-metadata.json" for f in files), files


def test_the_schematron_is_not_a_rubber_stamp(tmp_path: Path) -> None:
    broken = tmp_path / "mets.xml"
    broken.write_text('<mets:mets xmlns:mets="http://www.loc.gov/METS/"><mets:fileSec/></mets:mets>')
    assert "The mets element MUST contain a single metsHdr element." in schematron_failures(broken)


@pytest.mark.slow
def test_premis_objects_carry_fixity_size_and_pronom_format(bag: Path) -> None:
    tree = etree.parse(str(bag / "data" / "mets.xml"))
    objects = premis_objects(tree)
    manifest = bagit.Bag(str(bag)).entries
    for href, premis_object in objects.items():
        assert premis_object.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "premis:file"
        fixity = {f.findtext("premis:messageDigestAlgorithm", namespaces=NS): f.findtext("premis:messageDigest",
                                                                                         namespaces=NS)
                  for f in premis_object.iterfind(".//premis:fixity", NS)}
        assert fixity == {"SHA-256": manifest[f"data/{href}"]["sha256"],
                          "SHA-512": manifest[f"data/{href}"]["sha512"]}, href
        assert premis_object.findtext(".//premis:size", namespaces=NS) == str((bag / "data" / href).stat().st_size)
    pronom = {href: o.findtext(".//premis:formatRegistryKey", namespaces=NS) for href, o in objects.items()}
    assert pronom[f"tei/{SLUG}.xml"] == "fmt/101"
    assert pronom[f"editions/pdf/{SLUG}.pdf"] == "fmt/480"
    assert pronom[f"editions/html/{SLUG}.html"] == "fmt/471"
    assert pronom[f"editions/txt/{SLUG}.txt"] == "x-fmt/111"
    assert pronom["reports/validation.json"] == "fmt/817"
    typst = objects[f"editions/pdf/{SLUG}.pdf"].find(".//premis:creatingApplication", NS)
    assert typst.findtext("premis:creatingApplicationVersion", namespaces=NS) == importlib.metadata.version("typst")


@pytest.mark.slow
def test_premis_events_record_validation_editions_and_agents(bag: Path) -> None:
    tree = etree.parse(str(bag / "data" / "mets.xml"))
    objects = premis_objects(tree)
    validation = events_of(tree, f"tei/{SLUG}.xml")[0]
    assert validation.findtext("premis:eventType", namespaces=NS) == "validation"
    assert validation.findtext(".//premis:eventOutcome", namespaces=NS) == "success"
    report_uuid = objects["reports/validation.json"].findtext(".//premis:objectIdentifierValue", namespaces=NS)
    assert report_uuid in [e.text for e in validation.iterfind(".//premis:linkingObjectIdentifierValue", NS)]
    creation = events_of(tree, f"editions/html/{SLUG}.html")[0]
    renderer = available_renderers(formats=("html",))["html"]
    digest = stylesheet_digest(renderer.stylesheets, FileDigests())
    assert f"sha256:{digest}" in creation.findtext(".//premis:eventDetail", namespaces=NS)
    for event in tree.iterfind(".//premis:event", NS):
        assert len(event.findtext("premis:eventDateTime", namespaces=NS)) == len("2026-01-01T00:00:00Z")
    versions = {agent.findtext("premis:agentName", namespaces=NS): agent.findtext("premis:agentVersion", namespaces=NS)
                for agent in tree.iterfind(".//premis:agent", NS)}
    assert versions == {name: importlib.metadata.version(name) for name in ("lxml", "saxonche", "typst")} | \
        {"teitools": deposit.assemble.__version__}


@pytest.mark.slow
def test_event_identifiers_are_stable_for_the_same_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    identifiers = []
    for name in ("first", "second"):
        bag = deposit_documents([DOCUMENT], tmp_path / name).bags[0].path
        tree = etree.parse(str(bag / "data" / "mets.xml"))
        # every file but the RO-Crate metadata, which records when it was made (so its content differs)
        paths = [f.get(f"{{{NS['xlink']}}}href") for f in tree.iterfind(".//mets:FLocat", NS)]
        assert "ro-crate-metadata.json" in paths
        identifiers.append(sorted(e.findtext("premis:eventIdentifier/premis:eventIdentifierValue", namespaces=NS)
                                  for path in paths if path != "ro-crate-metadata.json"
                                  for e in events_of(tree, path)))
    assert identifiers[0] == identifiers[1] and len(set(identifiers[0])) == len(identifiers[0]) > 20


@pytest.mark.slow
def test_a_deposit_of_an_invalid_document_says_why_in_premis(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    invalid = ROOT / "tests" / "fixtures" / "validate" / "bad-element.xml"
    bag = deposit_documents([invalid], tmp_path, allow_invalid=True).bags[0].path
    tree = etree.parse(str(bag / "data" / "mets.xml"))
    validation = events_of(tree, "tei/bad-element.xml")[0]
    assert validation.findtext(".//premis:eventOutcome", namespaces=NS) == "failure"
    note = validation.findtext(".//premis:eventOutcomeDetailNote", namespaces=NS)
    assert "--allow-invalid" in note and "tei/bad-element.xml:" in note


@pytest.mark.slow
def test_verify_names_the_file_whose_premis_event_is_missing(bag: Path, tmp_path: Path) -> None:
    copy = tmp_path / bag.name
    shutil.copytree(bag, copy)
    mets = copy / "data" / "mets.xml"
    tree = etree.parse(str(mets))
    validation = events_of(tree, f"tei/{SLUG}.xml")[0]
    holder = validation.getparent().getparent().getparent()  # digiprovMD
    holder.getparent().remove(holder)
    tree.write(str(mets), xml_declaration=True, encoding="UTF-8")
    findings = verify_bag(copy)
    about = [d for d in findings if d.rule == "deposit.premis"]
    assert [d.file for d in about] == [str(copy / "data" / "tei" / f"{SLUG}.xml")] * len(about) and about
    assert any("'validation' is missing" in d.message for d in about)
    assert hashlib.sha256(mets.read_bytes()).hexdigest() != bagit.Bag(str(copy)).entries["data/mets.xml"]["sha256"]


@pytest.mark.parametrize(("path", "pronom"), [
    ("tei/a.xml", "fmt/101"), ("schema/teitools.xsd", "fmt/101"), ("editions/pdf/a.pdf", "fmt/480"),
    ("editions/html/a.html", "fmt/471"), ("editions/txt/a.txt", "x-fmt/111"), ("editions/epub/a.epub", "fmt/483"),
    ("reports/validation.json", "fmt/817"), ("editions/html/assets/edition.js", ""),
])
def test_formats_and_their_pronom_ids(path: str, pronom: str) -> None:
    from teitools.deposit.mets import _mime_type
    from teitools.deposit.premis import file_format

    name, _version, found = file_format(path, _mime_type(path))
    assert found == pronom and name

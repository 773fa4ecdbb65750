"""Deposit bags (teitools.deposit): BagIt + METS + Dublin Core, and their verification.

One bag is built per module (editions take seconds) with the real edition builder and
validator, and copied into each test that tampers with it.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import bagit
import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

import teitools.deposit as deposit
from teitools.deposit import check_bag, deposit_documents, safe_bag_name, verify_bag
from teitools.errors import ExitStatus, InputError

ROOT = Path(__file__).resolve().parent.parent
SHARED_METS = ROOT.parent / "shared" / "schemas" / "mets"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "deposit"
DOCUMENT = ROOT / "tei" / "dong-xuan-1953-1954-va-dien-bien-phu.xml"
SLUG = "dong-xuan-1953-1954-va-dien-bien-phu"
METS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.fixture()
def bag(deposited_bag: Path, tmp_path: Path) -> Path:
    copy = tmp_path / deposited_bag.name
    shutil.copytree(deposited_bag, copy)
    return copy


def payload_files(bag_dir: Path) -> set[str]:
    return {p.relative_to(bag_dir / "data").as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ----------------------------------------------------------------- the bag

@pytest.mark.slow
def test_bag_validates_with_bagit_and_holds_the_payload(bag: Path) -> None:
    made = bagit.Bag(str(bag))
    made.validate()
    assert set(made.algorithms) == {"sha256", "sha512"}
    files = payload_files(bag)
    assert f"tei/{SLUG}.xml" in files
    assert {"tei/registers/persons.xml", "tei/registers/places.xml", "tei/registers/organisations.xml",
            "tei/registers/events.xml"} <= files
    assert (bag / "data" / "tei" / f"{SLUG}.xml").read_bytes() == DOCUMENT.read_bytes()
    assert (bag / "data/tei/registers/places.xml").read_bytes() == (ROOT / "tei/registers/places.xml").read_bytes()
    assert {"schema/teitools.rng", "schema/teitools.xsd", "schema/teitools.sch"} <= files
    for edition, suffix in (("html", ".html"), ("txt", ".txt"), ("pdf", ".pdf")):
        assert any(f.startswith(f"editions/{edition}/") and f.endswith(suffix) for f in files), edition
    assert {"reports/validation.json", "reports/validation-junit.xml", "mets.xml"} <= files
    assert all(unicodedata.is_normalized("NFC", f) for f in files)
    report = json.loads((bag / "data/reports/validation.json").read_text(encoding="utf-8"))
    assert report["deposit"]["valid"] is True
    assert {d["file"] for d in report["documents"]} >= {f"tei/{SLUG}.xml"}


@pytest.mark.slow
def test_bag_info_comes_from_the_header(bag: Path) -> None:
    info = bagit.Bag(str(bag)).info
    assert info["Source-Organization"] == "teitools project"
    assert set(info["External-Identifier"]) == {"000_985351b66b34ee46.txt", SLUG}
    assert info["External-Description"] == "Đông – Xuân 1953 – 1954 và chiến dịch Điện Biên Phủ"
    assert info["Bag-Software-Agent"].startswith("teitools ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info["Bagging-Date"])
    assert re.fullmatch(r"\d+\.\d+", info["Payload-Oxum"])
    assert info["Validation-Status"].startswith("valid")


@pytest.mark.slow
def test_mets_is_valid_and_lists_every_payload_file(bag: Path) -> None:
    schema = xmlschema.XMLSchema(str(SHARED_METS / "mets.xsd"),
                                 locations={METS["xlink"]: str(SHARED_METS / "xlink.xsd")}, allow="sandbox")
    mets_path = bag / "data" / "mets.xml"
    tree = etree.parse(str(mets_path))
    # xmlData is lax and no PREMIS schema is at hand: xmlschema would look up xsi:type="premis:file" and fail
    checked = etree.fromstring(etree.tostring(tree))
    typed = checked.xpath("//mets:xmlData//*[@xsi:type]", namespaces={**METS, "xsi": XSI})
    assert typed
    for element in typed:
        del element.attrib[f"{{{XSI}}}type"]
    schema.validate(xmlschema.XMLResource(checked, base_url=str(bag / "data"), allow="sandbox"))
    agent = tree.find("mets:metsHdr/mets:agent", METS)
    assert tree.find("mets:metsHdr", METS).get("CREATEDATE")
    assert (agent.get("ROLE"), agent.get("TYPE"), agent.get("OTHERTYPE")) == ("CREATOR", "OTHER", "SOFTWARE")
    assert agent.findtext("mets:name", namespaces=METS).startswith("teitools ")
    dc_title = tree.findtext("mets:dmdSec/mets:mdWrap[@MDTYPE='DC']/mets:xmlData/*/{http://purl.org/dc/elements/1.1/}title",
                             namespaces=METS)
    assert dc_title == "Đông – Xuân 1953 – 1954 và chiến dịch Điện Biên Phủ"
    listed = {}
    for entry in tree.iterfind(".//mets:file", METS):
        href = entry.find("mets:FLocat", METS).get(f"{{{METS['xlink']}}}href")
        listed[href] = entry
        path = bag / "data" / href
        assert entry.get("SIZE") == str(path.stat().st_size)
        assert entry.get("CHECKSUMTYPE") == "SHA-256"
        assert entry.get("CHECKSUM") == bagit.Bag(str(bag)).entries[f"data/{href}"]["sha256"]
        assert entry.get("MIMETYPE")
    assert set(listed) == payload_files(bag) - {"mets.xml"}
    assert listed[f"tei/{SLUG}.xml"].get("MIMETYPE") == "application/tei+xml"
    groups = {group.get("USE") for group in tree.iterfind(".//mets:fileGrp", METS)}
    assert {"TEI", "registers", "schema", "edition-html", "edition-txt", "edition-pdf", "edition-epub", "reports"} <= groups
    document_div = tree.find(".//mets:structMap[@TYPE='logical']//mets:div[@TYPE='document']", METS)
    ids = {f.get("FILEID") for f in document_div.iterfind("mets:fptr", METS)}
    tied = {listed_href for listed_href, entry in listed.items() if entry.get("ID") in ids}
    assert f"tei/{SLUG}.xml" in tied
    assert {href.split("/")[1] for href in tied if href.startswith("editions/")} == {"html", "txt", "pdf", "epub"}
    assert listed[f"editions/epub/{SLUG}.epub"].get("MIMETYPE") == "application/epub+zip"


@pytest.mark.slow
def test_verify_passes_on_a_fresh_bag(bag: Path) -> None:
    assert verify_bag(bag) == []
    assert check_bag(bag).exit_status is ExitStatus.OK


# ----------------------------------------------------------------- tampering

def change_one_byte(bag: Path) -> str:
    target = bag / "data" / "tei" / "registers" / "persons.xml"
    data = bytearray(target.read_bytes())
    data[200] = ord("X") if data[200] != ord("X") else ord("Y")
    target.write_bytes(bytes(data))
    return "data/tei/registers/persons.xml"


def delete_a_file(bag: Path) -> str:
    target = next((bag / "data" / "editions" / "txt").glob("*.txt"))
    target.unlink()
    return target.relative_to(bag).as_posix()


def add_a_stray_file(bag: Path) -> str:
    (bag / "data" / "editions" / "html" / "stray.html").write_text("<p>not from teitools</p>\n")
    return "data/editions/html/stray.html"


def corrupt_a_mets_checksum(bag: Path) -> str:
    mets = bag / "data" / "mets.xml"
    text = mets.read_text(encoding="utf-8")
    entry = re.search(r'CHECKSUM="([0-9a-f]+)"[^>]*>\s*<mets:FLocat[^>]*xlink:href="(schema/teitools\.xsd)"', text)
    assert entry is not None
    wrong = ("0" if entry.group(1)[0] != "0" else "1") + entry.group(1)[1:]
    mets.write_text(text[:entry.start(1)] + wrong + text[entry.end(1):], encoding="utf-8")
    return "data/schema/teitools.xsd"


@pytest.mark.slow
@pytest.mark.parametrize(("tamper", "expected"), [
    (change_one_byte, {"deposit.checksum-mismatch", "deposit.mets-checksum"}),
    (delete_a_file, {"deposit.missing-file"}),
    (add_a_stray_file, {"deposit.stray-file", "deposit.mets-unlisted"}),
    (corrupt_a_mets_checksum, {"deposit.mets-checksum"}),
], ids=["payload-byte", "deleted-file", "stray-file", "mets-checksum"])
def test_verify_reports_each_change_per_file(bag: Path, tamper, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    relative = tamper(bag)
    findings = verify_bag(bag)
    about_file = {d.rule for d in findings if d.file == str(bag / relative)}
    assert expected <= about_file, findings
    assert all(d.layer == "deposit" and d.is_error for d in findings)
    assert check_bag(bag).exit_status is ExitStatus.FINDINGS
    if tamper is corrupt_a_mets_checksum:
        # the METS file itself changed too: the bag manifest says so, about mets.xml only
        assert {(d.rule, d.file) for d in findings if d.rule == "deposit.checksum-mismatch"} == \
            {("deposit.checksum-mismatch", str(bag / "data/mets.xml"))}
    if tamper is change_one_byte:
        assert not any(d.rule == "deposit.missing-file" for d in findings)


@pytest.mark.slow
def test_verify_reports_invalid_mets(bag: Path) -> None:
    mets = bag / "data" / "mets.xml"
    mets.write_text(mets.read_text(encoding="utf-8").replace('LOCTYPE="URL"', 'LOCTYPE="NOWHERE"', 1),
                    encoding="utf-8")
    rules = {(d.rule, d.file) for d in verify_bag(bag)}
    assert ("deposit.mets-invalid", str(mets)) in rules


@pytest.mark.slow
def test_verify_revalidates_the_tei(bag: Path) -> None:
    target = bag / "data" / "tei" / f"{SLUG}.xml"
    target.write_text(target.read_text(encoding="utf-8").replace("<body>", "<body><unknownElement/>", 1),
                      encoding="utf-8")
    findings = verify_bag(bag)
    assert any(d.rule == "deposit.tei-invalid" and d.file == str(target) and d.line > 0 for d in findings)


def test_verify_refuses_what_is_not_a_bag(tmp_path: Path) -> None:
    assert [d.rule for d in verify_bag(tmp_path)] == ["deposit.not-a-bag"]
    with pytest.raises(InputError):
        verify_bag(tmp_path / "missing")


# ----------------------------------------------------------------- safety

@pytest.mark.slow
@pytest.mark.parametrize("step", ["_copy_schemas", "copy_editions", "_write_reports"])
@pytest.mark.parametrize("failure", [RuntimeError("injected"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failure_midway_leaves_no_bag_and_no_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, failure: BaseException) -> None:
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise failure

    if step == "_write_reports":  # after the editions: keep the test fast
        monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    monkeypatch.setattr(deposit.assemble, step, fail)
    out = tmp_path / "out"
    with pytest.raises(type(failure)):
        deposit_documents([DOCUMENT], out)
    assert leftovers(out) == []


@pytest.mark.slow
def test_an_existing_bag_is_replaced_only_with_force(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    out = tmp_path / "out"
    existing = out / SLUG
    existing.mkdir(parents=True)
    (existing / "keep.txt").write_text("earlier deposit\n")
    report = deposit_documents([DOCUMENT], out)
    assert report.bags == ()
    assert [(d.rule, d.file) for d in report.diagnostics] == [("deposit.bag-exists", str(existing))]
    assert report.exit_status is ExitStatus.FINDINGS
    assert (existing / "keep.txt").read_text() == "earlier deposit\n"
    assert leftovers(out) == [SLUG]

    replaced = deposit_documents([DOCUMENT], out, force=True)
    assert replaced.exit_status is ExitStatus.OK
    assert not (existing / "keep.txt").exists()
    bagit.Bag(str(existing)).validate()
    assert leftovers(out) == [SLUG]


@pytest.mark.parametrize("name", ["..", ".", "", "../escape", "a/b", "a\\b", "/abs", ".hidden", "c:drive", "tab\there"])
def test_unsafe_bag_names_are_rejected(name: str) -> None:
    with pytest.raises(InputError):
        safe_bag_name(name)


def test_bag_names_are_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Điện-Biên-Phủ")
    assert safe_bag_name(decomposed) == unicodedata.normalize("NFC", "Điện-Biên-Phủ")


def test_a_hostile_slug_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    """A bag is named by the document's corpus slug (its file name), never by its idno; a name that
    would hide the bag (a leading dot) is refused and nothing is written."""
    source = tmp_path / "in" / ".hostile-slug.xml"
    source.parent.mkdir()
    shutil.copyfile(FIXTURES / "hostile-slug.xml", source)
    out = tmp_path / "deep" / "out"
    report = deposit_documents([source], out)
    assert [d.rule for d in report.diagnostics] == ["deposit.unsafe-name"]
    assert report.bags == ()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "deep", "deep/out", "in", "in/.hostile-slug.xml"]


@pytest.mark.slow
def test_an_invalid_document_is_refused_unless_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    invalid = ROOT / "tests" / "fixtures" / "validate" / "bad-element.xml"
    out = tmp_path / "out"
    report = deposit_documents([invalid], out)
    assert report.bags == ()
    assert report.exit_status is ExitStatus.FINDINGS
    assert any(d.file == str(invalid) and d.layer != "deposit" for d in report.diagnostics)
    assert report.diagnostics[-1].rule == "deposit.invalid-document"
    assert leftovers(out) == []

    allowed = deposit_documents([invalid], out, allow_invalid=True)
    assert len(allowed.bags) == 1 and not allowed.bags[0].valid
    bag_dir = allowed.bags[0].path
    assert bagit.Bag(str(bag_dir)).info["Validation-Status"].startswith("INVALID")
    assert json.loads((bag_dir / "data/reports/validation.json").read_text(encoding="utf-8"))["deposit"]["valid"] is False


# ----------------------------------------------------------------- command line

@pytest.mark.slow
def test_deposit_command_verifies_a_bag(bag: Path) -> None:
    from teitools.cli import cli

    if "deposit" not in cli.commands:
        pytest.skip("the deposit command is not registered in teitools.cli yet")
    assert CliRunner().invoke(cli, ["deposit", "--verify", str(bag)]).exit_code == 0
    add_a_stray_file(bag)
    result = CliRunner().invoke(cli, ["deposit", "--verify", str(bag)])
    assert result.exit_code == 1
    assert "stray.html" in result.output and "deposit.stray-file" in result.output


@pytest.mark.slow
def test_corpus_and_per_document_bags_of_a_folder(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)  # layout only: no PDFs
    per_document = deposit_documents([ROOT / "tei"], tmp_path / "each")
    assert per_document.exit_status is ExitStatus.OK, per_document.diagnostics
    assert sorted(bag.name for bag in per_document.bags) == sorted(p.stem for p in (ROOT / "tei").glob("*.xml"))
    corpus = deposit_documents([ROOT / "tei"], tmp_path / "all", corpus=True)
    assert [bag.name for bag in corpus.bags] == ["corpus"]
    bag_dir = corpus.bags[0].path
    bagit.Bag(str(bag_dir)).validate()
    assert verify_bag(bag_dir) == []
    files = payload_files(bag_dir)
    assert {f"tei/{p.name}" for p in (ROOT / "tei").glob("*.xml")} | \
        {f"tei/registers/{p.name}" for p in (ROOT / "tei" / "registers").glob("*.xml")} <= files
    tree = etree.parse(str(bag_dir / "data" / "mets.xml"))
    assert len(tree.findall("mets:dmdSec", METS)) == len(list((ROOT / "tei").glob("*.xml")))
    info = bagit.Bag(str(bag_dir)).info
    assert info["External-Description"].startswith(f"TEI edition of {len(list((ROOT / 'tei').glob('*.xml')))} documents")


# ----------------------------------------------------------------- one build for all bags

@pytest.mark.slow
def test_bags_of_a_corpus_share_one_build_and_an_up_to_date_folder_is_reused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = []
    real_build = deposit.editions.build_editions

    def recording_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        reports.append(real_build(*args, **kwargs))
        return reports[-1]

    monkeypatch.setattr(deposit.editions, "build_editions", recording_build)
    monkeypatch.setattr(deposit.editions, "EDITION_FORMATS", ("html", "txt"))  # the PDFs take long; one build either way
    editions = tmp_path / "output"
    first = deposit_documents([ROOT / "tei"], tmp_path / "each", editions=editions)
    assert first.exit_status is ExitStatus.OK, first.diagnostics
    assert len(first.bags) == 3 and len(reports) == 1
    for bag in first.bags:
        files = payload_files(bag.path)
        assert {f"editions/html/{bag.name}.html", f"editions/txt/{bag.name}.txt", "editions/html/index.html"} <= files
        assert not {f for f in files if f.startswith("editions/") and bag.name not in f
                    and f.endswith((".txt", ".pdf"))}, "another document's edition in the bag"
        index = (bag.path / "data/editions/html/index.html").read_text(encoding="utf-8")
        others = [b.name for b in first.bags if b is not bag]
        assert f'href="{bag.name}.html"' in index and not any(other in index for other in others), "a link leaves the bag"
        assert verify_bag(bag.path) == []
    again = deposit_documents([ROOT / "tei"], tmp_path / "all", corpus=True, editions=editions)
    assert again.exit_status is ExitStatus.OK and len(reports) == 2
    assert reports[1].nothing_rebuilt, "the editions folder was up to date and is reused"
    corpus_index = (again.bags[0].path / "data/editions/html/index.html").read_text(encoding="utf-8")
    assert all(f'href="{bag.name}.html"' in corpus_index for bag in first.bags)

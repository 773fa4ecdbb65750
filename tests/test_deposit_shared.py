"""The community checkers on deposits of TEI nobody in this project wrote: three GerDraCor plays
(../shared/corpora/gerdracor-sample), deposited with --allow-invalid (they follow tei_all, not
the project customization), as bags and as an OCFL root.  Editions: html and txt (the PDFs of
whole plays take minutes; the PDF edition's PREMIS and RO-Crate are tested on the project corpus)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import bagit
import metsrw
import pytest
from lxml import etree, isoschematron
from ocfl.storage_root import StorageRoot
from rocrate.rocrate import ROCrate

import teitools.deposit as deposit
from teitools.deposit import check_bag, deposit_documents
from teitools.deposit.profile import bagit_profile, profile_identifier

GERDRACOR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "gerdracor-sample"
PLAYS = ("achat-ein-april-scherz.xml", "alberti-brot.xml", "brawe-der-freygeist.xml")
SCHEMATRON = Path(metsrw.__file__).parent / "resources" / "archivematica_mets_schematron.xml"
NOT_APPLICABLE = {"A PREMIS event MUST be of a recognized eventType.",
                  "Each amdSec MUST contain 3 digiprovMD elements that contain mdWraps of MDTYPE PREMIS:AGENT"}


@pytest.fixture(scope="module")
def deposits(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    if not GERDRACOR.is_dir():
        pytest.fail(f"{GERDRACOR} is missing: the shared corpora are part of the test set-up")
    out = tmp_path_factory.mktemp("gerdracor")
    plays = [GERDRACOR / name for name in PLAYS]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(deposit.editions, "EDITION_FORMATS", ("html", "txt"))
        bags = deposit_documents(plays, out / "bags", allow_invalid=True, editions=out / "editions")
        objects = deposit_documents(plays, out / "ocfl", allow_invalid=True, editions=out / "editions",
                                    layout="ocfl")
    assert len(bags.bags) == len(objects.bags) == len(PLAYS), (bags.diagnostics, objects.diagnostics)
    return [bag.path for bag in bags.bags], out / "ocfl"


@pytest.mark.slow
def test_gerdracor_bags_pass_the_community_checkers(deposits: tuple[list[Path], Path]) -> None:
    import bagit_profile as community

    bags, _ = deposits
    schematron = isoschematron.Schematron(etree.parse(str(SCHEMATRON)), store_report=True)
    profile = community.Profile(profile_identifier(), profile=bagit_profile())
    for bag_dir in bags:
        bag = bagit.Bag(str(bag_dir))
        bag.validate()
        assert profile.validate(bag), profile.report.errors
        mets_path = bag_dir / "data" / "mets.xml"
        document = metsrw.METSDocument.fromfile(str(mets_path))
        items = [entry for entry in document.all_files() if entry.type == "Item"]
        assert len(items) == len(bag.payload_entries()) - 1  # every payload file but mets.xml
        tei = next(entry for entry in items if entry.path == f"tei/{bag_dir.name}.xml")
        validation = tei.get_premis_events()[0]
        assert validation.event_type == "validation"
        assert validation.findtext("event_outcome_information/event_outcome") == "failure"
        schematron.validate(etree.parse(str(mets_path)))
        failed = Counter(" ".join(f.findtext("{http://purl.oclc.org/dsdl/svrl}text").split()).split(" (")[0]
                         for f in schematron.validation_report.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert"))
        assert set(failed) <= NOT_APPLICABLE, failed
        crate = ROCrate(str(bag_dir / "data"))
        assert {e.id for e in crate.data_entities} == {p.removeprefix("data/") for p in bag.payload_entries()} - \
            {"ro-crate-metadata.json"}
        assert crate.root_dataset["author"], "GerDraCor plays name their authors"
        # teitools' own check: whole, and the TEI is as invalid as the bag says it is
        findings = check_bag(bag_dir).diagnostics
        assert findings and {d.rule for d in findings} == {"deposit.tei-invalid"}


@pytest.mark.slow
def test_gerdracor_ocfl_root_passes_ocfl_py(deposits: tuple[list[Path], Path]) -> None:
    _, root = deposits
    storage = StorageRoot(root=str(root))
    assert storage.validate(), storage.log
    assert storage.num_objects == storage.good_objects == len(PLAYS)
    assert {d.rule for d in check_bag(root).diagnostics} == {"deposit.tei-invalid"}

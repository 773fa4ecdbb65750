"""OCFL 1.1 deposits (``--layout ocfl``): storage root and objects checked by ocfl-py, versions
that store only changed content, --verify on objects, and updates that cannot half-happen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ocfl.storage_root import StorageRoot
from ocfl.validator import Validator

import teitools.deposit as deposit
from teitools.deposit import check_bag, deposit_documents
from teitools.deposit import ocfl as ocfl_store
from teitools.errors import ExitStatus

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "dong-xuan-1953-1954-va-dien-bien-phu"


@pytest.fixture()
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project corpus, deposited without editions (these tests are about OCFL, not PDFs)."""
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)
    folder = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", folder)
    return folder


def community_verdict(root: Path) -> None:
    """ocfl-py's validation of the storage root and of every object: no errors (warnings are listed)."""
    storage = StorageRoot(root=str(root))
    assert storage.validate(), storage.log
    assert storage.num_objects == storage.good_objects > 0
    for object_dir in (p for p in root.iterdir() if (p / "0=ocfl_object_1.1").is_file()):
        validator = Validator(log_warnings=True)
        assert validator.validate_object(str(object_dir)), str(validator.log)
        assert all(code == "W005" for code in validator.log.codes), str(validator.log)  # id not a URI


def inventory(object_dir: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((object_dir / "inventory.json").read_text(encoding="utf-8"))


def change_a_word(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("</p>", " (corrected)</p>", 1), encoding="utf-8")


@pytest.mark.slow
def test_a_storage_root_with_one_object_per_document(tmp_path: Path, sources: Path) -> None:
    root = tmp_path / "ocfl"
    report = deposit_documents([sources], root, layout="ocfl")
    assert report.exit_status is ExitStatus.OK, report.diagnostics
    assert sorted(bag.name for bag in report.bags) == sorted(p.stem for p in sources.glob("*.xml"))
    assert {bag.version for bag in report.bags} == {"v1"}
    assert (root / "0=ocfl_1.1").read_text() == "ocfl_1.1\n"
    assert json.loads((root / "ocfl_layout.json").read_text())["extension"] == "0002-flat-direct-storage-layout"
    community_verdict(root)
    state = ocfl_store.head_state(inventory(root / DOCUMENT))
    assert {f"tei/{DOCUMENT}.xml", "mets.xml", "ro-crate-metadata.json", "reports/validation.json",
            "schema/teitools.rng"} <= set(state)
    stored = root / DOCUMENT / "v1" / "content" / "tei" / f"{DOCUMENT}.xml"
    assert stored.read_bytes() == (sources / f"{DOCUMENT}.xml").read_bytes()
    assert check_bag(root / DOCUMENT).exit_status is ExitStatus.OK
    assert check_bag(root).exit_status is ExitStatus.OK
    assert not [p for p in root.iterdir() if p.name.startswith(".")], "a temporary folder was left"


@pytest.mark.slow
def test_a_changed_deposit_adds_a_version_with_only_the_changed_files(tmp_path: Path, sources: Path) -> None:
    root = tmp_path / "ocfl"
    deposit_documents([sources], root, layout="ocfl")
    again = deposit_documents([sources], root, layout="ocfl")
    assert {bag.version for bag in again.bags} == {""}, "nothing changed: no version"
    assert inventory(root / DOCUMENT)["head"] == "v1"

    change_a_word(sources / f"{DOCUMENT}.xml")
    changed = deposit_documents([sources], root, layout="ocfl")
    assert changed.exit_status is ExitStatus.OK, changed.diagnostics
    assert {bag.name: bag.version for bag in changed.bags}[DOCUMENT] == "v2"
    assert {bag.version for bag in changed.bags if bag.name != DOCUMENT} == {""}
    stored = {p.relative_to(root / DOCUMENT / "v2" / "content").as_posix()
              for p in (root / DOCUMENT / "v2" / "content").rglob("*") if p.is_file()}
    assert f"tei/{DOCUMENT}.xml" in stored and "mets.xml" in stored
    assert not any(p.startswith(("schema/", "tei/registers/")) for p in stored), stored
    data = inventory(root / DOCUMENT)
    assert data["head"] == "v2" and set(data["versions"]) == {"v1", "v2"}
    v1, v2 = (ocfl_store.head_state({**data, "head": v}) for v in ("v1", "v2"))
    assert set(v1) == set(v2) and v1["schema/teitools.rng"] == v2["schema/teitools.rng"]
    assert v1[f"tei/{DOCUMENT}.xml"] != v2[f"tei/{DOCUMENT}.xml"]
    community_verdict(root)
    assert check_bag(root / DOCUMENT).exit_status is ExitStatus.OK


@pytest.mark.slow
def test_one_object_for_the_corpus(tmp_path: Path, sources: Path) -> None:
    root = tmp_path / "ocfl"
    report = deposit_documents([sources], root, layout="ocfl", corpus=True)
    assert [bag.name for bag in report.bags] == ["corpus"]
    community_verdict(root)
    state = ocfl_store.head_state(inventory(root / "corpus"))
    assert {f"tei/{p.name}" for p in sources.glob("*.xml")} <= set(state)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["content", "inventory", "stray"])
def test_verify_names_what_is_wrong_with_an_object(tmp_path: Path, sources: Path, damage: str) -> None:
    root = tmp_path / "ocfl"
    deposit_documents([sources], root, layout="ocfl")
    object_dir = root / DOCUMENT
    if damage == "content":
        target = object_dir / "v1" / "content" / "tei" / "registers" / "persons.xml"
        target.write_bytes(target.read_bytes().replace(b"<", b" <", 1))
    elif damage == "inventory":
        target = object_dir / "inventory.json"
        target.write_text(target.read_text(encoding="utf-8").replace('"head": "v1"', '"head": "v9"'), encoding="utf-8")
    else:
        target = object_dir / "v1" / "content" / "extra.txt"
        target.write_text("not deposited\n")
    result = check_bag(object_dir)
    assert result.exit_status is ExitStatus.FINDINGS
    assert [d.file for d in result.diagnostics if d.rule == "deposit.ocfl"] == [str(target)]
    assert check_bag(root).exit_status is ExitStatus.FINDINGS
    assert not Validator().validate_object(str(object_dir)), "ocfl-py sees the damage too"


@pytest.mark.slow
def test_verify_checks_the_premis_of_the_head_version(tmp_path: Path, sources: Path) -> None:
    root = tmp_path / "ocfl"
    deposit_documents([sources], root, layout="ocfl")
    object_dir = root / DOCUMENT
    mets = object_dir / "v1" / "content" / "mets.xml"
    text = mets.read_text(encoding="utf-8")
    start = text.index("<mets:digiprovMD")  # the first event of the first file: the TEI's validation
    text = text[:start] + text[text.index("</mets:digiprovMD>", start) + len("</mets:digiprovMD>"):]
    mets.write_text(text, encoding="utf-8")
    data = inventory(object_dir)  # an inventory that agrees with the change: only PREMIS can tell
    old = ocfl_store.head_state(data)["mets.xml"]
    new = ocfl_store.sha512_of(mets)
    data["manifest"][new] = data["manifest"].pop(old)
    state = data["versions"]["v1"]["state"]
    state[new] = state.pop(old)
    for folder in (object_dir, object_dir / "v1"):
        ocfl_store._write_inventory(folder, data)
    findings = check_bag(object_dir).diagnostics
    assert ("deposit.premis", str(object_dir / "v1" / "content" / "tei" / f"{DOCUMENT}.xml")) in \
        {(d.rule, d.file) for d in findings}, findings


@pytest.mark.slow
def test_an_update_cut_off_leaves_the_previous_version_and_is_completed_next_time(
        tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "ocfl"
    deposit_documents([sources], root, layout="ocfl")
    before = (root / DOCUMENT / "inventory.json").read_bytes()
    change_a_word(sources / f"{DOCUMENT}.xml")
    real_copy = shutil.copyfile

    def full_disk(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "/v2/content/" in str(target):
            raise OSError(28, "No space left on device")
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(ocfl_store.shutil, "copyfile", full_disk)
    with pytest.raises(OSError):
        deposit_documents([sources], root, layout="ocfl")
    monkeypatch.setattr(ocfl_store.shutil, "copyfile", real_copy)
    assert (root / DOCUMENT / "inventory.json").read_bytes() == before
    assert not (root / DOCUMENT / "v2").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".")]
    community_verdict(root)

    # cut off after the version folder was renamed into the object, before the root inventory
    real_write = ocfl_store._write_inventory

    def stop_at_root(folder: Path, data: dict) -> None:  # type: ignore[type-arg]
        if folder == root / DOCUMENT:
            raise KeyboardInterrupt
        real_write(folder, data)

    monkeypatch.setattr(ocfl_store, "_write_inventory", stop_at_root)
    with pytest.raises(KeyboardInterrupt):
        deposit_documents([sources], root, layout="ocfl")
    monkeypatch.setattr(ocfl_store, "_write_inventory", real_write)
    assert inventory(root / DOCUMENT)["head"] == "v1" and (root / DOCUMENT / "v2").is_dir()
    assert check_bag(root / DOCUMENT).exit_status is ExitStatus.FINDINGS, "verify shows the unfinished update"
    finished = deposit_documents([sources], root, layout="ocfl")
    assert {bag.name: bag.version for bag in finished.bags}[DOCUMENT] == "", "v2 is completed, not made again"
    assert inventory(root / DOCUMENT)["head"] == "v2"
    community_verdict(root)


@pytest.mark.slow
def test_the_command_writes_and_verifies_an_ocfl_root(tmp_path: Path, sources: Path) -> None:
    from teitools.cli import cli

    root = tmp_path / "ocfl"
    result = CliRunner().invoke(cli, ["deposit", str(sources), "--layout", "ocfl", "-o", str(root)])
    assert result.exit_code == 0, result.output
    assert "(v1)" in result.output
    assert CliRunner().invoke(cli, ["deposit", "--verify", str(root / DOCUMENT)]).exit_code == 0
    refused = CliRunner().invoke(cli, ["deposit", str(sources), "--layout", "ocfl", "--serialize", "zip",
                                       "-o", str(root)])
    assert refused.exit_code == 2


def test_a_folder_that_is_not_a_storage_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(deposit.InputError):
        ocfl_store.ensure_storage_root(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]

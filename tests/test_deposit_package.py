"""Deposit packaging: the BagIt profile (checked by bagit-profile), serialized bags (tar.gz, zip)
with their sha256, and --verify on them."""

from __future__ import annotations

import hashlib
import json
import tarfile
import zipfile
from pathlib import Path

import bagit
import bagit_profile
import pytest
from click.testing import CliRunner

import teitools.deposit as deposit
from teitools.deposit import check_bag, deposit_documents
from teitools.deposit.profile import bagit_profile as shipped_profile
from teitools.deposit.profile import profile_identifier
from teitools.errors import ExitStatus, InputError

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "tei" / "dong-xuan-1953-1954-va-dien-bien-phu.xml"
SLUG = "dong-xuan-1953-1954-va-dien-bien-phu"
PROFILE_FILE = ROOT / "teitools" / "deposit" / "bagit-profile.json"


@pytest.fixture()
def no_editions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bags without editions: these tests are about the package, not the PDFs."""
    monkeypatch.setattr(deposit.editions, "build_editions_once", lambda *_args, **_kwargs: None)


def community_profile() -> bagit_profile.Profile:
    data = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))
    return bagit_profile.Profile(data["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=data)


def test_the_shipped_profile_is_a_bagit_profile() -> None:
    profile = community_profile()  # bagit-profile checks the profile itself when it loads it
    assert profile.url == profile_identifier() == shipped_profile()["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    assert shipped_profile()["Manifests-Required"] == ["sha512"]
    assert shipped_profile()["BagIt-Profile-Info"]["BagIt-Profile-Version"] == "1.3.0"


@pytest.mark.slow
def test_bags_follow_the_profile(tmp_path: Path, no_editions: None) -> None:
    bag_dir = deposit_documents([DOCUMENT], tmp_path).bags[0].path
    bag = bagit.Bag(str(bag_dir))
    assert bag.info["BagIt-Profile-Identifier"] == profile_identifier()
    profile = community_profile()
    assert profile.validate_serialization(str(bag_dir))
    assert profile.validate(bag), profile.report.errors
    assert check_bag(bag_dir).exit_status is ExitStatus.OK


@pytest.mark.slow
def test_verify_reports_a_bag_that_leaves_the_profile(tmp_path: Path, no_editions: None) -> None:
    bag_dir = deposit_documents([DOCUMENT], tmp_path).bags[0].path
    bag = bagit.Bag(str(bag_dir))
    del bag.info["BagIt-Profile-Identifier"]
    bag.save()  # a valid bag, but not one of the profile's
    assert not community_profile().validate(bagit.Bag(str(bag_dir)))
    findings = check_bag(bag_dir).diagnostics
    assert [(d.rule, Path(d.file).name) for d in findings] == [("deposit.bagit-profile", "bag-info.txt")]


@pytest.mark.slow
@pytest.mark.parametrize("serialization", ["tar.gz", "zip"])
def test_a_serialized_bag_has_one_top_folder_and_its_sha256(tmp_path: Path, no_editions: None,
                                                           serialization: str) -> None:
    report = deposit_documents([DOCUMENT], tmp_path, serialization=serialization)
    assert report.exit_status is ExitStatus.OK, report.diagnostics
    archive = tmp_path / f"{SLUG}.{serialization}"
    assert [bag.path for bag in report.bags] == [archive]
    assert sorted(p.name for p in tmp_path.iterdir()) == [archive.name, f"{archive.name}.sha256"]
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert (tmp_path / f"{archive.name}.sha256").read_text() == f"{digest}  {archive.name}\n"
    if serialization == "zip":
        names = zipfile.ZipFile(archive).namelist()
    else:
        names = tarfile.open(archive).getnames()
    assert {name.split("/")[0] for name in names} == {SLUG}
    assert f"{SLUG}/bagit.txt" in names and f"{SLUG}/data/mets.xml" in names
    assert community_profile().validate_serialization(str(archive))
    assert check_bag(archive).exit_status is ExitStatus.OK

    again = deposit_documents([DOCUMENT], tmp_path, serialization=serialization)
    assert [d.rule for d in again.diagnostics] == ["deposit.bag-exists"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_verify_names_a_changed_archive_and_a_changed_file_inside(tmp_path: Path, no_editions: None) -> None:
    archive = deposit_documents([DOCUMENT], tmp_path, serialization="tar.gz").bags[0].path
    (tmp_path / "unpacked").mkdir()
    with tarfile.open(archive) as opened:
        opened.extractall(tmp_path / "unpacked", filter="data")
    changed = tmp_path / "unpacked" / SLUG / "data" / "reports" / "validation.json"
    changed.write_text(changed.read_text(encoding="utf-8").replace("true", "false", 1), encoding="utf-8")
    with tarfile.open(archive, "w:gz") as rewritten:
        rewritten.add(tmp_path / "unpacked" / SLUG, SLUG)
    findings = check_bag(archive).diagnostics
    assert ("deposit.checksum-mismatch", str(archive)) in {(d.rule, d.file) for d in findings}
    assert ("deposit.checksum-mismatch", str(archive / SLUG / "data/reports/validation.json")) in \
        {(d.rule, d.file) for d in findings}


def test_an_archive_that_escapes_its_folder_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("../outside.txt", "x")
    with pytest.raises(InputError):
        check_bag(archive)
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.slow
@pytest.mark.parametrize("failure", [RuntimeError("injected"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failure_while_serializing_leaves_nothing(tmp_path: Path, no_editions: None,
                                                    monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    from teitools.deposit import serialize

    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise failure

    monkeypatch.setattr(serialize, "sha256_of", fail)
    with pytest.raises(type(failure)):
        deposit_documents([DOCUMENT], tmp_path, serialization="zip")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_serialization_is_refused(tmp_path: Path) -> None:
    from teitools.cli import cli

    result = CliRunner().invoke(cli, ["deposit", str(DOCUMENT), "-o", str(tmp_path), "--serialize", "rar"])
    assert result.exit_code == 2
    with pytest.raises(InputError):
        deposit_documents([DOCUMENT], tmp_path, serialization="rar")
    assert list(tmp_path.iterdir()) == []

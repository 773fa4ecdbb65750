"""A write the environment refuses (a full disk, a read-only file system) is the user's to fix:
the real command gives one line naming the path and exit 2, earlier outputs stay intact,
and no temporary file is left.

The disk is a small tmpfs mounted in a private mount namespace (``unshare``), so nothing
outside the test sees it and it disappears with the namespace (slow: it builds PDFs).  The
other tests simulate the full disk in the process: the flush to disk of each written file
fails with ENOSPC, as it does on a full disk.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "editions" / "corpus"

SCRIPT = r"""
set -u
disk="$1"; logs="$2"; python="$3"; corpus="$4"
mount -t tmpfs -o size=24m tmpfs "$disk" || exit 97
run() {  # run NAME ARGS...: teitools with its exit status, stdout and stderr kept in $logs
  name="$1"; shift
  "$python" -m teitools "$@" >"$logs/$name.out" 2>"$logs/$name.err"
  echo $? >"$logs/$name.status"
}
fingerprint() {  # fingerprint NAME: the checksum of every file on the disk but the filler
  (cd "$disk" && find . -path ./filler -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum) >"$logs/$1"
}
run build-ok build "$corpus" --format html,txt -o "$disk/out"
run validate-ok validate "$corpus/letters.xml" -o "$disk/report.txt"
run deposit-ok deposit "$corpus/letters.xml" --allow-invalid -o "$disk/bags"
cp -r "$corpus" "$logs/src"
run deposit-ocfl-ok deposit "$logs/src/letters.xml" --allow-invalid --layout ocfl -o "$disk/ocfl"
fingerprint before
dd if=/dev/zero of="$disk/filler" bs=64k >/dev/null 2>&1
run build-full build "$corpus" --format html,txt -o "$disk/out" --force
run validate-full validate "$corpus/letters.xml" -o "$disk/report.txt"
run deposit-full deposit "$corpus/letters.xml" --allow-invalid -o "$disk/bags" --force
run deposit-full-new deposit "$corpus/letters.xml" --allow-invalid -o "$disk/more-bags"
sed -i '0,/<\/p>/s//(changed)<\/p>/' "$logs/src/letters.xml"
run deposit-ocfl-full deposit "$logs/src/letters.xml" --allow-invalid --layout ocfl -o "$disk/ocfl"
run deposit-zip-full deposit "$corpus/letters.xml" --allow-invalid --serialize zip -o "$disk/zips"
fingerprint after-full
rm -f "$disk/filler"
mount -o remount,ro "$disk" || exit 98
run build-readonly build "$corpus" --format html,txt -o "$disk/out" --force
fingerprint after-readonly
(cd "$disk" && find . -name '*.part' -o -name '*.partial' -o -name '*.old' -o -name '.*.tmp*') >"$logs/leftovers"
"""


@pytest.fixture(scope="module")
def full_disk_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("unshare") is None:
        pytest.fail("this test needs util-linux's unshare (a Debian base package) to mount a small tmpfs")
    work = tmp_path_factory.mktemp("full-disk")
    disk, logs = work / "disk", work / "logs"
    disk.mkdir()
    logs.mkdir()
    completed = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", SCRIPT, "sh", str(disk), str(logs), sys.executable,
         str(CORPUS)],
        capture_output=True, text=True, timeout=600, check=False)
    if completed.returncode in (97, 98) or "unshare:" in completed.stderr:
        pytest.fail(f"could not mount a tmpfs in a private namespace: {completed.stderr.strip()}")
    assert completed.returncode == 0, completed.stderr
    return logs


def _status(logs: Path, name: str) -> int:
    return int((logs / f"{name}.status").read_text())


@pytest.mark.slow
def test_the_outputs_fit_before_the_disk_fills(full_disk_logs: Path) -> None:
    for name in ("build-ok", "deposit-ok", "deposit-ocfl-ok"):
        assert _status(full_disk_logs, name) == 0, (full_disk_logs / f"{name}.err").read_text()
    assert _status(full_disk_logs, "validate-ok") in (0, 1)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "path", "reason"), [
    ("build-full", "/out/", "no space left on device"),
    ("validate-full", "/report.txt", "no space left on device"),
    ("deposit-full", "/bags", "no space left on device"),
    ("deposit-full-new", "/more-bags", "no space left on device"),
    ("deposit-ocfl-full", "/ocfl", "no space left on device"),
    ("deposit-zip-full", "/zips", "no space left on device"),
    ("build-readonly", "/out/", "read-only file system"),
])
def test_a_refused_write_is_one_line_naming_the_path_and_exit_2(full_disk_logs: Path, name: str, path: str,
                                                                reason: str) -> None:
    errors = (full_disk_logs / f"{name}.err").read_text(encoding="utf-8")
    assert _status(full_disk_logs, name) == 2, errors
    assert len(errors.splitlines()) == 1, errors
    assert errors.startswith("teitools: error: cannot write ")
    assert path in errors and errors.rstrip().endswith(reason)
    assert "internal error" not in errors and "Traceback" not in errors


@pytest.mark.slow
def test_earlier_outputs_stay_intact_and_nothing_is_left_behind(full_disk_logs: Path) -> None:
    before = (full_disk_logs / "before").read_text()
    assert "./out/html/" in before and "./report.txt" in before and "./bags/" in before
    assert "./ocfl/letters/v1/inventory.json" in before
    assert (full_disk_logs / "after-full").read_text() == before
    assert (full_disk_logs / "after-readonly").read_text() == before
    assert (full_disk_logs / "leftovers").read_text() == ""


@pytest.fixture()
def disk_full_on_flush(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, flushing a written file to disk fails as on a full disk."""
    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_full_disk_during_a_build_keeps_the_previous_editions(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(CORPUS / "diary.xml"), "-f", "txt", "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = _files(out)
    request.getfixturevalue("disk_full_on_flush")
    again = CliRunner().invoke(cli, ["build", str(CORPUS / "diary.xml"), "-f", "txt", "-o", str(out), "--force"])
    assert again.exit_code == 2
    lines = again.output.strip().splitlines()
    assert lines[-1].startswith(f"teitools: error: cannot write {out}") and \
        lines[-1].endswith(": no space left on device"), again.output
    assert "internal error" not in again.output
    assert _files(out) == before  # nothing replaced, no temporary file left


@pytest.mark.slow  # validate loads the XSD even with --skip xsd (issue 9): 4-10 s
def test_a_full_disk_while_writing_a_validation_report_keeps_the_old_one(tmp_path: Path,
                                                                         disk_full_on_flush: None) -> None:
    report = tmp_path / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")
    only_wellformedness = [f"--skip={layer}" for layer in ("relaxng", "xsd", "schematron", "references", "dates",
                                                           "hygiene")]
    result = CliRunner().invoke(cli, ["validate", str(CORPUS / "diary.xml"), *only_wellformedness, "-o", str(report)])
    assert result.exit_code == 2
    assert result.output.strip() == f"teitools: error: cannot write {report}: no space left on device"
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.txt"]

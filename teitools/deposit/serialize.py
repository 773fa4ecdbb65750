"""Serialized bags (``tar.gz`` or ``zip``): one top-level folder named as the bag, written into a
hidden temporary file beside the target and renamed into place, with ``NAME.EXT.sha256``
(``sha256sum`` format) beside it; and the safe unpacking that ``--verify`` uses."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from teitools.errors import InputError
from teitools.files import file_digest

#: The serializations teitools writes, by the suffix of the archive.
SERIALIZATIONS = ("tar.gz", "zip")


def archive_suffix(path: Path) -> str | None:
    """``tar.gz`` or ``zip`` if ``path`` is named as a serialized bag, else None."""
    name = path.name.lower()
    return next((suffix for suffix in SERIALIZATIONS if name.endswith(f".{suffix}")), None)


def _files(folder: Path, top: str) -> Iterator[tuple[Path, str]]:
    """Every file below ``folder`` with its name inside the archive (``top/…``), in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            yield path, f"{top}/{path.relative_to(folder).as_posix()}"


def _write_archive(folder: Path, top: str, stream_path: Path, serialization: str) -> None:
    if serialization == "zip":
        with zipfile.ZipFile(stream_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path, name in _files(folder, top):
                archive.write(path, name)
        return
    with tarfile.open(stream_path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for path, name in _files(folder, top):
            info = archive.gettarinfo(str(path), name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as stream:
                archive.addfile(info, stream)


def sha256_of(path: Path) -> str:
    return file_digest(path, "sha256")


def serialize_bag(folder: Path, name: str, target: Path, serialization: str, *, force: bool) -> None:
    """Write the bag ``folder`` as ``target`` (``NAME.tar.gz``/``NAME.zip``, its top folder ``name``) and
    ``target.sha256`` beside it; both appear only when complete, and an existing
    pair is replaced only with ``force``."""
    if serialization not in SERIALIZATIONS:
        raise InputError(f"cannot serialize a bag as {serialization!r}: choose one of {', '.join(SERIALIZATIONS)}")
    checksum = target.with_name(target.name + ".sha256")
    if not force and (target.exists() or checksum.exists()):
        raise InputError(f"{target}: exists already; use --force to replace it")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    handle, temporary_checksum = tempfile.mkstemp(prefix=f".{checksum.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    try:
        _write_archive(folder, name, Path(temporary), serialization)
        Path(temporary_checksum).write_text(f"{sha256_of(Path(temporary))}  {target.name}\n", encoding="ascii")
        for written in (temporary, temporary_checksum):
            with open(written, "rb") as stream:
                os.fsync(stream.fileno())
            os.chmod(written, 0o644)
        os.replace(temporary, target)
        os.replace(temporary_checksum, checksum)
    except BaseException:
        for leftover in (temporary, temporary_checksum):
            Path(leftover).unlink(missing_ok=True)
        raise


def _safe_member(name: str) -> PurePosixPath:
    member = PurePosixPath(name)
    if member.is_absolute() or ".." in member.parts or not member.parts:
        raise InputError(f"the archive holds {name!r}, which would be unpacked outside its folder")
    return member


@contextmanager
def unpacked(archive: Path) -> Iterator[Path]:
    """The bag inside a serialized bag, unpacked into a temporary folder (regular files and folders
    only, none outside it) that is removed afterwards."""
    suffix = archive_suffix(archive)
    scratch = Path(tempfile.mkdtemp(prefix=".teitools-verify."))
    try:
        try:
            _extract(archive, suffix, scratch)
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InputError(f"{archive}: cannot be unpacked: {exc}") from exc
        tops = list(scratch.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise InputError(f"{archive}: a serialized bag holds one top-level folder, named as the bag")
        yield tops[0]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _extract(archive: Path, suffix: str | None, scratch: Path) -> None:
    if suffix == "zip":
        with zipfile.ZipFile(archive) as opened:
            for info in opened.infolist():
                _safe_member(info.filename)
            opened.extractall(scratch)
    elif suffix == "tar.gz":
        with tarfile.open(archive, "r:gz") as opened:
            for member in opened.getmembers():
                _safe_member(member.name)
                if not (member.isfile() or member.isdir()):
                    raise InputError(f"{archive}: {member.name!r} is a link or device, not a bag file")
            opened.extractall(scratch, filter="data")
    else:
        raise InputError(f"{archive}: not a bag folder, nor a .tar.gz or .zip serialized bag")

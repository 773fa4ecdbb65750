"""OCFL 1.1 storage: a storage root (flat direct layout, extension 0002) holding one object per
deposit (a document's, or the corpus'), whose versions hold what a bag's ``data/`` holds.

A deposit whose files are the object's head state, apart from ``mets.xml`` and
``ro-crate-metadata.json`` (which record when they were made), adds no version; otherwise it
adds one, storing only content whose SHA-512 the object does not hold yet.  A new object is
written in a hidden folder of the storage root and renamed into place; a new version is written
there too and renamed into the object, and then the root inventory is replaced.  An update cut
off between those two steps is completed from the version's own inventory the next time the
object is deposited to or checked, so the object never loses a version it shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teitools import __version__
from teitools.errors import InputError
from teitools.files import file_digest, write_atomically

ROOT_DECLARATION = "0=ocfl_1.1"
OBJECT_DECLARATION = "0=ocfl_object_1.1"
INVENTORY = "inventory.json"
INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory"
LAYOUT = "0002-flat-direct-storage-layout"
#: Files of a deposit that record when they were made: a change to them alone is no new version.
VOLATILE = frozenset({"mets.xml", "ro-crate-metadata.json"})


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """What one deposit did to an OCFL object: the version added ("" if none), files stored, reused."""

    object_dir: Path
    version: str
    stored: int
    reused: int


def is_storage_root(path: Path) -> bool:
    return (path / ROOT_DECLARATION).is_file()


def is_object(path: Path) -> bool:
    return (path / OBJECT_DECLARATION).is_file()


def ensure_storage_root(root: Path) -> None:
    """Make ``root`` an OCFL 1.1 storage root unless it is one; refuse a folder that holds other things."""
    if is_storage_root(root):
        return
    if root.exists() and any(not p.name.startswith(".") for p in root.iterdir()):
        raise InputError(f"{root}: is neither empty nor an OCFL storage root; choose an empty or new folder")
    root.mkdir(parents=True, exist_ok=True)
    # the flat direct layout has no parameters, so no extensions/ folder and config.json
    write_atomically(root / "ocfl_layout.json", _json({
        "extension": LAYOUT, "description": "Flat direct layout: each object's folder is named by its id"}))
    write_atomically(root / ROOT_DECLARATION, b"ocfl_1.1\n")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def sha512_of(path: Path) -> str:
    return file_digest(path, "sha512")


def _files(folder: Path) -> dict[str, Path]:
    """Logical path -> file, for every file below ``folder``."""
    found = {}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            found[path.relative_to(folder).as_posix()] = path
    return found


def _write_inventory(folder: Path, inventory: dict[str, Any]) -> None:
    content = _json(inventory)
    write_atomically(folder / INVENTORY, content)
    write_atomically(folder / f"{INVENTORY}.sha512", f"{hashlib.sha512(content).hexdigest()} {INVENTORY}\n".encode())


def read_inventory(folder: Path) -> dict[str, Any] | None:
    """The inventory in ``folder`` if its sidecar digest matches, else None."""
    try:
        content = (folder / INVENTORY).read_bytes()
        recorded = (folder / f"{INVENTORY}.sha512").read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if not recorded or recorded[0].lower() != hashlib.sha512(content).hexdigest():
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _version_number(name: str) -> int:
    return int(name[1:]) if name.startswith("v") and name[1:].isdigit() else 0


def recover(object_dir: Path) -> None:
    """Finish an update that was cut off after its version folder was renamed into the object: the
    newest whole version's inventory becomes the root inventory."""
    versions = sorted((p for p in object_dir.iterdir() if p.is_dir() and _version_number(p.name)),
                      key=lambda p: _version_number(p.name))
    if not versions:
        return
    root = read_inventory(object_dir)
    newest = read_inventory(versions[-1])
    if newest is not None and (root is None or root.get("head") != versions[-1].name):
        _write_inventory(object_dir, newest)


def head_state(inventory: dict[str, Any]) -> dict[str, str]:
    """Logical path -> digest in the head version."""
    state = inventory["versions"][inventory["head"]]["state"]
    return {path: digest for digest, paths in state.items() for path in paths}


def store_version(root: Path, object_id: str, payload: Path, created: str, message: str) -> StoredVersion:
    """Add the files below ``payload`` to the object ``object_id`` of the storage root ``root`` as a
    new version (creating the object), unless they are its head state but for :data:`VOLATILE`."""
    object_dir = root / object_id
    files = _files(payload)
    digests = {logical: sha512_of(path) for logical, path in files.items()}
    inventory: dict[str, Any] | None = None
    if object_dir.exists():
        if not is_object(object_dir):
            raise InputError(f"{object_dir}: exists in the storage root but is not an OCFL object")
        recover(object_dir)
        inventory = read_inventory(object_dir)
        if inventory is None:
            raise InputError(f"{object_dir}: its inventory does not match its sha512 sidecar; "
                             "check it with `teitools deposit --verify` before depositing to it")
        previous = head_state(inventory)
        stable = {p: d for p, d in digests.items() if p not in VOLATILE}
        if stable == {p: d for p, d in previous.items() if p not in VOLATILE}:
            return StoredVersion(object_dir, "", 0, len(digests))
    number = 1 if inventory is None else _version_number(inventory["head"]) + 1
    version = f"v{number}"
    manifest: dict[str, list[str]] = dict(inventory["manifest"]) if inventory else {}
    staging = Path(tempfile.mkdtemp(prefix=f".{object_id}.{version}.", suffix=".partial", dir=root))
    try:
        version_dir = staging / version
        stored = 0
        for logical, digest in digests.items():
            if digest in manifest:
                continue
            target = version_dir / "content" / logical
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(files[logical], target)
            manifest[digest] = [f"{version}/content/{logical}"]
            stored += 1
        state: dict[str, list[str]] = {}
        for logical, digest in digests.items():
            state.setdefault(digest, []).append(logical)
        versions = dict(inventory["versions"]) if inventory else {}
        versions[version] = {"created": created, "message": message, "state": state,
                             "user": {"name": f"teitools {__version__}", "address": "urn:teitools:deposit"}}
        new_inventory = {"id": object_id, "type": INVENTORY_TYPE, "digestAlgorithm": "sha512", "head": version,
                         "contentDirectory": "content", "manifest": manifest, "versions": versions}
        version_dir.mkdir(parents=True, exist_ok=True)
        _write_inventory(version_dir, new_inventory)
        if inventory is None:
            write_atomically(staging / OBJECT_DECLARATION, b"ocfl_object_1.1\n")
            _write_inventory(staging, new_inventory)
            _open_folders(staging)
            os.rename(staging, object_dir)
        else:
            _open_folders(version_dir)
            os.rename(version_dir, object_dir / version)
            _write_inventory(object_dir, new_inventory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StoredVersion(object_dir, version, stored, len(digests) - stored)


def _open_folders(folder: Path) -> None:
    """mkdtemp folders are private (0700): give them the mode of any folder teitools makes."""
    mask = os.umask(0o022)
    os.umask(mask)
    for path in (folder, *(p for p in folder.rglob("*") if p.is_dir())):
        path.chmod(0o777 & ~mask)


def object_problems(object_dir: Path) -> list[tuple[str, str]]:
    """(path relative to the object, problem) for every way the object is not whole: its inventories
    and their sidecars, every content file's SHA-512, files no manifest lists."""
    problems: list[tuple[str, str]] = []
    inventory = read_inventory(object_dir)
    if inventory is None:
        return [(INVENTORY, "the inventory is missing, not JSON, or does not match inventory.json.sha512")]
    try:
        manifest: dict[str, list[str]] = inventory["manifest"]
        versions: dict[str, Any] = inventory["versions"]
        head_state(inventory)
    except (KeyError, TypeError, AttributeError) as exc:
        return [(INVENTORY, f"the inventory lacks {exc}: not an OCFL inventory")]
    listed = {path: digest for digest, paths in manifest.items() for path in paths}
    for path, digest in sorted(listed.items()):
        file = object_dir / path
        if not file.is_file():
            problems.append((path, "listed in the inventory's manifest but missing from the object"))
        elif sha512_of(file) != digest:
            problems.append((path, "its SHA-512 differs from the inventory's manifest: its bytes have changed"))
    for name in sorted(versions):
        if read_inventory(object_dir / name) is None:
            problems.append((f"{name}/{INVENTORY}", "the version's inventory is missing or does not match its sidecar"))
        content = object_dir / name / "content"
        for logical in _files(content) if content.is_dir() else {}:
            if f"{name}/content/{logical}" not in listed:
                problems.append((f"{name}/content/{logical}", "the file is in the object but in no manifest"))
    expected = {OBJECT_DECLARATION, INVENTORY, f"{INVENTORY}.sha512", "extensions", *versions}
    for entry in sorted(object_dir.iterdir()):
        if entry.name not in expected:
            problems.append((entry.name, "not part of the object: a version the inventory does not list (an update "
                                         "cut off: deposit again to complete it) or a file put there by hand"))
    for state in versions.values():
        for digest in state.get("state", {}):
            if digest not in manifest:
                problems.append((INVENTORY, f"a version's state names content {digest[:16]}… that no manifest lists"))
    return problems


def materialize(object_dir: Path, target: Path) -> None:
    """Copy the head version's files to ``target`` under their logical paths."""
    inventory = read_inventory(object_dir)
    if inventory is None:
        raise InputError(f"{object_dir}: its inventory cannot be read")
    for logical, digest in head_state(inventory).items():
        stored = inventory["manifest"][digest][0]
        if any(".." in Path(p).parts or Path(p).is_absolute() for p in (logical, stored)):
            raise InputError(f"{object_dir}: the inventory names {logical!r}, a path outside the object")
        destination = target / logical
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(object_dir / stored, destination)

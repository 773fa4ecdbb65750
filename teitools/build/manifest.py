"""What a build was made from: ``<output>/.teitools-build.json``.

The manifest records, for every input file, its size, modification time (ns) and sha256,
and for every unit of work (one document in one format, or a format's corpus pages) the
digest of its inputs, the files it wrote, where its summary and index entries are kept
(:mod:`teitools.build.kept`) and the digest of each file XInclude brought into its document (known only once the document was read).  A rebuild decides
from ``stat()`` alone, as ninja does: a file whose size and time are unchanged keeps its
recorded sha256, and only a file whose size or time changed is read and hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teitools import __version__
from teitools.files import file_digest, write_atomically
from teitools.resources import resource_dir

MANIFEST_NAME = ".teitools-build.json"
MANIFEST_VERSION = 3  # 3: index entries kept beside the summaries (see teitools.build.kept)
#: Per-document summaries and index entries for the corpus pass, below the output folder (see teitools.build.kept).
SUMMARY_FOLDER = ".teitools-summaries"


@dataclass
class FileDigests:
    """sha256 of files, taken from the recorded ones while size and mtime_ns are unchanged."""

    recorded: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    current: dict[str, dict[str, object]] = field(default_factory=dict)

    def of(self, path: Path) -> str:
        key = str(path.absolute())
        known = self.current.get(key)
        if known is not None:
            return str(known["sha256"])
        status = path.stat()
        record = self.recorded.get(key)
        if record and record.get("size") == status.st_size and record.get("mtime_ns") == status.st_mtime_ns:
            digest = str(record["sha256"])
        else:
            digest = file_digest(path)
        self.current[key] = {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "sha256": digest}
        return digest


    def of_or_absent(self, path: Path) -> str:
        """:meth:`of`, or ``"absent"`` for a file that does not exist (an include that fell back)."""
        try:
            return self.of(path)
        except OSError:
            return ABSENT


#: The digest recorded for an included file that was missing.
ABSENT = "absent"


_IMPORT = re.compile(rb"<xsl:(?:import|include)\s+href\s*=\s*[\"']([^\"']+)[\"']")


def stylesheet_folders(stylesheets: Iterable[Path]) -> set[Path]:
    """The folders of the stylesheets and of every stylesheet they import or include (the ePub
    imports modules of the HTML format), found by following ``xsl:import``/``xsl:include``."""
    folders: set[Path] = set()
    pending = [path.resolve().parent for path in stylesheets]
    while pending:
        folder = pending.pop()
        if folder in folders or not folder.is_dir():
            continue
        folders.add(folder)
        for module in sorted(folder.glob("*.xsl")):
            for href in _IMPORT.findall(module.read_bytes()):
                pending.append((folder / href.decode("utf-8")).resolve().parent)
    return folders


def stylesheet_digest(stylesheets: Iterable[Path], files: FileDigests) -> str:
    """A digest of every file of the stylesheets' folders (those they import from included) and of
    xslt/common: what a format's output depends on."""
    folders = stylesheet_folders(stylesheets)
    common = resource_dir("xslt") / "common"
    if common.is_dir():
        folders.add(common.resolve())
    hasher = hashlib.sha256()
    for folder in sorted(folders):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(str(file.relative_to(folder.parent)).encode("utf-8") + b"\0")
            hasher.update(files.of(file).encode("ascii"))
    return hasher.hexdigest()


def inputs_digest(*parts: str) -> str:
    """One digest over the teitools version and ``parts`` (names, slugs, file digests)."""
    hasher = hashlib.sha256(__version__.encode("utf-8") + b"\0")
    for part in parts:
        hasher.update(hashlib.sha256(part.encode("utf-8")).digest())
    return hasher.hexdigest()


@dataclass
class Manifest:
    """The recorded state of an output folder, read at the start of a build and written at its end."""

    files: FileDigests
    units: dict[str, dict[str, object]]

    @classmethod
    def read(cls, output_dir: Path) -> Manifest:
        try:
            data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or data.get("teitools") != __version__:
            data = {}
        return cls(FileDigests(dict(data.get("files", {}))), dict(data.get("units", {})))

    def is_current(self, unit: str, digest: str, output_dir: Path) -> bool:
        """True if ``unit`` was made from ``digest`` and every file it wrote (and its summary and index entries)
        is still there."""
        record = self.units.get(unit)
        if not record or record.get("inputs") != digest:
            return False
        read = {**self.included(unit), **self._recorded_files(unit, "images")}
        if any(self.files.of_or_absent(Path(path)) != recorded for path, recorded in read.items()):
            return False
        outputs = record.get("outputs", [])
        summary = record.get("summary")
        index = record.get("index", [])
        return (isinstance(outputs, list) and all(os.path.isfile(output_dir / str(o)) for o in outputs)
                and (not summary or os.path.isfile(output_dir / str(summary)))
                and isinstance(index, list) and all(os.path.isfile(output_dir / str(i)) for i in index))

    def record(self, unit: str, digest: str, outputs: list[str], summary: str | None,
               included: Iterable[Path] = (), index: Sequence[str] = (), images: Iterable[Path] = ()) -> None:
        """Record what ``unit`` was made from and made: ``included``, the files XInclude brought into its
        document (they change the text, so the corpus pages too); ``index``, its kept index entries;
        ``images``, the image files it shows."""
        entry: dict[str, object] = {"inputs": digest, "outputs": outputs}
        if summary:
            entry["summary"] = summary
        if index:
            entry["index"] = list(index)
        for key, paths in (("included", included), ("images", images)):
            found = {str(path.absolute()): self.files.of_or_absent(path) for path in paths}
            if found:
                entry[key] = found
        self.units[unit] = entry

    def included(self, unit: str) -> dict[str, str]:
        """The files XInclude brought into the unit's document when it was built, with their digests."""
        return self._recorded_files(unit, "included")

    def _recorded_files(self, unit: str, key: str) -> dict[str, str]:
        record = self.units.get(unit) or {}
        found = record.get(key)
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def forget(self, unit: str) -> None:
        self.units.pop(unit, None)

    def write(self, output_dir: Path) -> None:
        payload = {"version": MANIFEST_VERSION, "teitools": __version__,
                   "files": dict(sorted(self.files.current.items())), "units": dict(sorted(self.units.items()))}
        write_atomically(output_dir / MANIFEST_NAME, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))

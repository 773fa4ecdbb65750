"""Find the document files below the paths a user named (no file is read)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from teitools.errors import InputError

#: File name endings read when a directory is given.
DOCUMENT_SUFFIXES = (".xml", ".tei")


@dataclass(frozen=True, slots=True)
class DocumentSet:
    """The documents found below the paths a user named, in a stable order."""

    documents: tuple[Path, ...]
    skipped: tuple[Path, ...] = ()


def find_documents(paths: list[Path] | tuple[Path, ...]) -> DocumentSet:
    """Expand the named paths into document files.

    A named file is always taken, whatever its name; a named directory contributes
    the ``.xml``/``.tei`` files below it (hidden folders excluded), and its other files
    are listed as skipped so that the caller can say so.  A path that does not exist
    raises :class:`InputError`.
    """
    documents: list[Path] = []
    skipped: list[Path] = []
    seen: set[str] = set()  # absolute paths, ".." folded (no symlink is followed: a stat per file is enough)
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found, others = _files_below(path)
            skipped.extend(others)
        else:
            found = [path]
        for file in found:
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                documents.append(file)
    return DocumentSet(tuple(documents), tuple(skipped))


def _files_below(directory: Path) -> tuple[list[Path], list[Path]]:
    documents: list[Path] = []
    others: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(root) / name
            (documents if name.lower().endswith(DOCUMENT_SUFFIXES) else others).append(file)
    return documents, others

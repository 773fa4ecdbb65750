"""The corpus model: which files make the corpus, which are registers, and their names and slugs.

Everything here is decided from paths alone, without reading a file, so that a build
with nothing to do and the progress bar of every command cost no parsing.

The rules, each defined once here:

* **root**: the folder named, or the deepest folder that holds every file named;
* **name**: a document's path relative to the root, with "/" ("registers/persons.xml");
* **register**: a document whose own folder is named ``registers``; the registers of
  ``<root>/registers/`` belong to the corpus even when only some documents were named
  (they resolve pointers; they are context, not editions);
* **slug**: the file name without its suffix; when several editions share it, each of them
  is named by its path instead ("letters/a.xml" -> "letters--a"), so a slug does not depend
  on the order in which files were found;
* **text slug**: each ``TEI`` of a ``teiCorpus`` file is an edition of its own, named by the
  file's slug and its number among the file's ``TEI`` elements ("letters.xml" -> "letters.1",
  "letters.2"…; see :mod:`teitools.corpus.texts`).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from teitools.corpus.find import find_documents

REGISTER_FOLDER = "registers"


def is_register(path: Path) -> bool:
    """True for a register: a document whose own folder is named ``registers``."""
    return path.absolute().parent.name == REGISTER_FOLDER


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One file of the corpus: where it is, its corpus-relative name, its slug ("" for a register)."""

    path: Path
    name: str
    slug: str
    is_register: bool
    named: bool = True  # False: a register of <root>/registers/ read as context, not named by the user


@dataclass(frozen=True)
class Corpus:
    """The documents a user named, the registers of the corpus, and the files skipped."""

    root: Path
    members: tuple[CorpusDocument, ...]
    skipped: tuple[Path, ...] = ()

    @property
    def documents(self) -> tuple[Path, ...]:
        """The files named (editions and registers), in the order found: what validation reads."""
        return tuple(member.path for member in self.members if member.named)

    @property
    def editions(self) -> tuple[CorpusDocument, ...]:
        return tuple(member for member in self.members if not member.is_register)

    @property
    def registers(self) -> tuple[CorpusDocument, ...]:
        """Every register, named or not, ordered by name."""
        return tuple(sorted((m for m in self.members if m.is_register), key=lambda m: m.name))

    @property
    def context(self) -> tuple[CorpusDocument, ...]:
        """The registers read only to resolve pointers (not named by the user)."""
        return tuple(member for member in self.members if not member.named)

    def member(self, path: Path) -> CorpusDocument | None:
        """The corpus file at ``path`` (however it is written), if it is one."""
        return self._by_path.get(path.resolve())

    @cached_property
    def _by_path(self) -> dict[Path, CorpusDocument]:
        return {member.path.resolve(): member for member in self.members}


def load_corpus(paths: list[Path] | tuple[Path, ...]) -> Corpus:
    """Find the documents below ``paths`` and the corpus registers; name and slug each once.

    Raises :class:`~teitools.errors.InputError` if a named path does not exist.
    """
    found = find_documents(list(paths))
    root = corpus_root(paths)
    named = list(found.documents)
    known = {path.resolve() for path in named}
    folder = root / REGISTER_FOLDER
    context = [p for p in find_documents([folder]).documents if p.resolve() not in known] if folder.is_dir() else []
    names = {path: corpus_relative_href(path, root) for path in (*named, *context)}
    slugs = edition_slugs([names[p] for p in named if not is_register(p)])
    members = [CorpusDocument(p, names[p], "" if is_register(p) else slugs[names[p]], is_register(p)) for p in named]
    members += [CorpusDocument(p, names[p], "", True, named=False) for p in context]
    return Corpus(root, tuple(members), found.skipped)


def edition_slugs(names: list[str]) -> dict[str, str]:
    """A unique output slug for each corpus-relative name (see the module's rules)."""
    stems = Counter(_stem(name) for name in names)
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        slug = _stem(name) if stems[_stem(name)] == 1 else name.rsplit(".", 1)[0].replace("/", "--")
        while slug in taken:
            slug += "-"
        taken.add(slug)
        slugs[name] = slug
    return slugs


def text_slug(slug: str, number: int) -> str:
    """The slug of the ``number``-th TEI text of a teiCorpus file whose slug is ``slug``."""
    return f"{slug}.{number}"


def belongs_to_edition(output_stem: str, slug: str) -> bool:
    """True if an output file named ``output_stem`` is the edition ``slug`` or one of its texts."""
    head, _, number = output_stem.rpartition(".")
    return output_stem == slug or (head == slug and number.isdigit())


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def corpus_root(paths: list[Path] | tuple[Path, ...]) -> Path:
    """The folder corpus-relative names are taken from: the folder named, or the common folder of the files."""
    folders = [os.path.abspath(p) if p.is_dir() else os.path.dirname(os.path.abspath(p)) for p in paths]
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath(folders))


def corpus_relative_href(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with "/" separators (the file name if it lies outside).

    Both are made absolute with ".." folded; symbolic links below the root are not followed,
    so that naming a corpus costs no more than listing it.
    """
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return path.name
    return PurePosixPath(Path(relative).as_posix()).as_posix()

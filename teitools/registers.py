"""The project's registers (persons, places, organisations, events) as one XSLT parameter.

A register is a TEI document whose ``standOff`` holds a list (``listPerson``,
``listPlace``, ``listOrg``, ``listEvent``…) and that has no ``text``, or any document
in a ``registers/`` folder.  Registers are inputs of every page that resolves names,
not editions themselves.

The stylesheets receive them as the ``$registers`` parameter (see
``xslt/common/parameters.xsl``)::

    <tt:registers xmlns:tt="urn:teitools">
      <TEI xmlns="http://www.tei-c.org/ns/1.0" tt:href="registers/persons.xml">…</TEI>
      …
    </tt:registers>

where ``tt:href`` is the register's path relative to the corpus root.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS
from teitools.namespaces import TEITOOLS_NS as TT_NS
REGISTER_FOLDER = "registers"
_LIST_KINDS = {f"{{{TEI_NS}}}listPerson": "person", f"{{{TEI_NS}}}listPlace": "place",
               f"{{{TEI_NS}}}listOrg": "organisation", f"{{{TEI_NS}}}listEvent": "event"}


@dataclass(frozen=True)
class Register:
    """One parsed register document and its corpus-relative path ("registers/persons.xml")."""

    href: str
    document: ParsedDocument


@dataclass(frozen=True)
class RegisterSet:
    """Every register of a corpus, in a stable order."""

    registers: tuple[Register, ...] = ()

    @cached_property
    def _tree(self) -> etree._ElementTree:
        root = etree.Element(f"{{{TT_NS}}}registers", nsmap={"tt": TT_NS})
        for register in self.registers:
            copied = copy.deepcopy(register.document.root)
            copied.set(f"{{{TT_NS}}}href", register.href)
            root.append(copied)
        return etree.ElementTree(root)

    def parameter_tree(self) -> etree._ElementTree:
        """The ``$registers`` parameter: a ``tt:registers`` element holding each register's TEI root (built once)."""
        return self._tree

    def digest(self) -> str:
        """sha256 over every register's href and bytes (an input of every page that uses registers)."""
        hasher = hashlib.sha256()
        for register in self.registers:
            hasher.update(register.href.encode("utf-8") + b"\0")
            hasher.update(hashlib.sha256(register.document.source).digest())
        return hasher.hexdigest()

    def kinds(self) -> frozenset[str]:
        """The kinds of entry the registers list: person, place, organisation, event."""
        found: set[str] = set()
        for register in self.registers:
            for element in register.document.root.iter(*_LIST_KINDS):
                found.add(_LIST_KINDS[element.tag])
        return frozenset(found)

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(register.document.path for register in self.registers)


def is_register(document: ParsedDocument, corpus_root: Path | None = None) -> bool:
    """True for a register: a document in a ``registers/`` folder, or a standOff list without a text."""
    if corpus_root is not None and REGISTER_FOLDER in corpus_relative_href(document.path, corpus_root).split("/")[:-1]:
        return True
    root = document.root
    has_text = root.find(f"{{{TEI_NS}}}text") is not None
    has_standoff = root.find(f"{{{TEI_NS}}}standOff") is not None
    return has_standoff and not has_text


def corpus_relative_href(path: Path, corpus_root: Path) -> str:
    """``path`` relative to ``corpus_root`` with "/" separators (the file name if it lies outside)."""
    try:
        return PurePosixPath(path.resolve().relative_to(corpus_root.resolve()).as_posix()).as_posix()
    except ValueError:
        return path.name

"""The project's registers (persons, places, organisations, events) as one XSLT parameter.

Which documents are registers is decided by the corpus model
(:func:`teitools.corpus.is_register`: a document in a ``registers/`` folder).  Registers
are inputs of every page that resolves names, not editions themselves.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from teitools.corpus import ParsedDocument, parse_document
from teitools.diagnostics import Diagnostic
from teitools.namespaces import TEI_NS
from teitools.namespaces import TEITOOLS_NS as TT_NS

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
    diagnostics: tuple[Diagnostic, ...] = ()  # what reading them found (a malformed register is left out)

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


def read_registers(files: Iterable[tuple[str, Path]], sources: Mapping[Path, bytes] | None = None) -> RegisterSet:
    """Parse the register files, given as (corpus-relative name, path) in the corpus order
    (from their bytes in ``sources`` when they are there)."""
    registers: list[Register] = []
    diagnostics: list[Diagnostic] = []
    for href, path in files:
        parsed = parse_document(path, name=href, source=(sources or {}).get(path))
        diagnostics.extend(parsed.diagnostics)
        if parsed.document is not None and not any(d.is_error for d in parsed.diagnostics):
            registers.append(Register(href, parsed.document))
    return RegisterSet(tuple(registers), tuple(diagnostics))

"""What the build sends to its workers and what they send back (small, picklable: paths, names, bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.diagnostics import Diagnostic

if TYPE_CHECKING:
    from teitools.render.base import RenderResult


@dataclass(frozen=True)
class DocumentTask:
    """One document and the units (format name, unit name) to render from it; paths only (trees do not pickle)."""

    path: Path
    name: str
    slug: str
    units: tuple[tuple[str, str], ...]
    xinclude: bool = False


@dataclass(frozen=True)
class CorpusTask:
    """The corpus pages of one format, from the summaries of its documents (in corpus order)."""

    unit: str
    format_name: str
    summaries: tuple[str, ...]


@dataclass(frozen=True)
class UnitOutcome:
    unit: str
    result: RenderResult
    seconds: float


@dataclass(frozen=True)
class DocumentOutcome:
    """What rendering one document gave: one outcome per unit, and what reading it (and the registers) found."""

    units: tuple[UnitOutcome, ...]
    diagnostics: tuple[Diagnostic, ...]
    #: the files XInclude brought in (inputs of every unit of the document)
    included: tuple[Path, ...] = ()

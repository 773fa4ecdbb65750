"""What goes into each bag: its name, its documents and the registers they point to."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from teitools.corpus import ParsedDocument, is_register, parse_document
from teitools.diagnostics import Diagnostic, error
from teitools.errors import InputError
from teitools.validate.references import collect_references

LAYER = "deposit"
CORPUS_BAG_NAME = "corpus"
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:]")


def safe_bag_name(name: str) -> str:
    """``name`` as a bag folder name (NFC), or :class:`InputError` if it could escape
    the output folder or hide in it: empty, ``.``/``..``, a path separator, a drive
    colon, a control character or a leading dot."""
    normalised = unicodedata.normalize("NFC", name.strip())
    if (not normalised or normalised in {".", ".."} or normalised.startswith(".")
            or _UNSAFE_NAME.search(normalised) or len(normalised.encode("utf-8")) > 200):
        raise InputError(f"{name!r} cannot be used as a bag name: it must be one plain folder name "
                         "(no '/', '\\', ':', '..', leading dot or control characters)")
    return normalised


def nfc_relative(path: PurePosixPath) -> PurePosixPath:
    parts = [unicodedata.normalize("NFC", part) for part in path.parts]
    for part in parts:
        if part in {"", ".", ".."} or _UNSAFE_NAME.search(part):
            raise InputError(f"{path}: cannot be put into a bag (unsafe file name)")
    return PurePosixPath(*parts)


@dataclass(frozen=True, slots=True)
class BagPlan:
    """What goes into one bag: documents (with their corpus slugs) and registers, relative to ``root``."""

    name: str
    root: Path
    documents: tuple[ParsedDocument, ...]
    registers: tuple[Path, ...]
    slugs: tuple[str, ...] = ()

    def files(self) -> tuple[Path, ...]:
        return tuple(d.path for d in self.documents) + self.registers

    @property
    def included(self) -> tuple[Path, ...]:
        """The files XInclude brought into the documents (those that exist), each once."""
        return tuple(dict.fromkeys(p for d in self.documents for p in d.included if p.is_file()))


@dataclass(frozen=True, slots=True)
class TeiLayout:
    """Where each source file went in ``tei/`` (paths relative to ``data/``)."""

    documents: tuple[tuple[ParsedDocument, str], ...]
    registers: tuple[str, ...]
    included: tuple[str, ...] = ()


def _pointed_files(document: ParsedDocument) -> set[Path]:
    """Local files the document points to (prefixed pointers expanded, fragments dropped)."""
    return {Path(pointer.target_path) for pointer in collect_references(document).pointers
            if pointer.kind == "relative" and pointer.target_path}


def _registers_of(documents: Iterable[ParsedDocument], root: Path,
                  known: dict[Path, ParsedDocument]) -> tuple[Path, ...]:
    """Registers (standOff files inside ``root``) the documents point to, transitively."""
    resolved_root = root.resolve()
    collected: dict[Path, None] = {}
    pending = list(documents)
    while pending:
        for candidate in sorted(_pointed_files(pending.pop())):
            resolved = candidate.resolve()
            if resolved in collected or not resolved.is_relative_to(resolved_root) or not resolved.is_file():
                continue
            register = known.get(resolved)
            if register is None:
                parsed = parse_document(candidate).document
                if parsed is None:
                    continue
                register = known[resolved] = parsed
            if is_register(register.path):
                collected[resolved] = None
                pending.append(register)
    return tuple(known[path].path for path in collected)


def _common_root(paths: Sequence[Path]) -> Path:
    return Path(os.path.commonpath([str(p.resolve().parent) for p in paths]))


def plan_bags(documents: Sequence[tuple[ParsedDocument, str]], registers: Sequence[ParsedDocument],
              corpus: bool) -> list[BagPlan]:
    """One plan per document (named by its corpus slug), or one plan for all (``corpus``)."""
    known = {d.path.resolve(): d for d in (*(d for d, _ in documents), *registers)}
    parsed = tuple(document for document, _ in documents)
    slugs = tuple(slug for _, slug in documents)
    if corpus:
        root = _common_root([d.path for d in (*parsed, *registers)])
        pointed = _registers_of(parsed, root, known)
        listed = {p.resolve() for p in pointed}
        extra = tuple(r.path for r in registers if r.path.resolve() not in listed
                      and r.path.resolve().is_relative_to(root))
        return [BagPlan(CORPUS_BAG_NAME, root, parsed, pointed + extra, slugs)]
    plans = []
    for document, slug in documents:
        root = document.path.resolve().parent
        plans.append(BagPlan(slug, root, (document,), _registers_of([document], root, known), (slug,)))
    return plans


def bag_target(plan: BagPlan, out_dir: Path, *, force: bool, serialization: str | None = None
               ) -> tuple[Path, Diagnostic | None]:
    """Where the plan's bag goes (``NAME/``, or ``NAME.tar.gz``/``NAME.zip`` when serialized), or
    why it cannot go there (unsafe name, exists)."""
    first = str(plan.documents[0].path)
    try:
        name = safe_bag_name(plan.name)
    except InputError as exc:
        return out_dir, error(first, 0, 0, LAYER, "deposit.unsafe-name", str(exc),
                              "rename the file: its name (without .xml) is the bag's name")
    target = out_dir / (f"{name}.{serialization}" if serialization else name)
    if (target.exists() or target.is_symlink()) and not force:
        return target, error(str(target), 0, 0, LAYER, "deposit.bag-exists",
                             f"the bag {target} exists already and is left as it is",
                             "choose another output folder, or use --force to replace the bag")
    return target, None

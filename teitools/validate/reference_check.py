"""Reference integrity across the set: pointers between documents and unused register entries.

Works on the :class:`~teitools.validate.references.ReferenceSummary` records the workers
return; no file is read here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from teitools.diagnostics import Diagnostic, error, warning
from teitools.validate.references import (
    DOCUMENT_SUFFIXES,
    LAYER,
    PointerRecord,
    ReferenceSummary,
    closest_hint,
    shown,
)


def check_references(summaries: Sequence[ReferenceSummary],
                     context: Sequence[ReferenceSummary] = ()) -> list[Diagnostic]:
    """Every broken pointer, duplicate id and unused register entry in the set.

    ``context`` summaries (registers read only to resolve pointers) are targets: their
    identifiers count, but their own pointers and unused entries are not reported.
    Pointers of one document into one file that is missing or not validated give one
    finding, with their number and the first place.
    """
    targets = [*context, *summaries]
    by_path = {s.path: s for s in targets}
    known_folders = {str(Path(s.path).parent) for s in targets}
    findings: list[Diagnostic] = []
    reached: set[tuple[str, str]] = set()
    for summary in summaries:
        findings.extend(summary.findings)
        reached.update((summary.path, fragment) for fragment in summary.local_targets)
        elsewhere: dict[str, list[PointerRecord]] = {}
        for pointer in summary.pointers:
            if pointer.fragment:
                reached.add((pointer.target_path, pointer.fragment))
            target = by_path.get(pointer.target_path)
            if target is None:
                elsewhere.setdefault(pointer.target_path, []).append(pointer)
            elif pointer.fragment and pointer.fragment not in target.ids:
                place = "this document" if target.path == summary.path else target.name
                findings.append(error(summary.name, pointer.line, pointer.column, LAYER, "references.unresolved-id",
                                      f"{shown(pointer)} in @{pointer.attribute}: no xml:id '{pointer.fragment}' "
                                      f"in {place}", closest_hint(pointer.fragment, target.ids)))
        for target_path, pointers in elsewhere.items():
            finding = _unchecked_file(summary, target_path, pointers, str(Path(target_path).parent) in known_folders)
            if finding is not None:
                findings.append(finding)
    if any(not s.is_register for s in summaries):
        findings.extend(_unused_entries(summaries, reached))
    return findings


def _unchecked_file(summary: ReferenceSummary, target_path: str, pointers: list[PointerRecord],
                    folder_validated: bool) -> Diagnostic | None:
    """One finding for the pointers of a document into one file outside the validated set:
    an error when the file is missing from a folder that was validated, a warning when it
    is missing elsewhere (e.g. a document checked away from its registers) or exists but
    was not named."""
    first = min(pointers, key=lambda p: (p.line, p.column))
    relative = _relative_name(target_path, summary.path)
    where = (summary.name, first.line, first.column, LAYER)
    count = f"{len(pointers)} pointers point into {relative}; the first is " if len(pointers) > 1 else ""
    if not first.target_exists:
        message = f"{count}{shown(first)} in @{first.attribute}: there is no file {relative}"
        if folder_validated:
            return error(*where, "references.unresolved-file", message,
                         "correct the file name, or add the missing document to the edition")
        return warning(*where, "references.unresolved-file", message,
                       f"validate the document together with {relative}, or correct the file name")
    if any(p.fragment for p in pointers) or target_path.lower().endswith(DOCUMENT_SUFFIXES):
        return warning(*where, "references.target-not-validated",
                       f"{count}{shown(first)} in @{first.attribute} points into {relative}, which is not among "
                       "the validated documents, so " + ("these pointers were" if count else "the pointer was")
                       + " not checked",
                       f"name {relative}, or its folder, to check {'these pointers' if count else 'this pointer'}")
    return None


def _relative_name(target: str, source: str) -> str:
    """``target`` as the pointing document would write it."""
    return Path(os.path.relpath(target, Path(source).parent)).as_posix()


def _unused_entries(summaries: Sequence[ReferenceSummary], reached: set[tuple[str, str]]) -> list[Diagnostic]:
    findings = []
    for summary in summaries:
        if not summary.is_register:
            continue
        for record in summary.identifiers:
            if record.is_entry and (summary.path, record.value) not in reached:
                findings.append(warning(
                    summary.name, record.line, record.column, LAYER, "references.unused-entry",
                    f"register entry '{record.value}' (<{record.element}>) is not referenced by any validated document",
                    "point to it from a document, or remove it (validate the whole edition to be sure)"))
    return findings

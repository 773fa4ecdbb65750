"""Validate TEI documents in layers: well-formedness, grammars, Schematron, references,
dates and text hygiene.

Every layer reports :class:`~teitools.diagnostics.Diagnostic` records and none stops the
others where they can go on: a document that is not well-formed gets only its
well-formedness findings, a well-formed one gets every layer.  Per-document layers run
in worker processes when ``jobs > 1`` (each worker compiles the schemas once); the
corpus-wide reference check runs afterwards over the summaries the workers return.

Public API: :func:`validate_paths`, :class:`ValidationOptions`, :class:`ValidationReport`,
:class:`DocumentValidator`, :func:`default_schema_files`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.corpus import Corpus, DocumentSet, load_corpus, parse_document
from teitools.diagnostics import Diagnostic, Severity
from teitools.errors import ExitStatus, InputError, SchemaError
from teitools.validate.document_validator import (
    INPUT_LAYER,
    DocumentOutcome,
    DocumentValidator,
    default_schema_files,
)

if TYPE_CHECKING:
    from teitools.cluster import ClusterOptions
    from teitools.validate.references import ReferenceSummary

# The layer modules are imported where they are used, so that importing one layer
# (e.g. in its tests) does not load saxonche, xmlschema and every other layer.

__all__ = [
    "DocumentOutcome",
    "DocumentValidator",
    "ValidationOptions",
    "ValidationReport",
    "default_schema_files",
    "find_documents_to_validate",
    "validate_documents",
    "validate_paths",
]

#: Layers a user can switch off with ``--skip``.
LAYERS = ("relaxng", "xsd", "schematron", "references", "dates", "hygiene", "registers")


@dataclass(frozen=True, slots=True)
class ValidationOptions:
    """What to validate against and how.

    ``schemas`` are ``.rng``, ``.xsd``, ``.sch`` or ``.odd`` files; empty means the
    project's own customization (its RELAX NG, XSD and Schematron).
    """

    schemas: tuple[Path, ...] = ()
    skip: frozenset[str] = frozenset()
    jobs: int = 1
    #: expand ``xi:include`` from files of each document's folder (else an include is left, with a warning)
    xinclude: bool = False
    #: validate on the workers of this Dask cluster instead of ``jobs`` local processes
    cluster: ClusterOptions | None = None


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """All findings, per document in input order, plus the corpus-wide ones."""

    documents: tuple[DocumentOutcome, ...]
    corpus_diagnostics: tuple[Diagnostic, ...] = ()
    skipped: tuple[Path, ...] = ()
    schemas: tuple[Path, ...] = field(default=())

    def findings_by_file(self) -> dict[str, list[Diagnostic]]:
        """Findings per file (documents in input order), sorted by position within each."""
        by_file: dict[str, list[Diagnostic]] = {outcome.name: list(outcome.diagnostics) for outcome in self.documents}
        for finding in self.corpus_diagnostics:
            by_file.setdefault(finding.file, []).append(finding)
        return {name: sorted(findings, key=Diagnostic.sort_key) for name, findings in by_file.items()}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every finding, grouped by file in input order, sorted by position within."""
        return [finding for findings in self.findings_by_file().values() for finding in findings]

    @property
    def invalid_count(self) -> int:
        """How many documents have at least one error."""
        return sum(1 for findings in self.findings_by_file().values() if any(f.is_error for f in findings))

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.diagnostics if finding.severity is severity)

    @property
    def exit_status(self) -> ExitStatus:
        findings = self.diagnostics
        if any(finding.layer == INPUT_LAYER for finding in findings):
            return ExitStatus.USAGE
        if any(finding.is_error for finding in findings):
            return ExitStatus.FINDINGS
        return ExitStatus.OK


def validate_paths(
    paths: Sequence[Path],
    options: ValidationOptions = ValidationOptions(),
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Validate every document found below ``paths``.

    Raises :class:`InputError` if a named path does not exist and
    :class:`SchemaError` if a schema cannot be loaded (both before any document is read).
    """
    return validate_documents(find_documents_to_validate(paths), options, progress)


def find_documents_to_validate(paths: Sequence[Path]) -> Corpus:
    """The corpus below ``paths``; a named folder without any document is an :class:`InputError`."""
    corpus = load_corpus(list(paths))
    for path in paths:
        if path.is_dir() and not any(document.is_relative_to(path) for document in corpus.documents):
            raise InputError(f"{path}: no TEI documents here (no .xml or .tei file in this folder or below)")
    return corpus


def validate_documents(
    found: DocumentSet | Corpus,
    options: ValidationOptions = ValidationOptions(),
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Validate the documents of ``found`` (see :func:`validate_paths`).

    Raises :class:`InputError` when ``found`` holds no document."""
    if not found.documents:
        raise InputError("no TEI documents to validate: the paths given hold no .xml or .tei file")
    if options.xinclude and isinstance(found, Corpus):  # parts are validated within their documents
        from teitools.corpus.xinclude import without_parts

        found = without_parts(found)
    schema_files = tuple(options.schemas or default_schema_files())
    _check_schema_files(schema_files)
    # Loading the schemas here first means an unusable schema is reported once, as an
    # error of this call, before any document is read or any worker is started.
    validator = DocumentValidator(schema_files, options.skip, xinclude=options.xinclude)
    try:
        if options.cluster is not None:
            from teitools.validate.dask_pool import validate_on_cluster

            validator.close()
            outcomes = list(validate_on_cluster(found.documents, schema_files, options.skip, options.cluster,
                                                progress, options.xinclude))
        elif options.jobs > 1 and len(found.documents) > 1:
            outcomes = list(_validate_in_pool(found.documents, validator, schema_files, options, progress))
        else:
            outcomes = list(_validate_serially(found.documents, validator, progress))
    finally:
        validator.close()
    corpus: list[Diagnostic] = []
    if "references" not in options.skip:
        from teitools.validate.reference_check import check_references

        corpus = check_references([o.references for o in outcomes if o.references is not None],
                                  _register_context(found))
    return ValidationReport(tuple(outcomes), tuple(corpus), found.skipped, schema_files)


def _register_context(found: DocumentSet | Corpus) -> list[ReferenceSummary]:
    """The corpus registers (see :mod:`teitools.corpus.model`) that are not validated
    themselves: read, safely, only so that pointers into them resolve."""
    from teitools.validate.references import collect_references

    corpus = found if isinstance(found, Corpus) or not found.documents else load_corpus(found.documents)
    summaries: list[ReferenceSummary] = []
    for register in corpus.context if isinstance(corpus, Corpus) else ():
        try:
            parsed = parse_document(register.path, _display_name(register.path)).document
        except InputError:
            continue  # an unreadable register leaves its pointers unresolved, and says so there
        if parsed is not None:
            summaries.append(collect_references(parsed))
    return summaries


def _display_name(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it (as users name files)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _validate_serially(documents: Sequence[Path], validator: DocumentValidator,
                       progress: Callable[[int], None] | None) -> Iterator[DocumentOutcome]:
    for path in documents:
        yield validator.validate(path, str(path))
        if progress:
            progress(1)


def _validate_in_pool(documents: Sequence[Path], validator: DocumentValidator, schema_files: tuple[Path, ...],
                      options: ValidationOptions, progress: Callable[[int], None] | None) -> Iterator[DocumentOutcome]:
    """Validate in ``options.jobs`` processes; outcomes come back in input order.

    Where the platform forks and no XSLT engine runs yet, the workers are forked and
    inherit ``validator`` with its compiled schemas; otherwise each worker is a fresh
    process that loads the schemas itself (saxonche must be started in its own process).
    """
    chunk = max(1, min(16, len(documents) // (options.jobs * 4)))
    if validator.can_be_forked and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        initializer, initargs = _adopt_validator, (validator,)
    else:
        validator.close()
        context = multiprocessing.get_context("spawn")
        initializer, initargs = _start_worker, (schema_files, options.skip, options.xinclude)
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=context, initializer=initializer,
                             initargs=initargs) as pool:
        for outcome in pool.map(_validate_in_worker, documents, chunksize=chunk):
            yield outcome
            if progress:
                progress(1)


def _check_schema_files(schema_files: Sequence[Path]) -> None:
    for path in schema_files:
        if path.suffix.lower() not in {".rng", ".xsd", ".sch", ".odd"}:
            raise SchemaError(f"{path}: unknown schema type; use .rng, .xsd, .sch or .odd")
        if not path.is_file():
            raise SchemaError(f"{path}: schema not found")


# Worker processes: one DocumentValidator each, created by the pool initializer.
_worker_validator: DocumentValidator | None = None


def _start_worker(schema_files: tuple[Path, ...], skip: frozenset[str], xinclude: bool = False) -> None:
    global _worker_validator
    _worker_validator = DocumentValidator(schema_files, skip, xinclude=xinclude)


def _adopt_validator(validator: DocumentValidator) -> None:
    global _worker_validator
    _worker_validator = validator


def _validate_in_worker(path: Path) -> DocumentOutcome:
    assert _worker_validator is not None, "worker started without a validator"
    return _worker_validator.validate(path, str(path))


@contextmanager
def open_validator(options: ValidationOptions) -> Iterator[DocumentValidator]:
    """A validator for callers that validate documents one by one (build, deposit)."""
    validator = DocumentValidator(options.schemas or default_schema_files(), options.skip, xinclude=options.xinclude)
    try:
        yield validator
    finally:
        validator.close()

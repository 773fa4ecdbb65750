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
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from teitools.corpus import Corpus, DocumentSet, ParsedDocument, load_corpus, parse_document
from teitools.diagnostics import Diagnostic, Severity, error
from teitools.errors import ExitStatus, InputError, SchemaError
from teitools.resources import schema_path

if TYPE_CHECKING:
    from teitools.validate.references import ReferenceSummary
    from teitools.xslt import XsltEngine

# The layer modules are imported where they are used, so that importing one layer
# (e.g. in its tests) does not load saxonche, xmlschema and every other layer.

__all__ = [
    "DocumentOutcome",
    "DocumentValidator",
    "ValidationOptions",
    "ValidationReport",
    "default_schema_files",
    "validate_documents",
    "validate_paths",
]

#: Layers a user can switch off with ``--skip``.
LAYERS = ("relaxng", "xsd", "schematron", "references", "dates", "hygiene")

INPUT_LAYER = "input"


class SchemaLayer(Protocol):
    layer: str

    def check(self, document: ParsedDocument) -> list[Diagnostic]: ...


@dataclass(frozen=True, slots=True)
class ValidationOptions:
    """What to validate against and how.

    ``schemas`` are ``.rng``, ``.xsd``, ``.sch`` or ``.odd`` files; empty means the
    project's own customization (its RELAX NG, XSD and Schematron).
    """

    schemas: tuple[Path, ...] = ()
    skip: frozenset[str] = frozenset()
    jobs: int = 1


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """The findings of the per-document layers and what the reference check needs."""

    name: str
    diagnostics: tuple[Diagnostic, ...]
    references: ReferenceSummary | None = None


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


def default_schema_files() -> tuple[Path, ...]:
    """The project customization: derived RELAX NG, XSD and Schematron."""
    return (schema_path("teitools.rng"), schema_path("teitools.xsd"), schema_path("teitools.sch"))


class DocumentValidator:
    """Validates one document at a time; holds every compiled schema of one process."""

    def __init__(self, schema_files: Sequence[Path], skip: frozenset[str] = frozenset()) -> None:
        self._skip = skip
        # saxonche is started only for Schematron: a validator without it can be forked
        self._engine: XsltEngine | None = None
        self._resources = ExitStack()
        self._schemas: list[SchemaLayer] = []
        for path in _expand_odd(schema_files, self._resources):
            schema = _load_schema(path, self._xslt_engine)
            if schema.layer not in skip:
                self._schemas.append(schema)

    def _xslt_engine(self) -> XsltEngine:
        if self._engine is None:
            from teitools.xslt import XsltEngine

            self._engine = XsltEngine()
        return self._engine

    @property
    def can_be_forked(self) -> bool:
        """True when no XSLT engine runs in this process (saxonche does not survive a fork)."""
        return self._engine is None

    def close(self) -> None:
        self._resources.close()

    def validate(self, path: Path, name: str | None = None) -> DocumentOutcome:
        display = name if name is not None else str(path)
        try:
            parsed = parse_document(path, display)
        except InputError as exc:
            reason = str(exc).removeprefix(f"{path}: ")
            return DocumentOutcome(display, (error(display, 0, 0, INPUT_LAYER, "input.unreadable", reason,
                                                   "check that the file exists and is readable"),))
        if parsed.document is None:
            return DocumentOutcome(display, parsed.diagnostics)
        from teitools.validate.dates import check_dates
        from teitools.validate.hygiene import check_text_hygiene
        from teitools.validate.references import collect_references

        document = parsed.document
        findings = list(parsed.diagnostics)
        for schema in self._schemas:
            findings.extend(self._run_layer(schema.layer, schema.check, document, display))
        if "dates" not in self._skip:
            findings.extend(self._run_layer("dates", check_dates, document, display))
        if "hygiene" not in self._skip:
            findings.extend(self._run_layer("hygiene", check_text_hygiene, document, display))
        references = collect_references(document) if "references" not in self._skip else None
        return DocumentOutcome(display, tuple(findings), references)

    @staticmethod
    def _run_layer(layer: str, check: Callable[[ParsedDocument], list[Diagnostic]],
                   document: ParsedDocument, display: str) -> list[Diagnostic]:
        try:
            return check(document)
        except SchemaError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken layer must not stop the others
            return [error(display, 0, 0, layer, f"{layer}.internal-error",
                          f"the {layer} layer failed on this document: {type(exc).__name__}: {exc}",
                          "please report this as a teitools bug, with the document")]


def validate_paths(
    paths: Sequence[Path],
    options: ValidationOptions = ValidationOptions(),
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Validate every document found below ``paths``.

    Raises :class:`InputError` if a named path does not exist and
    :class:`SchemaError` if a schema cannot be loaded (both before any document is read).
    """
    return validate_documents(load_corpus(list(paths)), options, progress)


def validate_documents(
    found: DocumentSet | Corpus,
    options: ValidationOptions = ValidationOptions(),
    progress: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Validate the documents of ``found`` (see :func:`validate_paths`)."""
    schema_files = tuple(options.schemas or default_schema_files())
    _check_schema_files(schema_files)
    # Loading the schemas here first means an unusable schema is reported once, as an
    # error of this call, before any document is read or any worker is started.
    validator = DocumentValidator(schema_files, options.skip)
    try:
        if options.jobs > 1 and len(found.documents) > 1:
            outcomes = list(_validate_in_pool(found.documents, validator, schema_files, options, progress))
        else:
            outcomes = list(_validate_serially(found.documents, validator, progress))
    finally:
        validator.close()
    corpus: list[Diagnostic] = []
    if "references" not in options.skip:
        from teitools.validate.references import check_references

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
        initializer, initargs = _start_worker, (schema_files, options.skip)
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


def _load_schema(path: Path, engine: Callable[[], XsltEngine]) -> SchemaLayer:
    suffix = path.suffix.lower()
    if suffix == ".rng":
        from teitools.validate.relaxng import RelaxNGSchema

        return RelaxNGSchema(path)
    if suffix == ".xsd":
        from teitools.validate.xsd import XsdSchema

        return XsdSchema(path)
    if suffix == ".sch":
        from teitools.validate.schematron import SchematronSchema

        return SchematronSchema(path, engine())
    raise SchemaError(f"{path}: unknown schema type; use .rng, .xsd, .sch or .odd")


def _expand_odd(schema_files: Sequence[Path], resources: ExitStack) -> list[Path]:
    """Replace each ``.odd`` by the RELAX NG, XSD and Schematron compiled from it."""
    expanded: list[Path] = []
    for path in schema_files:
        if path.suffix.lower() != ".odd":
            expanded.append(path)
            continue
        from teitools.odd import write_schemas

        folder = Path(resources.enter_context(tempfile.TemporaryDirectory(prefix="teitools-odd-")))
        expanded.extend(p for p in write_schemas(path, folder) if p.suffix in {".rng", ".xsd", ".sch"})
    return expanded


# Worker processes: one DocumentValidator each, created by the pool initializer.
_worker_validator: DocumentValidator | None = None


def _start_worker(schema_files: tuple[Path, ...], skip: frozenset[str]) -> None:
    global _worker_validator
    _worker_validator = DocumentValidator(schema_files, skip)


def _adopt_validator(validator: DocumentValidator) -> None:
    global _worker_validator
    _worker_validator = validator


def _validate_in_worker(path: Path) -> DocumentOutcome:
    assert _worker_validator is not None, "worker started without a validator"
    return _worker_validator.validate(path, str(path))


@contextmanager
def open_validator(options: ValidationOptions) -> Iterator[DocumentValidator]:
    """A validator for callers that validate documents one by one (build, deposit)."""
    validator = DocumentValidator(options.schemas or default_schema_files(), options.skip)
    try:
        yield validator
    finally:
        validator.close()

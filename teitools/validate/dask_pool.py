"""Validate documents on the workers of a Dask cluster; outcomes in input order, as the local pool gives them.

Each worker process keeps one :class:`~teitools.validate.DocumentValidator` per set of
schemas and skipped layers (loaded and compiled inside the worker on its first task).  A
task carries the document's path, its sha256 and, with ``ship_inputs``, its bytes; the
worker returns the same :class:`~teitools.validate.DocumentOutcome` as a local worker
(findings, and the summary the corpus-wide reference check needs).

The project's own customization is named by the worker from its own installation; other
schemas (``--schema``) are read by the workers at the path the client gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from teitools.cluster import (ClusterOptions, InputChanged, TaskFailure, checked_source, connect, content_digest,
                              ordered_results, worker_state)
from teitools.corpus import read_source
from teitools.diagnostics import error
from teitools.errors import InputError
from teitools.validate.document_validator import INPUT_LAYER, DocumentOutcome, DocumentValidator, default_schema_files

WORKER_FAILED_RULE = "input.worker-failed"


@dataclass(frozen=True)
class ValidateConfig:
    """What every task shares: the schemas (None: the worker's own customization), the layers skipped,
    and whether ``xi:include`` is expanded (from the worker's view of the document's folder)."""

    key: str
    schema_files: tuple[Path, ...] | None
    skip: frozenset[str]
    xinclude: bool = False


#: (path, sha256 of its bytes or "" when the client could not read it, the bytes when shipped)
ValidateItem = tuple[Path, str, bytes | None]


def validate_on_cluster(documents: Sequence[Path], schema_files: tuple[Path, ...], skip: frozenset[str],
                        options: ClusterOptions, progress: Callable[[int], None] | None = None,
                        xinclude: bool = False) -> Iterator[DocumentOutcome]:
    """Validate ``documents`` on the cluster at ``options.address``; outcomes in the order of ``documents``."""
    portable = None if schema_files == default_schema_files() else schema_files
    key = hashlib.sha256(repr((portable, sorted(skip), xinclude)).encode()).hexdigest()
    config = ValidateConfig(key, portable, skip, xinclude)
    with connect(options) as client:
        results = ordered_results(client, validate_on_worker, _items(documents, options.ship_inputs),
                                  name="validate", shared=config)
        for (path, _, _), result in results:
            if isinstance(result, TaskFailure):
                yield _failure(path, result, options.address)
            else:
                yield result  # type: ignore[misc]
            if progress:
                progress(1)


def _items(documents: Iterable[Path], ship_inputs: bool) -> Iterator[ValidateItem]:
    """Each document with its digest (and bytes, shipped); one the client cannot read goes as it is,
    and the worker reports it as a local run would."""
    for path in documents:
        try:
            source = read_source(path)
        except InputError:
            yield path, "", None
            continue
        yield path, content_digest(source), source if ship_inputs else None


def _failure(path: Path, failure: TaskFailure, address: str) -> DocumentOutcome:
    name = str(path)
    hint = "validate it again; if the workers cannot see the client's files, run with --ship-inputs"
    if failure.worker_died:
        hint = "a worker process died on this document several times: look at the workers' logs and memory"
    return DocumentOutcome(name, (error(name, 0, 0, INPUT_LAYER, WORKER_FAILED_RULE,
                                        f"could not be validated on the Dask cluster at {address}: {failure.reason}",
                                        hint),))


# --- in the worker process ---------------------------------------------------------------


def _validator(config: ValidateConfig) -> DocumentValidator:
    return DocumentValidator(config.schema_files or default_schema_files(), config.skip, xinclude=config.xinclude)


def validate_on_worker(config: ValidateConfig, item: ValidateItem) -> DocumentOutcome:
    """One document, in a Dask worker, with the process's validator for ``config`` (made on first use)."""
    validator, lock = worker_state(config.key, lambda: _validator(config), DocumentValidator.close)
    path, digest, shipped = item
    with lock:  # saxonche (Schematron) and the compiled schemas serve one task at a time
        if not digest:  # unreadable on the client: the validator says why, as in a local run
            return validator.validate(path, str(path))
        try:
            source = checked_source(path, digest, shipped)
        except InputError:
            raise InputChanged(f"{path}: the client could read this file and this worker cannot (use --ship-inputs "
                               "when the workers cannot see the client's files)") from None
        return validator.validate(path, str(path), source)

"""The rendering workers of a build: each parses a document once and renders it in every format.

A worker holds one XSLT engine (created in the worker's own process, every stylesheet
compiled once) and the registers, which it reads itself from their paths.  It returns
the rendered files and a small summary per unit; the corpus pages are rendered from the
summaries by a worker too (:meth:`RenderingWorker.render_corpus`), so the main process
never starts an XSLT engine or holds a parsed document when ``jobs > 1``.  (The search
index needs no engine: the main process merges it from the entries it kept on disk.)
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from teitools.build.tasks import CorpusTask, DocumentOutcome, DocumentTask, UnitOutcome
from teitools.corpus import edition_texts, parse_edition
from teitools.registers import RegisterSet, read_registers
from teitools.render.base import EditionSource, Renderer, RenderResult, empty_corpus, merge_results

if TYPE_CHECKING:
    from teitools.xslt import XsltEngine


@dataclass
class RenderingWorker:
    """One XSLT engine with every stylesheet of the chosen renderers, and the registers (read on first use)."""

    renderers: Mapping[str, Renderer]
    register_files: tuple[tuple[str, Path], ...]
    #: the registers' bytes by path, when they were read elsewhere (shipped to a cluster's worker)
    register_sources: Mapping[Path, bytes] | None = None
    _engine: XsltEngine | None = field(default=None, init=False)
    _registers: RegisterSet | None = field(default=None, init=False)

    @property
    def engine(self) -> XsltEngine:
        from teitools.xslt import XsltEngine

        if self._engine is None:
            self._engine = XsltEngine(tuple(dict.fromkeys(p for r in self.renderers.values() for p in r.stylesheets)))
        return self._engine

    @property
    def registers(self) -> RegisterSet:
        if self._registers is None:
            self._registers = read_registers(self.register_files, self.register_sources)
        return self._registers

    def render(self, task: DocumentTask, source: bytes | None = None) -> DocumentOutcome:
        """Render ``task``'s document, read from its path or given as ``source`` (its bytes)."""
        started = time.perf_counter()
        parsed = parse_edition(task.path, task.name, xinclude=task.xinclude, source=source)
        found = (*self.registers.diagnostics, *parsed.diagnostics)
        if parsed.document is None or any(d.is_error for d in parsed.diagnostics):
            # malformed, hostile or not TEI: reported, never transformed
            failed = RenderResult.failure()
            return DocumentOutcome(tuple(UnitOutcome(unit, failed, 0.0) for _, unit in task.units), found)
        texts = edition_texts(parsed.document.root, task.slug)
        if not texts:
            found += (empty_corpus(task.name),)
        sources = [EditionSource(task.path, task.name, text.slug, parsed.document, text.number) for text in texts]
        outcomes = []
        for format_name, unit in task.units:
            renderer = self.renderers[format_name]
            result = merge_results([renderer.render_document(self.engine, source, self.registers) for source in sources])
            outcomes.append(UnitOutcome(unit, result, time.perf_counter() - started))
            started = time.perf_counter()
        return DocumentOutcome(tuple(outcomes), found, parsed.document.included)

    def render_corpus(self, task: CorpusTask) -> UnitOutcome:
        started = time.perf_counter()
        result = self.renderers[task.format_name].render_corpus(self.engine, task.summaries, self.registers)
        return UnitOutcome(task.unit, result, time.perf_counter() - started)


_worker: RenderingWorker | None = None  # one per pool process, set by the pool initializer


def _start_worker(renderers: Mapping[str, Renderer], register_files: tuple[tuple[str, Path], ...]) -> None:
    global _worker
    _worker = RenderingWorker(renderers, register_files)


def _render_in_worker(task: DocumentTask | CorpusTask) -> DocumentOutcome | UnitOutcome:
    assert _worker is not None, "pool initializer did not run"
    return _worker.render_corpus(task) if isinstance(task, CorpusTask) else _worker.render(task)


#: Tasks a worker process renders before it is replaced by a fresh one.  The XSLT engine's heap
#: grows by about a megabyte per play rendered and is collected late; a fresh worker costs one
#: start and one compilation of the stylesheets (a fraction of a second), and keeps the memory
#: of a build the same for 100 documents or for 10 000.
TASKS_PER_WORKER = 12


class RenderingPool:
    """Renders tasks serially in this process (``jobs == 1``) or in ``jobs`` worker processes.

    Results come back in task order; at most a few tasks per worker are in flight, so the
    results waiting to be written never pile up whatever the size of the corpus.  Workers are
    started fresh (``spawn``: they inherit nothing of this process) and replaced after
    :data:`TASKS_PER_WORKER` tasks.
    """

    def __init__(self, renderers: Mapping[str, Renderer], register_files: tuple[tuple[str, Path], ...],
                 jobs: int) -> None:
        self._renderers = dict(renderers)
        self._register_files = register_files
        self._jobs = jobs
        self._serial: RenderingWorker | None = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> RenderingPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def documents(self, tasks: Sequence[DocumentTask]) -> Iterator[DocumentOutcome]:
        return self._run(tasks)  # type: ignore[return-value]

    def corpus_pages(self, tasks: Sequence[CorpusTask]) -> Iterator[UnitOutcome]:
        return self._run(tasks)  # type: ignore[return-value]

    def _run(self, tasks: Sequence[DocumentTask | CorpusTask]) -> Iterator[DocumentOutcome | UnitOutcome]:
        if not tasks:
            return iter(())
        if self._jobs <= 1 or (len(tasks) == 1 and self._pool is None):
            if self._serial is None:
                self._serial = RenderingWorker(self._renderers, self._register_files)
            worker = self._serial
            return (worker.render_corpus(t) if isinstance(t, CorpusTask) else worker.render(t) for t in tasks)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self._jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(self._renderers, self._register_files),
                                             max_tasks_per_child=TASKS_PER_WORKER)
        return _bounded_map(self._pool, _render_in_worker, tasks, window=self._jobs * 2)


T = TypeVar("T")
R = TypeVar("R")


def _bounded_map(pool: ProcessPoolExecutor, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    """``pool.map`` in order, with at most ``window`` items submitted and not yet consumed."""
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()

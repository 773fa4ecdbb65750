"""The rendering pool of a build on a Dask cluster: the same interface and the same records as
:class:`teitools.build.workers.RenderingPool`, with the workers of a cluster instead of local processes.

Each worker process keeps one :class:`~teitools.build.workers.RenderingWorker` per build
configuration (its XSLT engine created and every stylesheet compiled inside the worker, on
its first task; the registers parsed once).  A task carries the document's path, its
sha256 as the build planned with it, and, with ``ship_inputs``, its bytes; the worker
returns the rendered files as bytes and the client stages and renames them into place
(writes stay atomic, and the manifest stays the client's).  The summaries and index entries
are kept by the client too, so the corpus pages' task carries the summaries (small: no words)
and the search index is merged on the client from its own files (:mod:`teitools.build.kept`):
the workers need not see the output folder.  Results come back in task
order, so findings and files are those of a local run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.build.tasks import CorpusTask, DocumentOutcome, DocumentTask, UnitOutcome
from teitools.cluster import ClusterOptions, TaskFailure, checked_source, connect, content_digest, ordered_results
from teitools.cluster import worker_state
from teitools.diagnostics import Diagnostic, error
from teitools.files import file_digest
from teitools.render.base import Renderer, RenderResult

if TYPE_CHECKING:
    from distributed import Client

    from teitools.build.workers import RenderingWorker

WORKER_FAILED_RULE = "build.worker-failed"


@dataclass(frozen=True)
class RenderConfig:
    """What every task of one build shares, sent once to each worker.

    ``renderers`` is None when they are the ones teitools ships (the usual case): each worker
    then makes its own from ``formats``, with the stylesheets of its own installation, so
    that the workers need not install teitools at the client's path.
    """

    key: str
    formats: tuple[str, ...]
    timestamp: int | None  # written into PDFs and ePubs
    renderers: tuple[tuple[str, Renderer], ...] | None
    register_files: tuple[tuple[str, Path], ...]
    register_digests: tuple[str, ...]
    register_sources: tuple[bytes, ...] | None


#: (task, sha256 of its document or "" for corpus pages, the document's bytes when shipped)
RenderItem = tuple[DocumentTask | CorpusTask, str, bytes | None]


class ClusterRenderingPool:
    """Renders tasks on the workers of the Dask cluster at ``options.address`` (see the module docstring)."""

    def __init__(self, renderers: Mapping[str, Renderer], register_files: tuple[tuple[str, Path], ...],
                 options: ClusterOptions, digest_of: Callable[[Path], str] | None = None) -> None:
        self._renderers = dict(renderers)
        self._register_files = register_files
        self._options = options
        self._digest_of = digest_of or file_digest
        self._stack = ExitStack()
        self._client: Client | None = None
        self._config: RenderConfig | None = None

    def __enter__(self) -> ClusterRenderingPool:
        self._client = self._stack.enter_context(connect(self._options))
        self._config = self._make_config()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def documents(self, tasks: Sequence[DocumentTask]) -> Iterator[DocumentOutcome]:
        for task, result in self._run(tasks):
            if isinstance(result, TaskFailure):
                assert isinstance(task, DocumentTask)
                failed = RenderResult.failure()
                yield DocumentOutcome(tuple(UnitOutcome(unit, failed, 0.0) for _, unit in task.units),
                                      (self._failure(task.name, result),))
            else:
                yield result  # type: ignore[misc]

    def corpus_pages(self, tasks: Sequence[CorpusTask]) -> Iterator[UnitOutcome]:
        for task, result in self._run(tasks):
            if isinstance(result, TaskFailure):
                assert isinstance(task, CorpusTask)
                yield UnitOutcome(task.unit, RenderResult.failure(self._failure(task.unit, result)), 0.0)
            else:
                yield result  # type: ignore[misc]

    def _run(self, tasks: Sequence[DocumentTask | CorpusTask]
             ) -> Iterator[tuple[DocumentTask | CorpusTask, DocumentOutcome | UnitOutcome | TaskFailure]]:
        if not tasks:
            return
        assert self._client is not None, "use the pool in a with statement"
        items = (self._item(task) for task in tasks)
        for (task, _, _), result in ordered_results(self._client, render_on_worker, items, name="build",
                                                    shared=self._config):
            yield task, result

    def _item(self, task: DocumentTask | CorpusTask) -> RenderItem:
        if isinstance(task, CorpusTask):
            return task, "", None
        if self._options.ship_inputs:
            source = task.path.read_bytes()
            return task, content_digest(source), source
        return task, self._digest_of(task.path), None

    def _failure(self, name: str, failure: TaskFailure) -> Diagnostic:
        hint = ("the document is rendered again by the next build; if the workers cannot see the client's "
                "files, run with --ship-inputs")
        if failure.worker_died:
            hint = "a worker process died on this document several times: look at the workers' logs and memory"
        return error(name, 0, 0, "build", WORKER_FAILED_RULE,
                     f"could not be rendered on the Dask cluster at {self._options.address}: {failure.reason}", hint)

    def _make_config(self) -> RenderConfig:
        from teitools.build import available_renderers

        formats = tuple(self._renderers)
        timestamps = {getattr(r, "timestamp", None) for r in self._renderers.values()} - {None}
        timestamp = timestamps.pop() if len(timestamps) == 1 else None
        shipped = available_renderers(timestamp, formats)
        portable = all(shipped.get(name) == renderer for name, renderer in self._renderers.items())
        renderers = None if portable else tuple(self._renderers.items())
        paths = [path for _, path in self._register_files]
        sources = tuple(path.read_bytes() for path in paths) if self._options.ship_inputs else None
        digests = (tuple(content_digest(source) for source in sources) if sources is not None
                   else tuple(self._digest_of(path) for path in paths))
        key = hashlib.sha256(repr((formats, timestamp, renderers, self._register_files, digests)).encode()).hexdigest()
        return RenderConfig(key, formats, timestamp, renderers, self._register_files, digests, sources)


# --- in the worker process ---------------------------------------------------------------


def _rendering_worker(config: RenderConfig) -> RenderingWorker:
    from teitools.build import available_renderers
    from teitools.build.workers import RenderingWorker

    renderers = dict(config.renderers) if config.renderers is not None else available_renderers(
        config.timestamp, config.formats)
    missing = [name for name in config.formats if name not in renderers]
    if missing:
        raise RuntimeError(f"this worker has no renderer for {', '.join(missing)}")
    shipped = config.register_sources or (None,) * len(config.register_files)
    sources = {path: checked_source(path, digest, source)
               for (_, path), digest, source in zip(config.register_files, config.register_digests, shipped)}
    worker = RenderingWorker(renderers, config.register_files, register_sources=sources)
    worker.engine  # compile every stylesheet now: a stylesheet that does not compile fails the run, once
    return worker


def render_on_worker(config: RenderConfig, item: RenderItem) -> DocumentOutcome | UnitOutcome:
    """One task, in a Dask worker: the process's rendering worker for ``config`` (made on first use)."""
    worker, lock = worker_state(config.key, lambda: _rendering_worker(config))
    task, digest, shipped = item
    with lock:  # saxonche is not thread-safe: one task at a time per process
        if isinstance(task, CorpusTask):
            return worker.render_corpus(task)
        return worker.render(task, checked_source(task.path, digest, shipped))

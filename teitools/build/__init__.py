"""Build the editions of a corpus in two passes, with memory that does not grow with the corpus.

1. **Documents**: each document is parsed once, by a worker, and rendered in every chosen
   format; the worker returns the files, a small summary (title, authors, the names and
   dates of the text and where they occur) and the document's entries of the search index
   (its words).  Files, summaries and entries are staged on disk as they come
   (:mod:`.kept`), so no step holds more than a few documents.
2. **Corpus pages** (index, registers with back-links, chronology): made from the summaries,
   by a worker; then the search index, merged here from the entries' files, one shard at a time.

Registers (see :mod:`teitools.corpus.model`) are inputs of every page, not editions.  The
build is incremental: ``<output>/.teitools-build.json`` (:mod:`.manifest`) records, per unit
of work (one document in one format, or a format's corpus pages), the digest of its inputs
(document, registers, stylesheets, teitools version) and the files it wrote.  Whether an
input changed is decided from its size and mtime first, so a build with nothing to do reads
no document.

Every file is staged as a temporary file in its target's folder and all are renamed into
place when every unit is done, the manifest last: a build that fails or is interrupted leaves
the previous outputs as they were and no half-written or temporary file.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.build import kept
from teitools.build.manifest import MANIFEST_NAME, FileDigests, Manifest, inputs_digest, stylesheet_digest
from teitools.build.tasks import CorpusTask, DocumentTask, UnitOutcome
from teitools.corpus import Corpus, load_corpus, parse_edition
from teitools.diagnostics import Diagnostic, Severity
from teitools.errors import BuildError, ExitStatus
from teitools.files import StagedFiles
from teitools.registers import read_registers
from teitools.render.base import EditionSource, RenderedFile, Renderer
from teitools.xslt import XsltEngine

if TYPE_CHECKING:
    from teitools.build.dask_pool import ClusterRenderingPool
    from teitools.build.workers import RenderingPool
    from teitools.cluster import ClusterOptions

__all__ = ["BuildReport", "CorpusPages", "DEFAULT_FORMATS", "EDITION_FORMATS", "MANIFEST_NAME", "available_formats",
           "available_renderers", "build_editions", "edition_sources", "stylesheet_digest"]

DEFAULT_CORPUS = Path("tei")
DEFAULT_OUTPUT = Path("output")
#: Every edition format teitools has, in build order; the one list of them (the CLI, the deposit and
#: the build's default all read it).  pdf needs the optional typst module (see available_renderers).
EDITION_FORMATS = ("html", "txt", "pdf", "epub")
DEFAULT_FORMATS = EDITION_FORMATS

#: progress(stage, done, total): stage is "render" or "corpus".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build did: files written, units rebuilt and up to date, findings, time per unit."""

    built_files: tuple[str, ...]
    rebuilt: tuple[str, ...]
    up_to_date: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    durations: tuple[tuple[str, float], ...] = ()

    @property
    def nothing_rebuilt(self) -> bool:
        return not self.rebuilt

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.diagnostics if finding.severity is severity)

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if self.has_errors else ExitStatus.OK


def available_formats() -> tuple[str, ...]:
    """The formats teitools can build here, in the order of :data:`EDITION_FORMATS`, without making
    (or importing) a renderer: pdf only when the typst package is installed."""
    import importlib.util

    return tuple(name for name in EDITION_FORMATS if name != "pdf" or importlib.util.find_spec("typst") is not None)


def available_renderers(timestamp: int | None = None, formats: Collection[str] | None = None) -> dict[str, Renderer]:
    """The renderers teitools ships, by format name, in the order of :data:`EDITION_FORMATS`
    (pdf only when its module, which needs typst, is installed).

    ``timestamp`` (UNIX seconds) is the date written into PDFs and ePubs (reproducible builds);
    ``formats`` limits the renderers made (and the modules imported) to those named.
    """
    found: dict[str, Renderer] = {}
    for name in EDITION_FORMATS:
        if formats is not None and name not in formats:
            continue
        renderer = _make_renderer(name, timestamp)
        if renderer is not None:
            found[name] = renderer
    return found


def _make_renderer(name: str, timestamp: int | None) -> Renderer | None:
    """The renderer of one format of :data:`EDITION_FORMATS` (None: its module is not installed)."""
    if name == "html":
        from teitools.render.html import HtmlRenderer

        return HtmlRenderer()
    if name == "txt":
        from teitools.render.text import TextRenderer

        return TextRenderer()
    if name == "epub":
        from teitools.render.epub import EpubRenderer

        return EpubRenderer(timestamp=timestamp)
    try:
        from teitools.render import pdf
    except ImportError:
        return None
    from teitools.render.pdf_fonts import font_folders

    return pdf.PdfRenderer(timestamp=timestamp, font_folders=font_folders(os.environ))


@dataclass
class _Plan:
    """The units to render and the digest of every unit's inputs."""

    tasks: list[DocumentTask]
    corpus_units: list[tuple[str, Renderer]]
    digests: dict[str, str]
    up_to_date: list[str]
    #: per format, the parts of every corpus-pages digest but the files included into editions
    corpus_inputs: dict[str, list[str]] = field(default_factory=dict)


def build_editions(
    paths: Sequence[Path] | Corpus = (DEFAULT_CORPUS,),
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path = DEFAULT_OUTPUT,
    jobs: int = 1,
    progress: Progress | None = None,
    renderers: Mapping[str, Renderer] | None = None,
    force: bool = False,
    xinclude: bool = False,
    cluster: ClusterOptions | None = None,
) -> BuildReport:
    """Build the editions of a corpus (or of the documents below ``paths``) in ``formats`` into ``output_dir``.

    ``force`` renders every unit again, whatever the manifest records.  ``xinclude`` expands
    ``xi:include`` from files of each document's folder (:mod:`teitools.corpus.xinclude`); the
    files a document includes are then inputs of its units, and not editions of their own.
    With ``cluster``, the workers of that Dask cluster render instead of ``jobs`` local
    processes (same files, same findings).
    """
    known = dict(renderers) if renderers is not None else available_renderers()
    unknown = [name for name in formats if name not in known]
    if unknown:
        raise BuildError(f"unknown or unavailable edition format(s): {', '.join(unknown)} "
                         f"(available: {', '.join(sorted(known))})")
    chosen = [known[name] for name in formats]
    corpus = paths if isinstance(paths, Corpus) else load_corpus(list(paths))
    if xinclude:
        from teitools.corpus.xinclude import without_parts

        corpus = without_parts(corpus)
    manifest = Manifest.read(output_dir)
    plan = _plan(corpus, chosen, manifest, output_dir, force, xinclude)
    register_files = tuple((r.name, r.path) for r in corpus.registers)

    diagnostics: list[Diagnostic] = []
    written: list[str] = []
    rebuilt: list[str] = []
    durations: list[tuple[str, float]] = []
    fresh = kept.FreshRecords()  # this build's summaries and index entries, by unit: staged files, not texts

    def take(outcome: UnitOutcome, staged: StagedFiles, included: Sequence[Path] = (),
             more: Iterable[RenderedFile] = ()) -> None:
        """Write a unit's files and record it (the files it read besides its document: ``included`` and its images)."""
        rebuilt.append(outcome.unit)
        diagnostics.extend(outcome.result.diagnostics)
        durations.append((outcome.unit, outcome.seconds))
        outputs: list[str] = []
        for rendered_file in itertools.chain(outcome.result.files, more):  # one file at a time (``more`` is lazy)
            staged.write(output_dir / rendered_file.relative_path, rendered_file.content)
            outputs.append(rendered_file.relative_path)  # a failed unit of a teiCorpus keeps the texts that were made
        written.extend(outputs)
        if outcome.result.failed:
            manifest.forget(outcome.unit)
            return
        for stale in _previous_outputs(manifest, outcome.unit) - set(outputs):  # no longer made (fewer shards, texts)
            kept.remove_inside(staged, output_dir, stale)
        summary_path, index_paths = fresh.stage(staged, output_dir, outcome.unit, outcome.result.summary,
                                                outcome.result.index)
        manifest.record(outcome.unit, plan.digests[outcome.unit], outputs, summary_path, included, index_paths,
                        outcome.result.inputs)

    if not plan.tasks and not plan.corpus_units:  # nothing to render: no worker, no engine, nothing parsed
        if not (output_dir / MANIFEST_NAME).exists():
            manifest.write(output_dir)
        return BuildReport((), (), tuple(plan.up_to_date), ())
    with StagedFiles() as staged, _pool({r.format_name: r for r in chosen}, register_files, jobs, cluster,
                                        manifest) as pool:
        for done, document in enumerate(pool.documents(plan.tasks), start=1):
            diagnostics.extend(document.diagnostics)
            for outcome in document.units:
                take(outcome, staged, document.included)
            if progress:
                progress("render", done, len(plan.tasks))
        if xinclude:  # what the documents include is known now: the corpus pages may depend on more
            _plan_corpus_pages(corpus, chosen, manifest, output_dir, force, plan)
        corpus_tasks = [CorpusTask(unit, renderer.format_name,
                                   tuple(kept.summaries(corpus, renderer.format_name, manifest, fresh, output_dir)))
                        for unit, renderer in plan.corpus_units]
        outcomes = zip(pool.corpus_pages(corpus_tasks), plan.corpus_units)
        for done, (outcome, (_, renderer)) in enumerate(outcomes, start=1):
            index = () if outcome.result.failed else renderer.corpus_index(
                kept.index_entries(corpus, renderer.format_name, manifest, fresh, output_dir))
            take(outcome, staged, more=index)
            if progress:
                progress("corpus", done, len(corpus_tasks))
        kept.remove_departed(corpus, [r.format_name for r in chosen], manifest, staged, output_dir)
        staged.commit()

    if rebuilt or not (output_dir / MANIFEST_NAME).exists():
        manifest.write(output_dir)
    return BuildReport(
        built_files=tuple(written),
        rebuilt=tuple(rebuilt),
        up_to_date=tuple(plan.up_to_date),
        diagnostics=tuple(dict.fromkeys(diagnostics)),  # each format (and worker) finds the same things
        durations=tuple(durations),
    )


def _previous_outputs(manifest: Manifest, unit: str) -> set[str]:
    """The files ``unit`` wrote when it was last built, as the manifest records them."""
    outputs = (manifest.units.get(unit) or {}).get("outputs")
    return {str(path) for path in outputs} if isinstance(outputs, list) else set()


def _pool(renderers: Mapping[str, Renderer], register_files: tuple[tuple[str, Path], ...], jobs: int,
          cluster: ClusterOptions | None, manifest: Manifest) -> RenderingPool | ClusterRenderingPool:
    """The local pool, or the pool of the Dask cluster (imported only when there is one)."""
    if cluster is not None:
        from teitools.build.dask_pool import ClusterRenderingPool

        return ClusterRenderingPool(renderers, register_files, cluster, manifest.files.of)
    from teitools.build.workers import RenderingPool

    return RenderingPool(renderers, register_files, jobs)


def _plan(corpus: Corpus, chosen: Sequence[Renderer], manifest: Manifest, output_dir: Path, force: bool,
          xinclude: bool = False) -> _Plan:
    """Which units are out of date, decided from the manifest and file metadata (no document is parsed)."""
    files: FileDigests = manifest.files
    registers = [part for r in corpus.registers for part in (r.name, files.of(r.path))]
    editions = [(e, files.of(e.path)) for e in corpus.editions]
    options = ["xinclude"] if xinclude else []
    plan = _Plan([], [], {}, [])
    units_by_document: dict[Path, list[tuple[str, str]]] = {}
    for renderer in chosen:
        style = stylesheet_digest(renderer.stylesheets, files)
        for edition, digest in editions:
            unit = f"{renderer.format_name}:{edition.name}"
            plan.digests[unit] = inputs_digest(renderer.format_name, style, *registers, edition.name, edition.slug,
                                               digest, *options)
            if not force and manifest.is_current(unit, plan.digests[unit], output_dir):
                plan.up_to_date.append(unit)
            else:
                units_by_document.setdefault(edition.path, []).append((renderer.format_name, unit))
        plan.corpus_inputs[renderer.format_name] = [
            renderer.format_name, style, *registers, *options,
            *[part for e, digest in editions for part in (e.name, e.slug, digest)]]
    _plan_corpus_pages(corpus, chosen, manifest, output_dir, force, plan)
    plan.tasks = [DocumentTask(e.path, e.name, e.slug, tuple(units_by_document[e.path]), xinclude)
                  for e, _ in editions if e.path in units_by_document]
    return plan


def _plan_corpus_pages(corpus: Corpus, chosen: Sequence[Renderer], manifest: Manifest, output_dir: Path,
                       force: bool, plan: _Plan) -> None:
    """Whether each format's corpus pages are out of date: their inputs are the editions' (and the
    files the editions included when they were last built, as the manifest records them)."""
    for renderer in chosen:
        unit = f"{renderer.format_name}:corpus"
        included = [f"{path}={digest}" for e in corpus.editions
                    for path, digest in sorted(manifest.included(f"{renderer.format_name}:{e.name}").items())]
        plan.digests[unit] = inputs_digest(*plan.corpus_inputs[renderer.format_name], *included)
        current = not force and manifest.is_current(unit, plan.digests[unit], output_dir)
        planned = unit in (u for u, _ in plan.corpus_units)
        if current and not planned:
            if unit not in plan.up_to_date:
                plan.up_to_date.append(unit)
        elif not planned:
            plan.corpus_units.append((unit, renderer))
            if unit in plan.up_to_date:
                plan.up_to_date.remove(unit)


def edition_sources(corpus: Corpus, xinclude: bool = False) -> Iterator[EditionSource]:
    """Each well-formed edition of ``corpus``, parsed, one at a time (for tools and tests; the build parses in workers)."""
    for edition in corpus.editions:
        parsed = parse_edition(edition.path, edition.name, xinclude=xinclude)
        if parsed.document is not None and not any(d.is_error for d in parsed.diagnostics):
            yield EditionSource(edition.path, edition.name, edition.slug, parsed.document)


class CorpusPages:
    """Corpus pages of some of the editions of a built corpus, made from the summaries its build kept
    (one XSLT engine for every call): a deposit bag of one document gets pages of its own."""

    def __init__(self, corpus: Corpus, output_dir: Path, format_name: str = "html") -> None:
        self._corpus = corpus
        self._output_dir = output_dir
        self._renderer = available_renderers(formats=(format_name,))[format_name]
        self._engine: XsltEngine | None = None

    def render(self, names: Collection[str]) -> tuple[RenderedFile, ...]:
        if self._engine is None:
            self._engine = XsltEngine(self._renderer.stylesheets)
        manifest = Manifest.read(self._output_dir)
        format_name, nothing_fresh = self._renderer.format_name, kept.FreshRecords()
        summaries = tuple(kept.summaries(self._corpus, format_name, manifest, nothing_fresh, self._output_dir, names))
        registers = read_registers((r.name, r.path) for r in self._corpus.registers)
        pages = self._renderer.render_corpus(self._engine, summaries, registers).files
        entries = kept.index_entries(self._corpus, format_name, manifest, nothing_fresh, self._output_dir, names)
        return (*pages, *self._renderer.corpus_index(entries))

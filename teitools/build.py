"""Build the editions of a corpus: find → parse → render per document → corpus pages → atomic writes.

Registers (documents of a ``registers/`` folder, or standOff lists without a text) are
inputs of every page, not editions.  The build is incremental: ``<output>/.teitools-build.json``
records, per unit of work (one document in one format, or the corpus pages of a format),
the sha256 of its inputs (document bytes, register bytes, stylesheet bytes, teitools
version) and the files it wrote; a unit whose inputs did not change is not rendered again.

Every file is staged as a temporary file in its target's folder (fsync) as soon as its unit
is rendered, and all are renamed into place (``os.replace``) when every unit is done, the
manifest last: a build that fails or is interrupted leaves the previous outputs as they
were and no half-written or temporary file, and nothing is held in memory meanwhile.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from teitools import __version__
from teitools.corpus import find_documents, parse_document
from teitools.diagnostics import Diagnostic, Severity
from teitools.errors import ExitStatus
from teitools.files import StagedFiles, write_atomically
from teitools.registers import Register, RegisterSet, corpus_relative_href, is_register, REGISTER_FOLDER
from teitools.render.base import EditionSource, Renderer, RenderResult
from teitools.resources import resource_dir
from teitools.xslt import XsltEngine

MANIFEST_NAME = ".teitools-build.json"
MANIFEST_VERSION = 1
DEFAULT_CORPUS = Path("tei")
DEFAULT_OUTPUT = Path("output")
DEFAULT_FORMATS = ("html", "txt", "pdf")

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


@dataclass(frozen=True)
class _Corpus:
    root: Path
    sources: tuple[EditionSource, ...]
    registers: RegisterSet
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Task:
    """One document in one format, as sent to a worker (paths only: lxml trees do not pickle)."""

    unit: str
    format_name: str
    path: Path
    name: str
    slug: str


def available_renderers(pdf_timestamp: int | None = None) -> dict[str, Renderer]:
    """The renderers teitools ships, by format name (pdf only when its module is installed).

    ``pdf_timestamp`` (UNIX seconds) is the creation date written into PDFs (reproducible builds).
    """
    from teitools.render.html import HtmlRenderer
    from teitools.render.text import TextRenderer

    found: dict[str, Renderer] = {"html": HtmlRenderer(), "txt": TextRenderer()}
    try:
        from teitools.render import pdf  # the PDF engineer's module
    except ImportError:
        return found
    renderer_class = getattr(pdf, "PdfRenderer", None)
    if renderer_class is not None:
        found["pdf"] = renderer_class(timestamp=pdf_timestamp)
    return found


def build_editions(
    paths: Sequence[Path] = (DEFAULT_CORPUS,),
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path = DEFAULT_OUTPUT,
    jobs: int = 1,
    progress: Progress | None = None,
    renderers: Mapping[str, Renderer] | None = None,
    force: bool = False,
) -> BuildReport:
    """Build the editions of the documents below ``paths`` in ``formats`` into ``output_dir``.

    ``force`` renders every unit again, whatever the manifest records.
    """
    known = dict(renderers) if renderers is not None else available_renderers()
    chosen = [known[name] for name in formats if name in known]
    unknown = [name for name in formats if name not in known]
    if unknown:
        from teitools.errors import BuildError
        raise BuildError(f"unknown or unavailable edition format(s): {', '.join(unknown)} "
                         f"(available: {', '.join(sorted(known))})")
    corpus = load_corpus(paths)
    manifest = _read_manifest(output_dir)
    recorded: dict[str, dict[str, object]] = dict(manifest.get("units", {}))
    stylesheet_digests = {r.format_name: stylesheet_digest(r.stylesheets) for r in chosen}

    tasks: list[_Task] = []
    unit_inputs: dict[str, str] = {}
    up_to_date: list[str] = []
    for renderer in chosen:
        for source in corpus.sources:
            unit = f"{renderer.format_name}:{source.name}"
            digest = _digest(renderer.format_name, stylesheet_digests[renderer.format_name],
                             corpus.registers.digest(), source.slug, source.document.source)
            unit_inputs[unit] = digest
            if not force and _is_current(recorded.get(unit), digest, output_dir):
                up_to_date.append(unit)
            else:
                tasks.append(_Task(unit, renderer.format_name, source.path, source.name, source.slug))

    corpus_units: list[tuple[str, Renderer]] = []
    for renderer in chosen:
        unit = f"{renderer.format_name}:corpus"
        digest = _digest(renderer.format_name, stylesheet_digests[renderer.format_name], corpus.registers.digest(),
                         *[part for s in corpus.sources for part in (s.name, s.slug, s.document.source)])
        unit_inputs[unit] = digest
        if not force and _is_current(recorded.get(unit), digest, output_dir):
            up_to_date.append(unit)
        else:
            corpus_units.append((unit, renderer))
    # Each unit's files are staged on disk as soon as the unit is rendered (a large corpus is
    # never held in memory as output) and put in place together at the end: a build that
    # fails or is interrupted changes nothing.
    rendered = _render_documents(tasks, {r.format_name: r for r in chosen}, corpus, jobs, progress)
    results = itertools.chain(zip((t.unit for t in tasks), rendered),
                              _render_corpus_pages(corpus_units, corpus, progress))
    diagnostics = list(corpus.diagnostics)
    written: list[str] = []
    rebuilt: list[str] = []
    durations: list[tuple[str, float]] = []
    with StagedFiles() as staged:
        for unit, (result, seconds) in results:
            rebuilt.append(unit)
            diagnostics.extend(result.diagnostics)
            durations.append((unit, seconds))
            if result.failed:
                recorded.pop(unit, None)
                continue
            for rendered_file in result.files:
                staged.write(output_dir / rendered_file.relative_path, rendered_file.content)
                written.append(rendered_file.relative_path)
            recorded[unit] = {"inputs": unit_inputs[unit], "outputs": [f.relative_path for f in result.files]}
        staged.commit()

    if rebuilt or not (output_dir / MANIFEST_NAME).exists():
        manifest_bytes = json.dumps({"version": MANIFEST_VERSION, "teitools": __version__,
                                     "units": dict(sorted(recorded.items()))},
                                    ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(output_dir / MANIFEST_NAME, manifest_bytes)
    return BuildReport(
        built_files=tuple(written),
        rebuilt=tuple(rebuilt),
        up_to_date=tuple(up_to_date),
        diagnostics=tuple(dict.fromkeys(diagnostics)),  # each format finds the same unknown element
        durations=tuple(durations),
    )


def load_corpus(paths: Sequence[Path]) -> _Corpus:
    """Find and parse the documents; separate registers from editions; name and slug the editions."""
    found = find_documents(list(paths))
    root = corpus_root(paths)
    documents = list(found.documents)
    register_folder = root / REGISTER_FOLDER
    if register_folder.is_dir():
        known = {d.resolve() for d in documents}
        documents += [p for p in find_documents([register_folder]).documents if p.resolve() not in known]
    diagnostics: list[Diagnostic] = []
    registers: list[Register] = []
    sources: list[EditionSource] = []
    slugs: set[str] = set()
    for path in documents:
        name = corpus_relative_href(path, root)
        parsed = parse_document(path, name=name)
        diagnostics.extend(parsed.diagnostics)
        if parsed.document is None or any(d.is_error for d in parsed.diagnostics):
            continue  # malformed or hostile (entities, xi:include): reported, never transformed
        if is_register(parsed.document, root):
            registers.append(Register(name, parsed.document))
            continue
        slug = _unique_slug(name, slugs)
        sources.append(EditionSource(path, name, slug, parsed.document))
    return _Corpus(root, tuple(sources), RegisterSet(tuple(sorted(registers, key=lambda r: r.href))), tuple(diagnostics))


def corpus_root(paths: Sequence[Path]) -> Path:
    """The folder corpus-relative paths are taken from: the folder named, or the common folder of the files."""
    folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath([str(f) for f in folders]))


def _unique_slug(name: str, taken: set[str]) -> str:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = stem if stem not in taken else name.rsplit(".", 1)[0].replace("/", "--")
    while slug in taken:
        slug += "-"
    taken.add(slug)
    return slug


def stylesheet_digest(stylesheets: Iterable[Path]) -> str:
    """sha256 over every file of the stylesheets' folders and of xslt/common (what a format's output depends on)."""
    folders = {path.resolve().parent for path in stylesheets}
    common = resource_dir("xslt") / "common"
    if common.is_dir():
        folders.add(common.resolve())
    hasher = hashlib.sha256()
    for folder in sorted(folders):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(str(file.relative_to(folder.parent)).encode("utf-8") + b"\0")
            hasher.update(hashlib.sha256(file.read_bytes()).digest())
    return hasher.hexdigest()


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256(__version__.encode("utf-8") + b"\0")
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(hashlib.sha256(data).digest())
    return hasher.hexdigest()


def _is_current(record: Mapping[str, object] | None, digest: str, output_dir: Path) -> bool:
    if not record or record.get("inputs") != digest:
        return False
    outputs = record.get("outputs", [])
    return isinstance(outputs, list) and all((output_dir / str(o)).is_file() for o in outputs)


def _read_manifest(output_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or data.get("teitools") != __version__:
        return {}
    return data


# Rendering -----------------------------------------------------------------------------------


@dataclass
class _RenderingWorker:
    """One XSLT engine with every stylesheet of the chosen renderers, and the registers."""

    renderers: Mapping[str, Renderer]
    registers: RegisterSet
    engine: XsltEngine = field(init=False)

    def __post_init__(self) -> None:
        stylesheets = tuple(dict.fromkeys(p for r in self.renderers.values() for p in r.stylesheets))
        self.engine = XsltEngine(stylesheets)

    def render(self, task: _Task) -> tuple[RenderResult, float]:
        started = time.perf_counter()
        parsed = parse_document(task.path, name=task.name)
        if parsed.document is None or any(d.is_error for d in parsed.diagnostics):  # changed since it was read
            return RenderResult((), parsed.diagnostics, failed=True), time.perf_counter() - started
        source = EditionSource(task.path, task.name, task.slug, parsed.document)
        result = self.renderers[task.format_name].render_document(self.engine, source, self.registers)
        return result, time.perf_counter() - started


_worker: _RenderingWorker | None = None  # one per pool process, set by the pool initializer


def _start_worker(renderers: Mapping[str, Renderer], register_files: tuple[tuple[str, Path], ...]) -> None:
    global _worker
    _worker = _RenderingWorker(renderers, _load_registers(register_files))


def _render_in_worker(task: _Task) -> tuple[RenderResult, float]:
    assert _worker is not None, "pool initializer did not run"
    return _worker.render(task)


def _load_registers(register_files: tuple[tuple[str, Path], ...]) -> RegisterSet:
    registers = []
    for href, path in register_files:
        parsed = parse_document(path, name=href)
        if parsed.document is not None:
            registers.append(Register(href, parsed.document))
    return RegisterSet(tuple(registers))


def _render_documents(tasks: Sequence[_Task], renderers: Mapping[str, Renderer], corpus: _Corpus,
                      jobs: int, progress: Progress | None) -> Iterator[tuple[RenderResult, float]]:
    """The result of each task, in task order, as it is ready."""
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1:
        worker = _RenderingWorker(renderers, corpus.registers)
        for done, task in enumerate(tasks, 1):
            yield worker.render(task)
            if progress:
                progress("render", done, len(tasks))
        return
    register_files = tuple((r.href, r.document.path) for r in corpus.registers.registers)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_start_worker,
                             initargs=(dict(renderers), register_files)) as pool:
        for done, result in enumerate(pool.map(_render_in_worker, tasks, chunksize=1), 1):
            yield result
            if progress:
                progress("render", done, len(tasks))


def _render_corpus_pages(units: Sequence[tuple[str, Renderer]], corpus: _Corpus,
                         progress: Progress | None) -> list[tuple[str, tuple[RenderResult, float]]]:
    if not units:
        return []
    worker = _RenderingWorker({r.format_name: r for _, r in units}, corpus.registers)
    results = []
    for done, (unit, renderer) in enumerate(units, start=1):
        started = time.perf_counter()
        result = renderer.render_corpus(worker.engine, corpus.sources, corpus.registers)
        results.append((unit, (result, time.perf_counter() - started)))
        if progress:
            progress("corpus", done, len(units))
    return results

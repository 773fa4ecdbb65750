"""Time teitools' per-document HTML and text transforms beside the TEI Stylesheets.

Run from the repository root:

    python bench/bench_transform.py                 # plays and letters-sized documents, html and txt
    python bench/bench_transform.py --runs 5 --no-build

One run measures, side by side and one process each (``--jobs 1``):

* **teitools, per document as the build does it**: safe parse (``parse_edition``), hand-over
  to saxonche, stylesheet, serialisation, post-processing and writing the file
  (``Renderer.render_document`` + write), with every stylesheet compiled once;
* **teitools, transform alone**: ``XsltEngine.transform`` on a document already handed over;
  and the other parts of rendering, each alone: the hand-over, for html the summary transform
  and its search index (``document_search``), for txt the layout of the marked text;
* **the TEI Stylesheets** (``../shared/reference/tei-stylesheets``: ``html/html.xsl`` and
  ``txt/tei-to-text.xsl``), compiled once in one saxonche process: parse (saxonche, from the
  text) + transform + serialise + write, and the transform alone.  They are the reference,
  not product.  ``html.xsl`` reads its ``i18n.xml`` with ``document()`` at run time, so the
  reference runs with ``file:`` allowed (no other protocol); documents whose reference
  transform fails (e.g. a ``rendition/@scheme`` pointing at a missing file) are left out of
  both sides;
* **``teitools build --jobs 1 --force``** in a fresh process, on the whole corpus and on its
  first document alone: (whole − one) / (N − 1) is the cost per further document as a user
  sees it (for html it includes the corpus pages, which grow with the corpus).

Each per-document figure is the median over ``--runs`` rounds after a warm-up round, summed
over the documents and divided by their number (ms per document).  The corpora: the 25
GerDraCor plays, and letters-sized documents: the project's ``tei/`` (three edited
documents of 17–62 KB, with registers) and the TEI Guidelines' test documents that
teitools accepts (``tei-p5-tests``; those declaring entities are refused by the safe parser).
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference" / "tei-stylesheets"
REFERENCE_STYLESHEETS = {"html": REFERENCE / "html" / "html.xsl", "txt": REFERENCE / "txt" / "tei-to-text.xsl"}
CORPORA = {
    "plays": SHARED / "corpora" / "gerdracor-sample",
    "tei": ROOT / "tei",
    "tei-p5-tests": SHARED / "corpora" / "tei-p5-tests",
}
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"


@dataclass
class Sample:
    """Seconds per measured step and document, wall time and CPU time of the worker process."""

    wall: dict[str, dict[str, list[float]]] = field(default_factory=dict)   # step -> document -> runs
    cpu: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)

    def add(self, name: str, timings: dict[str, tuple[float, float]]) -> None:
        for step, (wall, cpu) in timings.items():
            self.wall.setdefault(step, {}).setdefault(name, []).append(wall)
            self.cpu.setdefault(step, {}).setdefault(name, []).append(cpu)

    def ms_per_document(self, step: str, names: set[str], clock: str = "wall") -> float:
        """Sum over ``names`` of the median seconds of ``step``, per document, in ms."""
        table = self.wall if clock == "wall" else self.cpu
        values = [statistics.median(runs) for name, runs in table.get(step, {}).items() if name in names]
        return 1000 * sum(values) / max(1, len(values))


class _Stopwatch:
    """Wall and CPU time (all threads of this process: Saxon's included) between marks."""

    def __init__(self) -> None:
        self.timings: dict[str, tuple[float, float]] = {}
        self._last = (time.perf_counter(), time.process_time())

    def mark(self, step: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.timings[step] = (now[0] - self._last[0], now[1] - self._last[1])
        self._last = now


# Workers: each runs in its own process with one saxonche processor, one document per request --


def teitools_measure(corpus: Path, format_name: str, out: Path) -> Callable[[Path], dict[str, tuple[float, float]] | None]:
    sys.path.insert(0, str(ROOT))
    from teitools.corpus import edition_texts, load_corpus, parse_edition
    from teitools.registers import read_registers
    from teitools.render.base import EditionSource, merge_results
    from teitools.render.html import REGISTER_KINDS, HtmlRenderer
    from teitools.render.search import document_search
    from teitools.render.text import TextRenderer, layout
    from teitools.xslt import XsltEngine

    renderer = HtmlRenderer() if format_name == "html" else TextRenderer()
    loaded = load_corpus([corpus])
    sources = {source.path.resolve(): source for source in loaded.editions}
    engine = XsltEngine(renderer.stylesheets)  # compiled once, as in a build worker
    stylesheet = engine.stylesheet(renderer.stylesheets[0])
    summary_stylesheet = engine.stylesheet(renderer.stylesheets[-1])  # html: summary.xsl
    registers = read_registers((register.name, register.path) for register in loaded.registers)
    parameters: dict[str, object] = {"line-width": 72} if format_name == "txt" else {
        "registers": registers.parameter_tree(),
        "register-kinds": " ".join(kind for kind in REGISTER_KINDS if kind in registers.kinds())}

    def measure(path: Path) -> dict[str, tuple[float, float]] | None:
        source = sources.get(path.resolve())
        if source is None:
            return None
        clock = _Stopwatch()
        parsed = parse_edition(path, source.name)  # what the build worker does per document
        if parsed.document is None or any(d.is_error for d in parsed.diagnostics):
            return None
        clock.mark("parse")
        texts = edition_texts(parsed.document.root, source.slug)  # a teiCorpus has several
        result = merge_results([renderer.render_document(engine, EditionSource(
            path, source.name, text.slug, parsed.document, text.number), registers) for text in texts])
        if result.failed or not texts:
            return None
        clock.mark("render")
        for rendered in result.files:
            target = out / rendered.relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(rendered.content)
        clock.mark("write")
        node = engine.document(parsed.document.tree, source=parsed.document.source)
        clock.mark("hand-over")
        outputs = [engine.transform(stylesheet, node, {**parameters, "document-href": source.name,
                                                       "text-number": text.number}).output for text in texts]
        clock.mark("transform")
        if format_name == "html":  # the other parts of render_document: the summary and its search index
            summaries = [engine.transform(summary_stylesheet, node, {
                "registers": registers.parameter_tree(), "document-href": source.name, "text-number": text.number,
                "slug": text.slug}).output for text in texts]
            clock.mark("summary")
            for summary in summaries:
                document_search(summary)
            clock.mark("search index")
        else:
            for output in outputs:
                layout(output, 72)
            clock.mark("layout")
        path_steps = ("parse", "render", "write")
        clock.timings["path"] = (sum(clock.timings[s][0] for s in path_steps), sum(clock.timings[s][1] for s in path_steps))
        return clock.timings

    return measure


def reference_measure(format_name: str, out: Path) -> Callable[[Path], dict[str, tuple[float, float]] | None]:
    from saxonche import PySaxonApiError, PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    processor.set_configuration_property(ALLOWED_PROTOCOLS, "file")
    stylesheet = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(REFERENCE_STYLESHEETS[format_name].resolve()))
    stylesheet.set_capture_result_documents(True, False)
    stylesheet.set_save_xsl_message(True, None)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # Saxon reports the reference's own failures on stderr

    def measure(path: Path) -> dict[str, tuple[float, float]] | None:
        clock = _Stopwatch()
        try:
            node = processor.parse_xml(xml_text=path.read_text(encoding="utf-8"))
            clock.mark("parse")
            output = stylesheet.transform_to_string(xdm_node=node)
            if output is None:
                return None
            clock.mark("render")
            (out / (path.stem + "." + format_name)).write_bytes(output.encode("utf-8"))
            clock.mark("write")
            stylesheet.transform_to_string(xdm_node=node)
            clock.mark("transform")
        except (PySaxonApiError, UnicodeDecodeError):
            return None
        path_steps = ("parse", "render", "write")
        clock.timings["path"] = (sum(clock.timings[s][0] for s in path_steps), sum(clock.timings[s][1] for s in path_steps))
        return clock.timings

    return measure


def run_worker(args: argparse.Namespace) -> None:
    """Answer one JSON line of timings (or null) per document path read from standard input."""
    with tempfile.TemporaryDirectory(prefix="bench-transform-") as scratch:
        if args.worker == "teitools":
            measure = teitools_measure(Path(args.corpus_path), args.format, Path(scratch))
        else:
            measure = reference_measure(args.format, Path(scratch))
        print("ready", flush=True)
        for line in sys.stdin:
            print(json.dumps(measure(Path(line.strip()))), flush=True)


class _Worker:
    def __init__(self, kind: str, corpus: Path, format_name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", kind, "--corpus-path", str(corpus), "--format", format_name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "ready", f"{kind} worker"

    def measure(self, path: Path) -> dict[str, tuple[float, float]] | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        return None if answer is None else {step: (pair[0], pair[1]) for step, pair in answer.items()}

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure_side_by_side(corpus: Path, documents: list[Path], format_name: str, runs: int) -> tuple[Sample, Sample]:
    """Both workers alive at once, each document measured by one then the other (load hits both alike)."""
    ours, theirs = Sample(), Sample()
    workers = (_Worker("teitools", corpus, format_name), _Worker("reference", corpus, format_name))
    try:
        for round_number in range(runs + 1):  # round 0 is the warm-up
            for path in documents:
                for worker, sample in zip(workers, (ours, theirs)):
                    if path.name in sample.failed:
                        continue
                    timings = worker.measure(path)
                    if timings is None:
                        sample.failed.add(path.name)
                    elif round_number:
                        sample.add(path.name, timings)
    finally:
        for worker in workers:
            worker.close()
    return ours, theirs


# teitools build as a user types it ----------------------------------------------------------


def build_seconds(corpus: Path, format_name: str, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "teitools", "build", str(corpus), "--format", format_name,
               "--jobs", "1", "--force", "-o", str(output)]
    started = time.perf_counter()
    code = subprocess.call(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if code not in (0, 1):
        raise SystemExit(f"build failed with exit {code}: {' '.join(command)}")
    return elapsed


def build_per_document(corpus: Path, documents: list[Path], format_name: str, runs: int, work: Path) -> float:
    """(build of the corpus − build of its first document) / (N − 1), medians of ``runs`` builds each."""
    one = work / f"one-{corpus.name}"
    one.mkdir(exist_ok=True)
    shutil.copy(documents[0], one / documents[0].name)
    registers = corpus / "registers"
    if registers.is_dir() and not (one / "registers").exists():
        shutil.copytree(registers, one / "registers")
    whole_runs = [build_seconds(corpus, format_name, work / "out-all") for _ in range(runs)]
    one_runs = [build_seconds(one, format_name, work / "out-one") for _ in range(runs)]
    return (statistics.median(whole_runs) - statistics.median(one_runs)) / max(1, len(documents) - 1)


# Report ------------------------------------------------------------------------------------


def usable_documents(corpus: Path) -> list[Path]:
    """The editions of a corpus that teitools accepts (registers excluded)."""
    sys.path.insert(0, str(ROOT))
    from teitools.corpus import load_corpus

    return sorted(source.path for source in load_corpus([corpus]).editions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed rounds after the warm-up (default 3)")
    parser.add_argument("--formats", default="html,txt")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: all")
    parser.add_argument("--no-build", action="store_true", help="skip the `teitools build` timings")
    parser.add_argument("--worker", choices=("teitools", "reference"), help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    from importlib.metadata import version

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, saxonche {version('saxonche')}, "
          f"{time.strftime('%Y-%m-%d')}; reference: TEI Stylesheets {(REFERENCE / 'VERSION').read_text().strip()}")
    print("ms per document (median of the rounds, wall time); ratio = teitools / TEI Stylesheets, "
          "wall (CPU time in brackets)\n")
    print(f"{'corpus':<13}{'fmt':<5}{'docs':>5} | {'path: tt':>9} {'ref':>7} {'ratio':>11} | "
          f"{'transform: tt':>13} {'ref':>7} {'ratio':>11} | {'build/doc':>9} | tt path: parse / render / write; "
          f"parts of render alone")
    with tempfile.TemporaryDirectory(prefix="bench-transform-") as scratch:
        work = Path(scratch)
        for corpus_name in args.corpus or list(CORPORA):
            corpus = CORPORA[corpus_name]
            documents = usable_documents(corpus)
            for format_name in args.formats.split(","):
                ours, theirs = measure_side_by_side(corpus, documents, format_name, args.runs)
                names = {p.name for p in documents} - ours.failed - theirs.failed

                def figures(step: str) -> str:
                    tt, ref = ours.ms_per_document(step, names), theirs.ms_per_document(step, names)
                    cpu = ours.ms_per_document(step, names, "cpu") / theirs.ms_per_document(step, names, "cpu")
                    return f"{tt:7.1f} {ref:7.1f} {tt / ref:5.2f} ({cpu:.2f})"

                build = "" if args.no_build else \
                    f"{1000 * build_per_document(corpus, documents, format_name, args.runs, work):9.1f}"
                steps = " / ".join(f"{ours.ms_per_document(step, names):.1f}" for step in ("parse", "render", "write"))
                parts = ("hand-over", "transform", "summary", "search index") if format_name == "html" else \
                    ("hand-over", "transform", "layout")
                steps += "; " + ", ".join(f"{part} {ours.ms_per_document(part, names):.1f}" for part in parts)
                print(f"{corpus_name:<13}{format_name:<5}{len(names):>5} |   {figures('path')} | "
                      f"      {figures('transform')} | {build:>9} | {steps}", flush=True)
                left_out = sorted(ours.failed | theirs.failed)
                if left_out:
                    print(f"{'':<13}left out (a transform failed or the document was refused): {', '.join(left_out)}")


if __name__ == "__main__":
    main()

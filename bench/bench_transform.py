"""Time teitools' per-document HTML and text transforms beside the TEI Stylesheets.

Run from the repository root:

    python bench/bench_transform.py                 # plays and letters-sized documents, html and txt
    python bench/bench_transform.py --runs 5 --no-build

One run measures, side by side and one process each (``--jobs 1``):

* **teitools, per document as the build does it**: safe parse (``parse_document``), hand-over
  to saxonche, stylesheet, serialisation, post-processing and writing the file
  (``Renderer.render_document`` + write), with every stylesheet compiled once;
* **teitools, transform alone**: ``XsltEngine.transform`` on a document already handed over;
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Sample:
    """Median seconds per document for each measured step, by document name."""

    steps: dict[str, dict[str, float]]   # step -> document -> seconds
    failed: list[str]


def _median_rounds(documents: list[Path], rounds: int,
                   measure: Callable[[Path], dict[str, float] | None]) -> Sample:
    """Measure every document once as warm-up, then ``rounds`` times; keep the median per step."""
    failed: list[str] = []
    usable: list[Path] = []
    for path in documents:  # warm-up, and the documents that work
        if measure(path) is None:
            failed.append(path.name)
        else:
            usable.append(path)
    collected: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for path in usable:
            timings = measure(path) or {}
            for step, seconds in timings.items():
                collected.setdefault(step, {}).setdefault(path.name, []).append(seconds)
    return Sample({step: {name: statistics.median(values) for name, values in by_doc.items()}
                   for step, by_doc in collected.items()}, failed)


# Workers: each runs in its own process with one saxonche processor ------------------------


def teitools_worker(corpus: Path, documents: list[Path], format_name: str, rounds: int, out: Path) -> Sample:
    sys.path.insert(0, str(ROOT))
    from teitools.build import load_corpus
    from teitools.corpus import parse_document
    from teitools.registers import corpus_relative_href
    from teitools.render.base import EditionSource
    from teitools.render.html import HtmlRenderer
    from teitools.render.text import TextRenderer
    from teitools.xslt import XsltEngine

    renderer = HtmlRenderer() if format_name == "html" else TextRenderer()
    loaded = load_corpus([corpus])
    sources = {source.path.resolve(): source for source in loaded.sources}
    engine = XsltEngine(renderer.stylesheets)
    stylesheet = engine.stylesheet(renderer.stylesheets[0])
    registers = loaded.registers
    parameters: dict[str, object] = {"line-width": 72} if format_name == "txt" else {
        "registers": registers.parameter_tree(), "register-kinds": " ".join(sorted(registers.kinds()))}

    def measure(path: Path) -> dict[str, float] | None:
        source = sources.get(path.resolve())
        if source is None:
            return None
        started = time.perf_counter()
        parsed = parse_document(path, name=source.name)
        if parsed.document is None:
            return None
        parsed_at = time.perf_counter()
        fresh = EditionSource(path, source.name, source.slug, parsed.document)
        result = renderer.render_document(engine, fresh, registers)
        rendered_at = time.perf_counter()
        if result.failed:
            return None
        for rendered in result.files:
            target = out / rendered.relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(rendered.content)
        finished = time.perf_counter()
        node = engine.document(parsed.document.tree, source=parsed.document.source)
        handed_at = time.perf_counter()
        engine.transform(stylesheet, node, {**parameters, "document-href": source.name})
        transformed_at = time.perf_counter()
        return {"path": finished - started, "parse": parsed_at - started, "render": rendered_at - parsed_at,
                "write": finished - rendered_at, "hand-over": handed_at - finished,
                "transform": transformed_at - handed_at}

    _ = corpus_relative_href
    return _median_rounds(documents, rounds, measure)


def reference_worker(documents: list[Path], format_name: str, rounds: int, out: Path) -> Sample:
    from saxonche import PySaxonApiError, PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    processor.set_configuration_property(ALLOWED_PROTOCOLS, "file")
    stylesheet = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(REFERENCE_STYLESHEETS[format_name].resolve()))
    stylesheet.set_capture_result_documents(True, False)
    stylesheet.set_save_xsl_message(True, None)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # Saxon reports the reference's own failures on stderr

    def measure(path: Path) -> dict[str, float] | None:
        started = time.perf_counter()
        try:
            node = processor.parse_xml(xml_text=path.read_text(encoding="utf-8"))
            parsed_at = time.perf_counter()
            output = stylesheet.transform_to_string(xdm_node=node)
        except (PySaxonApiError, UnicodeDecodeError):
            return None
        if output is None:
            return None
        rendered_at = time.perf_counter()
        (out / (path.stem + "." + format_name)).write_bytes(output.encode("utf-8"))
        finished = time.perf_counter()
        stylesheet.transform_to_string(xdm_node=node)
        transformed_at = time.perf_counter()
        return {"path": finished - started, "parse": parsed_at - started, "render": rendered_at - parsed_at,
                "write": finished - rendered_at, "transform": transformed_at - finished}

    return _median_rounds(documents, rounds, measure)


def run_worker(args: argparse.Namespace) -> None:
    documents = [Path(p) for p in args.documents]
    with tempfile.TemporaryDirectory(prefix="bench-transform-") as scratch:
        if args.worker == "teitools":
            sample = teitools_worker(Path(args.corpus_path), documents, args.format, args.runs, Path(scratch))
        else:
            sample = reference_worker(documents, args.format, args.runs, Path(scratch))
    sys.stdout.write(json.dumps({"steps": sample.steps, "failed": sample.failed}))


def measure_in_process(kind: str, corpus: Path, documents: list[Path], format_name: str, runs: int) -> Sample:
    command = [sys.executable, __file__, "--worker", kind, "--corpus-path", str(corpus), "--format", format_name,
               "--runs", str(runs), *map(str, documents)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout)
    return Sample(data["steps"], data["failed"])


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
    from teitools.build import load_corpus

    return sorted(source.path for source in load_corpus([corpus]).sources)


def per_document_ms(sample: Sample, step: str, names: set[str]) -> float:
    values = [seconds for name, seconds in sample.steps.get(step, {}).items() if name in names]
    return 1000 * sum(values) / max(1, len(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed rounds after the warm-up (default 3)")
    parser.add_argument("--formats", default="html,txt")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: all")
    parser.add_argument("--no-build", action="store_true", help="skip the `teitools build` timings")
    parser.add_argument("--worker", choices=("teitools", "reference"), help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-path", help=argparse.SUPPRESS)
    parser.add_argument("documents", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    import saxonche
    from importlib.metadata import version

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, saxonche {version('saxonche')}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}; reference: TEI Stylesheets "
          f"{(REFERENCE / 'VERSION').read_text().strip()}")
    _ = saxonche
    print("ms per document, median of the rounds; ratio = teitools / TEI Stylesheets (lower is better)\n")
    header = (f"{'corpus':<13}{'fmt':<5}{'docs':>5}  {'tt path':>8} {'tt xform':>8} {'ref path':>8} "
              f"{'ref xform':>9}  {'ratio path':>10} {'ratio xform':>11}  {'tt build':>8}  "
              f"tt steps: parse / render / write / hand-over")
    print(header)
    with tempfile.TemporaryDirectory(prefix="bench-transform-") as scratch:
        work = Path(scratch)
        for corpus_name in args.corpus or list(CORPORA):
            corpus = CORPORA[corpus_name]
            documents = usable_documents(corpus)
            for format_name in args.formats.split(","):
                ours = measure_in_process("teitools", corpus, documents, format_name, args.runs)
                theirs = measure_in_process("reference", corpus, documents, format_name, args.runs)
                names = set(ours.steps.get("path", {})) & set(theirs.steps.get("path", {}))
                tt_path, tt_xform = per_document_ms(ours, "path", names), per_document_ms(ours, "transform", names)
                ref_path, ref_xform = per_document_ms(theirs, "path", names), per_document_ms(theirs, "transform", names)
                build = "" if args.no_build else \
                    f"{1000 * build_per_document(corpus, documents, format_name, args.runs, work):8.1f}"
                steps = " / ".join(f"{per_document_ms(ours, step, names):.1f}"
                                   for step in ("parse", "render", "write", "hand-over"))
                print(f"{corpus_name:<13}{format_name:<5}{len(names):>5}  {tt_path:8.1f} {tt_xform:8.1f} "
                      f"{ref_path:8.1f} {ref_xform:9.1f}  {tt_path / ref_path:10.2f} {tt_xform / ref_xform:11.2f}  "
                      f"{build:>8}  {steps}", flush=True)
                left_out = sorted(set(theirs.failed) | set(ours.failed))
                if left_out:
                    print(f"{'':<13}left out (a transform failed): {', '.join(left_out)}")


if __name__ == "__main__":
    main()

"""Time `teitools validate --schema RNG` as users run it, beside jing on the same files.

Not a test: run it by hand, e.g.

    python bench/bench_validate.py                       # every layer; 25 plays and 31 copies of them
    python bench/bench_validate.py --grammar-only        # RELAX NG alone, as jing does
    python bench/bench_validate.py --schema S.rng --corpus DIR --runs 5 --jobs 2

Every layer runs by default (what `teitools validate` does); ``--grammar-only`` adds
``--skip`` for every other layer.  Each configuration is run once to warm the file cache,
then ``--runs`` times, teitools and jing alternately so that both meet the same load;
the median and range of wall time, documents/s, MB/s and the peak memory of the largest
process (``getrusage(RUSAGE_CHILDREN)`` in a fresh helper per run) are printed, then a
table.  jing validates the same well-formed files in one call, and the grammar verdict of
every document is compared (teitools: no RELAX NG error).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMA = REPO.parent / "shared" / "schemas" / "tei" / "tei_all.rng"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "gerdracor-sample"

#: Runs a command and prints its wall time and the peak memory of its process tree.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"{wall} {peak} {done.returncode}\\n")
sys.stdout.buffer.write(done.stdout)
"""


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    peak_kb: int
    output: str


def measure(command: list[str]) -> Timing:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True)
    wall, peak, _status = done.stderr.strip().splitlines()[-1].split()
    return Timing(float(wall), int(peak), done.stdout)


def alternating(commands: list[list[str]], runs: int) -> list[list[Timing]]:
    """Each command once to warm up, then ``runs`` rounds of all of them in turn."""
    for command in commands:
        measure(command)
    rounds = [[measure(command) for command in commands] for _ in range(runs)]
    return [[round_[i] for round_ in rounds] for i in range(len(commands))]


@dataclass(frozen=True, slots=True)
class Row:
    corpus: str
    documents: int
    megabytes: float
    mode: str
    ours: float
    ours_range: tuple[float, float]
    jing: float | None
    agree: str
    peak_mb: float


def summary(label: str, timings: list[Timing], documents: int, megabytes: float) -> float:
    walls = [t.wall for t in timings]
    median = statistics.median(walls)
    peak = max(t.peak_kb for t in timings) / 1024
    print(f"  {label:<28} median {median:6.2f} s  (range {min(walls):.2f}–{max(walls):.2f})  "
          f"{documents / median:7.1f} docs/s  {megabytes / median:6.1f} MB/s  peak {peak:6.0f} MB")
    return median


def teitools_verdicts(output: str) -> dict[str, bool]:
    report = json.loads(output)
    return {Path(d["file"]).name: not any(x["severity"] == "error" and x["layer"] == "relaxng"
                                          for x in d["diagnostics"])
            for d in report["documents"]}


def jing_verdicts(output: str, files: list[Path]) -> dict[str, bool]:
    invalid = {Path(m.group(1)).name for m in re.finditer(r"^(.*?):\d+:\d+: (?:fatal )?error:", output, re.M)}
    return {f.name: f.name not in invalid for f in files}


def well_formed(files: list[Path]) -> list[Path]:
    """jing's batch mode stops at the first file that is not well-formed: leave those out."""
    from lxml import etree

    kept = []
    for file in files:
        try:
            etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
            kept.append(file)
        except etree.XMLSyntaxError:
            print(f"  (not well-formed, left out for jing: {file.name})")
    return kept


def copies(corpus: Path, target: Path, count: int) -> Path:
    """``count`` copies of every document of ``corpus`` in ``target``."""
    files = sorted(corpus.glob("*.xml"))
    for round_ in range(count):
        for file in files:
            shutil.copyfile(file, target / f"{file.stem}-{round_:03d}.xml")
    return target


LAYERS_BESIDE_GRAMMAR = ("xsd", "schematron", "references", "dates", "hygiene")


def bench(schema: Path, corpus: Path, runs: int, jobs: int, grammar_only: bool) -> Row:
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".xml", ".tei"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    mode = "grammar only" if grammar_only else "all layers"
    print(f"\n{corpus} — {len(files)} documents, {megabytes:.1f} MB, schema {schema.name}, {mode}, {runs} runs")
    command = [sys.executable, "-m", "teitools", "validate", str(corpus), "--schema", str(schema),
               "--format", "json", "--jobs", str(jobs)]
    if grammar_only:
        for layer in LAYERS_BESIDE_GRAMMAR:
            command += ["--skip", layer]
    jing = shutil.which("jing")
    checked = well_formed(files)
    commands = [command] + ([[jing, str(schema), *map(str, checked)]] if jing else [])
    timings = alternating(commands, runs)
    ours = timings[0]
    ours_median = summary(f"teitools (--jobs {jobs})", ours, len(files), megabytes)
    walls = [t.wall for t in ours]
    peak = max(t.peak_kb for t in ours) / 1024
    if jing is None:
        print("  jing is not installed: no comparison")
        return Row(corpus.name, len(files), megabytes, mode, ours_median, (min(walls), max(walls)), None, "–", peak)
    theirs = timings[1]
    jing_median = summary("jing (one call)", theirs, len(checked), megabytes)
    print(f"  teitools / jing wall time: {ours_median / jing_median:.2f}")
    mine = teitools_verdicts(ours[-1].output)
    reference = jing_verdicts(theirs[-1].output, checked)
    differing = sorted(name for name in reference if mine.get(name) != reference[name])
    print(f"  verdicts agree on {len(reference) - len(differing)} of {len(reference)} documents"
          + (f"; differ on: {', '.join(differing[:10])}" if differing else ""))
    invalid = sorted(name for name, valid in reference.items() if not valid)
    print(f"  invalid according to jing: {len(invalid)} ({', '.join(invalid[:5])}{' …' if len(invalid) > 5 else ''})")
    return Row(corpus.name, len(files), megabytes, mode, ours_median, (min(walls), max(walls)), jing_median,
               f"{len(reference) - len(differing)}/{len(reference)}", peak)


def table(rows: list[Row], jobs: int) -> None:
    print(f"\n| corpus | mode | teitools `--jobs {jobs}` | jing | ratio | verdicts agree | peak memory |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        jing = f"{row.jing:.2f} s" if row.jing else "–"
        ratio = f"{row.ours / row.jing:.2f}" if row.jing else "–"
        print(f"| {row.documents} documents ({row.megabytes:.0f} MB) | {row.mode} | {row.ours:.2f} s "
              f"({row.ours_range[0]:.2f}–{row.ours_range[1]:.2f}) | {jing} | {ratio} | {row.agree} | "
              f"{row.peak_mb:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=31, help="also validate this many copies of the corpus "
                                                               "in one folder (0: do not)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--grammar-only", action="store_true",
                        help="skip every layer but RELAX NG (what jing checks); default: every layer, as users run it")
    parser.add_argument("--both", action="store_true", help="measure all layers and grammar only")
    options = parser.parse_args()
    started = time.perf_counter()
    modes = [False, True] if options.both else [options.grammar_only]
    rows = [bench(options.schema, options.corpus, options.runs, options.jobs, mode) for mode in modes]
    if options.copies:
        with tempfile.TemporaryDirectory(prefix="teitools-bench-") as folder:
            copied = copies(options.corpus, Path(folder), options.copies)
            rows += [bench(options.schema, copied, options.runs, options.jobs, mode) for mode in modes]
    table(rows, options.jobs)
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

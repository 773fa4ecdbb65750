"""Time `teitools validate --schema RNG` over a corpus, and jing on the same files.

Not a test: run it by hand, e.g.

    python bench/bench_validate.py                      # gerdracor sample, and 500 copies of it
    python bench/bench_validate.py --schema S.rng --corpus DIR --runs 5 --jobs 2

Each configuration is run once to warm the file cache, then ``--runs`` times; the
median and range of wall time, documents/s, MB/s and peak memory (of the child process,
from ``getrusage(RUSAGE_CHILDREN)`` measured in a fresh helper process per run) are
printed.  Where jing is installed it validates the same well-formed files in one call,
and the verdict of every document is compared.
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


def series(command: list[str], runs: int) -> list[Timing]:
    measure(command)  # warm-up
    return [measure(command) for _ in range(runs)]


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


def scaled_copy(corpus: Path, target: Path, at_least: int) -> Path:
    files = sorted(corpus.glob("*.xml"))
    copies = -(-at_least // len(files))
    for round_ in range(copies):
        for file in files:
            shutil.copyfile(file, target / f"{file.stem}-{round_:03d}.xml")
    return target


def bench(schema: Path, corpus: Path, runs: int, jobs: int, skip_other_layers: bool) -> None:
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".xml", ".tei"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{corpus} — {len(files)} documents, {megabytes:.1f} MB, schema {schema.name}, {runs} runs")
    command = [sys.executable, "-m", "teitools", "validate", str(corpus), "--schema", str(schema),
               "--format", "json", "--jobs", str(jobs)]
    if skip_other_layers:
        for layer in ("references", "dates", "hygiene"):
            command += ["--skip", layer]
    ours = series(command, runs)
    ours_median = summary(f"teitools (--jobs {jobs})", ours, len(files), megabytes)
    jing = shutil.which("jing")
    if jing is None:
        print("  jing is not installed: no comparison")
        return
    checked = well_formed(files)
    theirs = series([jing, str(schema), *map(str, checked)], runs)
    jing_median = summary("jing (one call)", theirs, len(checked), megabytes)
    print(f"  teitools / jing wall time: {ours_median / jing_median:.2f}")
    mine = teitools_verdicts(ours[-1].output)
    reference = jing_verdicts(theirs[-1].output, checked)
    differing = sorted(name for name in reference if mine.get(name) != reference[name])
    print(f"  verdicts agree on {len(reference) - len(differing)} of {len(reference)} documents"
          + (f"; differ on: {', '.join(differing[:10])}" if differing else ""))
    invalid = sorted(name for name, valid in reference.items() if not valid)
    print(f"  invalid according to jing: {len(invalid)} ({', '.join(invalid[:5])}{' …' if len(invalid) > 5 else ''})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scaled", type=int, default=500, help="also copy the corpus to at least this many "
                                                                "documents (0: do not)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--all-layers", action="store_true",
                        help="run every validation layer, not only RELAX NG (jing checks only the grammar)")
    options = parser.parse_args()
    started = time.perf_counter()
    bench(options.schema, options.corpus, options.runs, options.jobs, not options.all_layers)
    if options.scaled:
        with tempfile.TemporaryDirectory(prefix="teitools-bench-") as folder:
            bench(options.schema, scaled_copy(options.corpus, Path(folder), options.scaled), options.runs,
                  options.jobs, not options.all_layers)
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

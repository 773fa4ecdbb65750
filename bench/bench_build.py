"""Time `teitools build` over corpora: full builds, no-change rebuilds, one-document
rebuilds, and --jobs 1 against --jobs 2.

Run from the repository root:

    python bench/bench_build.py                      # tei/ and ../shared/corpora/gerdracor-sample/
    python bench/bench_build.py --runs 5 --formats html,txt
    python bench/bench_build.py --scaled 500         # also a corpus of 500+ copies of the sample
    python bench/bench_build.py --memory             # the memory goal: 100 and 775 plays, html+txt, --jobs 2

Each figure is the median (and range) of several runs after one warm-up run, measured as
wall time of the whole command in a fresh process; peak memory is the largest resident
set of that process and its children. This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpora" / "gerdracor-sample"


@dataclass(frozen=True)
class Timing:
    seconds: list[float]
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def describe(self) -> str:
        return (f"median {self.median:7.3f} s  range {min(self.seconds):.3f}–{max(self.seconds):.3f} s  "
                f"peak {self.peak_mib:6.1f} MiB")


def run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``command`` run in a fresh process.

    The command runs under a small Python parent whose only child it is, so that
    ``RUSAGE_CHILDREN`` reports the peak of that command alone.
    """
    probe = ("import resource, subprocess, sys, time;"
             "start = time.perf_counter();"
             "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
             "elapsed = time.perf_counter() - start;"
             "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
             "print(f'{elapsed} {peak} {code}')")
    output = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    elapsed, peak, code = output.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"command failed with exit {code}: {' '.join(command)}")
    return float(elapsed), float(peak)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for thread in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as stream:
                found.extend(int(child) for child in stream.read().split())
    except OSError:
        pass
    return found


def _high_water_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_polled(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) of the largest process of ``command``'s tree (the main process
    and every worker, polled in /proc every 20 ms), and the main process's own peak."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, float] = {}
    while process.poll() is None:
        pending = [process.pid]
        while pending:
            pid = pending.pop()
            pending.extend(_children(pid))
            peaks[pid] = max(peaks.get(pid, 0.0), _high_water_mib(pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"command failed with exit {process.returncode}: {' '.join(command)}")
    # VmHWM is each process's own high-water mark, so a poll that comes late still sees the peak
    return elapsed, max(peaks.values(), default=0.0), peaks.get(process.pid, 0.0)


def bench_memory(work: Path, runs: int) -> None:
    """The issue's goal, measured on the command a user types: `teitools build CORPUS --format html,txt
    --jobs 2` of 100 and of 775 plays (the 25 shared plays copied 4 and 31 times), then the rebuild with
    nothing changed; peak memory of any teitools process (main or worker)."""
    jobs, formats = 2, "html,txt"
    peaks: dict[int, float] = {}
    for documents in (100, 775):
        corpus = scaled_copy(SAMPLE, work / f"plays-{documents}", documents)
        _, megabytes = corpus_size(corpus)
        output = work / f"out-plays-{documents}"
        build = teitools("build", str(corpus), "-o", str(output), "--format", formats, "--jobs", str(jobs))
        print(f"\n{documents} plays ({megabytes:.1f} MB), teitools build --format {formats} --jobs {jobs}")
        full = []
        for _ in range(runs):
            shutil.rmtree(output, ignore_errors=True)
            full.append(run_polled(build))
        peaks[documents] = max(peak for _, peak, _ in full)
        print(f"  full build        median {statistics.median(s for s, _, _ in full):7.2f} s  "
              f"peak of any process {peaks[documents]:6.1f} MiB  (main process {max(m for _, _, m in full):6.1f} MiB)")
        nothing = [run_polled(build) for _ in range(max(runs, 3))]
        seconds = [s for s, _, _ in nothing]
        # the same machine at the same moment: what starting Python and importing the CLI alone cost
        bare = statistics.median(run_polled([sys.executable, "-c", "pass"])[0] for _ in range(3))
        cli = statistics.median(run_polled([sys.executable, "-c", "import teitools.cli"])[0] for _ in range(3))
        print(f"  nothing changed   median {statistics.median(seconds):7.3f} s  range {min(seconds):.3f}–{max(seconds):.3f} s  "
              f"peak {max(p for _, p, _ in nothing):6.1f} MiB  (python -c pass: {bare:.3f} s, "
              f"import teitools.cli: {cli:.3f} s)")
    print(f"\npeak 775 / peak 100: {peaks[775] / peaks[100]:.2f} (goal: at most 1.20; and under 300 MB)")


def time_command(command: list[str], runs: int, before_each: callable | None = None) -> Timing:  # type: ignore[valid-type]
    if before_each:
        before_each()
    run_measured(command)  # warm-up
    seconds, peaks = [], []
    for _ in range(runs):
        if before_each:
            before_each()
        elapsed, peak = run_measured(command)
        seconds.append(elapsed)
        peaks.append(peak)
    return Timing(seconds, max(peaks))


def teitools(*args: str) -> list[str]:
    return [sys.executable, "-m", "teitools", *args]


def count_outputs(output: Path) -> tuple[int, int]:
    """HTML pages and PDF pages written below ``output``."""
    html_pages = len(list(output.glob("html/**/*.html")))
    pdf_pages = 0
    try:
        from pypdf import PdfReader

        pdf_pages = sum(len(PdfReader(str(pdf)).pages) for pdf in output.glob("pdf/*.pdf"))
    except ImportError:
        pass
    return html_pages, pdf_pages


def corpus_size(corpus: Path) -> tuple[int, float]:
    files = [p for p in corpus.rglob("*.xml")]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def scaled_copy(source: Path, target: Path, documents: int) -> Path:
    originals = sorted(source.glob("*.xml"))
    target.mkdir(parents=True, exist_ok=True)
    for index in range(documents):
        original = originals[index % len(originals)]
        shutil.copyfile(original, target / f"{index:04d}-{original.name}")
    return target


def bench_corpus(label: str, corpus: Path, formats: str, runs: int, jobs: int, work: Path) -> None:
    documents, megabytes = corpus_size(corpus)
    output = work / f"out-{label}"
    build = teitools("build", str(corpus), "-o", str(output), "--format", formats, "--jobs", str(jobs))

    def fresh() -> None:
        shutil.rmtree(output, ignore_errors=True)

    full = time_command(build, runs, before_each=fresh)
    run_measured(build)  # make sure the output is complete before the no-change runs
    nothing = time_command(build, runs)
    html_pages, pdf_pages = count_outputs(output)
    print(f"\n{label}: {documents} documents, {megabytes:.2f} MB, formats {formats}, --jobs {jobs}")
    print(f"  full build        {full.describe()}  {documents / full.median:6.2f} docs/s  "
          f"{megabytes / full.median:5.2f} MB/s  {full.median / documents * 1000:7.1f} ms/doc")
    if html_pages or pdf_pages:
        pages = html_pages + pdf_pages
        print(f"                    {html_pages} HTML pages, {pdf_pages} PDF pages: "
              f"{full.median / pages * 1000:7.1f} ms/page")
    print(f"  nothing changed   {nothing.describe()}")
    first = sorted(p for p in corpus.glob("*.xml"))[0]
    original = first.read_bytes()

    edits = iter(range(1_000_000))

    def touch_one() -> None:
        """Change one document's bytes (a new comment each run), leaving the others alone."""
        first.write_bytes(original + f"<!-- bench edit {next(edits)} -->\n".encode())

    try:
        one = time_command(build, runs, before_each=touch_one)
        print(f"  one doc changed   {one.describe()}")
    finally:
        first.write_bytes(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up (default 3)")
    parser.add_argument("--formats", default="html,txt,pdf")
    parser.add_argument("--scaled", type=int, default=0, help="also build a corpus of N copies of the sample")
    parser.add_argument("--corpus", type=Path, action="append", help="corpus folders (default: tei/ and the sample)")
    parser.add_argument("--memory", action="store_true", help="only the memory goal: 100 and 775 plays (see bench_memory)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    # an installed teitools has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE=1 would
    # compile every module again on each run and measure that instead
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "teitools")], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="teitools-bench-") as scratch:
        work = Path(scratch)
        if args.memory:
            bench_memory(work, args.runs)
            return
        corpora = args.corpus or [ROOT / "tei", SAMPLE]
        for corpus in corpora:
            # work on a copy, so that the one-document change never touches the real files
            copy = work / f"corpus-{corpus.name}"
            shutil.copytree(corpus, copy)
            bench_corpus(corpus.name, copy, args.formats, args.runs, 1, work)
        if args.scaled:
            scaled = scaled_copy(SAMPLE, work / "scaled", args.scaled)
            for jobs in (1, 2):
                bench_corpus(f"scaled-{args.scaled}", scaled, "html,txt", args.runs, jobs, work)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n(peak of all runs: {peak:.1f} MiB)")


if __name__ == "__main__":
    main()

"""The overhead of a Dask cluster: `teitools validate` and `teitools build` of 775 documents
(the 25 GerDraCor plays copied 31 times) through a two-worker `distributed.LocalCluster`
(one thread each, on the loopback interface) beside `--jobs 2`, on the same machine.

Run from the repository root (needs the dask extra: pip install -e '.[dask]'):

    python bench/bench_cluster.py                 # validate (every layer) and build (html,txt), 2 runs each
    python bench/bench_cluster.py --runs 3 --copies 4

Each command runs in a fresh process; the local and the cluster runs alternate (after one
warm-up run of each, printed too: the cluster's workers load the schemas and compile the
stylesheets in it, and keep them as a cluster that stays up does), and every build starts from an empty output folder.
The overhead is the cluster's median wall time over the local pool's, less one (goal: under
20%).  The load average is printed before and after: on a shared machine, read the figures
with it.  The workers' resident memory is printed after the runs.  A benchmark: it asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import SAMPLE, scaled_copy, teitools

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"exit {result.returncode}: {' '.join(command)}\n{result.stderr[-2000:]}")
    return elapsed


def compare(label: str, commands: dict[str, list[str]], runs: int, before_each: callable) -> dict[str, list[float]]:  # type: ignore[valid-type]
    times: dict[str, list[float]] = {name: [] for name in commands}
    warm_up: dict[str, float] = {}
    for name, command in commands.items():
        before_each()
        warm_up[name] = timed(command)
    for _ in range(runs):
        for name, command in commands.items():
            before_each()
            times[name].append(timed(command))
    local, cluster = (statistics.median(times[name]) for name in commands)
    print(f"\n{label}")
    for name in commands:
        print(f"  {name:<28} median {statistics.median(times[name]):7.2f} s  "
              f"range {min(times[name]):.2f}–{max(times[name]):.2f} s  (warm-up run {warm_up[name]:.2f} s)")
    print(f"  overhead of the cluster: {(cluster / local - 1) * 100:+.1f}% (goal: under +20%)   "
          f"load average now {os.getloadavg()[0]:.1f}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2, help="timed runs of each command after the warm-up")
    parser.add_argument("--copies", type=int, default=31, help="copies of the 25 plays (31: 775 documents)")
    parser.add_argument("--formats", default="html,txt")
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    options = parser.parse_args()
    from distributed import Client, LocalCluster

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the start")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "teitools")], check=True,
                   stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="teitools-bench-") as scratch, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster:
        work = Path(scratch)
        documents = len(sorted(SAMPLE.glob("*.xml"))) * options.copies
        corpus = scaled_copy(SAMPLE, work / "plays", documents)
        megabytes = sum(p.stat().st_size for p in corpus.glob("*.xml")) / 1e6
        address = cluster.scheduler_address
        print(f"corpus: {documents} documents, {megabytes:.1f} MB; LocalCluster at {address}: 2 worker processes, "
              "1 thread each")
        if not options.skip_validate:
            base = teitools("validate", str(corpus), "--format", "json")
            compare(f"teitools validate ({documents} documents, every layer)",
                    {"--jobs 2": [*base, "--jobs", "2"], "--scheduler (LocalCluster)": [*base, "--scheduler", address]},
                    options.runs, lambda: None)
        if not options.skip_build:
            output = work / "out"

            def fresh() -> None:
                shutil.rmtree(output, ignore_errors=True)

            base = teitools("build", str(corpus), "-o", str(output), "--format", options.formats)
            compare(f"teitools build --format {options.formats} ({documents} documents, from an empty folder)",
                    {"--jobs 2": [*base, "--jobs", "2"], "--scheduler (LocalCluster)": [*base, "--scheduler", address]},
                    options.runs, fresh)
        with Client(address, set_as_default=False) as client:
            import psutil

            memory = client.run(lambda: psutil.Process().memory_info().rss / 2**20)
        print("\nworkers' resident memory after the runs: "
              + ", ".join(f"{megabytes_used:.0f} MiB" for megabytes_used in memory.values()))
    print(f"(benchmark took {time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()

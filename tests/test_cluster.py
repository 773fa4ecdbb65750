"""validate, build and deposit on a Dask cluster: a real ``distributed.LocalCluster`` (two worker
processes on the loopback interface) and real ``dask scheduler`` / ``dask worker`` processes,
compared byte for byte with a local run."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.build import MANIFEST_NAME, available_renderers, build_editions
from teitools.build.tasks import DocumentTask
from teitools.cli import cli
from teitools.cluster import ClusterOptions, InputChanged, content_digest
from teitools.validate import ValidationOptions, validate_paths

ROOT = Path(__file__).resolve().parent.parent
PLAYS = ROOT.parent / "shared" / "corpora" / "gerdracor-sample"
TEI = ROOT / "tei"
#: Seconds any cluster operation of a test may take before the test fails (never a bare sleep).
DEADLINE = 120


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (the build manifest without its input paths, which name the corpus copy)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME}


def _environment() -> dict[str, str]:
    """This process's environment with this checkout first on the path, for worker processes."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Without a cluster ----------------------------------------------------------------------------


def test_without_a_scheduler_dask_is_not_imported(tmp_path: Path) -> None:
    program = ("import sys\n"
               "from teitools.cli import main\n"
               "try:\n"
               f"    main(['build', {str(TEI)!r}, '-o', {str(tmp_path / 'out')!r}, '-f', 'txt'])\n"
               "except SystemExit as exit:\n"
               "    assert exit.code == 0, exit.code\n"
               "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
               "print(loaded)\n")
    environment = {k: v for k, v in _environment().items() if k != "TEITOOLS_SCHEDULER"}
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment,
                            timeout=DEADLINE)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "txt").is_dir()
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("arguments, message", [
    (["build", "--ship-inputs"], "--ship-inputs needs --scheduler"),
    (["validate", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:8786"], "exclude each other"),
    (["build", "--scheduler", "tcp://"], "tcp:// is not the address of a Dask scheduler"),
    (["deposit", "-o", "bags", "--scheduler", "carrier-pigeon://loft:1"], "carrier-pigeon://loft:1 is not the address"),
])
def test_cluster_options_are_checked(arguments: list[str], message: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEITOOLS_SCHEDULER", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*arguments, str(TEI)])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_the_scheduler_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEITOOLS_SCHEDULER", "tcp://nowhere")
    result = CliRunner().invoke(cli, ["build", str(TEI), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "tcp://nowhere is not the address of a Dask scheduler" in result.output
    assert not (tmp_path / "out").exists()


def test_a_worker_renders_shipped_bytes_as_it_renders_the_file(tmp_path: Path) -> None:
    from teitools.build.dask_pool import RenderConfig, render_on_worker
    from teitools.build.workers import RenderingWorker

    play = sorted(PLAYS.glob("*.xml"))[0]
    task = DocumentTask(play, play.name, play.stem, (("txt", f"txt:{play.name}"),))
    local = RenderingWorker(available_renderers(formats=("txt",)), ()).render(task)
    config = RenderConfig("test-shipped", ("txt",), None, None, (), (), None)
    elsewhere = DocumentTask(tmp_path / "not-here" / play.name, play.name, play.stem, task.units)
    data = play.read_bytes()
    shipped = render_on_worker(config, (elsewhere, content_digest(data), data))
    assert shipped.diagnostics == local.diagnostics
    assert [u.result.files for u in shipped.units] == [u.result.files for u in local.units]
    assert shipped.units[0].result.files[0].content  # the edition is not empty
    with pytest.raises(InputChanged, match="other bytes than the client planned with"):
        render_on_worker(config, (task, content_digest(data + b" "), None))


def test_a_worker_keeps_a_few_configurations_and_closes_each_evicted_one_its_own_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import OrderedDict

    from teitools import cluster as module

    monkeypatch.setattr(module, "_states", OrderedDict())  # this process's, as a fresh worker has them
    closed: list[str] = []
    made = []
    for index in range(module.STATES_KEPT + 2):
        kind = "validator" if index % 2 else "renderer"
        state, lock = module.worker_state(f"test-evict-{index}", lambda kind=kind: {"kind": kind},
                                          (lambda old: closed.append(f"validator {old['kind']}")) if index % 2 else None)
        made.append(state)
    again, _ = module.worker_state(f"test-evict-{module.STATES_KEPT + 1}", lambda: {"kind": "new"})
    assert again is made[-1], "a configuration in use is not made again"
    assert closed == ["validator validator"], "only the evicted validator was closed, by its own function"
    with pytest.raises(module.WorkerSetupError, match="cannot prepare: no stylesheet"):
        module.worker_state("test-evict-broken", lambda: (_ for _ in ()).throw(RuntimeError("no stylesheet")))


# On a LocalCluster ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[ClusterOptions]:
    distributed = pytest.importorskip("distributed", reason="the 'dask' extra is part of the test extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield ClusterOptions(local.scheduler_address)


@pytest.fixture(scope="module")
def plays(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plays") / "plays"
    shutil.copytree(PLAYS, target)
    return target


@pytest.fixture(scope="module")
def local_build(plays: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    output = tmp_path_factory.mktemp("local") / "out"
    return output, build_editions([plays], ["html", "txt"], output, jobs=1)


@pytest.mark.slow
@pytest.mark.parametrize("ship_inputs", [False, True], ids=["shared-files", "ship-inputs"])
def test_validate_on_a_cluster_finds_what_a_local_run_finds(cluster: ClusterOptions, plays: Path,
                                                            ship_inputs: bool) -> None:
    options = ClusterOptions(cluster.address, ship_inputs=ship_inputs)
    local = validate_paths([plays], ValidationOptions(jobs=1))
    remote = validate_paths([plays], ValidationOptions(cluster=options))
    assert local.diagnostics, "the plays have findings to compare"
    assert remote.diagnostics == local.diagnostics
    assert remote.exit_status == local.exit_status


@pytest.mark.slow
def test_build_on_a_cluster_writes_the_bytes_of_a_local_build(cluster: ClusterOptions, plays: Path,
                                                              local_build: tuple[Path, object],
                                                              tmp_path: Path) -> None:
    local_output, local = local_build
    remote = build_editions([plays], ["html", "txt"], tmp_path / "out", cluster=cluster)
    assert remote.built_files == local.built_files  # type: ignore[attr-defined]
    assert remote.diagnostics == local.diagnostics  # type: ignore[attr-defined]
    assert _snapshot(tmp_path / "out") == _snapshot(local_output)


@pytest.mark.slow
def test_shipped_inputs_and_registers_give_every_edition_byte_for_byte(cluster: ClusterOptions, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "tei"
    shutil.copytree(TEI, corpus)
    renderers = available_renderers(timestamp=946684800)
    local = build_editions([corpus], tuple(renderers), tmp_path / "local", renderers=renderers)
    # the workers get the documents and registers as bytes: each file is gone once the client has read it,
    # so that a worker reading it from the shared folder would fail
    real_read = Path.read_bytes

    def read_once(path: Path) -> bytes:
        data = real_read(path)
        if path.is_relative_to(corpus):
            path.unlink()
        return data

    monkeypatch.setattr(Path, "read_bytes", read_once)
    remote = build_editions([corpus], tuple(renderers), tmp_path / "remote", renderers=renderers,
                            cluster=ClusterOptions(cluster.address, ship_inputs=True))
    monkeypatch.undo()
    assert "pdf" in renderers and any(f.endswith(".pdf") for f in remote.built_files)
    assert remote.diagnostics == local.diagnostics
    assert _snapshot(tmp_path / "remote") == _snapshot(tmp_path / "local")
    assert not list(corpus.rglob("*.xml")), "every document and register was read by the client and shipped"


@pytest.mark.slow
def test_a_document_that_fails_on_a_worker_is_reported_and_the_others_render(cluster: ClusterOptions,
                                                                           plays: Path) -> None:
    from teitools.build.dask_pool import WORKER_FAILED_RULE, ClusterRenderingPool

    first, second = sorted(plays.glob("*.xml"))[:2]
    missing = plays / "vanished.xml"
    tasks = [DocumentTask(path, path.name, path.stem, (("txt", f"txt:{path.name}"),)) for path in (first, missing, second)]
    digests = {first: content_digest(first.read_bytes()), second: content_digest(second.read_bytes()), missing: "0" * 64}
    with ClusterRenderingPool(available_renderers(formats=("txt",)), (), cluster, digests.__getitem__) as pool:
        outcomes = list(pool.documents(tasks))
    assert [o.units[0].unit for o in outcomes] == [t.units[0][1] for t in tasks]
    assert [o.units[0].result.failed for o in outcomes] == [False, True, False]
    (finding,) = outcomes[1].diagnostics
    assert (finding.file, finding.rule, finding.is_error) == ("vanished.xml", WORKER_FAILED_RULE, True)
    assert "no such file or directory" in finding.message and cluster.address in finding.message
    assert "--ship-inputs" in finding.hint


@pytest.mark.slow
def test_a_worker_killed_mid_build_has_its_documents_rerun(cluster: ClusterOptions, plays: Path,
                                                         local_build: tuple[Path, object], tmp_path: Path) -> None:
    import distributed

    with distributed.Client(cluster.address, set_as_default=False) as client:
        before = client.run(os.getpid)
    killed: list[int] = []

    def kill_one_worker(stage: str, done: int, total: int) -> None:
        if stage == "render" and done == 3 and not killed:
            victim = sorted(before.values())[0]
            os.kill(victim, signal.SIGKILL)  # in the middle of its tasks: results are still in flight
            killed.append(victim)

    output = tmp_path / "out"
    report = build_editions([plays], ["html", "txt"], output, cluster=cluster, progress=kill_one_worker)
    local_output, local = local_build
    assert killed
    assert report.diagnostics == local.diagnostics  # type: ignore[attr-defined]
    assert _snapshot(output) == _snapshot(local_output)
    with distributed.Client(cluster.address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=DEADLINE)  # the nanny started a new worker in place of the dead one
        assert killed[0] not in client.run(os.getpid).values()
    again = build_editions([plays], ["html", "txt"], output, cluster=cluster)
    assert again.nothing_rebuilt


@pytest.mark.slow
def test_deposit_on_a_cluster_bags_the_editions_and_reports_of_a_local_deposit(
        cluster: ClusterOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools import deposit

    monkeypatch.setattr(deposit.editions, "EDITION_FORMATS", ("html", "txt"))  # the PDFs take long
    bags = {}
    for where, options in (("local", None), ("cluster", cluster)):
        report = deposit.deposit_documents([TEI], tmp_path / where, corpus=True, cluster=options)
        assert report.exit_status == 0, report.diagnostics
        (bag,) = report.bags
        bags[where] = {name: data for name, data in _snapshot(bag.path / "data").items()
                       if name.startswith(("editions/", "reports/"))}
    assert any(name.startswith("reports/") for name in bags["local"])
    assert any(name.startswith("editions/html/") for name in bags["local"])
    assert bags["cluster"] == bags["local"]


@pytest.mark.slow
def test_an_unreachable_scheduler_is_an_input_error_within_seconds(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "teitools", "build", str(TEI), "-o", str(tmp_path / "out"),
                             "--scheduler", address], capture_output=True, text=True, env=_environment(),
                            timeout=DEADLINE)
    assert result.returncode == 2
    assert time.monotonic() - started < 15
    assert f"cannot reach the Dask scheduler at {address}" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


# dask scheduler and dask worker as processes of their own ----------------------------------------


def _wait_for(condition: object, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        if process.poll() is not None:
            raise AssertionError(f"{what}: the process ended with {process.returncode}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not ready after {DEADLINE} s")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.slow
def test_dask_scheduler_and_worker_processes(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    scheduler_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    logs = [open(tmp_path / name, "wb") for name in ("scheduler.log", "worker.log")]
    scheduler = subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(scheduler_file)], stdout=logs[0], stderr=subprocess.STDOUT,
                                 env=_environment())
    worker = None
    try:
        _wait_for(scheduler_file.exists, "dask scheduler", scheduler)
        with distributed.Client(scheduler_file=str(scheduler_file), set_as_default=False, timeout=DEADLINE) as client:
            address = client.scheduler.address
            worker = subprocess.Popen([*dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--no-dashboard", "--host", "127.0.0.1"], stdout=logs[1],
                                      stderr=subprocess.STDOUT, env=_environment())
            client.wait_for_workers(2, timeout=DEADLINE)
        corpus = tmp_path / "tei"
        shutil.copytree(TEI, corpus)
        runs = {}
        for where, extra in (("local", ["--jobs", "1"]), ("cluster", ["--scheduler", address])):
            validate = subprocess.run([sys.executable, "-m", "teitools", "validate", str(corpus), *extra],
                                      capture_output=True, env=_environment(), timeout=DEADLINE * 2)
            build = subprocess.run([sys.executable, "-m", "teitools", "build", str(corpus), "-o",
                                    str(tmp_path / where), "-f", "html,txt", *extra],
                                   capture_output=True, env=_environment(), timeout=DEADLINE * 2)
            runs[where] = (validate.returncode, validate.stdout, build.returncode, build.stdout)
            assert build.returncode == 0, build.stderr.decode()
        assert runs["cluster"] == runs["local"]
        assert _snapshot(tmp_path / "cluster") == _snapshot(tmp_path / "local")
    finally:
        if worker is not None:
            _stop(worker)
        _stop(scheduler)
        for log in logs:
            log.close()
    assert scheduler.returncode is not None and (worker is None or worker.returncode is not None)

"""Run per-document work on a Dask distributed cluster (``--scheduler ADDRESS``).

The client (this process) plans, orders and writes; the workers of the cluster read,
validate and render.  This module holds what the build's and the validator's cluster
pools share (:mod:`teitools.build.dask_pool`, :mod:`teitools.validate.dask_pool`):

* :func:`connect`: a client of the scheduler, or an :class:`InputError` naming the address
  within a few seconds when it cannot be reached (or has no worker, or its workers run
  another teitools);
* :func:`ordered_results`: tasks submitted a window at a time, results in task order, a
  task's failure returned as that task's result so that the others go on; a worker that
  dies has its tasks rerun elsewhere by the scheduler (up to its ``allowed-failures``);
* :func:`worker_state`: one object per worker process and configuration (an XSLT engine,
  compiled schemas), created inside the worker on first use and never pickled, with the
  lock that keeps one task at a time on it (saxonche is not thread-safe);
* :func:`checked_source`: the bytes of a task's input, shipped or read by the worker from
  the shared file system, checked against the digest the client took.

Dask is an optional extra (``pip install teitools[dask]``): it is imported only here, and
only when a scheduler is given.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from teitools import __version__
from teitools.corpus import read_source
from teitools.errors import InputError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ClusterOptions", "InputChanged", "TaskFailure", "WorkerSetupError", "checked_source", "connect",
           "content_digest", "ordered_results", "worker_state"]

#: Seconds to wait for the scheduler to answer, and then for a first worker to join it.
CONNECT_TIMEOUT = 5.0
WORKER_TIMEOUT = 60.0
#: Tasks in flight per worker thread: enough to hide the round trips, few enough that the
#: results waiting to be written never pile up.
TASKS_PER_THREAD = 4


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Where the scheduler is, and whether its workers get the inputs as bytes (they cannot see our files)."""

    address: str
    ship_inputs: bool = False
    connect_timeout: float = CONNECT_TIMEOUT
    worker_timeout: float = WORKER_TIMEOUT


class WorkerSetupError(InputError):
    """A worker cannot do any task of this run (a schema or stylesheet it cannot load): an
    error of the run, not of one document."""


class InputChanged(Exception):
    """The bytes a worker read are not the ones the client planned with."""


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """What came back instead of a result: the task raised, or the workers running it kept dying."""

    reason: str
    worker_died: bool = False


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError("--scheduler needs Dask distributed, which is not installed: "
                         "pip install 'teitools[dask]'") from None
    return distributed


@contextmanager
def connect(options: ClusterOptions) -> Iterator[Client]:
    """A client of the scheduler at ``options.address`` whose workers run this teitools.

    Raises :class:`InputError` (with the address) when the scheduler cannot be reached within
    ``connect_timeout`` seconds, when no worker joins it within ``worker_timeout`` seconds, or
    when a worker runs another version of teitools (its output would differ).
    """
    distributed = _import_distributed()
    address = options.address
    try:  # a malformed address is refused before a client (and its event loop) exists
        scheme, _ = distributed.comm.parse_address(address)
        distributed.comm.registry.get_backend(scheme)
        if scheme in ("tcp", "tls"):
            distributed.comm.get_address_host_port(address)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{address} is not the address of a Dask scheduler ({exc}); "
                         "write it as tcp://host:8786") from None
    try:
        client = distributed.Client(address, timeout=f"{options.connect_timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise InputError(f"cannot reach the Dask scheduler at {address}: {reason}; "
                         "is `dask scheduler` running there?") from None
    try:
        try:
            client.wait_for_workers(1, timeout=options.worker_timeout)
        except (TimeoutError, OSError):
            raise InputError(f"the Dask scheduler at {address} has no worker (waited {options.worker_timeout:g} s; "
                             f"start one with `dask worker {address}`)") from None
        _check_workers(client, address)
        yield client
    finally:
        client.close(timeout=options.connect_timeout)


def worker_identity() -> tuple[str, str]:
    """The teitools version of this process, and where it is installed (for the message)."""
    import teitools

    return __version__, str(Path(teitools.__file__).parent)


def _check_workers(client: Client, address: str) -> None:
    try:
        identities: dict[str, tuple[str, str]] = client.run(worker_identity)
    except ImportError as exc:  # a worker without teitools cannot even unpickle the function
        raise InputError(f"a worker of the Dask scheduler at {address} cannot import teitools ({exc}); "
                         "install the same teitools on every worker") from None
    for worker, (version, _) in sorted(identities.items()):
        if version != __version__:
            raise InputError(f"worker {worker} of the Dask scheduler at {address} runs teitools {version}, "
                             f"this is teitools {__version__}; install the same version on every worker")


def cluster_threads(client: Client) -> int:
    """How many tasks the cluster's workers run at once."""
    return max(1, sum(client.nthreads().values()))


T = TypeVar("T")
R = TypeVar("R")


def ordered_results(client: Client, function: Callable[..., R], items: Iterable[T], *, name: str,
                    shared: Any, window: int | None = None) -> Iterator[tuple[T, R | TaskFailure]]:
    """``function(shared, item)`` for each item on the cluster, results in the order of ``items``.

    At most ``window`` tasks are submitted and not yet consumed.  A task that raises gives a
    :class:`TaskFailure` as its result (the others go on), except a :class:`WorkerSetupError`,
    which stops the run.  ``shared`` (a configuration) is sent to the cluster once, not with
    every task.
    """
    distributed = _import_distributed()
    if window is None:
        window = TASKS_PER_THREAD * cluster_threads(client)
    prefix = f"teitools-{name}-{uuid.uuid4().hex}"
    # the configuration as a task of its own rather than scattered data: workers fetch it from each
    # other, and the scheduler can make it again if every worker that held it dies
    shared_future = client.submit(_identity, shared, key=f"{prefix}-shared", pure=False)
    pending: deque[tuple[T, Any]] = deque()

    def collect() -> tuple[T, R | TaskFailure]:
        item, future = pending.popleft()
        try:
            return item, future.result()
        except WorkerSetupError as exc:
            raise WorkerSetupError(f"{exc} (a worker of the Dask scheduler at {client.scheduler.address})") from None
        except distributed.client.FutureCancelledError as exc:
            raise InputError(f"the Dask cluster at {client.scheduler.address} cancelled the work: {exc}") from None
        except distributed.KilledWorker as exc:
            return item, TaskFailure(f"the workers running it died ({exc})", worker_died=True)
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's finding
            return item, TaskFailure(f"{type(exc).__name__}: {exc}")
        finally:
            future.release()

    try:
        for index, item in enumerate(items):
            future = client.submit(function, shared_future, item, key=f"{prefix}-{index}", pure=False)
            pending.append((item, future))
            if len(pending) >= window:
                yield collect()
        while pending:
            yield collect()
    finally:
        for _, future in pending:
            future.cancel()
        shared_future.release()


def _identity(value: T) -> T:
    return value


# --- in the worker process ---------------------------------------------------------------

#: Configurations kept per worker process (a build's, a validation's…); the least recently
#: used is closed when one more comes in.
STATES_KEPT = 4

_states: OrderedDict[str, tuple[Any, threading.Lock, Callable[[Any], None] | None]] = OrderedDict()
_states_lock = threading.Lock()


def worker_state(key: str, create: Callable[[], T], close: Callable[[T], None] | None = None) -> tuple[T, threading.Lock]:
    """The object made by ``create`` for ``key`` in this process (made on first use), and its lock.

    ``create`` runs inside the worker, so engines and compiled schemas are never pickled; a
    failure there is a :class:`WorkerSetupError` (every task of the run would fail alike).
    """
    with _states_lock:
        found = _states.get(key)
        if found is not None:
            _states.move_to_end(key)
            return found[0], found[1]
        try:
            state = create()
        except Exception as exc:  # noqa: BLE001 - reported once, as an error of the run
            raise WorkerSetupError(f"a Dask worker cannot prepare: {exc}") from None
        _states[key] = (state, threading.Lock(), close)
        while len(_states) > STATES_KEPT:
            _, (old, old_lock, old_close) = _states.popitem(last=False)
            if old_close is not None:
                with old_lock:
                    old_close(old)
        return state, _states[key][1]


def checked_source(path: Path, digest: str, shipped: bytes | None) -> bytes:
    """The input's bytes: shipped with the task, or read by the worker and checked against ``digest``."""
    if shipped is not None:
        return shipped
    data = read_source(path)
    if content_digest(data) != digest:
        raise InputChanged(f"{path}: the worker read other bytes than the client planned with (the file changed "
                           "during the run, or the workers see another file at this path; use --ship-inputs "
                           "when they cannot see the client's files)")
    return data

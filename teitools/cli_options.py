"""The pieces the ``teitools`` commands share: options, choices read from the library, progress and writing.

Choices (validation layers, report and edition formats) are read from the modules that define
them only when a command needs them, so that ``teitools --help`` imports no part of the library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from teitools.errors import refused_write

DEFAULT_CORPUS = Path("tei")
#: More documents than this get a progress bar.
PROGRESS_THRESHOLD = 5


def input_paths(paths: Sequence[Path]) -> list[Path]:
    if paths:
        return list(paths)
    if DEFAULT_CORPUS.is_dir():
        return [DEFAULT_CORPUS]
    raise click.UsageError(f"no PATH given and no {DEFAULT_CORPUS}/ folder in the current directory")


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error when there is more than a handful of documents."""
    if total <= PROGRESS_THRESHOLD:
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from teitools.files import write_atomically

    write_atomically(output, text.encode("utf-8"))


class NamesFrom(click.Choice):  # type: ignore[type-arg]
    """A choice among names defined elsewhere (the validator's layers, the report formats), read
    only when a command needs them, so that ``teitools --help`` does not import the library."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._names: tuple[str, ...] | None = None
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = tuple(self._load())
        return self._names

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:
        """click.Choice sets its choices when created; ours come from ``load``."""


def validation_layers() -> Sequence[str]:
    from teitools.validate import LAYERS

    return LAYERS


def report_formats() -> Sequence[str]:
    from teitools.report import FORMATS

    return FORMATS


def edition_formats() -> Sequence[str]:
    """The formats of the renderers teitools has, in their order (pdf only when it is installed)."""
    from teitools.build import available_formats

    return available_formats()


class EditionFormats(click.ParamType):
    """A comma-separated list of edition formats, checked against the renderer registry."""

    name = "formats"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return ",".join(edition_formats())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        known = edition_formats()
        chosen = tuple(dict.fromkeys(part.strip().lower() for part in str(value).split(",") if part.strip()))
        if not chosen or any(name not in known for name in chosen):
            self.fail(f"choose from {', '.join(known)} (comma-separated), not {value!r}", param, ctx)
        return chosen


@contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """Name ``folder`` when a write into it is refused (a full disk…) and the error names no file."""
    try:
        yield
    except OSError as exc:
        refusal = refused_write(exc, None if (exc.filename2 or exc.filename) else folder)
        if refusal is None:
            raise
        raise refusal from exc


jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                           help="Worker processes to use.")
xinclude_option = click.option("--xinclude", is_flag=True,
                               help="Expand xi:include from files inside each document's folder (never a URL or "
                                    "a file outside it); the included files are parts, not documents of their own.")


def cluster_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--scheduler`` (or TEITOOLS_SCHEDULER) and ``--ship-inputs``: run on a Dask cluster (see teitools.cluster)."""
    command = click.option("--ship-inputs", is_flag=True,
                           help="Send the documents to the cluster's workers as bytes (they cannot see this "
                                "machine's files).")(command)
    return click.option("--scheduler", metavar="ADDRESS", envvar="TEITOOLS_SCHEDULER", show_envvar=True,
                        help="Process the documents on the workers of this Dask scheduler (tcp://host:8786) "
                             "instead of local processes; needs teitools[dask].")(command)


def cluster_from_options(scheduler: str | None, ship_inputs: bool, jobs: int = 1) -> Any:
    """The :class:`~teitools.cluster.ClusterOptions` of the command line, or None (no Dask at all)."""
    address = (scheduler or "").strip()
    if not address:
        if ship_inputs:
            raise click.UsageError("--ship-inputs needs --scheduler ADDRESS (or TEITOOLS_SCHEDULER)")
        return None
    if jobs > 1:
        raise click.UsageError(f"--jobs {jobs} and --scheduler {address} (or TEITOOLS_SCHEDULER) exclude each "
                               "other: the cluster's workers do the work")
    from teitools.cluster import ClusterOptions

    return ClusterOptions(address, ship_inputs=ship_inputs)

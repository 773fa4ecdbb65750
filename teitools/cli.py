"""The ``teitools`` command: arguments in, one library call, findings out, an exit code.

Exit codes are the members of :class:`teitools.errors.ExitStatus`: 0 everything is fine,
1 findings (invalid documents, failed builds, a bag that does not verify), 2 usage, input
or environment errors (missing files, unusable schemas, bad options, a full disk).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from teitools import __version__
from teitools.cli_options import (PROGRESS_THRESHOLD, EditionFormats, NamesFrom, cluster_from_options,
                                  cluster_options, input_paths, jobs_option, progress_bar, report_formats,
                                  validation_layers, write_or_print, writing_into, xinclude_option)
from teitools.errors import ExitStatus, TeitoolsError, refused_write

DEFAULT_OUTPUT = Path("output")


class TeitoolsGroup(click.Group):
    """Turns teitools errors into one-line messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TeitoolsError as exc:
            click.echo(f"teitools: error: {exc}", err=True)
            ctx.exit(int(exc.exit_status))
        except KeyboardInterrupt:
            click.echo("teitools: interrupted", err=True)
            ctx.exit(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): stop quietly, as other tools do;
            # stdout now points to /dev/null so that Python's final flush does not fail again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(ExitStatus.OUTPUT_CLOSED)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except OSError as exc:
            # a write the environment refused somewhere the library does not name the file
            # (a copy into a bag, a folder it creates): still the user's to fix, not a bug
            refusal = refused_write(exc)
            if refusal is None:
                self._internal_error(ctx, exc)
            click.echo(f"teitools: error: {refusal}", err=True)
            ctx.exit(refusal.exit_status)
        except Exception as exc:  # noqa: BLE001 - the user gets one line, not a traceback
            self._internal_error(ctx, exc)

    @staticmethod
    def _internal_error(ctx: click.Context, exc: Exception) -> NoReturn:
        if ctx.obj and ctx.obj.get("debug"):
            raise exc
        click.echo(f"teitools: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        ctx.exit(ExitStatus.INTERNAL_ERROR)


@click.group(cls=TeitoolsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teitools")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate TEI P5 documents, build their editions, and package them for deposit.

    Run `teitools COMMAND --help` for each command.
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-s", "--schema", "schemas", multiple=True, type=click.Path(path_type=Path),
              help="Validate against this schema (.rng, .xsd, .sch or .odd) instead of the project's "
                   "customization. Repeatable.")
@click.option("-f", "--format", "output_format", type=NamesFrom(report_formats), default="text",
              show_default=True, help="How to report findings.")
@click.option("--skip", multiple=True, type=NamesFrom(validation_layers),
              help="Leave out a validation layer. Repeatable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--no-hints", is_flag=True, help="Text format: leave out the 'hint:' lines.")
@jobs_option
@xinclude_option
@cluster_options
def validate(paths: tuple[Path, ...], schemas: tuple[Path, ...], output_format: str, skip: tuple[str, ...],
             output: Path | None, no_hints: bool, jobs: int, xinclude: bool, scheduler: str | None,
    ship_inputs: bool) -> None:
    """Validate TEI documents (default: the corpus in tei/).

    Checks well-formedness and encoding, the grammar (RELAX NG and XSD), Schematron
    rules, references between documents and registers, dates, and text hygiene.
    Each finding is reported as file:line:column with its rule and a hint.
    Exit status: 0 valid (warnings allowed), 1 errors found, 2 input or usage error.
    """
    from teitools.report import report_as_json, report_as_junit, report_as_text
    from teitools.validate import ValidationOptions, find_documents_to_validate, validate_documents

    cluster = cluster_from_options(scheduler, ship_inputs, jobs)
    found = find_documents_to_validate(input_paths(paths))
    options = ValidationOptions(schemas=tuple(schemas), skip=frozenset(skip), jobs=jobs, xinclude=xinclude,
                                cluster=cluster)
    with progress_bar(len(found.documents), "validating") as progress:
        report = validate_documents(found, options, progress)
    if report.skipped and output_format == "text":
        click.echo(f"teitools: note: skipped {len(report.skipped)} file(s) that are not .xml or .tei: "
                   + ", ".join(str(p) for p in report.skipped[:5]) + (" …" if len(report.skipped) > 5 else ""),
                   err=True)
    if output_format == "json":
        text = report_as_json(report)
    elif output_format == "junit":
        text = report_as_junit(report)
    else:
        text = report_as_text(report, with_hints=not no_hints)
    write_or_print(text, output)
    sys.exit(int(report.exit_status))


@contextmanager
def _stage_progress(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """Progress bars on standard error, one per build stage, when a stage has more than a handful of units."""
    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if total <= PROGRESS_THRESHOLD:
            return
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = click.progressbar(length=total, label=f"{label} ({stage})", file=sys.stderr,
                                                  show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)


def _source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds): the date written into PDFs and ePubs, if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {value!r}")
    return int(value)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-f", "--format", "formats", type=EditionFormats(), default=None,
              help="Editions to build, comma-separated.  [default: all of them]")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Folder to write the editions into.")
@click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date.")
@click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to report what was built and the findings.")
@jobs_option
@xinclude_option
@cluster_options
def build(paths: tuple[Path, ...], formats: tuple[str, ...] | None, output: Path, force: bool, report_format: str,
          jobs: int, xinclude: bool, scheduler: str | None,
    ship_inputs: bool) -> None:
    """Build the editions of TEI documents (default: the corpus in tei/) into output/.

    HTML (a static site that works offline), plain text, PDF/A-3b and ePub 3, the
    last two with the TEI source attached. Only documents whose inputs changed are
    rebuilt; outputs are written atomically. Set SOURCE_DATE_EPOCH for reproducible
    PDF and ePub dates.
    Exit status: 0 built, 1 a document failed, 2 usage error.
    """
    from teitools.build import available_renderers, build_editions
    from teitools.corpus import load_corpus
    from teitools.report import build_report_as_json, build_report_as_text

    cluster = cluster_from_options(scheduler, ship_inputs, jobs)
    renderers = available_renderers(timestamp=_source_date_epoch(), formats=formats)
    corpus = load_corpus(input_paths(paths))
    with _stage_progress("building") as progress, writing_into(output):
        report = build_editions(corpus, formats or tuple(renderers), output, jobs=jobs, progress=progress,
                                renderers=renderers, force=force, xinclude=xinclude,
                                cluster=cluster)
    text = build_report_as_json(report) if report_format == "json" else build_report_as_text(report)
    click.echo(text, nl=False)
    sys.exit(int(report.exit_status))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the bags into (required unless --verify).")
@click.option("--corpus", is_flag=True, help="One bag for all documents instead of one bag per document.")
@click.option("--allow-invalid", is_flag=True, help="Deposit documents that fail validation (the bag says so).")
@click.option("--force", is_flag=True, help="Replace existing bags (atomically).")
@click.option("--editions", type=click.Path(file_okay=False, path_type=Path),
              help="Build the editions of all bags once into this folder (e.g. output/), or reuse them if they are "
                   "up to date there. Default: a temporary folder.")
@click.option("--verify", "verify", is_flag=True,
              help="Check the bags (folders, .tar.gz or .zip) named as PATH instead of making bags.")
@click.option("--serialize", type=click.Choice(["tar.gz", "zip"]),
              help="Write each bag as one archive, with its sha256 beside it (NAME.tar.gz.sha256).")
@click.option("--layout", type=click.Choice(["bag", "ocfl"]), default="bag", show_default=True,
              help="BagIt bags, or OCFL 1.1 objects in the storage root -o ROOT (a new version when a deposit changed).")
@xinclude_option
@cluster_options
def deposit(paths: tuple[Path, ...], output: Path | None, corpus: bool, allow_invalid: bool, force: bool,
            editions: Path | None, verify: bool, serialize: str | None, layout: str, xinclude: bool,
            scheduler: str | None, ship_inputs: bool) -> None:
    """Package TEI documents as BagIt bags or OCFL objects, or check them.

    Each bag holds the TEI documents and their registers, the schemas, the HTML,
    plain-text and PDF/A editions, the validation reports, data/mets.xml (Dublin Core,
    PREMIS) and data/ro-crate-metadata.json; an OCFL version holds the same files.
    `--verify PATH…` checks bags (folders or archives) and OCFL objects or roots: manifests
    or inventories, METS, PREMIS and checksums, and re-validates the TEI.
    Exit status: 0 done or whole, 1 refused documents or problems found, 2 usage error.
    """
    from teitools.deposit import check_bag, deposit_documents
    from teitools.report import format_diagnostic

    cluster = cluster_from_options(scheduler, ship_inputs)
    if verify:
        if not paths:
            raise click.UsageError("--verify needs the bag folder(s) to check")
        status = 0
        for bag in paths:
            result = check_bag(bag)
            for finding in result.diagnostics:
                click.echo(format_diagnostic(finding))
            click.echo(result.summary())
            status = max(status, int(result.exit_status))
        sys.exit(status)
    if output is None:
        raise click.UsageError("give the output folder with -o DIR")
    from teitools.corpus import load_corpus

    model = load_corpus(input_paths(paths))
    with progress_bar(1 if corpus else len(model.editions), "depositing") as progress, writing_into(output):
        report = deposit_documents(model, output, corpus=corpus, allow_invalid=allow_invalid, force=force,
                                   progress=progress, editions=editions, xinclude=xinclude,
                                   serialization=serialize, layout=layout, cluster=cluster)
    for finding in report.diagnostics:
        click.echo(format_diagnostic(finding), err=True)
    click.echo(report.summary())
    sys.exit(int(report.exit_status))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-f", "--format", "output_format", type=click.Choice(["dc", "json"]), default="dc",
              show_default=True, help="oai_dc XML (Dublin Core) or JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the records to this file instead of standard output.")
def metadata(paths: tuple[Path, ...], output_format: str, output: Path | None) -> None:
    """Print the Dublin Core record of TEI documents, taken from their teiHeader.

    One document gives one oai_dc:dc record; several are wrapped in <records>.
    Exit status: 0 done, 1 a document could not be read, 2 usage error.
    """
    from teitools.metadata import describe_documents
    from teitools.report import format_diagnostic

    report = describe_documents(input_paths(paths))
    for finding in report.diagnostics:
        click.echo(format_diagnostic(finding), err=True)
    if report.documents:
        write_or_print(report.formatted(output_format), output)
    sys.exit(int(report.exit_status))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="teitools")


"""Golden files: the editions of a few small fixture documents, compared byte for byte with
the files committed under ``tests/golden/``, one folder per format:

- ``html/`` and ``txt/``: every page the build writes (documents, registers, chronology, index);
- ``typst/``: the Typst markup the print stylesheet writes, exactly as typst compiles it;
- ``pdf-text/``: the text of each PDF as ``pdftotext`` reads it.

A change to a stylesheet shows its effect on every format in one diff.  When the change is
intended, rewrite the files, look at ``git diff tests/golden``, and commit them::

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

The fixtures (``tests/fixtures/golden/``) hold a few constructs each: notes, names with and
without a register entry, dates, choice, a list, quotations, drama, verse, an unknown element.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from teitools.build import available_renderers, build_editions
from teitools.render import pdf_edition

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "golden"
GOLDEN = TESTS / "golden"
#: Fixed creation date of the PDFs (SOURCE_DATE_EPOCH), so that nothing depends on the day.
TIMESTAMP = 0
UPDATE_COMMAND = ".venv/bin/python -m pytest tests/test_golden.py --update-golden"


def _build(formats: tuple[str, ...], out: Path) -> None:
    report = build_editions([FIXTURES], formats, out, jobs=1, renderers=available_renderers(timestamp=TIMESTAMP))
    failures = [d for d in report.diagnostics if d.is_error]
    assert not failures, failures


def _texts(folder: Path, pattern: str) -> dict[str, str]:
    return {path.name: path.read_bytes().decode("utf-8") for path in sorted(folder.glob(pattern))}


@contextmanager
def _recording_typst_markup() -> Iterator[dict[str, str]]:
    """The Typst markup of each document (by its attached file name) as the print edition hands it
    to typst.  This is the one place that knows where that hand-over happens."""
    recorded: dict[str, str] = {}
    compile_pdf: Callable[..., Any] = pdf_edition.compile_pdf

    def recording(markup: str, files: Mapping[str, bytes], *args: Any, **kwargs: Any) -> Any:
        source = next(name for name in files if name.endswith((".xml", ".tei")))
        recorded[Path(source).stem] = markup
        return compile_pdf(markup, files, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_edition, "compile_pdf", recording)
        yield recorded


@pytest.fixture(scope="module")
def web_and_text_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    out = tmp_path_factory.mktemp("golden-html-txt")
    _build(("html", "txt"), out)
    return {"html": _texts(out / "html", "*.html"), "txt": _texts(out / "txt", "*.txt")}


@pytest.fixture(scope="module")
def print_edition(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (Debian package poppler-utils) is needed to compare the text of the PDFs")
    out = tmp_path_factory.mktemp("golden-pdf")
    with _recording_typst_markup() as markup:
        _build(("pdf",), out)
    pdf_text = {
        f"{pdf.stem}.txt": subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                          check=True).stdout.decode("utf-8")
        for pdf in sorted((out / "pdf").glob("*.pdf"))
    }
    return {"typst": {f"{stem}.typ": text for stem, text in sorted(markup.items())}, "pdf-text": pdf_text}


def _compare_or_update(kind: str, produced: dict[str, str], update: bool) -> None:
    folder = GOLDEN / kind
    assert produced, f"the build produced no {kind} output"
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in produced.items():
            (folder / name).write_bytes(text.encode("utf-8"))
        return
    expected = {path.name: path.read_bytes().decode("utf-8") for path in sorted(folder.glob("*"))}
    problems = []
    for name in sorted(set(expected) | set(produced)):
        if name not in produced:
            problems.append(f"{kind}/{name}: committed, but the build no longer writes it")
        elif name not in expected:
            problems.append(f"{kind}/{name}: written by the build, but there is no golden file")
        elif produced[name] != expected[name]:
            diff = difflib.unified_diff(expected[name].splitlines(keepends=True),
                                        produced[name].splitlines(keepends=True),
                                        f"golden/{kind}/{name}", f"built/{kind}/{name}")
            problems.append("".join(list(diff)[:120]))
    assert not problems, (f"the {kind} editions differ from tests/golden/{kind}/; if the change is intended, "
                          f"run `{UPDATE_COMMAND}` and read the diff before committing\n" + "\n".join(problems))


@pytest.mark.parametrize("kind", ["html", "txt"])
def test_web_and_text_editions_match_the_golden_files(kind: str, web_and_text_editions: dict[str, dict[str, str]],
                                                      update_golden: bool) -> None:
    _compare_or_update(kind, web_and_text_editions[kind], update_golden)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["typst", "pdf-text"])
def test_print_edition_matches_the_golden_files(kind: str, print_edition: dict[str, dict[str, str]],
                                                update_golden: bool) -> None:
    _compare_or_update(kind, print_edition[kind], update_golden)

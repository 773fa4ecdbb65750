"""The build pipeline: incremental, atomic, parallel, failures isolated, hostile input kept out."""

from __future__ import annotations

import json
import os
import stat
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from teitools.build import MANIFEST_NAME, build_editions
from teitools.files import write_atomically
from teitools.registers import RegisterSet
from teitools.render.base import EditionSource, RenderResult
from teitools.render.text import TextRenderer
from teitools.resources import resource_dir
from teitools.errors import TransformError
from teitools.xslt import XsltEngine

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"
CORPUS_PAGES = {"html/index.html", "html/chronology.html", "html/persons.html", "html/places.html",
                "html/organisations.html", "html/events.html", "html/assets/edition.css", "html/assets/edition.js",
                "html/search.html", "html/assets/search.js"}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "tei"
    shutil.copytree(FIXTURES, target)
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_build_rebuilds_nothing(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = build_editions([corpus], ["html", "txt"], output)
    pages = {name for name in first.built_files if not name.startswith("html/search/")}  # the search index: test_search
    assert pages == CORPUS_PAGES | {"html/letters.html", "html/diary.html", "txt/letters.txt", "txt/diary.txt"}
    assert "html/search/meta.js" in first.built_files
    assert not first.has_errors
    assert (output / MANIFEST_NAME).is_file()
    before = _snapshot(output)
    second = build_editions([corpus], ["html", "txt"], output)
    assert second.nothing_rebuilt and second.built_files == ()
    assert set(second.up_to_date) == {"html:letters.xml", "html:diary.xml", "txt:letters.xml", "txt:diary.xml",
                                      "html:corpus", "txt:corpus"}
    assert _snapshot(output) == before


@pytest.mark.slow
def test_changing_one_document_rebuilds_it_and_the_corpus_pages_only(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    diary = corpus / "diary.xml"
    diary.write_text(diary.read_text(encoding="utf-8").replace("nothing happened", "little happened"), encoding="utf-8")
    report = build_editions([corpus], ["html", "txt"], output)
    assert {name for name in report.built_files if not name.startswith("html/search/")} == \
        CORPUS_PAGES | {"html/diary.html", "txt/diary.txt"}
    assert "little happened" in "".join(p.read_text(encoding="utf-8") for p in (output / "html" / "search").glob("t-diary-*.js"))
    assert set(report.rebuilt) == {"html:diary.xml", "txt:diary.xml", "html:corpus", "txt:corpus"}
    assert set(report.up_to_date) == {"html:letters.xml", "txt:letters.xml"}
    assert "little happened" in (output / "txt" / "diary.txt").read_text(encoding="utf-8")


def test_a_deleted_output_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["txt"], output)
    (output / "txt" / "letters.txt").unlink()
    report = build_editions([corpus], ["txt"], output)
    assert report.built_files == ("txt/letters.txt",)


@dataclass(frozen=True)
class ExplodingRenderer:
    """A text renderer that crashes (not a TransformError: a bug) on one document."""

    explode_on: str
    format_name: str = "txt"
    stylesheets: tuple[Path, ...] = field(default_factory=lambda: TextRenderer().stylesheets)

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        if source.slug == self.explode_on:
            raise RuntimeError("renderer crashed")
        return TextRenderer().render_document(engine, source, registers)

    def render_corpus(self, engine: XsltEngine, sources: Sequence[EditionSource], registers: RegisterSet) -> RenderResult:
        return RenderResult((), ())


def test_a_crashing_renderer_leaves_previous_outputs_intact(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["txt"], output)
    before = _snapshot(output)
    for name in ("diary.xml", "letters.xml"):
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", "<p>Added paragraph.</p></body>"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="renderer crashed"):
        build_editions([corpus], ["txt"], output, renderers={"txt": ExplodingRenderer("letters")})
    assert _snapshot(output) == before
    assert not [p for p in output.rglob("*") if p.name.startswith(".") and p.name != MANIFEST_NAME]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("teitools.files.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def _write_too_deep_document(folder: Path) -> None:
    """A document nested deeper than the XSLT engine accepts: every format fails on it."""
    deep = "<hi>" * 120 + "deep" + "</hi>" * 120
    (folder / "deep.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        '<titleStmt><title>Deep</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>'
        f'</fileDesc></teiHeader><text><body><p>{deep}</p></body></text></TEI>', encoding="utf-8")


def test_a_document_that_fails_to_transform_is_reported_and_the_others_build(corpus: Path, tmp_path: Path) -> None:
    _write_too_deep_document(corpus)
    output = tmp_path / "out"
    report = build_editions([corpus], ["txt"], output)
    failed = [d for d in report.diagnostics if d.rule == "build.transform-failed"]
    assert [(d.file, d.severity.value) for d in failed] == [("deep.xml", "error")]
    assert set(report.built_files) == {"txt/letters.txt", "txt/diary.txt"}
    again = build_editions([corpus], ["txt"], output)
    assert again.rebuilt == ("txt:deep.xml",), "a failed document is tried again"


def test_a_malformed_document_is_a_diagnostic_and_the_others_build(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.xml").write_text('<?xml version="1.0" encoding="UTF-8"?><TEI><text>', encoding="utf-8")
    report = build_editions([corpus], ["txt"], tmp_path / "out")
    assert any(d.file == "broken.xml" and d.is_error for d in report.diagnostics)
    assert set(report.built_files) == {"txt/letters.txt", "txt/diary.txt"}


@pytest.mark.slow
def test_parallel_build_equals_serial_build(corpus: Path, tmp_path: Path) -> None:
    serial = build_editions([corpus], ["html", "txt"], tmp_path / "serial")
    parallel = build_editions([corpus], ["html", "txt"], tmp_path / "parallel", jobs=2)
    assert parallel.built_files == serial.built_files
    assert parallel.diagnostics == serial.diagnostics
    assert _snapshot(tmp_path / "parallel") == _snapshot(tmp_path / "serial")


def test_registers_are_inputs_not_editions(corpus: Path, tmp_path: Path) -> None:
    report = build_editions([corpus], ["txt"], tmp_path / "out")
    assert not any("persons" in f or "places" in f for f in report.built_files)


# Security ------------------------------------------------------------------------------------

HOSTILE_HEADER = ('<teiHeader><fileDesc><titleStmt><title>Hostile</title></titleStmt><publicationStmt><p/></publicationStmt>'
                  '<sourceDesc><p/></sourceDesc></fileDesc></teiHeader>')


@pytest.mark.parametrize("hostile", [
    '<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HOSTILE_HEADER}<text><body><p>&secret;</p></body></text></TEI>',
])
def test_external_entities_never_reach_the_transform(corpus: Path, tmp_path: Path, hostile: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (corpus / "hostile.xml").write_text(hostile, encoding="utf-8")
    transformed: list[str] = []
    original = XsltEngine.transform

    def recording(self: XsltEngine, stylesheet, document, parameters=None):  # type: ignore[no-untyped-def]
        transformed.append(str(parameters.get("document-href")) if parameters else "")
        return original(self, stylesheet, document, parameters)

    monkeypatch.setattr(XsltEngine, "transform", recording)
    report = build_editions([corpus], ["txt"], tmp_path / "out")
    assert "hostile.xml" not in transformed
    assert any(d.file == "hostile.xml" and d.is_error for d in report.diagnostics)
    assert not (tmp_path / "out" / "txt" / "hostile.txt").exists()


def test_an_unexpanded_include_is_a_gap_naming_the_file_which_is_never_read(corpus: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    (corpus / "hostile.xml").write_text(
        '<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'{HOSTILE_HEADER}<text><body><p>Before <xi:include href="{secret}" parse="text"/> after.</p></body></text></TEI>',
        encoding="utf-8")
    report = build_editions([corpus], ["txt"], tmp_path / "out")
    text = (tmp_path / "out" / "txt" / "hostile.txt").read_text(encoding="utf-8")
    assert f"Before [… not included: {secret}] after." in " ".join(text.split())  # wrapped at 72 columns
    assert "TOP-SECRET" not in text
    warning = next(d for d in report.diagnostics if d.file == "hostile.xml" and d.rule == "wellformed.xinclude")
    assert not warning.is_error and "--xinclude" in warning.hint


@pytest.mark.slow
def test_text_that_looks_like_xpath_stays_text(corpus: Path, tmp_path: Path) -> None:
    trick = "{document('/etc/passwd')} {unparsed-text('/etc/passwd')}"
    (corpus / "trick.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><TEI xmlns="http://www.tei-c.org/ns/1.0">' + HOSTILE_HEADER +
        f'<text><body><p rend="{trick}"><ref target="file:///etc/passwd">{trick}</ref> '
        f'<persName ref="/etc/passwd#root">x</persName> <ptr target="../../../../etc/passwd"/></p></body></text></TEI>',
        encoding="utf-8")
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    for page in ("html/trick.html", "txt/trick.txt"):
        content = (output / page).read_text(encoding="utf-8")
        assert "root:x:0" not in content and "/bin/" not in content
    assert "document('/etc/passwd')" in (output / "txt" / "trick.txt").read_text(encoding="utf-8")


def test_the_engine_refuses_file_access_after_compilation() -> None:
    engine = XsltEngine(TextRenderer().stylesheets)
    stylesheet = engine.stylesheet_from_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><out>{unparsed-text("/etc/passwd")}</out></xsl:template></xsl:stylesheet>'
        .replace("<out>{", '<out><xsl:value-of select=\'').replace("}</out>", "'/></out>"), "probe")
    from lxml import etree
    with pytest.raises(TransformError):
        engine.transform(stylesheet, etree.fromstring("<a/>"))


_RESOURCE_CALL = re.compile(r"\b(document|doc|doc-available|unparsed-text|unparsed-text-lines|unparsed-text-available|"
                            r"collection|uri-collection|json-doc|load-xquery-module|transform)\s*\(")


def test_no_stylesheet_of_ours_reads_resources() -> None:
    xslt = resource_dir("xslt")
    ours = [p for folder in ("common", "html", "text") for p in (xslt / folder).rglob("*.xsl")]
    assert len(ours) > 10
    for path in ours:
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        calls = [m.group(0) for m in _RESOURCE_CALL.finditer(text)]
        assert calls == [], f"{path.name} calls {calls}"
        assert "result-document" not in text, path.name
        for href in re.findall(r'<xsl:(?:import|include)\s+href="([^"]+)"', text):
            assert not re.match(r"^[a-z]+:|/", href) and (path.parent / href).resolve().is_file(), href


@pytest.mark.slow
def test_build_command_reports_rebuilds_and_force_renders_everything_again(corpus: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from teitools.cli import cli

    output = tmp_path / "out"
    arguments = ["build", str(corpus), "--format", "html,txt", "-o", str(output)]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 0, first.output
    # the fixture's unknown element is reported once, although both formats meet it
    written = sum(1 for p in output.rglob("*") if p.is_file() and not p.relative_to(output).parts[0].startswith("."))
    assert written == 14 + len(list((output / "html" / "search").glob("*.js")))  # pages, assets and the search index
    assert first.output.splitlines()[-1] == f"rebuilt 6 unit(s), 0 up to date; wrote {written} file(s); 0 errors, 1 warning"
    assert first.output.count("[build.unknown-element]") == 1
    again = CliRunner().invoke(cli, [*arguments, "--report", "json"])
    assert again.exit_code == 0, again.output
    payload = json.loads(again.output)
    assert payload["rebuilt"] == [] and payload["written"] == [] and len(payload["up_to_date"]) == 6
    forced = CliRunner().invoke(cli, [*arguments, "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.output.splitlines()[-1].startswith("rebuilt 6 unit(s), 0 up to date")


def test_build_command_exits_1_when_a_document_fails(corpus: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from teitools.cli import cli

    (corpus / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--format", "txt", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert re.search(r"broken\.xml:\d+:\d+: error: .* \[wellformed\.syntax\]", result.output)
    assert (tmp_path / "out" / "txt" / "letters.txt").is_file()


@pytest.mark.slow
def test_a_failed_pdf_is_not_recorded_as_up_to_date(corpus: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from teitools.cli import cli

    _write_too_deep_document(corpus)
    arguments = ["build", str(corpus), "--format", "pdf", "-o", str(tmp_path / "out"), "--report", "json"]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 1, first.output
    second = CliRunner().invoke(cli, arguments)
    assert second.exit_code == 1, second.output
    report = json.loads(second.stdout)
    assert "pdf:deep.xml" in report["rebuilt"], "the failed PDF is tried again"
    assert "pdf:letters.xml" in report["up_to_date"]
    assert any(d["file"] == "deep.xml" and d["severity"] == "error" for d in report["diagnostics"])


# Deciding from file metadata ------------------------------------------------------------------

def test_a_touched_file_with_the_same_bytes_is_not_rebuilt_and_a_changed_one_is(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    diary, letters = corpus / "diary.xml", corpus / "letters.xml"
    diary.touch()  # a new mtime, the same bytes: hashed again, found unchanged
    letters.write_text(letters.read_text(encoding="utf-8").replace("</body>", "<p>Added.</p></body>"),
                       encoding="utf-8")
    report = build_editions([corpus], ["html", "txt"], output)
    assert set(report.rebuilt) == {"html:letters.xml", "txt:letters.xml", "html:corpus", "txt:corpus"}
    assert set(report.up_to_date) == {"html:diary.xml", "txt:diary.xml"}
    assert "Added." in (output / "txt" / "letters.txt").read_text(encoding="utf-8")


def test_nothing_is_read_when_no_size_or_time_changed(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    diary = corpus / "diary.xml"
    status = diary.stat()
    diary.write_bytes(b"<" * status.st_size)  # not even XML, but the same size and (restored) time
    os.utime(diary, ns=(status.st_atime_ns, status.st_mtime_ns))
    report = build_editions([corpus], ["html", "txt"], output)
    assert report.nothing_rebuilt and not report.diagnostics


@pytest.mark.slow
def test_summaries_of_unchanged_documents_feed_the_corpus_pages(corpus: Path, tmp_path: Path) -> None:
    """A rebuild renders the corpus pages from the summaries kept on disk: the same pages as a full build."""
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    build_editions([corpus], ["html"], incremental)
    letters = corpus / "letters.xml"
    letters.write_text(letters.read_text(encoding="utf-8").replace("</body>", "<p>Added.</p></body>"),
                       encoding="utf-8")
    assert "html:corpus" in build_editions([corpus], ["html"], incremental).rebuilt
    build_editions([corpus], ["html"], full)
    for page in ("index.html", "chronology.html", "persons.html", "places.html"):
        assert (incremental / "html" / page).read_bytes() == (full / "html" / page).read_bytes(), page


# Permissions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_outputs_are_written_with_the_modes_of_any_build_tool(corpus: Path, tmp_path: Path, umask: int,
                                                              file_mode: int, folder_mode: int) -> None:
    previous = os.umask(umask)
    try:
        build_editions([corpus], ["txt"], tmp_path / "out")
    finally:
        os.umask(previous)
    written = [p for p in (tmp_path / "out").rglob("*")]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written if p.is_file()} == {file_mode}
    assert {stat.S_IMODE(p.stat().st_mode) for p in written if p.is_dir()} == {folder_mode}


def test_outputs_a_unit_no_longer_makes_are_removed_and_nothing_outside_the_output_is_touched(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    manifest_path = output / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    record = manifest["units"]["txt:diary.xml"]
    (output / "txt" / "old-diary.txt").write_text("an output of an earlier build", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("not the build's", encoding="utf-8")
    record["outputs"] += ["txt/old-diary.txt", "../outside.txt"]
    (tmp_path / "outside.xml").write_text('<tt:document xmlns:tt="urn:teitools" href="x.xml" slug="x" lang="en" '
                                          'title="Read from outside"/>', encoding="utf-8")
    manifest["units"]["html:letters.xml"]["summary"] = "../outside.xml"  # letters.xml does not change
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    diary = corpus / "diary.xml"
    diary.write_text(diary.read_text(encoding="utf-8").replace("nothing happened", "little happened"), encoding="utf-8")
    report = build_editions([corpus], ["html", "txt"], output)
    assert "txt:diary.xml" in report.rebuilt
    assert not (output / "txt" / "old-diary.txt").exists()
    assert outside.read_text(encoding="utf-8") == "not the build's"
    assert (output / "txt" / "diary.txt").is_file()
    assert "Read from outside" not in (output / "html" / "index.html").read_text(encoding="utf-8")

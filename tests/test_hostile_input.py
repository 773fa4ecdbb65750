"""Bad and hostile input: a clear one-line error, a non-zero exit, no traceback,
no network access, and no file read that the user did not name.

"No file read" is proved with FIFOs: a named pipe without a writer blocks whoever
opens it, so a command that tried to read one would hang until the timeout.
"No network" is proved with an HTTP server on the loopback address that must
receive no request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from loopback import recording_server

from teitools.cli import cli

TEI_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
MINIMAL = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
           '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
           '<text><body><p>{body}</p></body></text></TEI>\n')


def run_teitools(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "teitools", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, stdin=subprocess.DEVNULL)


def assert_clean_failure(result: subprocess.CompletedProcess[str], exit_code: int) -> None:
    assert result.returncode == exit_code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


@pytest.fixture()
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    with recording_server(b'<!ENTITY leaked "LEAKED-FROM-NETWORK">') as server:
        yield server


@pytest.fixture()
def trap(tmp_path: Path) -> Path:
    """A FIFO outside the inputs: opening it for reading would block forever."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    fifo = folder / "secret.txt"
    os.mkfifo(fifo)
    return fifo


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _json_findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    payload = json.loads(result.stdout)
    return [finding for document in payload["documents"] for finding in document["diagnostics"]]


@pytest.mark.slow
def test_malformed_xml_is_one_error_with_position(tmp_path: Path) -> None:
    doc = _write(tmp_path / "in", "broken.xml", TEI_HEAD + "<TEI>\n  <p>unclosed\n</TEI>\n")
    result = run_teitools("validate", str(doc))
    assert_clean_failure(result, 1)
    assert (f"{doc}:4:1: error: the closing tag </TEI> at 4:1 does not match <p> opened at 3:3 [wellformed.syntax]"
            in result.stdout)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_teitools("validate", str(tmp_path / "nowhere.xml"))
    assert_clean_failure(result, 2)
    assert result.stderr.strip() == f"teitools: error: {tmp_path / 'nowhere.xml'}: no such file or directory"


@pytest.mark.slow
def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root reads files whatever their permissions, so the refusal is the operating system's
    # answer simulated for this one file; everything above it is the real command
    doc = _write(tmp_path / "in", "locked.xml", TEI_HEAD + MINIMAL.format(body="x"))
    doc.chmod(0)
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == doc and os.geteuid() == 0:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(cli, ["validate", str(doc)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[0] == f"{doc}: error: permission denied [input.unreadable]"


@pytest.mark.slow
def test_directory_named_as_document_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    (folder / "inner.txt").write_text("not a document")
    result = run_teitools("validate", "--format", "json", str(folder))
    # a directory is expanded into its documents: here none (the .txt file is not read), which is
    # an input error (issue 9)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (f"teitools: error: {folder}: no TEI documents here "
                                     "(no .xml or .tei file in this folder or below)")
    assert result.stdout == ""


@pytest.mark.slow
def test_mixed_directory_reads_only_documents_and_reports_each(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    _write(folder, "notes.txt", "plain text, skipped")
    _write(folder, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(folder, "not-xml.xml", "just some words")
    _write(folder, "latin1.xml", TEI_HEAD.encode() + b"<TEI>caf\xe9</TEI>\n")
    result = run_teitools("validate", "--format", "json", str(folder))
    assert_clean_failure(result, 1)
    findings = {(Path(str(f["file"])).name, f["rule"], f["line"], f["column"]) for f in _json_findings(result)}
    assert ("not-xml.xml", "wellformed.not-xml", 1, 1) in findings
    assert ("latin1.xml", "encoding.invalid-utf8", 2, 9) in findings
    skipped = {Path(p).name for p in json.loads(result.stdout)["summary"]["skipped"]}
    assert skipped == {"notes.txt", "image.png"}


@pytest.mark.slow
def test_declared_legacy_encoding_is_an_error(tmp_path: Path) -> None:
    doc = _write(tmp_path / "in", "latin.xml", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<TEI>caf\xe9</TEI>\n')
    result = run_teitools("validate", str(doc))
    assert_clean_failure(result, 1)
    assert f"{doc}:1:1: error: the document is declared as ISO-8859-1" in result.stdout
    assert "[encoding.not-unicode]" in result.stdout


@pytest.mark.slow
def test_utf16_with_bom_and_declaration_is_read(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>Điện Biên Phủ</p></TEI>\n'
    doc = _write(tmp_path / "in", "utf16.xml", text.encode("utf-16"))
    result = run_teitools("validate", "--format", "json", "--skip", "relaxng", "--skip", "xsd", "--skip",
                          "schematron", str(doc))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [f for f in _json_findings(result) if str(f["layer"]) in {"wellformed", "encoding"}]


@pytest.mark.slow
def test_external_entity_to_local_file_is_refused_unread(tmp_path: Path, trap: Path) -> None:
    doc = _write(tmp_path / "in", "xxe.xml", TEI_HEAD + f'<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file://{trap}">]>\n'
                 + MINIMAL.format(body="&secret;"))
    result = run_teitools("validate", str(doc), timeout=60)
    assert_clean_failure(result, 1)
    assert f"{doc}:2:16: error: the DOCTYPE declares the external entity 'secret' pointing to 'file://{trap}'" \
        in result.stdout
    assert "[wellformed.external-entity-declaration]" in result.stdout


@pytest.mark.slow
def test_external_entity_and_dtd_by_url_open_no_connection(tmp_path: Path,
                                                          loopback_server: tuple[str, list[str]]) -> None:
    url, requests = loopback_server
    doc = _write(tmp_path / "in", "xxe-url.xml", TEI_HEAD + f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd" [\n'
                 f'<!ENTITY % remote SYSTEM "{url}/remote.ent"> %remote;\n<!ENTITY net SYSTEM "{url}/x">]>\n'
                 + MINIMAL.format(body="&net;"))
    result = run_teitools("validate", str(doc), timeout=60)
    assert_clean_failure(result, 1)
    assert requests == []
    assert "LEAKED" not in result.stdout
    assert "[wellformed.external-entity-declaration]" in result.stdout


@pytest.mark.slow
def test_external_dtd_file_is_not_read(tmp_path: Path, trap: Path) -> None:
    doc = _write(tmp_path / "in", "dtd.xml", TEI_HEAD + f'<!DOCTYPE TEI SYSTEM "file://{trap}">\n'
                 + MINIMAL.format(body="x"))
    result = run_teitools("validate", "--format", "json", str(doc), timeout=60)
    findings = _json_findings(result)
    assert {"rule": "wellformed.external-dtd", "line": 2, "column": 1, "severity": "warning"}.items() <= \
        next(f for f in findings if f["rule"] == "wellformed.external-dtd").items()


@pytest.mark.slow
def test_entity_bomb_is_refused_without_expansion(tmp_path: Path) -> None:
    levels = ['<!ENTITY lol0 "lololololololololololol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    doc = _write(tmp_path / "in", "bomb.xml", TEI_HEAD + "<!DOCTYPE TEI [" + "".join(levels) + "]>\n"
                 + MINIMAL.format(body="&lol9;"))
    result = run_teitools("validate", str(doc), timeout=60)
    assert_clean_failure(result, 1)
    assert ":2:16: error: entity declarations that would expand without bound" in result.stdout
    assert "[wellformed.entity-expansion]" in result.stdout
    assert "lololol" not in result.stdout
    assert len(result.stdout) < 10_000


@pytest.mark.slow
def test_quadratic_blowup_is_refused(tmp_path: Path) -> None:
    """One large internal entity used many times (no nesting): refused by the amplification limit."""
    doc = _write(tmp_path / "in", "quadratic.xml", TEI_HEAD + '<!DOCTYPE TEI [<!ENTITY big "' + "x" * 40_000 + '">]>\n'
                 + MINIMAL.format(body="&big;" * 40_000))
    result = run_teitools("validate", str(doc), timeout=60)
    assert_clean_failure(result, 1)
    assert ":2:16: error: entity declarations that would expand without bound" in result.stdout
    assert "[wellformed.entity-expansion]" in result.stdout
    assert len(result.stdout) < 10_000


@pytest.mark.slow
def test_xinclude_is_reported_and_not_followed(tmp_path: Path, trap: Path) -> None:
    doc = _write(tmp_path / "in", "xi.xml", TEI_HEAD + MINIMAL.format(
        body=f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{trap}" parse="text"/>'))
    result = run_teitools("validate", str(doc), timeout=60)
    assert_clean_failure(result, 1)
    assert f"xi:include of 'file://{trap}' is not expanded: its content is missing from the editions [wellformed.xinclude]" in result.stdout


@pytest.mark.slow
def test_pointer_to_file_outside_the_inputs_is_not_read(tmp_path: Path, trap: Path) -> None:
    doc = _write(tmp_path / "in", "pointer.xml", TEI_HEAD + MINIMAL.format(
        body=f'<ref target="../elsewhere/{trap.name}#x">see</ref>'))
    result = run_teitools("validate", "--format", "json", str(doc), timeout=60)
    rules = {f["rule"] for f in _json_findings(result)}
    assert "references.target-not-validated" in rules
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_unknown_option_and_bad_schema_are_usage_errors(tmp_path: Path) -> None:
    doc = _write(tmp_path / "in", "ok.xml", TEI_HEAD + MINIMAL.format(body="x"))
    result = run_teitools("validate", "--no-such-option", str(doc))
    assert_clean_failure(result, 2)
    schema = _write(tmp_path, "schema.txt", "not a schema")
    result = run_teitools("validate", "--schema", str(schema), str(doc))
    assert_clean_failure(result, 2)
    assert result.stderr.strip() == f"teitools: error: {schema}: unknown schema type; use .rng, .xsd, .sch or .odd"
    broken = _write(tmp_path, "broken.rng", "<grammar")
    result = run_teitools("validate", "--schema", str(broken), str(doc))
    assert_clean_failure(result, 2)
    assert result.stderr.startswith(f"teitools: error: {broken}:") and result.stderr.count("\n") == 1

"""A file that is not TEI is an error for build and deposit (and validate), never a silent success."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import cli
from teitools.corpus import is_tei_root, parse_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"
XHTML = '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>a page</p></body></html>\n'
BARE_TEI = '<?xml version="1.0"?>\n<TEI><teiHeader/><text><body><p>no namespace</p></body></text></TEI>\n'
METS = '<?xml version="1.0"?>\n<mets xmlns="http://www.loc.gov/METS/"/>\n'


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    folder.mkdir()
    shutil.copy(FIXTURES / "diary.xml", folder / "diary.xml")
    (folder / "page.xml").write_text(XHTML, encoding="utf-8")
    (folder / "bare.xml").write_text(BARE_TEI, encoding="utf-8")
    (folder / "mets.xml").write_text(METS, encoding="utf-8")
    return folder


EXPECTED = {
    "bare.xml": ("wellformed.not-tei-namespace",
                 "the document element <TEI> is not in the TEI namespace (it is in no namespace)",
                 'declare the TEI namespace on it: <TEI xmlns="http://www.tei-c.org/ns/1.0">'),
    "page.xml": ("wellformed.not-tei", "this is an HTML file, not a TEI document (its document element is <html>)",
                 None),
    "mets.xml": ("wellformed.not-tei", "this is not a TEI document: its document element is <mets> in the "
                 "namespace http://www.loc.gov/METS/", None),
}


def _error_lines(output: str) -> dict[str, str]:
    return {line.split(":", 1)[0].rsplit("/", 1)[-1]: line for line in output.splitlines() if ": error: " in line}


def test_the_tei_root_rule(tmp_path: Path) -> None:
    for name, text, expected in (("a.xml", XHTML, False), ("b.xml", BARE_TEI, False), ("c.xml", METS, False),
                                 ("d.xml", '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"/>', True),
                                 ("e.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', True),
                                 ("f.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0/"/>', False)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        document = parse_document(tmp_path / name).document
        assert document is not None and is_tei_root(document.root) is expected, name


def test_build_refuses_files_that_are_not_tei(mixed: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "-f", "txt", "-o", str(output), str(mixed)])
    assert result.exit_code == 1, result.output
    errors = _error_lines(result.output)
    assert set(errors) == set(EXPECTED)
    for name, (rule, message, hint) in EXPECTED.items():
        assert f"{name}:2:1: error: {message} [{rule}]" in errors[name]
        if hint:
            assert f"hint: {hint}" in result.output
    assert sorted(p.name for p in (output / "txt").iterdir()) == ["diary.txt"]


@pytest.mark.slow
def test_deposit_refuses_files_that_are_not_tei_even_when_invalid_ones_are_allowed(mixed: Path,
                                                                                  tmp_path: Path) -> None:
    bags = tmp_path / "bags"
    result = CliRunner().invoke(cli, ["deposit", "--allow-invalid", "-o", str(bags), str(mixed)])
    assert result.exit_code == 1, result.output
    errors = _error_lines(result.output)
    assert set(errors) == set(EXPECTED)
    for name, (rule, message, _hint) in EXPECTED.items():
        assert f"{name}:2:1: error: {message} [{rule}]" in errors[name]
    assert sorted(p.name for p in bags.iterdir()) == ["diary"]


def test_validate_says_the_same(mixed: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--skip", "xsd", "--skip", "schematron", str(mixed)])
    assert result.exit_code == 1
    errors = _error_lines(result.output)
    assert set(errors) - {"diary.xml"} == set(EXPECTED)
    assert "not-tei" not in errors.get("diary.xml", "")
    for name, (rule, message, _hint) in EXPECTED.items():
        assert f"{message} [{rule}]" in errors[name]

"""`teitools validate` end to end: the seeded errors of tests/fixtures/validate are each
reported at their line, column and rule, identically in text, JSON and JUnit; serial and
parallel runs agree; the corpus is clean under the customization and under tei_all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "validate"
SHARED = ROOT.parent / "shared"
TEI_ALL = SHARED / "schemas" / "tei" / "tei_all.rng"
PLAYS = SHARED / "corpora" / "gerdracor-sample"

#: Every finding on the fixtures: (file, line, column, severity, rule).  Each bad-*.xml file
#: is valid.xml with one seeded error; several layers may see the same error, but the RELAX NG
#: and the XSD of the customization (one ODD) report an error they both see once.
EXPECTED = [
    ("bad-attribute-value.xml", 24, 7, "error", "relaxng.invalid-value"),
    ("bad-date-iso.xml", 27, 17, "error", "dates.invalid-iso"),
    ("bad-date-iso.xml", 27, 17, "error", "relaxng.invalid-value"),
    ("bad-date-range.xml", 27, 15, "error", "dates.range-reversed"),
    ("bad-date-range.xml", 27, 15, "error", "dates.text-disagrees"),
    ("bad-date-range.xml", 27, 15, "error", "schematron.range-from-to"),
    ("bad-date-text.xml", 27, 17, "error", "dates.text-disagrees"),
    ("bad-duplicate-id.xml", 24, 7, "error", "schematron.xmlid-unique"),
    ("bad-duplicate-id.xml", 25, 9, "error", "references.duplicate-id"),
    ("bad-duplicate-id.xml", 25, 9, "error", "relaxng.duplicate-id"),
    ("bad-duplicate-id.xml", 25, 9, "error", "schematron.xmlid-unique"),
    ("bad-element.xml", 26, 66, "error", "relaxng.element-not-allowed"),
    ("bad-hygiene.xml", 25, 9, "warning", "hygiene.control-character"),
    ("bad-hygiene.xml", 25, 9, "warning", "hygiene.invalid-language-tag"),
    ("bad-hygiene.xml", 25, 9, "warning", "hygiene.not-nfc"),
    ("bad-missing-ref.xml", 26, 12, "error", "schematron.persName-ref"),
    ("bad-reference.xml", 26, 12, "error", "references.unresolved-id"),
    ("bad-wellformed.xml", 27, 49, "error", "wellformed.syntax"),
    ("registers/persons.xml", 22, 7, "warning", "references.unused-entry"),
]

#: What the message of the first finding on each seeded error says (the reader's view).
MESSAGES = {
    ("bad-attribute-value.xml", "relaxng.invalid-value"): "attribute 'type' of 'div' has an invalid value 'planet'",
    ("bad-date-iso.xml", "dates.invalid-iso"): "@when='1954-02-30' is not a valid ISO 8601",
    ("bad-date-range.xml", "dates.range-reversed"): "@from='1954-05-07' is later than @to='1954-03-13'",
    ("bad-date-text.xml", "dates.text-disagrees"): "the text “7/5/1954” gives 1954-05-07 but @when='1954-05-08'",
    ("bad-duplicate-id.xml", "references.duplicate-id"): "xml:id 's1' on <head> is already used on <div> at line 24",
    ("bad-element.xml", "relaxng.element-not-allowed"): "element 'foo' is not allowed here in 'p'",
    ("bad-hygiene.xml", "hygiene.invalid-language-tag"): 'xml:lang="vn" is not a registered BCP 47 language tag',
    ("bad-missing-ref.xml", "schematron.persName-ref"): "persName without @ref",
    ("bad-reference.xml", "references.unresolved-id"): "no xml:id 'per-castries' in registers/persons.xml",
    ("bad-wellformed.xml", "wellformed.syntax"):
        "the closing tag </p> at 27:49 does not match <date> opened at 27:17",
}

_TEXT_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                        r"(?P<message>.*) \[(?P<rule>[\w.-]+)\]$")


def run_teitools(*args: str, cwd: Path = FIXTURES, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "teitools", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def text_run() -> subprocess.CompletedProcess[str]:
    return run_teitools("validate", ".")


@pytest.mark.slow
def test_text_report_lists_every_seeded_error(text_run: subprocess.CompletedProcess[str]) -> None:
    assert text_run.returncode == 1, text_run.stderr
    findings = [m for m in map(_TEXT_LINE.match, text_run.stdout.splitlines()) if m]
    assert [(m["file"], int(m["line"]), int(m["column"]), m["severity"], m["rule"]) for m in findings] == EXPECTED
    for (file, rule), words in MESSAGES.items():
        assert any(m["file"] == file and m["rule"] == rule and words in m["message"] for m in findings), (file, rule)
    hints = [line for line in text_run.stdout.splitlines() if line.startswith("    hint: ")]
    assert len(hints) == len(EXPECTED)  # every finding says what to do
    assert text_run.stdout.splitlines()[-1] == "12 documents checked: 3 valid, 9 invalid; 15 errors, 4 warnings"


@pytest.mark.slow
def test_every_bad_fixture_is_reported_and_valid_is_clean(text_run: subprocess.CompletedProcess[str]) -> None:
    reported = {file for file, *_ in EXPECTED}
    bad = {path.name for path in FIXTURES.glob("bad-*.xml")}
    assert bad <= reported
    assert "valid.xml" not in reported


@pytest.mark.slow
def test_json_report_has_the_same_findings() -> None:
    run = run_teitools("validate", "--format", "json", ".")
    assert run.returncode == 1, run.stderr
    payload = json.loads(run.stdout)
    findings = [(d["file"], d["line"], d["column"], d["severity"], d["rule"])
                for document in payload["documents"] for d in document["diagnostics"]]
    assert findings == EXPECTED
    assert {d["file"] for d in payload["documents"] if d["valid"]} == {
        "valid.xml", "bad-hygiene.xml", "registers/persons.xml"}
    assert payload["summary"] == {"documents": 12, "errors": 15, "warnings": 4, "skipped": []}
    first = payload["documents"][0]["diagnostics"][0]
    assert set(first) >= {"file", "line", "column", "severity", "layer", "rule", "message", "hint"}


@pytest.mark.slow
def test_junit_report_has_one_case_per_document_and_the_same_findings() -> None:
    run = run_teitools("validate", "--format", "junit", ".")
    assert run.returncode == 1, run.stderr
    suites = etree.fromstring(run.stdout.encode("utf-8"))
    cases = suites.findall(".//testcase")
    assert len(cases) == 12
    assert suites.get("failures") == "9"
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    assert failed == {file for file, _, _, severity, _ in EXPECTED if severity == "error"}
    reported = []
    for case in cases:
        for part in ("failure", "system-out"):
            node = case.find(part)
            if node is not None:
                reported += [(m["file"], int(m["line"]), int(m["column"]), m["severity"], m["rule"])
                             for m in map(_TEXT_LINE.match, (node.text or "").splitlines()) if m]
    assert sorted(reported) == sorted(EXPECTED)


@pytest.mark.slow
def test_parallel_run_reports_exactly_what_the_serial_run_reports(
        text_run: subprocess.CompletedProcess[str]) -> None:
    parallel = run_teitools("validate", "--jobs", "2", ".")
    assert (parallel.returncode, parallel.stdout) == (text_run.returncode, text_run.stdout)


@pytest.mark.slow
def test_corpus_is_clean_under_the_customization() -> None:
    run = run_teitools("validate", "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stdout
    payload = json.loads(run.stdout)
    assert payload["summary"]["errors"] == 0 and payload["summary"]["warnings"] == 0
    assert payload["summary"]["documents"] == 7  # three texts and four registers


@pytest.mark.slow
def test_corpus_is_clean_under_tei_all() -> None:
    run = run_teitools("validate", "--schema", str(TEI_ALL), "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stdout
    assert json.loads(run.stdout)["summary"]["errors"] == 0


@pytest.mark.slow
def test_tei_all_verdicts_on_the_plays_match_jing() -> None:
    """Document by document, teitools and jing agree (jing is run one file at a time,
    because in batch mode it stops at the first file that is not well-formed)."""
    jing = shutil.which("jing")
    assert jing is not None, "jing is not installed: the test set-up installs it (apt-get install jing)"
    plays = sorted(PLAYS.glob("*.xml"))
    assert len(plays) == 25
    run = run_teitools("validate", "--schema", str(TEI_ALL), "--skip", "references", "--skip", "dates",
                       "--skip", "hygiene", "--format", "json", "--jobs", "2", *map(str, plays), cwd=ROOT)
    ours = {Path(d["file"]).name: [f for f in d["diagnostics"] if f["severity"] == "error"]
            for d in json.loads(run.stdout)["documents"]}
    theirs = {}
    for play in plays:
        verdict = subprocess.run([jing, str(TEI_ALL), str(play)], capture_output=True, text=True, timeout=300)
        theirs[play.name] = [line for line in verdict.stdout.splitlines() if ": error:" in line]
    assert {name: bool(f) for name, f in ours.items()} == {name: bool(f) for name, f in theirs.items()}
    invalid = sorted(name for name, f in theirs.items() if f)
    assert invalid == ["alexander-die-verpfaendung.xml"]
    # the same lines as jing
    assert {f["line"] for f in ours[invalid[0]]} == {int(line.split(":")[1]) for line in theirs[invalid[0]]}
    assert run.returncode == 1


# ---------------------------------------------------------------- one finding per problem, plain words

_CLARK = re.compile(r"\{[^{}\s]*\}[\w.-]")
_TEI_DOCUMENT = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
                 "<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p>"
                 "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>\n"
                 "<text><body>\n{body}\n</body></text>\n</TEI>\n")


def findings_of(run: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [f for d in json.loads(run.stdout)["documents"] for f in d["diagnostics"]]


def test_a_folder_without_documents_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    run = run_teitools("validate", str(tmp_path), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"teitools: error: {tmp_path}: no TEI documents here "
                                               "(no .xml or .tei file in this folder or below)"]
    assert run.stdout == ""


def test_pointers_into_a_missing_register_file_give_one_warning_per_file(tmp_path: Path) -> None:
    """A document checked away from its registers/ folder: one warning per missing register,
    with the number of pointers and the first place; a missing document of a validated
    folder is an error, once."""
    body = "\n".join([
        '<p><placeName ref="registers/places.xml#pla-a">A</placeName></p>',
        '<p><placeName ref="registers/places.xml#pla-b">B</placeName> <persName ref="registers/persons.xml#p">P</persName></p>',
        '<p><placeName ref="registers/places.xml#pla-a">A</placeName> <ref target="other.xml#x">o</ref></p>',
        '<p><ref target="other.xml#y">o</ref></p>'])
    (tmp_path / "doc.xml").write_text(_TEI_DOCUMENT.format(body=body), encoding="utf-8")
    run = run_teitools("validate", "--format", "json", "--skip", "relaxng", "--skip", "xsd", "--skip", "schematron",
                       "doc.xml", cwd=tmp_path)
    found = sorted((f["rule"], f["severity"], f["line"], f["column"], f["message"]) for f in findings_of(run))
    assert found == [
        ("references.unresolved-file", "error", 7, 62,
         "2 pointers point into other.xml; the first is 'other.xml#x' in @target: there is no file other.xml"),
        ("references.unresolved-file", "warning", 5, 4,
         "3 pointers point into registers/places.xml; the first is 'registers/places.xml#pla-a' in @ref: "
         "there is no file registers/places.xml"),
        ("references.unresolved-file", "warning", 6, 62,
         "'registers/persons.xml#p' in @ref: there is no file registers/persons.xml"),
    ]
    assert run.returncode == 1  # the missing other.xml is an error


@pytest.mark.slow
def test_an_element_both_grammars_of_the_customization_reject_is_reported_once() -> None:
    run = run_teitools("validate", "--format", "json", "bad-element.xml")
    grammar = [(f["layer"], f["line"], f["column"]) for f in findings_of(run) if f["layer"] in ("relaxng", "xsd")]
    assert grammar == [("relaxng", 26, 66)]
    # with the XSD alone, the XSD still says it
    alone = run_teitools("validate", "--format", "json", "--skip", "relaxng", "bad-element.xml")
    assert [(f["rule"], f["line"], f["column"]) for f in findings_of(alone) if f["layer"] == "xsd"] == [
        ("xsd.element-not-allowed", 26, 66)]


@pytest.mark.slow
def test_a_misspelt_closing_tag_is_told_in_a_plain_sentence(tmp_path: Path) -> None:
    (tmp_path / "doc.xml").write_text(_TEI_DOCUMENT.format(body="<div>\n  <head>Title</haed>\n</div>"),
                                      encoding="utf-8")
    run = run_teitools("validate", "--format", "json", "doc.xml", cwd=tmp_path)
    (finding,) = findings_of(run)
    assert (finding["rule"], finding["line"], finding["column"]) == ("wellformed.syntax", 6, 14)
    assert finding["message"] == "the closing tag </haed> at 6:14 does not match <head> opened at 6:3"
    assert run.returncode == 1


@pytest.mark.slow
def test_files_that_are_not_tei_get_one_plain_finding(tmp_path: Path) -> None:
    (tmp_path / "page.xml").write_text("<html><body><p>a web page</p></body></html>", encoding="utf-8")
    (tmp_path / "bare.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<TEI><text/></TEI>',
                                       encoding="utf-8")
    run = run_teitools("validate", "--format", "json", ".", cwd=tmp_path)
    errors = {(f["file"], f["rule"], f["message"]) for f in findings_of(run) if f["severity"] == "error"}
    assert errors == {
        ("bare.xml", "wellformed.not-tei-namespace",
         "the document element <TEI> is not in the TEI namespace (it is in no namespace)"),
        ("page.xml", "wellformed.not-tei", "this is an HTML file, not a TEI document (its document element is <html>)"),
    }


@pytest.mark.parametrize("schema", [pytest.param(None, marks=pytest.mark.slow), TEI_ALL], ids=["customization", "tei_all"])
def test_no_message_writes_a_name_as_uri_and_local_name(tmp_path: Path, schema: Path | None) -> None:
    (tmp_path / "foreign-root.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<foo xmlns="urn:x"/>',
                                               encoding="utf-8")
    (tmp_path / "foreign-child.xml").write_text(
        _TEI_DOCUMENT.format(body='<p>x <x:y xmlns:x="urn:x"/></p>'), encoding="utf-8")
    fixtures = Path(__file__).parent / "fixtures"
    folders = [FIXTURES, fixtures / "relaxng", fixtures / "layers", tmp_path]
    run = run_teitools("validate", "--format", "json", *(["--schema", str(schema)] if schema else []),
                       *map(str, folders), cwd=ROOT)
    findings = findings_of(run)
    assert len(findings) > 20 and run.returncode == 1
    clark = [(f["file"], f["message"], f["hint"]) for f in findings
             if _CLARK.search(str(f["message"])) or _CLARK.search(str(f["hint"]))]
    assert clark == []


@pytest.mark.parametrize(("schemas", "skip", "loaded"), [
    ((), ("xsd", "schematron"), {"relaxng"}),
    ((str(TEI_ALL),), (), {"relaxng"}),
    ((), (), {"relaxng", "xsd", "schematron"}),
])
def test_a_schema_is_loaded_only_for_a_layer_that_runs(schemas: tuple[str, ...], skip: tuple[str, ...],
                                                       loaded: set[str]) -> None:
    program = ("import sys\nfrom pathlib import Path\n"
               "from teitools.validate import DocumentValidator, default_schema_files\n"
               f"files = [Path(p) for p in {list(schemas)!r}] or default_schema_files()\n"
               f"validator = DocumentValidator(files, frozenset({list(skip)!r}))\n"
               "print(sorted(s.layer for s in validator._schemas), 'xmlschema' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.stdout.split("]")[0] + "]" == str(sorted(loaded)), run.stderr
    assert run.stdout.strip().endswith(str("xsd" in loaded))  # xmlschema is not even imported without the XSD


def test_a_foreign_element_is_reported_where_it_is_as_the_document_writes_it(tmp_path: Path) -> None:
    (tmp_path / "doc.xml").write_text(_TEI_DOCUMENT.format(body='<p>x <x:y xmlns:x="urn:x"/></p>'), encoding="utf-8")
    run = run_teitools("validate", "--format", "json", "--schema", str(TEI_ALL), "doc.xml", cwd=tmp_path)
    assert [(f["line"], f["column"], f["message"]) for f in findings_of(run)] == [
        (5, 6, "element 'x:y' is not allowed here in 'p'")]

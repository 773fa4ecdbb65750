"""Register checks: one entity, one entry; every statement names its source; vague quantities.

The fixtures in tests/fixtures/registers/ reproduce the shapes the peer review of the
edition found (issue 15): a country registered twice under one GeoNames id, the resistance
war registered twice under one label, statements without a source, vague quantities given
an exact @value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.corpus import ParsedDocument, parse_document
from teitools.diagnostics import Severity
from teitools.resources import schema_path
from teitools.validate import ValidationOptions, validate_paths
from teitools.validate.register_entries import check_register_entries, normalised_name, sources_required
from teitools.validate.schematron import SchematronSchema
from teitools.xslt import XsltEngine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "registers"
PROJECT_REGISTERS = sorted((ROOT / "tei" / "registers").glob("*.xml"))
ONLY_OWN_LAYERS = frozenset({"relaxng", "xsd", "schematron", "references"})


def _parsed(path: Path) -> ParsedDocument:
    document = parse_document(path).document
    assert document is not None
    return document


def _findings(path: Path) -> list[tuple[int, str, str]]:
    return [(f.line, f.rule, f.message) for f in check_register_entries(_parsed(path))]


# --- one entity, one entry ---------------------------------------------------------------

def test_two_entries_with_one_geonames_id_are_reported_at_the_second() -> None:
    # the same value in another idno type (3017382 as "other") is not a shared authority id
    assert _findings(FIXTURES / "duplicate-authority-id.xml") == [
        (18, "registers.duplicate-authority-id", "'pla-my' has the geonames id '6252001' that 'pla-mi' (line 12) already has"),
    ]


def test_two_entries_of_one_kind_with_one_name_are_reported_once() -> None:
    # a campaign with the same label, a district and an airfield both called "Gia Lâm", and
    # a cast list in the header with two "Lính" are not duplicates
    assert _findings(FIXTURES / "duplicate-name.xml") == [
        (25, "registers.duplicate-name", "two <event type=\"war\"> entries have the name '“Kháng chiến chống Pháp”': "
                                         "'evt-khang-chien-chong-thuc-dan-phap' (line 20) and 'evt-khang-chien-chong-phap'"),
    ]


@pytest.mark.parametrize(("a", "b"), [("“Phoque”", "Phoque"), ("Kháng  chiến\nchống Pháp", "kháng chiến chống pháp"),
                                      ("Tuy Hoa\u0300", "Tuy Hoà")])
def test_names_are_compared_after_normalisation(a: str, b: str) -> None:
    assert normalised_name(a) == normalised_name(b)


def test_names_that_differ_in_a_letter_stay_apart() -> None:
    assert normalised_name("Mĩ") != normalised_name("Mỹ")


def test_the_merged_entries_are_clean() -> None:
    assert _findings(FIXTURES / "merged.xml") == []


# --- every statement names its source ----------------------------------------------------

def test_statements_without_a_source_are_reported() -> None:
    findings = check_register_entries(_parsed(FIXTURES / "unsourced-statements.xml"))
    assert {f.severity for f in findings} == {Severity.WARNING}
    assert [(f.line, f.rule, f.message.split(":")[0]) for f in findings] == [
        (15, "registers.unsourced-statement", "<persName> of 'per-dolabom' names no source"),  # a name with @cert
        (16, "registers.unsourced-statement", "<note> of 'per-dolabom' names no source"),
        # pointers to a register entry or to the register itself are cross-references, not sources
        (25, "registers.unsourced-statement", "<note> of 'per-sactong' names no source"),
        (36, "registers.unsourced-statement", "<desc> of 'pla-cao-bang' names no source"),
        (41, "registers.unsourced-statement", "<desc> of 'pla-thi-xa-cao-bang' names no source"),  # nested entry
    ]


def test_the_statement_check_is_off_unless_the_register_asks_for_it(tmp_path: Path) -> None:
    text = (FIXTURES / "unsourced-statements.xml").read_text(encoding="utf-8")
    undeclared = tmp_path / "unsourced-statements.xml"
    undeclared.write_text(text.replace('<?teitools register-sources="required"?>\n', ""), encoding="utf-8")
    assert _findings(undeclared) == []


@pytest.mark.parametrize(("instruction", "required"), [
    ('<?teitools register-sources="required"?>', True),
    ("<?teitools register-sources='required'?>", True),
    ('<?teitools register-sources="optional"?>', False),
    ('<?other register-sources="required"?>', False),
    ("", False),
])
def test_the_instruction_that_turns_the_statement_check_on(tmp_path: Path, instruction: str, required: bool) -> None:
    path = tmp_path / "register.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{instruction}\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
                    encoding="utf-8")
    assert sources_required(_parsed(path).tree) is required


# --- in the validator --------------------------------------------------------------------

def test_the_validator_reports_the_registers_layer_and_can_skip_it() -> None:
    paths = [FIXTURES / "duplicate-authority-id.xml", FIXTURES / "unsourced-statements.xml"]
    report = validate_paths(paths, ValidationOptions(skip=ONLY_OWN_LAYERS))
    rules = sorted(f.rule for f in report.diagnostics if f.layer == "registers")
    assert rules == ["registers.duplicate-authority-id"] + ["registers.unsourced-statement"] * 5
    assert int(report.exit_status) == 0  # warnings only
    skipped = validate_paths(paths, ValidationOptions(skip=ONLY_OWN_LAYERS | {"registers"}))
    assert [f for f in skipped.diagnostics if f.layer == "registers"] == []


# --- vague quantities (Schematron rule num-vague of the ODD) -----------------------------

def test_vague_quantities_with_an_exact_value_break_the_odd_rule() -> None:
    schema = SchematronSchema(schema_path("teitools.sch"), XsltEngine())
    findings = [f for f in schema.check(_parsed(FIXTURES / "vague-quantities.xml")) if f.rule == "schematron.num-vague"]
    words = [f.message.split("”")[0].lstrip("“") for f in findings]
    assert words == ["hàng vạn", "Hàng nghìn", "hàng chục", "vài", "mấy", "several", "thousands of", "hundreds of",
                     "einige", "Tausende"]
    assert {f.line for f in findings} == {12, 13, 14, 15}  # not the bounded or exact numbers of lines 16-17
    assert {f.severity for f in findings} == {Severity.ERROR}


# --- the project's own registers ---------------------------------------------------------

@pytest.mark.parametrize("register", PROJECT_REGISTERS, ids=lambda p: p.name)
def test_the_project_registers_ask_for_sources_and_pass(register: Path) -> None:
    document = _parsed(register)
    assert sources_required(document.tree)
    assert check_register_entries(document) == []


@pytest.mark.slow
def test_the_edition_validates_without_findings() -> None:
    report = validate_paths([ROOT / "tei"])
    assert [f"{f.file}:{f.line} {f.rule}" for f in report.diagnostics] == []
    assert len(report.documents) == 7

"""The dates layer: ISO 8601 values, ranges, and agreement with the text of <date>."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.corpus import parse_document
from teitools.diagnostics import Severity
from teitools.validate.dates import check_dates, parse_temporal, text_dates

FIXTURE = Path(__file__).parent / "fixtures" / "layers" / "dates" / "dates.xml"
E, W = Severity.ERROR, Severity.WARNING


def test_findings_in_the_fixture() -> None:
    document = parse_document(FIXTURE, name="dates.xml").document
    assert document is not None
    found = sorted((d.rule, d.severity, d.line, d.column, d.message) for d in check_dates(document))
    assert found == sorted([
        ("dates.text-disagrees", E, 5, 52, "the text “15/7/1950” gives 1950-07-15 but @when='1950-07-16' does not agree"),
        ("dates.text-disagrees", E, 6, 52, "the text “Tháng 5/1953” gives 1953-05 but @when='1950-05' does not agree"),
        ("dates.text-disagrees", E, 9, 10,
         "the text “đông – xuân 1953 – 1954” gives 1953 – 1954 but @to='1955' does not agree"),
        ("dates.invalid-iso", E, 11, 10, "@when='1950-13' is not a valid ISO 8601 (teidata.temporal.w3c) date"),
        ("dates.invalid-iso", E, 11, 40, "@when='1950-02-30' is not a valid ISO 8601 (teidata.temporal.w3c) date"),
        ("dates.invalid-iso", E, 11, 73, "@when='15/7/1950' is not a valid ISO 8601 (teidata.temporal.w3c) date"),
        ("dates.range-reversed", E, 12, 10, "@from='1954' is later than @to='1953'"),
        ("dates.conflicting-attributes", W, 13, 10, "@when is combined with @from/@to"),
        ("dates.text-disagrees", E, 13, 59, "the text “năm 1950” gives 1950 but @when='1949' does not agree"),
        ("dates.invalid-iso", E, 14, 82, "@when-iso='1950-W54' is not a valid ISO 8601 date"),
        ("dates.invalid-iso", E, 16, 80,
         "@when='1950-07-15T25:00:00' is not a valid ISO 8601 (teidata.temporal.w3c) date"),
        ("dates.text-disagrees", E, 17, 65, "the text “1/10/1950” gives 1950-10-01 but @when='1954-05' does not agree"),
    ])


@pytest.mark.parametrize("value", [
    "1950", "1950-07", "1950-07-15", "2000-02-29", "-0044-03-15", "0000", "12345", "1950-07-15Z",
    "1950-07-15+07:00", "1950-07-15T10:30:00", "1950-07-15T10:30:00.5Z", "--07-15", "--02-29", "--07", "---15",
    "10:30:00", "24:00:00",
])
def test_valid_w3c_values(value: str) -> None:
    assert parse_temporal(value) is not None


@pytest.mark.parametrize("value", [
    "1950-13", "1950-02-30", "1900-02-29", "15/7/1950", "1950-6", "01950", "50", "1950-07-15T25:00:00",
    "12:61:00", "1950-07-15+15:00", "", "tháng 6/1950", "1950-W03",
])
def test_invalid_w3c_values(value: str) -> None:
    assert parse_temporal(value) is None


@pytest.mark.parametrize(("value", "valid"), [
    ("1950-W03", True), ("1953-W53", True), ("1950-W53", False), ("1950-123", True), ("1950-366", False),
    ("19500715", True), ("19501315", False), ("1950/1954", True), ("1950/19xx", False), ("19", True),
    ("1950-07-15T10:30", True),
])
def test_iso_variant_values(value: str, valid: bool) -> None:
    assert (parse_temporal(value, iso=True) is not None) is valid


def test_mixed_precision_compares_as_intervals() -> None:
    year, month = parse_temporal("1950"), parse_temporal("1950-06")
    assert year and month and year.interval and month.interval
    assert month.interval.within(year.interval) and year.interval.nested(month.interval)
    assert not year.interval.start > month.interval.end and not month.interval.start > year.interval.end


@pytest.mark.parametrize(("text", "first", "last"), [
    ("15/7/1950", "1950-07-15", "1950-07-15"),
    ("ngày 4/3/1954", "1954-03-04", "1954-03-04"),
    ("tháng 6/1950", "1950-06", "1950-06"),
    ("Tháng 5/1953", "1953-05", "1953-05"),
    ("năm 1950", "1950", "1950"),
    ("1/10/1950", "1950-10-01", "1950-10-01"),
    ("1949", "1949", "1949"),
    ("Đêm ngày 3, rạng sáng ngày 4/3/1954", "1954-03-03", "1954-03-04"),
    ("3–4/3/1954", "1954-03-03", "1954-03-04"),
    ("đông – xuân 1953 – 1954", "1953", "1954"),
    ("Thu - Đông năm 1950", "1950", "1950"),
    ("Đầu tháng 2 – 1954", "1954-02", "1954-02"),
    ("giữa tháng 10/1950", "1950-10", "1950-10"),
    ("ngày 7 tháng 5 năm 1954", "1954-05-07", "1954-05-07"),
])
def test_dates_in_vietnamese_text(text: str, first: str, last: str) -> None:
    found = text_dates(text)
    assert found is not None
    assert (found[0].label(), found[1].label()) == (first, last)


@pytest.mark.parametrize("text", ["hôm ấy", "30/2/1950", "29/2", "20 vạn", "Đại đoàn 308", ""])
def test_no_guessing_without_a_clear_date(text: str) -> None:
    assert text_dates(text) is None

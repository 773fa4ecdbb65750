"""Write validation findings as compiler-style text, JSON or JUnit XML; build reports as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from lxml import etree

from teitools import __version__
from teitools.diagnostics import Diagnostic, Severity
if TYPE_CHECKING:  # types only: reporting a build must not import the validator
    from teitools.build import BuildReport
    from teitools.validate import ValidationReport

FORMATS = ("text", "json", "junit")


def format_diagnostic(finding: Diagnostic, *, with_hint: bool = True) -> str:
    """``file:line:col: severity: message [rule]`` (and the hint on the next line)."""
    where = f"{finding.file}:{finding.line}:{finding.column}" if finding.line else finding.file
    text = f"{where}: {finding.severity.value}: {finding.message} [{finding.rule}]"
    if with_hint and finding.hint:
        text += f"\n    hint: {finding.hint}"
    return text


def report_as_text(report: ValidationReport, *, with_hints: bool = True) -> str:
    lines = [format_diagnostic(finding, with_hint=with_hints) for finding in report.diagnostics]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: ValidationReport) -> str:
    documents = len(report.documents)
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    invalid = report.invalid_count
    return (f"{documents} document{'s' if documents != 1 else ''} checked: "
            f"{documents - invalid} valid, {invalid} invalid; "
            + _findings_count(errors, warnings))


def _findings_count(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def report_as_json(report: ValidationReport) -> str:
    by_file = report.findings_by_file()
    payload = {
        "tool": "teitools",
        "version": __version__,
        "schemas": [str(path) for path in report.schemas],
        "documents": [
            {
                "file": name,
                "valid": not any(f.is_error for f in findings),
                "diagnostics": [f.as_dict() for f in findings],
            }
            for name, findings in by_file.items()
        ],
        "summary": {
            "documents": len(report.documents),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "skipped": [str(path) for path in report.skipped],
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def report_as_junit(report: ValidationReport) -> str:
    """One test suite per validation run, one test case per document.

    A document with errors is a failed test case whose failure lists every error;
    warnings go to ``system-out``.
    """
    suites = etree.Element("testsuites", name="teitools validate")
    suite = etree.SubElement(suites, "testsuite", name="teitools validate",
                             tests=str(len(report.documents)))
    failures = 0
    for name, findings in report.findings_by_file().items():
        case = etree.SubElement(suite, "testcase", classname="teitools.validate", name=name)
        errors = [f for f in findings if f.is_error]
        if errors:
            failures += 1
            failure = etree.SubElement(case, "failure", type=errors[0].rule,
                                       message=f"{len(errors)} error{'s' if len(errors) != 1 else ''}: "
                                               f"{errors[0].message}")
            failure.text = "\n".join(format_diagnostic(f) for f in errors)
        others = [f for f in findings if not f.is_error]
        if others:
            etree.SubElement(case, "system-out").text = "\n".join(format_diagnostic(f) for f in others)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites.set("tests", str(len(report.documents)))
    suites.set("failures", str(failures))
    return etree.tostring(suites, encoding="unicode", pretty_print=True, doctype='<?xml version="1.0" encoding="UTF-8"?>')


def build_report_as_text(report: BuildReport, *, with_hints: bool = True) -> str:
    """The build's findings, compiler-style, and one summary line."""
    lines = [format_diagnostic(finding, with_hint=with_hints) for finding in report.diagnostics]
    lines.append(build_summary_line(report))
    return "\n".join(lines) + "\n"


def build_summary_line(report: BuildReport) -> str:
    findings = "; " + _findings_count(report.count(Severity.ERROR), report.count(Severity.WARNING))
    if report.nothing_rebuilt:
        return f"nothing to rebuild: {len(report.up_to_date)} unit(s) up to date" + findings
    return (f"rebuilt {len(report.rebuilt)} unit(s), {len(report.up_to_date)} up to date; "
            f"wrote {len(report.built_files)} file(s)" + findings)


def build_report_as_json(report: BuildReport) -> str:
    payload = {
        "tool": "teitools",
        "version": __version__,
        "rebuilt": list(report.rebuilt),
        "up_to_date": list(report.up_to_date),
        "written": list(report.built_files),
        "diagnostics": [f.as_dict() for f in report.diagnostics],
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

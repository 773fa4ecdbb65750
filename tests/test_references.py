"""The references layer: pointers, prefixes, ids and register entries across a set."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from teitools.corpus import parse_document
from teitools.diagnostics import Severity
from teitools.validate.reference_check import check_references
from teitools.validate.references import ReferenceSummary, collect_references

EDITION = Path(__file__).parent / "fixtures" / "layers" / "references" / "edition"
E, W = Severity.ERROR, Severity.WARNING


def summarise(*names: str, folder: Path = EDITION) -> list[ReferenceSummary]:
    summaries = []
    for name in names:
        document = parse_document(folder / name, name=name).document
        assert document is not None
        summaries.append(collect_references(document))
    return summaries


def test_findings_across_the_edition() -> None:
    found = sorted((d.rule, d.severity, d.file, d.line, d.column, d.message)
                   for d in check_references(summarise("article.xml", "second.xml", "registers/persons.xml")))
    expected = [
        ("references.unresolved-id", E, "article.xml", 12, 71,
         "'per:giap' (= registers/persons.xml#per-giap) in @ref: no xml:id 'per-giap' in registers/persons.xml"),
        ("references.duplicate-id", E, "article.xml", 13, 7,
         "xml:id 'dup' on <p> is already used on <p> at line 12, column 7"),
        ("references.unknown-prefix", E, "article.xml", 13, 23,
         "'org:dai-doan-308' in @ref uses the prefix 'org:', which no prefixDef declares"),
        ("references.malformed-pointer", E, "article.xml", 13, 78,
         "'per:Navarre' does not match the matchPattern of prefixDef 'per' ('([a-z0-9\\-]+)')"),
        ("references.unresolved-id", E, "article.xml", 14, 40,
         "'#wc-9' in @target: no xml:id 'wc-9' in this document"),
        ("references.malformed-pointer", E, "article.xml", 14, 70,
         "'#' in @target has an empty fragment identifier"),
        ("references.unresolved-id", E, "article.xml", 15, 10,
         "'second.xml#nope' in @target: no xml:id 'nope' in second.xml"),
        ("references.unresolved-file", E, "article.xml", 15, 48,
         "'missing.xml' in @target: there is no file missing.xml"),
        ("references.target-not-validated", W, "article.xml", 15, 82,
         "'../outside/unvalidated.xml#u1' in @target points into ../outside/unvalidated.xml, which is not "
         "among the validated documents, so the pointer was not checked"),
        ("references.malformed-pointer", E, "article.xml", 16, 104, "@corresp is empty"),
        # span/@to is a pointer; date/@from and citedRange/@from on line 17 are not
        ("references.unresolved-id", E, "article.xml", 18, 10,
         "'#nowhere' in @to: no xml:id 'nowhere' in this document"),
        ("references.unused-entry", W, "registers/persons.xml", 12, 7,
         "register entry 'per-cogny' (<person>) is not referenced by any validated document"),
    ]
    assert found == sorted(expected)


def test_hints_say_what_to_do() -> None:
    hints = {(d.line, d.column): d.hint
             for d in check_references(summarise("article.xml", "second.xml", "registers/persons.xml"))}
    assert hints[(14, 40)] == "did you mean 'wc-1'?"
    assert hints[(15, 82)] == "name ../outside/unvalidated.xml, or its folder, to check this pointer"


def test_summary_is_picklable_and_resolved() -> None:
    (summary,) = summarise("article.xml")
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert Path(summary.path).is_absolute() and summary.name == "article.xml"
    assert not summary.is_register
    assert summary.prefixes_used == ("per",)
    navarre = next(p for p in summary.pointers if p.token == "per:navarre")
    assert navarre.target_path == str((EDITION / "registers" / "persons.xml").resolve())
    assert navarre.fragment == "per-navarre" and (navarre.line, navarre.column) == (12, 23)
    assert summary.ids == {"dup", "wc-1"}
    assert summary.identifiers == ()  # entries are listed for registers only
    # external URIs are never checked, pointers into the document itself are resolved at once
    assert {p.kind for p in summary.pointers} == {"relative"}
    assert summary.local_targets == {"wc-1", "dup"}
    assert {f.rule for f in summary.findings} >= {"references.duplicate-id", "references.unknown-prefix"}
    assert not any(p.attribute in ("from", "to") and p.element in ("date", "citedRange") for p in summary.pointers)


def test_register_detected_by_standoff_and_entries_listed() -> None:
    (register,) = summarise("registers/persons.xml")
    assert register.is_register
    assert [i.value for i in register.identifiers if i.is_entry] == ["per-navarre", "per-cogny"]


def test_register_detected_by_folder(tmp_path: Path) -> None:
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "places.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPlace>'
        '<place xml:id="pla-x"/></listPlace></body></text></TEI>', encoding="utf-8")
    (register,) = summarise("registers/places.xml", folder=tmp_path)
    assert register.is_register and register.identifiers[0].is_entry


def test_register_alone_has_no_unused_entries_but_reports_unvalidated_targets() -> None:
    found = [(d.rule, d.line) for d in check_references(summarise("registers/persons.xml"))]
    assert found == [("references.target-not-validated", 10)]


def test_targets_outside_the_set_are_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    document = parse_document(EDITION / "article.xml", name="article.xml").document
    assert document is not None
    opened: list[str] = []
    real_open = Path.open

    def watching_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", watching_open)
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(str(a[0])) or pytest.fail("open() called"))
    check_references([collect_references(document)])
    assert opened == []


@pytest.mark.parametrize(("match_pattern", "replacement", "token", "rule"), [
    ("(a+)+$", "x.xml#$1", "pfx:aaaa", "references.malformed-pointer"),      # nested quantifiers: not run
    ("([a-z", "x.xml#$1", "pfx:abc", "references.malformed-pointer"),        # invalid regex
    ("([a-z]+)", "x.xml#$2", "pfx:abc", "references.malformed-pointer"),     # missing group
    ("([a-z]+)", "#loc-$1", "pfx:abc", None),                                # expands to a local id
    ("([a-z]+)", "https://example.org/$1", "pfx:abc", None),                 # expands to an external URI
])
def test_prefix_definitions(tmp_path: Path, match_pattern: str, replacement: str, token: str,
                            rule: str | None) -> None:
    (tmp_path / "doc.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><listPrefixDef>'
        f'<prefixDef ident="pfx" matchPattern="{match_pattern}" replacementPattern="{replacement}"/>'
        f'</listPrefixDef></encodingDesc></teiHeader><text><body><p xml:id="loc-abc" ana="{token}"/></body></text>'
        '</TEI>', encoding="utf-8")
    found = [d.rule for d in check_references(summarise("doc.xml", folder=tmp_path))]
    assert found == ([rule] if rule else [])

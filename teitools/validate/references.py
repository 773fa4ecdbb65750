"""Reference integrity across the validated documents: pointers, ids, prefixes, registers.

:func:`collect_references` reads one parsed document (in a worker process) into a
picklable :class:`ReferenceSummary`; :func:`check_references` then checks every pointer
of every summary against the whole set.  No target file is ever read: a relative
pointer to a file outside the validated set is resolved against the file system only to
say whether the file exists.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import get_close_matches
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from teitools.corpus import TEI_NS, XML_NS, ParsedDocument
from teitools.diagnostics import Diagnostic, error, warning

LAYER = "references"

_XML_ID = f"{{{XML_NS}}}id"
_T = f"{{{TEI_NS}}}"

#: teidata.pointer attributes, on any element (att.global.*, att.pointing, att.canonical…).
POINTER_ATTRIBUTES = frozenset({
    "ref", "corresp", "target", "targets", "who", "source", "resp", "facs", "sameAs", "copyOf",
    "next", "prev", "synch", "ana", "scheme", "hand", "new", "decls", "exclude", "select",
    "rendition", "spanTo", "wit", "edRef", "calendar", "datingMethod", "period", "since",
})
#: Pointer attributes that are pointers only on some elements (elsewhere they are not).
ELEMENT_POINTER_ATTRIBUTES = {
    "relation": frozenset({"active", "passive", "mutual"}),
    "span": frozenset({"from", "to"}),
    "arc": frozenset({"from", "to"}),
    "timeline": frozenset({"origin"}),
}
#: URI schemes whose targets are never checked (no network access, ever).
EXTERNAL_SCHEMES = frozenset({
    "http", "https", "ftp", "ftps", "mailto", "urn", "tel", "data", "info", "tag", "doi", "geo", "file", "ark",
})
#: Elements whose ``xml:id`` in a register's lists makes a register entry.
ENTRY_ELEMENTS = frozenset({
    "person", "personGrp", "place", "org", "event", "bibl", "biblStruct", "biblFull", "item", "nym",
    "object", "category", "entry", "witness", "taxonomy",
})
DOCUMENT_SUFFIXES = (".xml", ".tei")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.DOTALL)
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")
#: A quantified group holding a quantifier: patterns prone to catastrophic backtracking.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")
_MAX_POINTER_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class IdentifierRecord:
    """An ``xml:id`` and the element carrying it."""

    value: str
    element: str
    line: int
    column: int
    is_entry: bool


@dataclass(frozen=True, slots=True)
class PointerRecord:
    """One whitespace-separated token of a pointer attribute, resolved as far as possible.

    ``kind`` is ``local`` (``#id``), ``relative`` (a file of the set, maybe with a
    fragment), ``external`` (an absolute URI, not checked) or ``problem`` (``problem_rule``
    and ``problem`` say what is wrong).  ``target_path`` is the resolved target file;
    ``target_exists`` says whether a file is there on disk (checked without reading it).
    """

    attribute: str
    element: str
    token: str
    line: int
    column: int
    kind: str
    expanded: str = ""
    target_path: str = ""
    fragment: str = ""
    target_exists: bool = False
    problem_rule: str = ""
    problem: str = ""


@dataclass(frozen=True, slots=True)
class ReferenceSummary:
    """What reference checking needs of one document; picklable for worker processes."""

    path: str
    name: str
    is_register: bool
    identifiers: tuple[IdentifierRecord, ...]
    pointers: tuple[PointerRecord, ...]
    prefixes_used: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _PrefixDef:
    ident: str
    match_pattern: str
    replacement: str
    compiled: re.Pattern[str] | None
    problem: str
    line: int
    column: int


# --------------------------------------------------------------------------- collect

def collect_references(document: ParsedDocument) -> ReferenceSummary:
    """Every ``xml:id`` and every pointer token of ``document``, resolved."""
    path = document.path.resolve()
    root = document.root
    is_register = _is_register(root, path)
    prefixes = _prefix_definitions(document)
    identifiers = tuple(_identifiers(document, is_register))
    pointers: list[PointerRecord] = []
    used: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        allowed = ELEMENT_POINTER_ATTRIBUTES.get(local, frozenset())
        for attribute, value in element.attrib.items():
            if "}" in attribute or (attribute not in POINTER_ATTRIBUTES and attribute not in allowed):
                continue
            line, column = document.position(element)
            tokens = value.split()
            if not tokens:
                pointers.append(PointerRecord(attribute, local, value, line, column, "problem",
                                              problem_rule="references.malformed-pointer",
                                              problem=f"@{attribute} is empty"))
                continue
            for token in tokens:
                record = _resolve_token(token, path, prefixes, attribute, local, line, column)
                if record.kind != "problem" and _SCHEME.match(token) and token.split(":", 1)[0] in prefixes:
                    used.add(token.split(":", 1)[0])
                pointers.append(record)
    return ReferenceSummary(str(path), document.name, is_register, identifiers, tuple(pointers), tuple(sorted(used)))


def _is_register(root: etree._Element, path: Path) -> bool:
    from teitools.corpus import is_register  # the corpus model's one rule (by folder)

    return is_register(path)


def _identifiers(document: ParsedDocument, is_register: bool) -> Iterator[IdentifierRecord]:
    for element in document.root.iter():
        if not isinstance(element.tag, str) or element.get(_XML_ID) is None:
            continue
        local = etree.QName(element).localname
        parent = element.getparent()
        in_list = parent is not None and etree.QName(parent).localname.startswith("list")
        in_header = any(etree.QName(a).localname == "teiHeader" for a in element.iterancestors())
        is_entry = is_register and in_list and not in_header and local in ENTRY_ELEMENTS
        line, column = document.position(element)
        yield IdentifierRecord(element.get(_XML_ID, ""), local, line, column, is_entry)


def _prefix_definitions(document: ParsedDocument) -> dict[str, list[_PrefixDef]]:
    definitions: dict[str, list[_PrefixDef]] = defaultdict(list)
    for element in document.root.iter(f"{_T}prefixDef"):
        ident = element.get("ident", "")
        match_pattern = element.get("matchPattern", "")
        replacement = element.get("replacementPattern", "")
        compiled: re.Pattern[str] | None = None
        problem = ""
        if _NESTED_QUANTIFIER.search(match_pattern):
            problem = f"the matchPattern '{match_pattern}' nests quantifiers and is not evaluated"
        else:
            try:
                compiled = re.compile(match_pattern)
            except re.error as exc:
                problem = f"the matchPattern '{match_pattern}' is not a valid regular expression ({exc})"
        line, column = document.position(element)
        definitions[ident].append(_PrefixDef(ident, match_pattern, replacement, compiled, problem, line, column))
    return dict(definitions)


def _resolve_token(token: str, path: Path, prefixes: dict[str, list[_PrefixDef]], attribute: str,
                   element: str, line: int, column: int) -> PointerRecord:
    base = PointerRecord(attribute, element, token, line, column, "problem")

    def problem(rule: str, message: str) -> PointerRecord:
        return replace(base, problem_rule=rule, problem=message)

    if len(token) > _MAX_POINTER_LENGTH:
        return problem("references.malformed-pointer", f"'{token[:40]}…' is longer than {_MAX_POINTER_LENGTH} characters")
    scheme = _SCHEME.match(token)
    expanded = token
    if scheme and not _looks_like_windows_path(token):
        name, value = scheme.group(1), scheme.group(2)
        if name in prefixes:
            result = _expand(name, value, prefixes[name])
            if isinstance(result, tuple):
                return problem(*result)
            expanded = result
            if _SCHEME.match(expanded):
                return replace(base, kind="external", expanded=expanded)
        elif name.lower() in EXTERNAL_SCHEMES:
            return replace(base, kind="external")
        else:
            return problem("references.unknown-prefix",
                           f"'{token}' in @{attribute} uses the prefix '{name}:', which no prefixDef declares")
    return _resolve_uri(base, expanded, path)


def _looks_like_windows_path(token: str) -> bool:
    return bool(re.match(r"^[A-Za-z]:[\\/]", token))


def _expand(name: str, value: str, definitions: list[_PrefixDef]) -> str | tuple[str, str]:
    for definition in definitions:
        if definition.compiled is None:
            return ("references.malformed-pointer", f"prefixDef '{name}': {definition.problem}")
        match = definition.compiled.fullmatch(value)
        if match is None:
            continue
        try:
            return re.sub(r"\$(\d+)", lambda m: match.group(int(m.group(1))) or "", definition.replacement)
        except IndexError:
            return ("references.malformed-pointer",
                    f"prefixDef '{name}': replacementPattern '{definition.replacement}' refers to a group "
                    f"that matchPattern '{definition.match_pattern}' does not have")
    patterns = ", ".join(f"'{d.match_pattern}'" for d in definitions)
    return ("references.malformed-pointer",
            f"'{name}:{value}' does not match the matchPattern of prefixDef '{name}' ({patterns})")


def _resolve_uri(base: PointerRecord, uri: str, path: Path) -> PointerRecord:
    expanded = uri if uri != base.token else ""
    file_part, has_fragment, fragment = uri.partition("#")
    fragment = unquote(fragment)
    if has_fragment and not _NCNAME.match(fragment):
        return replace(base, expanded=expanded, problem_rule="references.malformed-pointer",
                        problem=f"'{base.token}' in @{base.attribute}: '#{fragment}' is not a possible xml:id"
                        if fragment else f"'{base.token}' in @{base.attribute} has an empty fragment identifier")
    if not file_part:
        return replace(base, kind="local", expanded=expanded, target_path=str(path), fragment=fragment)
    if any(ch in file_part for ch in "<>\"{}|^`\\") or file_part.startswith("//"):
        return replace(base, expanded=expanded, problem_rule="references.malformed-pointer",
                        problem=f"'{base.token}' in @{base.attribute} is not a usable relative URI")
    target = (path.parent / unquote(file_part)).resolve()
    return replace(base, kind="relative", expanded=expanded, target_path=str(target), fragment=fragment,
                    target_exists=target.exists() and not target.is_dir())


# --------------------------------------------------------------------------- check

def check_references(summaries: Sequence[ReferenceSummary],
                     context: Sequence[ReferenceSummary] = ()) -> list[Diagnostic]:
    """Every broken pointer, duplicate id and unused register entry in the set.

    ``context`` summaries (registers read only to resolve pointers) are targets: their
    identifiers count, but their own pointers and unused entries are not reported.
    """
    targets = [*context, *summaries]
    by_path = {s.path: s for s in targets}
    ids_by_path = {s.path: {i.value for i in s.identifiers} for s in targets}
    findings: list[Diagnostic] = []
    reached: set[tuple[str, str]] = set()
    for summary in summaries:
        findings.extend(_duplicate_ids(summary))
        for pointer in summary.pointers:
            if pointer.kind in ("local", "relative") and pointer.fragment:
                reached.add((pointer.target_path, pointer.fragment))
            finding = _check_pointer(summary, pointer, by_path, ids_by_path)
            if finding is not None:
                findings.append(finding)
    if any(not s.is_register for s in summaries):
        findings.extend(_unused_entries(summaries, reached))
    return findings


def _duplicate_ids(summary: ReferenceSummary) -> list[Diagnostic]:
    first: dict[str, IdentifierRecord] = {}
    findings = []
    for record in summary.identifiers:
        earlier = first.setdefault(record.value, record)
        if earlier is not record:
            findings.append(error(
                summary.name, record.line, record.column, LAYER, "references.duplicate-id",
                f"xml:id '{record.value}' on <{record.element}> is already used on <{earlier.element}> "
                f"at line {earlier.line}, column {earlier.column}",
                "every xml:id must be unique within its document: rename one of them"))
    return findings


def _check_pointer(summary: ReferenceSummary, pointer: PointerRecord, by_path: dict[str, ReferenceSummary],
                   ids_by_path: dict[str, set[str]]) -> Diagnostic | None:
    where = (summary.name, pointer.line, pointer.column, LAYER)
    shown = f"'{pointer.token}'" + (f" (= {pointer.expanded})" if pointer.expanded else "")
    if pointer.kind == "problem":
        hint = ("declare the prefix in encodingDesc/listPrefixDef/prefixDef, or write the full URI"
                if pointer.problem_rule == "references.unknown-prefix"
                else "write the pointer as #id, file.xml#id or a declared prefix:value")
        return error(*where, pointer.problem_rule, pointer.problem, hint)
    if pointer.kind == "external":
        return None
    target = by_path.get(pointer.target_path)
    if target is None:
        relative = _relative_name(pointer.target_path, summary.path)
        if not pointer.target_exists:
            return error(*where, "references.unresolved-file",
                         f"{shown} in @{pointer.attribute}: there is no file {relative}",
                         "correct the file name, or add the missing document to the edition")
        if pointer.fragment or pointer.target_path.lower().endswith(DOCUMENT_SUFFIXES):
            return warning(*where, "references.target-not-validated",
                           f"{shown} in @{pointer.attribute} points into {relative}, which is not among the "
                           "validated documents, so the pointer was not checked",
                           f"name {relative}, or its folder, to check this pointer")
        return None
    if pointer.fragment and pointer.fragment not in ids_by_path[target.path]:
        place = "this document" if target.path == summary.path else target.name
        return error(*where, "references.unresolved-id",
                     f"{shown} in @{pointer.attribute}: no xml:id '{pointer.fragment}' in {place}",
                     _closest_hint(pointer.fragment, ids_by_path[target.path]))
    return None


def _relative_name(target: str, source: str) -> str:
    """``target`` as the pointing document would write it."""
    return Path(os.path.relpath(target, Path(source).parent)).as_posix()


def _closest_hint(fragment: str, identifiers: set[str]) -> str:
    close = get_close_matches(fragment, sorted(identifiers), n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    return "correct the identifier, or add the entry it names"


def _unused_entries(summaries: Sequence[ReferenceSummary], reached: set[tuple[str, str]]) -> list[Diagnostic]:
    findings = []
    for summary in summaries:
        if not summary.is_register:
            continue
        for record in summary.identifiers:
            if record.is_entry and (summary.path, record.value) not in reached:
                findings.append(warning(
                    summary.name, record.line, record.column, LAYER, "references.unused-entry",
                    f"register entry '{record.value}' (<{record.element}>) is not referenced by any validated document",
                    "point to it from a document, or remove it (validate the whole edition to be sure)"))
    return findings

"""Reference integrity across the validated documents: pointers, ids, prefixes, registers.

:func:`collect_references` reads one parsed document (in a worker process) into a
picklable :class:`ReferenceSummary`, checking what the document alone decides;
:func:`teitools.validate.reference_check.check_references` then checks the pointers
between documents against the whole set.  No target file is ever read: a relative
pointer to a file outside the validated set is resolved against the file system only to
say whether the file exists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from difflib import get_close_matches
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS, XML_NS
from teitools.diagnostics import Diagnostic, error
from teitools.validate.attributes import AttributeIndex, AttributeIndexer, Found

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
    """What reference checking needs of one document; picklable for worker processes.

    What the document alone decides (duplicate ids, pointers into itself, malformed
    pointers) is already checked: ``findings``.  ``pointers`` are the pointers into other
    files, for the check across the set; ``local_targets`` the ids the document points
    to within itself; ``identifiers`` the register entries (registers only).
    """

    path: str
    name: str
    is_register: bool
    ids: frozenset[str]
    identifiers: tuple[IdentifierRecord, ...]
    pointers: tuple[PointerRecord, ...]
    prefixes_used: tuple[str, ...]
    local_targets: frozenset[str] = frozenset()
    findings: tuple[Diagnostic, ...] = ()


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

def collect_references(document: ParsedDocument, attributes: AttributeIndex | None = None) -> ReferenceSummary:
    """Every ``xml:id`` and every pointer of ``document``, resolved; what the document
    alone decides is checked here (see :class:`ReferenceSummary`).

    Pointer values come from the document's attribute index (made here when the caller
    has none) and each distinct token is resolved once; an element's position is looked
    up only for a finding or a pointer into another file.
    """
    index = attributes if attributes is not None else _REFERENCE_INDEXER.index(document.root)
    path = document.path.resolve()
    root = document.root
    is_register = _is_register(root, path)
    prefixes = _prefix_definitions(document)
    all_ids = index.values(_XML_ID)
    ids = frozenset(value for _, value in all_ids)
    findings: list[Diagnostic] = _duplicate_ids(document) if len(ids) != len(all_ids) else []
    identifiers = tuple(_register_entries(document, all_ids)) if is_register else ()
    occurrences: dict[tuple[str, str], list[etree._Element]] = {}
    for attribute, element, value in _pointer_values(index):
        tokens = value.split()
        if not tokens:
            findings.append(_pointer_problem(document, element, "references.malformed-pointer",
                                             f"@{attribute} is empty"))
        for token in tokens:
            occurrences.setdefault((attribute, token), []).append(element)
    pointers: list[PointerRecord] = []
    local_targets: set[str] = set()
    used: set[str] = set()
    for (attribute, token), elements in occurrences.items():
        record = _resolve_token(token, path, prefixes, attribute, "", 0, 0)
        if record.kind != "problem" and _SCHEME.match(token) and token.split(":", 1)[0] in prefixes:
            used.add(token.split(":", 1)[0])
        if record.kind == "external":
            continue
        if record.kind == "local" and (not record.fragment or record.fragment in ids):
            if record.fragment:
                local_targets.add(record.fragment)
            continue
        for element in elements:
            line, column = document.position(element)
            located = replace(record, element=etree.QName(element).localname, line=line, column=column)
            if record.kind == "relative":
                pointers.append(located)
            else:
                findings.append(_local_finding(document.name, located, ids))
    return ReferenceSummary(str(path), document.name, is_register, ids, identifiers, tuple(pointers),
                            tuple(sorted(used)), frozenset(local_targets), tuple(findings))


def _pointer_values(index: AttributeIndex) -> Iterator[tuple[str, etree._Element, str]]:
    """The pointer attributes among the indexed ones (some are pointers only on some elements)."""
    for name in sorted(POINTER_ATTRIBUTES):
        for element, value in index.values(name):
            yield name, element, value
    for name in sorted(_PARTICULAR_POINTERS):
        for element, value in index.values(name):
            if etree.QName(element).localname in _PARTICULAR_POINTERS[name]:
                yield name, element, value


#: For each attribute that is a pointer on some elements only, those elements.
_PARTICULAR_POINTERS: dict[str, frozenset[str]] = {
    attribute: frozenset(e for e, names in ELEMENT_POINTER_ATTRIBUTES.items() if attribute in names)
    for attribute in set().union(*ELEMENT_POINTER_ATTRIBUTES.values())}
#: Every attribute name this layer reads.
REFERENCE_ATTRIBUTE_NAMES = frozenset({_XML_ID, *POINTER_ATTRIBUTES, *_PARTICULAR_POINTERS})
_REFERENCE_INDEXER = AttributeIndexer(REFERENCE_ATTRIBUTE_NAMES)
_WITH_ID = etree.XPath("//*[@xml:id]")


def _pointer_problem(document: ParsedDocument, element: etree._Element, rule: str, message: str) -> Diagnostic:
    line, column = document.position(element)
    return error(document.name, line, column, LAYER, rule, message,
                 "write the pointer as #id, file.xml#id or a declared prefix:value")


def _local_finding(name: str, pointer: PointerRecord, ids: frozenset[str]) -> Diagnostic:
    """The finding of a pointer the document alone decides: a problem, or a missing local id."""
    if pointer.kind == "problem":
        hint = ("declare the prefix in encodingDesc/listPrefixDef/prefixDef, or write the full URI"
                if pointer.problem_rule == "references.unknown-prefix"
                else "write the pointer as #id, file.xml#id or a declared prefix:value")
        return error(name, pointer.line, pointer.column, LAYER, pointer.problem_rule, pointer.problem, hint)
    return error(name, pointer.line, pointer.column, LAYER, "references.unresolved-id",
                 f"{shown(pointer)} in @{pointer.attribute}: no xml:id '{pointer.fragment}' in this document",
                 closest_hint(pointer.fragment, ids))


def shown(pointer: PointerRecord) -> str:
    return f"'{pointer.token}'" + (f" (= {pointer.expanded})" if pointer.expanded else "")


def _is_register(root: etree._Element, path: Path) -> bool:
    from teitools.corpus import is_register  # the corpus model's one rule (by folder)

    return is_register(path)


def _register_entries(document: ParsedDocument, ids: list[Found]) -> Iterator[IdentifierRecord]:
    """The entries of a register: identified persons, places… in its lists, not in the header."""
    for element, _ in ids:
        parent = element.getparent()
        local = etree.QName(element).localname
        if (local not in ENTRY_ELEMENTS or parent is None or not etree.QName(parent).localname.startswith("list")
                or any(etree.QName(a).localname == "teiHeader" for a in element.iterancestors())):
            continue
        line, column = document.position(element)
        yield IdentifierRecord(element.get(_XML_ID, ""), local, line, column, True)


def _duplicate_ids(document: ParsedDocument) -> list[Diagnostic]:
    first: dict[str, IdentifierRecord] = {}
    findings = []
    for element in _WITH_ID(document.root):
        line, column = document.position(element)
        record = IdentifierRecord(element.get(_XML_ID, ""), etree.QName(element).localname, line, column, False)
        earlier = first.setdefault(record.value, record)
        if earlier is not record:
            findings.append(error(
                document.name, record.line, record.column, LAYER, "references.duplicate-id",
                f"xml:id '{record.value}' on <{record.element}> is already used on <{earlier.element}> "
                f"at line {earlier.line}, column {earlier.column}",
                "every xml:id must be unique within its document: rename one of them"))
    return findings


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


def closest_hint(fragment: str, identifiers: frozenset[str]) -> str:
    close = get_close_matches(fragment, sorted(identifiers), n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    return "correct the identifier, or add the entry it names"

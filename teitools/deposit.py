"""Deposit packages: BagIt bags (RFC 8493) carrying TEI documents, their registers, the
schemas they were validated against, their editions, the validation reports and a
METS 1.12 document with Dublin Core; and the check that proves such a bag is whole.

A bag's payload (``data/``)::

    tei/          the documents and the registers they point to, byte-identical,
                  in their relative layout (``registers/persons.xml``…)
    schema/       the customization (ODD, RELAX NG, XSD, Schematron)
    editions/     html/, txt/, pdf/ as built by :func:`teitools.build.build_editions`
    reports/      validation.json, validation-junit.xml
    mets.xml      METS: header, Dublin Core per document, every other payload file
                  with MIME type, size and SHA-256, and a structural map

Safety: invalid documents are refused unless ``allow_invalid``; an existing bag is
replaced only with ``force``; every bag is assembled in a hidden temporary folder
beside its target and renamed into place when complete, and the temporary folder is
removed on any failure (including KeyboardInterrupt).  Bag and file names are ASCII
or NFC and never leave the output folder.

Public API: :func:`deposit_documents`, :func:`verify_bag`, :func:`check_bag`,
:func:`safe_bag_name`, :class:`DepositReport`, :class:`DepositedBag`,
:class:`BagVerification`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import re
import shutil
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import bagit
from lxml import etree

from teitools import __version__
from teitools.corpus import TEI_NS, DocumentSet, ParsedDocument, find_documents, is_register, parse_document, safe_parser
from teitools.diagnostics import Diagnostic, error
from teitools.errors import BuildError, ExitStatus, InputError, SchemaError
from teitools.metadata import DublinCoreRecord, dublin_core, metadata_engine
from teitools.resources import schema_path
from teitools.validate import (
    DocumentOutcome,
    ValidationOptions,
    ValidationReport,
    default_schema_files,
    validate_documents,
)
from teitools.validate.references import collect_references
from teitools.xslt import XsltEngine

__all__ = [
    "BagVerification",
    "DepositReport",
    "DepositedBag",
    "check_bag",
    "deposit_documents",
    "safe_bag_name",
    "verify_bag",
]

LAYER = "deposit"
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
EDITION_FORMATS = ("html", "txt", "pdf")
CHECKSUM_ALGORITHMS = ("sha256", "sha512")
CORPUS_BAG_NAME = "corpus"
METS_FILE = "mets.xml"
SCHEMA_SUFFIXES = (".odd", ".rng", ".xsd", ".sch")

_MIME_TYPES = {
    ".xml": "application/xml", ".odd": "application/tei+xml", ".rng": "application/xml",
    ".xsd": "application/xml", ".sch": "application/xml", ".html": "text/html", ".htm": "text/html",
    ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".txt": "text/plain",
    ".pdf": "application/pdf", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


# --------------------------------------------------------------------------- results

@dataclass(frozen=True, slots=True)
class DepositedBag:
    """A bag written into the output folder."""

    name: str
    path: Path
    documents: tuple[str, ...]
    valid: bool


@dataclass(frozen=True, slots=True)
class DepositReport:
    """The bags written and the findings that kept others from being written."""

    bags: tuple[DepositedBag, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if any(d.is_error for d in self.diagnostics) else ExitStatus.OK

    def summary(self) -> str:
        written = ", ".join(str(bag.path) for bag in self.bags) or "none"
        refused = sum(1 for d in self.diagnostics if d.is_error)
        text = f"{len(self.bags)} bag{'s' if len(self.bags) != 1 else ''} written: {written}"
        if refused:
            text += f"; {refused} error{'s' if refused != 1 else ''} (see above)"
        return text


@dataclass(frozen=True, slots=True)
class BagVerification:
    """What checking one bag found."""

    bag: Path
    diagnostics: tuple[Diagnostic, ...]

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if any(d.is_error for d in self.diagnostics) else ExitStatus.OK

    def summary(self) -> str:
        if self.exit_status is ExitStatus.OK:
            return f"{self.bag}: the bag is complete and valid"
        count = sum(1 for d in self.diagnostics if d.is_error)
        return f"{self.bag}: {count} problem{'s' if count != 1 else ''} found; the bag does not verify"


# --------------------------------------------------------------------------- names

def safe_bag_name(name: str) -> str:
    """``name`` as a bag folder name (NFC), or :class:`InputError` if it could escape
    the output folder or hide in it: empty, ``.``/``..``, a path separator, a drive
    colon, a control character or a leading dot."""
    normalised = unicodedata.normalize("NFC", name.strip())
    if (not normalised or normalised in {".", ".."} or normalised.startswith(".")
            or _UNSAFE_NAME.search(normalised) or len(normalised.encode("utf-8")) > 200):
        raise InputError(f"{name!r} cannot be used as a bag name: it must be one plain folder name "
                         "(no '/', '\\', ':', '..', leading dot or control characters)")
    return normalised


def _nfc_relative(path: PurePosixPath) -> PurePosixPath:
    parts = [unicodedata.normalize("NFC", part) for part in path.parts]
    for part in parts:
        if part in {"", ".", ".."} or _UNSAFE_NAME.search(part):
            raise InputError(f"{path}: cannot be put into a bag (unsafe file name)")
    return PurePosixPath(*parts)


def _slug(document: ParsedDocument) -> str:
    found = document.root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}publicationStmt/"
                               f"{{{TEI_NS}}}idno[@type='teitools']")
    text = "".join(found.itertext()).strip() if found is not None else ""
    return text or document.path.stem


# --------------------------------------------------------------------------- planning

@dataclass(frozen=True, slots=True)
class _BagPlan:
    """What goes into one bag: documents and registers, relative to ``root``."""

    name: str
    root: Path
    documents: tuple[ParsedDocument, ...]
    registers: tuple[Path, ...]

    def files(self) -> tuple[Path, ...]:
        return tuple(d.path for d in self.documents) + self.registers


def _pointed_files(document: ParsedDocument) -> set[Path]:
    """Local files the document points to (prefixed pointers expanded, fragments dropped)."""
    return {Path(pointer.target_path) for pointer in collect_references(document).pointers
            if pointer.kind == "relative" and pointer.target_path}


def _registers_of(documents: Iterable[ParsedDocument], root: Path,
                  known: dict[Path, ParsedDocument]) -> tuple[Path, ...]:
    """Registers (standOff files inside ``root``) the documents point to, transitively."""
    resolved_root = root.resolve()
    collected: dict[Path, None] = {}
    pending = list(documents)
    while pending:
        for candidate in sorted(_pointed_files(pending.pop())):
            resolved = candidate.resolve()
            if resolved in collected or not resolved.is_relative_to(resolved_root) or not resolved.is_file():
                continue
            register = known.get(resolved)
            if register is None:
                parsed = parse_document(candidate).document
                if parsed is None:
                    continue
                register = known[resolved] = parsed
            if is_register(register.path):
                collected[resolved] = None
                pending.append(register)
    return tuple(known[path].path for path in collected)


def _common_root(paths: Sequence[Path]) -> Path:
    return Path(os.path.commonpath([str(p.resolve().parent) for p in paths]))


def _plan_bags(documents: Sequence[ParsedDocument], registers: Sequence[ParsedDocument],
               corpus: bool) -> list[_BagPlan]:
    known = {d.path.resolve(): d for d in (*documents, *registers)}
    if corpus:
        root = _common_root([d.path for d in (*documents, *registers)])
        pointed = _registers_of(documents, root, known)
        listed = {p.resolve() for p in pointed}
        extra = tuple(r.path for r in registers if r.path.resolve() not in listed
                      and r.path.resolve().is_relative_to(root))
        return [_BagPlan(CORPUS_BAG_NAME, root, tuple(documents), pointed + extra)]
    plans = []
    for document in documents:
        root = document.path.resolve().parent
        plans.append(_BagPlan(_slug(document), root, (document,), _registers_of([document], root, known)))
    return plans


# --------------------------------------------------------------------------- deposit

def deposit_documents(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    corpus: bool = False,
    allow_invalid: bool = False,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> DepositReport:
    """Make one bag per document below ``paths`` (``corpus``: one bag for all) in ``out_dir``.

    Registers (TEI files whose content is a ``standOff``) are not bagged on their own:
    each bag carries the registers its documents point to.  Invalid documents are
    refused with their validation findings unless ``allow_invalid``; an existing bag
    is refused unless ``force``.  ``progress`` is called with 1 after each bag.
    Raises :class:`InputError` for missing paths or no documents and
    :class:`SchemaError` if the customization cannot be loaded.
    """
    found = find_documents(list(paths))
    findings: list[Diagnostic] = []
    documents: list[ParsedDocument] = []
    registers: list[ParsedDocument] = []
    for path in found.documents:
        parsed = parse_document(path, str(path))
        if parsed.document is None:
            findings.extend(d for d in parsed.diagnostics if d.is_error)
        else:
            (registers if is_register(parsed.document.path) else documents).append(parsed.document)
    if not documents and not findings:
        raise InputError("no TEI documents to deposit (registers are deposited with the documents that use them)")
    out_dir.mkdir(parents=True, exist_ok=True)
    plans: list[tuple[_BagPlan, Path]] = []
    for plan in _plan_bags(documents, registers, corpus):
        target, refusal = _bag_target(plan, out_dir, force=force)
        if refusal is not None:
            findings.append(refusal)
        else:
            plans.append((plan, target))
    bags: list[DepositedBag] = []
    if plans:
        schema_files = _customization_files()
        to_validate = DocumentSet(tuple(dict.fromkeys(p for plan, _ in plans for p in plan.files())))
        validation = validate_documents(to_validate, ValidationOptions(schemas=default_schema_files()))
        engine = metadata_engine()
        for plan, target in plans:
            bag, refusals = _deposit_one(plan, target, schema_files, validation, engine,
                                         allow_invalid=allow_invalid, force=force)
            findings.extend(refusals)
            if bag is not None:
                bags.append(bag)
            if progress:
                progress(1)
    return DepositReport(tuple(bags), tuple(findings))


def _bag_target(plan: _BagPlan, out_dir: Path, *, force: bool) -> tuple[Path, Diagnostic | None]:
    """Where the plan's bag goes, or why it cannot go there (unsafe name, exists)."""
    first = str(plan.documents[0].path)
    try:
        name = safe_bag_name(plan.name)
    except InputError as exc:
        return out_dir, error(first, 0, 0, LAYER, "deposit.unsafe-name", str(exc),
                              "give the document a plain idno[@type='teitools'] slug")
    target = out_dir / name
    if (target.exists() or target.is_symlink()) and not force:
        return target, error(str(target), 0, 0, LAYER, "deposit.bag-exists",
                             f"the bag {target} exists already and is left as it is",
                             "choose another output folder, or use --force to replace the bag")
    return target, None


def _customization_files() -> tuple[Path, ...]:
    """The schema files shipped in ``data/schema/``: the ODD (if any) and its derivatives."""
    odd = schema_path("teitools.odd")
    return ((odd,) if odd.is_file() else ()) + tuple(default_schema_files())


def _deposit_one(plan: _BagPlan, target: Path, schema_files: tuple[Path, ...], validation: ValidationReport,
                 engine: XsltEngine, *, allow_invalid: bool, force: bool) -> tuple[DepositedBag | None,
                                                                                   list[Diagnostic]]:
    first = str(plan.documents[0].path)
    name = target.name
    bag_report = _report_for(plan, validation)
    sources = {str(path) for path in plan.files()}
    invalid = [d for d in validation.diagnostics if d.is_error and d.file in sources]
    if invalid and not allow_invalid:
        refusal = error(first, 0, 0, LAYER, "deposit.invalid-document",
                        f"not deposited: the bag {name} would hold {len(invalid)} validation error(s)",
                        "fix the findings listed above, or deposit anyway with --allow-invalid")
        return None, [*invalid, refusal]
    records = tuple(dublin_core(document, engine) for document in plan.documents)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=target.parent))
    try:
        _assemble_bag(staging, plan, schema_files, bag_report, records, valid=not invalid)
        _install(staging, target, force=force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DepositedBag(name, target, tuple(d.name for d in plan.documents), not invalid), []


def _assemble_bag(staging: Path, plan: _BagPlan, schema_files: tuple[Path, ...], report: ValidationReport,
                  records: tuple[DublinCoreRecord, ...], *, valid: bool) -> None:
    """Write the payload into ``staging``, then turn it into a bag in place."""
    tei = _copy_tei(plan, staging)
    _copy_schemas(schema_files, staging / "schema")
    _build_editions_into(plan, staging)
    _write_reports(report, staging / "reports", valid=valid)
    payload = _payload_files(staging, tei)
    mets = _mets_document(plan, records, payload, tei)
    (staging / METS_FILE).write_bytes(etree.tostring(mets, xml_declaration=True, encoding="UTF-8",
                                                     pretty_print=True))
    bag = bagit.make_bag(str(staging), _bag_info(plan, records, valid=valid), checksums=list(CHECKSUM_ALGORITHMS))
    bag.validate(processes=1)
    for folder in (staging, staging / "data"):  # mkdtemp folders are private (0700)
        folder.chmod(0o755)


@dataclass(frozen=True, slots=True)
class _TeiLayout:
    """Where each source file went in ``tei/`` (paths relative to ``data/``)."""

    documents: tuple[tuple[ParsedDocument, str], ...]
    registers: tuple[str, ...]


def _copy_tei(plan: _BagPlan, staging: Path) -> _TeiLayout:
    def copy(source: Path) -> str:
        relative = _nfc_relative(PurePosixPath(source.resolve().relative_to(plan.root).as_posix()))
        destination = staging / "tei" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        return str(PurePosixPath("tei") / relative)

    documents = tuple((document, copy(document.path)) for document in plan.documents)
    return _TeiLayout(documents, tuple(copy(path) for path in plan.registers))


def _copy_schemas(schema_files: Iterable[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in schema_files:
        shutil.copyfile(path, folder / _nfc_relative(PurePosixPath(path.name)).name)


def _build_editions_into(plan: _BagPlan, staging: Path) -> None:
    """Build the editions into a scratch folder and copy html/, txt/, pdf/ into editions/."""
    from teitools.build import build_editions

    scratch = staging / ".editions-build"
    try:
        report = build_editions([d.path for d in plan.documents], EDITION_FORMATS, scratch, jobs=1)
        if report.exit_status is not ExitStatus.OK:
            problems = "; ".join(f"{d.file}: {d.message}" for d in report.diagnostics if d.is_error)
            raise BuildError(f"the editions of bag {plan.name} could not be built: {problems or 'see build report'}")
        for edition in EDITION_FORMATS:
            _copy_tree(scratch / edition, staging / "editions" / edition)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _copy_tree(source: Path, destination: Path) -> None:
    """Regular files below ``source`` (no hidden files, no links), names NFC."""
    if not source.is_dir():
        return
    for root, dirs, files in os.walk(source, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file_name in sorted(files):
            path = Path(root) / file_name
            if file_name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = _nfc_relative(PurePosixPath(path.relative_to(source).as_posix()))
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _report_for(plan: _BagPlan, validation: ValidationReport) -> ValidationReport:
    """The part of ``validation`` about the bag's files, named as they are in ``data/``."""
    names = {str(path): "tei/" + _nfc_relative(PurePosixPath(path.resolve().relative_to(plan.root).as_posix()))
             .as_posix() for path in plan.files()}

    def renamed(finding: Diagnostic) -> Diagnostic:
        return replace(finding, file=names.get(finding.file, finding.file))

    outcomes = tuple(DocumentOutcome(names[o.name], tuple(renamed(d) for d in o.diagnostics))
                     for o in validation.documents if o.name in names)
    corpus = tuple(renamed(d) for d in validation.corpus_diagnostics if d.file in names)
    schemas = tuple(Path("schema") / path.name for path in validation.schemas)
    return ValidationReport(outcomes, corpus, (), schemas)


def _write_reports(report: ValidationReport, folder: Path, *, valid: bool) -> None:
    from teitools.report import report_as_json, report_as_junit

    folder.mkdir(parents=True, exist_ok=True)
    payload = json.loads(report_as_json(report))
    payload["deposit"] = {
        "valid": valid,
        "note": "all documents are valid" if valid else
                "deposited with --allow-invalid: the documents listed as not valid were deposited "
                "although validation found errors",
    }
    (folder / "validation.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    (folder / "validation-junit.xml").write_text(report_as_junit(report), encoding="utf-8")


# --------------------------------------------------------------------------- METS

@dataclass(frozen=True, slots=True)
class _PayloadFile:
    path: str  # relative to data/, "/" separators, NFC
    group: str
    mimetype: str
    size: int
    sha256: str


def _payload_files(staging: Path, tei: _TeiLayout) -> tuple[_PayloadFile, ...]:
    registers = set(tei.registers)
    files: list[_PayloadFile] = []
    for root, dirs, names in os.walk(staging):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            relative = path.relative_to(staging).as_posix()
            if relative == METS_FILE:
                continue
            files.append(_PayloadFile(relative, _file_group(relative, registers), _mime_type(relative),
                                      path.stat().st_size, _digest(path, "sha256")))
    return tuple(sorted(files, key=lambda f: (_GROUP_ORDER.index(f.group.split("-")[0]), f.group, f.path)))


_GROUP_ORDER = ("TEI", "registers", "schema", "edition", "reports", "other")


def _file_group(relative: str, registers: set[str]) -> str:
    parts = relative.split("/")
    if parts[0] == "tei":
        return "registers" if relative in registers else "TEI"
    if parts[0] == "editions" and len(parts) > 2:
        return f"edition-{parts[1]}"
    return parts[0] if parts[0] in {"schema", "reports"} else "other"


def _mime_type(relative: str) -> str:
    suffix = PurePosixPath(relative).suffix.lower()
    if relative.startswith("tei/") and suffix in {".xml", ".tei"}:
        return "application/tei+xml"
    return _MIME_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"


def _digest(path: Path, algorithm: str) -> str:
    hasher = hashlib.new(algorithm)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _href(relative: str) -> str:
    return urllib.parse.quote(relative, safe="/")


def _mets(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _mets_document(plan: _BagPlan, records: tuple[DublinCoreRecord, ...], payload: tuple[_PayloadFile, ...],
                   tei: _TeiLayout) -> etree._Element:
    label = records[0].first("title", plan.name) if len(records) == 1 else \
        f"TEI corpus of {len(records)} documents"
    mets = etree.Element(_mets("mets"), nsmap={"mets": METS_NS, "xlink": XLINK_NS},
                         OBJID=plan.name, LABEL=label, TYPE="TEI edition")
    header = etree.SubElement(mets, _mets("metsHdr"),
                              CREATEDATE=dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
                              .strftime("%Y-%m-%dT%H:%M:%SZ"), RECORDSTATUS="complete")
    agent = etree.SubElement(header, _mets("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, _mets("name")).text = f"teitools {__version__}"
    for number, record in enumerate(records, start=1):
        section = etree.SubElement(mets, _mets("dmdSec"), ID=f"dmd-{number}")
        wrap = etree.SubElement(section, _mets("mdWrap"), MDTYPE="DC", MIMETYPE="text/xml", LABEL="Dublin Core")
        etree.SubElement(wrap, _mets("xmlData")).append(record.as_element())
    file_ids = _file_section(mets, payload)
    _structure_map(mets, tei, payload, file_ids)
    return mets


def _file_section(mets: etree._Element, payload: tuple[_PayloadFile, ...]) -> dict[str, str]:
    section = etree.SubElement(mets, _mets("fileSec"))
    groups: dict[str, etree._Element] = {}
    file_ids: dict[str, str] = {}
    for number, entry in enumerate(payload, start=1):
        group = groups.get(entry.group)
        if group is None:
            group = groups[entry.group] = etree.SubElement(section, _mets("fileGrp"), ID=f"grp-{entry.group}",
                                                           USE=entry.group)
        file_ids[entry.path] = identifier = f"file-{number:04d}"
        element = etree.SubElement(group, _mets("file"), ID=identifier, MIMETYPE=entry.mimetype,
                                   SIZE=str(entry.size), CHECKSUM=entry.sha256, CHECKSUMTYPE="SHA-256")
        etree.SubElement(element, _mets("FLocat"), LOCTYPE="URL").set(f"{{{XLINK_NS}}}href", _href(entry.path))
    return file_ids


def _structure_map(mets: etree._Element, tei: _TeiLayout, payload: tuple[_PayloadFile, ...],
                   file_ids: dict[str, str]) -> None:
    structure = etree.SubElement(mets, _mets("structMap"), TYPE="logical", LABEL="Documents and their editions")
    top = etree.SubElement(structure, _mets("div"), TYPE="edition", LABEL="TEI edition")
    for number, (document, relative) in enumerate(tei.documents, start=1):
        names = {document.path.stem, _slug(document)}
        div = etree.SubElement(top, _mets("div"), TYPE="document", ORDER=str(number), DMDID=f"dmd-{number}",
                               LABEL=PurePosixPath(relative).name)
        etree.SubElement(div, _mets("fptr"), FILEID=file_ids[relative])
        for entry in payload:
            if entry.group.startswith("edition-") and PurePosixPath(entry.path).stem in names:
                etree.SubElement(div, _mets("fptr"), FILEID=file_ids[entry.path])
    if tei.registers:
        div = etree.SubElement(top, _mets("div"), TYPE="registers", LABEL="Registers")
        for relative in tei.registers:
            etree.SubElement(div, _mets("fptr"), FILEID=file_ids[relative])


def _bag_info(plan: _BagPlan, records: tuple[DublinCoreRecord, ...], *, valid: bool) -> dict[str, str | list[str]]:
    info: dict[str, str | list[str]] = {}
    organisations = list(dict.fromkeys(text for r in records for text in r.texts("publisher")))
    if organisations:
        info["Source-Organization"] = organisations
    identifiers = list(dict.fromkeys(text for r in records for text in r.texts("identifier")))
    info["External-Identifier"] = identifiers or [plan.name]
    titles = [r.first("title", d.path.name) for r, d in zip(records, plan.documents)]
    info["External-Description"] = (titles[0] if len(titles) == 1 else
                                    f"TEI edition of {len(titles)} documents: " + "; ".join(titles))
    contacts = _contact_names(plan.documents)
    if contacts:
        info["Contact-Name"] = contacts
    info["Bag-Software-Agent"] = f"teitools {__version__} (bagit.py {bagit.VERSION})"
    info["Bag-Group-Identifier"] = plan.name
    info["Validation-Status"] = ("valid: every document passed teitools validation" if valid else
                                 "INVALID: deposited with --allow-invalid although validation found errors; "
                                 "see data/reports/validation.json")
    return info


def _contact_names(documents: Iterable[ParsedDocument]) -> list[str]:
    """Persons named as editors in the title statements."""
    names: dict[str, None] = {}
    for document in documents:
        for editor in document.root.iterfind(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt/"
                                             f"{{{TEI_NS}}}editor"):
            person = editor.find(f"{{{TEI_NS}}}persName")
            text = " ".join("".join((person if person is not None else editor).itertext()).split())
            if text:
                names[text] = None
    return list(names)


def _install(staging: Path, target: Path, *, force: bool) -> None:
    """Rename the finished bag into place; with ``force``, swap it with the old one."""
    if not target.exists():
        os.rename(staging, target)
        return
    if not force:
        raise InputError(f"{target}: exists already; use --force to replace it")
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    try:
        os.rename(target, aside / target.name)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(aside / target.name, target)
            raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


# --------------------------------------------------------------------------- verify

def verify_bag(bag_dir: Path) -> list[Diagnostic]:
    """Every problem of a deposit bag, one diagnostic per file and problem (empty: whole).

    Checks the bag (bagit: structure, Payload-Oxum, completeness, every manifest
    checksum), file names (ASCII or NFC), ``data/mets.xml`` against the shipped METS
    1.12 schema, every METS ``fileSec`` entry's size and SHA-256 against its file,
    that every payload file is listed in METS, and re-validates the TEI files against
    the schemas in ``data/schema/``.
    """
    return list(check_bag(bag_dir).diagnostics)


def check_bag(bag_dir: Path) -> BagVerification:
    """:func:`verify_bag` as a :class:`BagVerification` (with exit status and summary)."""
    if not bag_dir.is_dir():
        raise InputError(f"{bag_dir}: no such bag directory")
    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        return BagVerification(bag_dir, (_finding(bag_dir, "bagit.txt", "deposit.not-a-bag",
                                                  f"not a BagIt bag: {exc}", "verify the folder that holds bagit.txt"),))
    findings = _bag_findings(bag_dir, bag)
    findings.extend(_name_findings(bag_dir))
    findings.extend(_mets_findings(bag_dir))
    findings.extend(_tei_findings(bag_dir))
    return BagVerification(bag_dir, tuple(findings))


def _finding(bag_dir: Path, relative: str, rule: str, message: str, hint: str = "",
             line: int = 0, column: int = 0) -> Diagnostic:
    return error(str(bag_dir / relative), line, column, LAYER, rule, message, hint)


def _bag_findings(bag_dir: Path, bag: bagit.Bag) -> list[Diagnostic]:
    """bagit's verdict, made precise per file: missing, stray and changed files."""
    findings: list[Diagnostic] = []
    present = {unicodedata.normalize("NFC", p) for p in bag.payload_files()}
    for relative, digests in sorted(bag.entries.items()):
        normalised = unicodedata.normalize("NFC", relative)
        path = bag_dir / relative
        if not path.is_file():
            findings.append(_finding(bag_dir, relative, "deposit.missing-file",
                                     "listed in the bag's manifest but missing from the bag",
                                     "restore the file from the original deposit"))
            continue
        wrong = [algorithm for algorithm, expected in sorted(digests.items())
                 if algorithm in hashlib.algorithms_available and _digest(path, algorithm) != expected.lower()]
        if wrong:
            findings.append(_finding(bag_dir, relative, "deposit.checksum-mismatch",
                                     f"the file's {', '.join(wrong)} checksum differs from the manifest: "
                                     "its bytes have changed", "restore the file from the original deposit"))
        present.discard(normalised)
    for relative in sorted(present):
        findings.append(_finding(bag_dir, relative, "deposit.stray-file",
                                 "the file is in the bag's payload but in no manifest",
                                 "remove the file, or make a new bag"))
    findings.extend(_oxum_findings(bag_dir, bag))
    if not findings:  # bagit's own verdict (structure, bagit.txt, tag files); it logs every problem it finds
        try:
            bag.validate(processes=1)
        except bagit.BagValidationError as exc:
            findings.append(_finding(bag_dir, "", "deposit.bag-invalid", f"bagit: {exc}"))
    return findings


def _oxum_findings(bag_dir: Path, bag: bagit.Bag) -> list[Diagnostic]:
    declared = str(bag.info.get("Payload-Oxum", ""))
    files = [Path(bag_dir, p) for p in bag.payload_files()]
    actual = f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    if declared and declared != actual:
        return [_finding(bag_dir, "bag-info.txt", "deposit.payload-oxum",
                         f"Payload-Oxum is {declared} but the payload holds {actual} (bytes.files)",
                         "files were added to, removed from or changed in data/")]
    return []


def _name_findings(bag_dir: Path) -> list[Diagnostic]:
    findings = []
    for root, _dirs, files in os.walk(bag_dir):
        for name in files:
            if unicodedata.normalize("NFC", name) != name:
                relative = (Path(root) / name).relative_to(bag_dir).as_posix()
                findings.append(_finding(bag_dir, relative, "deposit.file-name",
                                         "the file name is neither ASCII nor NFC-normalised Unicode",
                                         "rename the file to its NFC form and make a new bag"))
    return findings


def mets_schema():  # type: ignore[no-untyped-def]
    """The shipped METS 1.12 schema, loaded offline (XLink mapped to the local copy)."""
    import xmlschema

    return xmlschema.XMLSchema(str(schema_path("mets", "mets.xsd")),
                               locations={XLINK_NS: str(schema_path("mets", "xlink.xsd"))}, allow="sandbox")


def _offline_resource(tree: etree._ElementTree, folder: Path):  # type: ignore[no-untyped-def]
    import xmlschema

    return xmlschema.XMLResource(tree.getroot(), base_url=str(folder), allow="sandbox")


def _mets_findings(bag_dir: Path) -> list[Diagnostic]:
    data = bag_dir / "data"
    mets_path = data / METS_FILE
    relative_mets = f"data/{METS_FILE}"
    if not mets_path.is_file():
        return [_finding(bag_dir, relative_mets, "deposit.missing-file", "the bag has no METS document")]
    try:
        tree = etree.ElementTree(etree.fromstring(mets_path.read_bytes(), safe_parser()))
    except etree.XMLSyntaxError as exc:
        return [_finding(bag_dir, relative_mets, "deposit.mets-invalid", f"not well-formed: {exc}")]
    findings = [
        _finding(bag_dir, relative_mets, "deposit.mets-invalid", f"not valid METS 1.12: {problem.reason}",
                 "the METS document was changed after the bag was made",
                 line=getattr(problem, "sourceline", None) or 0)
        for problem in mets_schema().iter_errors(_offline_resource(tree, data))
    ]
    listed: set[str] = set()
    for entry in tree.iter(_mets("file")):
        location = entry.find(_mets("FLocat"))
        href = location.get(f"{{{XLINK_NS}}}href", "") if location is not None else ""
        relative = urllib.parse.unquote(href)
        pure = PurePosixPath(relative)
        if not relative or pure.is_absolute() or ".." in pure.parts or _SCHEME.match(relative):
            findings.append(_finding(bag_dir, relative_mets, "deposit.mets-location",
                                     f"file {entry.get('ID')}: location {href!r} is not a path inside data/",
                                     line=entry.sourceline or 0))
            continue
        relative = unicodedata.normalize("NFC", relative)
        listed.add(relative)
        findings.extend(_mets_entry_findings(bag_dir, entry, f"data/{relative}"))
    for path in sorted(data.rglob("*")):
        relative = unicodedata.normalize("NFC", path.relative_to(data).as_posix())
        if path.is_file() and relative != METS_FILE and relative not in listed:
            findings.append(_finding(bag_dir, f"data/{relative}", "deposit.mets-unlisted",
                                     "the payload file is not listed in the METS fileSec",
                                     "remove the file, or make a new bag"))
    return findings


def _mets_entry_findings(bag_dir: Path, entry: etree._Element, relative: str) -> list[Diagnostic]:
    path = bag_dir / relative
    if not path.is_file():
        return [_finding(bag_dir, relative, "deposit.missing-file",
                         f"listed in METS as {entry.get('ID')} but missing from the bag")]
    problems = []
    if entry.get("CHECKSUMTYPE") != "SHA-256" or not entry.get("CHECKSUM"):
        problems.append(f"METS gives no SHA-256 checksum (CHECKSUMTYPE={entry.get('CHECKSUMTYPE')!r})")
    elif _digest(path, "sha256") != entry.get("CHECKSUM", "").lower():
        problems.append(f"its SHA-256 differs from the CHECKSUM of METS file {entry.get('ID')}")
    size = path.stat().st_size
    if entry.get("SIZE") != str(size):
        problems.append(f"its size is {size} bytes, METS file {entry.get('ID')} says {entry.get('SIZE')}")
    return [_finding(bag_dir, relative, "deposit.mets-checksum", "; ".join(problems),
                     "the file or its METS entry was changed after the bag was made")] if problems else []


def _tei_findings(bag_dir: Path) -> list[Diagnostic]:
    """Re-validate data/tei/ against the schemas in data/schema/."""
    tei = bag_dir / "data" / "tei"
    schemas = tuple(sorted(p for p in (bag_dir / "data" / "schema").glob("*")
                           if p.suffix.lower() in {".rng", ".xsd", ".sch"}))
    if not tei.is_dir():
        return [_finding(bag_dir, "data/tei", "deposit.missing-file", "the bag has no data/tei/ folder")]
    if not schemas:
        return [_finding(bag_dir, "data/schema", "deposit.missing-file",
                         "the bag has no schema to re-validate its TEI against")]
    documents = find_documents([tei])
    try:
        report = validate_documents(documents, ValidationOptions(schemas=schemas))
    except SchemaError as exc:
        return [_finding(bag_dir, "data/schema", "deposit.schema-invalid", f"the bag's schema cannot be used: {exc}")]
    # A register lists every document of the corpus that mentions an entry; a bag holds only
    # some of them, so a register's pointer to a document that is not in the bag is expected.
    registers = {o.name for o in report.documents if o.references is not None and o.references.is_register}
    return [error(d.file, d.line, d.column, LAYER, "deposit.tei-invalid", f"{d.message} [{d.rule}]", d.hint)
            for d in report.diagnostics
            if d.is_error and not (d.rule == "references.unresolved-file" and d.file in registers)]


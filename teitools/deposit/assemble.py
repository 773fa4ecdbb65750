"""Assemble one bag: copy the TEI, the schemas and the editions (from the one build of all
bags), write the validation reports, METS and the BagIt manifests in a hidden folder beside
the target, and rename it into place."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import bagit
from lxml import etree

from teitools import __version__
from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS
from teitools.deposit.editions import BuiltEditions
from teitools.deposit.mets import (METS_FILE, ROCRATE_FILE, in_mets_order, mets_document, payload_entry,
                                   payload_files)
from teitools.deposit.plan import LAYER, BagPlan, TeiLayout, nfc_relative
from teitools.deposit.ocfl import store_version
from teitools.deposit.premis import EditionOrigin, Provenance, Verdict
from teitools.deposit.profile import PROFILE_TAG, profile_identifier
from teitools.deposit.rocrate import CrateFile, crate_json, crate_metadata
from teitools.deposit.serialize import serialize_bag
from teitools.diagnostics import Diagnostic, error
from teitools.errors import BuildError, InputError
from teitools.metadata import DublinCoreRecord, dublin_core
from teitools.resources import schema_path
from teitools.validate import DocumentOutcome, ValidationReport, default_schema_files
from teitools.xslt import XsltEngine

CHECKSUM_ALGORITHMS = ("sha256", "sha512")
REPORTS = ("reports/validation.json", "reports/validation-junit.xml")


def iso_now() -> str:
    """The current time in ISO 8601, UTC, to the second."""
    return iso_time(dt.datetime.now(dt.timezone.utc).timestamp())


def iso_time(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _folder_mode() -> int:
    """0777 less the umask (0755 under the usual 022), as for any folder teitools makes."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


@dataclass(frozen=True, slots=True)
class DepositedBag:
    """A bag written into the output folder."""

    name: str
    path: Path
    documents: tuple[str, ...]
    valid: bool
    #: for an OCFL object: the version this deposit added, or "" if its files were the head's
    version: str | None = None


def customization_files() -> tuple[Path, ...]:
    """The schema files shipped in ``data/schema/``: the ODD (if any) and its derivatives."""
    odd = schema_path("teitools.odd")
    return ((odd,) if odd.is_file() else ()) + tuple(default_schema_files())


def deposit_one(plan: BagPlan, target: Path, schema_files: tuple[Path, ...], validation: ValidationReport,
                engine: XsltEngine, editions: BuiltEditions | None, *, allow_invalid: bool,
                force: bool, validated: str = "", serialization: str | None = None,
                ocfl_root: Path | None = None) -> tuple[DepositedBag | None, list[Diagnostic]]:
    """Assemble the plan's bag beside ``target`` and rename it into place (or write it there as a
    ``serialization``, ``tar.gz`` or ``zip``; or add its ``data/`` as a version of the OCFL object
    ``target`` in ``ocfl_root``), or say why it is refused."""
    first = str(plan.documents[0].path)
    name = target.name.removesuffix(f".{serialization}") if serialization else target.name
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
        _assemble_bag(staging, plan, schema_files, bag_report, records, editions, valid=not invalid,
                      validated=validated or iso_now())
        version = None
        if ocfl_root is not None:
            stored = store_version(ocfl_root, name, staging / "data", iso_now(),
                                   f"teitools deposit of {', '.join(d.path.name for d in plan.documents)}")
            version = stored.version
        elif serialization:
            serialize_bag(staging, name, target, serialization, force=force)
        else:
            _install(staging, target, force=force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if serialization or ocfl_root is not None:
        shutil.rmtree(staging, ignore_errors=True)
    return DepositedBag(name, target, tuple(d.name for d in plan.documents), not invalid, version), []


def _assemble_bag(staging: Path, plan: BagPlan, schema_files: tuple[Path, ...], report: ValidationReport,
                  records: tuple[DublinCoreRecord, ...], editions: BuiltEditions | None, *, valid: bool,
                  validated: str) -> None:
    """Write the payload into ``staging``, then turn it into a bag in place."""
    tei = _copy_tei(plan, staging)
    _copy_schemas(schema_files, staging / "schema")
    made = copy_editions(plan, editions, staging)
    _write_reports(report, staging / "reports", valid=valid)
    payload = payload_files(staging, tei)
    provenance = Provenance(plan.name, iso_now(), validated, _verdicts(report), REPORTS, made)
    described = [CrateFile(f.path, f.mimetype, f.size, f.sha256) for f in payload]
    crate = crate_metadata(plan.name, records, [*described, CrateFile(METS_FILE, "application/xml", -1, "")],
                           deposited=provenance.deposited, validated=validated, valid=valid,
                           tei=[f.path for f in payload if f.group in {"TEI", "registers"}], reports=REPORTS,
                           editions=made, agents=provenance.agents)
    (staging / ROCRATE_FILE).write_bytes(crate_json(crate))
    payload = in_mets_order([*payload, payload_entry(staging, ROCRATE_FILE, tei)])
    mets = mets_document(plan, records, payload, tei, provenance)
    (staging / METS_FILE).write_bytes(etree.tostring(mets, xml_declaration=True, encoding="UTF-8",
                                                     pretty_print=True))
    bag = bagit.make_bag(str(staging), _bag_info(plan, records, valid=valid), checksums=list(CHECKSUM_ALGORITHMS))
    bag.validate(processes=1)
    for folder in (staging, staging / "data"):  # mkdtemp folders are private (0700)
        folder.chmod(_folder_mode())


def _copy_tei(plan: BagPlan, staging: Path) -> TeiLayout:
    def copy(source: Path) -> str:
        relative = nfc_relative(PurePosixPath(source.resolve().relative_to(plan.root).as_posix()))
        destination = staging / "tei" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        return str(PurePosixPath("tei") / relative)

    documents = tuple((document, copy(document.path)) for document in plan.documents)
    return TeiLayout(documents, tuple(copy(path) for path in plan.registers), tuple(copy(p) for p in plan.included))


def _copy_schemas(schema_files: Iterable[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in schema_files:
        shutil.copyfile(path, folder / nfc_relative(PurePosixPath(path.name)).name)


def copy_editions(plan: BagPlan, editions: BuiltEditions | None, staging: Path) -> dict[str, EditionOrigin]:
    """Copy the plan's editions from the one build of all bags into ``editions/`` (html/, txt/, pdf/, epub/);
    how each was made (format, stylesheet digest, when: the built file's time, or now for the pages
    made for this bag), by its path below the payload."""
    if editions is None:
        return {}
    problems = editions.problems_of(plan)
    if problems:
        raise BuildError(f"the editions of bag {plan.name} could not be built: {'; '.join(problems)}")
    digests = editions.stylesheet_digests()
    made: dict[str, EditionOrigin] = {}
    for relative, content in editions.files_of(plan):
        inside = nfc_relative(PurePosixPath(relative))
        target = staging / "editions" / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
            created = iso_time(content.stat().st_mtime)
        else:
            target.write_bytes(content)
            created = iso_now()
        format_name = inside.parts[0]
        made[f"editions/{inside.as_posix()}"] = EditionOrigin(format_name, digests.get(format_name, ""), created)
    return made


def _verdicts(report: ValidationReport) -> dict[str, Verdict]:
    """What validation said about each file of the bag (named as in ``data/``)."""
    verdicts = {}
    for name, findings in report.findings_by_file().items():
        errors = tuple(f"{d.file}:{d.line}:{d.column} [{d.rule}] {d.message}" for d in findings if d.is_error)
        verdicts[name] = Verdict(errors, sum(1 for d in findings if not d.is_error))
    return verdicts


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
            relative = nfc_relative(PurePosixPath(path.relative_to(source).as_posix()))
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _report_for(plan: BagPlan, validation: ValidationReport) -> ValidationReport:
    """The part of ``validation`` about the bag's files, named as they are in ``data/``."""
    names = {str(path): "tei/" + nfc_relative(PurePosixPath(path.resolve().relative_to(plan.root).as_posix()))
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


def _bag_info(plan: BagPlan, records: tuple[DublinCoreRecord, ...], *, valid: bool) -> dict[str, str | list[str]]:
    info: dict[str, str | list[str]] = {PROFILE_TAG: profile_identifier()}
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

"""Check that a deposit bag is whole: bagit's manifests, file names, METS (valid, every file
listed with its size and checksum) and the TEI re-validated against the bag's own schemas."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import bagit
from lxml import etree

from teitools.corpus import load_corpus, safe_parser
from teitools.deposit.mets import METS_FILE, XLINK_NS, file_digest, mets_schema, mets_tag, offline_resource
from teitools.deposit.ocfl import head_state, is_object, is_storage_root, materialize, object_problems, read_inventory
from teitools.deposit.plan import LAYER
from teitools.deposit.profile import profile_identifier, profile_problems
from teitools.deposit.serialize import archive_suffix, sha256_of, unpacked
from teitools.deposit.verify_premis import premis_problems
from teitools.diagnostics import Diagnostic, error
from teitools.errors import ExitStatus, InputError, SchemaError
from teitools.validate import ValidationOptions, validate_documents

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True, slots=True)
class BagVerification:
    """What checking one bag found."""

    bag: Path
    diagnostics: tuple[Diagnostic, ...]

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if any(d.is_error for d in self.diagnostics) else ExitStatus.OK

    def summary(self) -> str:
        kind = ("the OCFL object" if is_object(self.bag) else "the OCFL storage root" if is_storage_root(self.bag)
                else "the bag")
        if self.exit_status is ExitStatus.OK:
            return f"{self.bag}: {kind} is complete and valid"
        count = sum(1 for d in self.diagnostics if d.is_error)
        return f"{self.bag}: {count} problem{'s' if count != 1 else ''} found; {kind} does not verify"


def verify_bag(bag_dir: Path) -> list[Diagnostic]:
    """Every problem of a deposit bag, one diagnostic per file and problem (empty: whole).

    Checks the bag (bagit: structure, Payload-Oxum, completeness, every manifest
    checksum), file names (ASCII or NFC), ``data/mets.xml`` against the shipped METS
    1.12 schema, every METS ``fileSec`` entry's size and SHA-256 against its file and its
    PREMIS object and events (:mod:`teitools.deposit.verify_premis`),
    that every payload file is listed in METS, and re-validates the TEI files against
    the schemas in ``data/schema/``.
    """
    return list(check_bag(bag_dir).diagnostics)


def check_bag(bag_dir: Path) -> BagVerification:
    """:func:`verify_bag` as a :class:`BagVerification` (with exit status and summary).  A serialized
    bag (``.tar.gz``, ``.zip``) is checked against the sha256 beside it, if there is one, and unpacked
    into a temporary folder to be checked; findings name the files as ``ARCHIVE/NAME/…``."""
    if bag_dir.is_file() and archive_suffix(bag_dir):
        return _check_archive(bag_dir)
    if is_object(bag_dir):
        return _check_ocfl_object(bag_dir)
    if is_storage_root(bag_dir):
        found = [finding for child in sorted(bag_dir.iterdir()) if is_object(child)
                 for finding in _check_ocfl_object(child).diagnostics]
        return BagVerification(bag_dir, tuple(found))
    if not bag_dir.is_dir():
        raise InputError(f"{bag_dir}: no such bag directory")
    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        return BagVerification(bag_dir, (_finding(bag_dir, "bagit.txt", "deposit.not-a-bag",
                                                  f"not a BagIt bag: {exc}", "verify the folder that holds bagit.txt"),))
    findings = _bag_findings(bag_dir, bag)
    findings.extend(_finding(bag_dir, tag_file, "deposit.bagit-profile", problem,
                             f"the bag does not follow the teitools BagIt profile {profile_identifier()}")
                    for tag_file, problem in profile_problems(bag))
    findings.extend(_name_findings(bag_dir))
    findings.extend(_mets_findings(bag_dir))
    findings.extend(_tei_findings(bag_dir))
    return BagVerification(bag_dir, tuple(findings))


def _check_archive(archive: Path) -> BagVerification:
    findings: list[Diagnostic] = []
    checksum = archive.with_name(archive.name + ".sha256")
    if checksum.is_file():
        recorded = checksum.read_text(encoding="ascii", errors="replace").split()
        if not recorded or recorded[0].lower() != sha256_of(archive):
            findings.append(error(str(archive), 0, 0, LAYER, "deposit.checksum-mismatch",
                                  f"the archive's sha256 differs from {checksum.name}: its bytes have changed",
                                  "fetch the archive again from the original deposit"))
    with unpacked(archive) as folder:
        inner = check_bag(folder)
    named = archive / folder.name
    renamed = tuple(replace(d, file=d.file.replace(str(folder), str(named), 1)) for d in inner.diagnostics)
    return BagVerification(archive, (*findings, *renamed))


def _check_ocfl_object(object_dir: Path) -> BagVerification:
    """The object's inventories and content, then its head version checked as a bag's payload is
    (METS with its PREMIS, the TEI re-validated); findings name the stored files."""
    findings = [error(str(object_dir / path), 0, 0, LAYER, "deposit.ocfl", problem,
                      "the object was changed outside teitools: restore it from a copy")
                for path, problem in object_problems(object_dir)]
    if findings:
        return BagVerification(object_dir, tuple(findings))
    inventory = read_inventory(object_dir) or {}
    stored = {logical: inventory["manifest"][digest][0] for logical, digest in head_state(inventory).items()}
    scratch = Path(tempfile.mkdtemp(prefix=".teitools-verify."))
    try:
        materialize(object_dir, scratch / "data")
        inner = [*_mets_findings(scratch), *_tei_findings(scratch)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def located(finding: Diagnostic) -> Diagnostic:
        relative = Path(finding.file).relative_to(scratch / "data").as_posix() \
            if Path(finding.file).is_relative_to(scratch / "data") else ""
        return replace(finding, file=str(object_dir / stored.get(relative, relative)))

    return BagVerification(object_dir, tuple(located(d) for d in inner))


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
                 if algorithm in hashlib.algorithms_available and file_digest(path, algorithm) != expected.lower()]
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
        for problem in mets_schema().iter_errors(offline_resource(tree, data))
    ]
    findings.extend(_finding(bag_dir, f"data/{relative}", "deposit.premis",
                             f"{problem} (data/{METS_FILE}, line {line})",
                             "the METS document was changed after the bag was made: make a new bag")
                    for relative, problem, line in premis_problems(tree))
    listed: set[str] = set()
    for entry in tree.iter(mets_tag("file")):
        location = entry.find(mets_tag("FLocat"))
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
    elif file_digest(path, "sha256") != entry.get("CHECKSUM", "").lower():
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
    documents = load_corpus([tei])
    try:
        # parts a document included were bagged beside it: expanding them reads nothing outside the bag
        report = validate_documents(documents, ValidationOptions(schemas=schemas, xinclude=True))
    except SchemaError as exc:
        return [_finding(bag_dir, "data/schema", "deposit.schema-invalid", f"the bag's schema cannot be used: {exc}")]
    # A register lists every document of the corpus that mentions an entry; a bag holds only
    # some of them, so a register's pointer to a document that is not in the bag is expected.
    registers = {o.name for o in report.documents if o.references is not None and o.references.is_register}
    return [error(d.file, d.line, d.column, LAYER, "deposit.tei-invalid", f"{d.message} [{d.rule}]", d.hint)
            for d in report.diagnostics
            if d.is_error and not (d.rule == "references.unresolved-file" and d.file in registers)]

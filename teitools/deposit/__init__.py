"""Deposit packages: BagIt bags (RFC 8493) carrying TEI documents, their registers, the
schemas they were validated against, their editions, the validation reports and a
METS 1.12 document with Dublin Core; and the check that proves such a bag is whole.

A bag's payload (``data/``)::

    tei/          the documents and the registers they point to, byte-identical,
                  in their relative layout (``registers/persons.xml``…)
    schema/       the customization (ODD, RELAX NG, XSD, Schematron)
    editions/     html/, txt/, pdf/, epub/ copied from ONE build of every bag's documents
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

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.corpus import Corpus, DocumentSet, ParsedDocument, load_corpus, parse_document, parse_edition
from teitools.deposit import editions as edition_builds
from teitools.deposit.assemble import DepositedBag, customization_files, deposit_one, iso_now
from teitools.deposit.plan import BagPlan, bag_target, plan_bags, safe_bag_name
from teitools.deposit.ocfl import ensure_storage_root
from teitools.deposit.serialize import SERIALIZATIONS
from teitools.deposit.verify import BagVerification, check_bag, verify_bag
from teitools.diagnostics import Diagnostic
from teitools.errors import ExitStatus, InputError
from teitools.metadata import metadata_engine
from teitools.validate import ValidationOptions, default_schema_files, validate_documents

#: How deposits are written: BagIt bags, or versions of OCFL objects in a storage root.
LAYOUTS = ("bag", "ocfl")

if TYPE_CHECKING:
    from teitools.cluster import ClusterOptions

__all__ = [
    "BagVerification",
    "DepositReport",
    "DepositedBag",
    "check_bag",
    "deposit_documents",
    "safe_bag_name",
    "verify_bag",
]


@dataclass(frozen=True, slots=True)
class DepositReport:
    """The bags written and the findings that kept others from being written."""

    bags: tuple[DepositedBag, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.FINDINGS if any(d.is_error for d in self.diagnostics) else ExitStatus.OK

    def summary(self) -> str:
        written = ", ".join(str(bag.path) + ("" if bag.version is None else f" ({bag.version or 'unchanged'})")
                            for bag in self.bags) or "none"
        refused = sum(1 for d in self.diagnostics if d.is_error)
        kind, verb = (("OCFL object", "deposited") if any(bag.version is not None for bag in self.bags)
                      else ("bag", "written"))
        text = f"{len(self.bags)} {kind}{'s' if len(self.bags) != 1 else ''} {verb}: {written}"
        if refused:
            text += f"; {refused} error{'s' if refused != 1 else ''} (see above)"
        return text


def deposit_documents(
    paths: Sequence[Path] | Corpus,
    out_dir: Path,
    *,
    corpus: bool = False,
    allow_invalid: bool = False,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    editions: Path | None = None,
    xinclude: bool = False,
    cluster: ClusterOptions | None = None,
    serialization: str | None = None,
    layout: str = "bag",
) -> DepositReport:
    """Make one bag per document of a corpus (or below ``paths``; ``corpus``: one bag for all) in ``out_dir``.

    Registers are not bagged on their own: each bag carries the registers its documents
    point to.  Invalid documents are refused with their validation findings unless
    ``allow_invalid``; an existing bag is refused unless ``force``.  The editions of every
    bag come from one build, into ``editions`` (kept, and reused when it is up to date) or
    into a temporary folder.  ``progress`` is called with 1 after each bag.  ``xinclude``
    expands ``xi:include`` (see :mod:`teitools.corpus.xinclude`): the included files go into
    the bag beside the document that includes them, and are not deposited on their own.
    ``serialization`` (``tar.gz`` or ``zip``) writes each bag as one archive with its sha256
    beside it (``NAME.tar.gz`` and ``NAME.tar.gz.sha256``) instead of a folder.  ``layout="ocfl"``
    makes ``out_dir`` an OCFL 1.1 storage root (:mod:`teitools.deposit.ocfl`) and adds what each bag's
    ``data/`` holds as a new version of the object named as the bag, if it changed.
    With ``cluster``, the documents are validated and their editions built on the workers of that Dask cluster.
    Raises :class:`InputError` for missing paths or no documents and
    :class:`SchemaError` if the customization cannot be loaded.
    """
    if layout not in LAYOUTS:
        raise InputError(f"unknown deposit layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    if layout == "ocfl" and serialization:
        raise InputError("an OCFL object is not serialized: use --serialize with bags only")
    if serialization is not None and serialization not in SERIALIZATIONS:
        raise InputError(f"cannot serialize a bag as {serialization!r}: choose one of {', '.join(SERIALIZATIONS)}")
    model = paths if isinstance(paths, Corpus) else load_corpus(list(paths))
    if xinclude:
        from teitools.corpus.xinclude import without_parts

        model = without_parts(model)
    findings: list[Diagnostic] = []
    documents: list[tuple[ParsedDocument, str]] = []
    registers: list[ParsedDocument] = []
    for member in model.members:
        if not member.named:
            continue
        # a document that is not TEI is refused even with allow_invalid: it has no edition to deposit
        parsed = (parse_document(member.path, str(member.path)) if member.is_register
                  else parse_edition(member.path, str(member.path), xinclude=xinclude))
        if parsed.document is None:
            findings.extend(d for d in parsed.diagnostics if d.is_error)
        elif member.is_register:
            registers.append(parsed.document)
        else:
            documents.append((parsed.document, member.slug))
    if not documents and not findings:
        raise InputError("no TEI documents to deposit (registers are deposited with the documents that use them)")
    out_dir.mkdir(parents=True, exist_ok=True)
    ocfl_root = None
    if layout == "ocfl":
        ensure_storage_root(out_dir)
        ocfl_root = out_dir
    plans: list[tuple[BagPlan, Path]] = []
    for plan in plan_bags(documents, registers, corpus):
        # an OCFL object that exists gets a new version: that is not a replacement
        target, refusal = bag_target(plan, out_dir, force=force or ocfl_root is not None, serialization=serialization)
        if refusal is not None:
            findings.append(refusal)
        else:
            plans.append((plan, target))
    bags: list[DepositedBag] = []
    if not plans:
        return DepositReport((), tuple(findings))
    schema_files = customization_files()
    to_validate = DocumentSet(tuple(dict.fromkeys(p for plan, _ in plans for p in plan.files())))
    validated = iso_now()
    validation = validate_documents(to_validate, ValidationOptions(schemas=default_schema_files(), xinclude=xinclude,
                                                                   cluster=cluster))
    engine = metadata_engine()
    invalid = {d.file for d in validation.diagnostics if d.is_error}
    wanted = allow_invalid or any(not invalid & {str(p) for p in plan.files()} for plan, _ in plans)
    scratch = None if editions is not None or not wanted else Path(tempfile.mkdtemp(prefix=".editions.", dir=out_dir))
    try:
        built = edition_builds.build_editions_once(model, editions or scratch, xinclude, cluster) if wanted else None
        for plan, target in plans:
            bag, refusals = deposit_one(plan, target, schema_files, validation, engine, built,
                                        allow_invalid=allow_invalid, force=force, validated=validated,
                                        serialization=serialization, ocfl_root=ocfl_root)
            findings.extend(refusals)
            if bag is not None:
                bags.append(bag)
            if progress:
                progress(1)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return DepositReport(tuple(bags), tuple(findings))

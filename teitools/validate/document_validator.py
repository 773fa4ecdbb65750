"""One document through every layer: parsed once, each layer reading the same tree.

:class:`DocumentValidator` holds the schemas of one process (each loaded only when its
layer runs) and the attribute index the dates, references and hygiene layers share.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from teitools.corpus import ParsedDocument, not_tei_finding, parse_document, read_source
from teitools.diagnostics import Diagnostic, error
from teitools.errors import InputError, SchemaError
from teitools.resources import schema_path
from teitools.validate.attributes import XML_LANG, AttributeIndexer
from teitools.validate.grammar_findings import merge_grammar_findings
from teitools.validate.syntax_messages import plain_syntax_finding

if TYPE_CHECKING:
    from teitools.validate.references import ReferenceSummary
    from teitools.xslt import XsltEngine

INPUT_LAYER = "input"


class SchemaLayer(Protocol):
    layer: str

    def check(self, document: ParsedDocument) -> list[Diagnostic]: ...


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """The findings of the per-document layers and what the reference check needs."""

    name: str
    diagnostics: tuple[Diagnostic, ...]
    references: ReferenceSummary | None = None


def default_schema_files() -> tuple[Path, ...]:
    """The project customization: derived RELAX NG, XSD and Schematron."""
    return (schema_path("teitools.rng"), schema_path("teitools.xsd"), schema_path("teitools.sch"))


class DocumentValidator:
    """Validates one document at a time; holds every compiled schema of one process."""

    def __init__(self, schema_files: Sequence[Path], skip: frozenset[str] = frozenset(), *,
                 xinclude: bool = False) -> None:
        self._skip = skip
        self._xinclude = xinclude
        # saxonche is started only for Schematron: a validator without it can be forked
        self._engine: XsltEngine | None = None
        self._resources = ExitStack()
        self._schemas: list[SchemaLayer] = []
        origins: dict[str, Path | None] = {}
        # a schema is loaded only for a layer that runs (the XSD alone takes seconds)
        for path, origin in _expand_odd(schema_files, self._resources, skip):
            layer = SCHEMA_LAYERS[path.suffix.lower()]
            if layer not in skip:
                self._schemas.append(_load_schema(path, self._xslt_engine))
                origins.setdefault(layer, origin)
        #: RELAX NG and XSD derived from one ODD: an error both see is reported once
        self._grammars_agree = origins.get("relaxng") is not None and origins.get("relaxng") == origins.get("xsd")
        self._indexer: AttributeIndexer | None = None
        if not {"dates", "references", "hygiene"} <= skip:
            from teitools.validate.dates import DATE_ATTRIBUTE_NAMES
            from teitools.validate.hygiene import load_character_tables
            from teitools.validate.references import REFERENCE_ATTRIBUTE_NAMES

            self._indexer = AttributeIndexer({*DATE_ATTRIBUTE_NAMES, *REFERENCE_ATTRIBUTE_NAMES, XML_LANG})
            if "hygiene" not in skip:
                load_character_tables()  # before workers fork, so that they share them

    def _xslt_engine(self) -> XsltEngine:
        if self._engine is None:
            from teitools.xslt import XsltEngine

            self._engine = XsltEngine()
        return self._engine

    @property
    def can_be_forked(self) -> bool:
        """True when no XSLT engine runs in this process (saxonche does not survive a fork)."""
        return self._engine is None

    def close(self) -> None:
        self._resources.close()

    def validate(self, path: Path, name: str | None = None, source: bytes | None = None) -> DocumentOutcome:
        """Every layer's findings on one document, parsed once; all layers read the same tree.

        ``source`` is the document's bytes when they were read elsewhere (shipped to a cluster's worker)."""
        display = name if name is not None else str(path)
        try:
            source = read_source(path) if source is None else source
        except InputError as exc:
            reason = str(exc).removeprefix(f"{path}: ")
            return DocumentOutcome(display, (error(display, 0, 0, INPUT_LAYER, "input.unreadable", reason,
                                                   "check that the file exists and is readable"),))
        parsed = parse_document(path, display, source, xinclude=self._xinclude)
        # an included file's findings name that file: its lines are not those of ``source``
        findings = [plain_syntax_finding(finding, source) if finding.file == display else finding
                    for finding in parsed.diagnostics]
        document = parsed.document
        if document is None:
            return DocumentOutcome(display, tuple(findings))
        not_tei = not_tei_finding(document)
        if not_tei is not None:
            return DocumentOutcome(display, (*findings, not_tei))
        from teitools.validate.dates import check_dates
        from teitools.validate.hygiene import check_text_hygiene
        from teitools.validate.references import collect_references

        grammar: list[Diagnostic] = []
        for schema in self._schemas:
            grammar.extend(self._run_layer(schema.layer, schema.check, document, display))
        findings.extend(merge_grammar_findings(grammar) if self._grammars_agree else grammar)
        attributes = self._indexer.index(document.root) if self._indexer is not None else None
        if "dates" not in self._skip:
            findings.extend(self._run_layer("dates", partial(check_dates, attributes=attributes), document, display))
        if "hygiene" not in self._skip:
            findings.extend(self._run_layer("hygiene", partial(check_text_hygiene, attributes=attributes),
                                            document, display))
        if "registers" not in self._skip:
            from teitools.validate.register_entries import check_register_entries

            findings.extend(self._run_layer("registers", check_register_entries, document, display))
        references = collect_references(document, attributes) if "references" not in self._skip else None
        return DocumentOutcome(display, tuple(findings), references)

    @staticmethod
    def _run_layer(layer: str, check: Callable[[ParsedDocument], list[Diagnostic]],
                   document: ParsedDocument, display: str) -> list[Diagnostic]:
        try:
            return check(document)
        except SchemaError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken layer must not stop the others
            return [error(display, 0, 0, layer, f"{layer}.internal-error",
                          f"the {layer} layer failed on this document: {type(exc).__name__}: {exc}",
                          "please report this as a teitools bug, with the document")]


#: The layer each schema language serves.
SCHEMA_LAYERS = {".rng": "relaxng", ".xsd": "xsd", ".sch": "schematron"}


def _load_schema(path: Path, engine: Callable[[], XsltEngine]) -> SchemaLayer:
    suffix = path.suffix.lower()
    if suffix == ".rng":
        from teitools.validate.relaxng import RelaxNGSchema

        return RelaxNGSchema(path)
    if suffix == ".xsd":
        from teitools.validate.xsd import XsdSchema

        return XsdSchema(path)
    if suffix == ".sch":
        from teitools.validate.schematron import SchematronSchema

        return SchematronSchema(path, engine())
    raise SchemaError(f"{path}: unknown schema type; use .rng, .xsd, .sch or .odd")


def _expand_odd(schema_files: Sequence[Path], resources: ExitStack,
                skip: frozenset[str]) -> list[tuple[Path, Path | None]]:
    """Each schema with the ODD it comes from (None if unknown): an ``.odd`` is replaced by
    the RELAX NG, XSD and Schematron compiled from it, unless none of their layers runs."""
    customization = default_schema_files()
    expanded: list[tuple[Path, Path | None]] = []
    for path in schema_files:
        if path.suffix.lower() != ".odd":
            expanded.append((path, schema_path("teitools.odd") if path in customization else None))
            continue
        if {"relaxng", "xsd", "schematron"} <= skip:
            continue
        from teitools.odd import write_schemas

        folder = Path(resources.enter_context(tempfile.TemporaryDirectory(prefix="teitools-odd-")))
        expanded.extend((p, path) for p in write_schemas(path, folder) if p.suffix in {".rng", ".xsd", ".sch"})
    return expanded

"""Parse TEI documents safely, keeping the position of every element.

Parsing expands internal entities (within libxml2's amplification limit, so entity bombs
are refused), never loads a DTD or an external entity, never opens the network, and
expands XInclude only when asked to (:mod:`.xinclude`, files inside the document's folder
only).  What a DOCTYPE names but teitools does not read is reported (:mod:`.entities`).
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.corpus.entities import (doctype_findings, entities_hold_markup, position_of,
                                      unexpanded_entity_findings)
from teitools.diagnostics import Diagnostic, error, warning
from teitools.errors import InputError
from teitools.namespaces import XINCLUDE_NS


LAYER = "wellformed"

_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)[\"']")
_UNICODE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"}


class _RefuseExternalResources(etree.Resolver):
    """Answers every request for an external DTD or entity with nothing.

    libxml2 opens a local external DTD subset even when DTD loading is off; this
    resolver makes sure no file or URL other than the document itself is read.
    """

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        return self.resolve_string("", context)


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser that reads only the bytes it is given; internal entities are expanded."""
    parser = etree.XMLParser(
        resolve_entities="internal",
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        recover=recover,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseExternalResources())
    return parser


class ElementPositions:
    """Line and column (1-based, the ``<`` of the start tag) of every element.

    lxml keeps only line numbers, so the positions come from one expat pass over the
    same bytes; elements are matched to positions by document order.
    """

    def __init__(self, tree: etree._ElementTree, source: bytes) -> None:
        self._tree = tree
        self._source = source
        self._index: dict[etree._Element, tuple[int, int]] | None = None

    def of(self, element: etree._Element) -> tuple[int, int]:
        if self._index is None:
            self._index = self._build()
        found = self._index.get(element)
        if found is not None:
            return found
        line = element.sourceline or 0
        return (line, 1 if line else 0)

    def place(self, elements: list[etree._Element], position: tuple[int, int]) -> None:
        """Give ``elements`` (brought in by XInclude, not in the source) the position of what brought them."""
        if self._index is None:
            self._index = self._build()
        for element in elements:
            self._index[element] = position

    def _build(self) -> dict[etree._Element, tuple[int, int]]:
        starts: list[tuple[int, int]] = []
        parser = xml.parsers.expat.ParserCreate()
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def on_start(_name: str, _attributes: dict[str, str]) -> None:
            starts.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

        parser.StartElementHandler = on_start
        try:
            parser.Parse(self._source, True)
        except xml.parsers.expat.ExpatError:
            pass  # lxml accepted the document; positions past the disagreement fall back to lines
        elements = [e for e in self._tree.iter() if isinstance(e.tag, str)]
        return dict(zip(elements, starts))


@dataclass(slots=True)
class ParsedDocument:
    """A well-formed document with its source bytes and element positions.

    With XInclude expanded, ``source`` is the expanded document serialised (what the tree
    holds) and ``included`` the files it was assembled from, in the order first included
    (with any that were missing and replaced by their fallback);
    the elements of included content have the position of the ``xi:include`` that brought them.
    """

    path: Path
    name: str
    source: bytes
    tree: etree._ElementTree
    positions: ElementPositions = field(repr=False)
    included: tuple[Path, ...] = ()

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def position(self, element: etree._Element) -> tuple[int, int]:
        return self.positions.of(element)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What reading one file gave: a document (if usable) and the findings."""

    name: str
    document: ParsedDocument | None
    diagnostics: tuple[Diagnostic, ...]


def read_source(path: Path) -> bytes:
    """The bytes of a document file, or :class:`InputError` with a one-line reason."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a document")
        return path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def parse_document(path: Path, name: str | None = None, source: bytes | None = None, *,
                   xinclude: bool = False) -> ParseResult:
    """Read and parse one document; malformed or hostile input becomes diagnostics.

    ``xi:include`` is expanded from files inside the document's folder when ``xinclude``
    (see :mod:`teitools.corpus.xinclude`); otherwise it stays as it is, with a warning, and
    the editions show a gap naming the file.
    """
    parsed = parse_unexpanded(path, name, source)
    if parsed.document is None:
        return parsed
    if xinclude:
        from teitools.corpus.xinclude import expand_xincludes

        document, found = expand_xincludes(parsed.document)
        if any(f.is_error for f in found):
            return ParseResult(parsed.name, None, (*parsed.diagnostics, *found))
        return ParseResult(parsed.name, document, (*parsed.diagnostics, *found))
    return ParseResult(parsed.name, parsed.document, (*parsed.diagnostics, *_xinclude_findings(parsed.document)))


def parse_unexpanded(path: Path, name: str | None = None, source: bytes | None = None) -> ParseResult:
    """Parse one document as it is, ``xi:include`` elements left in the tree unreported."""
    display = name if name is not None else str(path)
    data = read_source(path) if source is None else source
    findings: list[Diagnostic] = list(_encoding_findings(display, data))
    if any(f.is_error for f in findings):
        return ParseResult(display, None, tuple(findings))
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser(), base_url=path.resolve().as_uri()))
    except etree.XMLSyntaxError as exc:
        unexpanded = unexpanded_entity_findings(display, data, safe_parser(recover=True))
        findings.extend(unexpanded or [_syntax_error(display, data, exc)])
        return ParseResult(display, None, tuple(findings))
    declared = doctype_findings(display, data, tree)
    findings.extend(declared)
    if any(f.is_error for f in declared):
        return ParseResult(display, None, tuple(findings))
    if entities_hold_markup(tree):
        # libxml2 leaves elements that come from an entity outside the namespace in scope where
        # the entity is used; its serialisation (no DOCTYPE left) read again puts them in it
        tree = etree.ElementTree(etree.fromstring(etree.tostring(tree.getroot()), safe_parser(),
                                                  base_url=path.resolve().as_uri()))
    document = ParsedDocument(path, display, data, tree, ElementPositions(tree, data))
    return ParseResult(display, document, tuple(findings))


def parse_trusted(path: Path) -> etree._ElementTree:
    """Parse a file teitools ships or has just written (schemas, stylesheets).

    Uses the same safe parser; any problem is an :class:`InputError`.
    """
    result = parse_document(path)
    if result.document is None:
        first = result.diagnostics[0] if result.diagnostics else None
        raise InputError(f"{path}: {first.message if first else 'cannot be parsed'}")
    return result.document.tree


def _encoding_findings(name: str, data: bytes) -> list[Diagnostic]:
    if not data.strip():
        return [error(name, 1, 1, LAYER, "wellformed.empty", "the file is empty",
                      "a TEI document starts with <?xml version=\"1.0\" encoding=\"UTF-8\"?> and a <TEI> element")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        head = text[:200].encode("ascii", errors="replace")
        match = _DECLARATION.match(head)
        if match is None or not head.startswith(b"<?xml"):
            return [warning(name, 1, 1, LAYER, "encoding.no-declaration",
                            "UTF-16 document without an XML declaration",
                            "start the document with <?xml version=\"1.0\" encoding=\"UTF-16\"?>")]
        return []
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    if body[:1] == b"\x00" or body[1:2] == b"\x00":
        return [error(name, 1, 1, LAYER, "encoding.utf16-without-bom",
                      "UTF-16 document without a byte order mark",
                      "save the file as UTF-8, or as UTF-16 with a byte order mark")]
    match = _DECLARATION.match(body)
    if match is not None:
        declared = match.group(1).decode("ascii").lower()
        if declared not in _UNICODE_ENCODINGS:
            return [error(name, 1, 1, LAYER, "encoding.not-unicode",
                          f"the document is declared as {declared.upper()}; TEI documents must be UTF-8 or UTF-16",
                          "convert the file to UTF-8 and declare encoding=\"UTF-8\"")]
        if declared.startswith("utf-16") or declared.startswith("utf16"):
            return [error(name, 1, 1, LAYER, "encoding.mismatch",
                          "declared as UTF-16 but the bytes are not UTF-16",
                          "save the file as UTF-8 and declare encoding=\"UTF-8\"")]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = len(body[body.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", errors="replace")) + 1
        return [error(name, line, column, LAYER, "encoding.invalid-utf8",
                      f"byte 0x{body[exc.start]:02X} is not valid UTF-8",
                      "the file is probably in a legacy encoding (Windows-1252, TCVN3, VNI…): convert it to UTF-8")]
    if not body.lstrip().startswith(b"<?xml"):
        return [warning(name, 1, 1, LAYER, "encoding.no-declaration",
                        "the document has no XML declaration",
                        "start the document with <?xml version=\"1.0\" encoding=\"UTF-8\"?>")]
    return []


def _syntax_error(name: str, data: bytes, exc: etree.XMLSyntaxError) -> Diagnostic:
    entry = exc.error_log.last_error if exc.error_log else None
    line, column = (entry.line, entry.column) if entry is not None else exc.position
    message = (entry.message if entry is not None else str(exc)).strip()
    rule = "wellformed.syntax"
    hint = "fix the markup at this position; the rest of the file is not checked until it is well-formed"
    lowered = message.lower()
    if "entity" in lowered and ("not defined" in lowered or "undeclared" in lowered):
        rule = "wellformed.undefined-entity"
        hint = "write the character itself, or declare the entity in the DOCTYPE (teitools reads no DTD)"
    elif "start tag expected" in lowered or "document is empty" in lowered:
        rule = "wellformed.not-xml"
        message = "not an XML document: " + message
        hint = "teitools reads TEI XML files; check that this is the file you meant"
    elif "amplification" in lowered or "entity loop" in lowered or "depth" in lowered:
        rule = "wellformed.entity-expansion"
        message = f"entity declarations that would expand without bound (an entity bomb) are refused ({message})"
        hint = ("remove the nested entity declarations; internal entities are expanded only within "
                "libxml2's amplification limit")
        if b"<!ENTITY" in data:
            line, column = position_of(data, rb"<!ENTITY")
    return error(name, max(line or 1, 1), max(column or 1, 1), LAYER, rule, message, hint)


def _xinclude_findings(document: ParsedDocument) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    for element in document.root.iter(f"{{{XINCLUDE_NS}}}include"):
        line, column = document.position(element)
        findings.append(warning(
            document.name, line, column, LAYER, "wellformed.xinclude",
            f"xi:include of '{element.get('href', '')}' is not expanded: its content is missing from the editions",
            "run with --xinclude to include files from the document's folder, "
            "or merge the included text into the document"))
    return findings

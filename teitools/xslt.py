"""Run XSLT 3.0 stylesheets with saxonche, compiled once per process and locked down.

saxonche by default lets ``document()``, ``unparsed-text()`` and external entities read
any file or URL, writes ``xsl:result-document`` files, and reports run-time errors and
``xsl:message`` on standard error only.  :class:`XsltEngine` changes all of that:

* teitools' own stylesheets are compiled with ``file:`` access when the engine is
  created, after which the processor allows *no* protocol at all, so a
  transformation cannot read a file or open a URL whatever the document says;
* documents reach Saxon only after lxml parsed them safely: as their own bytes when those
  cannot make a parser read anything (no DOCTYPE, so no entities and no DTD), else as the
  serialised root element of the safe tree; never by Saxon's own parser from a file;
* ``xsl:result-document`` output is captured in memory and returned, never written;
* ``xsl:message`` output is returned with the result, and run-time errors become a
  :class:`~teitools.errors.TransformError` whose message is Saxon's own report.

saxonche is not thread-safe: create one engine per process (one per worker).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar, Union

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXdmNode, PyXdmValue, PyXsltExecutable

from teitools.errors import TransformError

T = TypeVar("T")

_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"

#: Saxon's tree builder refuses documents nested deeper than this.
SAXON_MAX_DEPTH = 100

#: How many distinct lxml trees given as parameters (the registers) and derived values an engine keeps.
_PARAMETER_DOCUMENTS_KEPT = 4

#: A Python value as a stylesheet parameter: a mapping of strings is an XDM map(xs:string, xs:string).
ParameterValue = Union[str, bool, int, float, PyXdmValue, etree._ElementTree, etree._Element, Mapping[str, str], None]


@dataclass(frozen=True, slots=True)
class TransformResult:
    """The principal output, the ``xsl:message`` texts and captured result documents."""

    output: str
    messages: tuple[str, ...] = ()
    documents: Mapping[str, str] = field(default_factory=dict)


class XsltEngine:
    """One locked-down saxonche processor with a compile-once stylesheet cache.

    saxonche can only narrow its allowed protocols, never widen them again, so the
    stylesheets an engine will run from files are named when it is created: they are
    compiled with ``file:`` access, and then access is shut for good.  Stylesheets
    given as text (compiled Schematron) can still be compiled later.
    """

    def __init__(self, stylesheets: tuple[Path, ...] | list[Path] = ()) -> None:
        self._processor = PySaxonProcessor(license=False)
        self._compiled: dict[str, PyXsltExecutable] = {}
        self._stderr = _StderrSink()
        # lxml trees given as parameters (the registers) are handed over once, not on every call
        self._parameter_documents: dict[int, tuple[object, PyXdmValue]] = {}
        self._derived: dict[tuple[str, int], tuple[object, object]] = {}
        # the last document handed over with its bytes: (identity key, the objects it is of, its node)
        self._last_document: tuple[tuple[int, int, str | None], tuple[object, object], PyXdmNode] | None = None
        self._processor.set_configuration_property(_ALLOWED_PROTOCOLS, "file")
        try:
            self._compiler = self._processor.new_xslt30_processor()
            for path in stylesheets:
                self._compile_file(path)
        finally:
            self._processor.set_configuration_property(_ALLOWED_PROTOCOLS, "")

    def stylesheet(self, path: Path) -> PyXsltExecutable:
        """The stylesheet at ``path``, compiled when the engine was created."""
        key = "file:" + str(path.resolve())
        if key not in self._compiled:
            raise TransformError(f"{path}: stylesheet was not compiled when the XSLT engine was created")
        return self._compiled[key]

    def _compile_file(self, path: Path) -> None:
        if not path.is_file():
            raise TransformError(f"{path}: stylesheet not found")
        with self._stderr.captured() as stderr:
            try:
                self._compiled["file:" + str(path.resolve())] = self._compiler.compile_stylesheet(
                    stylesheet_file=str(path.resolve()))
            except PySaxonApiError as exc:
                raise TransformError(f"{path}: cannot compile stylesheet: {_saxon_report(exc, stderr())}") from None

    def stylesheet_from_text(self, text: str, key: str) -> PyXsltExecutable:
        """A stylesheet given as text (e.g. compiled Schematron), cached under ``key``."""
        cache_key = "text:" + key
        if cache_key not in self._compiled:
            with self._stderr.captured() as stderr:
                try:
                    self._compiled[cache_key] = self._compiler.compile_stylesheet(stylesheet_text=text)
                except PySaxonApiError as exc:
                    raise TransformError(f"{key}: cannot compile stylesheet: {_saxon_report(exc, stderr())}") from None
        return self._compiled[cache_key]

    def document(self, tree: etree._ElementTree | etree._Element, base_uri: str | None = None,
                 source: bytes | None = None) -> PyXdmNode:
        """A Saxon document node built from a safely parsed lxml tree.

        ``source``, the bytes ``tree`` was parsed from, is handed to Saxon as it is when it
        cannot make a parser read anything (see :func:`handover_text`); otherwise the
        serialised tree is.  A document given with its ``source`` is handed over once for all
        the formats and texts that ask for it in a row (the node of the last one is kept).
        """
        key = (id(tree), id(source), base_uri)
        if source is not None and self._last_document is not None and self._last_document[0] == key:
            return self._last_document[2]
        node = self._hand_over(tree, base_uri, source)
        if source is not None:
            self._last_document = (key, (tree, source), node)
        return node

    def _hand_over(self, tree: etree._ElementTree | etree._Element, base_uri: str | None,
                   source: bytes | None) -> PyXdmNode:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        if _deeper_than(root, SAXON_MAX_DEPTH):
            raise TransformError(f"elements are nested {element_depth(root)} levels deep; "
                                 f"the XSLT engine accepts at most {SAXON_MAX_DEPTH}")
        text = handover_text(root, source) if source is not None else None
        if text is None:
            text = etree.tostring(root, encoding="unicode")
        with self._stderr.captured() as stderr:
            try:
                if base_uri:
                    return self._processor.parse_xml(xml_text=text, base_uri=base_uri)
                return self._processor.parse_xml(xml_text=text)
            except PySaxonApiError as exc:
                raise TransformError(f"cannot hand the document to the XSLT engine: {_saxon_report(exc, stderr())}") from None

    def transform(
        self,
        stylesheet: PyXsltExecutable,
        document: PyXdmNode | etree._ElementTree | etree._Element,
        parameters: Mapping[str, ParameterValue] | None = None,
    ) -> TransformResult:
        """Apply ``stylesheet`` to ``document`` with typed ``parameters``."""
        node = document if isinstance(document, PyXdmNode) else self.document(document)
        stylesheet.clear_parameters()
        stylesheet.clear_xsl_messages()
        stylesheet.set_save_xsl_message(True, None)
        stylesheet.set_capture_result_documents(True, False)
        for name, value in (parameters or {}).items():
            if value is not None:
                stylesheet.set_parameter(name, self._xdm_value(value))
        with self._stderr.captured() as stderr:
            try:
                output = stylesheet.transform_to_string(xdm_node=node)
            except PySaxonApiError as exc:
                report = _saxon_report(exc, stderr())
                messages = _messages(stylesheet.get_xsl_messages())
                if messages:
                    report = f"{messages[-1]} [{report}]"
                raise TransformError(report) from None
        if output is None:
            raise TransformError(_saxon_report(None, stderr()) or "the transformation produced no output")
        return TransformResult(
            output=output,
            messages=_messages(stylesheet.get_xsl_messages()),
            documents={str(uri): str(value) for uri, value in (stylesheet.get_result_documents() or {}).items()},
        )

    def _xdm_value(self, value: ParameterValue) -> PyXdmValue:
        if isinstance(value, PyXdmValue):
            return value
        if isinstance(value, bool):
            return self._processor.make_boolean_value(value)
        if isinstance(value, int):
            return self._processor.make_integer_value(value)
        if isinstance(value, float):
            return self._processor.make_double_value(value)
        if isinstance(value, str):
            return self._processor.make_string_value(value)
        if isinstance(value, Mapping):
            return self.map_value(value)
        if isinstance(value, (etree._ElementTree, etree._Element)):
            cached = self._parameter_documents.get(id(value))
            if cached is None or cached[0] is not value:
                if len(self._parameter_documents) >= _PARAMETER_DOCUMENTS_KEPT:
                    self._parameter_documents.clear()
                cached = (value, self.document(value))
                self._parameter_documents[id(value)] = cached
            return cached[1]
        raise TypeError(f"unsupported XSLT parameter type: {type(value).__name__}")

    def map_value(self, mapping: Mapping[str, str]) -> PyXdmValue:
        """``mapping`` as an XDM map(xs:string, xs:string) (made on every call: keep a large one, see :meth:`derived`)."""
        return self._processor.make_map2({key: self._processor.make_string_value(text) for key, text in mapping.items()})

    def derived(self, name: str, owner: object, make: Callable[[], T]) -> T:
        """``make()``, computed once per engine for the object ``owner`` (e.g. the sort keys of the registers tree)."""
        cached = self._derived.get((name, id(owner)))
        if cached is None or cached[0] is not owner:
            if len(self._derived) >= _PARAMETER_DOCUMENTS_KEPT:
                self._derived.clear()
            cached = (owner, make())
            self._derived[(name, id(owner))] = cached
        return cached[1]  # type: ignore[return-value]


def handover_text(root: etree._Element, source: bytes) -> str | None:
    """The document's own text for Saxon, or None when only the serialised safe tree may go.

    The bytes may go only if they cannot make Saxon's parser read anything or expand
    anything: no DOCTYPE at all (so no DTD, internal subset or entity declaration), and
    UTF-8 (lxml read them as such; other encodings go through the tree).
    """
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        return None
    if b"<!DOCTYPE" in source:  # the tree may have been made again from a document that had one
        return None
    if (docinfo.encoding or "UTF-8").upper() not in ("UTF-8", "UTF8"):
        return None
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _deeper_than(root: etree._Element, depth: int) -> bool:
    """True if an element lies more than ``depth`` levels deep (one libxml2 XPath, no Python walk)."""
    return bool(root.xpath("boolean(" + "/".join(["*"] * depth) + ")"))


def element_depth(root: etree._Element) -> int:
    """The deepest nesting of elements below and including ``root``."""
    deepest = 0
    depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _messages(value: PyXdmValue | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(item) for item in value)


_SAXON_CODE = re.compile(r"^\s*([A-Z]{2,4}[A-Z0-9]{4,5}|Q\{[^}]*\}\w+)\s+(.*)$")
_SAXON_WHERE = re.compile(r"on line (\d+)(?: column (\d+))? of (\S+?):?$")


def _saxon_report(exc: PySaxonApiError | None, stderr_text: str) -> str:
    """One line from Saxon's error: code, message and stylesheet position.

    The exception carries the whole message; standard error adds the error code and
    where in the stylesheet it happened (Saxon wraps long messages over several lines).
    """
    lines = [line.strip() for line in stderr_text.splitlines() if line.strip()]
    message = " ".join(str(exc).split()) if exc is not None else ""
    for index, line in enumerate(lines):
        match = _SAXON_CODE.match(line)
        if not match:
            continue
        if not message:
            continuation = [match.group(2)]
            for following in lines[index + 1:]:
                if following.startswith(("In ", "at ", "Error ")):
                    break
                continuation.append(following)
            message = " ".join(" ".join(continuation).split())
        location = _SAXON_WHERE.search(lines[index - 1]) if index else None
        where = ""
        if location:
            where = f" (at {location.group(3).rsplit('/', 1)[-1] or 'stylesheet'} line {location.group(1)})"
        return f"{match.group(1)}: {message}{where}"
    return message or (lines[-1] if lines else "the XSLT engine failed without a message")


class _StderrSink:
    """Where file descriptor 2 (Saxon's standard error) goes during a call: one temporary file per engine.

    The file is made when first needed and emptied after every call, so no call creates a file.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None

    @contextmanager
    def captured(self) -> Iterator[Callable[[], str]]:
        """Redirect descriptor 2 into the sink for the block; the callable returns what was written."""
        if self._file is None:
            self._file = tempfile.TemporaryFile()
        sink = self._file
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        captured: list[str] = []

        def read() -> str:
            if not captured:
                os.dup2(saved, 2)
                if os.fstat(sink.fileno()).st_size:
                    sink.seek(0)
                    captured.append(sink.read().decode("utf-8", errors="replace"))
                    sink.seek(0)
                    sink.truncate()
                else:
                    captured.append("")
            return captured[0]

        try:
            yield read
        finally:
            read()
            os.close(saved)

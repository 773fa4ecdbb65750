"""The plain-text edition: ``txt/<slug>.txt``, UTF-8 NFC, wrapped at 72 columns.

``xslt/text/text.xsl`` writes the reading text as chunks, each opened by a marker of
private-use characters (U+E000 KIND U+E001 INDENT U+E002); :func:`layout` turns the marked
text into lines: chunks wrapped, a blank line between blocks (none between chunks of the
same tight kind), headings underlined.  The stylesheet removes those characters from the
document's own text, so the markers are unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teitools.errors import TransformError
from teitools.registers import RegisterSet
from teitools.render.base import (EditionSource, RenderedFile, RenderResult, message_diagnostics,
                                  transform_failure)
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

CHUNK, INDENT, TEXT = "\ue000", "\ue001", "\ue002"

#: Chunk kinds that follow a chunk of the same kind on the next line, not after a blank line.
TIGHT_KINDS = frozenset({"line", "field", "item", "cast", "entry", "note"})

# XML's white space (XPath normalize-space and \s), not Python's wider Unicode notion (str.split()).
_XML_SPACES = " \t\n\r"


def _text_stylesheets() -> tuple[Path, ...]:
    return (stylesheet_path("text", "text.xsl"),)


def normalize_space(text: str) -> str:
    """XPath's normalize-space(): runs of XML white space become one space, none at the ends."""
    # string methods, not a regular expression: the layout normalises thousands of chunks per document
    return " ".join(filter(None, text.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")))


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Words of ``text`` on lines of at most ``width`` characters with ``indent``; a longer word keeps a line."""
    line = normalize_space(text)
    return _wrap_normalized(line, width, indent) if line else []


def _wrap_normalized(line: str, width: int, indent: str) -> list[str]:
    """:func:`wrap` of a line that is already normalised and not empty."""
    room = max(10, width - len(indent))
    if len(line) <= room:
        return [indent + line]
    pattern = _wrap_pattern(room)
    return [indent + (match.group(1) or match.group(3)) for match in pattern.finditer(line)]


_WRAP_PATTERNS: dict[int, re.Pattern[str]] = {}


def _wrap_pattern(room: int) -> re.Pattern[str]:
    """At most ``room`` characters up to a space or the end, else one longer word (XSD regex semantics)."""
    pattern = _WRAP_PATTERNS.get(room)
    if pattern is None:
        pattern = re.compile(rf"([^\n\r]{{1,{room}}})([ \t\n\r]|\Z)|([^ \t\n\r]+)([ \t\n\r]|\Z)")
        _WRAP_PATTERNS[room] = pattern
    return pattern


def layout(marked: str, width: int) -> str:
    """The marked text of the stylesheet as lines of at most ``width`` characters (see the module)."""
    lines: list[str] = []
    previous: str | None = None
    for chunk in marked.split(CHUNK):
        _, marked_text, body = chunk.partition(TEXT)
        raw = body if marked_text else chunk
        if not raw.strip(_XML_SPACES):
            continue  # most chunks: the end of a block, followed by white space only
        text = normalize_space(raw)
        kind = chunk.partition(INDENT)[0] if INDENT in chunk else "block"
        indent = chunk.partition(INDENT)[2].partition(TEXT)[0] if marked_text else "0"
        if previous is not None and not (kind in TIGHT_KINDS and previous == kind):
            lines.append("")
        wrapped = _wrap_normalized(text, width, " " * int(indent))
        lines.extend(wrapped)
        if kind.startswith("heading"):
            rule = "=" if kind in ("heading0", "heading1") else "-"
            lines.append(rule * min(width, max(len(line) for line in wrapped)))
        previous = kind
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TextRenderer:
    """Renders each document as plain text; there are no corpus pages."""

    format_name: str = "txt"
    stylesheets: tuple[Path, ...] = field(default_factory=_text_stylesheets)
    line_width: int = 72

    def render_document(self, engine: XsltEngine, source: EditionSource, registers: RegisterSet) -> RenderResult:
        try:
            document = engine.document(source.document.tree, source=source.document.source)
            result = engine.transform(engine.stylesheet(self.stylesheets[0]), document, source.parameters)
        except TransformError as exc:
            return RenderResult.failure(transform_failure(source, self.format_name, str(exc)))
        text = unicodedata.normalize("NFC", layout(result.output, self.line_width))
        return RenderResult(
            (RenderedFile(f"txt/{source.slug}.txt", text.encode("utf-8")),),
            message_diagnostics(source, result.messages),
        )

    def render_corpus(self, engine: XsltEngine, sources: Sequence[EditionSource], registers: RegisterSet) -> RenderResult:
        return RenderResult((), ())

    def corpus_index(self, entries: Sequence[Path]) -> Iterator[RenderedFile]:
        return iter(())

"""XInclude, when asked for (``--xinclude``): parts of an edition assembled from files.

Only files inside the including document's folder (or below it) are read: never a URL, an
absolute path, a ``..`` that leaves the folder or a symbolic link that points out of it.
Each included file is read by the same safe parser as any document (its own findings name
it), includes may nest up to :data:`MAX_DEPTH` levels, and a file that includes itself
(directly or not) is refused.  ``parse="text"`` includes a file's text; ``xi:fallback`` is
used when a file is missing or unreadable.  Not supported (an error each): ``xpointer``
and references into the same document (no ``href``).

A file that is missing and has no fallback is an error: the document is then not built,
as for any error that would leave its text incomplete.  The files a document includes are
its parts, not documents of their own (:func:`without_parts`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from teitools.corpus.model import Corpus
from teitools.corpus.parse import ParsedDocument, parse_unexpanded, read_source
from teitools.diagnostics import Diagnostic, error
from teitools.errors import InputError
from teitools.namespaces import XINCLUDE_NS

LAYER = "wellformed"
#: How deeply includes may nest (an included file including another is one level more).
MAX_DEPTH = 16

_INCLUDE = f"{{{XINCLUDE_NS}}}include"
_FALLBACK = f"{{{XINCLUDE_NS}}}fallback"


class _Refusal(Exception):
    """An include that cannot be expanded: its finding; ``resource`` errors may fall back."""

    def __init__(self, rule: str, message: str, hint: str, *, resource: bool = False) -> None:
        super().__init__(message)
        self.rule, self.message, self.hint, self.resource = rule, message, hint, resource


class _Expander:
    def __init__(self, document: ParsedDocument) -> None:
        self.document = document
        self.boundary = document.path.resolve().parent
        self.folder_name = PurePosixPath(document.name).parent
        self.included: list[Path] = []
        self.findings: list[Diagnostic] = []

    def expand(self, root: etree._Element, base: Path, chain: tuple[Path, ...], name: str,
               part: ParsedDocument) -> None:
        """Replace every ``xi:include`` below ``root`` (not inside another one's fallback);
        ``part`` is the file they are written in, ``name`` its name in findings."""
        for include in [e for e in root.iter(_INCLUDE) if not _inside_include(e, root)]:
            self._replace(include, base, chain, name, part)

    def _replace(self, include: etree._Element, base: Path, chain: tuple[Path, ...], name: str,
                 part: ParsedDocument) -> None:
        where = part.position(include)
        try:
            items = self._content(include, base, chain)
        except _Refusal as refusal:
            fallback = include.find(_FALLBACK)
            if not (refusal.resource and fallback is not None):
                self.findings.append(error(name, *where, LAYER, refusal.rule,
                                           f"xi:include of '{include.get('href', '')}': {refusal.message}",
                                           refusal.hint))
                return
            items = [fallback.text or "", *_children_with_tails(fallback)]
            _substitute(include, items)
            for item in items:  # the fallback is part of the same file, and may include in turn
                if isinstance(item, etree._Element):
                    if item.tag == _INCLUDE:
                        self._replace(item, base, chain, name, part)
                    else:
                        self.expand(item, base, chain, name, part)
            return
        if part is self.document:
            # what the document's own include brought in is found at that include (nested parts too)
            for item in items:
                if isinstance(item, etree._Element):
                    self.document.positions.place([e for e in item.iter() if isinstance(e.tag, str)], where)
        _substitute(include, items)

    def _content(self, include: etree._Element, base: Path, chain: tuple[Path, ...]) -> list[str | etree._Element]:
        href = include.get("href")
        if include.get("xpointer") is not None:
            raise _Refusal("xinclude.unsupported", "xpointer is not supported",
                           "include a whole file: move the part into a file of its own")
        if not href:
            raise _Refusal("xinclude.unsupported", "an include without href (a part of the same document) "
                           "is not supported", "include a file of the document's folder")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            raise _Refusal("xinclude.outside-folder", "only files of the document's folder are included, "
                           "never a URL", "copy the file into the document's folder and include it by a relative path")
        relative = unquote(parts.path)
        if parts.query or parts.fragment:
            raise _Refusal("xinclude.unsupported", "a query or fragment after the file name is not supported",
                           "include the whole file")
        if os.path.isabs(relative):
            raise _Refusal("xinclude.outside-folder", "an absolute path is never followed",
                           "include files of the document's folder by a relative path")
        target = (base / relative).resolve()
        if not target.is_relative_to(self.boundary):
            raise _Refusal("xinclude.outside-folder", f"it leads out of the document's folder {self.boundary}",
                           "include only files inside the document's folder (no '..' out of it, no link out of it)")
        display = str(self.folder_name / target.relative_to(self.boundary).as_posix())
        if target in chain:
            raise _Refusal("xinclude.loop", f"{display} includes itself (through {len(chain)} file(s))",
                           "remove the include that closes the loop")
        if len(chain) > MAX_DEPTH:
            raise _Refusal("xinclude.too-deep", f"includes are nested more than {MAX_DEPTH} levels deep",
                           "assemble the document from fewer levels of parts")
        if target not in self.included:  # a missing file too: a build must notice when it appears
            self.included.append(target)
        try:
            data = read_source(target)
        except InputError as exc:
            reason = str(exc).removeprefix(f"{target}: ")
            raise _Refusal("xinclude.missing", f"{display}: {reason}",
                           "add the file, or an <xi:fallback> inside the xi:include", resource=True) from None
        if include.get("parse", "xml") == "text":
            encoding = include.get("encoding") or "utf-8"
            try:
                return [data.decode(encoding).removeprefix("\ufeff")]
            except (LookupError, UnicodeDecodeError):
                raise _Refusal("xinclude.encoding", f"{display} is not text in {encoding}",
                               "give the file's encoding with encoding=\"…\" or save it as UTF-8") from None
        if include.get("parse", "xml") != "xml":
            raise _Refusal("xinclude.unsupported", f"parse=\"{include.get('parse')}\" is not 'xml' or 'text'",
                           "write parse=\"xml\" or parse=\"text\"")
        parsed = parse_unexpanded(target, display, data)
        self.findings.extend(parsed.diagnostics)
        if parsed.document is None:
            raise _Refusal("xinclude.not-included", f"{display} cannot be read as XML (see its own findings)",
                           "correct the included file")
        part = parsed.document
        part.position(part.root)  # positions are taken before the part's own includes change its tree
        self.expand(part.root, target.parent, (*chain, target), display, part)
        return [part.root]


def expand_xincludes(document: ParsedDocument) -> tuple[ParsedDocument, list[Diagnostic]]:
    """``document`` with its ``xi:include`` elements replaced by what they include, and the findings.

    The returned document's ``source`` is the expanded document serialised and its
    ``included`` the files read.  A document without ``xi:include`` is returned as it is.
    """
    root = document.root
    if next(root.iter(_INCLUDE), None) is None:
        return document, []
    if root.tag == _INCLUDE:
        line, column = document.position(root)
        return document, [error(document.name, line, column, LAYER, "xinclude.unsupported",
                                "the document element is an xi:include", "include the parts inside a <TEI> element")]
    document.position(root)  # element positions are taken from the source before the tree changes
    expander = _Expander(document)
    expander.expand(root, document.path.resolve().parent, (document.path.resolve(),), document.name, document)
    source = etree.tostring(document.tree, encoding="utf-8", xml_declaration=True)
    expanded = ParsedDocument(document.path, document.name, source, document.tree, document.positions,
                              tuple(expander.included))
    return expanded, expander.findings


def _inside_include(element: etree._Element, root: etree._Element) -> bool:
    """True when ``element`` lies inside another ``xi:include`` (its fallback) below ``root``."""
    parent = element.getparent()
    while parent is not None and parent is not root.getparent():
        if parent.tag == _INCLUDE:
            return True
        parent = parent.getparent()
    return False


def _children_with_tails(element: etree._Element) -> list[str | etree._Element]:
    items: list[str | etree._Element] = []
    for child in element:
        tail = child.tail
        child.tail = None
        items.append(child)
        if tail:
            items.append(tail)
    return items


def _substitute(include: etree._Element, items: list[str | etree._Element]) -> None:
    """Put ``items`` (text and elements) where ``include`` is, keeping the text after it."""
    parent = include.getparent()
    assert parent is not None, "the document element is never an include here"
    position = parent.index(include)
    tail = include.tail or ""
    parent.remove(include)

    def add_text(text: str, at: int) -> None:
        if not text:
            return
        if at == 0:
            parent.text = (parent.text or "") + text
        else:
            before = parent[at - 1]
            before.tail = (before.tail or "") + text

    for item in items:
        if isinstance(item, str):
            add_text(item, position)
        else:
            item.tail = None
            parent.insert(position, item)
            position += 1
    add_text(tail, position)


def included_parts(documents: Iterable[Path]) -> set[Path]:
    """The files (resolved) that ``documents`` include, directly or through other parts.

    Only documents that mention the XInclude namespace are parsed; only files inside each
    document's folder are looked at, as :func:`expand_xincludes` does.
    """
    parts: set[Path] = set()
    pending = [(path.resolve(), path.resolve().parent) for path in documents]
    seen: set[Path] = set()
    while pending:
        path, boundary = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            data = read_source(path)
        except InputError:
            continue
        if XINCLUDE_NS.encode() not in data:
            continue
        document = parse_unexpanded(path, None, data).document
        if document is None:
            continue
        for include in document.root.iter(_INCLUDE):
            href = include.get("href") or ""
            link = urlsplit(href)
            if not href or link.scheme or link.netloc or os.path.isabs(unquote(link.path)):
                continue
            target = (path.parent / unquote(link.path)).resolve()
            if target.is_relative_to(boundary) and target.is_file():
                parts.add(target)
                if include.get("parse", "xml") == "xml":
                    pending.append((target, boundary))
    return parts


def without_parts(corpus: Corpus) -> Corpus:
    """``corpus`` without the files its documents include: a part is read through its
    document, not built, validated or deposited on its own."""
    parts = included_parts(member.path for member in corpus.members if member.named)
    if not parts:
        return corpus
    return replace(corpus, members=tuple(m for m in corpus.members if m.path.resolve() not in parts))

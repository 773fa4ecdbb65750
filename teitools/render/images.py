"""Images a document references (``graphic/@url``): which files lie beside it, for the editions to copy or place.

The stylesheets never open a file: this module finds, for one document, the image files its
``graphic`` elements name by a relative URL inside the document's own folder (never ``..``
out of it, never a link leading out of it, never a URL with a scheme), and passes their URLs
to the stylesheets as ``$local-images`` (one per line).  The copies are named by the same
rule as the stylesheets' ``tt:local-image-name``: ``image-N.EXT``, N the URL's position in
that list.  Every other image in the text is a placeholder in the editions, with one warning.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from teitools.diagnostics import Diagnostic, warning
from teitools.render.base import LAYER, EditionSource

__all__ = ["IMAGE_NOT_LOCAL_RULE", "LocalImages", "local_images"]

IMAGE_NOT_LOCAL_RULE = "build.image-not-local"

TEI = "{http://www.tei-c.org/ns/1.0}"
#: The image types an edition copies (HTML) and, of them, those Typst places (PDF).
HTML_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
PDF_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif"})
#: Larger files are not copied (a scan at full resolution belongs in a deposit, not a page).
MAX_BYTES = 50 * 1024 * 1024
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a")}


@dataclass(frozen=True)
class LocalImages:
    """The images beside the document: URL as written, file, whether the text (not the facsimile) shows it,
    and whether the file is what its name says (PNG, JPEG and GIF signatures); and the warnings."""

    urls: tuple[str, ...]
    files: tuple[Path, ...]
    in_text: tuple[bool, ...]
    sound: tuple[bool, ...]
    diagnostics: tuple[Diagnostic, ...]
    #: every file of the folder an image URL names, there or not: inputs of the editions (a changed,
    #: added or removed image file makes the build render the document again)
    inputs: tuple[Path, ...] = ()

    def _usable(self, suffixes: frozenset[str], text_only: bool) -> list[bool]:
        return [ok and _suffix(url) in suffixes and (shown or not text_only)
                for url, shown, ok in zip(self.urls, self.in_text, self.sound)]

    def parameter(self, suffixes: frozenset[str], text_only: bool = False) -> str:
        """The stylesheets' ``$local-images``: one URL per line, an empty line for an image this edition cannot
        use (so that the positions, and the names of the copies, are the same in every edition)."""
        return "\n".join(url if ok else "" for url, ok in zip(self.urls, self._usable(suffixes, text_only)))

    def copies(self, suffixes: frozenset[str], text_only: bool = False) -> list[tuple[str, bytes]]:
        """(file name, bytes) of each usable image, named as tt:local-image-name names it: image-N.EXT."""
        return [(f"image-{position}{_suffix(url)}", path.read_bytes())
                for position, (url, path, ok) in enumerate(zip(self.urls, self.files, self._usable(suffixes, text_only)),
                                                            start=1) if ok]


def _sound(path: Path, suffix: str) -> bool:
    """Whether a file starts as its type must (types without a known signature: true)."""
    if suffix not in _MAGIC:
        return True
    with path.open("rb") as file:
        head = file.read(8)
    return head.startswith(_MAGIC[suffix])


def _suffix(url: str) -> str:
    match = _SUFFIX.search(urlsplit(url).path)
    return match.group(0).lower() if match else ""


def _candidate(folder: Path, url: str) -> Path | None:
    """The path a relative URL names inside ``folder``, whether or not a file is there (None: a scheme,
    an absolute path, or a path leading out of the folder)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    relative = Path(os.path.normpath(unquote(parts.path)))
    if relative.is_absolute() or relative.parts[:1] == ("..",):
        return None
    return folder / relative


def _resolve(folder: Path, url: str) -> Path | None:
    """The file a relative URL names inside ``folder``, or None (a scheme, an absolute path, outside, absent)."""
    candidate = _candidate(folder, url)
    if candidate is None:
        return None
    try:
        resolved = candidate.resolve(strict=True)
        base = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if base not in resolved.parents or not resolved.is_file() or resolved.stat().st_size > MAX_BYTES:
        return None
    return resolved


def local_images(source: EditionSource) -> LocalImages:
    """The images of ``source`` beside it; one warning per other image of its text (and per unsound file)."""
    folder = source.path.parent
    local: dict[str, tuple[Path, etree._Element]] = {}  # URL -> file, first graphic; in document order
    in_text: set[str] = set()
    findings: list[Diagnostic] = []
    seen: set[str] = set()
    inputs: list[Path] = []
    for graphic in source.document.root.iter(f"{TEI}graphic"):
        places = {a.tag for a in graphic.iterancestors()}
        if not places & {f"{TEI}text", f"{TEI}facsimile"}:
            continue
        url = " ".join((graphic.get("url") or "").split())
        shown = f"{TEI}text" in places
        if shown and url:
            in_text.add(url)
        if not url or url in seen:
            continue
        seen.add(url)
        candidate = _candidate(folder, url) if _suffix(url) in HTML_SUFFIXES else None
        if candidate is not None:
            inputs.append(candidate)
        path = _resolve(folder, url) if candidate is not None else None
        if path is not None:
            local[url] = (path, graphic)
        elif shown:
            where = ("the HTML edition shows it from the web, the other editions a placeholder with its URL"
                     if re.match(r"^https?://\S+$", url) else "the editions show a placeholder with its URL")
            findings.append(_warning(source, graphic, f"the image '{url}' is not a file beside the document; {where}",
                                     "put the image file (PNG, JPEG or GIF) in the document's folder and refer to "
                                     "it by a relative URL"))
    sound = tuple(_sound(path, _suffix(url)) for url, (path, _) in local.items())
    for (url, (_, graphic)), ok in zip(local.items(), sound):
        if not ok:
            findings.append(_warning(source, graphic, f"the file of the image '{url}' is not the "
                                     f"{_suffix(url)[1:].upper()} image its name says; the editions show a "
                                     "placeholder with its URL", "replace the file with the image"))
    return LocalImages(tuple(local), tuple(path for path, _ in local.values()),
                       tuple(url in in_text for url in local), sound, tuple(findings), tuple(inputs))


def _warning(source: EditionSource, graphic: etree._Element, message: str, hint: str) -> Diagnostic:
    line, column = source.document.position(graphic)
    return warning(source.name, line, column, LAYER, IMAGE_NOT_LOCAL_RULE, message, hint)

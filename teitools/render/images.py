"""Images a document references (``graphic/@url``): which files lie beside it, for the editions to copy or place.

The stylesheets never open a file: this module finds, for one document, the image files its
``graphic`` elements name by a relative URL inside the document's own folder (never ``..``
out of it, never a link leading out of it, never a URL with a scheme), and passes their URLs
to the stylesheets as ``$local-images`` (one per line).  The copies are named by the same
rule as the stylesheets' ``tt:local-image-name``: ``image-N.EXT``, N the URL's position in
that list.  Every other image in the text is a placeholder in the editions, with one warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    """The URLs (as written) whose files lie beside the document, the files, and the warnings."""

    urls: tuple[str, ...]
    files: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def parameter(self) -> str:
        """The value of the stylesheets' ``$local-images``."""
        return "\n".join(self.urls)

    def copies(self, suffixes: frozenset[str]) -> list[tuple[str, bytes]]:
        """(file name, bytes) of each image of the given types, named as tt:local-image-name names them."""
        found = []
        for position, (url, path) in enumerate(zip(self.urls, self.files), start=1):
            suffix = _suffix(url)
            if suffix in suffixes:
                data = path.read_bytes()
                if suffix in _MAGIC and not data.startswith(_MAGIC[suffix]):
                    continue  # not the image its name says: the stylesheets show it, Typst would refuse it
                found.append((f"image-{position}{suffix}", data))
        return found


def _suffix(url: str) -> str:
    match = _SUFFIX.search(urlsplit(url).path)
    return match.group(0).lower() if match else ""


def _resolve(folder: Path, url: str) -> Path | None:
    """The file a relative URL names inside ``folder``, or None (a scheme, an absolute path, outside, absent)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    candidate = folder / unquote(parts.path)
    try:
        resolved = candidate.resolve(strict=True)
        base = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if base not in resolved.parents or not resolved.is_file() or resolved.stat().st_size > MAX_BYTES:
        return None
    return resolved


def local_images(source: EditionSource) -> LocalImages:
    """The images of ``source`` beside it; one warning per other image of its text."""
    root = source.document.root
    folder = source.path.parent
    urls: list[str] = []
    files: list[Path] = []
    findings: list[Diagnostic] = []
    graphics = [g for g in root.iter(f"{TEI}graphic")
                if any(a.tag in (f"{TEI}text", f"{TEI}facsimile") for a in g.iterancestors())]
    for graphic in graphics:
        url = " ".join((graphic.get("url") or "").split())
        if not url or url in urls:
            continue
        path = _resolve(folder, url) if _suffix(url) in HTML_SUFFIXES else None
        if path is not None:
            urls.append(url)
            files.append(path)
            continue
        in_text = any(a.tag == f"{TEI}text" for a in graphic.iterancestors())
        if in_text:
            line, column = source.document.position(graphic)
            shown = ("the HTML edition shows it from the web, the other editions a placeholder with its URL"
                     if re.match(r"^https?://\S+$", url) else "the editions show a placeholder with its URL")
            findings.append(warning(
                source.name, line, column, LAYER, IMAGE_NOT_LOCAL_RULE,
                f"the image '{url}' is not a file beside the document; {shown}",
                "put the image file (PNG, JPEG or GIF) in the document's folder and refer to it by a relative URL"))
    return LocalImages(tuple(urls), tuple(files), tuple(dict.fromkeys(findings)))

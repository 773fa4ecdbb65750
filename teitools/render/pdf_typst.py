"""Compile Typst markup to PDF/A-3b inside a private, throw-away root directory.

The compiler sees one directory that holds only the main file, the page design and the
files to attach (the TEI source), so a document cannot make Typst read any other file;
system fonts are ignored (only the fonts bundled with the ``typst`` package are used,
which keeps the output the same on every machine), and the package directories point
into the same empty root, so no package can be loaded or downloaded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import typst

#: The archival profile of every print edition.
PDF_STANDARD = "a-3b"

#: The name of the generated main file inside the compiler's root.
MAIN_FILE = "main.typ"


@dataclass(frozen=True, slots=True)
class TypstMessage:
    """One error or warning of the Typst compiler, with its hints."""

    message: str
    hints: tuple[str, ...] = ()

    def text(self) -> str:
        return self.message + "".join(f" (hint: {hint})" for hint in self.hints)


@dataclass(frozen=True, slots=True)
class TypstOutcome:
    """The PDF (None when compilation failed), the compiler's warnings and its error."""

    pdf: bytes | None
    warnings: tuple[TypstMessage, ...] = ()
    error: TypstMessage | None = None


def compile_pdf(markup: str, files: Mapping[str, bytes], timestamp: int | None = None,
                font_folders: tuple[Path, ...] = (), fallback_families: tuple[str, ...] = ()) -> TypstOutcome:
    """Compile ``markup`` (the main file) with ``files`` (plain names) beside it.

    ``timestamp`` (UNIX seconds) fixes the creation date written into the PDF, for
    reproducible output; None uses the current time.  Typst uses its bundled fonts and
    those of ``font_folders`` (fallback fonts for characters the bundled ones lack), never
    other system fonts; ``fallback_families`` are set after the page design's own
    (``sys.inputs`` "tt-fallback-fonts", read by edition.typ).
    """
    with tempfile.TemporaryDirectory(prefix="teitools-typst-") as directory:
        root = Path(directory)
        for name, content in files.items():
            _private_file(root, name).write_bytes(content)
        main = _private_file(root, MAIN_FILE)
        main.write_text(markup, encoding="utf-8")
        packages = root / "no-packages"
        packages.mkdir()
        try:
            pdf, warnings = typst.compile_with_warnings(
                str(main),
                root=str(root),
                font_paths=[str(folder) for folder in font_folders],
                ignore_system_fonts=True,
                sys_inputs={"tt-fallback-fonts": "\n".join(fallback_families)},
                pdf_standards=[PDF_STANDARD],
                package_path=str(packages),
                package_cache_path=str(packages),
                timestamp=timestamp,
            )
        except typst.TypstError as exc:
            return TypstOutcome(None, (), _message(exc))
        except (RuntimeError, ValueError, OSError) as exc:
            return TypstOutcome(None, (), TypstMessage(str(exc) or type(exc).__name__))
    if not isinstance(pdf, bytes):
        return TypstOutcome(None, (), TypstMessage("the Typst compiler returned no PDF"))
    return TypstOutcome(pdf, tuple(_message(warning) for warning in warnings))


def _private_file(root: Path, name: str) -> Path:
    """``root / name``, refusing any name that is not a plain file name."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return root / name


def _message(problem: object) -> TypstMessage:
    message = str(getattr(problem, "message", "") or problem).strip()
    hints = tuple(str(hint) for hint in (getattr(problem, "hints", None) or ()))
    return TypstMessage(message or "the Typst compiler failed without a message", hints)

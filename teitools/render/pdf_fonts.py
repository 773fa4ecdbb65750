"""Which characters the fonts of the print edition can print, and where to find more.

The ``typst`` package embeds its fonts (Libertinus Serif, New Computer Modern, DejaVu
Sans Mono) in its extension module and exposes only their names, not their data.  This
module finds the OpenType files inside the module's bytes (each starts with an sfnt
table directory), reads the family name from the ``name`` table and the mapped
characters from the ``cmap`` table (formats 4 and 12), and so answers "would this
character print as a missing glyph?" without a font library and without any font
installed on the system.

For characters those fonts lack (Chinese, Korean, Japanese, Arabic…), fonts installed on
the system are looked for (:func:`fallback_fonts`): the folders of ``TEITOOLS_FONT_PATH``
(separated by ``os.pathsep``) when it is set, else the usual system font folders. The
files found are read the same way (single fonts and collections), only when a document
needs them, and handed to Typst, which falls back on them glyph by glyph.
"""

from __future__ import annotations

import functools
import mmap
import os
import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import typst

#: The sfnt versions of OpenType fonts with CFF outlines and with TrueType outlines.
_SFNT_TAGS = (b"OTTO", b"\x00\x01\x00\x00")
_TABLE_RECORD = struct.Struct(">4sIII")
_MAX_FONT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FontFace:
    """One bundled font: its family, its subfamily (Regular, Bold…) and its characters."""

    family: str
    subfamily: str
    codepoints: frozenset[int]


@dataclass(frozen=True, slots=True)
class GlyphCoverage:
    """The characters that the named font families (in their regular faces) can print."""

    families: tuple[str, ...]
    codepoints: frozenset[int]

    def covers(self, character: str) -> bool:
        return ord(character) in self.codepoints

    def with_fallback(self, fallback: "FallbackFonts") -> "GlyphCoverage":
        """This coverage and the characters of ``fallback``'s fonts."""
        if not fallback.files:
            return self
        return GlyphCoverage((*self.families, *fallback.families), self.codepoints | fallback.codepoints)


@dataclass(frozen=True, slots=True)
class FallbackFonts:
    """Font files found on the system for characters the bundled fonts lack."""

    files: tuple[Path, ...] = ()
    families: tuple[str, ...] = ()
    codepoints: frozenset[int] = frozenset()

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders of the files, as Typst's ``font_paths`` wants them."""
        return tuple(dict.fromkeys(path.parent for path in self.files))


#: Where fallback fonts are looked for when TEITOOLS_FONT_PATH is not set.
SYSTEM_FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def font_folders(environ: Mapping[str, str]) -> tuple[Path, ...]:
    """The folders to look for fallback fonts in: TEITOOLS_FONT_PATH, else the system's."""
    configured = environ.get("TEITOOLS_FONT_PATH")
    names = configured.split(os.pathsep) if configured is not None else SYSTEM_FONT_FOLDERS
    return tuple(Path(name).expanduser() for name in names if name)


def fallback_fonts(missing: Iterable[int], folders: tuple[Path, ...]) -> FallbackFonts:
    """The font files of ``folders`` whose regular faces print characters of ``missing``
    (as few files as a greedy choice gives, in path order), and what they print."""
    wanted = set(missing)
    chosen: list[Path] = []
    families: list[str] = []
    covered: set[int] = set()
    for path, faces in _folder_fonts(folders):
        regular = [face for face in faces if face.subfamily in ("Regular", "Book", "Roman")] or list(faces[:1])
        printable = set().union(*(face.codepoints for face in regular)) if regular else set()
        if not wanted & printable - covered:
            continue
        chosen.append(path)
        families.extend(dict.fromkeys(face.family for face in regular))
        covered |= printable
        if wanted <= covered:
            break
    return FallbackFonts(tuple(chosen), tuple(dict.fromkeys(families)), frozenset(covered))


@functools.cache
def _folder_fonts(folders: tuple[Path, ...]) -> tuple[tuple[Path, tuple[FontFace, ...]], ...]:
    """Every readable font file below ``folders`` with its faces (read once per process)."""
    found = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                faces = file_faces(path)
                if faces:
                    found.append((path, faces))
    return tuple(found)


def file_faces(path: Path) -> tuple[FontFace, ...]:
    """The faces of a font file: one for a single font, each of a collection (.ttc)."""
    try:
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data[:4] == b"ttcf":
                (count,) = struct.unpack_from(">I", data, 8)
                directories = struct.unpack_from(f">{min(count, 64)}I", data, 12)
            else:
                directories = (0,)
            faces = (_read_face(data, directory) for directory in directories)
            return tuple(face for face in faces if face is not None)
    except (OSError, ValueError, struct.error):
        return ()


def typst_module_path() -> Path:
    """The compiled extension module of the ``typst`` package, which holds its fonts."""
    package = Path(typst.__file__).resolve().parent
    candidates = sorted(package.glob("_typst*.so")) + sorted(package.glob("_typst*.pyd"))
    if not candidates:
        raise FileNotFoundError(f"no compiled typst module in {package}")
    return candidates[0]


def bundled_faces(module: Path | None = None) -> tuple[FontFace, ...]:
    """Every distinct font embedded in the typst module, in the order found."""
    path = module or typst_module_path()
    faces: list[FontFace] = []
    seen: set[tuple[str, str]] = set()
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for start, end in _sfnt_spans(data):
            face = _read_face(bytes(data[start:end]))
            if face is not None and (face.family, face.subfamily) not in seen:
                seen.add((face.family, face.subfamily))
                faces.append(face)
    return tuple(faces)


def coverage_of(families: Iterable[str], faces: tuple[FontFace, ...]) -> GlyphCoverage:
    """The union of the regular faces of ``families`` (any face if a family has no regular)."""
    wanted = tuple(families)
    codepoints: set[int] = set()
    for family in wanted:
        members = [face for face in faces if _family_key(face.family) == _family_key(family)]
        regular = [face for face in members if face.subfamily in ("Regular", "Book", "Roman")]
        for face in regular or members[:1]:
            codepoints |= face.codepoints
    return GlyphCoverage(wanted, frozenset(codepoints))


def _family_key(name: str) -> str:
    """A family name as Typst matches it: "NewComputerModern 10" is "New Computer Modern"."""
    return re.sub(r"[\s\d]+$", "", name).replace(" ", "").lower()


def _sfnt_spans(data: mmap.mmap) -> Iterator[tuple[int, int]]:
    """Start and end offsets of the byte ranges that are complete sfnt fonts."""
    for tag in _SFNT_TAGS:
        position = data.find(tag)
        while position != -1:
            end = _font_end(data, position)
            if end is not None:
                yield position, end
            position = data.find(tag, position + 1)


def _font_end(data: mmap.mmap, start: int) -> int | None:
    """Where the font starting at ``start`` ends, or None if it is not a font there."""
    header = data[start:start + 12]
    if len(header) < 12:
        return None
    (tables,) = struct.unpack(">H", header[4:6])
    if not 4 <= tables <= 64:
        return None
    directory = data[start + 12:start + 12 + tables * _TABLE_RECORD.size]
    if len(directory) < tables * _TABLE_RECORD.size:
        return None
    end = 0
    names: set[bytes] = set()
    for index in range(tables):
        tag, _checksum, offset, length = _TABLE_RECORD.unpack_from(directory, index * _TABLE_RECORD.size)
        if not all(32 <= byte < 127 for byte in tag):
            return None
        names.add(tag)
        end = max(end, offset + length)
    if not {b"cmap", b"name"} <= names or end > _MAX_FONT_BYTES or start + end > len(data):
        return None
    return start + end


def _tables(font: bytes | mmap.mmap, directory: int = 0) -> dict[bytes, bytes]:
    """The tables of the font whose table directory is at ``directory`` (offsets count from the start of ``font``)."""
    (count,) = struct.unpack_from(">H", font, directory + 4)
    found: dict[bytes, bytes] = {}
    for index in range(count):
        tag, _checksum, offset, length = _TABLE_RECORD.unpack_from(font, directory + 12 + index * _TABLE_RECORD.size)
        if tag in (b"cmap", b"name"):
            found[tag] = bytes(font[offset:offset + length])
    return found


def _read_face(font: bytes | mmap.mmap, directory: int = 0) -> FontFace | None:
    try:
        tables = _tables(font, directory)
        family = _name(tables[b"name"], (16, 1))
        subfamily = _name(tables[b"name"], (17, 2))
        codepoints = _cmap_codepoints(tables[b"cmap"])
    except (KeyError, struct.error, UnicodeDecodeError):
        return None
    if not family or not codepoints:
        return None
    return FontFace(family, subfamily or "Regular", frozenset(codepoints))


def _name(table: bytes, name_ids: tuple[int, ...]) -> str:
    """The first Unicode (Windows or Unicode platform) record among ``name_ids``."""
    _format, count, strings = struct.unpack(">HHH", table[:6])
    records: dict[int, str] = {}
    for index in range(count):
        platform, _encoding, _language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * index)
        if platform in (0, 3) and name_id in name_ids and name_id not in records:
            raw = table[strings + offset:strings + offset + length]
            records[name_id] = raw.decode("utf-16-be")
    for name_id in name_ids:
        if records.get(name_id):
            return records[name_id]
    return ""


def _cmap_codepoints(table: bytes) -> set[int]:
    """All characters mapped to a glyph other than .notdef by the Unicode subtables."""
    _version, count = struct.unpack(">HH", table[:4])
    codepoints: set[int] = set()
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue
        (subtable_format,) = struct.unpack_from(">H", table, offset)
        if subtable_format == 4:
            codepoints |= _format4(table, offset)
        elif subtable_format == 12:
            codepoints |= _format12(table, offset)
    return codepoints


def _format4(table: bytes, offset: int) -> set[int]:
    (segments_x2,) = struct.unpack_from(">H", table, offset + 6)
    segments = segments_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + segments_x2 + 2
    deltas_at = starts_at + segments_x2
    range_offsets_at = deltas_at + segments_x2
    codepoints: set[int] = set()
    for segment in range(segments):
        (end,) = struct.unpack_from(">H", table, ends_at + 2 * segment)
        (start,) = struct.unpack_from(">H", table, starts_at + 2 * segment)
        (delta,) = struct.unpack_from(">h", table, deltas_at + 2 * segment)
        range_offset_position = range_offsets_at + 2 * segment
        (range_offset,) = struct.unpack_from(">H", table, range_offset_position)
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                glyph_position = range_offset_position + range_offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", table, glyph_position)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                codepoints.add(code)
    return codepoints


def _format12(table: bytes, offset: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", table, offset + 12)
    codepoints: set[int] = set()
    for group in range(groups):
        start, end, first_glyph = struct.unpack_from(">III", table, offset + 16 + 12 * group)
        for code in range(start, end + 1):
            if first_glyph + (code - start):
                codepoints.add(code)
    return codepoints

"""Derive the schemas of a self-contained ODD: compile all of them, say where they go, write them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from teitools.odd.model import XML_NAMESPACE_XSD_NAME
from teitools.odd.reader import read_customization
from teitools.odd.relaxng import compile_relaxng
from teitools.odd.schematron import compile_schematron
from teitools.odd.xsd import compile_xml_namespace_xsd, compile_xsd


@dataclass(frozen=True)
class CompiledSchemas:
    """The schemas derived from one ODD; ``xsd`` imports ``xml_namespace_xsd`` as ``xml.xsd``."""

    relaxng: bytes
    xsd: bytes
    schematron: bytes
    xml_namespace_xsd: bytes


def compile_odd(odd: Path) -> CompiledSchemas:
    """Compile a self-contained ODD into RELAX NG, XSD (+ xml.xsd) and Schematron."""
    customization = read_customization(odd)
    return CompiledSchemas(
        relaxng=compile_relaxng(customization, odd.name),
        xsd=compile_xsd(customization, odd.name),
        schematron=compile_schematron(customization, odd.name),
        xml_namespace_xsd=compile_xml_namespace_xsd(customization, odd.name),
    )


def derived_paths(odd: Path, out_dir: Path) -> tuple[Path, Path, Path, Path]:
    """Where the RNG, XSD, SCH and xml.xsd derived from ``odd`` are written."""
    stem = odd.stem
    return (
        out_dir / f"{stem}.rng",
        out_dir / f"{stem}.xsd",
        out_dir / f"{stem}.sch",
        out_dir / XML_NAMESPACE_XSD_NAME,
    )


def write_schemas(odd: Path, out_dir: Path) -> list[Path]:
    """Compile ``odd`` and write its derived schemas into ``out_dir``; return the paths written."""
    compiled = compile_odd(odd)
    out_dir.mkdir(parents=True, exist_ok=True)
    contents = (compiled.relaxng, compiled.xsd, compiled.schematron, compiled.xml_namespace_xsd)
    written = []
    for path, content in zip(derived_paths(odd, out_dir), contents):
        path.write_bytes(content)
        written.append(path)
    return written


def iter_element_names(odd: Path) -> Iterator[str]:
    """The names of the elements the ODD declares, in document order."""
    yield from (element.name for element in read_customization(odd).elements)


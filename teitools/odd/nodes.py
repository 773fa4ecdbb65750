"""Small helpers for reading the elements of an ODD: names, positions, occurrences."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teitools.namespaces import TEI_NS
from teitools.odd.model import UNBOUNDED, OddError


def tei(local: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{local}"


def local_name(node: etree._Element) -> str:
    return etree.QName(node).localname


def where(node: etree._Element) -> str:
    """The line of ``node`` for an error message."""
    return f"line {node.sourceline}" if node.sourceline else "unknown line"


def element_children(node: etree._Element) -> list[etree._Element]:
    """The child elements of ``node`` (no comments or processing instructions)."""
    return [child for child in node if isinstance(child.tag, str)]


def plain_text(node: etree._Element | None) -> str:
    """The text of ``node`` with whitespace collapsed; "" for no node."""
    return "" if node is None else " ".join("".join(node.itertext()).split())


def parse_odd(odd: Path) -> etree._ElementTree:
    """Parse an ODD file without entities, DTDs or network; comments are dropped."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        return etree.parse(str(odd), parser)
    except OSError as error:
        raise OddError(f"{odd}: cannot read the ODD: {error}") from error
    except etree.XMLSyntaxError as error:
        raise OddError(f"{odd}: the ODD is not well-formed XML: {error}") from error


def occurs(node: etree._Element) -> tuple[int, int | None]:
    """``@minOccurs`` and ``@maxOccurs`` of ``node``; None stands for unbounded."""
    try:
        minimum = int(node.get("minOccurs", "1"))
        raw_max = node.get("maxOccurs", "1")
        maximum = UNBOUNDED if raw_max == "unbounded" else int(raw_max)
    except ValueError as error:
        raise OddError(f"{where(node)}: bad minOccurs/maxOccurs: {error}") from error
    if minimum < 0 or (maximum is not None and maximum < max(minimum, 1)):
        raise OddError(f"{where(node)}: minOccurs/maxOccurs out of range")
    return minimum, maximum

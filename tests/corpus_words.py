"""Read the words of a seed text and of its TEI encoding, for the fidelity tests."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}

#: Elements whose content is the editor's, not the source's.
EDITORIAL = {f"{TEI}corr", f"{TEI}reg", f"{TEI}expan", f"{TEI}supplied"}
#: Elements that end a run of text (a space separates them from what follows).
BLOCKS = {f"{TEI}{name}" for name in (
    "p", "head", "div", "item", "list", "quote", "label", "lg", "l", "ab", "front", "body", "back",
    "titlePage", "docTitle", "byline", "note", "cell", "row", "table", "sp", "speaker", "stage")}

_TOKEN = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[str]:
    """Word and punctuation tokens of ``text`` in NFC."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def seed_words(seed: Path, moved_to_header: tuple[str, ...] = ()) -> list[str]:
    """The tokens of a seed, without the passages the encoding moved into the header."""
    text = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    for passage in moved_to_header:
        passage = unicodedata.normalize("NFC", passage)
        assert passage in text, f"{seed.name}: the passage said to be moved to the header is not in the seed: {passage!r}"
        text = text.replace(passage, " ", 1)
    return words(text)


def source_text_of(element: etree._Element) -> str:
    """The text of the source as encoded below ``element``.

    Reads the original side of every ``choice`` (``sic``, ``orig``, ``abbr``) and leaves
    out what the editor added (``corr``, ``reg``, ``expan``, ``supplied``) and the
    editorial back matter (a ``div`` with ``@resp``, such as the list of works cited).
    """
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in EDITORIAL or (node.tag == f"{TEI}div" and node.get("resp")):
            parts.append(" ")
            return
        if node.tag in BLOCKS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in BLOCKS:
            parts.append(" ")

    walk(element)
    return "".join(parts)


def tei_words(document: Path) -> list[str]:
    tree = etree.parse(str(document))
    text = tree.find(f"{TEI}text")
    assert text is not None, f"{document.name} has no <text>"
    return words(source_text_of(text))


def first_difference(expected: list[str], actual: list[str]) -> str:
    """Where two token sequences part, with some context, or '' if they are equal."""
    for index, (left, right) in enumerate(zip(expected, actual)):
        if left != right:
            before = " ".join(expected[max(0, index - 8):index])
            return (f"token {index}: seed has {left!r}, TEI has {right!r}\n"
                    f"  context: …{before} ⟨{left}|{right}⟩ {' '.join(expected[index + 1:index + 6])}…")
    if len(expected) != len(actual):
        longer, name = (expected, "seed") if len(expected) > len(actual) else (actual, "TEI")
        shorter = min(len(expected), len(actual))
        return f"the {name} goes on after token {shorter}: {' '.join(longer[shorter:shorter + 12])!r}"
    return ""

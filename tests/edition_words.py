"""Helpers of the edition tests: the words of a TEI text as an edition must show them."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
WORD = re.compile(r"\w+")

#: Elements whose boundaries are line or block boundaries in every edition.
_BREAKING = {"p", "ab", "l", "lg", "head", "sp", "speaker", "stage", "item", "cell", "row", "div", "div1", "div2",
             "div3", "castItem", "castGroup", "castList", "role", "roleDesc", "lb", "pb", "cb", "note", "trailer",
             "docTitle", "titlePart", "docAuthor", "docDate", "docImprint", "byline", "dateline", "signed",
             "epigraph", "quote", "bibl", "set", "label", "figure", "table", "list", "listBibl", "opener", "closer",
             # name parts are words of their own ("<forename>Charles</forename><surname>Dickens</surname>")
             "forename", "surname", "roleName", "addName", "genName", "nameLink",
             # spoken texts: utterances, pauses and what happens between them
             "u", "pause", "vocal", "kinesic", "incident", "writing"}
#: Alternatives the reading text does not show (inside choice).
_ALTERNATIVES = {"sic", "orig", "abbr"}
#: What the writer deleted: the reading text (txt, pdf) does not read it; the HTML shows it struck.
_SILENT = {"teiHeader", "standOff", "fw", "index", "interp", "interpGrp", "link", "linkGrp", "graphic", "certainty", "del",
           "binaryObject"}


def _remove_keeping_tail(element: etree._Element, separator: str = " ") -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + separator + tail
    else:
        parent.text = (parent.text or "") + separator + tail
    parent.remove(element)


def _words_of(element: etree._Element) -> list[str]:
    for node in element.iter():
        if (isinstance(node.tag, str) and etree.QName(node).localname in _BREAKING
                and not (etree.QName(node).localname in ("lb", "pb", "cb") and node.get("break") == "no")):
            node.text = " " + (node.text or "")
            node.tail = " " + (node.tail or "")
    return WORD.findall("".join(element.itertext()).casefold())


def reading_words(root: etree._Element) -> tuple[list[str], list[str]]:
    """(words of the reading text without notes, words of the notes), each in document order."""
    text = root.find(f"{{{TEI}}}text")
    assert text is not None
    text = copy.deepcopy(text)
    for element in list(text.iter()):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        parent = element.getparent()
        if name in _SILENT or (name in _ALTERNATIVES and parent is not None and etree.QName(parent).localname == "choice"):
            _remove_keeping_tail(element, "" if name == "del" else " ")  # "<add>T</add><del>t</del>he": "The"
    variants = []  # the readings of an apparatus other than the one the text gives (lem, else the first rdg) go with the notes
    for app in list(text.iter(f"{{{TEI}}}app")):
        readings = [r for r in app.iter(f"{{{TEI}}}lem", f"{{{TEI}}}rdg") if r.getparent() is app or r.getparent().tag == f"{{{TEI}}}rdgGrp"]
        lemma = next((r for r in readings if r.tag == f"{{{TEI}}}lem"), readings[0] if readings else None)
        for reading in readings:
            if reading is not lemma and reading.tag == f"{{{TEI}}}rdg":
                variants.append(copy.deepcopy(reading))
                _remove_keeping_tail(reading)
    notes = [n for n in text.iter(f"{{{TEI}}}note") if not any(a.tag == f"{{{TEI}}}note" for a in n.iterancestors())]
    note_words = [w for note in notes for w in _words_of(copy.deepcopy(note))]
    note_words += [w for reading in variants for w in _words_of(reading)]
    for note in notes:
        _remove_keeping_tail(note)
    return _words_of(text), note_words


def missing_in_order(expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    """The words of ``expected`` that cannot be matched, in order, in ``actual`` (empty if all are there)."""
    position = 0
    missing: list[str] = []
    for word in expected:
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            missing.append(word)
    return missing


def text_words(text: str) -> list[str]:
    return WORD.findall(text.casefold())

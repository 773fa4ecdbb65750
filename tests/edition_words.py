"""Helpers of the edition tests: the words of a TEI text as an edition must show them."""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Sequence

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
#: A word: a run of letters (with their marks) or a run of digits, so that a note number set
#: against a word ("spring¹" read as "spring1" from HTML or PDF) does not hide the word.
#: Chinese and Japanese are written without spaces, so each of their characters counts as a word
#: (a line break in a PDF may fall between any two of them).
_IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{_IDEOGRAPHS}]|(?:[^\W\d_{_IDEOGRAPHS}]|[\u0300-\u036f])+|\d+")
#: A hyphen between two letters ("pale-faced"): pdftotext drops it when it ends a line
#: and joins the halves, so PDF words are compared with such hyphens removed on both sides.
_INNER_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")

#: Elements whose boundaries are line or block boundaries in every edition.
_BREAKING = {"p", "ab", "l", "lg", "head", "sp", "speaker", "stage", "item", "cell", "row", "div", "div1", "div2",
             "div3", "castItem", "castGroup", "castList", "role", "roleDesc", "lb", "pb", "cb", "note", "trailer",
             "docTitle", "titlePart", "docAuthor", "docDate", "docImprint", "byline", "dateline", "signed",
             "epigraph", "quote", "bibl", "set", "label", "figure", "table", "list", "listBibl", "opener", "closer",
             # name parts are words of their own ("<forename>Charles</forename><surname>Dickens</surname>")
             "forename", "surname", "roleName", "addName", "genName", "nameLink",
             # spoken texts: utterances, pauses and what happens between them
             "u", "pause", "vocal", "kinesic", "incident", "writing",
             # the tokens of a MathML formula are read one by one ("<mi>ξ</mi><msub><mi>E</mi>…": ξ, E)
             "mi", "mo", "ms", "mtext", "mspace"}
#: Alternatives the reading text does not show (inside choice).
_ALTERNATIVES = {"sic", "orig", "abbr"}
#: What the writer deleted: the reading text (txt, pdf) does not read it; the HTML shows it struck.
_SILENT = {"teiHeader", "standOff", "fw", "index", "link", "linkGrp", "graphic", "certainty", "del",
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


def _words_of(element: etree._Element, join_hyphens: bool = False) -> list[str]:
    for node in element.iter():
        if (isinstance(node.tag, str) and etree.QName(node).localname in _BREAKING
                and not (etree.QName(node).localname in ("lb", "pb", "cb") and node.get("break") == "no")):
            node.text = " " + (node.text or "")
            node.tail = " " + (node.tail or "")
    text = "".join(element.itertext())
    return WORD.findall((_INNER_HYPHEN.sub("", text) if join_hyphens else text).casefold())


def reading_words(root: etree._Element, join_hyphens: bool = False) -> tuple[list[str], list[str]]:
    """(words of the reading text without notes, words of the notes), each in document order.

    ``root`` is a TEI element (the root of a document or one text of a teiCorpus);
    ``join_hyphens`` removes hyphens between letters, as :func:`pdf_words` does.
    """
    text = root.find(f"{{{TEI}}}text")
    if text is None:  # a header with stand-off data or a facsimile only: no reading text
        return [], []
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
    note_words = [w for note in notes for w in _words_of(copy.deepcopy(note), join_hyphens)]
    note_words += [w for reading in variants for w in _words_of(reading, join_hyphens)]
    for note in notes:
        _remove_keeping_tail(note)
    return _words_of(text, join_hyphens), note_words


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


def pdf_words(text: str) -> list[str]:
    """The words of ``pdftotext`` output: soft hyphens at line ends undone, inner hyphens removed."""
    return text_words(_INNER_HYPHEN.sub("", re.sub("\u00ad\\s*", "", text)))


def matched_share(expected: Sequence[str], actual: Sequence[str]) -> tuple[float, list[str]]:
    """The share of ``expected`` found in ``actual`` in order (a longest matching alignment), and the words lost.

    Unlike :func:`missing_in_order`, a word that appears out of place (an index entry, a running
    head) does not throw the rest of the alignment off.
    """
    if not expected:
        return 1.0, []
    matcher = difflib.SequenceMatcher(None, list(expected), list(actual), autojunk=False)
    lost: list[str] = []
    position = 0
    for block in matcher.get_matching_blocks():
        lost.extend(expected[position:block.a])
        position = block.a + block.size
    return 1 - len(lost) / len(expected), lost

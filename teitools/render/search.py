"""The static search index of the HTML edition, made in the build's two passes.

The index is JavaScript, not JSON: each file calls ``ttSearchLoaded(kind, key, data)``, so the
search page (``assets/search.js``) loads it with ``<script>`` elements, which browsers allow on
``file://`` pages where ``fetch()`` (and so Pagefind) is refused.  Files, under ``html/search/``:

* ``t-<slug>-<n>.js`` (document pass, :func:`document_search`): the id and text of
  ``CHUNK_PASSAGES`` passages of a document, loaded only for the results shown.  The same
  function replaces the passages' text in the document's summary by the document's words and
  their hits, so that the corpus pass neither reads nor holds the corpus's text;
* ``w-<key>.js`` (corpus pass, :class:`SearchIndex`): a shard of the word index, every folded
  word that starts with ``key`` (one letter, or more where a shard would be larger than
  ``shard_bytes``).  A word maps to its hits, ``[document, [passage, …], document, […]]``; a hit
  inside a marked name is ``[passage, occurrence, kind, occurrence, kind…]``, so the page can
  filter by entity kind and link to the very name (``occ-N``).  A name is indexed under its
  register entry's label and other names too: "London" finds "Luân Đôn" when the register says so;
* ``meta.js``: the documents (slug, title, language), the kinds of entity, the shards and their
  files, and the folding table (the one definition of folding; the page reads it from here).

Words are folded (lower case, diacritics removed, đ→d, ß→ss…: "dien bien phu" finds "Điện
Biên Phủ") and split at anything that is not a letter or digit; a CJK character is a word.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from teitools.corpus import safe_parser
from teitools.registers import TT_NS
from teitools.render.base import RenderedFile

__all__ = ["ENTITY_KINDS", "SearchIndex", "document_search", "fold", "search_index_files", "words"]

#: Letters that Unicode does not decompose into a base letter and marks, folded by hand.
FOLD_SPECIAL = {"ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "æ": "ae", "Æ": "ae", "œ": "oe",
                "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ı": "i", "ŀ": "l"}
#: The kinds of marked name and date a search can be limited to, in this order (their index in hits).
ENTITY_KINDS = ("person", "place", "organisation", "event", "date")
#: Characters that are each a word of their own (scripts written without spaces between words).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(f"[{CJK}]|(?:(?![{CJK}])[^\\W_])+")
#: Passages per text file (the search page loads the files of the results it shows).
CHUNK_PASSAGES = 100
_FOLDED: dict[int, str] = {}  # every character folded so far (a str.translate table)
_SEEN: set[str] = set()
_FILE_SAFE = re.compile(r"[a-z0-9]")


def _fold_character(character: str) -> str:
    special = FOLD_SPECIAL.get(character)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFD", character.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def fold(text: str) -> str:
    """``text`` as the index compares it: lower case, without diacritics ("Điện" -> "dien", "Straße" -> "strasse")."""
    for character in set(text).difference(_SEEN):
        _FOLDED[ord(character)] = _fold_character(character)
        _SEEN.add(character)
    return text.translate(_FOLDED)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold(text))


def _shard_file(key: str) -> str:
    return "w-" + "".join(c if _FILE_SAFE.fullmatch(c) else f"_{ord(c):x}" for c in key) + ".js"


def _script(kind: str, key: str, data: object, raw: bool = False) -> bytes:
    """``ttSearchLoaded(kind, key, data);`` (``data`` as JSON, or already JSON when ``raw``)."""
    text = str(data) if raw else _compact(data)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"ttSearchLoaded({json.dumps(kind)},{json.dumps(key, ensure_ascii=False)},{text});\n".encode("utf-8")


def document_search(summary: str, chunk_passages: int = CHUNK_PASSAGES) -> tuple[str, tuple[RenderedFile, ...]]:
    """The document pass's part of the index: the text files of the document's passages, and its summary
    with the passages' text replaced by the document's words and their hits (``<tt:words>``, one
    "word TAB hits" line per word, sorted), all the corpus pass needs of it."""
    root = etree.fromstring(summary.encode("utf-8"), safe_parser())
    slug = root.get("slug", "")
    numbers: dict[str, int] = {}
    texts: list[list[str]] = []
    hits: dict[str, dict[int, list[int]]] = {}
    for passage in root.findall(f"{{{TT_NS}}}passage"):
        numbers.setdefault(passage.get("id", ""), len(texts))
        for word in set(words(passage.text or "")):
            hits.setdefault(word, {})[len(texts)] = []
        texts.append([passage.get("id", ""), passage.text or ""])
        root.remove(passage)
    for marked in root.iter(f"{{{TT_NS}}}name", f"{{{TT_NS}}}date"):
        kind = "date" if marked.tag == f"{{{TT_NS}}}date" else marked.get("kind", "")
        number = numbers.get(marked.get("passage", ""))
        occurrence = marked.get("id", "")
        if kind not in ENTITY_KINDS or number is None or not occurrence.startswith("occ-"):
            continue
        names = [marked.text or "", marked.get("label", ""), *marked.get("variants", "").split(" | ")]
        for word in dict.fromkeys(w for name in names for w in words(name)):
            hits.setdefault(word, {}).setdefault(number, []).extend((int(occurrence[4:]), ENTITY_KINDS.index(kind)))
    listing = etree.SubElement(root, f"{{{TT_NS}}}words")
    listing.text = "".join(f"{word}\t[{_hits_text(hits[word])}]\n" for word in sorted(hits))
    files = tuple(RenderedFile(f"html/search/t-{slug}-{start // chunk_passages}.js",
                               _script("t", f"{slug}-{start // chunk_passages}", texts[start:start + chunk_passages]))
                  for start in range(0, len(texts), chunk_passages))
    return etree.tostring(root, encoding="unicode"), files


def _hits_text(hits: dict[int, list[int]]) -> str:
    """JSON of one document's hits of a word: passage numbers, "[passage,occurrence,kind…]" for marked names."""
    return ",".join(f"[{number},{','.join(map(str, names))}]" if names else str(number)
                    for number, names in sorted(hits.items()))


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass
class SearchIndex:
    """The word index of a corpus, filled one document summary at a time (see :func:`document_search`)."""

    documents: list[tuple[str, str, str]] = field(default_factory=list)
    #: word -> "document,hits" of each document it is in (hits as JSON: kept as text, which is small)
    postings: dict[str, list[str]] = field(default_factory=dict)

    def add_summary(self, summary: str) -> None:
        """Index one document's summary (``tt:document`` with ``tt:words``)."""
        root = etree.fromstring(summary.encode("utf-8"), safe_parser())
        number = len(self.documents)
        self.documents.append((root.get("slug", ""), root.get("title", ""), root.get("lang", "")))
        listing = root.find(f"{{{TT_NS}}}words")
        for line in (listing.text or "").splitlines() if listing is not None else ():
            word, _, hits = line.partition("\t")
            self.postings.setdefault(word, []).append(f"{number},{hits}")

    def files(self, shard_bytes: int = 48_000) -> Iterator[RenderedFile]:
        """The word shards and ``meta.js``, below ``html/``."""
        sizes = {word: len(word) + sum(len(hits) for hits in postings) for word, postings in self.postings.items()}
        shards: dict[str, list[str]] = {}
        for word in sorted(self.postings):
            shards.setdefault(word[:1], []).append(word)
        placed: dict[str, list[str]] = {}
        for key, members in shards.items():
            placed.update(_split(key, members, sizes, shard_bytes))
        for key, members in sorted(placed.items()):
            body = ",".join(f"{_compact(word)}:[{','.join(self.postings[word])}]" for word in members)
            yield RenderedFile(f"html/search/{_shard_file(key)}", _script("w", key, "{" + body + "}", raw=True))
        meta = {
            "documents": [list(document) for document in self.documents],
            "kinds": list(ENTITY_KINDS),
            "shards": {key: _shard_file(key) for key in sorted(placed)},
            "chunk": CHUNK_PASSAGES,
            "fold": FOLD_SPECIAL,
            "cjk": CJK,
        }
        yield RenderedFile("html/search/meta.js", _script("meta", "", meta))


def _split(key: str, members: list[str], sizes: dict[str, int], limit: int) -> dict[str, list[str]]:
    """Shards of the words below ``key``: one, or split by one more letter while too large (at most 6 letters)."""
    size = sum(sizes[word] for word in members)
    if size <= limit or len(key) >= 6:
        return {key: members}
    shards: dict[str, list[str]] = {key: [w for w in members if len(w) <= len(key)]}
    longer: dict[str, list[str]] = {}
    for word in members:
        if len(word) > len(key):
            longer.setdefault(word[:len(key) + 1], []).append(word)
    for sub_key, sub_members in longer.items():
        shards.update(_split(sub_key, sub_members, sizes, limit))
    return {k: v for k, v in shards.items() if v}


def search_index_files(summaries: Iterable[str]) -> tuple[RenderedFile, ...]:
    """The search index of the documents whose summaries (made by :func:`document_search`) are given, in corpus order."""
    index = SearchIndex()
    for summary in summaries:
        index.add_summary(summary)
    return tuple(index.files())

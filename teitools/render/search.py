"""The static search index of the HTML edition, made in the build's two passes.

The index is JavaScript, not JSON: each file calls ``ttSearchLoaded(kind, key, data)``, so the
search page (``assets/search.js``) loads it with ``<script>`` elements, which browsers allow on
``file://`` pages where ``fetch()`` (and so Pagefind) is refused.  Files, under ``html/search/``:

* ``t-<slug>-<n>.js`` (document pass, :func:`document_search`): the id and text of the passages
  of a document, about ``CHUNK_CHARACTERS`` of text a file, loaded only for the results shown.
  The same function replaces the passages' text in the document's summary by the document's
  words and their hits, so that the corpus pass neither reads nor holds the corpus's text;
* ``w-<n>.js`` (corpus pass, :class:`SearchIndex`): a shard of the word index, a run of the
  sorted words of about ``SHARD_BYTES``; a query loads the shards whose first and last words
  enclose its words.  A word maps to its hits, ``[document, [passage, …], document, […]]``; a hit
  inside a marked name is ``[passage, occurrence, kind, occurrence, kind…]``, so the page can
  filter by entity kind and link to the very name (``occ-N``).  A name is indexed under its
  register entry's label and other names too: "London" finds "Luân Đôn" when the register says so;
* ``meta.js``: the documents (slug, title, language, first passage of each text file), the kinds
  of entity, the first and last word of each shard, and the folding table (the one definition of
  folding; the page reads it from here).

Words are folded (lower case, diacritics removed, đ→d, ß→ss…: "dien bien phu" finds "Điện
Biên Phủ") and split at anything that is not a letter or digit; a CJK character is a word.
"""

from __future__ import annotations

import functools
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
#: About how much text a file of passages holds (the search page loads the files of the results it shows).
CHUNK_CHARACTERS = 60_000
#: About how large a shard of the word index is.
SHARD_BYTES = 64_000


@functools.lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    special = FOLD_SPECIAL.get(character)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFD", character.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def fold(text: str) -> str:
    """``text`` as the index compares it: lower case, without diacritics ("Điện" -> "dien", "Straße" -> "strasse")."""
    return text.translate({ord(character): _fold_character(character) for character in set(text)})


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold(text))


def _script(kind: str, key: str, data: object, raw: bool = False) -> bytes:
    """``ttSearchLoaded(kind, key, data);`` (``data`` as JSON, or already JSON when ``raw``)."""
    text = str(data) if raw else _compact(data)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"ttSearchLoaded({json.dumps(kind)},{json.dumps(key, ensure_ascii=False)},{text});\n".encode("utf-8")


def document_search(summary: str, chunk_characters: int = CHUNK_CHARACTERS) -> tuple[str, tuple[RenderedFile, ...]]:
    """The document pass's part of the index: the text files of the document's passages, and its summary
    with the passages' text replaced by the document's words and their hits (``<tt:words>``, one
    "word TAB hits" line per word, sorted; ``@chunks``: the first passage of each text file), all the
    corpus pass needs of it."""
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
    starts = [0]
    size = 0
    for number, (_, text) in enumerate(texts):
        if size >= chunk_characters:
            starts.append(number)
            size = 0
        size += len(text) + 16
    files = tuple(RenderedFile(f"html/search/t-{slug}-{chunk}.js", _script("t", f"{slug}-{chunk}", texts[start:end]))
                  for chunk, (start, end) in enumerate(zip(starts, [*starts[1:], len(texts)])) if start < end)
    listing = etree.SubElement(root, f"{{{TT_NS}}}words", chunks=" ".join(map(str, starts[:len(files)])))
    listing.text = "".join(f"{word}\t[{_hits_text(hits[word])}]\n" for word in sorted(hits))
    return etree.tostring(root, encoding="unicode"), files


_WORDS_ELEMENT = re.compile(r"<tt:words\b[^>]*?(?:/>|>.*?</tt:words>)", re.S)


def without_words(summary: str) -> str:
    """A summary made by :func:`document_search` without its word index (what the corpus pages read)."""
    return _WORDS_ELEMENT.sub("", summary)


def _hits_text(hits: dict[int, list[int]]) -> str:
    """JSON of one document's hits of a word: passage numbers, "[passage,occurrence,kind…]" for marked names."""
    return ",".join(f"[{number},{','.join(map(str, names))}]" if names else str(number)
                    for number, names in sorted(hits.items()))


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass
class SearchIndex:
    """The word index of a corpus, filled one document summary at a time (see :func:`document_search`)."""

    #: slug, title, language, first passage of each text file
    documents: list[tuple[str, str, str, list[int]]] = field(default_factory=list)
    #: word -> "document,hits" of each document it is in (hits as JSON: kept as text, which is small)
    postings: dict[str, list[str]] = field(default_factory=dict)

    def add_summary(self, summary: str) -> None:
        """Index one edition's summary: a ``tt:document`` with ``tt:words`` per text (several for a teiCorpus)."""
        wrapped = f'<tt:summary xmlns:tt="{TT_NS}">{summary}</tt:summary>'
        for document in etree.fromstring(wrapped.encode("utf-8"), safe_parser()).iterchildren(f"{{{TT_NS}}}document"):
            self._add_document(document)

    def _add_document(self, root: etree._Element) -> None:
        number = len(self.documents)
        listing = root.find(f"{{{TT_NS}}}words")
        chunks = [int(start) for start in (listing.get("chunks", "") if listing is not None else "").split()]
        self.documents.append((root.get("slug", ""), root.get("title", ""), root.get("lang", ""), chunks))
        for line in (listing.text or "").splitlines() if listing is not None else ():
            word, _, hits = line.partition("\t")
            self.postings.setdefault(word, []).append(f"{number},{hits}")

    def files(self, shard_bytes: int = SHARD_BYTES) -> Iterator[RenderedFile]:
        """The word shards and ``meta.js``, below ``html/``: the words in the order of their UTF-16 code units
        (the order of JavaScript's string comparison), cut into shards of about ``shard_bytes``."""
        shards: list[list[str]] = [[]]
        size = 0
        for word in sorted(self.postings, key=lambda w: w.encode("utf-16-be")):
            if size >= shard_bytes:
                shards.append([])
                size = 0
            shards[-1].append(word)
            size += len(word) + 6 + sum(len(hits) + 1 for hits in self.postings[word])  # "word":[hits,…],
        shards = [shard for shard in shards if shard]
        for number, members in enumerate(shards):
            body = ",".join(f"{_compact(word)}:[{','.join(self.postings[word])}]" for word in members)
            yield RenderedFile(f"html/search/w-{number}.js", _script("w", str(number), "{" + body + "}", raw=True))
        meta = {
            "documents": [list(document) for document in self.documents],
            "kinds": list(ENTITY_KINDS),
            "shards": [[members[0], members[-1]] for members in shards],
            "fold": FOLD_SPECIAL,
            "cjk": CJK,
        }
        yield RenderedFile("html/search/meta.js", _script("meta", "", meta))


def search_index_files(summaries: Iterable[str]) -> tuple[RenderedFile, ...]:
    """The search index of the documents whose summaries (made by :func:`document_search`) are given, in corpus order."""
    index = SearchIndex()
    for summary in summaries:
        index.add_summary(summary)
    return tuple(index.files())

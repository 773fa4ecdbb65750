"""The static search index of the HTML edition, made from the documents' summaries (corpus pages pass).

The index is JavaScript, not JSON: each file calls ``ttSearchLoaded(kind, key, data)``, so the
search page (``assets/search.js``) loads it with ``<script>`` elements, which browsers allow on
``file://`` pages where ``fetch()`` (and so Pagefind) is refused.  Files, under ``html/search/``:

* ``meta.js``: the documents (slug, title, language), the kinds of entity, the word shards
  and their files, and the folding table (the one definition of folding the page also uses);
* ``w-<key>.js``: a shard of the word index, every folded word that starts with ``key`` (one
  letter, or more where a shard would be larger than ``shard_bytes``).  A word maps to its hits,
  ``[document, [passage, …], document, […]]``; a hit inside a marked name is
  ``[passage, occurrence, kind, occurrence, kind…]``, so the page can filter by entity kind and
  link to the very name (``occ-N``).  A name is indexed under its register entry's label and
  other names too: "Ho Chi Minh" finds "Bác Hồ" when the register says so;
* ``t-<slug>-<n>.js``: the text of ``chunk_passages`` passages of a document (id and text),
  loaded only for the results shown (snippets and links).

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

__all__ = ["ENTITY_KINDS", "SearchIndex", "fold", "search_index_files", "words"]

#: Letters that Unicode does not decompose into a base letter and marks, folded by hand.
FOLD_SPECIAL = {"ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "æ": "ae", "Æ": "ae", "œ": "oe",
                "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ı": "i", "ŀ": "l"}
#: The kinds of marked name and date a search can be limited to, in this order (their index in hits).
ENTITY_KINDS = ("person", "place", "organisation", "event", "date")
#: Characters that are each a word of their own (scripts written without spaces between words).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(f"[{CJK}]|(?:(?![{CJK}])[^\\W_])+")
_FOLDED: dict[str, str] = {}
_FILE_SAFE = re.compile(r"[a-z0-9]")


def _fold_character(character: str) -> str:
    special = FOLD_SPECIAL.get(character)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFD", character.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def fold(text: str) -> str:
    """``text`` as the index compares it: lower case, without diacritics ("Điện" -> "dien", "Straße" -> "strasse")."""
    table = {}
    for character in set(text):
        if character not in _FOLDED:
            _FOLDED[character] = _fold_character(character)
        table[ord(character)] = _FOLDED[character]
    return text.translate(table)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold(text))


def _shard_file(key: str) -> str:
    return "w-" + "".join(c if _FILE_SAFE.fullmatch(c) else f"_{ord(c):x}" for c in key) + ".js"


def _script(kind: str, key: str, data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"ttSearchLoaded({json.dumps(kind)},{json.dumps(key, ensure_ascii=False)},{text});\n".encode("utf-8")


@dataclass
class SearchIndex:
    """The word index of a corpus, filled one document summary at a time (only words and numbers are kept)."""

    documents: list[tuple[str, str, str]] = field(default_factory=list)
    #: word -> document number -> passage number -> marked names there: [occurrence, kind, …]
    postings: dict[str, dict[int, dict[int, list[int]]]] = field(default_factory=dict)
    texts: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    def add_summary(self, summary: str) -> None:
        """Index one document's summary (``tt:document``, see xslt/html/summary.xsl)."""
        root = etree.fromstring(summary.encode("utf-8"), safe_parser())
        number = len(self.documents)
        slug = root.get("slug", "")
        self.documents.append((slug, root.get("title", ""), root.get("lang", "")))
        passages: dict[str, int] = {}
        texts: list[tuple[str, str]] = []
        for passage in root.iter(f"{{{TT_NS}}}passage"):
            passage_number = len(texts)
            passages.setdefault(passage.get("id", ""), passage_number)
            text = passage.text or ""
            texts.append((passage.get("id", ""), text))
            for word in words(text):
                self.postings.setdefault(word, {}).setdefault(number, {}).setdefault(passage_number, [])
        for marked in root.iter(f"{{{TT_NS}}}name", f"{{{TT_NS}}}date"):
            kind = "date" if marked.tag == f"{{{TT_NS}}}date" else marked.get("kind", "")
            passage_number = passages.get(marked.get("passage", ""))
            occurrence = marked.get("id", "")
            if kind not in ENTITY_KINDS or passage_number is None or not occurrence.startswith("occ-"):
                continue
            names = [marked.text or "", marked.get("label", ""), *marked.get("variants", "").split(" | ")]
            for word in dict.fromkeys(w for name in names for w in words(name)):
                hits = self.postings.setdefault(word, {}).setdefault(number, {}).setdefault(passage_number, [])
                hits += [int(occurrence[4:]), ENTITY_KINDS.index(kind)]
        self.texts.append((slug, texts))

    def files(self, shard_bytes: int = 48_000, chunk_passages: int = 100) -> Iterator[RenderedFile]:
        """The index files, below ``html/``."""
        encoded = {word: self._hits(word) for word in self.postings}
        shards: dict[str, list[str]] = {}
        for word in sorted(encoded):
            shards.setdefault(word[:1], []).append(word)
        placed: dict[str, list[str]] = {}
        for key, members in shards.items():
            placed.update(_split(key, members, encoded, shard_bytes))
        for key, members in sorted(placed.items()):
            yield RenderedFile(f"html/search/{_shard_file(key)}", _script("w", key, {w: encoded[w] for w in members}))
        for slug, texts in self.texts:
            for start in range(0, len(texts), chunk_passages):
                chunk = [list(entry) for entry in texts[start:start + chunk_passages]]
                yield RenderedFile(f"html/search/t-{slug}-{start // chunk_passages}.js",
                                   _script("t", f"{slug}-{start // chunk_passages}", chunk))
        meta = {
            "documents": [list(document) for document in self.documents],
            "kinds": list(ENTITY_KINDS),
            "shards": {key: _shard_file(key) for key in sorted(placed)},
            "chunk": chunk_passages,
            "fold": FOLD_SPECIAL,
            "cjk": CJK,
        }
        yield RenderedFile("html/search/meta.js", _script("meta", "", meta))

    def _hits(self, word: str) -> list[object]:
        hits: list[object] = []
        for document, passages in sorted(self.postings[word].items()):
            hits.append(document)
            hits.append([[passage, *names] if names else passage for passage, names in sorted(passages.items())])
        return hits


def _split(key: str, members: list[str], encoded: dict[str, list[object]], limit: int) -> dict[str, list[str]]:
    """Shards of the words below ``key``: one, or split by one more letter while too large (at most 6 letters)."""
    size = sum(len(word) + len(json.dumps(encoded[word], separators=(",", ":"))) for word in members)
    if size <= limit or len(key) >= 6:
        return {key: members}
    shards: dict[str, list[str]] = {key: [w for w in members if len(w) <= len(key)]}
    longer: dict[str, list[str]] = {}
    for word in members:
        if len(word) > len(key):
            longer.setdefault(word[:len(key) + 1], []).append(word)
    for sub_key, sub_members in longer.items():
        shards.update(_split(sub_key, sub_members, encoded, limit))
    return {k: v for k, v in shards.items() if v}


def search_index_files(summaries: Iterable[str]) -> tuple[RenderedFile, ...]:
    """The search index of the documents whose summaries are given, in corpus order."""
    index = SearchIndex()
    for summary in summaries:
        index.add_summary(summary)
    return tuple(index.files())

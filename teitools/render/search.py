"""The static search index of the HTML edition, made in the build's two passes.

The index is JavaScript, not JSON: each file calls ``ttSearchLoaded(kind, key, data)``, so the
search page (``assets/search.js``) loads it with ``<script>`` elements, which browsers allow on
``file://`` pages where ``fetch()`` (and so Pagefind) is refused.  Files, under ``html/search/``:

* ``t-<slug>-<n>.js`` (document pass, :func:`document_search`): the id and text of the passages
  of a document, about ``CHUNK_CHARACTERS`` of text a file, loaded only for the results shown.
  The same function takes the passages out of the document's summary and makes the document's
  *entry* of the word index: its words, sorted, and their hits.  The build keeps each entry in a
  file of its own, so that no process holds the words of the corpus;
* ``w-<n>.js`` (after the corpus pass, :func:`search_index_files`): a shard of the word index, a
  run of the sorted words of about ``SHARD_BYTES``, merged from the entries' files as they are
  read; a query loads the shards whose first and last words
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
import heapq
import itertools
import json
import operator
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from teitools.corpus import safe_parser
from teitools.registers import TT_NS
from teitools.render.base import RenderedFile

__all__ = ["ENTITY_KINDS", "document_search", "fold", "search_index_files", "words"]

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
#: At most this many files open at once in the merge of the word index.
MAX_FAN_IN = 1000
#: The read buffer of each file of the merge: with one line of each, what the merge holds per entry.
MERGE_BUFFER = 4096


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


def document_search(summary: str, chunk_characters: int = CHUNK_CHARACTERS) -> tuple[str, str, tuple[RenderedFile, ...]]:
    """The document pass's part of the index, from the summary of one text (summary.xsl, with its passages):
    the summary without the passages (what the corpus pages read), the text's entry of the word index
    (see :func:`search_index_files`) and the files of the passages' text."""
    root = etree.fromstring(summary.encode("utf-8"), safe_parser())
    slug = root.get("slug", "")
    numbers: dict[str, int] = {}
    texts: list[list[str]] = []
    hits: dict[str, dict[int, list[int]]] = {}
    passages = root.findall(f"{{{TT_NS}}}passage")
    # folded in one go (folding is character by character; no XML text holds U+0000)
    folded = fold("\0".join(passage.text or "" for passage in passages)).split("\0")
    for passage, folded_text in zip(passages, folded):
        numbers.setdefault(passage.get("id", ""), len(texts))
        for word in set(_WORD.findall(folded_text)):
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
    header = [slug, root.get("title", ""), root.get("lang", ""), starts[:len(files)]]
    entry = _compact(header) + "\n" + "".join(f"{word}\t[{_hits_text(hits[word])}]\n"
                                              for word in sorted(hits, key=_js_order))
    return etree.tostring(root, encoding="unicode"), entry, files


def _js_order(word: str) -> bytes:
    """The sort key of the index's words: the order of JavaScript's string comparison (UTF-16 code units)."""
    return word.encode("utf-16-be")


def _hits_text(hits: dict[int, list[int]]) -> str:
    """JSON of one document's hits of a word: passage numbers, "[passage,occurrence,kind…]" for marked names."""
    if not any(hits.values()):  # most words: passage numbers only
        return ",".join(map(str, sorted(hits)))
    return ",".join(f"[{number},{','.join(map(str, names))}]" if names else str(number)
                    for number, names in sorted(hits.items()))


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def merge_fan_in() -> int:
    """How many files the merge of :func:`search_index_files` opens at once: half the process's limit
    of open files (the build's pool and staged files need some), at most :data:`MAX_FAN_IN`."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return 256
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return MAX_FAN_IN if soft == resource.RLIM_INFINITY else max(16, min(MAX_FAN_IN, soft // 2))


def search_index_files(entries: Sequence[Path], shard_bytes: int = SHARD_BYTES,
                       fan_in: int | None = None) -> Iterator[RenderedFile]:
    """The word shards and ``meta.js`` (below ``html/``) of the texts whose entries are given, one file at a time.

    An entry (made by :func:`document_search`, kept in a file by the build) is the line
    ``[slug,title,lang,[first passage of each text file]]`` and then one line "word TAB hits"
    per word of the text, sorted as below.  The entries are the documents of the index, numbered
    in the order given (corpus order).  The words are merged from the files as they are read (a
    k-way merge): the merge holds one line and a read buffer (:data:`MERGE_BUFFER`) per entry, one
    word's hits and one shard, whatever the size of the corpus.  At most ``fan_in`` files are open
    at once; more entries are merged in batches through temporary files.  The words are in the order of their UTF-16 code units
    (JavaScript's string comparison), cut into shards of about ``shard_bytes``.
    """
    with ExitStack() as stack:
        documents: list[object] = []
        bounds: list[list[str]] = []
        members: list[bytes] = []
        size = 0
        for encoded, hits in _words(entries, documents, fan_in or merge_fan_in(), stack):
            word = encoded.decode("utf-8")
            if size >= shard_bytes and members:
                yield _shard(len(bounds) - 1, members)
                members, size = [], 0
            if not members:
                bounds.append([word, word])
            bounds[-1][1] = word
            members.append(_compact(word).encode("utf-8") + b":[" + b",".join(hits) + b"]")
            size += len(word) + 6 + sum(len(posting) + 1 for posting in hits)  # "word":[hits,…],
        if members:
            yield _shard(len(bounds) - 1, members)
    meta = {"documents": documents, "kinds": list(ENTITY_KINDS), "shards": bounds, "fold": FOLD_SPECIAL, "cjk": CJK}
    yield RenderedFile("html/search/meta.js", _script("meta", "", meta))


def _shard(number: int, members: list[bytes]) -> RenderedFile:
    body = (b"{" + b",".join(members) + b"}").decode("utf-8")
    return RenderedFile(f"html/search/w-{number}.js", _script("w", str(number), body, raw=True))


#: An open file of sorted "word TAB hits" lines, and what its hits are prefixed with ("document," for an entry).
_Source = tuple[BinaryIO, bytes]


def _words(entries: Sequence[Path], documents: list[object], fan_in: int,
           stack: ExitStack) -> Iterator[tuple[bytes, list[bytes]]]:
    """Every word of ``entries`` (UTF-8) with its postings ("document,hits") in document order; the entries'
    headers are appended to ``documents`` in order."""

    def opened(context: ExitStack, number: int, path: Path) -> _Source:
        stream = context.enter_context(path.open("rb", buffering=MERGE_BUFFER))
        if number >= 0:  # an entry: its header first
            documents.append(json.loads(stream.readline()))
        return stream, f"{number},".encode("ascii") if number >= 0 else b""

    if len(entries) <= fan_in:
        return _merge([opened(stack, number, path) for number, path in enumerate(entries)])
    # batches of entries merged into runs (files of "word TAB document,hits" lines), runs merged into fewer runs
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="teitools-search-")))
    names = (folder / f"run-{number}" for number in itertools.count())
    level: list[tuple[int, Path]] = list(enumerate(entries))  # (document number or -1 for a run, file)
    while len(level) > fan_in:
        runs: list[tuple[int, Path]] = []
        for first in range(0, len(level), fan_in):
            runs.append((-1, next(names)))
            with ExitStack() as batch, runs[-1][1].open("wb") as run:
                for word, hits in _merge([opened(batch, number, path) for number, path in level[first:first + fan_in]]):
                    run.writelines(word + b"\t" + posting + b"\n" for posting in hits)
        for number, path in level:
            if number < 0:
                path.unlink()
        level = runs
    return _merge([opened(stack, number, path) for number, path in level])


def _merge(sources: list[_Source]) -> Iterator[tuple[bytes, list[bytes]]]:
    """The words of ``sources`` with their hits, in the order of JavaScript's string comparison, each word's
    hits in the order of the sources: a k-way merge (``heapq.merge``, stable) that holds one line of each source."""
    merged = heapq.merge(*(_lines(stream, prefix) for stream, prefix in sources), key=operator.itemgetter(0))
    for word, lines in itertools.groupby(merged, key=operator.itemgetter(1)):
        yield word, [hits for _, _, hits in lines]


def _lines(stream: BinaryIO, prefix: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(sort key, word, prefixed hits) of each "word TAB hits" line of ``stream``, as they are read."""
    for line in stream:
        word, _, hits = line.partition(b"\t")
        key = word if word.isascii() or max(word) < 0xF0 else _utf16_key(word)
        yield key, word, prefix + hits.rstrip(b"\n")


def _utf16_key(word: bytes) -> bytes:
    """The UTF-8 ``word`` with each character above U+FFFF (four bytes from 0xF0) written as its two UTF-16
    surrogates (CESU-8): these bytes compare as JavaScript compares strings, by UTF-16 code units, and
    a word without such characters is its own key."""
    units = word.decode("utf-8").encode("utf-16-be")
    return "".join(chr(int.from_bytes(units[i:i + 2], "big")) for i in range(0, len(units), 2)).encode(
        "utf-8", "surrogatepass")

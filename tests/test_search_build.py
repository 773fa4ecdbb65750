"""The search index through the build: the document pass keeps each text's words in an entry file, and the
index is merged from those files as they are read (teitools.render.search.search_index_files), so that no
process holds the words of the corpus.  The merged index is the one the whole word list gives; rebuilds
after a change or a removal give the index of a full build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from teitools.build import MANIFEST_NAME, CorpusPages, build_editions
from teitools.corpus import load_corpus
from teitools.render.search import document_search, search_index_files
from test_search import _js_order, _load

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions" / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "tei"
    shutil.copytree(FIXTURES, target)
    return target


def _summary(slug: str, *passages: str, names: str = "") -> str:
    body = "".join(f'<tt:passage id="passage-{n}">{text}</tt:passage>' for n, text in enumerate(passages, start=1))
    return f'<tt:document xmlns:tt="urn:teitools" slug="{slug}" title="Title {slug}" lang="en">{names}{body}</tt:document>'


#: Texts whose words overlap, with words that Python and JavaScript order differently (U+FF41 and U+20000)
#: and a name found under its register label.
TEXTS = [
    _summary("a", "the cat sat", "on the mat ａ"),
    _summary("b", "a cat, another cat \U00020000 and \uff41"),
    _summary("c", "nothing in common", names='<tt:name id="occ-4" kind="place" passage="passage-1" '
                                               'label="London">Luân Đôn</tt:name>'),
    _summary("d", "the end of the cat", "mat \U00020001 the"),
    _summary("e", "Điện Biên Phủ, the cat"),
]


def _entries(folder: Path, summaries: list[str]) -> list[Path]:
    paths = []
    for number, summary in enumerate(summaries):
        paths.append(folder / f"entry-{number}")
        paths[-1].write_text(document_search(summary)[1], encoding="utf-8", newline="\n")
    return paths


def _files(entries: list[Path], **options: int) -> dict[str, bytes]:
    return {f.relative_path: f.content for f in search_index_files(entries, **options)}


def _read(files: dict[str, bytes], folder: Path) -> tuple[dict, list[tuple[str, list]]]:
    """meta.js and every shard's words with their hits, in file order."""
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / Path(name).name).write_bytes(content)
    meta = _load(folder / "meta.js")[2]
    found = [(word, hits) for number in range(len(meta["shards"]))
             for word, hits in _load(folder / f"w-{number}.js")[2].items()]
    return meta, found


def test_the_merged_index_is_the_index_of_the_whole_word_list(tmp_path: Path) -> None:
    """The k-way merge gives what collecting every document's words in memory and sorting them gives."""
    entries = _entries(tmp_path, TEXTS)
    meta, found = _read(_files(entries, shard_bytes=60), tmp_path / "merged")
    expected: dict[str, list] = {}  # the index the old way: every posting in one dictionary, in document order
    for number, entry in enumerate(entries):
        for line in entry.read_text(encoding="utf-8").splitlines()[1:]:
            word, hits = line.split("\t")
            expected.setdefault(word, []).extend([number, json.loads(hits)])
    assert found == sorted(expected.items(), key=lambda item: _js_order(item[0])), \
        "each word once, in JavaScript's order, with the hits of every document in document order"
    assert found[-3:] == [("\U00020000", [1, [0]]), ("\U00020001", [3, [1]]), ("\uff41", [0, [1], 1, [0]])]
    assert dict(found)["london"] == [2, [[0, 4, 1]]] and dict(found)["cat"][::2] == [0, 1, 3, 4]
    assert [d[0] for d in meta["documents"]] == ["a", "b", "c", "d", "e"]
    assert len(meta["shards"]) > 3, "cut into shards"
    assert [[words[0], words[-1]] for words in _shards(tmp_path / "merged", len(meta["shards"]))] == meta["shards"]


def _shards(folder: Path, count: int) -> list[list[str]]:
    return [sorted(_load(folder / f"w-{number}.js")[2], key=_js_order) for number in range(count)]


@pytest.mark.parametrize("fan_in", [2, 3, 4])
def test_more_entries_than_files_open_at_once_are_merged_in_batches_to_the_same_bytes(tmp_path: Path,
                                                                                      fan_in: int) -> None:
    entries = _entries(tmp_path, TEXTS * 3)  # 15 entries: two levels of runs with 2 or 3 files open at once
    assert _files(entries, shard_bytes=60, fan_in=fan_in) == _files(entries, shard_bytes=60)
    assert not list(tmp_path.glob("**/run-*")), "no run is left behind"


def test_no_entries_give_an_empty_index(tmp_path: Path) -> None:
    meta, found = _read(_files([]), tmp_path)
    assert found == [] and meta["documents"] == [] and meta["shards"] == []


def _index(output: Path) -> tuple[list[str], dict[str, list]]:
    """The documents (slugs) and the words of a built index."""
    meta = _load(output / "html" / "search" / "meta.js")[2]
    found = {word: hits for number in range(len(meta["shards"]))
             for word, hits in _load(output / "html" / "search" / f"w-{number}.js")[2].items()}
    return [d[0] for d in meta["documents"]], found


def _entry_files(output: Path) -> set[str]:
    return {p.name for p in (output / ".teitools-summaries" / "html").glob("*.index-*")}


def test_the_build_keeps_each_documents_words_in_a_file_and_not_in_its_summary(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html", "txt"], output)
    assert _entry_files(output) == {"diary.xml.index-0", "letters.xml.index-0"}
    summary = (output / ".teitools-summaries" / "html" / "diary.xml.xml").read_text(encoding="utf-8")
    assert "happened" not in summary, "the summary sent to the corpus pass carries no words"
    entry = (output / ".teitools-summaries" / "html" / "diary.xml.index-0").read_text(encoding="utf-8")
    assert "\nhappened\t[" in entry
    lines = entry.splitlines()[1:]
    assert [line.split("\t")[0] for line in lines] == sorted((line.split("\t")[0] for line in lines), key=_js_order)
    slugs, index = _index(output)
    assert index["happened"] == [slugs.index("diary"), index["happened"][1]]


def test_a_changed_document_has_its_words_updated(corpus: Path, tmp_path: Path) -> None:
    output, full = tmp_path / "out", tmp_path / "full"
    build_editions([corpus], ["html"], output)
    diary = corpus / "diary.xml"
    diary.write_text(diary.read_text(encoding="utf-8").replace("nothing happened", "zebras arrived"), encoding="utf-8")
    report = build_editions([corpus], ["html"], output)
    assert set(report.rebuilt) == {"html:diary.xml", "html:corpus"}
    slugs, index = _index(output)
    assert "happened" not in index and index["zebras"][0] == slugs.index("diary")
    build_editions([corpus], ["html"], full)
    assert _index(output) == _index(full), "the index of a full build"


def test_a_removed_document_leaves_the_index_and_its_kept_files_are_deleted(corpus: Path, tmp_path: Path) -> None:
    output, full = tmp_path / "out", tmp_path / "full"
    build_editions([corpus], ["html", "txt"], output)
    slugs, index = _index(output)
    only_in_letters = {word for word, hits in index.items() if hits[::2] == [slugs.index("letters")]}
    assert "noi" in only_in_letters and len(only_in_letters) > 20
    (corpus / "letters.xml").unlink()
    report = build_editions([corpus], ["html", "txt"], output)
    assert set(report.rebuilt) == {"html:corpus", "txt:corpus"}
    slugs, index = _index(output)
    assert slugs == ["diary"] and not only_in_letters & set(index)
    assert all(hits[0] == 0 and len(hits) == 2 for hits in index.values())
    assert _entry_files(output) == {"diary.xml.index-0"}
    assert not (output / ".teitools-summaries" / "html" / "letters.xml.xml").exists()
    units = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))["units"]
    assert not [unit for unit in units if "letters" in unit], "the removed document's units are forgotten"
    build_editions([corpus], ["html", "txt"], full)
    assert (slugs, index) == _index(full)


def test_a_build_with_nothing_to_do_does_not_read_the_entries(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html"], output)
    before = {p.name: p.read_bytes() for p in (output / "html" / "search").iterdir()}
    for entry in (output / ".teitools-summaries" / "html").glob("*.index-*"):
        entry.write_text("not an entry", encoding="utf-8")  # a merge that read it would fail
    report = build_editions([corpus], ["html"], output)
    assert report.nothing_rebuilt
    assert {p.name: p.read_bytes() for p in (output / "html" / "search").iterdir()} == before


def test_a_missing_entry_file_rebuilds_its_document(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_editions([corpus], ["html"], output)
    entry = output / ".teitools-summaries" / "html" / "letters.xml.index-0"
    kept = entry.read_bytes()
    entry.unlink()
    report = build_editions([corpus], ["html"], output)
    assert report.rebuilt == ("html:letters.xml",), "the same entry again: the corpus pages' inputs did not change"
    assert entry.read_bytes() == kept


def test_corpus_pages_of_some_documents_have_the_search_index_of_those_documents(corpus: Path, tmp_path: Path) -> None:
    """A deposit bag of one document gets pages of its own (teitools.build.CorpusPages), its index too."""
    output = tmp_path / "out"
    build_editions([corpus], ["html"], output)
    files = {f.relative_path: f.content for f in CorpusPages(load_corpus([corpus]), output).render({"diary.xml"})}
    assert "html/index.html" in files
    meta, found = _read({name: content for name, content in files.items() if name.startswith("html/search/")},
                        tmp_path / "pages")
    assert [d[0] for d in meta["documents"]] == ["diary"] and dict(found)["happened"][0] == 0
    assert all(len(hits) == 2 for _, hits in found), "the words of the diary alone"

"""The static search index of the HTML edition (teitools.render.search): folding, words, and an index that
agrees with the pages it points into. The search in a browser: test_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from teitools.build import build_editions
from teitools.render.search import ENTITY_KINDS, document_search, fold, search_index_files, words

TESTS = Path(__file__).resolve().parent
CORPORA = (TESTS / "fixtures" / "editions" / "corpus", TESTS / "fixtures" / "golden")
_CALL = re.compile(r'^ttSearchLoaded\(("[a-z]*"),("(?:[^"\\]|\\.)*"),(.*)\);\n$', re.S)


def _js_order(word: str) -> bytes:
    return word.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


def _load(path: Path) -> tuple[str, str, object]:
    match = _CALL.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} is not one call of ttSearchLoaded"
    return json.loads(match[1]), json.loads(match[2]), json.loads(match[3])


@pytest.fixture(scope="module", params=range(len(CORPORA)), ids=["names", "drama-and-notes"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("search")
    report = build_editions([CORPORA[request.param]], ["html"], output)
    assert not report.has_errors, report.diagnostics
    return output / "html"


def _index(site: Path) -> tuple[dict, dict[str, list], dict[str, list]]:
    kind, _, meta = _load(site / "search" / "meta.js")
    assert kind == "meta"
    words_: dict[str, list] = {}
    for number, (first, last) in enumerate(meta["shards"]):
        kind, loaded_key, shard = _load(site / "search" / f"w-{number}.js")
        assert (kind, loaded_key) == ("w", str(number))
        assert min(shard, key=_js_order) == first and max(shard, key=_js_order) == last
        words_.update(shard)
    texts: dict[str, list] = {}
    for slug, _, _, _ in meta["documents"]:
        chunks = sorted(site.glob(f"search/t-{slug}-*.js"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        texts[slug] = [passage for chunk in chunks for passage in _load(chunk)[2]]
    return meta, words_, texts


def test_folding_ignores_case_and_diacritics() -> None:
    assert fold("Điện Biên Phủ") == "dien bien phu"
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("Ærø Łódź Þór") == "aero lodz thor"
    assert words("Hà Nội, 1954 – “Luân-Đôn”!") == ["ha", "noi", "1954", "luan", "don"]
    assert words("中文測試 text") == ["中", "文", "測", "試", "text"]


def test_every_passage_of_a_page_is_in_the_index_and_every_hit_points_into_the_page(site: Path) -> None:
    meta, index, texts = _index(site)
    assert [d[0] for d in meta["documents"]] == sorted(texts, key=[d[0] for d in meta["documents"]].index)
    checked = 0
    for number, (slug, _, _, _) in enumerate(meta["documents"]):
        page = lxml.html.document_fromstring((site / f"{slug}.html").read_bytes())
        ids = set(page.xpath("//@id"))
        for passage_id, text in texts[slug]:
            assert passage_id in ids, f"{slug}: passage {passage_id} has no element in the page"
            element = page.get_element_by_id(passage_id)
            assert fold(" ".join(element.text_content().split())).find(fold(text)[:30]) >= 0, passage_id
            for word in words(text):  # every word of the text is found, pointing to this passage
                hits = index[word]
                passages = hits[hits.index(number) + 1]
                assert any((hit if isinstance(hit, int) else hit[0]) == texts[slug].index([passage_id, text])
                           for hit in passages), (word, passage_id)
                checked += 1
        for word, hits in index.items():
            if number not in hits[::2]:
                continue
            for hit in hits[hits[::2].index(number) * 2 + 1]:
                if isinstance(hit, int):
                    assert word in words(texts[slug][hit][1]), (word, hit)
                    continue
                for occurrence, kind in zip(hit[1::2], hit[2::2]):
                    name = page.get_element_by_id(f"occ-{occurrence}")
                    assert f"ent-{ENTITY_KINDS[kind]}" in name.get("class").split()
                    assert page.get_element_by_id(texts[slug][hit[0]][0]) in name.iterancestors(), \
                        "the name is inside the passage the hit points to"
    assert checked > 20


def test_notes_are_passages_of_their_own(site: Path) -> None:
    _, _, texts = _index(site)
    found = 0
    for slug, passages in texts.items():
        page = lxml.html.document_fromstring((site / f"{slug}.html").read_bytes())
        in_page = page.xpath("//section[@class='notes']/ol/li/@id")
        assert [p for p, _ in passages if p in in_page] == in_page, f"{slug}: every note is a passage"
        found += len(in_page)
    assert found, "the fixtures have notes"


def _entry_files(folder: Path, *entries: str) -> list[Path]:
    """The entries (made by document_search) in files, as the build keeps them."""
    for number, entry in enumerate(entries):
        (folder / f"entry-{number}").write_text(entry, encoding="utf-8", newline="\n")
    return [folder / f"entry-{number}" for number in range(len(entries))]


def _written(folder: Path, files: object) -> dict:
    """The index's files written into ``folder``: the meta data, and every word with its hits."""
    for file in files:  # type: ignore[attr-defined]
        (folder / Path(file.relative_path).name).write_bytes(file.content)
    _, _, meta = _load(folder / "meta.js")
    index: dict[str, list] = {}
    for number in range(len(meta["shards"])):
        index.update(_load(folder / f"w-{number}.js")[2])
    return {"meta": meta, "words": index}


def _indexed(summary: str, folder: Path) -> dict[str, list]:
    """Each word's hits in the one document of ``summary``."""
    _, entry, _ = document_search(summary)
    index = _written(folder, search_index_files(_entry_files(folder, entry)))["words"]
    assert all(h[0] == 0 and len(h) == 2 for h in index.values())
    return {word: h[1] for word, h in index.items()}


def test_a_name_is_found_under_its_register_label(tmp_path: Path) -> None:
    """letters.xml writes "Luân Đôn"; the register calls the place "London": the word london finds the name."""
    summary = ('<tt:document xmlns:tt="urn:teitools" href="a.xml" slug="a" lang="vi" title="A">'
               '<tt:name key="registers/places.xml#pla-london" id="occ-2" kind="place" passage="passage-2" '
               'label="London" variants="Londres | Lunden">Luân Đôn</tt:name>'
               '<tt:passage id="passage-1">Hà Nội</tt:passage><tt:passage id="passage-2">đến Luân Đôn</tt:passage>'
               '</tt:document>')
    reduced, entry, files = document_search(summary)
    assert "<tt:passage" not in reduced and "Hà Nội" not in reduced, "the text leaves the summary"
    assert "noi\t" not in reduced and "\nnoi\t[0]\n" in entry, "the words leave the summary for the entry"
    assert [f.relative_path for f in files] == ["html/search/t-a-0.js"]
    assert '[["passage-1","Hà Nội"],["passage-2","đến Luân Đôn"]]' in files[0].content.decode("utf-8")
    hits = _indexed(summary, tmp_path)
    assert hits["london"] == [[1, 2, ENTITY_KINDS.index("place")]]
    assert hits["lunden"] == hits["luan"] == hits["london"]
    assert hits["den"] == [1] and hits["noi"] == [0], "a word outside every name is a plain hit"


def test_shards_are_runs_of_the_sorted_words_of_about_the_size_asked(tmp_path: Path) -> None:
    text = " ".join(f"sa{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(26)) + " s sa zz \uff41 \U00020000"
    _, entry, _ = document_search('<tt:document xmlns:tt="urn:teitools" slug="d" title="D" lang="en">'
                                  f'<tt:passage id="p">{text}</tt:passage></tt:document>')
    files = {f.relative_path: f.content for f in search_index_files(_entry_files(tmp_path, entry), shard_bytes=800)}
    for name, content in files.items():
        (tmp_path / Path(name).name).write_bytes(content)
    _, _, meta = _load(tmp_path / "meta.js")
    shards = [_load(tmp_path / f"w-{number}.js")[2] for number in range(len(meta["shards"]))]
    assert len(shards) > 5 and len(files) == len(shards) + 1
    seen = [word for shard in shards for word in sorted(shard, key=_js_order)]
    assert seen == sorted(set(words(text)), key=_js_order), "runs of the sorted words, each word once"
    for number, ((first, last), shard) in enumerate(zip(meta["shards"], shards)):
        assert all(_js_order(first) <= _js_order(word) <= _js_order(last) for word in shard)
        assert len(files[f"html/search/w-{number}.js"]) < 800 * 1.2
    assert seen[-2:] == ["\U00020000", "\uff41"], "UTF-16 order: a surrogate pair before U+FF41"


def test_long_documents_have_several_text_files() -> None:
    passages = "".join(f'<tt:passage id="passage-{n}">{"word " * 50}{n}</tt:passage>' for n in range(1, 101))
    _, entry, files = document_search(f'<tt:document xmlns:tt="urn:teitools" slug="d">{passages}</tt:document>',
                                      chunk_characters=1000)
    starts = json.loads(entry.partition("\n")[0])[3]
    assert len(files) == len(starts) > 10 and starts[0] == 0
    for number, (start, file) in enumerate(zip(starts, files)):
        assert file.relative_path == f"html/search/t-d-{number}.js"
        assert f'[["passage-{start + 1}",' in file.content.decode("utf-8")[:50]


def test_each_text_of_a_tei_corpus_is_a_document_of_the_index(tmp_path: Path) -> None:
    """A teiCorpus edition has one entry per text (teitools.render.base keeps them in order)."""
    entries = [document_search(f'<tt:document xmlns:tt="urn:teitools" slug="c-{n}" title="T{n}" lang="en">'
                               f'<tt:passage id="passage-1">word{n} shared</tt:passage></tt:document>')[1] for n in (1, 2)]
    index = _written(tmp_path, search_index_files(_entry_files(tmp_path, *entries)))
    assert [d[0] for d in index["meta"]["documents"]] == ["c-1", "c-2"]
    assert index["words"]["shared"] == [0, [0], 1, [0]] and index["words"]["word2"] == [1, [0]]

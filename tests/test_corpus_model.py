"""The corpus model (teitools.corpus.model): one rule for registers, names and slugs given once."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.corpus import is_register, load_corpus
from teitools.errors import InputError

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>'
STANDOFF = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><standOff><listPerson><person xml:id="p"/></listPerson></standOff></TEI>'


def _write(root: Path, *names: str, content: str = TEI) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_a_register_is_a_document_in_a_registers_folder_whatever_it_holds(tmp_path: Path) -> None:
    _write(tmp_path, "a.xml", "registers/persons.xml")
    _write(tmp_path, "lists/standoff.xml", content=STANDOFF)  # a standOff list outside registers/: an edition
    corpus = load_corpus([tmp_path])
    assert [m.name for m in corpus.registers] == ["registers/persons.xml"]
    assert sorted(m.name for m in corpus.editions) == ["a.xml", "lists/standoff.xml"]
    assert is_register(tmp_path / "registers" / "persons.xml") and not is_register(tmp_path / "lists" / "standoff.xml")


def test_registers_of_the_root_are_context_when_only_documents_are_named(tmp_path: Path) -> None:
    _write(tmp_path, "a.xml", "b.xml", "registers/places.xml", "registers/persons.xml")
    corpus = load_corpus([tmp_path / "a.xml"])
    assert corpus.documents == (tmp_path / "a.xml",)
    assert [(m.name, m.named) for m in corpus.registers] == [("registers/persons.xml", False),
                                                             ("registers/places.xml", False)]
    assert [m.name for m in corpus.editions] == ["a.xml"]


def test_slugs_are_unique_and_do_not_depend_on_the_order_paths_are_named(tmp_path: Path) -> None:
    _write(tmp_path, "letters/a.xml", "diary/a.xml", "b.xml", "letters--a.xml")
    forwards = load_corpus([tmp_path / "letters", tmp_path / "diary", tmp_path / "b.xml", tmp_path / "letters--a.xml"])
    backwards = load_corpus([tmp_path / "letters--a.xml", tmp_path / "b.xml", tmp_path / "diary", tmp_path / "letters"])
    slugs = {m.name: m.slug for m in forwards.editions}
    assert slugs == {m.name: m.slug for m in backwards.editions}
    assert len(set(slugs.values())) == len(slugs) == 4
    assert slugs["b.xml"] == "b"  # a stem no other edition shares is the slug
    assert slugs["diary/a.xml"] == "diary--a"  # shared stems are named by their path
    assert {slugs["letters/a.xml"], slugs["letters--a.xml"]} == {"letters--a", "letters--a-"}


def test_registers_have_no_slug_and_every_member_is_named_once(tmp_path: Path) -> None:
    _write(tmp_path, "a.xml", "registers/persons.xml")
    corpus = load_corpus([tmp_path, tmp_path / "a.xml"])  # named twice: found once
    assert [m.name for m in corpus.members] == ["a.xml", "registers/persons.xml"]
    assert [m.slug for m in corpus.registers] == [""]


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_corpus([tmp_path / "missing.xml"])

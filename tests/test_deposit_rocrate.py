"""RO-Crate 1.1 metadata in every bag, read back offline by ro-crate-py (PyPI ``rocrate``)."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import bagit
import pytest
from rocrate.rocrate import ROCrate


SLUG = "dong-xuan-1953-1954-va-dien-bien-phu"
PRONOM = "https://www.nationalarchives.gov.uk/PRONOM/"


@pytest.fixture(scope="module")
def bag(deposited_bag: Path) -> Path:
    return deposited_bag


def ids(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item.id for item in items]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_ro_crate_py_reads_every_file_with_its_format(bag: Path) -> None:
    crate = ROCrate(str(bag / "data"))
    payload = {p.relative_to(bag / "data").as_posix() for p in (bag / "data").rglob("*") if p.is_file()}
    files = {entity.id: entity for entity in crate.data_entities}
    assert set(files) == payload - {"ro-crate-metadata.json"}
    assert all(entity.type == "File" for entity in files.values())
    manifest = bagit.Bag(str(bag)).entries
    for path, entity in files.items():
        assert entity["encodingFormat"][0] if isinstance(entity["encodingFormat"], list) else entity["encodingFormat"]
        if path != "mets.xml":
            assert entity["sha256"] == manifest[f"data/{path}"]["sha256"], path
            assert entity["contentSize"] == str((bag / "data" / path).stat().st_size)
    pdf = files[f"editions/pdf/{SLUG}.pdf"]["encodingFormat"]
    assert pdf[0] == "application/pdf" and pdf[1].id == PRONOM + "fmt/480"
    assert files[f"tei/{SLUG}.xml"]["encodingFormat"][0] == "application/tei+xml"


@pytest.mark.slow
def test_the_root_dataset_carries_the_header_metadata(bag: Path) -> None:
    crate = ROCrate(str(bag / "data"))
    root = crate.root_dataset
    assert root.type == "Dataset"
    assert crate.name == "Đông – Xuân 1953 – 1954 và chiến dịch Điện Biên Phủ"
    assert crate.license.id == "https://creativecommons.org/licenses/by/4.0/"
    assert "Creative Commons Attribution 4.0" in crate.license["name"]
    assert root["inLanguage"] == "vi" or root["inLanguage"] == ["vi"]
    assert root["dateCreated"] == "2026-11-23"
    assert root["datePublished"].endswith("Z")
    assert [p["name"] for p in (root["publisher"] if isinstance(root["publisher"], list) else [root["publisher"]])] \
        == ["teitools project"]
    assert set(root["identifier"]) == {"000_985351b66b34ee46.txt", SLUG}


@pytest.mark.slow
def test_validation_and_editions_are_create_actions_of_teitools(bag: Path) -> None:
    crate = ROCrate(str(bag / "data"))
    validation = crate.dereference("#validation")
    assert validation.type == "CreateAction"
    assert ids(validation["result"]) == ["reports/validation.json", "reports/validation-junit.xml"]
    assert f"tei/{SLUG}.xml" in ids(validation["object"])
    teitools = crate.dereference("#teitools")
    assert teitools.type == "SoftwareApplication" and teitools["version"] == importlib.metadata.version("teitools")
    assert crate.dereference("#typst")["version"] == importlib.metadata.version("typst")
    for format_name, suffix in (("html", ".html"), ("txt", ".txt"), ("pdf", ".pdf")):
        action = crate.dereference(f"#edition-{format_name}")
        assert "#teitools" in ids(action["instrument"])
        assert f"editions/{format_name}/{SLUG}{suffix}" in ids(action["result"])
        assert "sha256:" in action["description"]


def test_the_crate_metadata_file_is_json_ld_of_ro_crate_1_1(tmp_path: Path) -> None:
    from teitools.deposit.premis import software_agents
    from teitools.deposit.rocrate import crate_metadata
    from teitools.metadata import DcValue, DublinCoreRecord

    record = DublinCoreRecord(title=(DcValue("Ein Stück"),), creator=(DcValue("Anna Autor"),),
                              rights=(DcValue("All rights reserved."),), language=(DcValue("de"),))
    data = crate_metadata("stueck", [record], [], deposited="2026-01-01T00:00:00Z", validated="2026-01-01T00:00:00Z",
                          valid=False, tei=[], reports=[], editions={}, agents=software_agents())
    assert data["@context"] == "https://w3id.org/ro/crate/1.1/context"
    graph = {entity["@id"]: entity for entity in data["@graph"]}
    assert graph["ro-crate-metadata.json"]["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.1"}
    root = graph["./"]
    assert [graph[a["@id"]]["name"] for a in root["author"]] == ["Anna Autor"]
    assert graph[root["license"]["@id"]]["description"] == "All rights reserved."
    assert "--allow-invalid" in graph["#validation"]["description"]
    (tmp_path / "ro-crate-metadata.json").write_text(json.dumps(data), encoding="utf-8")
    assert ROCrate(str(tmp_path)).name == "Ein Stück"

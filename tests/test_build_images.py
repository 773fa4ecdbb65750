"""Images are inputs of the editions that show them: the build renders a document again when one changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teitools.build import build_editions

CONSTRUCTS = Path(__file__).resolve().parent / "fixtures" / "constructs"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    folder.mkdir()
    for name in ("constructs.xml", "beside.png", "page1.png", "fake.png"):
        shutil.copy(CONSTRUCTS / name, folder / name)
    return folder


@pytest.mark.slow
def test_a_changed_added_or_removed_image_renders_its_document_again(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    copy = output / "html" / "media" / "constructs" / "image-2.png"
    assert not build_editions([corpus], ["html", "txt"], output).has_errors
    assert build_editions([corpus], ["html", "txt"], output).nothing_rebuilt

    # page1.png's bytes as beside.png: the copy in the edition follows (the text edition has no images)
    shutil.copy(CONSTRUCTS / "page1.png", corpus / "beside.png")
    report = build_editions([corpus], ["html", "txt"], output)
    assert "html:constructs.xml" in report.rebuilt and "txt:constructs.xml" not in report.rebuilt
    assert copy.read_bytes() == (CONSTRUCTS / "page1.png").read_bytes()

    # missing.png, named by the document but absent, is added: the placeholder becomes the image
    assert not any(p.read_bytes() == (CONSTRUCTS / "beside.png").read_bytes()
                   for p in copy.parent.glob("*.png") if p != copy)
    shutil.copy(CONSTRUCTS / "beside.png", corpus / "missing.png")
    report = build_editions([corpus], ["html", "txt"], output)
    assert "html:constructs.xml" in report.rebuilt
    assert any(p.read_bytes() == (CONSTRUCTS / "beside.png").read_bytes() for p in copy.parent.glob("*.png"))

    # and removed again
    (corpus / "missing.png").unlink()
    assert "html:constructs.xml" in build_editions([corpus], ["html", "txt"], output).rebuilt
    assert build_editions([corpus], ["html", "txt"], output).nothing_rebuilt

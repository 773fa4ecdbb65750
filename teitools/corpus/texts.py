"""Which texts of a document get an edition of their own.

A ``TEI`` document is one text. A ``teiCorpus`` (nested ones too) is as many texts as it
holds ``TEI`` elements: each gets its own editions, numbered by its position among the
``TEI`` elements of the file in document order (the stylesheets' ``$text-number``), with
the headers of the corpora around it as shared metadata. Nothing of a corpus is dropped:
the corpus headers appear in the metadata of every text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from teitools.corpus.model import text_slug
from teitools.namespaces import TEI_NS

_TEI = f"{{{TEI_NS}}}TEI"
_CORPUS = f"{{{TEI_NS}}}teiCorpus"


@dataclass(frozen=True, slots=True)
class EditionText:
    """One text of a document: its number for the stylesheets (0: the root) and its output slug."""

    number: int
    slug: str


def edition_texts(root: etree._Element, slug: str) -> tuple[EditionText, ...]:
    """The texts of a document whose edition slug is ``slug`` (empty for a corpus without a TEI)."""
    if root.tag != _CORPUS:
        return (EditionText(0, slug),)
    count = sum(1 for _ in root.iter(_TEI))
    return tuple(EditionText(number, text_slug(slug, number)) for number in range(1, count + 1))

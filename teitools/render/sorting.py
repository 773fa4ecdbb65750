"""The collation keys a stylesheet sorts by, as its ``$register-sort-keys`` and ``$sort-keys``.

The stylesheets decide *what* is sorted (``tt:sort-text``: an entry's ``@sortKey`` or its
label, in its language); :mod:`teitools.collation` decides the *order*.  Which texts will be
sorted is asked of ``xslt/common/sort-texts.xsl``, once per engine for the registers and once
per document for the entries a document lists itself; the corpus pages add the documents'
titles (the chronology's ties).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from saxonche import PyXdmNode, PyXdmValue

from teitools.collation import sort_key, sort_key_name
from teitools.resources import stylesheet_path
from teitools.xslt import XsltEngine

__all__ = ["SORT_TEXTS", "document_sort_keys", "register_sort_keys", "sort_keys"]

#: The stylesheet that lists the texts a stylesheet will sort; every renderer that sorts compiles it.
SORT_TEXTS: Path = stylesheet_path("common", "sort-texts.xsl")

_Document = PyXdmNode | etree._ElementTree | etree._Element


def sort_keys(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The keys of (language, text) pairs, by the names ``tt:collation-key`` looks them up under."""
    return {sort_key_name(text, language): sort_key(text, language) for language, text in texts}


def _sorted_texts(engine: XsltEngine, document: _Document) -> list[tuple[str, str]]:
    lines = engine.transform(engine.stylesheet(SORT_TEXTS), document).output.splitlines()
    return [(language, text) for language, _, text in (line.partition("\t") for line in lines) if text]


def register_sort_keys(engine: XsltEngine, registers: etree._ElementTree | etree._Element | None) -> PyXdmValue:
    """The keys of the registers' entries (the ``$registers`` tree), made and handed over once per engine."""
    if registers is None:
        return engine.map_value({})
    return engine.derived("register-sort-keys", registers,
                          lambda: engine.map_value(sort_keys(_sorted_texts(engine, registers))))


def document_sort_keys(engine: XsltEngine, document: _Document, registers: etree._ElementTree | etree._Element | None,
                       ) -> dict[str, PyXdmValue | dict[str, str]]:
    """The ``$register-sort-keys`` and ``$sort-keys`` parameters for rendering ``document``."""
    return {"register-sort-keys": register_sort_keys(engine, registers),
            "sort-keys": sort_keys(_sorted_texts(engine, document))}

"""The corpus: finding documents (:mod:`.find`), telling registers from editions and naming
them (:mod:`.model`), parsing them safely (:mod:`.parse`, :mod:`.entities`) and telling
TEI documents from other files (:mod:`.roots`)."""

from teitools.corpus.find import DOCUMENT_SUFFIXES, DocumentSet, find_documents
from teitools.corpus.model import (REGISTER_FOLDER, Corpus, CorpusDocument, corpus_relative_href, corpus_root,
                                   belongs_to_edition, edition_slugs, is_register, load_corpus,
                                   text_slug)
from teitools.corpus.parse import (LAYER, ElementPositions, ParsedDocument, ParseResult,
                                   parse_document, parse_trusted, read_source, safe_parser)
from teitools.corpus.roots import TEI_ROOTS, is_tei_root, not_tei_finding, parse_edition
from teitools.corpus.texts import EditionText, edition_texts

__all__ = [
    "DOCUMENT_SUFFIXES", "LAYER", "REGISTER_FOLDER", "TEI_ROOTS",
    "Corpus", "CorpusDocument", "DocumentSet", "EditionText", "ElementPositions", "ParseResult", "ParsedDocument",
    "belongs_to_edition", "corpus_relative_href", "corpus_root", "edition_slugs", "edition_texts", "find_documents",
    "is_register", "is_tei_root", "load_corpus", "not_tei_finding", "parse_edition", "text_slug",
    "parse_document", "parse_trusted", "read_source", "safe_parser",
]

"""The corpus: finding documents (:mod:`.find`), telling registers from editions and naming
them (:mod:`.model`), and parsing them safely (:mod:`.parse`)."""

from teitools.corpus.find import DOCUMENT_SUFFIXES, DocumentSet, find_documents
from teitools.corpus.model import (REGISTER_FOLDER, Corpus, CorpusDocument, corpus_relative_href, corpus_root,
                                   belongs_to_edition, edition_slugs, is_register, load_corpus,
                                   text_slug)
from teitools.corpus.parse import (LAYER, ElementPositions, ParsedDocument, ParseResult,
                                   parse_document, parse_trusted, read_source, safe_parser)
from teitools.corpus.texts import EditionText, edition_texts

__all__ = [
    "DOCUMENT_SUFFIXES", "LAYER", "REGISTER_FOLDER",
    "Corpus", "CorpusDocument", "DocumentSet", "EditionText", "ElementPositions", "ParseResult", "ParsedDocument",
    "belongs_to_edition", "corpus_relative_href", "corpus_root", "edition_slugs", "edition_texts", "text_slug", "find_documents", "is_register", "load_corpus",
    "parse_document", "parse_trusted", "read_source", "safe_parser",
]

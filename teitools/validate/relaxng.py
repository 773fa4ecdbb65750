"""RELAX NG validation, fast against big schemas such as tei_all, with jing-like messages.

libxml2 compiles all of tei_all in seconds; a document uses a few dozen of its ~600
elements.  :class:`RelaxNGSchema` therefore compiles, per set of element names, only
the part of the grammar those names can reach (see :mod:`rng_prune` for why the verdict
is unchanged), and keeps the compiled grammars.  libxml2's terse error log is turned
into one :class:`Diagnostic` per real error, with what the schema allows at that point
computed from the full grammar (see :mod:`rng_expect`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.diagnostics import Diagnostic, error
from teitools.errors import SchemaError
from teitools.validate.relaxng_explain import HINT_NAMES, Explainer, cut, faults_of, qname
from teitools.validate.rng_expect import ContentModel, display_name, display_names
from teitools.validate.rng_load import read_grammar
from teitools.validate.rng_model import NOT_ALLOWED, Choice, Grammar, NotAllowed, QName, combined, listed_names
from teitools.validate.rng_prune import attribute_names, element_names, inline_defines, prune
from teitools.validate.rng_write import grammar_xml

LAYER = "relaxng"


@dataclass(slots=True)
class _Compiled:
    """A grammar pruned to a set of element names, compiled by libxml2."""

    names: frozenset[QName]
    grammar: Grammar
    validator: etree.RelaxNG | None
    per_element: dict[QName, etree.RelaxNG | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _FastGrammar:
    """A grammar pruned to element and attribute names and inlined, compiled by libxml2."""

    names: frozenset[QName]
    attributes: frozenset[QName]
    validator: etree.RelaxNG | None


class RelaxNGSchema:
    """A RELAX NG schema (XML syntax) that checks parsed documents.

    The grammar is read and simplified once, when the object is made; grammars pruned
    to the element names of the documents checked are compiled on demand and kept.
    """

    layer = LAYER

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._grammar = read_grammar(self.path)
        self._model: ContentModel | None = None
        # Compiled grammars, newest last.  Each is keyed by its name set; a document is
        # checked with any grammar whose set includes all of the document's names.
        self._compiled: list[_Compiled] = []
        # Grammars pruned to element and attribute names, for the verdict alone.
        self._fast: list[_FastGrammar] = []

    # ------------------------------------------------------------ public

    def check(self, document: ParsedDocument) -> list[Diagnostic]:
        """The validity errors of a document (empty when it is valid)."""
        # Pruning only ever replaces patterns by notAllowed, and every RELAX NG operator is
        # monotone, so a pruned grammar admits a subset of what the full grammar admits:
        # a document valid against *any* pruned grammar is valid.  Only an invalid verdict
        # needs a grammar pruned for a superset of the document's names.
        if self._passes_fast_check(document):
            return []
        names = element_names(document.root.iter())
        compiled = self._compiled_for(names)
        if compiled.validator is None:
            # Pruned to the document's names, nothing is allowed at the start: either the
            # root is not allowed at all, or some element lacks a required child whose name
            # is not in the document.  Add the names the schema asks for there, and retry.
            completed = names | self._names_to_complete(document)
            if completed == names:
                return [self._root_not_allowed(document)]
            compiled = self._compiled_for(completed)
            if compiled.validator is None:
                return [self._root_not_allowed(document)]
        if compiled.validator.validate(document.tree):
            return []  # cannot happen: both grammars give the same verdict (see rng_prune)
        faults = faults_of(document.tree, compiled.validator.error_log, document.root)
        explainer = Explainer(self.model, lambda name: self.element_validator(compiled, name), document)
        return explainer.explain(faults)

    def _passes_fast_check(self, document: ParsedDocument) -> bool:
        """Whether the document is valid, by the grammar pruned to element *and* attribute
        names and inlined (see :func:`rng_prune.inline_defines`): several times faster than
        the grammar the explanations need, with the same verdict."""
        # Valid against any pruned grammar means valid (see check): try the newest one
        # before spending time on the document's names; in a corpus it is nearly always enough.
        latest = self._fast[-1] if self._fast else None
        if latest is not None and latest.validator is not None and latest.validator.validate(document.tree):
            return True
        elements = element_names(document.root.iter())
        attributes = attribute_names(document.root.iter())
        for fast in reversed(self._fast):
            if elements <= fast.names and attributes <= fast.attributes:
                if fast is latest:
                    return False  # already tried: the document is invalid
                return fast.validator is not None and fast.validator.validate(document.tree)
        # grow towards one grammar for a stream of similar documents, as _compiled_for does
        elements = elements.union(*(f.names for f in self._fast))
        attributes = attributes.union(*(f.attributes for f in self._fast))
        pruned = prune(self._grammar, elements, attributes)
        validator = None if isinstance(pruned.start, NotAllowed) else _relaxng(
            grammar_xml(inline_defines(pruned)), self.path)
        self._fast = [f for f in self._fast if not (f.names <= elements and f.attributes <= attributes)]
        self._fast.append(_FastGrammar(elements, attributes, validator))
        return validator is not None and validator.validate(document.tree)

    def _names_to_complete(self, document: ParsedDocument) -> frozenset[QName]:
        """Element names the schema requires below some element of the document, closed
        over the required children of those names in turn (bounded, for open schemas)."""
        model = self.model
        wanted: set[QName] = set()
        pending: list[tuple[QName, list[QName]]] = [
            (qname(e), [qname(c) for c in e if isinstance(c.tag, str)])
            for e in document.root.iter() if isinstance(e.tag, str)]
        seen: set[QName] = set()
        while pending and len(wanted) < 256:
            name, children = pending.pop()
            content = model.content_of(name)
            if isinstance(content, NotAllowed):
                continue
            check = model.check_sequence(content, children)
            if check.bad_child is None and check.complete:
                continue
            for name_class in check.allowed:
                for listed in listed_names(name_class)[0]:
                    wanted.add(listed)
                    if listed not in seen:
                        seen.add(listed)
                        pending.append((listed, []))
        return frozenset(wanted)

    def compiled_grammar_count(self) -> int:
        """How many pruned grammars have been compiled so far (for tests and benchmarks)."""
        return len(self._compiled)

    # ------------------------------------------------------------ compiling

    @property
    def model(self) -> ContentModel:
        if self._model is None:
            self._model = ContentModel(self._grammar)
        return self._model

    def _compiled_for(self, names: frozenset[QName]) -> _Compiled:
        # Any grammar pruned for a superset of the document's names gives the document's
        # verdict (proof in rng_prune).  On a miss the grammar is pruned for the union of
        # everything seen so far, so that a stream of similar documents converges on one
        # compiled grammar; the grammars it supersedes are dropped.
        for compiled in reversed(self._compiled):
            if names <= compiled.names:
                return compiled
        wanted = names.union(*(c.names for c in self._compiled))
        compiled = self._compile(wanted)
        self._compiled = [c for c in self._compiled if not c.names <= wanted] + [compiled]
        return compiled

    def _compile(self, names: frozenset[QName]) -> _Compiled:
        pruned = prune(self._grammar, names)
        if isinstance(pruned.start, NotAllowed):
            return _Compiled(names, pruned, None)
        return _Compiled(names, pruned, _relaxng(grammar_xml(pruned), self.path))

    def element_validator(self, compiled: _Compiled, name: QName) -> etree.RelaxNG | None:
        """A validator of a lone element named ``name`` (and its subtree)."""
        if name not in compiled.per_element:
            patterns = self.model.patterns_for(name)
            start = combined(Choice, list(patterns)) if patterns else NOT_ALLOWED
            pruned = prune(Grammar(start, self._grammar.defines), compiled.names)
            compiled.per_element[name] = (
                None if isinstance(pruned.start, NotAllowed) else _relaxng(grammar_xml(pruned), self.path))
        return compiled.per_element[name]

    # ------------------------------------------------------------ errors

    def _root_not_allowed(self, document: ParsedDocument) -> Diagnostic:
        root = document.root
        home = etree.QName(root).namespace or ""
        line, column = document.position(root)
        allowed = display_names(self.model.start_names(), home)
        return error(document.name, line, column, LAYER, "relaxng.element-not-allowed",
                     f"element '{display_name(qname(root), home)}' is not allowed as the document element",
                     f"the schema allows as document element: {cut(allowed)}")


# ---------------------------------------------------------------- helpers


def _relaxng(xml: bytes, path: Path) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.fromstring(xml))
    except etree.RelaxNGParseError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "cannot be compiled"
        raise SchemaError(f"{path}: {first}") from None


__all__ = ["HINT_NAMES", "LAYER", "RelaxNGSchema"]

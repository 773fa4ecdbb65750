"""Read a RELAX NG (XML syntax) schema into the simplified model of :mod:`rng_model`.

The simplification follows RELAX NG section 4 (ISO/IEC 19757-2 section 7): annotations
and foreign markup are dropped; ``datatypeLibrary`` and ``ns`` are inherited;
``include`` and ``externalRef`` are resolved; ``name`` attributes become name classes;
``optional``, ``zeroOrMore`` and ``mixed`` are expanded; defines and starts with the same
name are combined; nested grammars are flattened into one table of uniquely named defines
(``parentRef`` becomes a ``ref`` to the parent grammar's renamed define).

Only files inside the schema's own folder are ever read: an ``href`` that is a URL, an
absolute path or leads out of that folder is refused with :class:`SchemaError`, as is an
inclusion loop.  Nothing is fetched from the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from teitools.corpus import safe_parser
from teitools.errors import SchemaError
from teitools.validate.rng_model import (
    EMPTY,
    NOT_ALLOWED,
    TEXT,
    AnyName,
    Attribute,
    Choice,
    Data,
    Element,
    Grammar,
    Group,
    Interleave,
    ListPattern,
    Name,
    NameChoice,
    NameClass,
    NsName,
    OneOrMore,
    Pattern,
    Ref,
    Value,
    combined,
)

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_RNG = f"{{{RNG_NS}}}"


@dataclass(slots=True)
class _Context:
    """What a pattern inherits from its ancestors."""

    ns: str
    library: str
    scope: _Scope
    file: Path


@dataclass(slots=True)
class _Scope:
    """One ``grammar`` element: its defines and start, before combination."""

    number: int
    parent: _Scope | None
    starts: list[tuple[str | None, Pattern]] = field(default_factory=list)
    defines: dict[str, list[tuple[str | None, Pattern]]] = field(default_factory=dict)

    def qualified(self, name: str) -> str:
        """The name a define of this grammar gets in the flattened table."""
        return name if self.number == 0 else f"{name}.g{self.number}"


class GrammarReader:
    """Reads one schema file (and what it includes) into a :class:`Grammar`."""

    def __init__(self, path: Path) -> None:
        self._folder = path.resolve().parent
        self._scopes: list[_Scope] = []
        self._open: list[Path] = []
        self._refs: list[tuple[_Scope, str, str]] = []
        self._defines: dict[str, Pattern] = {}

    def read(self, path: Path) -> Grammar:
        root = self._load(path.resolve())
        top = self._new_scope(None)
        context = _inherit(root, _Context("", "", top, path.resolve()))
        if root.tag == f"{_RNG}grammar":
            self._grammar_contents(root, context)
            start = self._close_scope(top)
        else:
            start = self._pattern(root, _inherit(root, context))
            self._close_scope(top, need_start=False)
        for scope, name, where in self._refs:
            if scope.qualified(name) not in self._defines:
                raise SchemaError(f"{where}: reference to undefined pattern '{name}'")
        return Grammar(start, self._defines)

    # ------------------------------------------------------------ files

    def _load(self, path: Path) -> etree._Element:
        if path in self._open:
            raise SchemaError(f"{path}: includes itself (loop through {', '.join(p.name for p in self._open)})")
        try:
            root = etree.fromstring(path.read_bytes(), safe_parser(), base_url=path.as_uri())
        except OSError as exc:
            raise SchemaError(f"{path}: cannot be read ({exc})") from None
        except etree.XMLSyntaxError as exc:
            raise SchemaError(f"{path}: not well-formed XML ({exc})") from None
        if not isinstance(root.tag, str) or not root.tag.startswith(_RNG):
            raise SchemaError(f"{path}: not a RELAX NG schema in the XML syntax (root is {root.tag!r})")
        return root

    def _referenced_file(self, element: etree._Element, context: _Context) -> Path:
        href = (element.get("href") or "").strip()
        where = f"{context.file.name}:{element.sourceline}"
        tag = etree.QName(element).localname
        if not href:
            raise SchemaError(f"{where}: {tag} without href")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            raise SchemaError(f"{where}: {tag} of '{href}' refused: teitools reads no URLs, "
                              "only files in the schema's own folder")
        if parts.path.startswith("/"):
            raise SchemaError(f"{where}: {tag} of '{href}' refused: an absolute path leads out of "
                              f"the schema's folder {self._folder}")
        target = (context.file.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(self._folder):
            raise SchemaError(f"{where}: {tag} of '{href}' refused: it leads out of the schema's "
                              f"folder {self._folder}")
        if not target.is_file():
            raise SchemaError(f"{where}: {tag} of '{href}': no such file in {self._folder}")
        return target

    # ------------------------------------------------------------ grammars

    def _new_scope(self, parent: _Scope | None) -> _Scope:
        scope = _Scope(len(self._scopes), parent)
        self._scopes.append(scope)
        return scope

    def _close_scope(self, scope: _Scope, *, need_start: bool = True) -> Pattern:
        for name, parts in scope.defines.items():
            qualified = scope.qualified(name)
            if qualified in self._defines:
                raise SchemaError(f"define '{name}' of a nested grammar clashes with '{qualified}'")
            self._defines[qualified] = _combine(parts, f"define '{name}'")
        if not scope.starts:
            if need_start:
                raise SchemaError("a grammar has no start pattern")
            return NOT_ALLOWED
        return _combine(scope.starts, "start")

    def _grammar_contents(self, grammar: etree._Element, context: _Context,
                          overridden: tuple[set[str], bool] = (set(), False)) -> None:
        """Add the components of a ``grammar`` (or ``div``/``include``) to the scope."""
        names, start_overridden = overridden
        for child in _rng_children(grammar):
            kind = etree.QName(child).localname
            child_context = _inherit(child, context)
            if kind == "start":
                if not start_overridden:
                    context.scope.starts.append((child.get("combine"), self._group(child, child_context)))
            elif kind == "define":
                name = (child.get("name") or "").strip()
                if not name:
                    raise SchemaError(f"{context.file.name}:{child.sourceline}: define without a name")
                if name not in names:
                    context.scope.defines.setdefault(name, []).append(
                        (child.get("combine"), self._group(child, child_context)))
            elif kind == "div":
                self._grammar_contents(child, child_context, overridden)
            elif kind == "include":
                self._include(child, child_context, overridden)
            else:
                raise SchemaError(f"{context.file.name}:{child.sourceline}: '{kind}' is not allowed in a grammar")

    def _include(self, include: etree._Element, context: _Context,
                 overridden: tuple[set[str], bool]) -> None:
        target = self._referenced_file(include, context)
        root = self._load(target)
        if root.tag != f"{_RNG}grammar":
            raise SchemaError(f"{target}: an included schema must be a grammar")
        names = set(overridden[0])
        start_overridden = overridden[1]
        for child in _overrides(include):
            if etree.QName(child).localname == "start":
                start_overridden = True
            else:
                names.add((child.get("name") or "").strip())
        self._open.append(target)
        inner = _inherit(root, _Context(context.ns, "", context.scope, target))
        self._grammar_contents(root, inner, (names, start_overridden))
        self._open.pop()
        self._grammar_contents(include, context, overridden)

    # ------------------------------------------------------------ patterns

    def _group(self, parent: etree._Element, context: _Context) -> Pattern:
        children = _rng_children(parent)
        if not children:
            raise SchemaError(f"{context.file.name}:{parent.sourceline}: "
                              f"{etree.QName(parent).localname} has no pattern")
        return combined(Group, [self._pattern(child, _inherit(child, context)) for child in children])

    def _pattern(self, element: etree._Element, context: _Context) -> Pattern:
        kind = etree.QName(element).localname
        where = f"{context.file.name}:{element.sourceline}"
        if kind == "element":
            name_class, rest = self._named(element, context, attribute=False)
            if not rest:
                raise SchemaError(f"{where}: element pattern without content")
            return Element(name_class, combined(Group, [self._pattern(c, _inherit(c, context)) for c in rest]))
        if kind == "attribute":
            name_class, rest = self._named(element, context, attribute=True)
            content = self._pattern(rest[0], _inherit(rest[0], context)) if rest else TEXT
            return Attribute(name_class, content)
        if kind in ("group", "interleave", "choice"):
            items = [self._pattern(c, _inherit(c, context)) for c in _rng_children(element)]
            if not items:
                raise SchemaError(f"{where}: empty {kind}")
            return combined({"group": Group, "interleave": Interleave, "choice": Choice}[kind], items)
        if kind == "optional":
            return combined(Choice, [self._group(element, context), EMPTY])
        if kind == "zeroOrMore":
            return combined(Choice, [OneOrMore(self._group(element, context)), EMPTY])
        if kind == "oneOrMore":
            return OneOrMore(self._group(element, context))
        if kind == "mixed":
            return combined(Interleave, [self._group(element, context), TEXT])
        if kind == "list":
            return ListPattern(self._group(element, context))
        if kind in ("ref", "parentRef"):
            scope = context.scope if kind == "ref" else context.scope.parent
            if scope is None:
                raise SchemaError(f"{where}: parentRef outside a nested grammar")
            name = (element.get("name") or "").strip()
            self._refs.append((scope, name, where))
            return Ref(scope.qualified(name))
        if kind == "empty":
            return EMPTY
        if kind == "text":
            return TEXT
        if kind == "notAllowed":
            return NOT_ALLOWED
        if kind == "value":
            if element.get("type") is None:
                return Value("", "token", context.ns, element.text or "")
            return Value(context.library, element.get("type", "").strip(), context.ns, element.text or "")
        if kind == "data":
            params: list[tuple[str, str]] = []
            except_: Pattern | None = None
            for child in _rng_children(element):
                child_kind = etree.QName(child).localname
                if child_kind == "param":
                    params.append(((child.get("name") or "").strip(), child.text or ""))
                elif child_kind == "except":
                    except_ = combined(Choice, [self._pattern(c, _inherit(c, context)) for c in _rng_children(child)])
            return Data(context.library, (element.get("type") or "").strip(), tuple(params), except_)
        if kind == "externalRef":
            target = self._referenced_file(element, context)
            root = self._load(target)
            self._open.append(target)
            pattern = self._pattern(root, _inherit(root, _Context(context.ns, "", context.scope, target)))
            self._open.pop()
            return pattern
        if kind == "grammar":
            scope = self._new_scope(context.scope)
            self._grammar_contents(element, _Context(context.ns, context.library, scope, context.file))
            return self._close_scope(scope)
        raise SchemaError(f"{where}: '{kind}' is not a RELAX NG pattern")

    def _named(self, element: etree._Element, context: _Context, *,
               attribute: bool) -> tuple[NameClass, list[etree._Element]]:
        children = _rng_children(element)
        name = element.get("name")
        if name is not None:
            ns = element.get("ns", "") if attribute else context.ns
            return _qname(name.strip(), element, ns), children
        if not children:
            raise SchemaError(f"{context.file.name}:{element.sourceline}: "
                              f"{etree.QName(element).localname} without a name")
        return self._name_class(children[0], _inherit(children[0], context)), children[1:]

    def _name_class(self, element: etree._Element, context: _Context) -> NameClass:
        kind = etree.QName(element).localname
        if kind == "name":
            return _qname((element.text or "").strip(), element, context.ns)
        except_ = None
        for child in _rng_children(element):
            if etree.QName(child).localname == "except":
                options = [self._name_class(c, _inherit(c, context)) for c in _rng_children(child)]
                except_ = options[0] if len(options) == 1 else NameChoice(tuple(options))
        if kind == "anyName":
            return AnyName(except_)
        if kind == "nsName":
            return NsName(context.ns, except_)
        if kind == "choice":
            return NameChoice(tuple(self._name_class(c, _inherit(c, context)) for c in _rng_children(element)))
        raise SchemaError(f"{context.file.name}:{element.sourceline}: '{kind}' is not a name class")


def read_grammar(path: Path) -> Grammar:
    """The simplified grammar of a schema file, or :class:`SchemaError`."""
    return GrammarReader(path).read(path)


def _rng_children(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and c.tag.startswith(_RNG)]


def _overrides(include: etree._Element) -> list[etree._Element]:
    """The ``start`` and ``define`` children of an ``include`` (also inside its ``div``s)."""
    found: list[etree._Element] = []
    for child in _rng_children(include):
        kind = etree.QName(child).localname
        if kind in ("start", "define"):
            found.append(child)
        elif kind == "div":
            found.extend(_overrides(child))
    return found


def _inherit(element: etree._Element, context: _Context) -> _Context:
    ns = element.get("ns")
    library = element.get("datatypeLibrary")
    if ns is None and library is None:
        return context
    return _Context(context.ns if ns is None else ns, context.library if library is None else library,
                    context.scope, context.file)


def _qname(text: str, element: etree._Element, default_ns: str) -> Name:
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix == "xml":
            return Name("http://www.w3.org/XML/1998/namespace", local)
        uri = element.nsmap.get(prefix)
        if uri is None:
            raise SchemaError(f"line {element.sourceline}: undeclared prefix in name '{text}'")
        return Name(uri, local)
    return Name(default_ns, text)


def _combine(parts: list[tuple[str | None, Pattern]], what: str) -> Pattern:
    if len(parts) == 1:
        return parts[0][1]
    methods = {method for method, _ in parts if method is not None}
    bare = sum(1 for method, _ in parts if method is None)
    if len(methods) > 1 or bare > 1:
        raise SchemaError(f"{what} is defined several times with conflicting or missing combine attributes")
    kind = Interleave if methods == {"interleave"} else Choice
    return combined(kind, [pattern for _, pattern in parts])

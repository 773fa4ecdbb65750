"""ISO Schematron compiled to XSLT 3.0: the stylesheet that :mod:`schematron` runs.

``stylesheet_for`` turns a standalone schema (includes resolved, ODD constraints already
gathered, see :func:`teitools.validate.schematron.compile_schematron`) into one template
per pattern; each failed assertion or successful report becomes one ``finding`` record
carrying the document-order index of the element that holds the context node.  Functions
that would read the environment or run code built at run time are refused.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from teitools.errors import SchemaError

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XS_NS = "http://www.w3.org/2001/XMLSchema"
#: Namespace of the records the compiled stylesheet emits (and of its private names).
REPORT_NS = "urn:teitools:schematron-report"

_SUPPORTED_BINDINGS = {"", "xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"}
_RESERVED_PREFIXES = {"xsl", "xs", "tts"}
#: Functions that would let a schema read the environment of the process, or build and
#: run code the compiler has not seen (Saxon's extension namespace included).
_FORBIDDEN_FUNCTIONS = re.compile(
    r"\b(environment-variable|available-environment-variables|function-lookup|load-xquery-module|transform)"
    r"\s*(\(|#\d)|saxon\.sf\.net")

_S = f"{{{SCH_NS}}}"
_X = f"{{{XSL_NS}}}"
_R = f"{{{REPORT_NS}}}"


def stylesheet_for(root: etree._Element, phase: str | None = None) -> str:
    """The XSLT 3.0 text that checks documents against the standalone ``sch:schema``
    ``root`` (includes resolved) in ``phase``; ``root`` is changed on the way (give a copy).

    Anything the compiler cannot honour raises :class:`SchemaError` with a one-line reason.
    """
    _check_query_binding(root)
    if next(root.iter(f"{_S}include"), None) is not None:
        raise SchemaError("the schema has unresolved sch:include elements: read it with load_schematron()")
    _instantiate_abstract_patterns(root)
    abstract_rules = _abstract_rules(root)
    patterns, phase_lets = _active_patterns(root, phase)
    namespaces = _namespaces(root)
    stylesheet = etree.Element(f"{_X}stylesheet", nsmap={"xsl": XSL_NS, "xs": XS_NS, "tts": REPORT_NS, **namespaces})
    stylesheet.set("version", "3.0")
    stylesheet.set("exclude-result-prefixes", " ".join(["xs", *namespaces]) or "#default")
    etree.SubElement(stylesheet, f"{_X}output", method="xml", indent="no", encoding="UTF-8")
    for foreign in root:
        if foreign.tag in (f"{_X}key", f"{_X}function"):
            stylesheet.append(copy.deepcopy(foreign))
    for let in [*root.findall(f"{_S}let"), *phase_lets]:
        _append_variable(stylesheet, let)
    etree.SubElement(stylesheet, f"{_X}variable", name="tts:nodes", select="//(. | @*)")
    main = etree.SubElement(stylesheet, f"{_X}template", match="/")
    report = etree.SubElement(main, f"{_R}report")
    diagnostics = {d.get("id"): d for d in root.iter(f"{_S}diagnostic") if d.get("id")}
    for number, pattern in enumerate(patterns, start=1):
        etree.SubElement(report, f"{_X}call-template", name=f"tts:pattern-{number}")
        _compile_pattern(stylesheet, pattern, number, abstract_rules, diagnostics)
    _refuse_environment_access(stylesheet)
    return etree.tostring(stylesheet, encoding="unicode", pretty_print=True)

def _check_query_binding(root: etree._Element) -> None:
    binding = root.get("queryBinding", "").strip().lower()
    if binding not in _SUPPORTED_BINDINGS:
        raise SchemaError(f"queryBinding '{binding}' is not supported (use xslt2, xslt3 or xpath31)")
    for pattern in root.iter(f"{_S}pattern"):
        if pattern.get("documents") is not None:
            raise SchemaError(
                f"pattern '{pattern.get('id', '')}' has @documents: patterns that read other documents are refused")
    for extends in root.iter(f"{_S}extends"):
        if extends.get("href") is not None:
            raise SchemaError("sch:extends/@href (rules from other files) is not supported")

def _instantiate_abstract_patterns(root: etree._Element) -> None:
    abstract = {p.get("id"): p for p in root.findall(f"{_S}pattern") if p.get("abstract") == "true"}
    for pattern in root.findall(f"{_S}pattern"):
        base_id = pattern.get("is-a")
        if base_id is None:
            continue
        base = abstract.get(base_id)
        if base is None:
            raise SchemaError(f"pattern '{pattern.get('id', '')}' is-a '{base_id}', which is no abstract pattern")
        values = {p.get("name", ""): p.get("value", "") for p in pattern.findall(f"{_S}param")}
        instance = copy.deepcopy(base)
        for attribute in ("abstract", "id"):
            instance.attrib.pop(attribute, None)
        if pattern.get("id"):
            instance.set("id", pattern.get("id", ""))
        for element in instance.iter():
            for name in ("context", "test", "select", "path", "value", "subject"):
                if element.get(name) is not None:
                    element.set(name, _substitute_parameters(element.get(name, ""), values))
        instance.tail = pattern.tail
        root.replace(pattern, instance)
    for pattern in abstract.values():
        root.remove(pattern)


def _substitute_parameters(text: str, values: dict[str, str]) -> str:
    for name in sorted(values, key=len, reverse=True):
        text = re.sub(r"\$" + re.escape(name) + r"(?![\w.\-])", lambda _m, v=values[name]: v, text)
    return text


def _abstract_rules(root: etree._Element) -> dict[str, etree._Element]:
    rules = {}
    for rule in root.iter(f"{_S}rule"):
        if rule.get("abstract") == "true":
            if not rule.get("id"):
                raise SchemaError("an abstract rule has no @id")
            rules[rule.get("id", "")] = rule
    return rules


def _active_patterns(root: etree._Element, phase: str | None) -> tuple[list[etree._Element], list[etree._Element]]:
    patterns = root.findall(f"{_S}pattern")
    chosen = phase if phase is not None else root.get("defaultPhase")
    if chosen in (None, "#ALL", "#DEFAULT"):
        if chosen == "#DEFAULT" and root.get("defaultPhase"):
            chosen = root.get("defaultPhase")
        else:
            return patterns, []
    phases = {p.get("id"): p for p in root.findall(f"{_S}phase")}
    if chosen not in phases:
        known = ", ".join(sorted(k for k in phases if k)) or "none"
        raise SchemaError(f"phase '{chosen}' is not defined (phases: {known})")
    element = phases[chosen]
    active = [a.get("pattern") for a in element.findall(f"{_S}active")]
    by_id = {p.get("id"): p for p in patterns}
    missing = [name for name in active if name not in by_id]
    if missing:
        raise SchemaError(f"phase '{chosen}' activates unknown pattern(s): {', '.join(str(m) for m in missing)}")
    return [by_id[name] for name in active], element.findall(f"{_S}let")


def _namespaces(root: etree._Element) -> dict[str, str]:
    namespaces: dict[str, str] = {}
    for ns in root.findall(f"{_S}ns"):
        prefix, uri = ns.get("prefix", ""), ns.get("uri", "")
        if not re.fullmatch(r"[A-Za-z_][\w.\-]*", prefix) or not uri:
            raise SchemaError(f"sch:ns prefix='{prefix}' uri='{uri}' is not a usable namespace declaration")
        if prefix in _RESERVED_PREFIXES and uri != {"xsl": XSL_NS, "xs": XS_NS}.get(prefix):
            raise SchemaError(f"sch:ns prefix '{prefix}' is reserved by the compiler")
        if prefix in namespaces and namespaces[prefix] != uri:
            raise SchemaError(f"sch:ns prefix '{prefix}' is bound to two namespaces")
        namespaces[prefix] = uri
    return {p: u for p, u in namespaces.items() if p not in ("xsl", "xs")}


def _source(target: etree._Element, origin: etree._Element) -> etree._Element:
    """Record the schema line an XSLT element comes from (for compile errors)."""
    if origin.sourceline:
        target.set(f"{_R}line", str(origin.sourceline))
    return target


def _append_variable(parent: etree._Element, let: etree._Element, *, as_param: bool = False) -> None:
    name = let.get("name")
    if not name:
        raise SchemaError(f"sch:let without @name (schema line {let.sourceline})")
    if as_param:
        _source(etree.SubElement(parent, f"{_X}param", name=name, tunnel="yes"), let)
        return
    variable = _source(etree.SubElement(parent, f"{_X}variable", name=name), let)
    if let.get("value") is not None:
        variable.set("select", let.get("value", ""))
    else:
        variable.extend(copy.deepcopy(child) for child in let)


def _compile_pattern(stylesheet: etree._Element, pattern: etree._Element, number: int,
                     abstract_rules: dict[str, etree._Element], diagnostics: dict[str, etree._Element]) -> None:
    mode = f"tts:p{number}"
    lets = pattern.findall(f"{_S}let")
    entry = etree.SubElement(stylesheet, f"{_X}template", name=f"tts:pattern-{number}")
    for let in lets:
        _append_variable(entry, let)
    apply = etree.SubElement(entry, f"{_X}apply-templates", select="$tts:nodes", mode=mode)
    for let in lets:
        etree.SubElement(apply, f"{_X}with-param", name=let.get("name", ""), select=f"${let.get('name')}", tunnel="yes")
    etree.SubElement(stylesheet, f"{_X}mode", name=mode, **{"on-no-match": "deep-skip"})
    rules = [r for r in pattern.findall(f"{_S}rule") if r.get("abstract") != "true"]
    for position, rule in enumerate(rules):
        context = rule.get("context")
        if not context:
            raise SchemaError(f"a rule of pattern '{pattern.get('id', number)}' has no @context (line {rule.sourceline})")
        template = _source(etree.SubElement(stylesheet, f"{_X}template", match=context, mode=mode,
                                            priority=str(len(rules) - position)), rule)
        for let in lets:
            _append_variable(template, let, as_param=True)
        for item in _rule_body(rule, abstract_rules, set()):
            if item.tag == f"{_S}let":
                _append_variable(template, item)
            else:
                _compile_check(template, item, rule, pattern, diagnostics)


def _rule_body(rule: etree._Element, abstract_rules: dict[str, etree._Element], seen: set[str]) -> list[etree._Element]:
    body: list[etree._Element] = []
    for child in rule:
        if child.tag == f"{_S}extends":
            name = child.get("rule", "")
            if name not in abstract_rules:
                raise SchemaError(f"sch:extends rule='{name}': no abstract rule with that id")
            if name in seen:
                raise SchemaError(f"sch:extends rule='{name}': abstract rules extend each other in a cycle")
            body.extend(_rule_body(abstract_rules[name], abstract_rules, seen | {name}))
        elif child.tag in (f"{_S}let", f"{_S}assert", f"{_S}report"):
            body.append(child)
    return body


def _compile_check(template: etree._Element, check: etree._Element, rule: etree._Element,
                   pattern: etree._Element, diagnostics: dict[str, etree._Element]) -> None:
    test = check.get("test")
    if not test:
        raise SchemaError(f"sch:{etree.QName(check).localname} without @test (line {check.sourceline})")
    is_assert = check.tag == f"{_S}assert"
    condition = _source(etree.SubElement(template, f"{_X}if", test=f"not({test})" if is_assert else f"({test})"), check)
    finding = etree.SubElement(condition, f"{_R}finding")
    finding.set("kind", "assert" if is_assert else "report")
    finding.set("id", check.get("id") or rule.get("id") or pattern.get("id") or "")
    finding.set("role", check.get("role") or rule.get("role") or check.get("flag") or rule.get("flag") or "")
    finding.set("test", test)
    finding.set("context", rule.get("context", ""))
    subject = check.get("subject") or rule.get("subject")
    anchor = f"(({subject})[1], .)[1]" if subject else "."
    _source(etree.SubElement(finding, f"{_X}attribute", name="index",
                             select=f"let $n := {anchor}, $e := ($n/ancestor-or-self::*[1], root($n)/*[1])[1] "
                                    "return count($e/preceding::*) + count($e/ancestor::*)"), check)
    etree.SubElement(finding, f"{_X}attribute", name="location", select="path()")
    text = etree.SubElement(finding, f"{_R}text")
    _message_content(text, check)
    for name in check.get("diagnostics", "").split():
        if name not in diagnostics:
            raise SchemaError(f"diagnostics='{name}' (line {check.sourceline}): no sch:diagnostic with that id")
        record = etree.SubElement(finding, f"{_R}diagnostic", id=name)
        _message_content(record, diagnostics[name])


def _message_content(target: etree._Element, source: etree._Element) -> None:
    """Copy the text of an assertion, turning ``name`` and ``value-of`` into XSLT."""
    if source.text:
        etree.SubElement(target, f"{_X}text").text = source.text
    for child in source:
        if child.tag == f"{_S}value-of":
            _source(etree.SubElement(target, f"{_X}value-of", select=child.get("select", "''")), child)
        elif child.tag == f"{_S}name":
            path = child.get("path")
            _source(etree.SubElement(target, f"{_X}value-of", select=f"name({path})" if path else "name()"), child)
        elif isinstance(child.tag, str):
            _message_content(target, child)
        if child.tail:
            etree.SubElement(target, f"{_X}text").text = child.tail


def _refuse_environment_access(stylesheet: etree._Element) -> None:
    """Refuse expressions that read the process environment or evaluate built code."""
    for element in stylesheet.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == f"{_X}evaluate":
            raise SchemaError("xsl:evaluate in a Schematron is refused")
        texts = [value for name, value in element.attrib.items() if name != f"{_R}line"]
        texts.append(element.text or "")
        for value in texts:
            if _FORBIDDEN_FUNCTIONS.search(value):
                line = element.get(f"{_R}line", "?")
                raise SchemaError(f"line {line}: the expression '{' '.join(value.split())}' uses a function "
                                  "that reads the environment or evaluates code built at run time, which is refused")
    for uri in stylesheet.nsmap.values():
        if "saxon.sf.net" in uri:
            raise SchemaError("Saxon extension functions are refused in a Schematron")
